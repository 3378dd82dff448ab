//! Error branches the flow language requires or forbids, and conditions Store customer input
//! cannot have.

use super::{Findings, Input, RuleId};
use crate::flow::model::{EdgeKind, Op};

pub(super) fn check(input: &Input, out: &mut Findings) {
    if !input.is_flow_language() {
        return;
    }
    for node in &input.flow.nodes {
        let has = |t: &str| node.error_types().any(|e| e == t);
        let (required, rule) = match node.type_name.as_str() {
            "GetParticipantInput" | "InvokeLambdaFunction" => ("NoMatchingError", RuleId::ErrorBranchMissing),
            "UpdateContactAttributes" | "MessageParticipant" => ("NoMatchingError", RuleId::ErrorBranchMissingWarning),
            "Compare" => ("NoMatchingCondition", RuleId::ErrorBranchMissingWarning),
            "UpdateFlowLoggingBehavior" => {
                if node.error_types().next().is_some() {
                    out.at(
                        node,
                        RuleId::LogHasErrors,
                        format!("{} has error branches, but Set logging behavior defines no errors and the import rejects them.", node.label()),
                        "Remove the Errors entries; keep only NextAction.".into(),
                    );
                }
                continue;
            }
            _ => continue,
        };
        if !has(required) {
            let why = if rule == RuleId::ErrorBranchMissing {
                " If it fails, the contact has nowhere to go, and on a secure-capture path that also skips turning logging back on."
            } else {
                ""
            };
            out.at(
                node,
                rule,
                format!("{} has no “{required}” error branch.{why}", node.label()),
                format!("Add an Errors entry with ErrorType “{required}” leading to an error-handling block."),
            );
        }
        if let Op::Capture(c) = &node.op {
            if c.store && node.edges.iter().any(|e| e.kind == EdgeKind::Condition) {
                out.at(
                    node,
                    RuleId::StoreConditions,
                    format!("{} stores customer input but has condition branches; in store mode the block has no result to compare, only Success and errors.", node.label()),
                    "Remove the Conditions. To react to the entered value, pass $.StoredCustomerInput to the decrypt Lambda and compare its $.External answer.".into(),
                );
            }
        }
    }
}

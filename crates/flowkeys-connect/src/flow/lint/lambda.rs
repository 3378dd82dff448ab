//! Lambda invocation settings: the time limit (Connect waits 1 to 8 seconds) and the response
//! type.

use super::{Findings, Input, RuleId};
use crate::flow::model::Op;
use crate::flow::MAX_LAMBDA_SECONDS;

pub(super) fn check(input: &Input, out: &mut Findings) {
    let name = if input.is_flow_language() { "InvocationTimeLimitSeconds" } else { "TimeLimit" };
    for node in &input.flow.nodes {
        let Op::InvokeLambda(call) = &node.op else {
            continue;
        };
        if let Some(limit) = call.timeout.as_deref().map(str::trim) {
            let ok = limit.parse::<u8>().is_ok_and(|n| (1..=MAX_LAMBDA_SECONDS).contains(&n));
            if !ok {
                out.at(
                    node,
                    RuleId::LambdaTimeout,
                    format!("{} has {name} “{limit}”; Connect waits 1 to {MAX_LAMBDA_SECONDS} seconds for a Lambda, written as a whole number.", node.label()),
                    format!("Set {name} to a whole number from 1 to {MAX_LAMBDA_SECONDS}; a decrypt Lambda with a cold start needs the upper end."),
                );
            }
        }
        if call.response_validation == Some(false) {
            out.at(
                node,
                RuleId::LambdaResponseValidation,
                format!("{} does not set ResponseValidation, so Connect expects a flat object of strings (STRING_MAP).", node.label()),
                "Set ResponseValidation → ResponseType explicitly: STRING_MAP for a flat answer such as the decrypt Lambda's, JSON for nested data.".into(),
            );
        }
    }
}

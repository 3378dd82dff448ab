//! Set logging behavior values that Connect does not accept.

use super::{Findings, Input, RuleId};
use crate::flow::model::{Logging, Op};

pub(super) fn check(input: &Input, out: &mut Findings) {
    for node in &input.flow.nodes {
        let Op::SetLogging(Logging::Invalid(found)) = &node.op else {
            continue;
        };
        let expected = if input.is_flow_language() {
            "FlowLoggingBehavior set to exactly \"Enabled\" or \"Disabled\" (Enable/Disable are the older export's spellings)"
        } else {
            "LoggingBehavior set to \"Enable\" or \"Disable\""
        };
        out.at(
            node,
            RuleId::LogValue,
            format!("In {}, {found}. Connect accepts only {expected}; the path analysis treats logging as unknown after this block.", node.label()),
            format!("Use {expected}."),
        );
    }
}

//! Size limits of the flow language: 250 actions, 256,000 characters of content.

use super::{Findings, Input, RuleId};
use crate::flow::{MAX_ACTIONS, MAX_CONTENT_CHARS};

pub(super) fn check(input: &Input, out: &mut Findings) {
    if !input.is_flow_language() {
        return;
    }
    let actions = input.flow.nodes.len();
    if actions > MAX_ACTIONS {
        out.flow(
            RuleId::TooManyActions,
            format!("The flow has {actions} actions; Connect allows at most {MAX_ACTIONS} per flow."),
            "Split the flow, for example by moving a part into a flow module or a separate flow reached with Transfer to flow.".into(),
        );
    }
    let chars = input.flow.content_chars;
    if chars > MAX_CONTENT_CHARS {
        out.flow(
            RuleId::ContentTooLarge,
            format!("The flow JSON is {chars} characters long; CreateContactFlow and UpdateContactFlowContent accept at most {MAX_CONTENT_CHARS}."),
            "Remove unused blocks, shorten long prompt texts, or split the flow.".into(),
        );
    }
}

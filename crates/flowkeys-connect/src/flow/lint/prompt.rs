//! Prompts that speak a sensitive value while logging may be on: prompt text is logged with the
//! reference filled in.

use super::{Findings, Input, RuleId};
use crate::flow::dataflow::{merge_captures, sensitive_refs, LOG_ON, LOG_UNKNOWN};

pub(super) fn check(input: &Input, out: &mut Findings) {
    for (node, state) in input.reached() {
        let Some(text) = node.spoken_text() else {
            continue;
        };
        let refs = sensitive_refs(input.flow, text, state);
        let Some(worst) = refs.first() else {
            continue;
        };
        let origins = merge_captures(&refs).into_keys().collect::<Vec<_>>();
        let logging = if state.logging & LOG_ON != 0 {
            "flow logging is on"
        } else if state.logging & LOG_UNKNOWN != 0 {
            "flow logging is inherited from the calling flow (often on)"
        } else {
            continue;
        };
        out.about(
            node,
            origins,
            RuleId::PromptSpeaksSecret,
            format!("{} speaks {} ({}) while {logging}, on at least one path. The prompt text is written to the flow log with the value filled in.", node.label(), worst.text, worst.origin),
            "Play this prompt only while logging is disabled, or do not read the value back at all.".into(),
        );
    }
}

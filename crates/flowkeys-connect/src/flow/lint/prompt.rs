//! Prompts that speak a sensitive value while logging may be on: prompt text is logged with the
//! reference filled in.

use super::{Findings, Input, RuleId};
use crate::flow::dataflow::{sensitive_refs, LOG_ON, LOG_UNKNOWN};

pub(super) fn check(input: &Input, out: &mut Findings) {
    for (node, state) in input.reached() {
        let Some(text) = node.spoken_text() else {
            continue;
        };
        let Some(worst) = sensitive_refs(text, state).into_iter().next() else {
            continue;
        };
        let logging = if state.logging & LOG_ON != 0 {
            "flow logging is on"
        } else if state.logging & LOG_UNKNOWN != 0 {
            "flow logging is inherited from the calling flow (often on)"
        } else {
            continue;
        };
        out.at(
            node,
            RuleId::PromptSpeaksSecret,
            format!("{} speaks {} ({}) while {logging}, on at least one path. The prompt text is written to the flow log with the value filled in.", node.label(), worst.text, worst.origin),
            "Play this prompt only while logging is disabled, or do not read the value back at all.".into(),
        );
    }
}

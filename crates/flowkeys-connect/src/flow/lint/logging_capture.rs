//! Flow logging on (or inherited, hence unknown) where sensitive input is captured or handed to
//! a Lambda. Flow logs record block parameters and Lambda inputs and outputs in CloudWatch.

use super::{Findings, Input, RuleId};
use crate::flow::dataflow::{lambda_receives_sensitive, merge_captures, LOG_ON, LOG_UNKNOWN};
use crate::flow::model::Op;

pub(super) fn check(input: &Input, out: &mut Findings) {
    for (node, state) in input.reached() {
        let (what, origins): (String, Vec<usize>) = match &node.op {
            Op::Capture(c) if c.store => ("captures customer input".to_owned(), vec![node.index]),
            Op::InvokeLambda(call) => {
                let refs = lambda_receives_sensitive(input.flow, &call.inputs, state);
                match refs.first() {
                    Some(r) => (
                        format!("sends {} ({}) to a Lambda", r.text, r.origin),
                        merge_captures(&refs).into_keys().collect(),
                    ),
                    None => continue,
                }
            }
            _ => continue,
        };
        let fix = "Put Set logging behavior → Disabled before this block on every path to it, and Set logging behavior → Enabled after the sensitive part.".to_owned();
        if state.logging & LOG_ON != 0 {
            out.about(
                node,
                origins,
                RuleId::LogOnDuringCapture,
                format!("{} {what} while flow logging is on: on at least one path from the start, the last Set logging behavior before it is Enabled. Flow logs record block parameters and Lambda inputs and outputs in CloudWatch.", node.label()),
                fix,
            );
        } else if state.logging & LOG_UNKNOWN != 0 {
            out.about(
                node,
                origins,
                RuleId::LogUnknownDuringCapture,
                format!("{} {what} with no Set logging behavior before it on at least one path, so logging is whatever the calling flow set (often Enabled). Flow logs record block parameters and Lambda inputs and outputs in CloudWatch.", node.label()),
                fix,
            );
        }
    }
}

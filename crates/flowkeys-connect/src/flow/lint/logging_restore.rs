//! Logging switched off and never switched back on before a transfer or the end. The setting
//! carries into the next flow, which then runs unlogged.

use super::{Findings, Input, RuleId};
use crate::flow::dataflow::LOG_OFF;
use crate::flow::model::Op;

pub(super) fn check(input: &Input, out: &mut Findings) {
    for (node, state) in input.reached() {
        let is_exit = match node.op {
            Op::Transfer | Op::End => true,
            Op::Other => node.edges.is_empty(),
            _ => false,
        };
        if !is_exit || state.logging & LOG_OFF == 0 {
            continue;
        }
        let place = if matches!(node.op, Op::Transfer) { "a transfer" } else { "the end of the flow" };
        out.at(
            node,
            RuleId::LogNotRestored,
            format!("{} is {place}, reached with flow logging still disabled on at least one path. The setting carries into whatever runs next, which then goes unlogged.", node.label()),
            "Add Set logging behavior → Enabled after the sensitive part on every path (error branches included) before this block.".into(),
        );
    }
}

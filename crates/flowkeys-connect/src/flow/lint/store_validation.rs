//! Input validation of Store customer input: required in store mode, with a usable maximum.

use super::{Findings, Input, RuleId};
use crate::flow::model::{Op, Validation};
use crate::flow::MAX_STORED_DIGITS;

pub(super) fn check(input: &Input, out: &mut Findings) {
    for node in &input.flow.nodes {
        let Op::Capture(c) = &node.op else { continue };
        if !c.store {
            continue;
        }
        // The touch-tone buffer form (EnableDTMFBuffer "false") stores what was typed earlier
        // and is documented without InputValidation.
        if input.is_flow_language() && c.validation == Validation::None && !c.buffer {
            out.at(
                node,
                RuleId::StoreValidationMissing,
                format!(
                    "{} stores customer input without InputValidation, which is required when StoreInput is True.",
                    node.label()
                ),
                "Add InputValidation → CustomValidation → MaximumLength (needed for encryption as well).".into(),
            );
        }
        if c.validation != Validation::Custom {
            continue;
        }
        let problem = match c.max_length.as_deref().map(str::trim) {
            None => Some("has no maximum length".to_owned()),
            Some(text) => match text.parse::<u32>() {
                Ok(n) if (1..=u32::from(MAX_STORED_DIGITS)).contains(&n) => None,
                Ok(n) => Some(format!("allows {n} digits")),
                Err(_) => Some(format!("has maximum length “{text}”, which is not a whole number")),
            },
        };
        if let Some(problem) = problem {
            out.at(
                node,
                RuleId::StoreMaxLength,
                format!(
                    "{} {problem}; the console accepts 1 to {MAX_STORED_DIGITS} digits (card numbers have at most 19).",
                    node.label()
                ),
                format!("Set CustomValidation.MaximumLength to a number from 1 to {MAX_STORED_DIGITS}."),
            );
        }
    }
}

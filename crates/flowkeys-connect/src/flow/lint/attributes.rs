//! Sensitive values written into contact attributes.
//!
//! Contact attributes are stored in contact records (kept 24 months), can be made searchable,
//! appear on the agent's screen and are sent to every later Lambda. Decrypted (or never
//! encrypted) input there is an error; ciphertext is a warning.

use super::{Findings, Input, RuleId};
use crate::flow::dataflow::{sensitive_refs, Level};
use crate::flow::model::Op;

pub(super) fn check(input: &Input, out: &mut Findings) {
    for (node, state) in input.reached() {
        let Op::SetAttributes(writes) = &node.op else {
            continue;
        };
        for write in writes {
            let Some(worst) = sensitive_refs(&write.value, state).into_iter().next() else {
                continue;
            };
            let message = format!(
                "{} copies {} ({}) into the contact attribute “{}”. Contact attributes are kept in contact records, can be searchable in Contact search, appear on the agent's screen and are sent to every later Lambda.",
                node.label(),
                worst.text,
                worst.origin,
                write.key
            );
            match worst.level {
                Level::Plaintext => out.at(
                    node,
                    RuleId::AttrPlaintext,
                    message,
                    "Remove this attribute. Read the Lambda's answer directly as $.External.… where it is needed, and have the Lambda return only what the flow needs (a status or a masked value).".into(),
                ),
                Level::Ciphertext => out.at(
                    node,
                    RuleId::AttrCiphertext,
                    message,
                    "Remove this attribute and pass $.StoredCustomerInput straight to the decrypt Lambda as a parameter. Even encrypted, a copy in every contact record can be decrypted by anyone who ever obtains the private key.".into(),
                ),
            }
        }
    }
}

//! Secret values written into contact attributes.
//!
//! Contact attributes are stored in contact records (kept 24 months), can be made searchable,
//! appear on the agent's screen and are sent to every later Lambda in
//! `Details.ContactData.Attributes`. A secret there is an error whether it is decrypted (or
//! never encrypted) or still ciphertext: the ciphertext copy lives as long as the contact
//! record and opens to anyone who ever obtains the private key.

use std::collections::BTreeSet;

use super::{Findings, Input, RuleId};
use crate::flow::dataflow::{names, node_name, sensitive_refs, Level};
use crate::flow::model::{Node, Op};

pub(super) fn check(input: &Input, out: &mut Findings) {
    for (node, state) in input.reached() {
        let Op::SetAttributes(writes) = &node.op else {
            continue;
        };
        for write in writes {
            let refs = sensitive_refs(input.flow, &write.value, state);
            let Some(worst) = refs.first() else {
                continue;
            };
            let lambdas = later_lambdas(input, node, &write.key);
            let reach = if lambdas.is_empty() {
                String::new()
            } else {
                format!(" From here it reaches the Lambda {} in ContactData.Attributes.", names(&lambdas))
            };
            let message = format!(
                "{} copies {} ({}) into the contact attribute “{}”. Contact attributes are kept in contact records, can be searchable in Contact search, appear on the agent's screen and are sent to every later Lambda.{reach}",
                node.label(),
                worst.text,
                worst.origin,
                write.key
            );
            let origins: BTreeSet<usize> = refs.iter().flat_map(|r| r.captures.keys().copied()).collect();
            match worst.level {
                Level::Plaintext => out.about(
                    node,
                    origins,
                    RuleId::AttrPlaintext,
                    message,
                    "Remove this attribute. Read the Lambda's answer directly as $.External.… where it is needed, and have the Lambda return only what the flow needs (a status or a masked value).".into(),
                ),
                Level::Ciphertext => out.about(
                    node,
                    origins,
                    RuleId::AttrCiphertext,
                    message,
                    "Remove this attribute and pass $.StoredCustomerInput straight to the decrypt Lambda as a parameter. Even encrypted, a copy in every contact record can be decrypted by anyone who ever obtains the private key.".into(),
                ),
            }
        }
    }
}

/// Lambdas that run while the attribute `key` still holds the copy made by `setter`.
fn later_lambdas(input: &Input, setter: &Node, key: &str) -> BTreeSet<String> {
    input
        .reached()
        .filter(|(n, state)| {
            matches!(n.op, Op::InvokeLambda(_))
                && state.attributes.get(key).is_some_and(|t| t.sources.contains(&setter.index))
        })
        .map(|(n, _)| node_name(input.flow, n.index))
        .collect()
}

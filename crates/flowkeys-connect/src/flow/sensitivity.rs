//! Whether each Store customer input block holds a secret, judged from evidence.
//!
//! Not every stored input is a card number: an extension, a callback number or a payment
//! amount goes through the same block. Treating all of them as secrets buried real findings in
//! noise, so each block is judged from what the flow itself says about it:
//!
//! * encryption switched on (the admin's own statement that the value is secret);
//! * the prompt text ("card number", "security code", "PIN", … or "extension", "amount", …);
//! * the maximum length (13 to 19 digits is as long as a card number; 3–4 digits after a
//!   card-number capture is a security code; 20, the console's maximum, says nothing);
//! * phone-number validation (a phone number);
//! * the names of the contact attributes and Lambda parameters it is copied to, and of the
//!   Lambda functions it is passed to.
//!
//! Strong evidence (encryption, words in prompts and names) outweighs the maximum length, and
//! evidence of a secret outweighs evidence of a harmless value. With no evidence at all the
//! block is "unknown", which the admin can settle per run with an override.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::dataflow::{sensitive_refs, Analysis};
use super::graph::Graph;
use super::model::{FlowModel, Op, Validation};

/// How sensitive the value of a Store customer input block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// A secret (card data, PIN, account number…): encryption, attribute and logging rules
    /// apply at error level.
    Secret,
    /// Nothing shows either way: one warning asks the admin to say which.
    Unknown,
    /// Evidently harmless (extension, menu choice, amount, phone number): secret-handling rules
    /// do not apply.
    NotSecret,
}

/// The judgement on one Store customer input block, for reports and the console's per-block
/// toggle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredInput {
    /// The block's Identifier (what `--secret` / `--not-secret` take).
    pub action_id: Option<String>,
    /// The verdict.
    pub sensitivity: Sensitivity,
    /// Whether the verdict comes from an override rather than the evidence.
    pub overridden: bool,
    /// What the verdict rests on, in plain words ("the prompt says “card number”", …).
    pub evidence: Vec<String>,
}

impl StoredInput {
    /// One line for findings: "treated as secret: the prompt says “card number”; up to 16 digits".
    pub fn summary(&self) -> String {
        let word = match self.sensitivity {
            Sensitivity::Secret => "treated as secret",
            Sensitivity::Unknown => "sensitivity unknown",
            Sensitivity::NotSecret => "treated as not secret",
        };
        if self.evidence.is_empty() {
            format!("{word}: no evidence either way")
        } else {
            format!("{word}: {}", self.evidence.join("; "))
        }
    }
}

/// Internal judgement: the public part plus whether the evidence speaks of card data.
#[derive(Clone, Debug)]
pub(crate) struct Judgement {
    pub input: StoredInput,
    /// Card data specifically (for the headline "Leaks card data").
    pub card: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Weight {
    Weak,
    Strong,
}

#[derive(Default)]
struct Clues {
    secret: Vec<(Weight, String)>,
    harmless: Vec<(Weight, String)>,
    card: bool,
}

impl Clues {
    fn secret(&mut self, weight: Weight, text: String) {
        if !self.secret.iter().any(|(_, t)| *t == text) {
            self.secret.push((weight, text));
        }
    }
    fn harmless(&mut self, weight: Weight, text: String) {
        if !self.harmless.iter().any(|(_, t)| *t == text) {
            self.harmless.push((weight, text));
        }
    }
    fn strongest(list: &[(Weight, String)]) -> Option<Weight> {
        list.iter().map(|(w, _)| *w).max()
    }
}

/// Phrases in prompt text that mark a secret, most specific first, and whether they mean card
/// data.
const SECRET_PHRASES: &[(&str, bool)] = &[
    ("credit card", true),
    ("debit card", true),
    ("card number", true),
    ("security code", true),
    ("cvv", true),
    ("cvv2", true),
    ("cvc", true),
    ("cv2", true),
    ("expiry date", true),
    ("expiration date", true),
    ("expiry", true),
    ("expiration", true),
    ("card", true),
    ("pin number", false),
    ("pin", false),
    ("passcode", false),
    ("password", false),
    ("account number", false),
    ("routing number", false),
    ("sort code", false),
    ("iban", false),
    ("social security", false),
    ("ssn", false),
    ("date of birth", false),
    ("birth date", false),
    ("national insurance", false),
    ("tax id", false),
];

/// Phrases in prompt text that mark an evidently harmless value.
const HARMLESS_PHRASES: &[&str] = &[
    "extension",
    "phone number",
    "telephone number",
    "mobile number",
    "callback",
    "call back",
    "called back",
    "amount",
    "how much",
    "how many",
    "menu",
    "option",
    "zip code",
    "postal code",
    "post code",
    "postcode",
    "order number",
    "case number",
    "ticket number",
    "reference number",
    "confirmation number",
    "tracking number",
    "claim number",
];

/// Words in attribute, parameter and function names that mark a secret (card data when true).
const SECRET_WORDS: &[(&str, bool)] = &[
    ("card", true),
    ("creditcard", true),
    ("cc", true),
    ("ccn", true),
    ("pan", true),
    ("cvv", true),
    ("cvv2", true),
    ("cvc", true),
    ("cvc2", true),
    ("csc", true),
    ("expiry", true),
    ("payment", true),
    ("pci", true),
    ("encrypted", false),
    ("decrypt", false),
    ("pin", false),
    ("password", false),
    ("passcode", false),
    ("ssn", false),
    ("iban", false),
    ("routing", false),
    ("dob", false),
    ("secret", false),
];

/// Words in names that mark an evidently harmless value.
const HARMLESS_WORDS: &[&str] = &[
    "extension",
    "ext",
    "phone",
    "telephone",
    "mobile",
    "callback",
    "amount",
    "menu",
    "choice",
    "option",
    "selection",
    "zip",
    "zipcode",
    "postcode",
    "quantity",
    "language",
];

/// Lowercase words of a text, padded with spaces so phrases match whole words only.
fn words_of_text(text: &str) -> String {
    let mut out = String::from(" ");
    let mut last_space = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    if !last_space {
        out.push(' ');
    }
    out
}

/// Words of an identifier: `EncryptedCreditCard` → encrypted, credit, card; `cc_number` → cc,
/// number.
fn words_of_name(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Looks at prompt text.
fn prompt_clues(prompt: &str, clues: &mut Clues) {
    let text = words_of_text(prompt);
    if let Some((phrase, card)) = SECRET_PHRASES.iter().find(|(p, _)| text.contains(&format!(" {p} "))) {
        clues.secret(Weight::Strong, format!("the prompt says “{phrase}”"));
        clues.card |= card;
    }
    if let Some(phrase) = HARMLESS_PHRASES.iter().find(|p| text.contains(&format!(" {p} "))) {
        clues.harmless(Weight::Strong, format!("the prompt says “{phrase}”"));
    }
}

/// Looks at a name the value is given elsewhere (`what` says where, e.g. "the contact
/// attribute").
fn name_clues(what: &str, name: &str, clues: &mut Clues) {
    let words = words_of_name(name);
    let secret = SECRET_WORDS.iter().find(|(w, _)| words.iter().any(|x| x == w));
    let account_number = words
        .windows(2)
        .any(|p| matches!(p, [a, b] if (a == "account" || a == "acct") && (b == "number" || b == "no" || b == "num")));
    if let Some((_, card)) = secret {
        clues.secret(Weight::Strong, format!("{what} “{name}”"));
        clues.card |= card;
    } else if account_number {
        clues.secret(Weight::Strong, format!("{what} “{name}”"));
    } else if HARMLESS_WORDS.iter().any(|w| words.iter().any(|x| x == w)) {
        clues.harmless(Weight::Strong, format!("{what} “{name}”"));
    }
}

/// The function name of a Lambda ARN (or the text itself when it is a bare name).
fn function_name(arn: &str) -> &str {
    match arn.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
        None => arn,
    }
}

/// Judges every Store customer input block of the flow. `overrides` maps action identifiers to
/// "secret" (true) or "not secret" (false).
pub(crate) fn judge(
    flow: &FlowModel,
    graph: &Graph,
    analysis: &Analysis,
    overrides: &BTreeMap<String, bool>,
) -> BTreeMap<usize, Judgement> {
    let mut clues: BTreeMap<usize, Clues> = BTreeMap::new();
    let mut lengths: BTreeMap<usize, u32> = BTreeMap::new();
    for node in &flow.nodes {
        let Op::Capture(c) = &node.op else { continue };
        if !c.store {
            continue;
        }
        let mut k = Clues::default();
        if c.encryption.is_some() {
            k.secret(Weight::Strong, "encryption is on".into());
        }
        if let Some(prompt) = &c.prompt {
            prompt_clues(prompt, &mut k);
        }
        if c.validation == Validation::Phone {
            k.harmless(Weight::Strong, "it is validated as a phone number".into());
        }
        if let Some(n) = c.max_length.as_deref().and_then(|m| m.trim().parse::<u32>().ok()) {
            lengths.insert(node.index, n);
            // Card numbers have 13 to 19 digits. 20 is the console's own maximum, a common
            // "any length" choice, so it says nothing by itself.
            if (13..=19).contains(&n) {
                k.secret(Weight::Weak, format!("up to {n} digits, as long as a card number"));
                k.card = true;
            } else if n == 1 {
                k.harmless(Weight::Weak, "a single digit, like a menu choice".into());
            }
        }
        clues.insert(node.index, k);
    }
    // Where the value goes: attribute names, Lambda parameter names and function names.
    for (i, node) in flow.nodes.iter().enumerate() {
        let Some(Some(state)) = analysis.states.get(i) else {
            continue;
        };
        match &node.op {
            Op::SetAttributes(writes) => {
                for w in writes {
                    for r in sensitive_refs(flow, &w.value, state) {
                        for origin in r.captures.keys() {
                            if let Some(k) = clues.get_mut(origin) {
                                name_clues("it is copied to the contact attribute", &w.key, k);
                            }
                        }
                    }
                }
            }
            Op::InvokeLambda(call) => {
                for (param, value) in &call.inputs {
                    for r in sensitive_refs(flow, value, state) {
                        for origin in r.captures.keys() {
                            let Some(k) = clues.get_mut(origin) else {
                                continue;
                            };
                            name_clues("it is passed to a Lambda as", param, k);
                            if let Some(f) = &call.function {
                                name_clues("it is passed to the Lambda", function_name(f), k);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // A 3–4 digit capture reachable from a card-number capture is a security code.
    let card_blocks: Vec<usize> =
        clues.iter().filter(|(_, k)| k.card && Clues::strongest(&k.secret).is_some()).map(|(i, _)| *i).collect();
    for (&i, &n) in &lengths {
        if !(3..=4).contains(&n) {
            continue;
        }
        let after_card = card_blocks.iter().any(|&c| c != i && reaches(graph, c, i));
        if let (true, Some(k)) = (after_card, clues.get_mut(&i)) {
            k.secret(Weight::Weak, format!("{n} digits after a card-number capture, like a security code"));
            k.card = true;
        }
    }

    clues
        .into_iter()
        .map(|(i, k)| {
            let id = flow.nodes.get(i).and_then(|n| n.id.clone());
            let secret = Clues::strongest(&k.secret);
            let harmless = Clues::strongest(&k.harmless);
            let by_evidence = match (secret, harmless) {
                (Some(Weight::Strong), _) => Sensitivity::Secret,
                (_, Some(Weight::Strong)) => Sensitivity::NotSecret,
                (Some(Weight::Weak), _) => Sensitivity::Secret,
                (None, Some(Weight::Weak)) => Sensitivity::NotSecret,
                (None, None) => Sensitivity::Unknown,
            };
            // Evidence for the verdict first, then what spoke against it.
            let (mut evidence, against): (Vec<String>, Vec<String>) = match by_evidence {
                Sensitivity::NotSecret => (
                    k.harmless.iter().map(|(_, t)| t.clone()).collect(),
                    k.secret.iter().map(|(_, t)| t.clone()).collect(),
                ),
                _ => (
                    k.secret.iter().map(|(_, t)| t.clone()).collect(),
                    k.harmless.iter().map(|(_, t)| t.clone()).collect(),
                ),
            };
            evidence.extend(against.into_iter().map(|t| format!("although {t}")));
            let overridden = id.as_ref().and_then(|id| overrides.get(id)).copied();
            let sensitivity = match overridden {
                Some(true) => {
                    evidence.insert(0, "marked secret for this run".into());
                    Sensitivity::Secret
                }
                Some(false) => {
                    evidence.insert(0, "marked not secret for this run".into());
                    Sensitivity::NotSecret
                }
                None => by_evidence,
            };
            (
                i,
                Judgement {
                    input: StoredInput { action_id: id, sensitivity, overridden: overridden.is_some(), evidence },
                    card: k.card,
                },
            )
        })
        .collect()
}

/// Whether `to` can run after `from` (some path of one or more steps).
fn reaches(graph: &Graph, from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<usize> = graph.successors.get(from).cloned().unwrap_or_default();
    while let Some(i) = stack.pop() {
        if i == to {
            return true;
        }
        if seen.insert(i) {
            stack.extend(graph.successors.get(i).into_iter().flatten().copied());
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words() {
        assert_eq!(words_of_name("EncryptedCreditCard"), ["encrypted", "credit", "card"]);
        assert_eq!(words_of_name("cc_number"), ["cc", "number"]);
        assert_eq!(words_of_name("CVV2"), ["cvv2"]);
        assert_eq!(function_name("arn:aws:lambda:eu-west-2:1:function:pay-now:live"), "pay-now");
    }

    #[test]
    fn prompts_are_matched_by_whole_words() {
        let mut k = Clues::default();
        prompt_clues("Please enter your card number, then press pound.", &mut k);
        assert_eq!(k.secret.len(), 1);
        assert!(k.card);
        let mut k = Clues::default();
        prompt_clues("Spinning up; enter the extension.", &mut k);
        assert!(k.secret.is_empty(), "“pin” inside “Spinning” is not a PIN");
        assert_eq!(k.harmless.len(), 1);
    }
}

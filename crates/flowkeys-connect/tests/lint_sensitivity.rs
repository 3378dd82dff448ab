//! The sensitivity model: each Store customer input block is judged secret, unknown or not
//! secret from evidence in the flow, findings carry that evidence, overrides settle it per run,
//! and the headline states what matters.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::*;
use flowkeys_connect::{
    lint_flow_with, LintContext, Overrides, RuleGroup, RuleId, Sensitivity, Severity, VerdictStatus,
};
use serde_json::{json, Value};

/// logging on → store (params) → copy into `attr` → Lambda `function` gets it → end.
fn leaky(params: Value, attr: &str, function: &str) -> String {
    doc(
        "on",
        vec![
            logging("on", "Enabled", "store"),
            store_with("store", params, "save", "end"),
            set_attrs("save", json!({ attr: "$.StoredCustomerInput" }), "call"),
            json!({ "Identifier": "call", "Type": "InvokeLambdaFunction",
                    "Parameters": { "LambdaFunctionARN": format!("arn:aws:lambda:eu-west-2:123456789012:function:{function}"),
                                    "InvocationTimeLimitSeconds": "3", "ResponseValidation": { "ResponseType": "STRING_MAP" },
                                    "LambdaInvocationAttributes": { "value": "$.StoredCustomerInput" } },
                    "Transitions": { "NextAction": "end", "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": "end" } ] } }),
            disconnect("end"),
        ],
    )
}

fn plain(prompt: Option<&str>, max: &str) -> Value {
    let mut p = json!({ "StoreInput": "True", "InputValidation": { "CustomValidation": { "MaximumLength": max } } });
    match prompt {
        Some(t) => p["Text"] = json!(t),
        None => p["PromptId"] = json!("arn:aws:connect:eu-west-2:123456789012:instance/x/prompt/y"),
    }
    p
}

fn run(flow: &str, overrides: &Overrides) -> flowkeys_connect::LintReport {
    lint_flow_with(flow, &LintContext::default(), overrides).expect("lint")
}

fn security_rules(r: &flowkeys_connect::LintReport) -> Vec<RuleId> {
    r.in_group(RuleGroup::Security).map(|f| f.rule).collect()
}

#[test]
fn an_extension_is_not_treated_as_card_data() {
    let flow =
        leaky(plain(Some("Please enter the extension of the person you are calling."), "4"), "ext", "route-call");
    let r = run(&flow, &Overrides::new());
    assert_eq!(security_rules(&r), [RuleId::InputNotSecret], "{:#?}", r.findings);
    let f = r.of(RuleId::InputNotSecret).next().unwrap();
    assert_eq!(f.severity, Severity::Info);
    assert!(f.evidence.as_deref().unwrap().contains("the prompt says “extension”"), "{f:?}");
    assert!(
        f.message.contains("without encryption") || f.message.to_lowercase().contains("stored without encryption"),
        "{f:?}"
    );
    assert!(f.fix.contains("--secret store"), "{f:?}");
    assert_eq!(r.verdict.status, VerdictStatus::Clean);
    assert_eq!(r.verdict.headline, "No security problems found");
    assert_eq!(r.input("store").unwrap().sensitivity, Sensitivity::NotSecret);
}

#[test]
fn harmless_values_of_several_kinds() {
    for (prompt, max, attr) in [
        ("Enter the amount you would like to pay, in dollars.", "6", "amount"),
        ("Enter the number you would like to be called back at.", "10", "callbackNumber"),
        ("For sales press 1, for support press 2 or stay on the line for the menu.", "1", "choice"),
    ] {
        let r = run(&leaky(plain(Some(prompt), max), attr, "x"), &Overrides::new());
        assert!(!r.has_errors(), "{prompt}: {:#?}", r.findings);
        assert_eq!(r.input("store").unwrap().sensitivity, Sensitivity::NotSecret, "{prompt}");
    }
    // Phone-number validation.
    let params = json!({ "Text": "Enter a number.", "StoreInput": "True",
                         "InputValidation": { "PhoneNumberValidation": { "NumberFormat": "E164" } } });
    let r = run(&leaky(params, "x", "y"), &Overrides::new());
    assert!(!r.has_errors(), "{:#?}", r.findings);
    assert!(r.input("store").unwrap().evidence.iter().any(|e| e.contains("phone number")));
}

#[test]
fn a_card_number_is_secret_with_its_evidence() {
    let flow = leaky(plain(Some("Please enter your card number followed by pound."), "16"), "x", "y");
    let r = run(&flow, &Overrides::new());
    let f = r.of(RuleId::EncMissing).next().expect("E-ENC-MISSING");
    assert_eq!(f.severity, Severity::Error);
    let evidence = f.evidence.as_deref().unwrap();
    assert!(evidence.starts_with("treated as secret: "), "{evidence}");
    assert!(evidence.contains("the prompt says “card number”") && evidence.contains("up to 16 digits"), "{evidence}");
    for rule in [RuleId::AttrPlaintext, RuleId::LogOnDuringCapture] {
        assert!(r.has(rule), "{}: {:#?}", rule.id(), r.findings);
    }
    // The copy reaches the later Lambda through ContactData.Attributes, and the message says so.
    let attr = r.of(RuleId::AttrPlaintext).next().unwrap();
    assert!(attr.message.contains("“call” in ContactData.Attributes"), "{attr:?}");
    assert_eq!(r.verdict.status, VerdictStatus::Leaks);
    assert!(r.verdict.headline.starts_with("Leaks card data: "), "{}", r.verdict.headline);
    assert!(r.verdict.security_problems >= 3);
}

#[test]
fn no_evidence_means_one_warning_that_says_how_to_mark_it() {
    let flow = leaky(plain(None, "8"), "x", "y");
    let r = run(&flow, &Overrides::new());
    assert_eq!(security_rules(&r), [RuleId::InputSensitivityUnknown], "{:#?}", r.findings);
    let f = r.of(RuleId::InputSensitivityUnknown).next().unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.fix.contains("--secret store") && f.fix.contains("--not-secret store"), "{f:?}");
    // It lists what would apply if it were secret.
    assert!(f.message.contains("secret input stored without encryption"), "{f:?}");
    assert_eq!(r.verdict.status, VerdictStatus::NeedsReview);

    // Marked secret: the secret rules apply, and the evidence says why.
    let mut o = Overrides::new();
    o.secret("store");
    let r = run(&flow, &o);
    let f = r.of(RuleId::EncMissing).next().expect("E-ENC-MISSING");
    assert!(f.evidence.as_deref().unwrap().contains("marked secret for this run"), "{f:?}");
    assert!(r.has(RuleId::AttrPlaintext) && !r.has(RuleId::InputSensitivityUnknown));
    assert!(r.input("store").unwrap().overridden);

    // Marked not secret: quiet.
    let mut o = Overrides::new();
    o.not_secret("store");
    let r = run(&flow, &o);
    assert!(!r.has_errors() && !r.has(RuleId::InputSensitivityUnknown), "{:#?}", r.findings);

    // An override naming no block is reported, not silently ignored.
    let mut o = Overrides::new();
    o.secret("nope");
    let r = run(&flow, &o);
    assert!(r.notices.iter().any(|n| n.contains("“nope”")), "{:?}", r.notices);
}

#[test]
fn a_card_prompt_marked_not_secret_is_quiet() {
    let flow = leaky(plain(Some("Enter your credit card number."), "16"), "x", "y");
    let mut o = Overrides::new();
    o.not_secret("store");
    assert!(!run(&flow, &o).has_errors());
}

#[test]
fn names_where_the_value_goes_are_evidence() {
    let r = run(&leaky(plain(None, "8"), "CreditCardNumber", "route"), &Overrides::new());
    assert_eq!(r.input("store").unwrap().sensitivity, Sensitivity::Secret);
    assert!(r.input("store").unwrap().evidence.iter().any(|e| e.contains("contact attribute “CreditCardNumber”")));
    let r = run(&leaky(plain(None, "8"), "x", "payment-processor"), &Overrides::new());
    assert_eq!(r.input("store").unwrap().sensitivity, Sensitivity::Secret, "{:?}", r.inputs);
    assert!(r.input("store").unwrap().evidence.iter().any(|e| e.contains("Lambda “payment-processor”")));
}

#[test]
fn length_alone_is_weaker_than_words() {
    // 16 digits with no words: card-like.
    let r = run(&leaky(plain(None, "16"), "x", "y"), &Overrides::new());
    assert_eq!(r.input("store").unwrap().sensitivity, Sensitivity::Secret);
    // 20 digits, the console's maximum and a common "any length" choice, says nothing.
    let r = run(&leaky(plain(None, "20"), "x", "y"), &Overrides::new());
    assert_eq!(r.input("store").unwrap().sensitivity, Sensitivity::Unknown);
    // 15 digits of a phone number: the words win, the length is shown as counter-evidence.
    let r = run(
        &leaky(plain(Some("Enter your phone number including the country code."), "15"), "x", "y"),
        &Overrides::new(),
    );
    let input = r.input("store").unwrap();
    assert_eq!(input.sensitivity, Sensitivity::NotSecret);
    assert!(input.evidence.iter().any(|e| e.starts_with("although up to 15 digits")), "{input:?}");
}

#[test]
fn three_digits_after_a_card_number_are_a_security_code() {
    let flow = doc(
        "off",
        vec![
            logging("off", "Disabled", "card"),
            store_with("card", plain(Some("Enter your card number."), "16"), "code", "on"),
            store_with("code", plain(Some("Now enter the three digits on the back."), "3"), "on", "on"),
            logging("on", "Enabled", "end"),
            disconnect("end"),
        ],
    );
    let r = run(&flow, &Overrides::new());
    let code = r.input("code").unwrap();
    assert_eq!(code.sensitivity, Sensitivity::Secret, "{code:?}");
    assert!(code.evidence.iter().any(|e| e.contains("security code")), "{code:?}");
    // Without the card capture before it, three digits say nothing.
    let alone = doc(
        "code",
        vec![
            store_with("code", plain(Some("Now enter the three digits on the back."), "3"), "end", "end"),
            disconnect("end"),
        ],
    );
    assert_eq!(run(&alone, &Overrides::new()).input("code").unwrap().sensitivity, Sensitivity::Unknown);
}

#[test]
fn encrypted_ciphertext_copied_to_an_attribute_is_an_error() {
    let mut actions = replace(good_actions(), "store", store("store", "save", "on-error"));
    actions.push(set_attrs("save", json!({ "EncryptedCreditCard": "$.StoredCustomerInput" }), "decrypt"));
    let r = lint(&doc("off", actions), &ctx_full());
    let f = r.of(RuleId::AttrCiphertext).next().expect("E-ATTR-CIPHERTEXT");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.evidence.as_deref().unwrap().contains("encryption is on"), "{f:?}");
    assert_eq!(r.verdict.status, VerdictStatus::Leaks);
    assert!(r.verdict.headline.starts_with("Leaks card data: 1 problem"), "{}", r.verdict.headline);
}

#[test]
fn the_generated_flow_is_clean_with_a_clean_headline() {
    let r = lint(&generated_json(), &ctx_full());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.verdict.headline, "No security problems found");
    assert_eq!(r.inputs.len(), 1);
    assert_eq!(r.inputs[0].sensitivity, Sensitivity::Secret);
}

#[test]
fn quality_findings_do_not_change_the_verdict() {
    let mut msg = message("thanks", "Thank you.", "end");
    msg["Transitions"]["Errors"] = json!([]);
    let r = lint(&doc("off", replace(good_actions(), "thanks", msg)), &ctx_full());
    assert!(r.has(RuleId::ErrorBranchMissingWarning));
    assert_eq!(r.of(RuleId::ErrorBranchMissingWarning).next().unwrap().group, RuleGroup::Quality);
    assert_eq!(r.verdict.status, VerdictStatus::Clean);
    assert_eq!(r.verdict.quality_problems, 1);
}

//! The path analysis: loops, merging branches and values carried through attributes are judged
//! by what can happen at run time, not by the order of the action list.

mod common;

use common::*;
use flowkeys_connect::RuleId;
use serde_json::json;

fn compare(id: &str, value: &str, if_yes: &str, otherwise: &str) -> serde_json::Value {
    json!({ "Identifier": id, "Type": "Compare", "Parameters": { "ComparisonValue": value },
            "Transitions": { "NextAction": otherwise,
                             "Conditions": [ { "NextAction": if_yes, "Condition": { "Operator": "Equals", "Operands": ["OK"] } } ],
                             "Errors": [ { "ErrorType": "NoMatchingCondition", "NextAction": otherwise } ] } })
}

/// A retry loop: the capture is retried after the failure path has already turned logging back
/// on. In array order the capture comes before the Enabled block, so only a path analysis sees it.
#[test]
fn loop_back_into_capture_with_logging_on() {
    let actions = vec![
        logging("off", "Disabled", "store"),
        store("store", "decrypt", "retry-on"),
        decrypt("decrypt", "check", "retry-on"),
        compare("check", "$.External.status", "on", "retry-on"),
        logging("retry-on", "Enabled", "retry-msg"),
        message("retry-msg", "Let's try again.", "store"),
        logging("on", "Enabled", "end"),
        disconnect("end"),
    ];
    let bad = lint(&doc("off", actions.clone()), &ctx_full());
    let on: Vec<_> = bad.of(RuleId::LogOnDuringCapture).map(|f| f.action_id.clone().unwrap()).collect();
    assert_eq!(on, ["store", "decrypt"], "{:#?}", bad.findings);

    // Looping back to the Disabled block instead is fine.
    let fixed = replace(actions, "retry-msg", message("retry-msg", "Let's try again.", "off"));
    let good = lint(&doc("off", fixed), &ctx_full());
    assert!(good.findings.is_empty(), "{:#?}", good.findings);
}

/// Two branches meet before the capture; only one disabled logging.
#[test]
fn merging_branches_keep_the_worst_state() {
    let actions = vec![
        compare("menu", "$.Attributes.lang", "off", "store"),
        logging("off", "Disabled", "store"),
        store("store", "decrypt", "on"),
        decrypt("decrypt", "on", "on"),
        logging("on", "Enabled", "end"),
        disconnect("end"),
    ];
    let report = lint(&doc("menu", actions.clone()), &ctx_full());
    assert!(report.has(RuleId::LogUnknownDuringCapture), "{:#?}", report.findings);
    assert!(!report.has(RuleId::LogOnDuringCapture));
    let fixed = replace(actions, "menu", compare("menu", "$.Attributes.lang", "off", "off"));
    assert!(lint(&doc("menu", fixed), &ctx_full()).findings.is_empty());
}

/// A decrypted value copied into an attribute stays sensitive wherever that attribute is used.
#[test]
fn attributes_carry_sensitivity() {
    let actions = vec![
        logging("off", "Disabled", "store"),
        store("store", "decrypt", "on"),
        decrypt("decrypt", "save", "on"),
        set_attrs("save", json!({ "last4": "$.External.last4" }), "on"),
        logging("on", "Enabled", "say"),
        message("say", "Your card ends in $.Attributes.last4.", "end"),
        disconnect("end"),
    ];
    let report = lint(&doc("off", actions), &ctx_full());
    assert!(report.has(RuleId::AttrPlaintext));
    let f = report.of(RuleId::PromptSpeaksSecret).next().expect("prompt finding");
    assert_eq!(f.action_id.as_deref(), Some("say"));
    assert!(f.message.contains("$.Attributes.last4") && f.message.contains("“save”"), "{f:?}");
}

/// A later Lambda that receives nothing sensitive replaces $.External, so copying its answer is fine;
/// a second, encrypted capture replaces an earlier plain one.
#[test]
fn later_blocks_overwrite_sensitive_values() {
    let lookup = lambda_with("lookup", json!({ "phone": "$.CustomerEndpoint.Address" }), "3", "save", "on");
    let actions = vec![
        logging("off", "Disabled", "store"),
        store("store", "decrypt", "on"),
        decrypt("decrypt", "lookup", "on"),
        lookup,
        set_attrs("save", json!({ "tier": "$.External.tier" }), "on"),
        logging("on", "Enabled", "end"),
        disconnect("end"),
    ];
    let report = lint(&doc("off", actions), &ctx_full());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);

    let mut plain = store_params(KEY_ID, cert());
    plain.as_object_mut().unwrap().remove("InputEncryption");
    let actions = vec![
        logging("off", "Disabled", "first"),
        store_with("first", plain, "second", "on"),
        store("second", "save", "on"),
        set_attrs("save", json!({ "enc": "$.StoredCustomerInput" }), "on"),
        logging("on", "Enabled", "end"),
        disconnect("end"),
    ];
    let report = lint(&doc("off", actions), &ctx_full());
    assert!(report.has(RuleId::EncMissing));
    assert!(report.has(RuleId::AttrCiphertext) && !report.has(RuleId::AttrPlaintext), "{:#?}", report.findings);
}

/// Findings are ordered errors first, then by position, and serialise for the UI.
#[test]
fn report_serialises_for_the_ui() {
    let bad = doc("off", replace(good_actions(), "off", logging("off", "Enabled", "store")));
    let report = lint(&bad, &ctx_full());
    let v: serde_json::Value = serde_json::to_value(&report).unwrap();
    assert_eq!(v["format"], "flow_language");
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][0]["rule"], "E-LOG-ON-DURING-CAPTURE");
    assert_eq!(v["findings"][0]["action_id"], "store");
    let back: flowkeys_connect::LintReport = serde_json::from_value(v).unwrap();
    assert_eq!(back, report);
    let severities: Vec<_> = report.findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
}

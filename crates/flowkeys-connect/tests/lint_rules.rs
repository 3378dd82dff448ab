//! One test per lint rule: a flow that triggers it and a near-identical flow that does not.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

mod common;

use common::*;
use flowkeys_connect::certificate::inspect_certificate;
use flowkeys_connect::{LintContext, LoadedKeySet, RuleId};
use serde_json::json;

fn no_keys_at(now: u64) -> LintContext {
    LintContext { now_unix: Some(flowkeys_core::UnixTime(now)), key_sets: Vec::new() }
}

fn with_store_params(params: serde_json::Value) -> String {
    doc("off", replace(good_actions(), "store", store_with("store", params, "decrypt", "on-error")))
}

fn with_cert(cert: &str, key_id: &str) -> String {
    with_store_params(store_params(key_id, cert))
}

#[test]
fn the_good_flow_is_clean() {
    let report = lint(&good_flow(), &ctx_full());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

// ----- encryption -----------------------------------------------------------------------------

#[test]
fn e_enc_missing() {
    let mut params = store_params(KEY_ID, cert());
    params.as_object_mut().unwrap().remove("InputEncryption");
    assert_rule(RuleId::EncMissing, &with_store_params(params), &good_flow(), &ctx_full());
}

#[test]
fn e_enc_needs_custom_validation() {
    let mut params = store_params(KEY_ID, cert());
    params["InputValidation"] = json!({ "PhoneNumberValidation": { "NumberFormat": "E164" } });
    assert_rule(RuleId::EncNeedsCustomValidation, &with_store_params(params), &good_flow(), &ctx_full());
}

#[test]
fn e_enc_key_id_placeholder_and_empty() {
    assert_rule(RuleId::EncKeyId, &with_cert(cert(), "your-key-id"), &good_flow(), &ctx_full());
    assert_rule(RuleId::EncKeyId, &with_cert(cert(), "  "), &good_flow(), &ctx_full());
}

#[test]
fn w_enc_key_id_format() {
    assert_rule(RuleId::EncKeyIdFormat, &with_cert(cert(), "my-connect-key"), &good_flow(), &ctx_full());
}

#[test]
fn e_enc_public_key_is_called_out() {
    let bad = with_cert(&material().fixture_public_key_pem, KEY_ID);
    assert_rule(RuleId::EncPublicKey, &bad, &good_flow(), &ctx_full());
    let report = lint(&bad, &ctx_full());
    let f = report.of(RuleId::EncPublicKey).next().unwrap();
    assert!(f.message.contains("public key") && f.fix.contains("BEGIN CERTIFICATE"), "{f:?}");
    assert_eq!(f.action_id.as_deref(), Some("store"));
    assert!(!report.has(RuleId::EncNotCertificate), "the specific rule replaces the generic one");
}

#[test]
fn e_enc_private_key() {
    assert_rule(RuleId::EncPrivateKey, &with_cert(&vectors().private_key_pem, KEY_ID), &good_flow(), &ctx_full());
}

#[test]
fn e_enc_not_certificate() {
    let placeholder = "Certificate to use for encryption should be provided here. You will need to also upload a signing key in the AWS console";
    assert_rule(RuleId::EncNotCertificate, &with_cert(placeholder, KEY_ID), &good_flow(), &ctx_full());
    let damaged = cert().replacen("MII", "MIX", 1);
    assert_rule(RuleId::EncNotCertificate, &with_cert(&damaged, KEY_ID), &good_flow(), &ctx_full());
    assert_rule(RuleId::EncNotCertificate, &with_cert("", KEY_ID), &good_flow(), &ctx_full());
}

#[test]
fn i_enc_dynamic() {
    assert_rule(RuleId::EncDynamic, &with_cert("$.Attributes.certificate", KEY_ID), &good_flow(), &ctx_full());
}

// ----- certificates ---------------------------------------------------------------------------

fn other_dates() -> (u64, u64) {
    let info = inspect_certificate(&material().other_cert).unwrap();
    (info.not_before_unix.0, info.not_after_unix.0)
}

#[test]
fn a_certificate_with_escaped_line_breaks_reads_the_same() {
    // Flows copied through another JSON layer carry `\n` as two characters.
    let cert = &material().other_cert;
    let escaped = cert.trim().replace('\n', "\\n");
    assert_eq!(inspect_certificate(&escaped).unwrap(), inspect_certificate(cert).unwrap());
}

#[test]
fn e_cert_expired() {
    let now = other_dates().1 + 86_400;
    assert!(now < cert_dates().1, "the fixture certificate must still be valid at {now}");
    assert_rule(RuleId::CertExpired, &with_cert(&material().other_cert, KEY_ID), &good_flow(), &no_keys_at(now));
}

#[test]
fn w_cert_expires_soon() {
    let now = other_dates().1 - 10 * 86_400;
    let bad = with_cert(&material().other_cert, KEY_ID);
    assert_rule(RuleId::CertExpiresSoon, &bad, &good_flow(), &no_keys_at(now));
    let f = lint(&bad, &no_keys_at(now)).of(RuleId::CertExpiresSoon).next().cloned().unwrap();
    assert!(f.message.contains("in 10 days") || f.message.contains("in 9 days"), "{f:?}");
}

#[test]
fn w_cert_not_yet_valid() {
    let now = other_dates().0 - 60;
    assert!(now > cert_dates().0, "the other certificate is made after the fixture");
    assert_rule(RuleId::CertNotYetValid, &with_cert(&material().other_cert, KEY_ID), &good_flow(), &no_keys_at(now));
}

#[test]
fn e_cert_key_unknown_names_the_expected_key_id() {
    let bad = with_cert(&material().other_cert, KEY_ID);
    let ctx = LintContext { now_unix: None, key_sets: vec![fixture_key_set()] };
    assert_rule(RuleId::CertKeyUnknown, &bad, &good_flow(), &ctx);
    let f = lint(&bad, &ctx).of(RuleId::CertKeyUnknown).next().cloned().unwrap();
    assert!(f.message.contains(KEY_ID) && f.fix.contains(KEY_ID), "{f:?}");
}

#[test]
fn e_cert_key_id_mismatch_names_the_right_key_id() {
    let other_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    let ctx = LintContext {
        now_unix: None,
        key_sets: vec![
            fixture_key_set(),
            LoadedKeySet { key_id: other_id.into(), spki_der: material().other_spki.clone() },
        ],
    };
    let bad = with_cert(cert(), other_id);
    assert_rule(RuleId::CertKeyIdMismatch, &bad, &good_flow(), &ctx);
    let f = lint(&bad, &ctx).of(RuleId::CertKeyIdMismatch).next().cloned().unwrap();
    assert!(f.fix.contains(KEY_ID), "{f:?}");
}

#[test]
fn w_cert_not_self_signed() {
    assert_rule(
        RuleId::CertNotSelfSigned,
        &with_cert(&material().ca_issued_cert, KEY_ID),
        &good_flow(),
        &LintContext::default(),
    );
}

#[test]
fn e_cert_not_rsa() {
    assert_rule(RuleId::CertNotRsa, &with_cert(&material().ec_cert, KEY_ID), &good_flow(), &LintContext::default());
}

#[test]
fn unreadable_key_sets_and_missing_now_are_noticed() {
    let ctx =
        LintContext { now_unix: None, key_sets: vec![LoadedKeySet { key_id: "x".into(), spki_der: vec![1, 2, 3] }] };
    let report = lint(&good_flow(), &ctx);
    assert!(report.notices.iter().any(|n| n.contains("not a readable public key")), "{:?}", report.notices);
    assert!(report.notices.iter().any(|n| n.contains("expiry was not checked")), "{:?}", report.notices);
}

// ----- sensitive values -----------------------------------------------------------------------

#[test]
fn e_attr_plaintext_from_decrypt_lambda() {
    let with = |value: &str| {
        let mut actions = replace(good_actions(), "decrypt", decrypt("decrypt", "save", "on-error"));
        actions.push(set_attrs("save", json!({ "card": value }), "on"));
        doc("off", actions)
    };
    assert_rule(RuleId::AttrPlaintext, &with("$.External.value"), &with("captured"), &ctx_full());
}

#[test]
fn e_attr_plaintext_from_unencrypted_capture() {
    let mut params = store_params(KEY_ID, cert());
    params.as_object_mut().unwrap().remove("InputEncryption");
    let build = |params: serde_json::Value| {
        let mut actions = replace(good_actions(), "store", store_with("store", params, "save", "on-error"));
        actions.push(set_attrs("save", json!({ "card": "$.StoredCustomerInput" }), "decrypt"));
        doc("off", actions)
    };
    assert_rule(RuleId::AttrPlaintext, &build(params), &build(store_params(KEY_ID, cert())), &ctx_full());
}

#[test]
fn w_attr_ciphertext() {
    let with = |value: &str| {
        let mut actions = replace(good_actions(), "store", store("store", "save", "on-error"));
        actions.push(set_attrs("save", json!({ "EncryptedCreditCard": value }), "decrypt"));
        doc("off", actions)
    };
    assert_rule(RuleId::AttrCiphertext, &with("$.StoredCustomerInput"), &with("$.ContactId"), &ctx_full());
}

#[test]
fn e_log_on_during_capture() {
    let bad = doc("off", replace(good_actions(), "off", logging("off", "Enabled", "store")));
    assert_rule(RuleId::LogOnDuringCapture, &bad, &good_flow(), &ctx_full());
    let ids: Vec<_> =
        lint(&bad, &ctx_full()).of(RuleId::LogOnDuringCapture).map(|f| f.action_id.clone().unwrap()).collect();
    assert_eq!(ids, vec!["store", "decrypt"], "both the capture and the Lambda receiving it");
}

#[test]
fn w_log_unknown_during_capture() {
    let mut actions = good_actions();
    actions.remove(0);
    assert_rule(RuleId::LogUnknownDuringCapture, &doc("store", actions), &good_flow(), &ctx_full());
}

#[test]
fn w_log_not_restored_on_an_error_path() {
    let bad = doc("off", replace(good_actions(), "on-error", message("on-error", "Sorry.", "end")));
    assert_rule(RuleId::LogNotRestored, &bad, &good_flow(), &ctx_full());
    let ids: Vec<_> =
        lint(&bad, &ctx_full()).of(RuleId::LogNotRestored).map(|f| f.action_id.clone().unwrap()).collect();
    assert_eq!(ids, vec!["end"]);
}

#[test]
fn w_log_not_restored_before_a_transfer() {
    let bad = doc(
        "off",
        replace(good_actions(), "decrypt", decrypt("decrypt", "xfer", "on-error"))
            .into_iter()
            .chain([transfer("xfer", "on-error")])
            .collect(),
    );
    let good = doc(
        "off",
        good_actions()
            .into_iter()
            .chain([transfer("xfer", "end")])
            .collect::<Vec<_>>()
            .into_iter()
            .map(|a| if a["Identifier"] == "thanks" { message("thanks", "Thank you.", "xfer") } else { a })
            .collect(),
    );
    assert_rule(RuleId::LogNotRestored, &bad, &good, &ctx_full());
}

#[test]
fn w_prompt_speaks_secret() {
    let text = "Thanks, your card ending $.External.last4 is saved.";
    let bad = doc("off", replace(good_actions(), "thanks", message("thanks", text, "end")));
    // The same prompt played before logging is turned back on.
    let good = doc(
        "off",
        replace(
            replace(
                replace(good_actions(), "decrypt", decrypt("decrypt", "thanks", "on-error")),
                "thanks",
                message("thanks", text, "on"),
            ),
            "on",
            logging("on", "Enabled", "end"),
        ),
    );
    assert_rule(RuleId::PromptSpeaksSecret, &bad, &good, &ctx_full());
}

#[test]
fn e_lambda_timeout() {
    for bad_limit in ["10", "0", "8.5", "$.Attributes.t"] {
        let bad = doc(
            "off",
            replace(
                good_actions(),
                "decrypt",
                lambda_with(
                    "decrypt",
                    json!({ "EncryptedInput": "$.StoredCustomerInput" }),
                    bad_limit,
                    "on",
                    "on-error",
                ),
            ),
        );
        assert_rule(RuleId::LambdaTimeout, &bad, &good_flow(), &ctx_full());
    }
}

#[test]
fn i_lambda_response_validation() {
    let mut lambda = decrypt("decrypt", "on", "on-error");
    lambda["Parameters"].as_object_mut().unwrap().remove("ResponseValidation");
    assert_rule(
        RuleId::LambdaResponseValidation,
        &doc("off", replace(good_actions(), "decrypt", lambda)),
        &good_flow(),
        &ctx_full(),
    );
}

// ----- structure ------------------------------------------------------------------------------

#[test]
fn e_flow_version() {
    let bad = good_flow().replace("2019-10-30", "2019-10-31");
    assert_rule(RuleId::FlowVersion, &bad, &good_flow(), &ctx_full());
}

#[test]
fn e_start_unresolved() {
    assert_rule(RuleId::StartUnresolved, &doc("of", good_actions()), &good_flow(), &ctx_full());
}

#[test]
fn e_target_unresolved() {
    let bad = doc("off", replace(good_actions(), "thanks", message("thanks", "Thank you.", "the-end")));
    assert_rule(RuleId::TargetUnresolved, &bad, &good_flow(), &ctx_full());
}

#[test]
fn e_id_duplicate() {
    let bad = doc("off", replace(good_actions(), "sorry", message("thanks", "Sorry.", "end")));
    assert_rule(RuleId::IdDuplicate, &bad, &good_flow(), &ctx_full());
}

#[test]
fn e_id_invalid() {
    let with = |id: &str| {
        doc(
            "off",
            replace(
                replace(good_actions(), "thanks", message(id, "Thank you.", "end")),
                "on",
                logging("on", "Enabled", id),
            ),
        )
    };
    assert_rule(RuleId::IdInvalid, &with("thanks:1"), &with("thanks-1"), &ctx_full());
    assert_rule(RuleId::IdInvalid, &with(&"t".repeat(51)), &with(&"t".repeat(50)), &ctx_full());
    assert_rule(RuleId::IdInvalid, &with("constructor"), &with("constructor-1"), &ctx_full());
}

#[test]
fn e_action_malformed() {
    let mut actions = good_actions();
    actions.push(json!("not an action"));
    assert_rule(RuleId::ActionMalformed, &doc("off", actions), &good_flow(), &ctx_full());
}

#[test]
fn i_unreachable_action() {
    let mut actions = good_actions();
    actions.push(message("orphan", "Nobody hears this.", "end"));
    assert_rule(RuleId::Unreachable, &doc("off", actions), &good_flow(), &ctx_full());
}

fn chain(n: usize, text_len: usize) -> String {
    let mut actions: Vec<_> =
        (0..n - 1).map(|i| message(&format!("m{i}"), &"a".repeat(text_len), &format!("m{}", i + 1))).collect();
    actions.push(disconnect(&format!("m{}", n - 1)));
    doc("m0", actions)
}

#[test]
fn e_too_many_actions() {
    assert_rule(RuleId::TooManyActions, &chain(251, 5), &chain(250, 5), &LintContext::default());
}

#[test]
fn e_content_too_large() {
    assert_rule(RuleId::ContentTooLarge, &chain(3, 130_000), &chain(3, 1_000), &LintContext::default());
}

#[test]
fn e_error_branch_missing() {
    let mut lambda = decrypt("decrypt", "on", "on-error");
    lambda["Transitions"].as_object_mut().unwrap().remove("Errors");
    assert_rule(
        RuleId::ErrorBranchMissing,
        &doc("off", replace(good_actions(), "decrypt", lambda)),
        &good_flow(),
        &ctx_full(),
    );
}

#[test]
fn w_error_branch_missing() {
    let mut msg = message("thanks", "Thank you.", "end");
    msg["Transitions"]["Errors"] = json!([]);
    assert_rule(
        RuleId::ErrorBranchMissingWarning,
        &doc("off", replace(good_actions(), "thanks", msg)),
        &good_flow(),
        &ctx_full(),
    );
}

#[test]
fn e_store_conditions() {
    let mut s = store("store", "decrypt", "on-error");
    s["Transitions"]["Conditions"] =
        json!([{ "NextAction": "decrypt", "Condition": { "Operator": "Equals", "Operands": ["1"] } }]);
    assert_rule(RuleId::StoreConditions, &doc("off", replace(good_actions(), "store", s)), &good_flow(), &ctx_full());
}

#[test]
fn e_store_validation_missing() {
    let mut params = store_params(KEY_ID, cert());
    params.as_object_mut().unwrap().remove("InputValidation");
    assert_rule(RuleId::StoreValidationMissing, &with_store_params(params), &good_flow(), &ctx_full());
}

#[test]
fn w_store_max_length() {
    for bad in ["25", "0", "twenty"] {
        let mut params = store_params(KEY_ID, cert());
        params["InputValidation"]["CustomValidation"]["MaximumLength"] = json!(bad);
        assert_rule(RuleId::StoreMaxLength, &with_store_params(params), &good_flow(), &ctx_full());
    }
}

#[test]
fn e_log_has_errors() {
    let mut on = logging("on", "Enabled", "thanks");
    on["Transitions"]["Errors"] = json!([{ "ErrorType": "NoMatchingError", "NextAction": "thanks" }]);
    assert_rule(RuleId::LogHasErrors, &doc("off", replace(good_actions(), "on", on)), &good_flow(), &ctx_full());
}

#[test]
fn e_log_value() {
    let bad = doc("off", replace(good_actions(), "on", logging("on", "Enable", "thanks")));
    assert_rule(RuleId::LogValue, &bad, &good_flow(), &ctx_full());
    let renamed = good_flow().replacen("\"FlowLoggingBehavior\": \"Enabled\"", "\"LoggingBehavior\": \"Enabled\"", 1);
    assert_rule(RuleId::LogValue, &renamed, &good_flow(), &ctx_full());
}

#[test]
fn i_legacy_format() {
    let legacy = json!({
        "modules": [ { "id": "a", "type": "PlayPrompt", "branches": [ { "condition": "Success", "transition": "b" } ],
                       "parameters": [ { "name": "Text", "value": "Hello" } ] },
                     { "id": "b", "type": "Disconnect", "branches": [], "parameters": [] } ],
        "version": "1", "start": "a", "type": "contactFlow"
    })
    .to_string();
    assert_rule(RuleId::LegacyFormat, &legacy, &good_flow(), &ctx_full());
}

/// store → end, so nothing but the block itself speaks about the input.
fn lone_store(params: serde_json::Value) -> String {
    doc("store", vec![store_with("store", params, "end", "end"), disconnect("end")])
}

#[test]
fn w_input_sensitivity_unknown() {
    let unknown = json!({ "PromptId": "arn:aws:connect:eu-west-2:1:instance/x/prompt/y", "StoreInput": "True",
                          "InputValidation": { "CustomValidation": { "MaximumLength": "8" } } });
    let mut harmless = unknown.clone();
    harmless["Text"] = json!("Enter the extension.");
    assert_rule(RuleId::InputSensitivityUnknown, &lone_store(unknown), &lone_store(harmless), &ctx_full());
}

#[test]
fn i_input_not_secret() {
    let params = |text: &str| {
        json!({ "Text": text, "StoreInput": "True",
                                      "InputValidation": { "CustomValidation": { "MaximumLength": "4" } } })
    };
    assert_rule(
        RuleId::InputNotSecret,
        &lone_store(params("Enter the extension.")),
        &lone_store(params("Enter your PIN.")),
        &ctx_full(),
    );
}

#[test]
fn every_rule_has_a_test_here() {
    let source = include_str!("lint_rules.rs");
    for rule in RuleId::ALL {
        let variant = format!("{rule:?}");
        assert!(
            source.contains(&format!("RuleId::{variant},")) || source.contains(&format!("RuleId::{variant})")),
            "no test for {}",
            rule.id()
        );
    }
}

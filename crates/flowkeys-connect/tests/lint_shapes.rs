//! Regression tests for the legacy and variant shapes real exports use: separate key/value
//! entries in SetScreenPop/SetAttributes, old block names and parameter spellings, the
//! touch-tone buffer form of Store customer input, flow modules, and stored input reaching
//! Lambdas through contact attributes.

mod common;

use common::*;
use flowkeys_connect::{lint_flow, FlowFormat, LintContext, RuleId, Sensitivity, VerdictStatus};
use serde_json::{json, Value};

fn legacy(start: &str, modules: Vec<Value>) -> String {
    json!({ "modules": modules, "version": "1", "type": "contactFlow", "start": start }).to_string()
}

fn module(id: &str, ty: &str, next: &[(&str, &str)], params: Value) -> Value {
    let branches: Vec<Value> = next.iter().map(|(c, t)| json!({ "condition": c, "transition": t })).collect();
    json!({ "id": id, "type": ty, "branches": branches, "parameters": params })
}

fn legacy_store(ty: &str, encrypt: bool) -> Value {
    module(
        "cap",
        ty,
        &[("Success", "pop"), ("Error", "end")],
        json!([ { "name": "Text", "value": "Please enter your credit card number, followed by the pound key.", "namespace": null },
                { "name": "CustomerInputType", "value": "Custom" }, { "name": "Timeout", "value": "6" },
                { "name": "MaxDigits", "value": 20 }, { "name": "EncryptEntry", "value": encrypt },
                { "name": "EncryptionKeyId", "value": "your-key-id", "namespace": null },
                { "name": "EncryptionKey", "value": "Certificate to use for encryption should be provided here.", "namespace": null } ]),
    )
}

/// The shape of AWS's own legacy "secure input" sample: the capture, then a SetScreenPop (or
/// SetAttributes) whose pair is two entries, `key` then `value` with namespace System.
fn secure_sample(store_type: &str, pop_type: &str) -> String {
    legacy(
        "cap",
        vec![
            legacy_store(store_type, true),
            module(
                "pop",
                pop_type,
                &[("Success", "end"), ("Error", "end")],
                json!([ { "name": "key", "value": "EncryptedCreditCard" },
                        { "name": "value", "value": "Stored customer input", "namespace": "System" } ]),
            ),
            module("end", "Disconnect", &[], json!([])),
        ],
    )
}

#[test]
fn separate_key_and_value_entries_are_one_attribute() {
    for store_type in ["StoreUserInput", "StoreCustomerInput"] {
        for pop_type in ["SetScreenPop", "SetAttributes"] {
            let r = lint_flow(&secure_sample(store_type, pop_type), &LintContext::default()).unwrap();
            assert_eq!(r.format, FlowFormat::Legacy);
            let f = r
                .of(RuleId::AttrCiphertext)
                .next()
                .unwrap_or_else(|| panic!("{store_type}/{pop_type}: {:#?}", r.findings));
            assert_eq!(f.action_id.as_deref(), Some("pop"));
            assert!(f.message.contains("“EncryptedCreditCard”"), "{f:?}");
            assert!(r.has(RuleId::EncKeyId) && r.has(RuleId::EncNotCertificate), "{:#?}", r.findings);
            assert_eq!(r.verdict.status, VerdictStatus::Leaks, "{store_type}/{pop_type}");
        }
    }
}

#[test]
fn legacy_store_without_encryption_is_plaintext() {
    let text = secure_sample("StoreUserInput", "SetScreenPop").replace("\"value\":true", "\"value\":false");
    let r = lint_flow(&text, &LintContext::default()).unwrap();
    assert!(r.has(RuleId::EncMissing) && r.has(RuleId::AttrPlaintext), "{:#?}", r.findings);
}

#[test]
fn legacy_lambda_parameters_and_logging_spellings() {
    let text = legacy(
        "log",
        vec![
            module("log", "SetLoggingBehavior", &[("Success", "cap")], json!([ { "name": "LoggingBehavior", "value": "Disable" } ])),
            legacy_store("StoreUserInput", true),
            module("pop", "InvokeExternalResource", &[("Success", "on"), ("Error", "on")],
                   json!([ { "name": "FunctionArn", "value": "arn:aws:lambda:eu-west-2:1:function:decrypt", "namespace": null },
                           { "name": "TimeLimit", "value": "8" },
                           { "name": "Parameter", "key": "card", "value": "Stored customer input", "namespace": "System" } ])),
            module("on", "SetLoggingBehavior", &[("Success", "say")], json!([ { "name": "LoggingBehavior", "value": "Enable" } ])),
            module("say", "PlayPrompt", &[("Success", "end")], json!([ { "name": "Text", "value": "Card $.External.last4 accepted." } ])),
            module("end", "Disconnect", &[], json!([])),
        ],
    )
    .replace("\"target\":null", "");
    let r = lint_flow(&text, &LintContext::default()).unwrap();
    // The prompt reads a value the decrypt Lambda returned while logging is back on.
    assert!(r.has(RuleId::PromptSpeaksSecret), "{:#?}", r.findings);
    assert!(!r.has(RuleId::LogOnDuringCapture) && !r.has(RuleId::LogValue), "{:#?}", r.findings);
}

/// The touch-tone buffer form AWS documents: EnableDTMFBuffer "false" + StoreInput "true" +
/// InputEncryption, without InputValidation.
#[test]
fn touch_tone_buffer_form_needs_no_validation() {
    let buffer_store = |validation: Option<Value>| {
        let mut params = json!({ "EnableDTMFBuffer": "false", "StoreInput": "true",
                                 "InputEncryption": { "EncryptionKeyId": KEY_ID, "Key": cert() } });
        if let Some(v) = validation {
            params["InputValidation"] = v;
        }
        doc("off", replace(good_actions(), "store", store_with("store", params, "decrypt", "on-error")))
    };
    let r = lint(&buffer_store(None), &ctx_full());
    for rule in [RuleId::StoreValidationMissing, RuleId::EncNeedsCustomValidation] {
        assert!(!r.has(rule), "{}: {:#?}", rule.id(), r.findings);
    }
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.input("store").unwrap().sensitivity, Sensitivity::Secret);
    // The buffer start block (EnableDTMFBuffer "true") is not a store.
    let start = json!({ "Identifier": "buf", "Type": "GetParticipantInput", "Parameters": { "EnableDTMFBuffer": "true" },
                        "Transitions": { "NextAction": "off", "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": "off" } ] } });
    let mut actions = good_actions();
    actions.insert(0, start);
    let r = lint(&doc("buf", actions), &ctx_full());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    // Phone validation with encryption is still wrong in that form.
    let r = lint(&buffer_store(Some(json!({ "PhoneNumberValidation": { "NumberFormat": "E164" } }))), &ctx_full());
    assert!(r.has(RuleId::EncNeedsCustomValidation), "{:#?}", r.findings);
}

#[test]
fn flow_language_old_spellings() {
    // MaxDigits instead of CustomValidation.MaximumLength; LambdaFunctionArn.
    let params = json!({ "Text": "Enter the digits.", "StoreInput": "True", "MaxDigits": "16",
                         "InputValidation": { "CustomValidation": {} } });
    let r = lint(&doc("store", vec![store_with("store", params, "end", "end"), disconnect("end")]), &ctx_full());
    let input = r.input("store").unwrap();
    assert!(input.evidence.iter().any(|e| e.contains("16 digits")), "{input:?}");
    let mut lambda = decrypt("decrypt", "on", "on-error");
    let arn = lambda["Parameters"].as_object_mut().unwrap().remove("LambdaFunctionARN").unwrap();
    lambda["Parameters"]["LambdaFunctionArn"] = arn;
    let r = lint(&doc("off", replace(good_actions(), "decrypt", lambda)), &ctx_full());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn flow_modules_and_describe_module_output() {
    let module_flow = doc(
        "off",
        vec![
            logging("off", "Disabled", "store"),
            store("store", "decrypt", "on"),
            decrypt("decrypt", "on", "on"),
            logging("on", "Enabled", "end"),
            json!({ "Identifier": "end", "Type": "EndFlowModuleExecution", "Parameters": {}, "Transitions": {} }),
        ],
    );
    let r = lint(&module_flow, &ctx_full());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let wrapped =
        json!({ "ContactFlowModule": { "Arn": "arn:…", "Name": "m", "Content": module_flow, "Status": "published" } })
            .to_string();
    let r = lint(&wrapped, &ctx_full());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert!(r.notices.iter().any(|n| n.contains("describe-contact-flow-module")), "{:?}", r.notices);
}

/// Once the stored input is in an attribute, every later Lambda receives it in
/// Details.ContactData.Attributes, even without a parameter.
#[test]
fn stored_input_reaches_lambdas_through_attributes() {
    let lookup = json!({ "Identifier": "lookup", "Type": "InvokeLambdaFunction",
        "Parameters": { "LambdaFunctionARN": "arn:aws:lambda:eu-west-2:123456789012:function:crm-lookup", "InvocationTimeLimitSeconds": "3",
                        "ResponseValidation": { "ResponseType": "STRING_MAP" } },
        "Transitions": { "NextAction": "on", "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": "on" } ] } });
    let actions = vec![
        logging("off", "Disabled", "store"),
        store("store", "save", "on"),
        set_attrs("save", json!({ "cardToken": "$.StoredCustomerInput" }), "lookup"),
        lookup,
        logging("on", "Enabled", "end"),
        disconnect("end"),
    ];
    let r = lint(&doc("off", actions), &ctx_full());
    let f = r.of(RuleId::AttrCiphertext).next().expect("copy finding");
    assert!(f.message.contains("reaches the Lambda “lookup” in ContactData.Attributes"), "{f:?}");
}

//! Reading flow text: specific errors for non-flows, the describe-contact-flow wrapper, the
//! legacy format, and no panics on damaged input.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::indexing_slicing, clippy::unwrap_used)]

mod common;

use common::*;
use flowkeys_connect::{lint_flow, FlowFormat, FlowParseError, LintContext, RuleId};
use serde_json::{json, Value};

fn err(text: &str) -> FlowParseError {
    lint_flow(text, &LintContext::default()).unwrap_err()
}

#[test]
fn non_flows_get_specific_errors() {
    assert_eq!(err("  \n"), FlowParseError::Empty);
    match err("{\"Version\": \"2019-10-30\",\n \"Actions\": [}") {
        FlowParseError::InvalidJson { line, column, .. } => assert_eq!((line, column), (2, 14)),
        other => panic!("{other:?}"),
    }
    assert_eq!(err("[1, 2]"), FlowParseError::NotAnObject { found: "a list" });
    assert_eq!(err("\"flow\""), FlowParseError::NotAnObject { found: "a text string" });
    match err("{\"Resources\": {}, \"AWSTemplateFormatVersion\": \"2010-09-09\"}") {
        FlowParseError::NotAFlow { keys } => assert!(keys.contains("Resources"), "{keys}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(err("{\"Actions\": {}}"), FlowParseError::ActionsNotAList { found: "an object" });
    assert_eq!(err("{\"modules\": 3}"), FlowParseError::ModulesNotAList { found: "a number" });
    assert!(matches!(err("{\"ContactFlow\": {\"Content\": \"[]\"}}"), FlowParseError::DescribeContent { .. }));
    for e in [err(""), err("{"), err("[]"), err("{}"), err("{\"Actions\": 1}")] {
        let msg = e.to_string();
        assert!(msg.ends_with('.') && msg.len() > 30, "{msg}");
    }
    let deep = "[".repeat(10_000);
    assert!(matches!(err(&deep), FlowParseError::InvalidJson { .. }));
}

#[test]
fn describe_contact_flow_output_is_unwrapped() {
    let wrapped = json!({ "ContactFlow": { "Arn": "arn:…", "Name": "x", "Content": generated_json() } }).to_string();
    let report = lint_flow(&wrapped, &ctx_full()).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.notices.iter().any(|n| n.contains("Content of describe-contact-flow")));
}

#[test]
fn legacy_format_is_checked_as_far_as_possible() {
    let legacy = json!({
        "modules": [
            { "id": "log", "type": "SetLoggingBehavior", "branches": [ { "condition": "Success", "transition": "cap" } ],
              "parameters": [ { "name": "LoggingBehavior", "value": "Enable" } ] },
            { "id": "cap", "type": "StoreUserInput",
              "branches": [ { "condition": "Success", "transition": "attrs" }, { "condition": "Error", "transition": "end" } ],
              "parameters": [ { "name": "Text", "value": "Card number please" }, { "name": "CustomerInputType", "value": "Custom" },
                              { "name": "MaxDigits", "value": 20 }, { "name": "EncryptEntry", "value": false } ] },
            { "id": "attrs", "type": "SetAttributes", "branches": [ { "condition": "Success", "transition": "lambda" } ],
              "parameters": [ { "name": "Attribute", "key": "Card", "value": "Stored customer input", "namespace": "System" } ] },
            { "id": "lambda", "type": "InvokeExternalResource", "target": "Lambda",
              "branches": [ { "condition": "Success", "transition": "say" }, { "condition": "Error", "transition": "end" } ],
              "parameters": [ { "name": "FunctionArn", "value": LAMBDA_ARN }, { "name": "TimeLimit", "value": "12" },
                              { "name": "Parameter", "key": "card", "value": "Stored customer input", "namespace": "System" } ] },
            { "id": "say", "type": "PlayPrompt", "branches": [ { "condition": "Success", "transition": "end" } ],
              "parameters": [ { "name": "Text", "value": "You said $.External.card" } ] },
            { "id": "end", "type": "Disconnect", "branches": [], "parameters": [] }
        ],
        "version": "1", "start": "log", "type": "contactFlow"
    });
    let report = lint_flow(&legacy.to_string(), &LintContext::default()).unwrap();
    assert_eq!(report.format, FlowFormat::Legacy);
    for rule in [
        RuleId::LegacyFormat,
        RuleId::EncMissing,
        RuleId::AttrPlaintext,
        RuleId::LogOnDuringCapture,
        RuleId::LambdaTimeout,
        RuleId::PromptSpeaksSecret,
    ] {
        assert!(report.has(rule), "{} missing: {:#?}", rule.id(), report.findings);
    }
    // Flow-language-only rules stay quiet.
    for rule in [RuleId::FlowVersion, RuleId::ErrorBranchMissing, RuleId::IdInvalid, RuleId::LambdaResponseValidation] {
        assert!(!report.has(rule), "{}", rule.id());
    }
    assert!(report.notices.iter().any(|n| n.contains("Older export format")));

    // The same flow with Disable, encryption on and no attribute copy is much quieter.
    let mut fixed = legacy.clone();
    fixed["modules"][0]["parameters"][0]["value"] = json!("Disable");
    fixed["modules"][1]["parameters"][3]["value"] = json!(true);
    fixed["modules"][1]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "EncryptionKeyId", "value": KEY_ID }));
    fixed["modules"][1]["parameters"].as_array_mut().unwrap().push(json!({ "name": "EncryptionKey", "value": cert() }));
    fixed["modules"][2]["parameters"][0]["namespace"] = Value::Null;
    fixed["modules"][3]["parameters"][1]["value"] = json!("8");
    fixed["modules"][4]["parameters"][0]["value"] = json!("Thank you");
    let report = lint_flow(&fixed.to_string(), &LintContext::default()).unwrap();
    let rules: Vec<_> = report.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [RuleId::LogNotRestored, RuleId::LegacyFormat], "{:#?}", report.findings);
}

/// Replaces every value in the generated flow, one at a time, by values of other types: the
/// linter must return a report or an error, never panic.
#[test]
fn damaged_flows_never_panic() {
    let base: Value = serde_json::from_str(&generated_json()).unwrap();
    let replacements = [Value::Null, json!(7), json!("x"), json!([]), json!({}), json!("$.StoredCustomerInput")];
    let mut paths = Vec::new();
    collect_paths(&base, &mut Vec::new(), &mut paths);
    assert!(paths.len() > 100);
    let ctx = ctx_full();
    let mut linted = 0;
    for path in &paths {
        for r in &replacements {
            let mut v = base.clone();
            *pointer_mut(&mut v, path) = r.clone();
            if lint_flow(&v.to_string(), &ctx).is_ok() {
                linted += 1;
            }
        }
    }
    assert!(linted > paths.len());
    // Truncations of the text.
    let text = generated_json();
    for cut in (0..text.len()).step_by(53) {
        if text.is_char_boundary(cut) {
            let _ = lint_flow(&text[..cut], &ctx);
        }
    }
}

fn collect_paths(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(k.clone());
                collect_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                prefix.push(i.to_string());
                collect_paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn pointer_mut<'a>(v: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match v {
        Value::Object(m) => m.get_mut(k).unwrap(),
        Value::Array(a) => &mut a[k.parse::<usize>().unwrap()],
        _ => unreachable!(),
    })
}

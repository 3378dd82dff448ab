//! `flowkeys lint` as a CI step would run it: formats, --fail-on, --quality, --secret /
//! --not-secret, exit codes 0/1/2/3, folders with skipped files.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn flowkeys(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flowkeys")).args(args).current_dir(dir).output().expect("run flowkeys")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// logging on → store (prompt, max digits, no encryption) → copy to an attribute → end.
fn flow(prompt: Option<&str>, max: &str) -> String {
    let mut params =
        json!({ "StoreInput": "True", "InputValidation": { "CustomValidation": { "MaximumLength": max } } });
    if let Some(p) = prompt {
        params["Text"] = json!(p);
    }
    serde_json::to_string_pretty(&json!({
        "Version": "2019-10-30", "StartAction": "log", "Metadata": {},
        "Actions": [
            { "Identifier": "log", "Type": "UpdateFlowLoggingBehavior", "Parameters": { "FlowLoggingBehavior": "Enabled" }, "Transitions": { "NextAction": "store" } },
            { "Identifier": "store", "Type": "GetParticipantInput", "Parameters": params,
              "Transitions": { "NextAction": "save", "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": "end" } ] } },
            { "Identifier": "save", "Type": "UpdateContactAttributes", "Parameters": { "Attributes": { "value": "$.StoredCustomerInput" } },
              "Transitions": { "NextAction": "end" } },
            { "Identifier": "end", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} }
        ]
    }))
    .unwrap()
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("flows")).unwrap();
    std::fs::write(dir.path().join("flows/card.json"), flow(Some("Enter your card number."), "16")).unwrap();
    std::fs::write(dir.path().join("flows/extension.json"), flow(Some("Enter the extension."), "4")).unwrap();
    std::fs::write(dir.path().join("notes.md"), "# notes").unwrap();
    dir
}

#[test]
fn text_output_and_exit_1_on_a_leak() {
    let dir = folder();
    let o = flowkeys(&["lint", "flows", "notes.md"], dir.path());
    let out = stdout(&o);
    assert_eq!(code(&o), 3, "notes.md was named explicitly and is not a flow source: {out}");
    let o = flowkeys(&["lint", "."], dir.path());
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    assert!(out.contains("./flows/card.json: store: error[E-ENC-MISSING]: "), "{out}");
    assert!(out.contains("evidence: treated as secret: the prompt says “card number”; up to 16 digits"), "{out}");
    assert!(out.contains("Leaks card data: 3 problems"), "{out}");
    assert!(out.contains("extension.json: No security problems found"), "{out}");
    assert!(out.contains("notes.md: skipped: "), "{out}");
    // The quality finding (missing error branch on Set contact attributes) only with --quality.
    assert!(!out.contains("W-ERROR-BRANCH-MISSING"), "{out}");
    let o = flowkeys(&["lint", "--quality", "flows"], dir.path());
    assert!(stdout(&o).contains("save: warning[W-ERROR-BRANCH-MISSING]"), "{}", stdout(&o));
}

#[test]
fn fail_on_levels() {
    let dir = folder();
    std::fs::remove_file(dir.path().join("flows/card.json")).unwrap();
    // The extension flow has only a note (I-INPUT-NOT-SECRET) and a quality warning.
    assert_eq!(code(&flowkeys(&["lint", "flows"], dir.path())), 0);
    assert_eq!(code(&flowkeys(&["lint", "--fail-on", "warning", "flows"], dir.path())), 0);
    assert_eq!(code(&flowkeys(&["lint", "--fail-on", "warning", "--quality", "flows"], dir.path())), 1);
    assert_eq!(code(&flowkeys(&["lint", "--fail-on", "info", "flows"], dir.path())), 1);
    std::fs::write(dir.path().join("flows/card.json"), flow(Some("Enter your card number."), "16")).unwrap();
    assert_eq!(code(&flowkeys(&["lint", "--fail-on", "never", "flows"], dir.path())), 0);
}

#[test]
fn overrides_settle_unknown_inputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("unknown.json"), flow(None, "8")).unwrap();
    let o = flowkeys(&["lint", "unknown.json"], dir.path());
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("warning[W-INPUT-SENSITIVITY-UNKNOWN]"), "{}", stdout(&o));
    assert!(stdout(&o).contains("--secret store"), "{}", stdout(&o));
    assert_eq!(code(&flowkeys(&["lint", "--fail-on", "warning", "unknown.json"], dir.path())), 1);
    let o = flowkeys(&["lint", "--secret", "store", "unknown.json"], dir.path());
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("marked secret for this run"), "{}", stdout(&o));
    let o = flowkeys(&["lint", "--not-secret", "store", "--fail-on", "warning", "unknown.json"], dir.path());
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn json_and_sarif() {
    let dir = folder();
    let o = flowkeys(&["lint", "--format", "json", "flows"], dir.path());
    assert_eq!(code(&o), 1);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let card =
        v["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with("card.json")).unwrap();
    let finding = &card["flows"][0]["findings"][0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["action_id"], "store");
    assert!(finding["evidence"].as_str().unwrap().contains("card number"));
    let o = flowkeys(&["lint", "--format", "sarif", "flows"], dir.path());
    let v: Value = serde_json::from_slice(&o.stdout).expect("SARIF JSON");
    assert_eq!(v["version"], "2.1.0");
    let result = &v["runs"][0]["results"][0];
    assert!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().starts_with("flows/"),
        "{result}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = folder();
    for args in [
        vec!["lint"],
        vec!["lint", "--format", "xml", "flows"],
        vec!["lint", "--fail-on", "sometimes", "flows"],
        vec!["lint", "--secret", "store", "--not-secret", "store", "flows"],
    ] {
        let o = flowkeys(&args, dir.path());
        assert_eq!(code(&o), 2, "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn unreadable_inputs_exit_3() {
    let dir = folder();
    std::fs::write(dir.path().join("flows/broken.json"), "{\"Actions\": [").unwrap();
    let o = flowkeys(&["lint", "flows"], dir.path());
    assert_eq!(code(&o), 3, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("broken.json: error: cannot read: it looks like JSON but is not valid JSON (line 1"),
        "{}",
        stdout(&o)
    );
    assert_eq!(code(&flowkeys(&["lint", "missing.json"], dir.path())), 3);
}

//! Output formats and exit status: compiler-like text, JSON with one object per flow and per
//! finding, SARIF 2.1.0 with rule metadata and locations. The SARIF written here is also
//! validated against the official schema by scripts/test.sh (see `sarif_for_validation`).
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::cast_possible_truncation, clippy::indexing_slicing, clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::*;
use flowkeys_connect::flow::report::{exit_status, to_json, to_sarif, to_text, FailOn, ReportOptions};
use flowkeys_connect::flow::source::{walk, WalkEntry};
use flowkeys_connect::{LintContext, Overrides};
use serde_json::{json, Value};

fn leaky_flow() -> String {
    let mut actions = replace(good_actions(), "store", store("store", "save", "on-error"));
    actions.push(set_attrs("save", json!({ "EncryptedCreditCard": "$.StoredCustomerInput" }), "decrypt"));
    // A quality finding too: a Play prompt without an error branch.
    let mut msg = message("thanks", "Thank you.", "end");
    msg["Transitions"]["Errors"] = json!([]);
    doc("off", replace(actions, "thanks", msg))
}

/// A folder with a leaky flow, a clean one, a CloudFormation template and a README.
fn sample_dir(d: &Path) {
    std::fs::write(d.join("leaky.json"), leaky_flow()).unwrap();
    std::fs::write(d.join("secure.json"), generated_json()).unwrap();
    std::fs::write(d.join("README.md"), "# flows").unwrap();
    let template = json!({ "Resources": { "CardFlow": { "Type": "AWS::Connect::ContactFlow", "Properties": { "Content": leaky_flow() } } } });
    std::fs::write(d.join("stack.json"), serde_json::to_string_pretty(&template).unwrap()).unwrap();
}

fn run(d: &Path) -> Vec<WalkEntry> {
    walk(&[d.to_path_buf()], &LintContext::default(), &Overrides::new())
}

#[test]
fn text_reads_like_a_compiler() {
    let dir = tempfile::tempdir().unwrap();
    sample_dir(dir.path());
    let entries = run(dir.path());
    let text = to_text(&entries, ReportOptions::default());
    let leaky = format!("{}", dir.path().join("leaky.json").display());
    let line = format!("{leaky}: save: error[E-ATTR-CIPHERTEXT]: ");
    assert!(text.contains(&line), "{text}");
    assert!(text.contains("    evidence: treated as secret: encryption is on"), "{text}");
    assert!(text.contains("    fix: Remove this attribute"), "{text}");
    assert!(
        text.contains(&format!("{leaky}: Leaks card data: 1 problem (1 quality finding not shown; add --quality)")),
        "{text}"
    );
    assert!(text.contains("stack.json: CardFlow: Leaks card data"), "{text}");
    assert!(text.contains("secure.json: No security problems found"), "{text}");
    assert!(text.contains("README.md: skipped: "), "{text}");
    assert!(!text.contains("W-ERROR-BRANCH-MISSING"), "{text}");
    assert!(
        text.trim_end().ends_with(
            "3 flows in 3 files checked: 2 with security problems; 1 file skipped; 2 quality findings not shown."
        ),
        "{text}"
    );
    let with_quality = to_text(&entries, ReportOptions { quality: true });
    assert!(with_quality.contains("thanks: warning[W-ERROR-BRANCH-MISSING]"), "{with_quality}");
}

#[test]
fn json_has_one_object_per_flow_and_finding() {
    let dir = tempfile::tempdir().unwrap();
    sample_dir(dir.path());
    let v = to_json(&run(dir.path()), ReportOptions::default());
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    let readme = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("README.md")).unwrap();
    assert_eq!(readme["status"], "skipped");
    assert!(readme["reason"].as_str().unwrap().len() > 10);
    let stack = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("stack.json")).unwrap();
    assert_eq!(stack["kind"], "cloud_formation_json");
    let flow = &stack["flows"][0];
    assert_eq!(flow["name"], "CardFlow");
    assert_eq!(flow["verdict"]["status"], "leaks");
    assert_eq!(flow["inputs"][0]["sensitivity"], "secret");
    let finding = &flow["findings"][0];
    for key in ["rule", "severity", "action_id", "message", "fix", "evidence", "group", "line"] {
        assert!(!finding[key].is_null(), "{key}: {finding}");
    }
    assert_eq!(finding["rule"], "E-ATTR-CIPHERTEXT");
    assert_eq!(finding["severity"], "error");
    assert!(finding["line"].as_u64().unwrap() > 1, "the line of the action in the template");
}

#[test]
fn sarif_has_rules_results_and_locations() {
    let dir = tempfile::tempdir().unwrap();
    sample_dir(dir.path());
    let v = to_sarif(&run(dir.path()), ReportOptions { quality: true });
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), flowkeys_connect::RuleId::ALL.len());
    let results = run["results"].as_array().unwrap();
    let copy = results.iter().find(|r| r["ruleId"] == "E-ATTR-CIPHERTEXT").unwrap();
    assert_eq!(rules[copy["ruleIndex"].as_u64().unwrap() as usize]["id"], "E-ATTR-CIPHERTEXT");
    assert_eq!(copy["level"], "error");
    let loc = &copy["locations"][0];
    assert!(loc["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with(".json"));
    assert!(loc["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
    assert_eq!(loc["logicalLocations"][1]["name"], "save");
    assert!(results.iter().any(|r| r["level"] == "warning" && r["ruleId"] == "W-ERROR-BRANCH-MISSING"));
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(notes.iter().any(|n| n["message"]["text"].as_str().unwrap().contains("README.md skipped")));
}

#[test]
fn exit_status_follows_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secure.json"), generated_json()).unwrap();
    let clean = run(dir.path());
    let q = ReportOptions { quality: true };
    assert_eq!(exit_status(&clean, ReportOptions::default(), FailOn::Info), 0);
    std::fs::write(dir.path().join("leaky.json"), leaky_flow()).unwrap();
    let leaky = run(dir.path());
    assert_eq!(exit_status(&leaky, ReportOptions::default(), FailOn::Error), 1);
    assert_eq!(exit_status(&leaky, ReportOptions::default(), FailOn::Never), 0);
    // Only a quality warning: fails on warning only when quality is shown.
    let mut msg = message("thanks", "Thank you.", "end");
    msg["Transitions"]["Errors"] = json!([]);
    std::fs::write(dir.path().join("leaky.json"), doc("off", replace(good_actions(), "thanks", msg))).unwrap();
    let quality_only = run(dir.path());
    assert_eq!(exit_status(&quality_only, ReportOptions::default(), FailOn::Warning), 0);
    assert_eq!(exit_status(&quality_only, q, FailOn::Warning), 1);
    assert_eq!(exit_status(&quality_only, q, FailOn::Error), 0);
    std::fs::write(dir.path().join("broken.json"), "{\"Actions\": [").unwrap();
    assert_eq!(exit_status(&run(dir.path()), q, FailOn::Never), 3);
}

/// Writes the SARIF of a sample folder to `$FLOWKEYS_SARIF_OUT` (scripts/test.sh validates it
/// against the official SARIF 2.1.0 schema); does nothing when the variable is unset.
#[test]
fn sarif_for_validation() {
    let Some(out) = std::env::var_os("FLOWKEYS_SARIF_OUT") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    sample_dir(dir.path());
    std::fs::write(dir.path().join("broken.json"), "{\"Actions\": [").unwrap();
    let v: Value = to_sarif(&run(dir.path()), ReportOptions { quality: true });
    std::fs::write(out, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

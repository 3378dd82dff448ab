//! SARIF 2.1.0 (OASIS), the format code-scanning dashboards read: rule metadata for every rule,
//! one result per shown finding located at its file and the line of its action, the flow and
//! action as logical locations, and skipped or unreadable files as notifications.

use serde_json::{json, Value};

use super::ReportOptions;
use crate::flow::lint::{RuleGroup, RuleId, Severity};
use crate::flow::source::{WalkEntry, WalkOutcome};

/// The SARIF schema this output follows.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A URI for a path: a relative reference for relative paths (what code-scanning dashboards
/// resolve against the repository), a `file://` URI for absolute ones; forward slashes, with
/// spaces and reserved characters escaped.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    if out.starts_with('/') {
        return format!("file://{out}");
    }
    if out.as_bytes().get(1) == Some(&b':') {
        return format!("file:///{out}");
    }
    out.strip_prefix("./").map(str::to_owned).unwrap_or(out)
}

/// The report as a SARIF 2.1.0 log.
pub fn to_sarif(entries: &[WalkEntry], options: ReportOptions) -> Value {
    let rules: Vec<Value> = RuleId::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": r.id().split('-').skip(1).map(|w| {
                    let lower = w.to_lowercase();
                    let mut c = lower.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": { "text": r.title() },
                "defaultConfiguration": { "level": level(r.severity()) },
                "properties": {
                    "tags": [match r.group() { RuleGroup::Security => "security", RuleGroup::Quality => "quality" }, "amazon-connect"],
                },
            })
        })
        .collect();
    let index_of = |r: RuleId| RuleId::ALL.iter().position(|x| *x == r).unwrap_or(0);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for entry in entries {
        let path = entry.path.display().to_string();
        match &entry.outcome {
            WalkOutcome::Skipped(why) => notifications.push(json!({
                "level": "note",
                "message": { "text": format!("{path} skipped: {why}") },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": uri(&path) } } } ],
            })),
            WalkOutcome::Unreadable(why) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{path} could not be read: {why}") },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": uri(&path) } } } ],
            })),
            WalkOutcome::Linted(source) => {
                for flow in &source.flows {
                    let Some(report) = &flow.report else {
                        notifications.push(json!({
                            "level": if flow.unresolved { "note" } else { "error" },
                            "message": { "text": format!("{path}: {} not linted: {}", flow.name, flow.error.as_deref().unwrap_or("unreadable")) },
                            "locations": [ { "physicalLocation": { "artifactLocation": { "uri": uri(&path) }, "region": { "startLine": flow.line } } } ],
                        }));
                        continue;
                    };
                    for f in report.findings.iter().filter(|f| options.shows(f)) {
                        let line =
                            f.action_id.as_ref().and_then(|a| flow.lines.get(a)).copied().unwrap_or(flow.line).max(1);
                        let mut logical = vec![json!({ "name": flow.name, "kind": "module" })];
                        if let Some(a) = &f.action_id {
                            logical.push(json!({ "name": a, "fullyQualifiedName": format!("{}/{a}", flow.name), "kind": "member" }));
                        }
                        let mut text = f.message.clone();
                        if let Some(e) = &f.evidence {
                            text.push_str(&format!(" ({e})"));
                        }
                        text.push_str(&format!(" Fix: {}", f.fix));
                        results.push(json!({
                            "ruleId": f.rule.id(),
                            "ruleIndex": index_of(f.rule),
                            "level": level(f.severity),
                            "message": { "text": text },
                            "locations": [ {
                                "physicalLocation": { "artifactLocation": { "uri": uri(&path) }, "region": { "startLine": line } },
                                "logicalLocations": logical,
                            } ],
                            "partialFingerprints": { "flowkeysFinding/v1": format!("{}:{}:{}", flow.name, f.action_id.as_deref().unwrap_or(""), f.rule.id()) },
                            "properties": {
                                "flow": flow.name,
                                "group": f.group,
                                "fix": f.fix,
                                "evidence": f.evidence,
                                "verdict": report.verdict.headline,
                            },
                        }));
                    }
                }
            }
        }
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": {
                "name": "flowkeys",
                "fullName": "flowkeys lint (Amazon Connect flow linter)",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "invocations": [ { "executionSuccessful": true, "toolExecutionNotifications": notifications } ],
            "columnKind": "unicodeCodePoints",
            "results": results,
        } ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(uri("./flows/my flow#1.json"), "flows/my%20flow%231.json");
        assert_eq!(uri("a\\b.json"), "a/b.json");
        assert_eq!(uri("/tmp/x y.json"), "file:///tmp/x%20y.json");
        assert_eq!(uri("C:\\x.json"), "file:///C:/x.json");
    }
}

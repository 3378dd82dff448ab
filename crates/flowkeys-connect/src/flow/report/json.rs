//! JSON: one object per file, per flow and per finding, for scripts and dashboards.

use serde_json::{json, Value};

use super::{severity_word, ReportOptions};
use crate::flow::source::{WalkEntry, WalkOutcome};

/// The report as a JSON document:
/// `{"files": [{"path", "status", "kind"?, "reason"?, "flows": [{"name", "verdict", "inputs",
/// "findings": [{"rule", "severity", "group", "action_id", "message", "fix", "evidence"}],
/// "notices", "error"?}]}]}`.
pub fn to_json(entries: &[WalkEntry], options: ReportOptions) -> Value {
    let files: Vec<Value> = entries
        .iter()
        .map(|e| {
            let path = e.path.display().to_string();
            match &e.outcome {
                WalkOutcome::Skipped(why) => json!({ "path": path, "status": "skipped", "reason": why }),
                WalkOutcome::Unreadable(why) => json!({ "path": path, "status": "unreadable", "reason": why }),
                WalkOutcome::Linted(source) => {
                    let flows: Vec<Value> = source
                        .flows
                        .iter()
                        .map(|f| match &f.report {
                            None => json!({ "name": f.name, "error": f.error, "unresolved": f.unresolved }),
                            Some(r) => json!({
                                "name": f.name,
                                "format": r.format,
                                "actions": r.actions,
                                "verdict": r.verdict,
                                "inputs": r.inputs,
                                "findings": r.findings.iter().filter(|x| options.shows(x)).map(|x| json!({
                                    "rule": x.rule.id(),
                                    "title": x.rule.title(),
                                    "severity": severity_word(x.severity),
                                    "group": x.group,
                                    "action_id": x.action_id,
                                    "line": x.action_id.as_ref().and_then(|a| f.lines.get(a)).copied().unwrap_or(f.line),
                                    "message": x.message,
                                    "fix": x.fix,
                                    "evidence": x.evidence,
                                })).collect::<Vec<_>>(),
                                "notices": r.notices,
                            }),
                        })
                        .collect();
                    json!({ "path": path, "status": "linted", "kind": source.kind, "flows": flows })
                }
            }
        })
        .collect();
    json!({ "tool": "flowkeys lint", "version": env!("CARGO_PKG_VERSION"), "quality": options.quality, "files": files })
}

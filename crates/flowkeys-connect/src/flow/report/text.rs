//! Compiler-like text: one line per finding (`file: flow: action: severity[RULE]: message`),
//! with the evidence and the fix indented below, a verdict line per flow, and the files that
//! were skipped with the reason.

use std::fmt::Write;

use super::{count, severity_word, ReportOptions};
use crate::flow::lint::RuleGroup;
use crate::flow::source::{WalkEntry, WalkOutcome};

/// The report as text for a terminal or a CI log.
pub fn to_text(entries: &[WalkEntry], options: ReportOptions) -> String {
    let mut out = String::new();
    // Counts of files, flows and findings held in memory: they cannot reach usize::MAX.
    let (mut flows, mut files, mut skipped, mut unreadable, mut hidden) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut failing_flows = 0usize;
    for entry in entries {
        let path = entry.path.display().to_string();
        match &entry.outcome {
            WalkOutcome::Skipped(why) => {
                skipped = skipped.saturating_add(1);
                let _ = writeln!(out, "{path}: skipped: {why}");
            }
            WalkOutcome::Unreadable(why) => {
                unreadable = unreadable.saturating_add(1);
                let _ = writeln!(out, "{path}: error: cannot read: {why}");
            }
            WalkOutcome::Linted(source) => {
                files = files.saturating_add(1);
                for flow in &source.flows {
                    flows = flows.saturating_add(1);
                    // A plain flow file is its own only flow: name it once.
                    let here = if flow.name == path { path.clone() } else { format!("{path}: {}", flow.name) };
                    let Some(report) = &flow.report else {
                        let word = if flow.unresolved { "note" } else { "error" };
                        let _ = writeln!(
                            out,
                            "{here}: {word}: not linted: {}",
                            flow.error.as_deref().unwrap_or("unreadable")
                        );
                        continue;
                    };
                    for f in report.findings.iter().filter(|f| options.shows(f)) {
                        let action = f.action_id.as_deref().map(|a| format!("{a}: ")).unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "{here}: {action}{}[{}]: {}",
                            severity_word(f.severity),
                            f.rule.id(),
                            f.message
                        );
                        if let Some(e) = &f.evidence {
                            let _ = writeln!(out, "    evidence: {e}");
                        }
                        let _ = writeln!(out, "    fix: {}", f.fix);
                    }
                    let not_shown =
                        report.findings.iter().filter(|f| !options.shows(f) && f.group == RuleGroup::Quality).count();
                    hidden = hidden.saturating_add(not_shown);
                    let extra = if not_shown > 0 {
                        format!(
                            " ({} not shown; add --quality)",
                            count(not_shown, "quality finding", "quality findings")
                        )
                    } else if options.quality && report.verdict.quality_problems > 0 {
                        format!(" ({})", count(report.verdict.quality_problems, "quality problem", "quality problems"))
                    } else {
                        String::new()
                    };
                    if report.verdict.security_problems > 0 {
                        failing_flows = failing_flows.saturating_add(1);
                    }
                    let _ = writeln!(out, "{here}: {}{extra}", report.verdict.headline);
                }
            }
        }
    }
    let _ = write!(
        out,
        "{} in {} checked: {} with security problems",
        count(flows, "flow", "flows"),
        count(files, "file", "files"),
        failing_flows
    );
    if skipped > 0 {
        let _ = write!(out, "; {} skipped", count(skipped, "file", "files"));
    }
    if unreadable > 0 {
        let _ = write!(out, "; {} unreadable", count(unreadable, "input", "inputs"));
    }
    if hidden > 0 {
        let _ = write!(out, "; {} not shown", count(hidden, "quality finding", "quality findings"));
    }
    out.push_str(".\n");
    out
}

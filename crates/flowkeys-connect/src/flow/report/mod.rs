//! Writing lint results for people and machines: compiler-like text, JSON, and SARIF 2.1.0 for
//! code-scanning dashboards, plus the exit status a CI step needs.
//!
//! All three take the directory walk's entries, so what a file was, what was skipped and why,
//! and every flow's verdict and findings appear the same way in each.

mod json;
mod sarif;
mod text;

use serde::{Deserialize, Serialize};

use super::lint::summary::count;
use super::lint::{Finding, RuleGroup, Severity};
use super::source::{FlowResult, WalkEntry, WalkOutcome};

pub use json::to_json;
pub use sarif::to_sarif;
pub use text::to_text;

/// What to include.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Include the quality group (error branches, unreachable actions, limits…). Security
    /// findings are always included.
    pub quality: bool,
}

impl ReportOptions {
    /// Whether a finding is shown under these options.
    pub fn shows(&self, f: &Finding) -> bool {
        self.quality || f.group == RuleGroup::Security
    }
}

/// The lowest severity that fails a run (`--fail-on`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Any shown error.
    #[default]
    Error,
    /// Any shown error or warning.
    Warning,
    /// Any shown finding.
    Info,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => severity != Severity::Info,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// Exit status for a run: 3 when an input could not be read, else 1 when a shown finding is at
/// or above `fail_on`, else 0. (2, a usage error, is the CLI's own.)
pub fn exit_status(entries: &[WalkEntry], options: ReportOptions, fail_on: FailOn) -> u8 {
    let unreadable = entries.iter().any(|e| match &e.outcome {
        WalkOutcome::Unreadable(_) => true,
        WalkOutcome::Linted(r) => r.flows.iter().any(|f| f.error.is_some() && !f.unresolved),
        WalkOutcome::Skipped(_) => false,
    });
    if unreadable {
        return 3;
    }
    let failing = flows(entries)
        .flat_map(|(_, f)| f.report.iter().flat_map(|r| r.findings.iter()))
        .any(|f| options.shows(f) && fail_on.fails(f.severity));
    u8::from(failing)
}

/// Every linted flow with the path of its file.
fn flows(entries: &[WalkEntry]) -> impl Iterator<Item = (String, &FlowResult)> {
    entries.iter().flat_map(|e| {
        let path = e.path.display().to_string();
        let flows: &[FlowResult] = match &e.outcome {
            WalkOutcome::Linted(r) => &r.flows,
            _ => &[],
        };
        flows.iter().map(move |f| (path.clone(), f))
    })
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

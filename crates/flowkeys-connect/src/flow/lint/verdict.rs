//! The headline: what the findings mean for security, in one sentence.
//!
//! Counting "0 errors, 3 warnings" read as a pass for a flow that copies card data into contact
//! attributes. The headline instead names the outcome ("Leaks card data: 2 problems") and counts
//! only security findings; quality findings are counted separately.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{summary, Finding, RuleGroup, RuleId, Severity};
use crate::flow::sensitivity::{Judgement, Sensitivity};

/// The overall outcome, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictStatus {
    /// Secret input reaches an attribute, a log, a prompt or plain storage on some path.
    Leaks,
    /// It may do so (logging inherited from the calling flow).
    MayLeak,
    /// Secure capture is set up wrongly (certificate, Key ID…) and will fail or is unsafe.
    Misconfigured,
    /// Nothing wrong for sure, but something needs a decision (for example an input of unknown
    /// sensitivity).
    NeedsReview,
    /// No security finding at warning or error level.
    Clean,
}

impl VerdictStatus {
    /// Every status, worst first.
    pub const ALL: [VerdictStatus; 5] = [
        VerdictStatus::Leaks,
        VerdictStatus::MayLeak,
        VerdictStatus::Misconfigured,
        VerdictStatus::NeedsReview,
        VerdictStatus::Clean,
    ];

    /// A stable machine name, the same as in JSON output: `leaks`, `may_leak`, `misconfigured`,
    /// `needs_review`, `clean`. The console writes it into `data-verdict`, so styles and tests
    /// do not depend on Rust's `Debug` spelling.
    pub fn name(self) -> &'static str {
        match self {
            VerdictStatus::Leaks => "leaks",
            VerdictStatus::MayLeak => "may_leak",
            VerdictStatus::Misconfigured => "misconfigured",
            VerdictStatus::NeedsReview => "needs_review",
            VerdictStatus::Clean => "clean",
        }
    }
}

/// The headline of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// The outcome.
    pub status: VerdictStatus,
    /// One sentence for people: "Leaks card data: 2 problems", "No security problems found".
    pub headline: String,
    /// Security findings at warning or error level.
    pub security_problems: usize,
    /// Quality findings at warning or error level.
    pub quality_problems: usize,
}

/// Rules whose findings mean secret input ends up where it must not.
const LEAKS: &[RuleId] = &[
    RuleId::EncMissing,
    RuleId::AttrPlaintext,
    RuleId::AttrCiphertext,
    RuleId::LogOnDuringCapture,
    RuleId::LogUnknownDuringCapture,
    RuleId::PromptSpeaksSecret,
    RuleId::EncPrivateKey,
];

pub(super) fn verdict(findings: &[Finding], judgements: &BTreeMap<usize, Judgement>) -> Verdict {
    let problems =
        |group: RuleGroup| findings.iter().filter(|f| f.group == group && f.severity != Severity::Info).count();
    let security_problems = problems(RuleGroup::Security);
    let quality_problems = problems(RuleGroup::Quality);
    let security: Vec<&Finding> =
        findings.iter().filter(|f| f.group == RuleGroup::Security && f.severity != Severity::Info).collect();
    let leak_at = |severity: Severity| security.iter().any(|f| f.severity == severity && LEAKS.contains(&f.rule));
    let card = judgements.values().any(|j| j.card && j.input.sensitivity == Sensitivity::Secret);
    let data = if card { "card data" } else { "secret input" };
    let count = summary::count(security_problems, "problem", "problems");
    let (status, headline) = if leak_at(Severity::Error) {
        (VerdictStatus::Leaks, format!("Leaks {data}: {count}"))
    } else if leak_at(Severity::Warning) {
        (VerdictStatus::MayLeak, format!("May leak {data}: {count}"))
    } else if security.iter().any(|f| f.severity == Severity::Error) {
        (VerdictStatus::Misconfigured, format!("Secure input is misconfigured: {count}"))
    } else if !security.is_empty() && security.iter().all(|f| f.rule == RuleId::InputSensitivityUnknown) {
        (
            VerdictStatus::NeedsReview,
            format!(
                "Needs review: {} may hold secrets; mark {}",
                summary::count(security.len(), "stored input", "stored inputs"),
                if security.len() == 1 { "it" } else { "them" }
            ),
        )
    } else if !security.is_empty() {
        (VerdictStatus::NeedsReview, format!("Needs review: {count}"))
    } else {
        (VerdictStatus::Clean, "No security problems found".to_owned())
    };
    Verdict { status, headline, security_problems, quality_problems }
}

#[cfg(test)]
mod tests {
    use super::VerdictStatus;

    #[test]
    fn names_are_the_json_names() {
        for status in VerdictStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), serde_json::Value::from(status.name()));
        }
        let mut sorted = VerdictStatus::ALL;
        sorted.sort();
        assert_eq!(sorted, VerdictStatus::ALL, "ALL is worst first");
    }
}

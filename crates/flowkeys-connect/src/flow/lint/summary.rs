//! The sentences a report is shown with: the count line under the headline, the line that
//! stands in for an empty list of security findings, and what a screen reader announces.
//!
//! They live here, not in the console, so the console, the CLI and the tests count and
//! pluralise one way (a component only renders them).

use super::{LintReport, RuleGroup, Severity};

/// "1 error", "2 warnings".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl LintReport {
    /// The count line under the headline: "No findings in 6 actions: this flow follows the
    /// three practices." or "1 error, 2 warnings, 0 notes in 9 actions.".
    pub fn summary(&self) -> String {
        if self.findings.is_empty() {
            format!(
                "No findings in {}: this flow follows the three practices.",
                count(self.actions, "action", "actions")
            )
        } else {
            format!(
                "{}, {}, {} in {}.",
                count(self.count(Severity::Error), "error", "errors"),
                count(self.count(Severity::Warning), "warning", "warnings"),
                count(self.count(Severity::Info), "note", "notes"),
                count(self.actions, "action", "actions")
            )
        }
    }

    /// The most serious finding's severity (both groups); `None` without findings. Tells a
    /// display how to colour the count line.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }

    /// What stands where the security findings would be when there are none: the verdict,
    /// said with what was checked, so an empty list never looks like a missing one.
    pub fn security_note(&self) -> Option<String> {
        if self.in_group(RuleGroup::Security).next().is_some() {
            return None;
        }
        let checked = if self.inputs.is_empty() {
            "this flow stores no customer input".to_owned()
        } else {
            format!(
                "{} checked on every path from the start",
                count(self.inputs.len(), "stored customer input", "stored customer inputs")
            )
        };
        Some(format!("{}: {checked}.", self.verdict.headline))
    }

    /// What a screen reader hears when the report appears: the headline, then the count line.
    pub fn announcement(&self) -> String {
        format!("{}. {}", self.verdict.headline, self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{lint_flow, LintContext, Overrides};
    use super::*;
    use crate::flow::{lint_flow_with, VerdictStatus};

    fn flow(actions: serde_json::Value, start: &str) -> String {
        serde_json::json!({"Version": "2019-10-30", "StartAction": start, "Metadata": {}, "Actions": actions})
            .to_string()
    }

    fn bye(id: &str) -> serde_json::Value {
        serde_json::json!({"Identifier": id, "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}})
    }

    fn stored(id: &str, text: &str, max: &str) -> serde_json::Value {
        serde_json::json!({"Identifier": id, "Type": "GetParticipantInput",
            "Parameters": {"Text": text, "StoreInput": "True",
                "InputValidation": {"CustomValidation": {"MaximumLength": max}}},
            "Transitions": {"NextAction": "bye", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bye"}]}})
    }

    #[test]
    fn plurals_and_counts() {
        assert_eq!(count(0, "error", "errors"), "0 errors");
        assert_eq!(count(1, "error", "errors"), "1 error");
        assert_eq!(count(2, "note", "notes"), "2 notes");
    }

    #[test]
    fn clean_flow_says_so_with_its_size() {
        let rep = lint_flow(&flow(serde_json::json!([bye("bye")]), "bye"), &LintContext::default()).unwrap();
        assert_eq!(rep.summary(), "No findings in 1 action: this flow follows the three practices.");
        assert_eq!(rep.worst(), None);
        assert_eq!(rep.security_note().unwrap(), "No security problems found: this flow stores no customer input.");
        assert_eq!(
            rep.announcement(),
            "No security problems found. No findings in 1 action: this flow follows the three practices."
        );
    }

    #[test]
    fn findings_are_counted_per_severity() {
        // An unknown 4-digit input (one warning) and an action nothing leads to (one note).
        let text =
            flow(serde_json::json!([stored("ask", "Enter the four digits.", "4"), bye("orphan"), bye("bye")]), "ask");
        let rep = lint_flow(&text, &LintContext::default()).unwrap();
        assert_eq!(rep.summary(), "0 errors, 1 warning, 1 note in 3 actions.");
        assert_eq!(rep.worst(), Some(Severity::Warning));
        // A security finding is listed, so nothing stands in for the list.
        assert_eq!(rep.security_note(), None);
        assert!(rep.announcement().starts_with("Needs review: 1 stored input may hold secrets; mark it. 0 errors"));

        let mut not_secret = Overrides::new();
        not_secret.not_secret("ask");
        let rep = lint_flow_with(&text, &LintContext::default(), &not_secret).unwrap();
        assert_eq!(rep.verdict.status, VerdictStatus::Clean);
        // The harmless input's note is a security-group finding, so it is listed instead.
        assert_eq!(rep.security_note(), None);
    }

    #[test]
    fn security_note_counts_the_inputs_it_checked() {
        let mut rep = lint_flow(
            &flow(serde_json::json!([stored("ask", "Enter the four digits.", "4"), bye("bye")]), "ask"),
            &LintContext::default(),
        )
        .unwrap();
        rep.findings.clear();
        rep.verdict.headline = "No security problems found".into();
        assert_eq!(
            rep.security_note().unwrap(),
            "No security problems found: 1 stored customer input checked on every path from the start."
        );
        assert_eq!(rep.worst(), None);
    }
}

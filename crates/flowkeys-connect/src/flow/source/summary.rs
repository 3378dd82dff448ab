//! The sentences a whole source is shown with in the console: one headline over all the flows
//! a template holds, a count line, the worst verdict, and an admin-facing sentence for a source
//! that could not be read.
//!
//! A single flow is shown exactly as its own report says; a CloudFormation template or a
//! Terraform file gets a headline over its flows, and each flow keeps its own verdict under its
//! logical ID or resource address.

use super::{SourceError, SourceKind, SourceReport};
use crate::flow::lint::summary::count;
use crate::flow::lint::{LintReport, VerdictStatus};

/// The name [`SourceReport::status_name`] gives a source none of whose flows could be linted.
pub const NOT_LINTED: &str = "not_linted";

/// What the browser answers when a template names another file (Terraform `filename`,
/// `file(…)`): the page has only the file it was given, and says so instead of guessing.
pub fn only_this_file(path: &str) -> Result<Vec<u8>, String> {
    Err(format!("the page reads only the file it is given; paste or drop {path} itself to lint it"))
}

impl SourceReport {
    /// Whether this is one plain flow (a flow export or describe-contact-flow output), shown
    /// without a per-flow heading, as opposed to a template that names each of its flows.
    pub fn is_single_flow(&self) -> bool {
        self.kind == SourceKind::Flow && self.flows.len() == 1
    }

    /// The flows that could be linted.
    fn reports(&self) -> impl Iterator<Item = &LintReport> {
        self.flows.iter().filter_map(|f| f.report.as_ref())
    }

    /// For a plain flow that could not be read: why, as a sentence to show instead of a report.
    pub fn single_flow_error(&self) -> Option<&str> {
        if !self.is_single_flow() {
            return None;
        }
        self.flows.first().and_then(|f| f.error.as_deref())
    }

    /// The worst verdict of the flows that could be linted.
    pub fn status(&self) -> Option<VerdictStatus> {
        self.reports().map(|r| r.verdict.status).min()
    }

    /// [`VerdictStatus::name`] of the worst verdict, or [`NOT_LINTED`].
    pub fn status_name(&self) -> &'static str {
        self.status().map_or(NOT_LINTED, VerdictStatus::name)
    }

    /// One sentence over the whole source. A source with one linted flow says what that flow's
    /// verdict says; a template with several names how many have security problems.
    pub fn headline(&self) -> String {
        let total = self.flows.len();
        let linted = self.reports().count();
        if let ([flow], 1) = (self.flows.as_slice(), linted) {
            if let Some(report) = &flow.report {
                return report.verdict.headline.clone();
            }
        }
        // `linted` counts some of the `total` flows, so this never saturates.
        let not_linted = total.saturating_sub(linted);
        let rest = if not_linted > 0 { format!("; {not_linted} not linted") } else { String::new() };
        let troubled = self.reports().filter(|r| r.verdict.security_problems > 0).count();
        if linted == 0 {
            format!("{} found; none could be linted here", count(total, "flow", "flows"))
        } else if troubled == 0 {
            format!("No security problems found in {}{rest}", count(linted, "flow", "flows"))
        } else {
            format!("Security problems in {troubled} of {}{rest}", count(linted, "linted flow", "linted flows"))
        }
    }

    /// The count line under the headline: a plain flow's own count line, or what the source
    /// was read as and how many flows it holds.
    pub fn summary(&self) -> String {
        if self.is_single_flow() {
            if let Some(report) = self.reports().next() {
                return report.summary();
            }
        }
        let total = self.flows.len();
        let linted = self.reports().count();
        format!("{}: {} found, {linted} linted.", capitalised(self.kind.describe()), count(total, "flow", "flows"))
    }

    /// What a screen reader hears when the result appears.
    pub fn announcement(&self) -> String {
        format!("{}. {}", self.headline(), self.summary())
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl SourceError {
    /// The error as a sentence for someone who pasted or dropped the text.
    pub fn sentence(&self) -> String {
        match self {
            SourceError::Malformed(m) => format!("This cannot be linted: {m}. Paste or drop the whole file without changes."),
            SourceError::NotRecognised(m) => format!(
                "This is not a flow: {m}. Paste or drop a flow exported from Amazon Connect (or the output of aws connect describe-contact-flow), a CloudFormation template or a Terraform file with an Amazon Connect flow."
            ),
            other => format!("This cannot be linted: {other}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{LintContext, Overrides};

    fn lint(name: &str, text: &str) -> Result<SourceReport, SourceError> {
        super::super::lint_source(name, text.as_bytes(), &LintContext::default(), &Overrides::new(), &only_this_file)
    }

    const FLOW: &str = r#"{"Version":"2019-10-30","StartAction":"bye","Metadata":{},"Actions":[{"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}"#;

    #[test]
    fn kind_names_are_the_json_names() {
        use SourceKind::*;
        for kind in [Flow, CloudFormationJson, CloudFormationYaml, TerraformJson, TerraformHcl] {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::from(kind.name()));
        }
    }

    #[test]
    fn a_plain_flow_reads_as_its_report() {
        let source = lint("pasted text", FLOW).unwrap();
        assert!(source.is_single_flow());
        assert_eq!(source.headline(), "No security problems found");
        assert_eq!(source.summary(), "No findings in 1 action: this flow follows the three practices.");
        assert_eq!(source.status_name(), "clean");
        assert_eq!(source.single_flow_error(), None);
        assert_eq!(
            source.announcement(),
            "No security problems found. No findings in 1 action: this flow follows the three practices."
        );
    }

    #[test]
    fn a_broken_flow_gives_its_reason() {
        let source = lint("pasted text", r#"{"Version":"2019-10-30","Actions":{}}"#).unwrap();
        assert!(source.single_flow_error().unwrap().contains("\"Actions\" must be a list"));
        assert_eq!(source.status_name(), NOT_LINTED);
        let e = lint("pasted text", r#"{"Version": "2019-10-30", "Actions": ["#).unwrap_err();
        assert!(e.sentence().starts_with("This cannot be linted: it looks like JSON but is not valid JSON (line 1"));
        let e = lint("pasted text", "hello").unwrap_err();
        assert!(e.sentence().starts_with("This is not a flow: it is neither JSON"), "{}", e.sentence());
    }

    #[test]
    fn a_template_counts_its_flows() {
        let template = serde_json::json!({"Resources": {
            "Clean": {"Type": "AWS::Connect::ContactFlow", "Properties": {"Content": FLOW}},
            "Other": {"Type": "AWS::Connect::ContactFlow", "Properties": {"Content": FLOW}},
            "Elsewhere": {"Type": "AWS::Connect::ContactFlow", "Properties": {"Content": {"Ref": "FlowParam"}}},
        }})
        .to_string();
        let source = lint("pasted text", &template).unwrap();
        assert!(!source.is_single_flow());
        assert_eq!(source.flows.len(), 3);
        assert_eq!(source.headline(), "No security problems found in 2 flows; 1 not linted");
        assert_eq!(source.summary(), "CloudFormation template (JSON): 3 flows found, 2 linted.");
        assert_eq!(source.status_name(), "clean");
    }

    #[test]
    fn a_template_with_one_flow_reads_as_that_flow() {
        let template = serde_json::json!({"Resources": {
            "Only": {"Type": "AWS::Connect::ContactFlow", "Properties": {"Content": FLOW}},
        }})
        .to_string();
        let source = lint("t.json", &template).unwrap();
        assert_eq!(source.headline(), "No security problems found");
        assert_eq!(source.summary(), "CloudFormation template (JSON): 1 flow found, 1 linted.");
    }

    #[test]
    fn terraform_files_named_by_filename_are_not_guessed() {
        let tf = "resource \"aws_connect_contact_flow\" \"a\" {\n  filename = \"flow.json\"\n}\n";
        let source = lint("pasted text", tf).unwrap();
        assert_eq!(source.headline(), "1 flow found; none could be linted here");
        let error = source.flows[0].error.as_deref().unwrap();
        assert!(error.contains("paste or drop flow.json itself"), "{error}");
        assert_eq!(source.status_name(), NOT_LINTED);
    }
}

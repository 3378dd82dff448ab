//! Linting an exported flow.
//!
//! [`lint_flow`] parses the JSON (either format), resolves transitions, runs the path analysis,
//! then calls each rule. One rule (or one small family of rules) per file.

mod attributes;
mod certificate;
mod encryption;
mod error_branches;
mod lambda;
mod limits;
mod logging_capture;
mod logging_restore;
mod logging_value;
mod prompt;
mod rule;
mod store_validation;
mod structure;

use serde::{Deserialize, Serialize};

use super::dataflow::{analyse, Analysis, State};
use super::graph::Graph;
use super::model::{FlowFormat, FlowModel, Node};
use super::parse::{parse_flow, FlowParseError};
pub use rule::RuleId;

/// A certificate expiring within this many days gets a warning.
pub const EXPIRY_WARNING_DAYS: i64 = 60;

/// What the linter knows beyond the flow itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintContext {
    /// The current time, Unix seconds. Needed for the expiry checks, which are skipped (with a
    /// notice) when absent. Passed in because the library never reads the clock.
    #[serde(default)]
    pub now_unix: Option<i64>,
    /// The flow security keys the admin has loaded, to match certificates against.
    #[serde(default)]
    pub key_sets: Vec<LoadedKeySet>,
}

/// A registered key: its Key ID and its public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedKeySet {
    /// The Key ID Connect shows for it.
    pub key_id: String,
    /// Its SubjectPublicKeyInfo, DER.
    pub spki_der: Vec<u8>,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks the flow or leaks card data.
    Error,
    /// Probably wrong or risky.
    Warning,
    /// Worth knowing.
    Info,
}

/// One problem found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Severity (always the rule's).
    pub severity: Severity,
    /// Which rule.
    pub rule: RuleId,
    /// The action's Identifier; `None` for findings about the whole flow or an action without one.
    pub action_id: Option<String>,
    /// What is wrong and why it matters.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

/// The lint result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintReport {
    /// The format the flow was read as.
    pub format: FlowFormat,
    /// Number of actions read.
    pub actions: usize,
    /// Findings, errors first, then in action order.
    pub findings: Vec<Finding>,
    /// How the flow was read and which checks were skipped.
    pub notices: Vec<String>,
}

impl LintReport {
    /// Findings of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// Whether a rule fired.
    pub fn has(&self, rule: RuleId) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }

    /// Findings of one rule.
    pub fn of(&self, rule: RuleId) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.rule == rule)
    }
}

/// Lints flow JSON. Errors only when the text is not a flow at all; everything else is a finding.
pub fn lint_flow(json: &str, ctx: &LintContext) -> Result<LintReport, FlowParseError> {
    let flow = parse_flow(json)?;
    let graph = Graph::build(&flow);
    let analysis = analyse(&flow, &graph);
    let reachable = graph.reachable();
    let input = Input {
        flow: &flow,
        graph: &graph,
        analysis: &analysis,
        ctx,
        reachable: &reachable,
    };
    let mut out = Findings::default();
    let mut notices = flow.notices.clone();

    if flow.format == FlowFormat::Legacy {
        out.flow(
            RuleId::LegacyFormat,
            "This flow is in the older export format (\"modules\"), which the current designer converts on import. Encryption, certificates, sensitive attributes, logging along every path, prompts, Lambda time limits and transition targets were checked; identifier rules, required error branches, the Version and size limits apply only to the flow language and were not checked.".into(),
            "Import the flow into the current designer and export it again (or use aws connect describe-contact-flow) to get the flow language, then lint that.".into(),
        );
        notices.push("Older export format: flow-language-only checks skipped.".into());
    }
    if analysis.incomplete {
        notices.push("The path analysis stopped early on this very large flow; path-based findings may be incomplete.".into());
    }

    structure::check(&input, &mut out);
    limits::check(&input, &mut out);
    error_branches::check(&input, &mut out);
    logging_value::check(&input, &mut out);
    store_validation::check(&input, &mut out);
    encryption::check(&input, &mut out);
    certificate::check(&input, &mut out, &mut notices);
    attributes::check(&input, &mut out);
    logging_capture::check(&input, &mut out);
    logging_restore::check(&input, &mut out);
    prompt::check(&input, &mut out);
    lambda::check(&input, &mut out);

    let mut collected = out.items;
    collected.sort_by_key(|(order, f)| (f.severity, *order));
    Ok(LintReport {
        format: flow.format,
        actions: flow.nodes.len(),
        findings: collected.into_iter().map(|(_, f)| f).collect(),
        notices,
    })
}

/// Everything a rule may look at.
pub(crate) struct Input<'a> {
    pub flow: &'a FlowModel,
    pub graph: &'a Graph,
    pub analysis: &'a Analysis,
    pub ctx: &'a LintContext,
    pub reachable: &'a [bool],
}

impl Input<'_> {
    /// Each reachable node with its entry state.
    pub(crate) fn reached(&self) -> impl Iterator<Item = (&Node, &State)> {
        self.flow.nodes.iter().enumerate().filter_map(|(i, n)| {
            self.analysis
                .states
                .get(i)
                .and_then(Option::as_ref)
                .map(|s| (n, s))
        })
    }

    pub(crate) fn is_flow_language(&self) -> bool {
        self.flow.format == FlowFormat::FlowLanguage
    }
}

/// Collects findings with a sort key (action position; flow-level findings first).
#[derive(Default)]
pub(crate) struct Findings {
    items: Vec<(usize, Finding)>,
}

impl Findings {
    /// A finding about one action.
    pub(crate) fn at(&mut self, node: &Node, rule: RuleId, message: String, fix: String) {
        self.at_index(node.index, node.id.clone(), rule, message, fix);
    }

    /// A finding about the action at `index`.
    pub(crate) fn at_index(
        &mut self,
        index: usize,
        action_id: Option<String>,
        rule: RuleId,
        message: String,
        fix: String,
    ) {
        self.items.push((
            index + 1,
            Finding {
                severity: rule.severity(),
                rule,
                action_id,
                message,
                fix,
            },
        ));
    }

    /// A finding about the whole flow.
    pub(crate) fn flow(&mut self, rule: RuleId, message: String, fix: String) {
        self.items.push((
            0,
            Finding {
                severity: rule.severity(),
                rule,
                action_id: None,
                message,
                fix,
            },
        ));
    }
}

//! Linting an exported flow.
//!
//! [`lint_flow`] parses the JSON (either format), resolves transitions, runs the path analysis,
//! judges how sensitive each stored input is, then calls each rule. One rule (or one small
//! family of rules) per file.
//!
//! Rules about secret handling report which Store customer input blocks a finding is about.
//! Afterwards each such finding is kept (some origin is secret), folded into one warning per
//! block of unknown sensitivity, or folded into one note per evidently harmless block. So an
//! extension number never produces card-data errors, and every kept finding can show the
//! evidence it rests on.

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
pub(crate) mod summary;
mod verdict;

use crate::flow::model::ordinal;
use std::collections::{BTreeMap, BTreeSet};

use flowkeys_core::UnixTime;
use serde::{Deserialize, Serialize};

use super::dataflow::{analyse, Analysis, State};
use super::graph::Graph;
use super::model::{FlowFormat, FlowModel, Node};
use super::parse::{parse_flow, FlowParseError};
use super::sensitivity::{judge, Judgement, Sensitivity, StoredInput};
pub use rule::{RuleGroup, RuleId};
pub use verdict::{Verdict, VerdictStatus};

/// A certificate expiring within this many days gets a warning: the same period as the key-set
/// checklist's.
pub use flowkeys_core::checklist::EXPIRY_WARNING_DAYS;

/// What the linter knows beyond the flow itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintContext {
    /// The current time (serialised as Unix seconds). Needed for the expiry checks, which are
    /// skipped (with a notice) when absent. Passed in because the library never reads the clock.
    #[serde(default)]
    pub now_unix: Option<UnixTime>,
    /// The flow security keys the admin has loaded, to match certificates against.
    #[serde(default)]
    pub key_sets: Vec<LoadedKeySet>,
}

/// Per-run verdicts on Store customer input blocks, by action Identifier. They replace the
/// verdict drawn from evidence (`--secret ID` / `--not-secret ID` in the CLI, the per-block
/// switch in the console), and the report says so in the block's evidence.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Overrides(BTreeMap<String, bool>);

impl Overrides {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Treat the block with this Identifier as secret.
    pub fn secret(&mut self, action_id: impl Into<String>) -> &mut Self {
        self.0.insert(action_id.into(), true);
        self
    }

    /// Treat the block with this Identifier as not secret.
    pub fn not_secret(&mut self, action_id: impl Into<String>) -> &mut Self {
        self.0.insert(action_id.into(), false);
        self
    }

    /// The override for one block: `Some(true)` secret, `Some(false)` not secret.
    pub fn get(&self, action_id: &str) -> Option<bool> {
        self.0.get(action_id).copied()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }

    pub(crate) fn map(&self) -> &BTreeMap<String, bool> {
        &self.0
    }
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
    /// The rule's group.
    pub group: RuleGroup,
    /// The action's Identifier; `None` for findings about the whole flow or an action without one.
    pub action_id: Option<String>,
    /// What is wrong and why it matters.
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// For findings about stored input: why it is treated as it is ("treated as secret: the
    /// prompt says “card number”; up to 16 digits").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// The lint result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintReport {
    /// The format the flow was read as.
    pub format: FlowFormat,
    /// Number of actions read.
    pub actions: usize,
    /// The headline: what matters for security, in one sentence.
    pub verdict: Verdict,
    /// Each Store customer input block with its sensitivity and evidence.
    pub inputs: Vec<StoredInput>,
    /// Findings, errors first, then in action order (both groups).
    pub findings: Vec<Finding>,
    /// How the flow was read and which checks were skipped.
    pub notices: Vec<String>,
}

impl LintReport {
    /// Findings of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
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

    /// Findings of one group.
    pub fn in_group(&self, group: RuleGroup) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.group == group)
    }

    /// The judgement on the Store customer input block with this Identifier.
    pub fn input(&self, action_id: &str) -> Option<&StoredInput> {
        self.inputs.iter().find(|i| i.action_id.as_deref() == Some(action_id))
    }
}

/// Lints flow JSON. Errors only when the text is not a flow at all; everything else is a finding.
pub fn lint_flow(json: &str, ctx: &LintContext) -> Result<LintReport, FlowParseError> {
    lint_flow_with(json, ctx, &Overrides::default())
}

/// [`lint_flow`] with per-block sensitivity overrides: what the console calls again when the
/// admin flips a block between "secret" and "not secret".
pub fn lint_flow_with(json: &str, ctx: &LintContext, overrides: &Overrides) -> Result<LintReport, FlowParseError> {
    let flow = parse_flow(json)?;
    Ok(lint_model(&flow, ctx, overrides))
}

/// Lints an already parsed flow.
pub(crate) fn lint_model(flow: &FlowModel, ctx: &LintContext, overrides: &Overrides) -> LintReport {
    let graph = Graph::build(flow);
    let analysis = analyse(flow, &graph);
    let reachable = graph.reachable();
    let judgements = judge(flow, &graph, &analysis, overrides.map());
    let input = Input { flow, graph: &graph, analysis: &analysis, ctx, reachable: &reachable };
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
        notices.push(
            "The path analysis stopped early on this very large flow; path-based findings may be incomplete.".into(),
        );
    }
    for id in overrides.ids() {
        let known = judgements.values().any(|j| j.input.action_id.as_deref() == Some(id.as_str()));
        if !known {
            notices.push(format!(
                "No Store customer input block has the Identifier “{id}”, so its override was not used."
            ));
        }
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

    let mut collected = resolve(out.items, &judgements, flow);
    collected.sort_by_key(|(order, f)| (f.severity, *order));
    let findings: Vec<Finding> = collected.into_iter().map(|(_, f)| f).collect();
    let verdict = verdict::verdict(&findings, &judgements);
    LintReport {
        format: flow.format,
        actions: flow.nodes.len(),
        verdict,
        inputs: judgements.into_values().map(|j| j.input).collect(),
        findings,
        notices,
    }
}

/// Keeps findings about secret input (with their evidence), folds those about inputs of
/// unknown sensitivity into one warning per block, and those about harmless inputs into one
/// note per block.
fn resolve(items: Vec<Raw>, judgements: &BTreeMap<usize, Judgement>, flow: &FlowModel) -> Vec<(usize, Finding)> {
    let mut kept = Vec::new();
    let mut folded: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for raw in items {
        if raw.origins.is_empty() {
            kept.push((raw.order, raw.finding));
            continue;
        }
        let of = |s: Sensitivity| -> Vec<&Judgement> {
            raw.origins.iter().filter_map(|o| judgements.get(o)).filter(|j| j.input.sensitivity == s).collect()
        };
        let secret = of(Sensitivity::Secret);
        if !secret.is_empty() {
            let mut finding = raw.finding;
            finding.evidence = Some(
                secret
                    .iter()
                    .map(|j| match (&j.input.action_id, secret.len()) {
                        (Some(id), n) if n > 1 => format!("“{id}” {}", j.input.summary()),
                        _ => j.input.summary(),
                    })
                    .collect::<Vec<_>>()
                    .join(" / "),
            );
            kept.push((raw.order, finding));
            continue;
        }
        let unknown: Vec<usize> = raw
            .origins
            .iter()
            .copied()
            .filter(|o| judgements.get(o).is_some_and(|j| j.input.sensitivity == Sensitivity::Unknown))
            .collect();
        let targets: Vec<usize> = if unknown.is_empty() { raw.origins.iter().copied().collect() } else { unknown };
        for t in targets {
            let list = folded.entry(t).or_default();
            let title = raw.finding.rule.title();
            if !list.contains(&title) {
                list.push(title);
            }
        }
    }
    for (&index, judgement) in judgements {
        let Some(node) = flow.nodes.get(index) else {
            continue;
        };
        let would = folded.remove(&index).unwrap_or_default();
        let would_text = if would.is_empty() {
            String::new()
        } else {
            format!(
                " Checks for secrets that were set aside: {}.",
                would.iter().map(|t| t.to_lowercase()).collect::<Vec<_>>().join("; ")
            )
        };
        let id = node.id.clone().unwrap_or_else(|| format!("#{}", ordinal(index)));
        let (rule, message, fix) = match judgement.input.sensitivity {
            Sensitivity::Secret => continue,
            Sensitivity::Unknown => (
                RuleId::InputSensitivityUnknown,
                format!("{} stores customer input, but nothing in the flow shows whether it is secret (no telling words in the prompt, the attribute or Lambda names, no encryption, no card-length limit).{would_text}", node.label()),
                format!("Say which it is: run with --secret {id} to check it as secret, or --not-secret {id} if it is harmless (the console has the same switch on each block). Turning on encryption, or naming what is collected in the prompt, also settles it."),
            ),
            Sensitivity::NotSecret => (
                RuleId::InputNotSecret,
                format!("{} stores customer input that is evidently not secret, so the checks for secrets were not applied to it.{would_text}", node.label()),
                format!("If it is secret after all, run with --secret {id} (or switch the block to “secret” in the console)."),
            ),
        };
        let mut finding = Finding {
            severity: rule.severity(),
            rule,
            group: rule.group(),
            action_id: node.id.clone(),
            message,
            fix,
            evidence: None,
        };
        finding.evidence = Some(judgement.input.summary());
        kept.push((ordinal(index), finding));
    }
    kept
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
        self.flow
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.analysis.states.get(i).and_then(Option::as_ref).map(|s| (n, s)))
    }

    pub(crate) fn is_flow_language(&self) -> bool {
        self.flow.format == FlowFormat::FlowLanguage
    }
}

/// A finding as a rule reports it, with the Store customer input blocks it is about.
pub(crate) struct Raw {
    order: usize,
    finding: Finding,
    origins: BTreeSet<usize>,
}

/// Collects findings with a sort key (action position; flow-level findings first).
#[derive(Default)]
pub(crate) struct Findings {
    items: Vec<Raw>,
}

impl Findings {
    /// A finding about one action.
    pub(crate) fn at(&mut self, node: &Node, rule: RuleId, message: String, fix: String) {
        self.at_index(node.index, node.id.clone(), rule, message, fix);
    }

    /// A finding about one action that matters only if the stored input of `origins` (node
    /// positions of Store customer input blocks) is secret.
    pub(crate) fn about(
        &mut self,
        node: &Node,
        origins: impl IntoIterator<Item = usize>,
        rule: RuleId,
        message: String,
        fix: String,
    ) {
        self.items.push(Raw {
            order: ordinal(node.index),
            finding: finding(rule, node.id.clone(), message, fix),
            origins: origins.into_iter().collect(),
        });
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
        self.items.push(Raw {
            order: ordinal(index),
            finding: finding(rule, action_id, message, fix),
            origins: BTreeSet::new(),
        });
    }

    /// A finding about the whole flow.
    pub(crate) fn flow(&mut self, rule: RuleId, message: String, fix: String) {
        self.items.push(Raw { order: 0, finding: finding(rule, None, message, fix), origins: BTreeSet::new() });
    }
}

fn finding(rule: RuleId, action_id: Option<String>, message: String, fix: String) -> Finding {
    Finding { severity: rule.severity(), rule, group: rule.group(), action_id, message, fix, evidence: None }
}

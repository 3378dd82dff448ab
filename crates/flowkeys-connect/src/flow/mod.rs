//! Amazon Connect flows: generating the secure-capture flow and linting exported flows.
//!
//! The generator writes flow language (`"Version": "2019-10-30"`). The linter reads flow language
//! and the older `modules` export, normalises both into one [`model`](self) of actions and
//! transitions, runs a dataflow analysis over every path from the start, and hands the result to
//! one rule per file under `lint/`.

mod dataflow;
mod document;
mod form;
mod generate;
mod graph;
mod ids;
mod layout;
mod lint;
mod model;
mod parse;
mod references;
pub mod report;
mod sensitivity;
pub mod source;
mod spec;

pub use form::{FieldProblem, FlowForm};
pub use generate::{generate_flow, GeneratedAction, GeneratedFlow};
pub use lint::{
    lint_flow, lint_flow_with, Finding, LintContext, LintReport, LoadedKeySet, Overrides, RuleGroup, RuleId, Severity,
    Verdict, VerdictStatus, EXPIRY_WARNING_DAYS,
};
pub use model::FlowFormat;
pub use parse::FlowParseError;
pub use sensitivity::{Sensitivity, StoredInput};
pub use spec::{FlowField, FlowSpec, FlowSpecError};

/// The only flow-language version Connect accepts.
pub const FLOW_LANGUAGE_VERSION: &str = "2019-10-30";
/// Most actions a flow may hold.
pub const MAX_ACTIONS: usize = 250;
/// Most characters the flow JSON (`Content` of CreateContactFlow) may hold.
pub const MAX_CONTENT_CHARS: usize = 256_000;
/// Longest allowed action Identifier.
pub const MAX_IDENTIFIER_CHARS: usize = 50;
/// Most digits the Store customer input block's custom validation accepts in the console.
pub const MAX_STORED_DIGITS: u8 = 20;
/// Connect waits at most this long for a Lambda.
pub const MAX_LAMBDA_SECONDS: u8 = 8;

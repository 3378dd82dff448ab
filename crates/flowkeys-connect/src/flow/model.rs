//! One model of a flow for the linter, whichever export format it came from.
//!
//! Both formats are reduced to actions with a semantic operation and outgoing edges, so the rules
//! and the path analysis are written once. Format-specific facts the structural rules need
//! (error-branch names, the Version) are kept alongside.

use serde::{Deserialize, Serialize};

/// The 1-based number (as admins count actions and blocks) of the item at `index` of a list.
/// An index into a list held in memory is below `usize::MAX`, so this never saturates.
pub(crate) fn ordinal(index: usize) -> usize {
    index.saturating_add(1)
}

/// Which export format a flow was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowFormat {
    /// The flow language (`Version`, `StartAction`, `Actions`), used by the current designer and API.
    FlowLanguage,
    /// The older console export (`modules`, `start`); checked only partly.
    Legacy,
}

/// A parsed flow.
#[derive(Clone, Debug)]
pub(crate) struct FlowModel {
    pub format: FlowFormat,
    /// `Version` (flow language only).
    pub version: Option<String>,
    /// `StartAction` / `start`, when present as a string.
    pub start: Option<String>,
    pub nodes: Vec<Node>,
    /// Characters in the flow JSON (the `Content` size limit counts these).
    pub content_chars: usize,
    /// Pieces that could not be read as actions or transitions.
    pub issues: Vec<ParseIssue>,
    /// Things said once about how the flow was read.
    pub notices: Vec<String>,
}

/// Something malformed found while reading actions.
#[derive(Clone, Debug)]
pub(crate) struct ParseIssue {
    /// Position in the action list.
    pub index: usize,
    /// Identifier, when the action had one.
    pub action_id: Option<String>,
    pub message: String,
    pub fix: String,
}

/// One action (block).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// Position in the action list.
    pub index: usize,
    /// `Identifier` / `id`, if it was a string.
    pub id: Option<String>,
    /// The action type as written.
    pub type_name: String,
    pub op: Op,
    pub edges: Vec<Edge>,
}

impl Node {
    /// How messages name this action.
    pub(crate) fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("“{id}” ({})", self.type_name),
            None => format!("action #{} ({})", ordinal(self.index), self.type_name),
        }
    }

    /// Error types with a branch.
    pub(crate) fn error_types(&self) -> impl Iterator<Item = &str> {
        self.edges.iter().filter_map(|e| match &e.kind {
            EdgeKind::Error(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// Text the caller hears (and the flow log records), if any.
    pub(crate) fn spoken_text(&self) -> Option<&str> {
        match &self.op {
            Op::Message { spoken } => spoken.as_deref(),
            Op::Capture(c) => c.prompt.as_deref(),
            _ => None,
        }
    }
}

/// A transition.
#[derive(Clone, Debug)]
pub(crate) struct Edge {
    /// The target identifier.
    pub target: String,
    pub kind: EdgeKind,
}

/// Why a transition is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    /// `NextAction` / legacy `Success`.
    Next,
    /// An error branch, by error type.
    Error(String),
    /// A condition branch.
    Condition,
}

/// What an action does, as far as the rules care.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// Get/Store customer input.
    Capture(Capture),
    /// Set logging behavior.
    SetLogging(Logging),
    /// Set contact attributes.
    SetAttributes(Vec<AttributeWrite>),
    /// Invoke a Lambda.
    InvokeLambda(LambdaCall),
    /// Play prompt.
    Message { spoken: Option<String> },
    /// Any transfer (to flow, queue, agent, phone number).
    Transfer,
    /// Disconnect or end of flow.
    End,
    /// Everything else.
    Other,
}

/// A Get/Store customer input block.
#[derive(Clone, Debug, Default)]
pub(crate) struct Capture {
    /// `StoreInput` true: the value goes to `$.StoredCustomerInput`.
    pub store: bool,
    /// The documented touch-tone buffer form (`EnableDTMFBuffer: "false"` with `StoreInput`):
    /// it stores digits typed earlier, so it has no prompt and needs no `InputValidation`.
    pub buffer: bool,
    pub prompt: Option<String>,
    pub validation: Validation,
    /// `CustomValidation.MaximumLength` (legacy `MaxDigits`) as written.
    pub max_length: Option<String>,
    pub encryption: Option<Encryption>,
}

/// `InputValidation`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Validation {
    /// Absent.
    #[default]
    None,
    /// `CustomValidation`.
    Custom,
    /// `PhoneNumberValidation` (cannot be encrypted).
    Phone,
    /// Present but neither of the above.
    Unknown,
}

/// `InputEncryption`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Encryption {
    pub key_id: Option<String>,
    pub key: Option<String>,
}

/// A Set logging behavior value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Logging {
    Enabled,
    Disabled,
    /// Unusable; the text says what was found.
    Invalid(String),
}

/// One attribute set by Set contact attributes, value normalised to flow-language text.
#[derive(Clone, Debug)]
pub(crate) struct AttributeWrite {
    pub key: String,
    pub value: String,
}

/// An Invoke Lambda block.
#[derive(Clone, Debug, Default)]
pub(crate) struct LambdaCall {
    /// The function ARN or name as written (its name is evidence of what it receives).
    pub function: Option<String>,
    /// The time limit as written (numbers converted to text).
    pub timeout: Option<String>,
    /// Parameters passed (`LambdaInvocationAttributes`), values as flow-language text.
    pub inputs: Vec<(String, String)>,
    /// Whether `ResponseValidation` is set; `None` where the format has no such setting.
    pub response_validation: Option<bool>,
}

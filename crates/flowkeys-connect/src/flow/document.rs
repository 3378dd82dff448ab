//! The flow-language JSON shapes the generator writes, as serde types so the field names and
//! their order (Identifier, Type, Parameters, Transitions) match Connect's exports.

use serde::Serialize;
use serde_json::Value;

/// A whole flow.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct FlowDocument {
    pub version: &'static str,
    pub start_action: String,
    pub metadata: Value,
    pub actions: Vec<ActionDocument>,
}

/// One action (block).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ActionDocument {
    pub identifier: String,
    #[serde(rename = "Type")]
    pub action_type: &'static str,
    pub parameters: Value,
    pub transitions: TransitionsDocument,
}

/// Where an action goes next. Empty lists are left out, as Connect's own exports often do;
/// `UpdateFlowLoggingBehavior` must not carry error entries at all.
#[derive(Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct TransitionsDocument {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_action: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorDocument>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionDocument>,
}

/// An error branch.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ErrorDocument {
    pub next_action: String,
    pub error_type: &'static str,
}

/// A condition branch.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ConditionDocument {
    pub next_action: String,
    pub condition: ConditionBody,
}

/// The test of a condition branch.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ConditionBody {
    pub operator: &'static str,
    pub operands: Vec<String>,
}

impl TransitionsDocument {
    /// Next action plus a `NoMatchingError` branch.
    pub(crate) fn next_or_error(next: &str, on_error: &str) -> Self {
        TransitionsDocument {
            next_action: Some(next.to_owned()),
            errors: vec![ErrorDocument { next_action: on_error.to_owned(), error_type: "NoMatchingError" }],
            conditions: Vec::new(),
        }
    }

    /// Next action only (for blocks that define no errors).
    pub(crate) fn next(next: &str) -> Self {
        TransitionsDocument { next_action: Some(next.to_owned()), ..Default::default() }
    }
}

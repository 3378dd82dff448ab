//! Reading flow JSON into the [`FlowModel`](super::model::FlowModel).
//!
//! Only problems that make the text "not a flow at all" are errors; everything wrong inside a
//! flow becomes a lint finding, so one bad action does not hide the rest of the report.

mod json;
mod language;
mod legacy;

use serde_json::Value;

use super::model::FlowModel;
pub(crate) use json::kind_name;

/// Why a text could not be read as a flow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FlowParseError {
    /// Nothing was pasted.
    #[error("The flow text is empty. Paste the JSON exported from Amazon Connect (or the Content of aws connect describe-contact-flow).")]
    Empty,
    /// Not JSON.
    #[error("This is not valid JSON (line {line}, column {column}: {detail}). Paste the whole exported file without changes.")]
    InvalidJson {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The parser's description.
        detail: String,
    },
    /// JSON, but not an object.
    #[error("The JSON is {found}, not a flow. An exported flow is a JSON object with \"Version\", \"StartAction\" and \"Actions\".")]
    NotAnObject {
        /// What was found instead.
        found: &'static str,
    },
    /// An object without actions or modules.
    #[error("This JSON object is not an Amazon Connect flow: it has no \"Actions\" list (flow language) and no \"modules\" list (older export format). Its top-level keys are: {keys}.")]
    NotAFlow {
        /// The keys found, for orientation.
        keys: String,
    },
    /// `Actions` of the wrong type.
    #[error("\"Actions\" must be a list of actions, but it is {found}.")]
    ActionsNotAList {
        /// What was found instead.
        found: &'static str,
    },
    /// `modules` of the wrong type.
    #[error("\"modules\" must be a list of blocks, but it is {found}.")]
    ModulesNotAList {
        /// What was found instead.
        found: &'static str,
    },
    /// `describe-contact-flow` output whose Content is not a flow.
    #[error(
        "This looks like the output of describe-contact-flow, but its ContactFlow.Content could not be read: {inner}"
    )]
    DescribeContent {
        /// Why the embedded content failed.
        inner: Box<FlowParseError>,
    },
}

/// Parses flow JSON in either format.
pub(crate) fn parse_flow(text: &str) -> Result<FlowModel, FlowParseError> {
    if text.trim().is_empty() {
        return Err(FlowParseError::Empty);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| FlowParseError::InvalidJson {
        line: e.line(),
        column: e.column(),
        detail: e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
    })?;
    parse_value(&value, text)
}

/// Reads an already parsed JSON value as a flow; `text` is its source (the size limit counts
/// its characters).
pub(crate) fn parse_value(value: &Value, text: &str) -> Result<FlowModel, FlowParseError> {
    let Value::Object(object) = value else {
        return Err(FlowParseError::NotAnObject { found: kind_name(value) });
    };
    // `aws connect describe-contact-flow` wraps the flow as a JSON string; admins paste either.
    // (`describe-contact-flow-module` wraps a module the same way.)
    if let Some(content) = ["ContactFlow", "ContactFlowModule"]
        .iter()
        .find_map(|k| object.get(*k).and_then(|c| c.get("Content")).and_then(Value::as_str))
    {
        let mut model =
            parse_flow(content).map_err(|inner| FlowParseError::DescribeContent { inner: Box::new(inner) })?;
        model.notices.insert(
            0,
            "Read the flow from the Content of describe-contact-flow (or describe-contact-flow-module) output.".into(),
        );
        return Ok(model);
    }
    // The ContactFlow object itself (`{"Name", "Type", "Content"}`: describe output without its
    // wrapper, or the input of create-contact-flow --cli-input-json), with Content as a JSON
    // string or, in hand-kept files, as an object.
    if !object.contains_key("Actions") && !object.contains_key("modules") {
        if let Some(content) = object.get("Content") {
            let inner = match content {
                Value::String(s) => parse_flow(s),
                Value::Object(_) => parse_value(content, &content.to_string()),
                other => Err(FlowParseError::NotAnObject { found: kind_name(other) }),
            };
            let mut model = inner.map_err(|inner| FlowParseError::DescribeContent { inner: Box::new(inner) })?;
            model.notices.insert(0, "Read the flow from the Content field of a ContactFlow object.".into());
            return Ok(model);
        }
    }
    let content_chars = text.chars().count();
    if let Some(actions) = object.get("Actions") {
        let Value::Array(actions) = actions else {
            return Err(FlowParseError::ActionsNotAList { found: kind_name(actions) });
        };
        return Ok(language::read(object, actions, content_chars));
    }
    if let Some(modules) = object.get("modules") {
        let Value::Array(modules) = modules else {
            return Err(FlowParseError::ModulesNotAList { found: kind_name(modules) });
        };
        return Ok(legacy::read(object, modules, content_chars));
    }
    let mut keys: Vec<&str> = object.keys().map(String::as_str).take(12).collect();
    if keys.is_empty() {
        keys.push("(none)");
    }
    Err(FlowParseError::NotAFlow { keys: keys.join(", ") })
}

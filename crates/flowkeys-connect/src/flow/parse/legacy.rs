//! The older console export: `{ "modules": [...], "start": id, "version": "1" }`.
//!
//! Recognised so that old flows in repositories and blogs can still be checked. Module names and
//! parameters are mapped to the flow-language meaning (for example a `SetAttributes` value with
//! namespace `System` and value `Stored customer input` is `$.StoredCustomerInput`); structural
//! rules that only make sense for the flow language are skipped, and the report says so.

use crate::flow::model::ordinal;
use serde_json::{Map, Value};

use super::json::{is_true, kind_name, scalar_text, str_at};
use crate::flow::model::{
    AttributeWrite, Capture, Edge, EdgeKind, Encryption, FlowFormat, FlowModel, LambdaCall, Logging, Node, Op,
    ParseIssue, Validation,
};

/// Builds the model from a legacy document.
pub(super) fn read(doc: &Map<String, Value>, modules: &[Value], content_chars: usize) -> FlowModel {
    let mut issues = Vec::new();
    let mut nodes = Vec::new();
    for (index, module) in modules.iter().enumerate() {
        let Value::Object(_) = module else {
            issues.push(ParseIssue {
                index,
                action_id: None,
                message: format!("Block #{} is {}, not a block object.", ordinal(index), kind_name(module)),
                fix: "Re-export the flow.".into(),
            });
            continue;
        };
        let id = str_at(module, "id").map(str::to_owned);
        let type_name = str_at(module, "type").unwrap_or("(no type)").to_owned();
        let params: Vec<&Value> =
            module.get("parameters").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
        let edges = module
            .get("branches")
            .and_then(Value::as_array)
            .map(|branches| branches.iter().filter_map(read_branch).collect())
            .unwrap_or_default();
        let op = read_op(&type_name, module, &params);
        nodes.push(Node { index, id, type_name, op, edges });
    }
    FlowModel {
        format: FlowFormat::Legacy,
        version: None,
        start: doc.get("start").and_then(Value::as_str).map(str::to_owned),
        nodes,
        content_chars,
        issues,
        notices: Vec::new(),
    }
}

fn read_branch(branch: &Value) -> Option<Edge> {
    let target = str_at(branch, "transition")?.to_owned();
    let kind = match str_at(branch, "condition").unwrap_or("Success") {
        "Success" => EdgeKind::Next,
        "Evaluate" => EdgeKind::Condition,
        "Error" => EdgeKind::Error("NoMatchingError".into()),
        other => EdgeKind::Error(other.to_owned()),
    };
    Some(Edge { target, kind })
}

/// The value of the first parameter called `name`.
fn param<'a>(params: &[&'a Value], name: &str) -> Option<&'a Value> {
    params.iter().find(|p| str_at(p, "name") == Some(name)).and_then(|p| p.get("value"))
}

fn param_text(params: &[&Value], name: &str) -> Option<String> {
    param(params, name).and_then(scalar_text)
}

/// A legacy value with its namespace, written as the flow language would reference it.
fn as_flow_text(entry: &Value) -> String {
    let value = entry.get("value").and_then(scalar_text).unwrap_or_default();
    match str_at(entry, "namespace") {
        None => value,
        Some("System") if is_stored_input_name(&value) => "$.StoredCustomerInput".into(),
        Some("External") => format!("$.External.{value}"),
        Some("User Defined") => format!("$.Attributes.{value}"),
        Some(namespace) => format!("$.{}.{value}", namespace.replace(' ', "")),
    }
}

/// Whether a System-namespace value names the stored customer input ("Stored customer input"
/// in console exports, `StoredCustomerInput` in some hand-edited ones).
fn is_stored_input_name(value: &str) -> bool {
    let squeezed: String = value.chars().filter(|c| !c.is_whitespace() && *c != '_').collect();
    squeezed.eq_ignore_ascii_case("StoredCustomerInput")
}

/// Key/value entries, in both shapes the older exports use: one entry carrying `key` and
/// `value` (`Attribute` in SetAttributes, `Parameter` in InvokeExternalResource), or two
/// entries in a row, `{"name":"key",…}` then `{"name":"value",…}` (SetScreenPop, and
/// SetAttributes in AWS's own secure-input sample).
fn pairs(params: &[&Value]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending_key: Option<String> = None;
    for p in params {
        match str_at(p, "name") {
            Some(n) if n.eq_ignore_ascii_case("key") && p.get("key").is_none() => {
                pending_key = p.get("value").and_then(scalar_text);
            }
            Some(n) if n.eq_ignore_ascii_case("value") && p.get("key").is_none() => {
                if let Some(key) = pending_key.take() {
                    out.push((key, as_flow_text(p)));
                }
            }
            _ => {
                if let Some(key) = str_at(p, "key") {
                    out.push((key.to_owned(), as_flow_text(p)));
                }
            }
        }
    }
    out
}

fn read_op(type_name: &str, module: &Value, params: &[&Value]) -> Op {
    match type_name {
        "StoreUserInput" | "StoreCustomerInput" | "GetUserInput" => {
            let store = type_name != "GetUserInput";
            let encrypt = is_true(param(params, "EncryptEntry"));
            let validation = match param_text(params, "CustomerInputType").as_deref() {
                Some("Phone") => Validation::Phone,
                _ if store => Validation::Custom,
                _ => Validation::None,
            };
            Op::Capture(Capture {
                store,
                buffer: false,
                prompt: param_text(params, "Text"),
                validation,
                max_length: param_text(params, "MaxDigits").or_else(|| param_text(params, "MaximumLength")),
                encryption: encrypt.then(|| Encryption {
                    key_id: param_text(params, "EncryptionKeyId"),
                    key: param_text(params, "EncryptionKey"),
                }),
            })
        }
        "SetLoggingBehavior" => Op::SetLogging(match param_text(params, "LoggingBehavior").as_deref() {
            Some("Enable") | Some("Enabled") => Logging::Enabled,
            Some("Disable") | Some("Disabled") => Logging::Disabled,
            Some(other) => Logging::Invalid(format!("LoggingBehavior is “{other}”")),
            None => Logging::Invalid("LoggingBehavior is missing".into()),
        }),
        "SetAttributes" | "SetScreenPop" => {
            Op::SetAttributes(pairs(params).into_iter().map(|(key, value)| AttributeWrite { key, value }).collect())
        }
        "InvokeExternalResource" if str_at(module, "target").is_none_or(|t| t == "Lambda") => {
            Op::InvokeLambda(LambdaCall {
                function: param_text(params, "FunctionArn").or_else(|| param_text(params, "LambdaFunctionARN")),
                timeout: param_text(params, "TimeLimit"),
                inputs: pairs(params),
                response_validation: None,
            })
        }
        "PlayPrompt" | "PlayAudio" | "PlayPromptIteratively" => Op::Message { spoken: param_text(params, "Text") },
        "Disconnect" | "EndFlowExecution" => Op::End,
        t if t.starts_with("Transfer") => Op::Transfer,
        _ => Op::Other,
    }
}

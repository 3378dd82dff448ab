//! The flow language: `{ "Version", "StartAction", "Metadata", "Actions": [...] }`.

use crate::flow::model::ordinal;
use serde_json::{Map, Value};

use super::json::{is_true, kind_name, scalar_text, str_at};
use crate::flow::model::{
    AttributeWrite, Capture, Edge, EdgeKind, Encryption, FlowFormat, FlowModel, LambdaCall, Logging, Node, Op,
    ParseIssue, Validation,
};

/// Builds the model from a flow-language document.
pub(super) fn read(doc: &Map<String, Value>, actions: &[Value], content_chars: usize) -> FlowModel {
    let mut issues = Vec::new();
    let nodes =
        actions.iter().enumerate().filter_map(|(index, action)| read_action(index, action, &mut issues)).collect();
    FlowModel {
        format: FlowFormat::FlowLanguage,
        version: doc.get("Version").and_then(scalar_text),
        start: doc.get("StartAction").and_then(Value::as_str).map(str::to_owned),
        nodes,
        content_chars,
        issues,
        notices: Vec::new(),
    }
}

fn read_action(index: usize, action: &Value, issues: &mut Vec<ParseIssue>) -> Option<Node> {
    let Value::Object(_) = action else {
        issues.push(ParseIssue {
            index,
            action_id: None,
            message: format!("Action #{} is {}, not an action object.", ordinal(index), kind_name(action)),
            fix: "Each entry of \"Actions\" must be an object with Identifier, Type, Parameters and Transitions; re-export the flow.".into(),
        });
        return None;
    };
    let id = str_at(action, "Identifier").map(str::to_owned);
    let mut issue = |message: String, fix: &str| {
        issues.push(ParseIssue { index, action_id: id.clone(), message, fix: fix.to_owned() });
    };
    if id.is_none() {
        issue(
            format!("Action #{} has no text \"Identifier\", so no transition can reach it.", ordinal(index)),
            "Give every action a unique Identifier.",
        );
    }
    let type_name = match str_at(action, "Type") {
        Some(t) => t.to_owned(),
        None => {
            issue(
                format!("Action #{} has no text \"Type\".", ordinal(index)),
                "Every action needs a Type such as MessageParticipant; re-export the flow.",
            );
            String::from("(no type)")
        }
    };
    let empty = Value::Object(Map::new());
    let params = match action.get("Parameters") {
        None => &empty,
        Some(p @ Value::Object(_)) => p,
        Some(other) => {
            issue(
                format!("The Parameters of action #{} are {}, not an object.", ordinal(index), kind_name(other)),
                "Parameters must be an object (use {} when there are none).",
            );
            &empty
        }
    };
    let mut edges = Vec::new();
    if let Some(transitions) = action.get("Transitions") {
        read_transitions(index, transitions, &mut edges, &mut issue);
    }
    let op = read_op(&type_name, params);
    Some(Node { index, id, type_name, op, edges })
}

fn read_transitions(index: usize, transitions: &Value, edges: &mut Vec<Edge>, issue: &mut impl FnMut(String, &str)) {
    let Value::Object(_) = transitions else {
        issue(
            format!("The Transitions of action #{} are {}, not an object.", ordinal(index), kind_name(transitions)),
            "Transitions must be an object ({} for a final block).",
        );
        return;
    };
    match transitions.get("NextAction") {
        None | Some(Value::Null) => {}
        Some(Value::String(target)) => edges.push(Edge { target: target.clone(), kind: EdgeKind::Next }),
        Some(other) => issue(
            format!("NextAction of action #{} is {}, not an identifier.", ordinal(index), kind_name(other)),
            "NextAction must be the Identifier of another action.",
        ),
    }
    for (list, is_error) in [("Errors", true), ("Conditions", false)] {
        match transitions.get(list) {
            None | Some(Value::Null) => {}
            Some(Value::Array(entries)) => {
                for entry in entries {
                    let Some(target) = str_at(entry, "NextAction") else {
                        issue(
                            format!("An entry of {list} in action #{} has no NextAction.", ordinal(index)),
                            "Connect every branch to an action.",
                        );
                        continue;
                    };
                    let kind = if is_error {
                        EdgeKind::Error(str_at(entry, "ErrorType").unwrap_or("(no ErrorType)").to_owned())
                    } else {
                        EdgeKind::Condition
                    };
                    edges.push(Edge { target: target.to_owned(), kind });
                }
            }
            Some(other) => issue(
                format!("{list} of action #{} is {}, not a list.", ordinal(index), kind_name(other)),
                "Use a list of branches.",
            ),
        }
    }
}

fn text_of(params: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| params.get(*k).and_then(scalar_text))
}

fn read_op(type_name: &str, params: &Value) -> Op {
    match type_name {
        "GetParticipantInput" => Op::Capture(read_capture(params)),
        "UpdateFlowLoggingBehavior" => Op::SetLogging(read_logging(params)),
        "UpdateContactAttributes" => Op::SetAttributes(
            params
                .get("Attributes")
                .and_then(Value::as_object)
                .map(|attrs| {
                    attrs
                        .iter()
                        .map(|(k, v)| AttributeWrite {
                            key: k.clone(),
                            value: scalar_text(v).unwrap_or_else(|| v.to_string()),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "InvokeLambdaFunction" => Op::InvokeLambda(LambdaCall {
            function: text_of(params, &["LambdaFunctionARN", "LambdaFunctionArn", "FunctionArn"]),
            timeout: text_of(params, &["InvocationTimeLimitSeconds", "TimeLimit"]),
            inputs: params
                .get("LambdaInvocationAttributes")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), scalar_text(v).unwrap_or_else(|| v.to_string()))).collect())
                .unwrap_or_default(),
            response_validation: Some(params.get("ResponseValidation").and_then(|r| r.get("ResponseType")).is_some()),
        }),
        "MessageParticipant" | "MessageParticipantIteratively" => {
            Op::Message { spoken: text_of(params, &["Text", "SSML"]) }
        }
        "DisconnectParticipant" | "EndFlowExecution" | "EndFlowModuleExecution" => Op::End,
        t if t.starts_with("Transfer") => Op::Transfer,
        _ => Op::Other,
    }
}

fn read_capture(params: &Value) -> Capture {
    let validation = params.get("InputValidation");
    let custom = validation.and_then(|v| v.get("CustomValidation"));
    // `EnableDTMFBuffer: "false"` with `StoreInput` stops the touch-tone buffer and stores what
    // was typed (ADMIN set-touchtone-buffer-behavior); Connect documents it without validation.
    let buffer =
        params.get("EnableDTMFBuffer").and_then(scalar_text).is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
    Capture {
        store: is_true(params.get("StoreInput")),
        buffer,
        prompt: text_of(params, &["Text", "SSML"]),
        validation: match validation {
            None | Some(Value::Null) => Validation::None,
            Some(v) if v.get("CustomValidation").is_some() => Validation::Custom,
            Some(v) if v.get("PhoneNumberValidation").is_some() => Validation::Phone,
            Some(_) => Validation::Unknown,
        },
        max_length: custom
            .and_then(|c| c.get("MaximumLength"))
            .and_then(scalar_text)
            .or_else(|| text_of(params, &["MaxDigits", "MaximumLength"])),
        encryption: params.get("InputEncryption").filter(|v| !v.is_null()).map(|enc| Encryption {
            key_id: enc.get("EncryptionKeyId").and_then(scalar_text),
            key: enc.get("Key").and_then(scalar_text),
        }),
    }
}

fn read_logging(params: &Value) -> Logging {
    match params.get("FlowLoggingBehavior") {
        Some(Value::String(s)) if s == "Enabled" => Logging::Enabled,
        Some(Value::String(s)) if s == "Disabled" => Logging::Disabled,
        Some(other) => Logging::Invalid(format!("FlowLoggingBehavior is {}", shown(other))),
        None => match params.get("LoggingBehavior") {
            Some(other) => Logging::Invalid(format!(
                "the parameter is named LoggingBehavior (value {}) instead of FlowLoggingBehavior",
                shown(other)
            )),
            None => Logging::Invalid("FlowLoggingBehavior is missing".into()),
        },
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("“{s}”"),
        other => other.to_string(),
    }
}

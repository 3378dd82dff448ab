//! Flows inside CloudFormation templates: `AWS::Connect::ContactFlow` and
//! `AWS::Connect::ContactFlowModule` resources, whose `Content` is the flow as a string, often
//! built with `Fn::Sub` (ARNs filled in at deploy time) or `Fn::Join`.

use serde_json::{Map, Value};

use super::placeholders::substitute;
use super::{FlowText, FoundFlow, SourceError};

const TYPES: &[&str] = &["AWS::Connect::ContactFlow", "AWS::Connect::ContactFlowModule"];

pub(super) fn flows(template: &Value) -> Result<Vec<FoundFlow>, SourceError> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Err(SourceError::NotRecognised("its Resources section is not an object".into()));
    };
    let flows: Vec<FoundFlow> = resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str).is_some_and(|t| TYPES.contains(&t)))
        .map(|(logical_id, r)| FoundFlow {
            name: logical_id.clone(),
            content: match r.get("Properties").and_then(|p| p.get("Content")) {
                Some(content) => content_text(content),
                None => FlowText::Unresolvable(format!("the resource {logical_id} has no Properties.Content")),
            },
        })
        .collect();
    if flows.is_empty() {
        return Err(SourceError::NotRecognised(
            "it is a CloudFormation template without AWS::Connect::ContactFlow or ContactFlowModule resources".into(),
        ));
    }
    Ok(flows)
}

/// The flow text of a `Content` value.
fn content_text(content: &Value) -> FlowText {
    match content {
        Value::String(s) => FlowText::Inline(s.clone()),
        Value::Object(o) => {
            if let Some(sub) = o.get("Fn::Sub") {
                return match sub {
                    Value::String(s) => FlowText::Inline(substitute(s, &Map::new())),
                    Value::Array(a) => match (a.first(), a.get(1)) {
                        (Some(Value::String(s)), Some(Value::Object(vars))) => FlowText::Inline(substitute(s, vars)),
                        (Some(Value::String(s)), None) => FlowText::Inline(substitute(s, &Map::new())),
                        _ => unresolvable("an Fn::Sub whose template is not text"),
                    },
                    _ => unresolvable("an Fn::Sub whose template is not text"),
                };
            }
            if let Some(join) = o.get("Fn::Join") {
                let (Some(Value::String(sep)), Some(Value::Array(parts))) = (join.get(0), join.get(1)) else {
                    return unresolvable("an Fn::Join that is not [separator, [parts]]");
                };
                let text: Vec<String> = parts
                    .iter()
                    .map(|p| match p {
                        Value::String(s) => s.clone(),
                        Value::Object(inner) => match content_text(&Value::Object(inner.clone())) {
                            FlowText::Inline(t) => t,
                            _ => "${…}".to_owned(),
                        },
                        _ => "${…}".to_owned(),
                    })
                    .collect();
                return FlowText::Inline(text.join(sep));
            }
            if o.contains_key("Actions") || o.contains_key("modules") {
                // Not valid CloudFormation (Content is a string), but unambiguous.
                return FlowText::Inline(content.to_string());
            }
            let what = o.keys().next().map(String::as_str).unwrap_or("an object");
            unresolvable(&format!("{what}, which only CloudFormation can resolve"))
        }
        other => {
            FlowText::Unresolvable(format!("Content is {}, not the flow text", crate::flow::parse::kind_name(other)))
        }
    }
}

fn unresolvable(what: &str) -> FlowText {
    FlowText::Unresolvable(format!("Content is {what}, so the flow cannot be read from the template"))
}

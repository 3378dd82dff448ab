//! Flows in Terraform: `aws_connect_contact_flow` and `aws_connect_contact_flow_module`
//! resources, with the flow inline in `content` (a string, a heredoc, `jsonencode(…)`,
//! `file(…)`) or in the file named by `filename`. Both the JSON syntax (`.tf.json`) and HCL are
//! read; paths relative to `path.module` are returned for the caller to load.

use serde_json::Value;

use super::{FlowText, FoundFlow, SourceError, SourceKind};

const TYPES: &[&str] = &["aws_connect_contact_flow", "aws_connect_contact_flow_module"];

/// `${path.module}/x.json` → `x.json`; `None` when another interpolation remains.
fn clean_path(path: &str) -> Option<String> {
    let mut p = path.trim();
    for prefix in ["${path.module}/", "${path.root}/", "${path.cwd}/", "./"] {
        if let Some(rest) = p.strip_prefix(prefix) {
            p = rest;
        }
    }
    (!p.contains("${") && !p.is_empty()).then(|| p.to_owned())
}

fn file(path: &str) -> FlowText {
    match clean_path(path) {
        Some(p) => FlowText::File(p),
        None => FlowText::Unresolvable(format!("the flow file “{path}” depends on a Terraform variable")),
    }
}

/// `${file("…")}` / `${templatefile("…", …)}` as a whole string.
fn file_call(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("${")?.strip_suffix('}')?.trim();
    let args = inner.strip_prefix("file(").or_else(|| inner.strip_prefix("templatefile("))?;
    let (_, rest) = args.split_once('"')?;
    let (path, _) = rest.split_once('"')?;
    Some(path)
}

pub(super) fn flows_from_json(doc: &Value) -> Result<Vec<FoundFlow>, SourceError> {
    let mut out = Vec::new();
    let blocks: Vec<&Value> = match doc.get("resource") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    };
    for block in blocks {
        for ty in TYPES {
            let Some(Value::Object(named)) = block.get(*ty) else {
                continue;
            };
            for (name, config) in named {
                let configs: Vec<&Value> = match config {
                    Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                for config in configs {
                    let content = match (
                        config.get("content").and_then(Value::as_str),
                        config.get("filename").and_then(Value::as_str),
                    ) {
                        (Some(c), _) => match file_call(c) {
                            Some(path) => file(path),
                            None => FlowText::Inline(c.to_owned()),
                        },
                        (None, Some(f)) => file(f),
                        _ => FlowText::Unresolvable("the resource has neither content nor filename as text".into()),
                    };
                    out.push(FoundFlow { name: format!("{ty}.{name}"), content });
                }
            }
        }
    }
    if out.is_empty() {
        return Err(SourceError::NotRecognised(
            "it is Terraform JSON without aws_connect_contact_flow or aws_connect_contact_flow_module resources".into(),
        ));
    }
    Ok(out)
}

#[cfg(feature = "hcl")]
pub(super) fn read_hcl(_name: &str, text: &str) -> Result<(SourceKind, Vec<FoundFlow>), SourceError> {
    use hcl::expr::TemplateExpr;
    use hcl::Expression;

    let body = hcl::parse(text)
        .map_err(|e| SourceError::Malformed(format!("it looks like Terraform but could not be read: {e}")))?;
    let string_of = |e: &Expression| -> Option<String> {
        match e {
            Expression::String(s) => Some(s.clone()),
            Expression::TemplateExpr(t) => Some(match t.as_ref() {
                TemplateExpr::QuotedString(s) => s.clone(),
                TemplateExpr::Heredoc(h) => h.template.clone(),
            }),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
        let (Some(ty), Some(name)) = (labels.first(), labels.get(1)) else {
            continue;
        };
        if block.identifier() != "resource" || !TYPES.contains(ty) {
            continue;
        }
        let attr = |key: &str| block.body().attributes().find(|a| a.key() == key).map(|a| a.expr().clone());
        let content = match (attr("content"), attr("filename")) {
            (Some(expr), _) => match &expr {
                Expression::FuncCall(call) => {
                    let fname = call.name.name.as_str();
                    match (fname, call.args.first()) {
                        ("file" | "templatefile", Some(arg)) => match string_of(arg) {
                            Some(p) => file(&p),
                            None => FlowText::Unresolvable(format!("content is {fname}(…) with a computed path")),
                        },
                        ("jsonencode", Some(arg)) => match literal(arg) {
                            Some(v) => FlowText::Inline(v.to_string()),
                            None => FlowText::Unresolvable(
                                "content is jsonencode(…) of values only Terraform can compute".into(),
                            ),
                        },
                        _ => {
                            FlowText::Unresolvable(format!("content is {fname}(…), which only Terraform can evaluate"))
                        }
                    }
                }
                other => match string_of(other) {
                    Some(s) => match file_call(&s) {
                        Some(p) => file(p),
                        None => FlowText::Inline(s),
                    },
                    None => FlowText::Unresolvable("content is an expression only Terraform can evaluate".into()),
                },
            },
            (None, Some(expr)) => match string_of(&expr) {
                Some(p) => file(&p),
                None => FlowText::Unresolvable("filename is computed by Terraform".into()),
            },
            (None, None) => FlowText::Unresolvable("the resource has neither content nor filename".into()),
        };
        out.push(FoundFlow { name: format!("{ty}.{name}"), content });
    }
    if out.is_empty() {
        return Err(SourceError::NotRecognised(
            "it mentions aws_connect_contact_flow but declares no such resource".into(),
        ));
    }
    Ok((SourceKind::TerraformHcl, out))
}

/// A literal HCL expression as JSON (for `jsonencode`).
#[cfg(feature = "hcl")]
fn literal(e: &hcl::Expression) -> Option<Value> {
    use hcl::expr::TemplateExpr;
    use hcl::Expression;
    Some(match e {
        Expression::Null => Value::Null,
        Expression::Bool(b) => Value::Bool(*b),
        Expression::Number(n) => serde_json::to_value(n).ok()?,
        Expression::String(s) => Value::String(s.clone()),
        Expression::TemplateExpr(t) => Value::String(match t.as_ref() {
            TemplateExpr::QuotedString(s) => s.clone(),
            TemplateExpr::Heredoc(h) => h.template.clone(),
        }),
        Expression::Array(items) => Value::Array(items.iter().map(literal).collect::<Option<_>>()?),
        Expression::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let key = match k {
                        hcl::ObjectKey::Identifier(i) => i.as_str().to_owned(),
                        hcl::ObjectKey::Expression(e) => match literal(e)? {
                            Value::String(s) => s,
                            other => other.to_string(),
                        },
                        _ => return None,
                    };
                    Some((key, literal(v)?))
                })
                .collect::<Option<_>>()?,
        ),
        Expression::Parenthesis(inner) => literal(inner)?,
        _ => Value::String("${…}".into()),
    })
}

#[cfg(not(feature = "hcl"))]
pub(super) fn read_hcl(_name: &str, _text: &str) -> Result<(SourceKind, Vec<FoundFlow>), SourceError> {
    Err(SourceError::NotRecognised("it looks like Terraform HCL, which this build cannot read".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_file_calls() {
        assert_eq!(clean_path("${path.module}/flows/a.json").as_deref(), Some("flows/a.json"));
        assert_eq!(clean_path("${var.dir}/a.json"), None);
        assert_eq!(file_call("${file(\"${path.module}/a.json\")}"), Some("${path.module}/a.json"));
        assert_eq!(file_call("{\"Version\": \"2019-10-30\"}"), None);
    }
}

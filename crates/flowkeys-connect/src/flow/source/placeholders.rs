//! Template placeholders (`${Name}`) left in flow text by CloudFormation `Fn::Sub` or Terraform
//! templates. Inside JSON strings they are harmless text; outside strings
//! (`"InvocationTimeLimitSeconds": ${Timeout}`) they break the JSON, so they are quoted.

/// The text with every `${…}` outside a JSON string turned into a JSON string, or `None` when
/// there was none.
pub(super) fn quote_bare(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len().saturating_add(16));
    let mut in_string = false;
    let mut escaped = false;
    let mut changed = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if rest.starts_with("${") {
            let (inside, tail) = rest.split_once('}')?;
            out.push_str(&serde_json::Value::String(format!("{inside}}}")).to_string());
            rest = tail;
            changed = true;
            continue;
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..)?;
    }
    changed.then_some(out)
}

/// CloudFormation `Fn::Sub`: `${Name}` from `vars` when given as text, `${!Literal}` → `${Literal}`,
/// everything else kept as a placeholder.
pub(super) fn substitute(template: &str, vars: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once("${") {
        out.push_str(before);
        let Some((name, tail)) = after.split_once('}') else {
            out.push_str("${");
            out.push_str(after);
            return out;
        };
        if let Some(literal) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(literal);
            out.push('}');
        } else if let Some(value) = vars.get(name.trim()).and_then(serde_json::Value::as_str) {
            out.push_str(value);
        } else {
            out.push_str("${");
            out.push_str(name);
            out.push('}');
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_placeholders_are_quoted_and_strings_left_alone() {
        assert_eq!(
            quote_bare(r#"{"a": ${T}, "b": "x ${U} \" ${V}"}"#).as_deref(),
            Some(r#"{"a": "${T}", "b": "x ${U} \" ${V}"}"#)
        );
        assert_eq!(quote_bare(r#"{"b": "${U}"}"#), None);
        assert_eq!(quote_bare("{\"a\": ${unterminated"), None);
    }

    #[test]
    fn sub_fills_text_variables_only() {
        let vars = serde_json::json!({ "Arn": "arn:x", "Other": { "Ref": "y" } });
        let vars = vars.as_object().unwrap();
        assert_eq!(substitute("${Arn} ${Other} ${!Lit} ${AWS::Region}", vars), "arn:x ${Other} ${Lit} ${AWS::Region}");
    }
}

//! YAML (CloudFormation templates) to JSON values, keeping the short-form intrinsic functions:
//! `!Sub x` becomes `{"Fn::Sub": x}`, `!Ref x` becomes `{"Ref": x}`, and so on, which is how
//! the JSON form writes them.

use serde_json::{Map, Number, Value};
use serde_norway::Value as Yaml;

/// Deepest nesting accepted. Templates nest a few dozen levels; the YAML parser's time grows
/// badly with pathological nesting, so deeper input is refused before parsing.
const MAX_DEPTH: usize = 200;

/// Parses YAML text into a JSON value.
pub(super) fn to_json(text: &str) -> Result<Value, String> {
    let depth = nesting(text);
    if depth > MAX_DEPTH {
        return Err(format!("it is nested {depth} levels deep; CloudFormation templates stay far below {MAX_DEPTH}"));
    }
    let yaml: Yaml =
        serde_norway::from_str(text).map_err(|e| format!("it looks like YAML but could not be read: {e}"))?;
    Ok(convert(yaml))
}

/// An upper bound on the nesting: open flow brackets plus block indentation (in steps of
/// two spaces), whichever is larger at any point.
fn nesting(text: &str) -> usize {
    let mut worst = 0;
    let mut flow: usize = 0;
    for line in text.lines() {
        // The trimmed line is a suffix of the line, so this never saturates.
        let indent = line.len().saturating_sub(line.trim_start_matches(' ').len());
        for c in line.chars() {
            match c {
                // At most the line's length.
                '[' | '{' => flow = flow.saturating_add(1),
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
            worst = worst.max(flow);
        }
        worst = worst.max(indent / 2);
    }
    worst
}

fn convert(y: Yaml) -> Value {
    match y {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                n.as_f64().and_then(Number::from_f64).map_or_else(|| Value::String(n.to_string()), Value::Number)
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(convert).collect()),
        Yaml::Mapping(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (key_text(k), convert(v))).collect::<Map<String, Value>>())
        }
        Yaml::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let key = if name == "Ref" || name == "Condition" { name.to_owned() } else { format!("Fn::{name}") };
            let mut value = convert(tagged.value);
            // `!GetAtt Res.Attr` is the short form of ["Res", "Attr"].
            if name == "GetAtt" {
                if let Value::String(s) = &value {
                    if let Some((r, a)) = s.split_once('.') {
                        value = Value::Array(vec![r.into(), a.into()]);
                    }
                }
            }
            let mut m = Map::new();
            m.insert(key, value);
            Value::Object(m)
        }
    }
}

fn key_text(k: Yaml) -> String {
    match k {
        Yaml::String(s) => s,
        other => match convert(other) {
            Value::String(s) => s,
            v => v.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_tags_become_intrinsic_functions() {
        let v = to_json("A: !Sub 'x ${B}'\nC: !GetAtt D.Arn\nE: !Ref F\nG: [1, 2.5, true, null]\n").unwrap();
        assert_eq!(v["A"]["Fn::Sub"], "x ${B}");
        assert_eq!(v["C"]["Fn::GetAtt"], serde_json::json!(["D", "Arn"]));
        assert_eq!(v["E"]["Ref"], "F");
        assert_eq!(v["G"], serde_json::json!([1, 2.5, true, null]));
    }

    #[test]
    fn pathological_nesting_is_refused_quickly() {
        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = to_json(&deep).unwrap_err();
        assert!(e.contains("nested"), "{e}");
    }
}

//! Finding `$.…` references (Connect's JSONPath) inside parameter values and prompt text.
//!
//! Values may be a single reference (`$.StoredCustomerInput`) or free text with embedded ones
//! (`"Your card ending $.External.last4."`), so references are scanned, not matched whole.

/// What a reference points at, as far as sensitive data is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// `$.StoredCustomerInput`: the latest captured value.
    StoredCustomerInput,
    /// `$.External.<key>`: the last Lambda's answer (`""` for the whole object).
    External(String),
    /// `$.Attributes.<key>`: a user-defined contact attribute.
    Attribute(String),
    /// Anything else (`$.ContactId`, `$.CustomerEndpoint.Address`, …).
    Other,
}

/// One reference found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The reference as written, e.g. `$.External.last4`.
    pub text: String,
    /// What it points at.
    pub target: Target,
}

/// Every reference in `text`, in order.
pub(crate) fn references(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for (start, _) in text.match_indices("$.") {
        let Some(from) = text.get(start..) else {
            continue;
        };
        let Some(rest) = from.strip_prefix("$.") else {
            continue;
        };
        let (path, consumed) = read_path(rest);
        if path.is_empty() {
            continue;
        }
        let (namespace, key) = match path.split_once('.') {
            Some((ns, key)) => (ns.to_owned(), key.to_owned()),
            None => (path.clone(), String::new()),
        };
        let target = match namespace.as_str() {
            "StoredCustomerInput" => Target::StoredCustomerInput,
            "External" => Target::External(key),
            "Attributes" => Target::Attribute(key),
            _ => Target::Other,
        };
        // `consumed` is at most the length of `rest`, so this never saturates.
        let written = from.get(..consumed.saturating_add(2)).unwrap_or_default().to_owned();
        out.push(Reference { text: written, target });
    }
    out
}

/// Reads `Namespace.key.sub` or `Namespace['key with spaces']` from the start of `rest`.
/// Returns the normalised dotted path and how many bytes were consumed.
///
/// Offsets are byte positions within `rest` plus a few delimiter bytes, so the saturating sums
/// below never reach `usize::MAX`.
fn read_path(rest: &str) -> (String, usize) {
    let mut path = String::new();
    let mut consumed = 0usize;
    let mut chars = rest.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' {
            path.push(c);
            consumed = i.saturating_add(c.len_utf8());
            chars.next();
        } else if c == '[' {
            // Bracket notation: ['key'] or ["key"].
            let tail = rest.get(i.saturating_add(1)..).unwrap_or_default();
            let Some(quote) = tail.chars().next().filter(|q| *q == '\'' || *q == '"') else {
                break;
            };
            let inner = tail.get(1..).unwrap_or_default();
            let Some(end) = inner.find(quote) else { break };
            if !path.ends_with('.') {
                path.push('.');
            }
            path.push_str(inner.get(..end).unwrap_or_default());
            // `[`, the opening quote, the key, the closing quote.
            consumed = i.saturating_add(3).saturating_add(end);
            if rest.get(consumed..).is_some_and(|t| t.starts_with(']')) {
                consumed = consumed.saturating_add(1);
            }
            break;
        } else {
            break;
        }
    }
    // A sentence-ending full stop is not part of the path.
    while path.ends_with('.') || path.ends_with('-') {
        path.pop();
        consumed = consumed.saturating_sub(1);
    }
    (path, consumed)
}

/// The first reference to a captured or Lambda-returned value, if any: the generator refuses
/// such references in any text it places in the flow.
pub(crate) fn sensitive_reference_in(text: &str) -> Option<String> {
    references(text)
        .into_iter()
        .find(|r| matches!(r.target, Target::StoredCustomerInput | Target::External(_)))
        .map(|r| r.text)
}

/// Whether a parameter value is dynamic (a JSONPath), so its content cannot be checked here.
pub(crate) fn is_dynamic(value: &str) -> bool {
    value.trim_start().starts_with("$.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<Target> {
        references(text).into_iter().map(|r| r.target).collect()
    }

    #[test]
    fn finds_embedded_references() {
        assert_eq!(targets("$.StoredCustomerInput"), vec![Target::StoredCustomerInput]);
        assert_eq!(
            targets("Card ending $.External.last4. Thanks $.Attributes.name!"),
            vec![Target::External("last4".into()), Target::Attribute("name".into())]
        );
        assert_eq!(references("x $.External.last4.").first().map(|r| r.text.as_str()), Some("$.External.last4"));
        assert_eq!(
            targets("$.Attributes['card number'] and $.ContactId"),
            vec![Target::Attribute("card number".into()), Target::Other]
        );
        assert_eq!(targets("$.External"), vec![Target::External(String::new())]);
        assert_eq!(targets("cost is $. or $"), Vec::<Target>::new());
        assert_eq!(targets("$.Attributes['unterminated"), vec![Target::Attribute(String::new())]);
    }

    #[test]
    fn sensitive_and_dynamic() {
        assert_eq!(sensitive_reference_in("Thanks $.External.value"), Some("$.External.value".into()));
        assert_eq!(sensitive_reference_in("Hello $.Attributes.name"), None);
        assert!(is_dynamic(" $.Attributes.key"));
        assert!(!is_dynamic("abc"));
    }
}

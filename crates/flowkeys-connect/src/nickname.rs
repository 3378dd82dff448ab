//! Names an admin gives key sets, so two sets with one Common Name can be told apart on every
//! screen.

/// Longest nickname kept, in characters: enough for "payments IVR prod, 2027 rotation".
pub const NICKNAME_MAX: usize = 60;

/// The nickname a key set starts with: its Common Name and the first 8 hex digits of its public
/// key's SHA-256 (the same digits its file names carry), e.g.
/// `amazon-connect-secure-input · 9f1c2d3e`.
pub fn default_nickname(common_name: &str, short_fingerprint: &str) -> String {
    let name = tidy(common_name);
    let name = if name.is_empty() { "Key set".to_owned() } else { name };
    if short_fingerprint.is_empty() {
        name
    } else {
        format!("{name} · {short_fingerprint}")
    }
}

/// What an admin typed, made fit to show: control characters dropped, runs of white space made
/// one space, trimmed, at most [`NICKNAME_MAX`] characters. `None` when nothing is left (the
/// caller keeps the default).
pub fn clean_nickname(typed: &str) -> Option<String> {
    let name = tidy(typed);
    (!name.is_empty()).then_some(name)
}

fn tidy(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(NICKNAME_MAX).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_common_name_and_short_fingerprint() {
        assert_eq!(
            default_nickname("amazon-connect-secure-input", "9f1c2d3e"),
            "amazon-connect-secure-input · 9f1c2d3e"
        );
        assert_eq!(default_nickname("", "9f1c2d3e"), "Key set · 9f1c2d3e");
        assert_eq!(default_nickname("payments", ""), "payments");
    }

    #[test]
    fn typed_names_are_tidied_and_bounded() {
        assert_eq!(clean_nickname("  Prod \t\n IVR\u{0}  ").as_deref(), Some("Prod IVR"));
        assert_eq!(clean_nickname(" \n "), None);
        assert_eq!(clean_nickname(&"x".repeat(500)).map(|n| n.chars().count()), Some(NICKNAME_MAX));
    }
}

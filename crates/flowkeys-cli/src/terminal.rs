//! Terminal-safe text: every string that came from an input (a Key ID, a provider ID, an
//! encryption-context entry, a certificate subject, a file name) passes through [`safe`] before
//! it reaches a terminal, so a crafted message cannot move the cursor, erase lines, print a fake
//! "VALID" line, write the clipboard (OSC 52) or reorder text with bidirectional overrides.
//!
//! JSON output is not escaped here: `serde_json` already escapes C0 controls, and a JSON
//! consumer must receive the exact value.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for characters a terminal would interpret rather than print: C0 controls (including
/// newline and tab, which would let a value forge extra output lines), DEL, C1 controls (ESC's
/// 8-bit forms, e.g. U+009B CSI) and the Unicode bidirectional controls.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every unsafe character written as a visible `\u{…}` escape (a backslash is
/// doubled only when escaping happened, so ordinary text is returned unchanged).
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Raw bytes (e.g. a decrypted value) made safe for a terminal: valid UTF-8 goes through
/// [`safe`], anything else is shown lossily with the same escaping.
pub fn safe_bytes(bytes: &[u8]) -> String {
    safe(&String::from_utf8_lossy(bytes)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged_and_borrowed() {
        assert!(matches!(safe("4cdb826a-24c9 AmazonConnect é ✓ \\"), Cow::Borrowed(_)));
    }

    #[test]
    fn ansi_osc_and_bidi_are_escaped() {
        let fake = "kid\u{1b}[1A\u{1b}[2KSignature VALID\n\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}2J\u{202e}txet";
        let out = safe(fake);
        assert!(!out.chars().any(is_unsafe), "{out}");
        assert_eq!(
            out,
            "kid\\u{1b}[1A\\u{1b}[2KSignature VALID\\u{a}\\u{1b}]52;c;ZXZpbA==\\u{7}\\u{9b}2J\\u{202e}txet"
        );
    }

    #[test]
    fn backslashes_stay_unambiguous_once_escaping_happens() {
        assert_eq!(safe("a\\u{1b}\u{1b}"), "a\\\\u{1b}\\u{1b}");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_shown_lossily() {
        assert_eq!(safe_bytes(b"ab\xff\x1b"), "ab\u{fffd}\\u{1b}");
    }
}

//! Lenient base64 input.
//!
//! Ciphertexts reach admins through contact attributes, Lambda logs, JSON and chat messages, so
//! line breaks, indentation and surrounding quotes are common; those are tolerated. Anything
//! else that is not base64 is reported with the offending character and its position.

use base64ct::{Base64, Base64Unpadded, Encoding};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// Decodes standard base64, ignoring ASCII whitespace anywhere and one pair of surrounding
/// double or single quotes. Padding is optional.
///
/// # Errors
/// [`Error::EmptyInput`], [`Error::Base64InvalidCharacter`] (with position) or
/// [`Error::Base64Malformed`].
pub fn decode_base64_lenient(text: &str) -> Result<Vec<u8>> {
    decode_base64_lenient_secret(text).map(|bytes| bytes.to_vec())
}

/// [`decode_base64_lenient`] for text that may hold a secret (a PEM private key's body): the
/// compacted copy and the decoded bytes live in buffers wiped on drop, sized up front so no
/// reallocation leaves an unwiped copy behind.
pub(crate) fn decode_base64_lenient_secret(text: &str) -> Result<Zeroizing<Vec<u8>>> {
    let trimmed = text.trim();
    let unquoted =
        ['"', '\''].iter().find_map(|q| trimmed.strip_prefix(*q).and_then(|t| t.strip_suffix(*q))).unwrap_or(trimmed);
    let offset = text.len().saturating_sub(text.trim_start().len());
    let quote_offset = usize::from(unquoted.len() != trimmed.len());

    let mut compact = Zeroizing::new(String::with_capacity(unquoted.len()));
    let mut padding = 0usize;
    for (i, c) in unquoted.char_indices() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let position = i.saturating_add(offset).saturating_add(quote_offset);
        if c == '=' {
            padding = padding.saturating_add(1);
        } else if !is_base64_char(c) || padding > 0 {
            // A data character after padding is as wrong as a foreign character.
            return Err(if padding > 0 && is_base64_char(c) {
                Error::Base64Malformed { reason: "'=' padding appears before the end" }
            } else {
                Error::Base64InvalidCharacter { character: c, position }
            });
        }
        compact.push(c);
    }
    if compact.is_empty() {
        return Err(Error::EmptyInput);
    }
    if padding > 2 {
        return Err(Error::Base64Malformed { reason: "it ends with more than two '=' characters" });
    }
    let data_len = compact.len().saturating_sub(padding);
    let decoded = if padding > 0 { Base64::decode_vec(&compact) } else { Base64Unpadded::decode_vec(&compact) };
    decoded.map(Zeroizing::new).map_err(|_| Error::Base64Malformed {
        reason: if data_len % 4 == 1 {
            "its length is not possible for base64 (one character too many or too few)"
        } else {
            "its padding or final characters are inconsistent"
        },
    })
}

/// Accepts either the raw message bytes or base64 text of them.
///
/// A binary ESDK message starts with 0x01 or 0x02, which never occurs in base64 text, so the two
/// cases cannot be confused.
///
/// # Errors
/// As [`decode_base64_lenient`]; non-UTF-8 text is reported as an invalid character.
pub fn message_bytes(input: &[u8]) -> Result<Vec<u8>> {
    match input.first() {
        None => Err(Error::EmptyInput),
        Some(1 | 2) => Ok(input.to_vec()),
        Some(_) => match std::str::from_utf8(input) {
            Ok(text) => decode_base64_lenient(text),
            Err(e) => {
                Err(Error::Base64InvalidCharacter { character: char::REPLACEMENT_CHARACTER, position: e.valid_up_to() })
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient() {
        assert_eq!(decode_base64_lenient("AYAD").ok(), Some(vec![1, 128, 3]));
        assert_eq!(decode_base64_lenient("  AY\r\nA D\n").ok(), Some(vec![1, 128, 3]));
        assert_eq!(decode_base64_lenient("\"AYAD\"").ok(), Some(vec![1, 128, 3]));
        assert_eq!(decode_base64_lenient("AQ==").ok(), Some(vec![1]));
        assert_eq!(decode_base64_lenient("AQ").ok(), Some(vec![1]));
        assert!(matches!(decode_base64_lenient(" \n "), Err(Error::EmptyInput)));
        assert!(matches!(
            decode_base64_lenient("AY*D"),
            Err(Error::Base64InvalidCharacter { character: '*', position: 2 })
        ));
        assert!(matches!(
            decode_base64_lenient("  AY-D"),
            Err(Error::Base64InvalidCharacter { character: '-', position: 4 })
        ));
        assert!(matches!(decode_base64_lenient("AYADA"), Err(Error::Base64Malformed { .. })));
        assert!(matches!(decode_base64_lenient("AQ==AQ=="), Err(Error::Base64Malformed { .. })));
        assert_eq!(message_bytes(&[1, 128, 3]).ok(), Some(vec![1, 128, 3]));
        assert_eq!(message_bytes(b"AYAD").ok(), Some(vec![1, 128, 3]));
    }
}

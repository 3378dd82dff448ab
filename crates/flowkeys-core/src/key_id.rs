//! The Key ID Amazon Connect assigns to a flow security key.

use core::fmt;
use core::str::FromStr;

/// Why a pasted Key ID was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyIdError {
    /// Nothing was entered.
    #[error("Enter the Key ID that Amazon Connect shows after Add key (Flows → Flow security keys).")]
    Empty,
    /// Something that is not a UUID was entered.
    #[error("“{shown}” is not a Key ID. Connect's Key IDs are UUIDs: 36 characters, 8-4-4-4-12 hexadecimal digits, like 4cdb826a-24c9-443d-b78b-327c817073ce. Copy it from the Key ID column of Flows → Flow security keys.")]
    NotUuid {
        /// The input, shortened for display.
        shown: String,
    },
}

/// A validated Connect Key ID, e.g. `4cdb826a-24c9-443d-b78b-327c817073ce`.
///
/// It is the `EncryptionKeyId` of the Store customer input block and, byte for byte, the
/// *key name* (provider info) of the encrypted data key in every ciphertext Connect writes.
/// Because the Encryption SDK compares key names as raw bytes, the ID is normalised to the
/// lower-case form Connect displays: an upper-case copy would silently fail to decrypt.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(String);

impl KeyId {
    /// Validates a pasted Key ID: surrounding whitespace is ignored, the rest must be a UUID.
    pub fn parse(input: &str) -> Result<KeyId, KeyIdError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(KeyIdError::Empty);
        }
        if !is_uuid(trimmed) {
            return Err(KeyIdError::NotUuid { shown: shorten(trimmed, 60) });
        }
        Ok(KeyId(trimmed.to_ascii_lowercase()))
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ID as the bytes the Encryption SDK stores as provider info.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl FromStr for KeyId {
    type Err = KeyIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KeyId::parse(s)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.0)
    }
}

/// 8-4-4-4-12 hexadecimal digits separated by hyphens.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let lengths = [8usize, 4, 4, 4, 12];
    groups.len() == lengths.len()
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// At most `max` characters of `s`, with an ellipsis when cut (never splits a character).
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuid_and_normalises_case_and_whitespace() {
        let id = KeyId::parse("  4CDB826A-24c9-443d-b78b-327c817073ce\n").unwrap();
        assert_eq!(id.as_str(), "4cdb826a-24c9-443d-b78b-327c817073ce");
        assert_eq!(id.as_bytes().len(), 36);
    }

    #[test]
    fn rejects_empty_and_non_uuid_with_specific_errors() {
        assert_eq!(KeyId::parse("   "), Err(KeyIdError::Empty));
        for bad in [
            "not-a-key",
            "4cdb826a24c9443db78b327c817073ce",
            "4cdb826a-24c9-443d-b78b-327c817073c",
            "4cdb826a-24c9-443d-b78b-327c817073cg",
            "4cdb826a-24c9-443d-b78b-327c817073ce-1",
            "arn:aws:connect:us-east-1:123456789012:instance/x",
            "4cdb826a-24c9-443d-b78b-327c81707é3c",
        ] {
            match KeyId::parse(bad) {
                Err(KeyIdError::NotUuid { shown }) => assert!(bad.starts_with(shown.trim_end_matches('…'))),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn error_message_names_the_input_and_the_expected_shape() {
        let msg = KeyId::parse("hello").unwrap_err().to_string();
        assert!(msg.contains("“hello”") && msg.contains("8-4-4-4-12"), "{msg}");
        let long = "x".repeat(500);
        let msg = KeyId::parse(&long).unwrap_err().to_string();
        assert!(msg.len() < 400, "long input is shortened: {msg}");
    }
}

//! The Key ID Amazon Connect assigns to a flow security key.

use crate::text::shorten;
use core::fmt;
use core::str::FromStr;

/// Why a pasted Key ID was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyIdError {
    /// Nothing was entered.
    #[error("Enter the Key ID that Amazon Connect shows after Add key (Flows → Flow security keys).")]
    Empty,
    /// A sample placeholder such as `your-key-id` was left in.
    #[error("“{shown}” is the placeholder from AWS's sample flow, not a Key ID. Copy the real Key ID from Flows → Flow security keys.")]
    Placeholder {
        /// The input, shortened for display.
        shown: String,
    },
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
        if is_placeholder(trimmed) {
            return Err(KeyIdError::Placeholder { shown: shorten(trimmed, 60) });
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

/// Placeholders seen in AWS's sample flows and tutorials; a flow holding one never encrypts.
pub fn is_placeholder(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    ["your-key-id", "your key id", "keyid", "key-id", "<key-id>", "replace-me", "changeme", "todo", "xxx"]
        .contains(&lower.as_str())
        || lower.starts_with("your-")
        || lower.starts_with('<')
}

/// 8-4-4-4-12 hexadecimal digits separated by hyphens.
pub fn is_uuid(s: &str) -> bool {
    let lengths = [8usize, 4, 4, 4, 12];
    let mut groups = 0usize;
    for (i, group) in s.split('-').enumerate() {
        let Some(&len) = lengths.get(i) else {
            return false;
        };
        if group.len() != len || !group.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
        groups = groups.saturating_add(1);
    }
    groups == lengths.len()
}

impl AsRef<str> for KeyId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for KeyId {
    type Error = KeyIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        KeyId::parse(&s)
    }
}

impl From<KeyId> for String {
    fn from(v: KeyId) -> String {
        v.0
    }
}

impl serde::Serialize for KeyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for KeyId {
    /// Deserialising validates, so a `KeyId` in a config file is as trustworthy as a typed one.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        KeyId::parse(&s).map_err(serde::de::Error::custom)
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
    fn placeholders_get_their_own_message() {
        for p in ["your-key-id", "<key-id>", "CHANGEME", "your-connect-key"] {
            assert!(matches!(KeyId::parse(p), Err(KeyIdError::Placeholder { .. })), "{p}");
        }
        assert!(KeyId::parse("your-key-id").unwrap_err().to_string().contains("placeholder"));
    }

    #[test]
    fn serde_round_trip_validates() {
        let id: KeyId = serde_json::from_str("\"4CDB826A-24c9-443d-b78b-327c817073ce\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"4cdb826a-24c9-443d-b78b-327c817073ce\"");
        assert!(serde_json::from_str::<KeyId>("\"nope\"").is_err());
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

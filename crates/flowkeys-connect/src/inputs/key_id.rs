//! The Key ID Amazon Connect assigns to a flow security key.

use crate::text::shorten;

/// Why a pasted Key ID was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyIdError {
    /// Nothing was entered.
    #[error(
        "Enter the Key ID that Amazon Connect shows after Add key (Flows → Flow security keys)."
    )]
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
/// It is the `EncryptionKeyId` of the Store customer input block and, byte for byte, the key name
/// (provider info) of the encrypted data key in every ciphertext Connect writes. The Encryption
/// SDK compares key names as raw bytes, so the ID is normalised to the lower-case form Connect
/// displays: an upper-case copy would silently fail to decrypt.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(String);

impl KeyId {
    /// Validates a pasted Key ID: surrounding whitespace is ignored, the rest must be a UUID.
    pub fn parse(input: &str) -> Result<KeyId, KeyIdError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(KeyIdError::Empty);
        }
        if is_placeholder_key_id(trimmed) {
            return Err(KeyIdError::Placeholder {
                shown: shorten(trimmed, 60),
            });
        }
        if !is_uuid(trimmed) {
            return Err(KeyIdError::NotUuid {
                shown: shorten(trimmed, 60),
            });
        }
        Ok(KeyId(trimmed.to_ascii_lowercase()))
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

super::string_newtype!(KeyId, KeyIdError);

/// Placeholders seen in AWS's sample flows and tutorials; a flow holding one never encrypts.
pub(crate) fn is_placeholder_key_id(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    [
        "your-key-id",
        "your key id",
        "keyid",
        "key-id",
        "<key-id>",
        "replace-me",
        "changeme",
        "todo",
        "xxx",
    ]
    .contains(&lower.as_str())
        || lower.starts_with("your-")
        || lower.starts_with("<")
}

/// 8-4-4-4-12 hexadecimal digits separated by hyphens.
pub(crate) fn is_uuid(s: &str) -> bool {
    let lengths = [8usize, 4, 4, 4, 12];
    let mut groups = 0;
    for (i, group) in s.split('-').enumerate() {
        let Some(&len) = lengths.get(i) else {
            return false;
        };
        if group.len() != len || !group.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
        groups += 1;
    }
    groups == lengths.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuid_and_normalises_case_and_whitespace() {
        let id = KeyId::parse("  4CDB826A-24c9-443d-b78b-327c817073ce\n").unwrap();
        assert_eq!(id.as_str(), "4cdb826a-24c9-443d-b78b-327c817073ce");
    }

    #[test]
    fn rejects_empty_placeholder_and_non_uuid() {
        assert_eq!(KeyId::parse("  "), Err(KeyIdError::Empty));
        assert!(matches!(
            KeyId::parse("your-key-id"),
            Err(KeyIdError::Placeholder { .. })
        ));
        for bad in [
            "abc",
            "4cdb826a24c9443db78b327c817073ce",
            "4cdb826a-24c9-443d-b78b-327c817073cg",
            "4cdb826a-24c9-443d-b78b-327c817073ce-1",
        ] {
            assert!(
                matches!(KeyId::parse(bad), Err(KeyIdError::NotUuid { .. })),
                "{bad}"
            );
        }
        assert!(KeyId::parse("hello")
            .unwrap_err()
            .to_string()
            .contains("8-4-4-4-12"));
    }

    #[test]
    fn serde_revalidates() {
        let ok: KeyId = serde_json::from_str("\"11111111-2222-3333-4444-555555555555\"").unwrap();
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            "\"11111111-2222-3333-4444-555555555555\""
        );
        assert!(serde_json::from_str::<KeyId>("\"nope\"").is_err());
    }
}

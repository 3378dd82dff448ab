//! Deterministic action identifiers for the generated flow.
//!
//! Connect exports use UUIDs as identifiers. Random ones would make every generation differ, so
//! each action's identifier is derived from its role and an optional seed: the same inputs always
//! give byte-identical JSON, which makes diffs and reviews of generated flows meaningful.

use sha2::{Digest, Sha256};

/// The part an action plays in the generated flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    LoggingOff,
    StoreInput,
    Decrypt,
    CheckResult,
    LoggingOnSuccess,
    Confirm,
    LoggingOnFailure,
    FailurePrompt,
    Disconnect,
}

impl Role {
    /// A stable name, used for the identifier and reported to the caller.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::LoggingOff => "logging-off",
            Role::StoreInput => "store-input",
            Role::Decrypt => "decrypt",
            Role::CheckResult => "check-result",
            Role::LoggingOnSuccess => "logging-on-success",
            Role::Confirm => "confirm",
            Role::LoggingOnFailure => "logging-on-failure",
            Role::FailurePrompt => "failure-prompt",
            Role::Disconnect => "disconnect",
        }
    }
}

/// A UUID-shaped identifier (version 8, "custom", per RFC 9562) from SHA-256 of seed and name.
pub(crate) fn identifier(seed: &str, name: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"flowkeys-connect/action-id/v1\0");
    hasher.update(seed.as_bytes());
    hasher.update(b"\0");
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    for (dst, src) in bytes.iter_mut().zip(digest.iter()) {
        *dst = *src;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_uuid_shaped_and_distinct() {
        let a = identifier("", Role::StoreInput.name());
        assert_eq!(a, identifier("", Role::StoreInput.name()));
        assert_ne!(a, identifier("", Role::Decrypt.name()));
        assert_ne!(a, identifier("other seed", Role::StoreInput.name()));
        assert!(crate::inputs::is_uuid(&a), "{a}");
        assert_eq!(a.as_bytes()[14], b'8');
    }
}

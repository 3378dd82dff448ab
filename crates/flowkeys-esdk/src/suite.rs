//! The 11 algorithm suites of the AWS Encryption SDK.
//!
//! A suite fixes everything about a message except its keys: cipher key length, KDF, whether
//! there is an ECDSA footer, and whether the message is v2 with key commitment. All suites use
//! AES-GCM with 12-byte IVs and 16-byte tags.

use serde::Serialize;

/// AES-GCM IV length for every suite.
pub const IV_LEN: usize = 12;
/// AES-GCM tag length for every suite.
pub const TAG_LEN: usize = 16;
/// Commitment key / suite data length of the committing (v2) suites.
pub const COMMITMENT_LEN: usize = 32;

/// How the message key is derived from the data key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Kdf {
    /// The data key is used directly (legacy suites 0x0014/0x0046/0x0078).
    Identity,
    /// HKDF-SHA256, no salt, info = suite id ‖ message id.
    HkdfSha256,
    /// HKDF-SHA384, no salt, info = suite id ‖ message id.
    HkdfSha384,
    /// HKDF-SHA512 with salt = message id, info = suite id ‖ "DERIVEKEY"; a second expansion with
    /// info "COMMITKEY" yields the key commitment stored in the v2 header.
    HkdfSha512Committing,
}

impl Kdf {
    /// Short label (`HKDF-SHA384`, `none`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Identity => "no KDF",
            Self::HkdfSha256 => "HKDF-SHA256",
            Self::HkdfSha384 => "HKDF-SHA384",
            Self::HkdfSha512Committing => "HKDF-SHA512",
        }
    }
}

/// The footer signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SignatureAlgorithm {
    /// ECDSA over NIST P-256 with SHA-256.
    EcdsaP256Sha256,
    /// ECDSA over NIST P-384 with SHA-384.
    EcdsaP384Sha384,
}

impl SignatureAlgorithm {
    /// Curve name for messages.
    #[must_use]
    pub fn curve_name(self) -> &'static str {
        match self {
            Self::EcdsaP256Sha256 => "P-256",
            Self::EcdsaP384Sha384 => "P-384",
        }
    }

    /// Length of a SEC1 compressed public point on this curve.
    #[must_use]
    pub fn compressed_point_len(self) -> usize {
        match self {
            Self::EcdsaP256Sha256 => 33,
            Self::EcdsaP384Sha384 => 49,
        }
    }
}

/// One algorithm suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct AlgorithmSuite {
    /// The 2-byte id written in the header.
    pub id: u16,
    /// Name as used by the AWS Encryption SDKs (Python `Algorithm` enum names).
    pub name: &'static str,
    /// Message format version this suite is used with (1 or 2).
    pub message_version: u8,
    /// AES key length in bytes (16, 24 or 32); equals the data key length.
    pub key_len: usize,
    /// Key derivation.
    pub kdf: Kdf,
    /// Footer signature, if any.
    pub signature: Option<SignatureAlgorithm>,
    /// Whether the suite carries a key commitment (v2 suites).
    pub committing: bool,
}

impl AlgorithmSuite {
    /// Length of the data key the keyring wraps (always the AES key length).
    #[must_use]
    pub fn data_key_len(&self) -> usize {
        self.key_len
    }

    /// Message id length for this suite's message version.
    #[must_use]
    pub fn message_id_len(&self) -> usize {
        if self.message_version == 1 {
            16
        } else {
            32
        }
    }

    /// Looks a suite up by id.
    #[must_use]
    pub fn from_id(id: u16) -> Option<&'static AlgorithmSuite> {
        ALL_SUITES.iter().find(|s| s.id == id)
    }

    /// `"0x0378"`-style id.
    #[must_use]
    pub fn id_hex(&self) -> String {
        format!("0x{:04x}", self.id)
    }
}

const fn suite(
    id: u16,
    name: &'static str,
    key_len: usize,
    kdf: Kdf,
    signature: Option<SignatureAlgorithm>,
) -> AlgorithmSuite {
    let committing = matches!(kdf, Kdf::HkdfSha512Committing);
    AlgorithmSuite { id, name, message_version: if committing { 2 } else { 1 }, key_len, kdf, signature, committing }
}

use Kdf::*;
use SignatureAlgorithm::*;

/// AES-128-GCM, no KDF.
pub const AES_128_GCM_IV12_TAG16: AlgorithmSuite = suite(0x0014, "AES_128_GCM_IV12_TAG16", 16, Identity, None);
/// AES-192-GCM, no KDF.
pub const AES_192_GCM_IV12_TAG16: AlgorithmSuite = suite(0x0046, "AES_192_GCM_IV12_TAG16", 24, Identity, None);
/// AES-256-GCM, no KDF.
pub const AES_256_GCM_IV12_TAG16: AlgorithmSuite = suite(0x0078, "AES_256_GCM_IV12_TAG16", 32, Identity, None);
/// AES-128-GCM, HKDF-SHA256.
pub const AES_128_GCM_IV12_TAG16_HKDF_SHA256: AlgorithmSuite =
    suite(0x0114, "AES_128_GCM_IV12_TAG16_HKDF_SHA256", 16, HkdfSha256, None);
/// AES-192-GCM, HKDF-SHA256.
pub const AES_192_GCM_IV12_TAG16_HKDF_SHA256: AlgorithmSuite =
    suite(0x0146, "AES_192_GCM_IV12_TAG16_HKDF_SHA256", 24, HkdfSha256, None);
/// AES-256-GCM, HKDF-SHA256.
pub const AES_256_GCM_IV12_TAG16_HKDF_SHA256: AlgorithmSuite =
    suite(0x0178, "AES_256_GCM_IV12_TAG16_HKDF_SHA256", 32, HkdfSha256, None);
/// AES-128-GCM, HKDF-SHA256, ECDSA P-256.
pub const AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256: AlgorithmSuite =
    suite(0x0214, "AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256", 16, HkdfSha256, Some(EcdsaP256Sha256));
/// AES-192-GCM, HKDF-SHA384, ECDSA P-384.
pub const AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384: AlgorithmSuite =
    suite(0x0346, "AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384", 24, HkdfSha384, Some(EcdsaP384Sha384));
/// AES-256-GCM, HKDF-SHA384, ECDSA P-384 — the suite Amazon Connect uses.
pub const AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384: AlgorithmSuite =
    suite(0x0378, "AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384", 32, HkdfSha384, Some(EcdsaP384Sha384));
/// AES-256-GCM, HKDF-SHA512 with key commitment (v2 messages).
pub const AES_256_GCM_HKDF_SHA512_COMMIT_KEY: AlgorithmSuite =
    suite(0x0478, "AES_256_GCM_HKDF_SHA512_COMMIT_KEY", 32, HkdfSha512Committing, None);
/// AES-256-GCM, HKDF-SHA512 with key commitment, ECDSA P-384 (v2 messages).
pub const AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384: AlgorithmSuite =
    suite(0x0578, "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384", 32, HkdfSha512Committing, Some(EcdsaP384Sha384));

/// All 11 suites, in id order.
pub static ALL_SUITES: [AlgorithmSuite; 11] = [
    AES_128_GCM_IV12_TAG16,
    AES_192_GCM_IV12_TAG16,
    AES_256_GCM_IV12_TAG16,
    AES_128_GCM_IV12_TAG16_HKDF_SHA256,
    AES_192_GCM_IV12_TAG16_HKDF_SHA256,
    AES_256_GCM_IV12_TAG16_HKDF_SHA256,
    AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256,
    AES_192_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
    AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let ids: Vec<u16> = ALL_SUITES.iter().map(|s| s.id).collect();
        assert_eq!(ids, [0x0014, 0x0046, 0x0078, 0x0114, 0x0146, 0x0178, 0x0214, 0x0346, 0x0378, 0x0478, 0x0578]);
        for s in &ALL_SUITES {
            // The low byte encodes the key length (0x14 = 128, 0x46 = 192, 0x78 = 256 bits / 2^n pattern).
            let expected_len = match s.id & 0xff {
                0x14 => 16,
                0x46 => 24,
                0x78 => 32,
                other => panic!("unexpected low byte {other:#x}"),
            };
            assert_eq!(s.key_len, expected_len, "{}", s.name);
            assert_eq!(AlgorithmSuite::from_id(s.id), Some(s));
            assert_eq!(s.committing, s.message_version == 2);
            assert_eq!(s.name.contains("ECDSA"), s.signature.is_some());
        }
        assert_eq!(
            AlgorithmSuite::from_id(0x0378).map(|s| s.name),
            Some("AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384")
        );
        assert!(AlgorithmSuite::from_id(0x0379).is_none());
    }
}

//! Raw RSA keyring: wraps and unwraps data keys with an RSA key, as the ESDK's raw RSA keyring
//! (and Amazon Connect) does.
//!
//! An encrypted data key belongs to a keyring only if *both* its provider id equals the
//! keyring's key namespace and its provider info equals the key name, byte for byte (the raw
//! RSA keyring stores the bare key name, unlike the raw AES keyring). Amazon Connect uses
//! namespace `AmazonConnect`, key name = the Key ID, and RSA-OAEP with SHA-512/MGF1-SHA-512.
//!
//! The one RSA private-key operation a keyring performs, unwrapping a data key, goes through
//! [`RsaUnwrap`]. The engine's implementation is the pure-Rust `rsa` crate (it also builds for
//! the page's WebAssembly); a native shell may plug in another implementation (the decrypt
//! Lambda uses AWS-LC, several times faster for 4096-bit keys) while message parsing, key
//! matching, header authentication, frames and signatures stay here.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rand_core::TryCryptoRng;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, Pkcs1v15Encrypt, PrivateKey, PublicKey};
use sha1::Sha1;
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::header::EncryptedDataKey;

/// RSA padding used to wrap the data key. OAEP variants use MGF1 with the same hash and an
/// empty label, as every ESDK implementation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum RsaPadding {
    /// PKCS#1 v1.5 (legacy).
    Pkcs1v15,
    /// OAEP with SHA-1 / MGF1-SHA-1.
    OaepSha1,
    /// OAEP with SHA-256 / MGF1-SHA-256.
    OaepSha256,
    /// OAEP with SHA-384 / MGF1-SHA-384.
    OaepSha384,
    /// OAEP with SHA-512 / MGF1-SHA-512 (Amazon Connect).
    OaepSha512,
}

impl RsaPadding {
    /// All paddings, in the order an admin is most likely to need them.
    pub const ALL: [RsaPadding; 5] =
        [Self::OaepSha512, Self::OaepSha256, Self::OaepSha1, Self::OaepSha384, Self::Pkcs1v15];

    /// Display / CLI name (`oaep-sha512`, `pkcs1`, ...).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Pkcs1v15 => "pkcs1",
            Self::OaepSha1 => "oaep-sha1",
            Self::OaepSha256 => "oaep-sha256",
            Self::OaepSha384 => "oaep-sha384",
            Self::OaepSha512 => "oaep-sha512",
        }
    }

    /// Name used in sentences (`OAEP-SHA512`, `PKCS#1 v1.5`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Pkcs1v15 => "PKCS#1 v1.5",
            Self::OaepSha1 => "OAEP-SHA1",
            Self::OaepSha256 => "OAEP-SHA256",
            Self::OaepSha384 => "OAEP-SHA384",
            Self::OaepSha512 => "OAEP-SHA512",
        }
    }

    /// Smallest modulus (bytes) that can wrap `data_key_len` bytes with this padding.
    fn min_modulus_len(self, data_key_len: usize) -> usize {
        let overhead = match self {
            Self::Pkcs1v15 => 11,
            Self::OaepSha1 => 2 * 20 + 2,
            Self::OaepSha256 => 2 * 32 + 2,
            Self::OaepSha384 => 2 * 48 + 2,
            Self::OaepSha512 => 2 * 64 + 2,
        };
        data_key_len.saturating_add(overhead)
    }
}

impl fmt::Display for RsaPadding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RsaPadding {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let norm = s.trim().to_ascii_lowercase().replace('_', "-");
        Ok(match norm.as_str() {
            "pkcs1" | "pkcs1v15" | "pkcs1-v1.5" | "pkcs1-v1-5" => Self::Pkcs1v15,
            "oaep-sha1" | "oaep-sha-1" => Self::OaepSha1,
            "oaep-sha256" | "oaep-sha-256" => Self::OaepSha256,
            "oaep-sha384" | "oaep-sha-384" => Self::OaepSha384,
            "oaep-sha512" | "oaep-sha-512" => Self::OaepSha512,
            _ => {
                return Err(format!(
                    "Unknown RSA padding {s:?}; use one of oaep-sha512, oaep-sha256, oaep-sha1, oaep-sha384, pkcs1."
                ))
            }
        })
    }
}

/// An RSA private key as a keyring needs it: its size, and the unwrap (private-key decrypt plus
/// padding removal) of one wrapped data key.
///
/// Implemented by the engine for `rsa`'s [`PrivateKey`]. Another implementation must follow the
/// same conventions: OAEP uses MGF1 with the same hash as the label hash and an empty label;
/// PKCS#1 v1.5 may return pseudo-random bytes for a wrong key (implicit rejection) or `None`,
/// the engine authenticates the result either way. It must hold its key material in memory that
/// is wiped when the value is dropped. `RefUnwindSafe` keeps keyrings usable across
/// `catch_unwind` (the fuzz harness relies on it), as they were with `rsa` keys alone.
pub trait RsaUnwrap: Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe {
    /// The modulus size in bytes.
    fn modulus_len(&self) -> usize;

    /// The data key inside `wrapped`, or `None` on any failure (wrong key, bad padding, a
    /// ciphertext of the wrong length, an unsupported padding). Must not panic on any input.
    fn unwrap_data_key(&self, padding: RsaPadding, wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>>;
}

impl RsaUnwrap for PrivateKey {
    fn modulus_len(&self) -> usize {
        self.size()
    }

    /// PKCS#1 v1.5 uses implicit rejection in `rsa` 0.10: a wrong key yields pseudo-random
    /// bytes rather than an error.
    fn unwrap_data_key(&self, padding: RsaPadding, wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let result = match padding {
            RsaPadding::Pkcs1v15 => self.decrypt(Pkcs1v15Encrypt, wrapped),
            RsaPadding::OaepSha1 => self.decrypt(Oaep::<Sha1>::new(), wrapped),
            RsaPadding::OaepSha256 => self.decrypt(Oaep::<Sha256>::new(), wrapped),
            RsaPadding::OaepSha384 => self.decrypt(Oaep::<Sha384>::new(), wrapped),
            RsaPadding::OaepSha512 => self.decrypt(Oaep::<Sha512>::new(), wrapped),
        };
        result.ok().map(Zeroizing::new)
    }
}

/// A private RSA key configured as a raw RSA keyring for decryption.
#[derive(Clone)]
pub struct RawRsaKeyring {
    provider_id: String,
    key_name: String,
    padding: RsaPadding,
    /// Shared, not copied, when the keyring is cloned: one copy of the key material.
    private_key: Arc<dyn RsaUnwrap>,
}

impl fmt::Debug for RawRsaKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRsaKeyring")
            .field("provider_id", &self.provider_id)
            .field("key_name", &self.key_name)
            .field("padding", &self.padding)
            .field("modulus_bits", &self.modulus_bits())
            .finish_non_exhaustive()
    }
}

impl RawRsaKeyring {
    /// A keyring with explicit namespace (provider id), key name and padding. `private_key` is
    /// an `rsa` [`PrivateKey`] or another [`RsaUnwrap`] implementation.
    pub fn new(
        provider_id: impl Into<String>,
        key_name: impl Into<String>,
        padding: RsaPadding,
        private_key: impl RsaUnwrap + 'static,
    ) -> Self {
        Self { provider_id: provider_id.into(), key_name: key_name.into(), padding, private_key: Arc::new(private_key) }
    }

    /// A keyring configured like Amazon Connect: `AmazonConnect`, key name = Key ID, OAEP-SHA512.
    pub fn amazon_connect(key_id: impl Into<String>, private_key: impl RsaUnwrap + 'static) -> Self {
        Self::new(crate::connect::PROVIDER_ID, key_id, RsaPadding::OaepSha512, private_key)
    }

    /// Key namespace / provider id.
    #[must_use]
    pub fn provider_id(&self) -> &str {
        &self.provider_id
    }

    /// Key name (Connect: the Key ID).
    #[must_use]
    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    /// Configured padding.
    #[must_use]
    pub fn padding(&self) -> RsaPadding {
        self.padding
    }

    /// Modulus size in bytes: the length of every data key wrapped for this key.
    #[must_use]
    pub fn modulus_len(&self) -> usize {
        self.private_key.modulus_len()
    }

    /// Modulus size in bits.
    #[must_use]
    pub fn modulus_bits(&self) -> usize {
        self.private_key.modulus_len().saturating_mul(8)
    }

    /// Whether the provider id matches (first half of the EDK filter).
    pub(crate) fn provider_matches(&self, edk: &EncryptedDataKey) -> bool {
        edk.provider_id == self.provider_id.as_bytes()
    }

    /// Whether provider id and key name both match.
    pub(crate) fn matches(&self, edk: &EncryptedDataKey) -> bool {
        self.provider_matches(edk) && edk.provider_info == self.key_name.as_bytes()
    }

    /// Unwraps a wrapped data key. `None` on any failure — the caller reports a typed error.
    ///
    /// With PKCS#1 v1.5 a wrong key may yield pseudo-random bytes rather than an error
    /// (implicit rejection), so the caller must (and does) authenticate whatever comes out
    /// (length check, key commitment, header-auth tag) before using it.
    pub(crate) fn unwrap_key(&self, wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        self.private_key.unwrap_data_key(self.padding, wrapped)
    }
}

/// A public RSA key that a message's data key is wrapped for.
#[derive(Debug, Clone)]
pub struct RsaRecipient {
    /// Key namespace / provider id written into the EDK.
    pub provider_id: String,
    /// Key name written as the EDK's provider info (Connect: the Key ID).
    pub key_name: String,
    /// Wrapping padding.
    pub padding: RsaPadding,
    /// The RSA public key.
    pub public_key: PublicKey,
}

impl RsaRecipient {
    /// A recipient configured like Amazon Connect: `AmazonConnect`, key name = Key ID, OAEP-SHA512.
    pub fn amazon_connect(key_id: impl Into<String>, public_key: PublicKey) -> Self {
        Self {
            provider_id: crate::connect::PROVIDER_ID.to_owned(),
            key_name: key_id.into(),
            padding: RsaPadding::OaepSha512,
            public_key,
        }
    }

    /// Wraps `data_key` into an EDK.
    pub(crate) fn wrap<R: TryCryptoRng + ?Sized>(&self, data_key: &[u8], rng: &mut R) -> Result<EncryptedDataKey> {
        let modulus_len = self.public_key.size();
        if modulus_len < self.padding.min_modulus_len(data_key.len()) {
            return Err(Error::KeyTooSmall { bits: modulus_len.saturating_mul(8), padding: self.padding.label() });
        }
        let key = &self.public_key;
        let result = match self.padding {
            RsaPadding::Pkcs1v15 => key.encrypt(rng, Pkcs1v15Encrypt, data_key),
            RsaPadding::OaepSha1 => key.encrypt(rng, Oaep::<Sha1>::new(), data_key),
            RsaPadding::OaepSha256 => key.encrypt(rng, Oaep::<Sha256>::new(), data_key),
            RsaPadding::OaepSha384 => key.encrypt(rng, Oaep::<Sha384>::new(), data_key),
            RsaPadding::OaepSha512 => key.encrypt(rng, Oaep::<Sha512>::new(), data_key),
        };
        let ciphertext = result.map_err(|e| match e {
            rsa::Error::Rng => Error::Rng,
            _ => Error::Crypto("wrapping the data key with RSA"),
        })?;
        Ok(EncryptedDataKey {
            provider_id: self.provider_id.as_bytes().to_vec(),
            provider_info: self.key_name.as_bytes().to_vec(),
            ciphertext,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_names_round_trip() {
        for p in RsaPadding::ALL {
            assert_eq!(p.name().parse::<RsaPadding>(), Ok(p));
        }
        assert_eq!("OAEP_SHA512".parse::<RsaPadding>(), Ok(RsaPadding::OaepSha512));
        assert!("oaep-md5".parse::<RsaPadding>().is_err());
    }
}

//! The data-key unwrap (RSA-OAEP private-key decrypt) done by AWS-LC, through `aws-lc-rs`.
//!
//! Why: the caller waits on the line while the function runs, and the RSA private-key operation
//! is almost all of a warm invocation. For a 4096-bit key the engine's pure-Rust `rsa` crate
//! (constant-time `crypto-bigint` arithmetic, CRT precomputed) takes about 36–40 ms on x86_64;
//! AWS-LC takes about 6 ms, close to OpenSSL's 4 ms (`scripts/bench-lambda.sh` and the README's
//! "Decrypt Lambda" section have the figures). Only this operation moves: the engine still parses
//! the key and the message, matches the Key ID, authenticates the header, decrypts the frames and
//! checks the signature, through its [`RsaUnwrap`] seam. The page keeps the pure-Rust path (AWS-LC
//! is C and does not build for `wasm32-unknown-unknown`).
//!
//! Key material: AWS-LC holds the key in its own allocations, which it wipes when they are freed
//! (`OPENSSL_free` cleanses every allocation before releasing it, aws-lc `crypto/mem.c`); the
//! PKCS#8 bytes handed to it live in a zeroizing buffer.

use std::fmt;

use aws_lc_rs::rsa::{
    OaepAlgorithm, OaepPrivateDecryptingKey, PrivateDecryptingKey, OAEP_SHA1_MGF1SHA1, OAEP_SHA256_MGF1SHA256,
    OAEP_SHA384_MGF1SHA384, OAEP_SHA512_MGF1SHA512,
};
use flowkeys_esdk::{RsaPadding, RsaPrivateKey, RsaUnwrap, Zeroizing};
use pkcs8::EncodePrivateKey;

/// Why AWS-LC did not take a key the engine had parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsLcKeyError {
    /// The key could not be written as PKCS#8 for AWS-LC.
    #[error("The RSA private key could not be re-encoded as PKCS#8 for AWS-LC.")]
    Encode,
    /// AWS-LC refused the key (it takes 2048- to 8192-bit keys).
    #[error("AWS-LC refused the {bits}-bit RSA private key ({reason}); it takes keys of 2048 to 8192 bits.")]
    Rejected {
        /// The key's modulus size.
        bits: usize,
        /// AWS-LC's own short description.
        reason: &'static str,
    },
}

/// An RSA private key held by AWS-LC, for RSA-OAEP unwraps (the padding Connect uses).
/// PKCS#1 v1.5 is not offered: this function only ever unwraps Connect's OAEP-SHA512.
pub struct AwsLcOaepKey {
    key: OaepPrivateDecryptingKey,
}

impl fmt::Debug for AwsLcOaepKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsLcOaepKey").field("modulus_bits", &self.key.key_size_bits()).finish_non_exhaustive()
    }
}

impl AwsLcOaepKey {
    /// The same key in AWS-LC. `key` has been parsed (and its PEM forms handled) by the engine.
    ///
    /// # Errors
    /// [`AwsLcKeyError`] when the key cannot be handed over; the caller may keep the engine's
    /// key instead.
    pub fn from_private_key(key: &RsaPrivateKey) -> Result<Self, AwsLcKeyError> {
        let pkcs8 = key.to_pkcs8_der().map_err(|_| AwsLcKeyError::Encode)?;
        let private = PrivateDecryptingKey::from_pkcs8(pkcs8.as_bytes()).map_err(|e| AwsLcKeyError::Rejected {
            bits: key.modulus_len().saturating_mul(8),
            reason: e.description_(),
        })?;
        let key = OaepPrivateDecryptingKey::new(private).map_err(|_| AwsLcKeyError::Rejected {
            bits: key.modulus_len().saturating_mul(8),
            reason: "not an OAEP key",
        })?;
        Ok(AwsLcOaepKey { key })
    }
}

fn oaep_algorithm(padding: RsaPadding) -> Option<&'static OaepAlgorithm> {
    match padding {
        RsaPadding::OaepSha1 => Some(&OAEP_SHA1_MGF1SHA1),
        RsaPadding::OaepSha256 => Some(&OAEP_SHA256_MGF1SHA256),
        RsaPadding::OaepSha384 => Some(&OAEP_SHA384_MGF1SHA384),
        RsaPadding::OaepSha512 => Some(&OAEP_SHA512_MGF1SHA512),
        RsaPadding::Pkcs1v15 => None,
    }
}

impl RsaUnwrap for AwsLcOaepKey {
    fn modulus_len(&self) -> usize {
        self.key.key_size_bytes()
    }

    fn unwrap_data_key(&self, padding: RsaPadding, wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let algorithm = oaep_algorithm(padding)?;
        // AWS-LC checks the ciphertext length itself; checking here too keeps the contract
        // ("None for a ciphertext of the wrong length") independent of its version.
        if wrapped.len() != self.key.key_size_bytes() {
            return None;
        }
        let mut out = Zeroizing::new(vec![0u8; self.key.min_output_size()]);
        let len = self.key.decrypt(algorithm, wrapped, &mut out, None).ok()?.len();
        out.truncate(len);
        Some(out)
    }
}

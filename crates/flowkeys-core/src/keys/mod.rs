//! RSA key pairs: generation, and the encodings admins need.

mod generate;
pub(crate) mod private;
mod public;

pub use generate::{generate, generate_with_rng};
pub use private::{KeyLayout, PrivateKeyDer};
pub use public::{normalise_spki, spki_der_from_pkcs1_public, SpkiDer};

/// Why the RSA-OAEP self-check ([`oaep_round_trip`]) failed. `Display` completes the sentence
/// "The private key is damaged: …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OaepRoundTripError {
    /// Encrypting the probe under the public half failed.
    #[error("encryption with its public half failed ({0})")]
    Encrypt(String),
    /// Decrypting it with the private key failed.
    #[error("decryption failed ({0})")]
    Decrypt(String),
    /// Decryption succeeded but gave other bytes.
    #[error("decryption returned different bytes")]
    Mismatch,
}

/// The one OAEP self-check: wraps a fixed probe with RSA-OAEP-SHA512 (the wrapping Connect and
/// the decrypt Lambda use) under the key's public half and unwraps it with the private key.
/// Used by the key-set checklist (a key made here is checked by its certificate's signature
/// instead, see [`crate::KeySet::create_self_signed`]). One RSA private-key operation: run it
/// where key generation runs.
pub fn oaep_round_trip(key: &rsa::PrivateKey) -> Result<(), OaepRoundTripError> {
    use rsa::Oaep;
    use sha2::Sha512;
    let probe = [0xa5_u8; 32];
    let wrapped = key
        .as_ref()
        .encrypt(&mut getrandom::SysRng, Oaep::<Sha512>::new(), &probe)
        .map_err(|e| OaepRoundTripError::Encrypt(e.to_string()))?;
    let unwrapped =
        key.decrypt(Oaep::<Sha512>::new(), &wrapped).map_err(|e| OaepRoundTripError::Decrypt(e.to_string()))?;
    if unwrapped[..] == probe[..] {
        Ok(())
    } else {
        Err(OaepRoundTripError::Mismatch)
    }
}

/// Problems with RSA key material.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The operating system or browser would not supply random numbers.
    #[error("The browser or operating system refused to supply random numbers, so no key was made. Reload the page and try again.")]
    Randomness,
    /// Key generation failed inside the RSA library.
    #[error("RSA key generation failed: {0}. Try again.")]
    Generation(String),
    /// The bytes are not a PKCS#8 private key.
    #[error("This is not a PKCS#8 private key ({0}).")]
    NotPkcs8(String),
    /// A PKCS#8 key for another algorithm.
    #[error(
        "This private key is not an RSA key (its algorithm is {0}). Amazon Connect flow security keys must be RSA."
    )]
    NotRsa(String),
    /// The RSA numbers are inconsistent (corrupted or tampered key).
    #[error("The RSA private key is damaged: its numbers are inconsistent ({0}).")]
    Invalid(String),
    /// A modulus size Connect cannot use.
    #[error("This is a {0}-bit RSA key. Amazon Connect needs 2048, 3072 or 4096 bits (an 8192-bit public key exceeds Connect's 1024-character limit).")]
    UnsupportedSize(usize),
    /// Encoding failed (should not happen for a valid key).
    #[error("The key could not be encoded: {0}.")]
    Encoding(String),
}

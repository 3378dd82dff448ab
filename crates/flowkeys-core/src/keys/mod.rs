//! RSA key pairs: generation, and the encodings admins need.

mod generate;
pub(crate) mod private;
mod public;

pub use generate::{generate, generate_with_rng};
pub use private::PrivateKeyDer;
pub use public::{normalise_spki, spki_der_from_pkcs1_public, SpkiDer};

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

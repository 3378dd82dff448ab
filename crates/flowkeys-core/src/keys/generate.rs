//! Pure-Rust RSA key generation (the path used where WebCrypto is unavailable).

use super::KeyError;
use crate::KeySize;
use rsa::rand_core::TryCryptoRng;
use rsa::PrivateKey as RsaPrivateKey;

/// Generates a key with the platform's secure random source (`getrandom`: the OS natively,
/// `crypto.getRandomValues` in the browser).
///
/// Slow for 4096 bits (about 1.3 s native, 1.8 s in wasm): in the browser, call it from a
/// Web Worker, never the page's main thread.
pub fn generate(size: KeySize) -> Result<RsaPrivateKey, KeyError> {
    generate_with_rng(size, &mut getrandom::SysRng)
}

/// Generates a key with a caller-supplied cryptographic RNG (public exponent 65537).
pub fn generate_with_rng<R: TryCryptoRng + ?Sized>(size: KeySize, rng: &mut R) -> Result<RsaPrivateKey, KeyError> {
    RsaPrivateKey::new(rng, size.bits()).map_err(|e| match e {
        rsa::Error::Rng => KeyError::Randomness,
        other => KeyError::Generation(other.to_string()),
    })
}

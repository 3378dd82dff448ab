//! Message footer: the ECDSA signature of signing suites, and the signing key carried in the
//! encryption context.
//!
//! The signature covers every byte before the footer (header body, header auth, body) and is
//! encoded as DER `ECDSA-Sig-Value`, preceded by a u16 length. The verification key is the
//! base64 SEC1 *compressed* point stored under `aws-crypto-public-key`; since it travels in the
//! message itself, the signature proves integrity (nobody without the matching private key
//! altered the message after signing) — not authorship. It can be verified without the RSA key.

use base64ct::{Base64, Encoding};
use rand_core::TryCryptoRng;
use signature::{Signer, Verifier};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::header::{Header, PUBLIC_KEY_CONTEXT_KEY};
use crate::reader::Reader;
use crate::suite::SignatureAlgorithm;

/// The footer of a signing suite's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footer<'a> {
    /// DER-encoded ECDSA signature.
    pub signature: &'a [u8],
}

/// Parses the footer (if the suite has one) at `body_end` and rejects anything after the
/// message.
///
/// # Errors
/// [`Error::Truncated`] for a missing/short footer, [`Error::TrailingBytes`] for extra bytes.
pub fn parse<'a>(message: &'a [u8], body_end: usize, header: &Header) -> Result<Option<Footer<'a>>> {
    let mut r = Reader::new_at(message, body_end);
    let footer = match header.suite.signature {
        Some(_) => Some(Footer { signature: r.u16_prefixed("signature length", "signature")? }),
        None => None,
    };
    match r.remaining() {
        0 => Ok(footer),
        count => Err(Error::TrailingBytes { count }),
    }
}

/// A signature verification key taken from the encryption context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationKey {
    /// P-256 (suite 0x0214).
    P256(p256::ecdsa::VerifyingKey),
    /// P-384 (suites 0x0346, 0x0378, 0x0578).
    P384(p384::ecdsa::VerifyingKey),
}

impl VerificationKey {
    /// Reads `aws-crypto-public-key` from the header's encryption context.
    ///
    /// Returns `Ok(None)` for non-signing suites (which must not carry the key).
    ///
    /// # Errors
    /// [`Error::MissingSigningKey`], [`Error::UnexpectedSigningKey`], [`Error::InvalidSigningKey`].
    pub fn from_header(header: &Header) -> Result<Option<Self>> {
        let stored = header.encryption_context.get(PUBLIC_KEY_CONTEXT_KEY);
        let Some(algorithm) = header.suite.signature else {
            return match stored {
                Some(_) => Err(Error::UnexpectedSigningKey { suite: header.suite.id }),
                None => Ok(None),
            };
        };
        let encoded = stored.ok_or(Error::MissingSigningKey { suite: header.suite.id })?;
        let invalid = || Error::InvalidSigningKey { curve: algorithm.curve_name() };
        let point = Base64::decode_vec(encoded).map_err(|_| invalid())?;
        // The format stores compressed points only (SEC1 §2.3.3: 0x02/0x03 prefix).
        let compressed = point.len() == algorithm.compressed_point_len() && matches!(point.first(), Some(0x02 | 0x03));
        if !compressed {
            return Err(invalid());
        }
        let key = match algorithm {
            SignatureAlgorithm::EcdsaP256Sha256 => {
                Self::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| invalid())?)
            }
            SignatureAlgorithm::EcdsaP384Sha384 => {
                Self::P384(p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| invalid())?)
            }
        };
        Ok(Some(key))
    }

    /// Verifies a DER signature over `signed` (hashing with the suite's hash).
    ///
    /// # Errors
    /// [`Error::MalformedSignature`] for non-DER input, [`Error::SignatureInvalid`] otherwise.
    pub fn verify(&self, signed: &[u8], signature_der: &[u8]) -> Result<()> {
        match self {
            Self::P256(key) => {
                let sig =
                    p256::ecdsa::DerSignature::from_bytes(signature_der).map_err(|_| Error::MalformedSignature)?;
                key.verify(signed, &sig).map_err(|_| Error::SignatureInvalid)
            }
            Self::P384(key) => {
                let sig =
                    p384::ecdsa::DerSignature::from_bytes(signature_der).map_err(|_| Error::MalformedSignature)?;
                key.verify(signed, &sig).map_err(|_| Error::SignatureInvalid)
            }
        }
    }
}

/// A fresh per-message signing key (zeroized on drop by the `ecdsa` crate).
pub(crate) enum MessageSigningKey {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

impl MessageSigningKey {
    /// Draws a uniformly random private scalar by rejection sampling from `rng`.
    pub(crate) fn generate<R: TryCryptoRng + ?Sized>(algorithm: SignatureAlgorithm, rng: &mut R) -> Result<Self> {
        let mut bytes = Zeroizing::new([0u8; 48]);
        let len = match algorithm {
            SignatureAlgorithm::EcdsaP256Sha256 => 32,
            SignatureAlgorithm::EcdsaP384Sha384 => 48,
        };
        let buf = bytes.get_mut(..len).ok_or(Error::Crypto("sizing a scalar buffer"))?;
        // A candidate is rejected only if it is zero or ≥ the group order: probability < 2^-32
        // per draw for both curves, so 64 attempts never run out in practice.
        for _ in 0..64 {
            rng.try_fill_bytes(buf).map_err(|_| Error::Rng)?;
            let key = match algorithm {
                SignatureAlgorithm::EcdsaP256Sha256 => p256::ecdsa::SigningKey::from_slice(buf).ok().map(Self::P256),
                SignatureAlgorithm::EcdsaP384Sha384 => p384::ecdsa::SigningKey::from_slice(buf).ok().map(Self::P384),
            };
            if let Some(key) = key {
                return Ok(key);
            }
        }
        Err(Error::Rng)
    }

    /// The compressed public point, base64 — the `aws-crypto-public-key` context value.
    pub(crate) fn public_key_base64(&self) -> String {
        let point: Vec<u8> = match self {
            Self::P256(k) => k.verifying_key().to_sec1_point(true).as_bytes().to_vec(),
            Self::P384(k) => k.verifying_key().to_sec1_point(true).as_bytes().to_vec(),
        };
        Base64::encode_string(&point)
    }

    /// Signs `message` (RFC 6979 deterministic nonces) and returns the DER signature.
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let failed = |_| Error::Crypto("signing the message");
        Ok(match self {
            Self::P256(k) => {
                let sig: p256::ecdsa::DerSignature = k.try_sign(message).map_err(failed)?;
                sig.as_bytes().to_vec()
            }
            Self::P384(k) => {
                let sig: p384::ecdsa::DerSignature = k.try_sign(message).map_err(failed)?;
                sig.as_bytes().to_vec()
            }
        })
    }
}

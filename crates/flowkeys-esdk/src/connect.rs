//! Amazon Connect's profile of the format.
//!
//! The Store customer input block encrypts with: a v1 message, suite 0x0378
//! (AES-256-GCM, HKDF-SHA384, ECDSA P-384), a framed body with 4096-byte frames, an encryption
//! context holding only `aws-crypto-public-key`, and one EDK with provider id `AmazonConnect`,
//! provider info = the Key ID (UTF-8), wrapped with RSA-OAEP-SHA512/MGF1-SHA512 and an empty
//! label. (Decoded from a real Connect ciphertext; see the project's shared notes.)
//!
//! [`encrypt`] produces exactly that shape, so admins can test their decrypting Lambda without a
//! phone call. It uses the specification's deterministic IVs rather than Connect's random ones;
//! see [the `encrypt` module](mod@crate::encrypt) for why both are sound and why every decryptor accepts both.

use base64ct::{Base64, Encoding};
use rand_core::TryCryptoRng;
use rsa::PublicKey;

use crate::encrypt::{self as enc, BodyLayout, EncryptRequest};
use crate::error::{Error, Result};
use crate::header::{EncryptionContext, PUBLIC_KEY_CONTEXT_KEY};
use crate::inspect::MessageInfo;
use crate::keyring::{RawRsaKeyring, RsaPadding, RsaRecipient};
use crate::suite::{AlgorithmSuite, AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384};

/// The key provider id (raw keyring namespace) Connect writes.
pub const PROVIDER_ID: &str = "AmazonConnect";
/// The algorithm suite Connect uses.
pub const SUITE: &AlgorithmSuite = &AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;
/// Connect's frame length.
pub const FRAME_LENGTH: u32 = 4096;
/// Connect's RSA padding.
pub const PADDING: RsaPadding = RsaPadding::OaepSha512;

fn check_key_id(key_id: &str) -> Result<()> {
    if key_id.trim().is_empty() {
        return Err(Error::InvalidEncryptRequest(
            "The Key ID is empty. Use the Key ID Amazon Connect shows for the security key.".into(),
        ));
    }
    if key_id.trim() != key_id {
        return Err(Error::InvalidEncryptRequest(
            "The Key ID has leading or trailing whitespace; Amazon Connect Key IDs do not.".into(),
        ));
    }
    Ok(())
}

/// Encrypts `plaintext` exactly as Amazon Connect would for the key registered under `key_id`.
/// Returns the binary message.
///
/// # Errors
/// [`Error::InvalidEncryptRequest`] for an empty Key ID, [`Error::KeyTooSmall`], [`Error::Rng`].
pub fn encrypt<R: TryCryptoRng + ?Sized>(
    public_key: &PublicKey,
    key_id: &str,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>> {
    check_key_id(key_id)?;
    let recipients = [RsaRecipient::amazon_connect(key_id, public_key.clone())];
    let request = EncryptRequest {
        suite: SUITE,
        layout: BodyLayout::Framed { frame_length: FRAME_LENGTH },
        encryption_context: EncryptionContext::new(),
        recipients: &recipients,
    };
    enc::encrypt(&request, plaintext, rng)
}

/// [`encrypt`], returning standard base64 — the form Connect stores in `$.StoredCustomerInput`.
///
/// # Errors
/// As [`encrypt`].
pub fn encrypt_to_base64<R: TryCryptoRng + ?Sized>(
    public_key: &PublicKey,
    key_id: &str,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<String> {
    encrypt(public_key, key_id, plaintext, rng).map(|m| Base64::encode_string(&m))
}

/// [`encrypt_to_base64`] for a certificate in DER (what the Store customer input block holds).
///
/// # Errors
/// Key loading errors, then as [`encrypt`].
pub fn encrypt_for_certificate_der<R: TryCryptoRng + ?Sized>(
    certificate_der: &[u8],
    key_id: &str,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<String> {
    let key = crate::keys::public_key_from_certificate_der(certificate_der)?;
    encrypt_to_base64(&key, key_id, plaintext, rng)
}

/// [`encrypt_to_base64`] for an SPKI public key in DER (what Connect registers).
///
/// # Errors
/// Key loading errors, then as [`encrypt`].
pub fn encrypt_for_spki_der<R: TryCryptoRng + ?Sized>(
    spki_der: &[u8],
    key_id: &str,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<String> {
    let key = crate::keys::public_key_from_spki_der(spki_der)?;
    encrypt_to_base64(&key, key_id, plaintext, rng)
}

/// A decryption keyring configured as Connect's decrypting Lambda must be, from a private key
/// file (PKCS#8 or PKCS#1, PEM or DER).
///
/// # Errors
/// Key loading errors.
pub fn keyring_from_private_key(key_id: &str, private_key: &[u8]) -> Result<RawRsaKeyring> {
    Ok(RawRsaKeyring::amazon_connect(key_id, crate::keys::load_private_key(private_key)?))
}

/// Lists how an inspected message differs from what Connect produces (empty when it matches).
#[must_use]
pub fn profile_differences(info: &MessageInfo) -> Vec<String> {
    let mut out = Vec::new();
    if info.version != 1 {
        out.push(format!("message format version is {} (Connect: 1)", info.version));
    }
    if info.suite.id != SUITE.id_hex() {
        out.push(format!("algorithm suite is {} (Connect: {})", info.suite.id, SUITE.id_hex()));
    }
    if info.content_type != crate::header::ContentType::Framed || info.frame_length != FRAME_LENGTH {
        out.push(format!(
            "body is {} with frame length {} (Connect: framed, {FRAME_LENGTH})",
            info.content_type.name(),
            info.frame_length
        ));
    }
    let extra: Vec<&String> = info.encryption_context.keys().filter(|k| *k != PUBLIC_KEY_CONTEXT_KEY).collect();
    if !extra.is_empty() {
        out.push(format!("encryption context has extra keys {extra:?} (Connect: only {PUBLIC_KEY_CONTEXT_KEY})"));
    }
    if info.encrypted_data_keys.len() != 1 {
        out.push(format!("{} encrypted data keys (Connect: 1)", info.encrypted_data_keys.len()));
    }
    for edk in &info.encrypted_data_keys {
        if edk.provider_id != PROVIDER_ID {
            out.push(format!("an encrypted data key has provider ID {:?} (Connect: {PROVIDER_ID:?})", edk.provider_id));
        }
    }
    out
}

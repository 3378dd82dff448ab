//! Key derivation and the AES-GCM primitive.
//!
//! The message key is derived from the plaintext data key exactly as the ESDK specification's
//! algorithm-suites section prescribes; every intermediate key lives in a `Zeroizing` buffer and
//! the AES-GCM key schedules are zeroized on drop (`aes-gcm`'s `zeroize` feature).
//!
//! Tag checks are left to `aes-gcm`'s own `decrypt_inout_detached`, which compares in constant
//! time and only decrypts after the tag verified; the commitment check uses `subtle`.

use aes_gcm::aead::consts::U12;
use aes_gcm::aes::Aes192;
use aes_gcm::{AeadInOut, Aes128Gcm, Aes256Gcm, AesGcm, KeyInit, Nonce, Tag};
use hkdf::Hkdf;
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::suite::{AlgorithmSuite, Kdf, COMMITMENT_LEN, IV_LEN, TAG_LEN};

type Aes192Gcm = AesGcm<Aes192, U12>;

/// An AES-GCM instance keyed with a derived message key.
pub(crate) enum Cipher {
    Aes128(Aes128Gcm),
    Aes192(Aes192Gcm),
    Aes256(Aes256Gcm),
}

impl Cipher {
    /// Keys AES-GCM; the key length selects AES-128/192/256.
    pub(crate) fn new(key: &[u8]) -> Result<Self> {
        let bad = |_| Error::Crypto("keying AES-GCM");
        Ok(match key.len() {
            16 => Self::Aes128(Aes128Gcm::new_from_slice(key).map_err(bad)?),
            24 => Self::Aes192(Aes192Gcm::new_from_slice(key).map_err(bad)?),
            32 => Self::Aes256(Aes256Gcm::new_from_slice(key).map_err(bad)?),
            _ => return Err(Error::Crypto("keying AES-GCM with an unsupported key length")),
        })
    }

    /// Encrypts `buf` in place and returns the tag.
    pub(crate) fn seal(&self, iv: &[u8; IV_LEN], aad: &[u8], buf: &mut [u8]) -> Result<[u8; TAG_LEN]> {
        let nonce = Nonce::<U12>::from(*iv);
        let tag = match self {
            Self::Aes128(c) => c.encrypt_inout_detached(&nonce, aad, buf.into()),
            Self::Aes192(c) => c.encrypt_inout_detached(&nonce, aad, buf.into()),
            Self::Aes256(c) => c.encrypt_inout_detached(&nonce, aad, buf.into()),
        }
        .map_err(|_| Error::PlaintextTooLong)?;
        <[u8; TAG_LEN]>::try_from(tag.as_slice()).map_err(|_| Error::Crypto("reading the GCM tag"))
    }

    /// Verifies `tag` and, only if it verifies, decrypts `buf` in place. Returns whether the
    /// tag verified; on `false` `buf` is untouched ciphertext.
    #[must_use]
    pub(crate) fn open(&self, iv: &[u8; IV_LEN], aad: &[u8], buf: &mut [u8], tag: &[u8; TAG_LEN]) -> bool {
        let nonce = Nonce::<U12>::from(*iv);
        let tag = Tag::from(*tag);
        match self {
            Self::Aes128(c) => c.decrypt_inout_detached(&nonce, aad, buf.into(), &tag),
            Self::Aes192(c) => c.decrypt_inout_detached(&nonce, aad, buf.into(), &tag),
            Self::Aes256(c) => c.decrypt_inout_detached(&nonce, aad, buf.into(), &tag),
        }
        .is_ok()
    }
}

/// Keys derived for one message.
pub(crate) struct MessageKeys {
    /// AES-GCM keyed with the derived encryption key.
    pub(crate) cipher: Cipher,
    /// Key commitment (v2 suites only).
    pub(crate) commitment: Option<Zeroizing<[u8; COMMITMENT_LEN]>>,
}

impl MessageKeys {
    /// Constant-time comparison of the derived commitment with the header's suite data.
    /// Suites without commitment always pass.
    pub(crate) fn commitment_matches(&self, suite_data: Option<&[u8; COMMITMENT_LEN]>) -> bool {
        match (&self.commitment, suite_data) {
            (None, None) => true,
            (Some(derived), Some(stored)) => bool::from(derived.as_slice().ct_eq(stored.as_slice())),
            _ => false,
        }
    }
}

/// The hash under an HKDF instance.
#[derive(Clone, Copy)]
enum HkdfHash {
    Sha256,
    Sha384,
    Sha512,
}

/// HKDF extract-then-expand into `out`, with `info` given as concatenated parts.
fn hkdf(hash: HkdfHash, salt: Option<&[u8]>, ikm: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<()> {
    let result = match hash {
        HkdfHash::Sha256 => Hkdf::<Sha256>::new(salt, ikm).expand_multi_info(info, out),
        HkdfHash::Sha384 => Hkdf::<Sha384>::new(salt, ikm).expand_multi_info(info, out),
        HkdfHash::Sha512 => Hkdf::<Sha512>::new(salt, ikm).expand_multi_info(info, out),
    };
    result.map_err(|_| Error::Crypto("expanding HKDF output"))
}

/// Derives the message keys from the plaintext data key.
///
/// * Identity suites use the data key as is.
/// * HKDF suites (v1): no salt, info = suite id (big-endian u16) ‖ message id.
/// * Committing suites (v2): HKDF-SHA512 with salt = message id; the encryption key uses
///   info = suite id ‖ `DERIVEKEY`, the commitment info = `COMMITKEY`.
pub(crate) fn derive(suite: &AlgorithmSuite, data_key: &[u8], message_id: &[u8]) -> Result<MessageKeys> {
    if data_key.len() != suite.data_key_len() {
        return Err(Error::Crypto("deriving a key from a data key of the wrong length"));
    }
    let id = suite.id.to_be_bytes();
    let mut key = Zeroizing::new(vec![0u8; suite.key_len]);
    let mut commitment = None;
    match suite.kdf {
        Kdf::Identity => key.copy_from_slice(data_key),
        Kdf::HkdfSha256 => hkdf(HkdfHash::Sha256, None, data_key, &[&id, message_id], &mut key)?,
        Kdf::HkdfSha384 => hkdf(HkdfHash::Sha384, None, data_key, &[&id, message_id], &mut key)?,
        Kdf::HkdfSha512Committing => {
            hkdf(HkdfHash::Sha512, Some(message_id), data_key, &[&id, b"DERIVEKEY"], &mut key)?;
            let mut c = Zeroizing::new([0u8; COMMITMENT_LEN]);
            hkdf(HkdfHash::Sha512, Some(message_id), data_key, &[b"COMMITKEY"], c.as_mut_slice())?;
            commitment = Some(c);
        }
    }
    Ok(MessageKeys { cipher: Cipher::new(&key)?, commitment })
}

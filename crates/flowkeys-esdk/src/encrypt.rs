//! Encryption to raw RSA recipients, for any suite and body layout.
//!
//! IVs: this encoder writes the specification's deterministic IVs — all-zero header-auth IV and
//! the zero-padded sequence number for frame *n* — exactly as the Python and Node SDKs do.
//! Uniqueness of (key, IV) pairs is guaranteed by construction rather than by chance: every
//! message gets a fresh random data key (and, for KDF suites, a key derived from it and a fresh
//! random message id), and within a message every sequence number is used once. Random IVs (what
//! Amazon Connect writes) would add nothing but RNG draws, and deterministic IVs make the output
//! structurally identical to the official SDKs'. Decryptors read IVs from the message, so both
//! styles interoperate.
//!
//! Frames follow the SDKs: `len / frame_length` regular frames and a final frame holding the
//! remainder — which is *empty* when the plaintext is empty or an exact multiple of the frame
//! length.

use rand_core::TryCryptoRng;
use zeroize::Zeroizing;

use crate::body::{self, sequence_iv, FrameKind, MAX_NON_FRAMED_LEN};
use crate::error::{Error, Result};
use crate::footer::MessageSigningKey;
use crate::header::{
    ContentType, EncryptionContext, Header, HeaderAuth, MessageVersion, MESSAGE_TYPE_V1, PUBLIC_KEY_CONTEXT_KEY,
    RESERVED_CONTEXT_PREFIX,
};
use crate::kdf;
use crate::keyring::RsaRecipient;
use crate::suite::{AlgorithmSuite, IV_LEN, TAG_LEN};

/// Body layout to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLayout {
    /// Framed body with this frame length (must be > 0). Connect uses 4096.
    Framed {
        /// Plaintext bytes per regular frame.
        frame_length: u32,
    },
    /// Single-block (non-framed) body; plaintext at most 2^36 - 32 bytes.
    NonFramed,
}

/// What to encrypt for whom.
#[derive(Debug, Clone)]
pub struct EncryptRequest<'a> {
    /// Algorithm suite (its message version decides v1/v2).
    pub suite: &'static AlgorithmSuite,
    /// Body layout.
    pub layout: BodyLayout,
    /// Caller encryption context (keys starting with `aws-crypto-` are reserved).
    pub encryption_context: EncryptionContext,
    /// RSA recipients; one EDK is written per recipient.
    pub recipients: &'a [RsaRecipient],
}

fn fill<R: TryCryptoRng + ?Sized>(rng: &mut R, buf: &mut [u8]) -> Result<()> {
    rng.try_fill_bytes(buf).map_err(|_| Error::Rng)
}

/// Encrypts `plaintext` into a binary ESDK message.
///
/// # Errors
/// [`Error::InvalidEncryptRequest`], [`Error::PlaintextTooLong`], [`Error::KeyTooSmall`],
/// [`Error::Rng`].
pub fn encrypt<R: TryCryptoRng + ?Sized>(
    request: &EncryptRequest<'_>,
    plaintext: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>> {
    encrypt_with_hook(request, plaintext, rng, None)
}

/// Lets unit tests forge the stored encryption context (e.g. drop or corrupt the signing key)
/// while everything else — header auth, frames, signature — stays valid. Production code
/// always passes `None`.
pub(crate) type ContextHook<'h> = &'h dyn Fn(&mut EncryptionContext);

pub(crate) fn encrypt_with_hook<R: TryCryptoRng + ?Sized>(
    request: &EncryptRequest<'_>,
    plaintext: &[u8],
    rng: &mut R,
    hook: Option<ContextHook<'_>>,
) -> Result<Vec<u8>> {
    let suite = request.suite;
    if request.recipients.is_empty() {
        return Err(Error::InvalidEncryptRequest("Encryption needs at least one recipient public key.".into()));
    }
    if let Some(key) = request.encryption_context.keys().find(|k| k.starts_with(RESERVED_CONTEXT_PREFIX)) {
        return Err(Error::InvalidEncryptRequest(format!(
            "The encryption context key {key:?} is reserved: keys starting with \"aws-crypto-\" belong to the SDK."
        )));
    }
    let (content_type, frame_length) = match request.layout {
        BodyLayout::Framed { frame_length: 0 } => {
            return Err(Error::InvalidEncryptRequest("The frame length must be at least 1 byte.".into()))
        }
        BodyLayout::Framed { frame_length } => (ContentType::Framed, frame_length),
        BodyLayout::NonFramed => {
            if u64::try_from(plaintext.len()).map_or(true, |n| n > MAX_NON_FRAMED_LEN) {
                return Err(Error::PlaintextTooLong);
            }
            (ContentType::NonFramed, 0)
        }
    };

    let mut data_key = Zeroizing::new(vec![0u8; suite.data_key_len()]);
    fill(rng, &mut data_key)?;
    let mut message_id = vec![0u8; suite.message_id_len()];
    fill(rng, &mut message_id)?;

    let mut encryption_context = request.encryption_context.clone();
    let signing_key = match suite.signature {
        Some(algorithm) => {
            let key = MessageSigningKey::generate(algorithm, rng)?;
            encryption_context.insert(PUBLIC_KEY_CONTEXT_KEY.to_owned(), key.public_key_base64());
            Some(key)
        }
        None => None,
    };
    if let Some(hook) = hook {
        hook(&mut encryption_context);
    }

    let encrypted_data_keys = request.recipients.iter().map(|r| r.wrap(&data_key, rng)).collect::<Result<Vec<_>>>()?;
    let keys = kdf::derive(suite, &data_key, &message_id)?;
    let version = if suite.message_version == 1 { MessageVersion::V1 } else { MessageVersion::V2 };
    let suite_data = keys.commitment.as_ref().map(|c| **c);

    let mut header = Header {
        version,
        message_type: (version == MessageVersion::V1).then_some(MESSAGE_TYPE_V1),
        suite,
        message_id,
        encryption_context,
        encrypted_data_keys,
        content_type,
        frame_length,
        suite_data,
        auth: HeaderAuth { iv: [0; IV_LEN], tag: [0; TAG_LEN] },
        body_len: 0,
        total_len: 0,
    };
    let mut out = header.serialize_body()?;
    header.auth.tag = keys.cipher.seal(&header.auth.iv, &out, &mut [])?;
    out.extend_from_slice(&header.serialize_auth());

    let push_segment = |out: &mut Vec<u8>, kind: FrameKind, seq: u32, chunk: &[u8]| -> Result<()> {
        let iv = sequence_iv(seq);
        let mut buf = Zeroizing::new(chunk.to_vec());
        let aad = body::body_aad(&header.message_id, kind, seq, buf.len());
        let tag = keys.cipher.seal(&iv, &aad, &mut buf)?;
        body::serialize_frame(out, &body::Frame { sequence_number: seq, kind, iv, ciphertext: &buf, tag })
    };

    match request.layout {
        BodyLayout::NonFramed => push_segment(&mut out, FrameKind::NonFramed, 1, plaintext)?,
        BodyLayout::Framed { .. } => {
            let frame_len = usize::try_from(frame_length).map_err(|_| Error::PlaintextTooLong)?;
            let mut chunks = plaintext.chunks_exact(frame_len);
            let mut seq: u32 = 1;
            for chunk in chunks.by_ref() {
                push_segment(&mut out, FrameKind::Regular, seq, chunk)?;
                seq = seq.checked_add(1).filter(|s| *s != body::FINAL_FRAME_MARKER).ok_or(Error::PlaintextTooLong)?;
            }
            push_segment(&mut out, FrameKind::Final, seq, chunks.remainder())?;
        }
    }

    if let Some(key) = signing_key {
        let signature = key.sign(&out)?;
        let len = u16::try_from(signature.len()).map_err(|_| Error::Crypto("encoding the signature length"))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&signature);
    }
    Ok(out)
}

//! Message header: parse and serialize v1 and v2 headers, including the encryption context
//! and the encrypted data keys, plus the header authentication fields that follow them.
//!
//! Parsing is strict (every field the specification constrains is checked) but it never trusts
//! the header for anything beyond locating the next field: the header's authenticity is only
//! established later by the header-auth tag, after a data key was unwrapped. Authentication
//! uses the header bytes exactly as they appear in the message (`Header::body_bytes`), never a
//! re-serialization, so unusual-but-valid encodings (e.g. unsorted encryption context) still
//! authenticate.

use std::collections::BTreeMap;

use crate::error::{hex, Error, Result};
use crate::reader::Reader;
use crate::suite::{AlgorithmSuite, COMMITMENT_LEN, IV_LEN, TAG_LEN};

/// Encryption context: UTF-8 key/value pairs. A `BTreeMap<String, _>` iterates in byte order of
/// the keys, which is exactly the order the format serializes them in.
pub type EncryptionContext = BTreeMap<String, String>;

/// The reserved encryption-context key holding the base64 compressed ECDSA public key.
pub const PUBLIC_KEY_CONTEXT_KEY: &str = "aws-crypto-public-key";

/// Prefix reserved for the SDK's own encryption-context keys.
pub const RESERVED_CONTEXT_PREFIX: &str = "aws-crypto-";

/// Message format version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum MessageVersion {
    /// Version 1 (0x01): non-committing suites. Amazon Connect emits this.
    V1,
    /// Version 2 (0x02): committing suites 0x0478/0x0578.
    V2,
}

impl MessageVersion {
    /// The version byte.
    #[must_use]
    pub fn byte(self) -> u8 {
        match self {
            Self::V1 => 1,
            Self::V2 => 2,
        }
    }
}

/// Body layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContentType {
    /// 0x01: one IV, one 64-bit length, one tag.
    NonFramed,
    /// 0x02: a sequence of frames of `frame_length` bytes and a final frame.
    Framed,
}

impl ContentType {
    /// The content type byte.
    #[must_use]
    pub fn byte(self) -> u8 {
        match self {
            Self::NonFramed => 1,
            Self::Framed => 2,
        }
    }

    /// Human name (`framed` / `non-framed`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::NonFramed => "non-framed",
            Self::Framed => "framed",
        }
    }
}

/// One encrypted data key (EDK) entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptedDataKey {
    /// Key provider id (for raw keyrings: the key namespace, `AmazonConnect` for Connect).
    pub provider_id: Vec<u8>,
    /// Key provider info (for raw RSA keyrings: the key name, i.e. Connect's Key ID).
    pub provider_info: Vec<u8>,
    /// The wrapped data key (for RSA: as long as the modulus).
    pub ciphertext: Vec<u8>,
}

impl EncryptedDataKey {
    /// Provider id as text (lossy for non-UTF-8 bytes).
    #[must_use]
    pub fn provider_id_text(&self) -> String {
        String::from_utf8_lossy(&self.provider_id).into_owned()
    }

    /// Provider info as text when it is UTF-8, otherwise as `hex:…`.
    #[must_use]
    pub fn provider_info_text(&self) -> String {
        match std::str::from_utf8(&self.provider_info) {
            Ok(s) => s.to_owned(),
            Err(_) => format!("hex:{}", hex(&self.provider_info)),
        }
    }
}

/// The header authentication fields following the header body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderAuth {
    /// v1: the IV stored in the message (Connect writes random bytes, the SDKs zeros).
    /// v2: not stored; the specification fixes it to all zeros.
    pub iv: [u8; IV_LEN],
    /// The GCM tag over the header body (and any supplied authenticate-only context).
    pub tag: [u8; TAG_LEN],
}

/// A parsed message header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Format version.
    pub version: MessageVersion,
    /// v1 message type byte (always 0x80 once parsed); `None` for v2.
    pub message_type: Option<u8>,
    /// Algorithm suite.
    pub suite: &'static AlgorithmSuite,
    /// Message id: 16 bytes (v1) or 32 bytes (v2).
    pub message_id: Vec<u8>,
    /// Stored encryption context.
    pub encryption_context: EncryptionContext,
    /// Encrypted data keys, in message order.
    pub encrypted_data_keys: Vec<EncryptedDataKey>,
    /// Body layout.
    pub content_type: ContentType,
    /// Frame length (0 for non-framed bodies).
    pub frame_length: u32,
    /// v2 suite data: the key commitment.
    pub suite_data: Option<[u8; COMMITMENT_LEN]>,
    /// Header authentication IV and tag.
    pub auth: HeaderAuth,
    /// Length of the header body (the bytes the header-auth tag covers).
    pub body_len: usize,
    /// Length of header body plus header authentication.
    pub total_len: usize,
}

/// v1 message type: customer authenticated encrypted data.
pub const MESSAGE_TYPE_V1: u8 = 0x80;

impl Header {
    /// Parses the header (body and authentication) at the start of `message`.
    ///
    /// # Errors
    /// Any structural violation, with its own [`Error`] variant.
    pub fn parse(message: &[u8]) -> Result<Header> {
        let mut r = Reader::new(message);
        let version = match r.u8("format version")? {
            1 => MessageVersion::V1,
            2 => MessageVersion::V2,
            other => return Err(Error::UnsupportedVersion(other)),
        };
        let message_type = if version == MessageVersion::V1 {
            let t = r.u8("message type")?;
            if t != MESSAGE_TYPE_V1 {
                return Err(Error::BadMessageType(t));
            }
            Some(t)
        } else {
            None
        };
        let suite_id = r.u16("algorithm suite id")?;
        let suite = AlgorithmSuite::from_id(suite_id).ok_or(Error::UnknownSuite(suite_id))?;
        if suite.message_version != version.byte() {
            return Err(Error::SuiteVersionMismatch {
                suite: suite_id,
                expected: suite.message_version,
                found: version.byte(),
            });
        }
        let message_id = r.take(suite.message_id_len(), "message id")?.to_vec();
        let context_bytes = r.u16_prefixed("encryption context length", "encryption context")?;
        let encryption_context = parse_encryption_context(context_bytes)?;

        let edk_count = r.u16("encrypted data key count")?;
        if edk_count == 0 {
            return Err(Error::NoEncryptedDataKeys);
        }
        // No pre-allocation from the claimed count: each entry is read (and bounded) by the
        // reader, so memory use is bounded by the input length.
        let mut encrypted_data_keys = Vec::new();
        for _ in 0..edk_count {
            let provider_id = r.u16_prefixed("key provider id length", "key provider id")?.to_vec();
            let provider_info = r.u16_prefixed("key provider info length", "key provider info")?.to_vec();
            let ciphertext = r.u16_prefixed("encrypted data key length", "encrypted data key")?.to_vec();
            encrypted_data_keys.push(EncryptedDataKey { provider_id, provider_info, ciphertext });
        }

        let content_type = match r.u8("content type")? {
            1 => ContentType::NonFramed,
            2 => ContentType::Framed,
            other => return Err(Error::UnknownContentType(other)),
        };
        if version == MessageVersion::V1 {
            let reserved = r.array::<4>("reserved field")?;
            if reserved != [0; 4] {
                return Err(Error::BadReservedField(reserved));
            }
            let iv_len = r.u8("IV length")?;
            if usize::from(iv_len) != IV_LEN {
                return Err(Error::BadIvLength { found: iv_len, expected: 12 });
            }
        }
        let frame_length = r.u32("frame length")?;
        match (content_type, frame_length) {
            (ContentType::Framed, 0) => {
                return Err(Error::BadFrameLength { frame_length, content: "framed" });
            }
            (ContentType::NonFramed, n) if n != 0 => {
                return Err(Error::BadFrameLength { frame_length, content: "non-framed" });
            }
            _ => {}
        }
        let suite_data = if version == MessageVersion::V2 {
            Some(r.array::<COMMITMENT_LEN>("key commitment (suite data)")?)
        } else {
            None
        };
        let body_len = r.position();
        let iv =
            if version == MessageVersion::V1 { r.array::<IV_LEN>("header authentication IV")? } else { [0; IV_LEN] };
        let tag = r.array::<TAG_LEN>("header authentication tag")?;
        Ok(Header {
            version,
            message_type,
            suite,
            message_id,
            encryption_context,
            encrypted_data_keys,
            content_type,
            frame_length,
            suite_data,
            auth: HeaderAuth { iv, tag },
            body_len,
            total_len: r.position(),
        })
    }

    /// The header body as it appears in `message` (what the header-auth tag covers).
    ///
    /// # Errors
    /// [`Error::Truncated`] if `message` is not the slice this header was parsed from.
    pub fn body_bytes<'m>(&self, message: &'m [u8]) -> Result<&'m [u8]> {
        Reader::new(message).take(self.body_len, "header")
    }

    /// Serializes the header body (everything the header-auth tag covers) canonically.
    ///
    /// # Errors
    /// [`Error::InvalidEncryptRequest`] when a field does not fit its length prefix.
    pub fn serialize_body(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(256);
        out.push(self.version.byte());
        if let Some(t) = self.message_type {
            out.push(t);
        }
        out.extend_from_slice(&self.suite.id.to_be_bytes());
        out.extend_from_slice(&self.message_id);
        let context = serialize_encryption_context(&self.encryption_context)?;
        put_u16_prefixed(&mut out, &context, "the encryption context")?;
        let count = u16::try_from(self.encrypted_data_keys.len()).map_err(|_| {
            Error::InvalidEncryptRequest("A message can carry at most 65535 encrypted data keys.".into())
        })?;
        out.extend_from_slice(&count.to_be_bytes());
        for edk in &self.encrypted_data_keys {
            put_u16_prefixed(&mut out, &edk.provider_id, "a key provider id")?;
            put_u16_prefixed(&mut out, &edk.provider_info, "a key provider info / Key ID")?;
            put_u16_prefixed(&mut out, &edk.ciphertext, "an encrypted data key")?;
        }
        out.push(self.content_type.byte());
        if self.version == MessageVersion::V1 {
            out.extend_from_slice(&[0, 0, 0, 0]);
            out.push(12);
        }
        out.extend_from_slice(&self.frame_length.to_be_bytes());
        if let Some(data) = &self.suite_data {
            out.extend_from_slice(data);
        }
        Ok(out)
    }

    /// Serializes the header authentication fields (v1: IV ‖ tag; v2: tag).
    #[must_use]
    pub fn serialize_auth(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(IV_LEN + TAG_LEN);
        if self.version == MessageVersion::V1 {
            out.extend_from_slice(&self.auth.iv);
        }
        out.extend_from_slice(&self.auth.tag);
        out
    }
}

fn put_u16_prefixed(out: &mut Vec<u8>, bytes: &[u8], what: &str) -> Result<()> {
    let len = u16::try_from(bytes.len()).map_err(|_| {
        Error::InvalidEncryptRequest(format!("{what} is longer than 65535 bytes, which the format cannot store."))
    })?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
    Ok(())
}

/// Parses the serialized encryption context (the bytes after the AAD length field).
fn parse_encryption_context(bytes: &[u8]) -> Result<EncryptionContext> {
    let mut context = EncryptionContext::new();
    if bytes.is_empty() {
        return Ok(context);
    }
    let malformed = |reason: String| Error::MalformedEncryptionContext { reason };
    let mut r = Reader::new(bytes);
    let count = r.u16("pair count").map_err(|_| malformed("its length is too short to hold a pair count".into()))?;
    if count == 0 {
        return Err(malformed(format!("it declares {} bytes but zero key-value pairs", bytes.len())));
    }
    for i in 0..count {
        let mut text = |what: &'static str| -> Result<String> {
            let raw = r.u16_prefixed(what, what).map_err(|_| {
                malformed(format!(
                    "pair {} of {count} runs past the {}-byte context block",
                    i.saturating_add(1),
                    bytes.len()
                ))
            })?;
            String::from_utf8(raw.to_vec()).map_err(|_| malformed(format!("a {what} is not valid UTF-8")))
        };
        let key = text("key")?;
        let value = text("value")?;
        if context.contains_key(&key) {
            return Err(Error::DuplicateEncryptionContextKey(key));
        }
        context.insert(key, value);
    }
    if r.remaining() != 0 {
        return Err(malformed(format!("{} unexpected byte(s) follow its last pair", r.remaining())));
    }
    Ok(context)
}

/// Serializes an encryption context: empty → no bytes; otherwise u16 count, then
/// (u16 len, key, u16 len, value) pairs sorted by key bytes.
///
/// # Errors
/// [`Error::InvalidEncryptRequest`] when a string or the whole context exceeds the format limits.
pub fn serialize_encryption_context(context: &EncryptionContext) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    if context.is_empty() {
        return Ok(out);
    }
    let count = u16::try_from(context.len())
        .map_err(|_| Error::InvalidEncryptRequest("The encryption context has more than 65535 entries.".into()))?;
    out.extend_from_slice(&count.to_be_bytes());
    for (k, v) in context {
        put_u16_prefixed(&mut out, k.as_bytes(), "an encryption context key")?;
        put_u16_prefixed(&mut out, v.as_bytes(), "an encryption context value")?;
    }
    if u16::try_from(out.len()).is_err() {
        return Err(Error::InvalidEncryptRequest(
            "The serialized encryption context is longer than 65535 bytes.".into(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_round_trip_and_order() {
        let mut ec = EncryptionContext::new();
        ec.insert("b".into(), "2".into());
        ec.insert("a".into(), "1".into());
        let bytes = serialize_encryption_context(&ec).expect("serializes");
        assert_eq!(bytes, [0, 2, 0, 1, b'a', 0, 1, b'1', 0, 1, b'b', 0, 1, b'2']);
        assert_eq!(parse_encryption_context(&bytes).expect("parses"), ec);
        assert!(serialize_encryption_context(&EncryptionContext::new()).expect("empty").is_empty());
    }

    #[test]
    fn context_rejections() {
        assert!(matches!(parse_encryption_context(&[0, 0]), Err(Error::MalformedEncryptionContext { .. })));
        assert!(matches!(parse_encryption_context(&[0]), Err(Error::MalformedEncryptionContext { .. })));
        assert!(matches!(
            parse_encryption_context(&[0, 1, 0, 1, b'a', 0, 1, b'1', 7]),
            Err(Error::MalformedEncryptionContext { .. })
        ));
        assert!(matches!(
            parse_encryption_context(&[0, 2, 0, 1, b'a', 0, 1, b'1', 0, 1, b'a', 0, 0]),
            Err(Error::DuplicateEncryptionContextKey(k)) if k == "a"
        ));
        assert!(matches!(
            parse_encryption_context(&[0, 1, 0, 1, 0xff, 0, 0]),
            Err(Error::MalformedEncryptionContext { .. })
        ));
        assert!(matches!(parse_encryption_context(&[0, 1, 0, 9, b'a']), Err(Error::MalformedEncryptionContext { .. })));
    }
}

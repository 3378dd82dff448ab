//! Typed errors.
//!
//! Every variant's `Display` text is a complete sentence addressed to the admin who pasted the
//! message or loaded the key: it says what was found, and where possible what to do about it. The
//! variants are deliberately fine-grained so that tests (and the app) can tell a tampered frame
//! from a truncated copy/paste or a key that belongs to another Key ID.

use std::fmt;

use thiserror::Error;

/// Coarse grouping of [`Error`](enum@Error) variants, used for CLI exit codes and UI styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ErrorClass {
    /// The input text is not base64 / not a message at all.
    Input,
    /// The bytes are not a well-formed AWS Encryption SDK message.
    Format,
    /// A key, certificate or PEM file could not be loaded.
    KeyFile,
    /// None of the loaded keys can open this message.
    KeyMismatch,
    /// Authentication failed: the message was altered or does not belong to its parts.
    Integrity,
    /// Encryption could not be performed (bad parameters or RNG failure).
    Encrypt,
}

/// A list of names rendered as `a`, `a and b`, `a, b and c`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameList(pub Vec<String>);

impl fmt::Display for NameList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        for (i, name) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(if i.saturating_add(1) == n { " and " } else { ", " })?;
            }
            write!(f, "{name}")?;
        }
        if n == 0 {
            f.write_str("(none)")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while reading, decrypting or producing a message.
// Variant fields are named for what they hold; the variant docs and messages explain them.
#[allow(missing_docs)]
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    // ---- input -------------------------------------------------------------------------
    /// Nothing to work on.
    #[error("The input is empty. Paste the complete ciphertext (a base64 string that usually starts with \"AYAD\").")]
    EmptyInput,

    /// The text contains a character that base64 does not use.
    #[error("The input is not valid base64: the character {character:?} at position {position} is not allowed. Paste the ciphertext exactly as Amazon Connect produced it (letters, digits, '+', '/', '=').")]
    Base64InvalidCharacter { character: char, position: usize },

    /// The text only contains base64 characters, but not in a decodable arrangement.
    #[error("The input is not valid base64: {reason}. The ciphertext was probably cut off or edited when it was copied; copy the complete value.")]
    Base64Malformed { reason: &'static str },

    // ---- message structure -------------------------------------------------------------
    /// The message ends before a field that must be present.
    #[error("The message is incomplete: it ends at byte {available}, but the {field} needs {needed} byte(s) starting at byte {offset}. The ciphertext was probably cut off when it was copied; copy the complete value.")]
    Truncated { field: &'static str, offset: usize, needed: usize, available: usize },

    /// The first byte is not a known message format version.
    #[error("This is not an AWS Encryption SDK message: the format version byte is 0x{0:02x}, but only 0x01 and 0x02 exist.")]
    UnsupportedVersion(u8),

    /// The v1 type byte is not 0x80 (customer-authenticated encrypted data).
    #[error(
        "This is not a valid AWS Encryption SDK message: the message type byte is 0x{0:02x}, but it must be 0x80."
    )]
    BadMessageType(u8),

    /// The algorithm suite id is not one of the 11 defined suites.
    #[error("The message uses algorithm suite 0x{0:04x}, which is not an AWS Encryption SDK algorithm suite; the message is damaged or not an ESDK message.")]
    UnknownSuite(u16),

    /// A v1 suite in a v2 message or vice versa.
    #[error("The message is inconsistent: algorithm suite 0x{suite:04x} belongs to message format version {expected}, but the message says version {found}.")]
    SuiteVersionMismatch { suite: u16, expected: u8, found: u8 },

    /// The encryption context block is not well-formed.
    #[error("The message's encryption context is malformed: {reason}.")]
    MalformedEncryptionContext { reason: String },

    /// The same encryption-context key appears twice.
    #[error("The message's encryption context lists the key {0:?} twice; a valid message never does.")]
    DuplicateEncryptionContextKey(String),

    /// The header lists no encrypted data keys.
    #[error("The message has no encrypted data keys, so no key can ever decrypt it.")]
    NoEncryptedDataKeys,

    /// More encrypted data keys than the caller allows.
    #[error("The message carries {count} encrypted data keys, more than the limit of {max} (Amazon Connect sends one); it was not decrypted. If it really comes from a producer that encrypts to several keys, raise the decryptor's limit on encrypted data keys.")]
    TooManyEncryptedDataKeys { count: u16, max: u16 },

    /// Content type byte other than 0x01/0x02.
    #[error("The message's content type is 0x{0:02x}; only 0x01 (non-framed) and 0x02 (framed) exist.")]
    UnknownContentType(u8),

    /// The reserved v1 header field is not zero.
    #[error("The message header's reserved field is {}, but it must be 00000000; the message is damaged.", hex(.0))]
    BadReservedField([u8; 4]),

    /// The header's IV length does not match the suite.
    #[error("The message header says IVs are {found} bytes long, but its algorithm suite uses {expected}-byte IVs; the message is damaged.")]
    BadIvLength { found: u8, expected: u8 },

    /// Frame length inconsistent with the content type.
    #[error("The message header's frame length {frame_length} is not valid for {content} content.")]
    BadFrameLength { frame_length: u32, content: &'static str },

    /// A frame is out of order, repeated or missing.
    #[error("Frame sequence numbers are out of order: expected frame {expected}, found frame {found}. Frames were removed, reordered or duplicated.")]
    BadSequenceNumber { expected: u32, found: u32 },

    /// The final frame claims more content than a frame may hold.
    #[error("The final frame (frame {sequence_number}) claims {length} bytes of content, more than the message's frame length of {frame_length}.")]
    FrameTooLong { sequence_number: u32, length: u32, frame_length: u32 },

    /// The body has more frames than a sequence number can count.
    #[error("The message has more frames than the format allows.")]
    TooManyFrames,

    /// A non-framed body claims more than the format's content limit.
    #[error("The non-framed body claims {0} bytes of content, more than the format's limit of 2^36 - 32 bytes.")]
    NonFramedTooLong(u64),

    /// Bytes after the end of the message.
    #[error(
        "The message is followed by {count} unexpected byte(s). Paste exactly one ciphertext, with nothing appended."
    )]
    TrailingBytes { count: usize },

    /// The footer is not a DER ECDSA signature.
    #[error("The message's signature (footer) is not a well-formed ECDSA signature; the message is damaged.")]
    MalformedSignature,

    // ---- header semantics --------------------------------------------------------------
    /// A signing suite without `aws-crypto-public-key`.
    #[error("The message uses signing algorithm suite 0x{suite:04x} but its encryption context has no aws-crypto-public-key, so its signature cannot be checked.")]
    MissingSigningKey { suite: u16 },

    /// A non-signing suite with `aws-crypto-public-key`.
    #[error("The message uses algorithm suite 0x{suite:04x}, which has no signature, yet its encryption context carries aws-crypto-public-key; the message is inconsistent.")]
    UnexpectedSigningKey { suite: u16 },

    /// The signing public key in the encryption context is not a valid compressed point.
    #[error("The message's signing public key (aws-crypto-public-key) is not a valid compressed {curve} point.")]
    InvalidSigningKey { curve: &'static str },

    /// Caller-supplied encryption context disagrees with the stored one.
    #[error("The encryption context you supplied sets {key:?} to a different value than the message stores; the message was not encrypted with that context.")]
    EncryptionContextMismatch { key: String },

    /// Caller requires committing suites but the message uses a non-committing one.
    #[error("The message uses algorithm suite 0x{0:04x}, which has no key commitment, and key commitment is required by the current settings.")]
    CommitmentRequired(u16),

    // ---- keys ----------------------------------------------------------------------------
    /// Decrypt was called with an empty key set.
    #[error(
        "No private key is loaded. Load the private key of the key set whose Key ID the message was encrypted for."
    )]
    NoKeysLoaded,

    /// The message's EDKs are for other key names under a loaded provider id.
    #[error("This message was encrypted for Key ID {wanted}; the loaded key set has Key ID {loaded}. Use the key set registered under that Key ID.")]
    KeyIdMismatch { wanted: NameList, loaded: NameList },

    /// No EDK is under a provider id any loaded key is configured for.
    #[error("This message's data key was wrapped for provider ID {wanted} (Key ID {wanted_key_ids}), but the loaded key is configured for provider ID {loaded}. Amazon Connect always uses provider ID \"AmazonConnect\"; set the key's provider ID to the one the message names.")]
    ProviderIdMismatch { wanted: NameList, wanted_key_ids: NameList, loaded: NameList },

    /// Provider id and key name match, but the RSA private key could not unwrap the data key.
    #[error("The Key ID {key_id} matches, but the private key could not unwrap the data key: it is not the private key for this Key ID, or the padding is not {padding} (Amazon Connect uses OAEP-SHA512).")]
    UnwrapFailed { key_id: String, padding: &'static str },

    /// Provider id and key name match, but the data key was wrapped for an RSA key of another
    /// size: an RSA ciphertext is exactly as long as the modulus of the key it was made for.
    #[error("The Key ID {key_id} matches, but this message was made for an RSA-{message_bits} key (its wrapped data key is {wrapped_len} bytes) and the loaded key is RSA-{loaded_bits}. It was encrypted with another key pair registered under this Key ID, or the Key ID was entered on the wrong key set: load the key set whose public key Connect has under Key ID {key_id}.")]
    KeySizeMismatch { key_id: String, message_bits: usize, loaded_bits: usize, wrapped_len: usize },

    // ---- integrity -----------------------------------------------------------------------
    /// OAEP unwrapped a data key (so the key is right) of a length the suite does not use.
    #[error("The data key unwrapped for Key ID {key_id} is {found} bytes, but the message's algorithm suite needs {expected}: the message header was altered.")]
    DataKeyLengthMismatch { key_id: String, expected: usize, found: usize },

    /// v2 key commitment mismatch.
    #[error("The message's key commitment does not match its data key: the message was altered or assembled from parts of different messages.")]
    KeyCommitmentMismatch,

    /// The header authentication tag did not verify.
    #[error("{}", if *.context_supplied {
        "The message header failed authentication: the header was altered, or the encryption context you supplied is not the one the message was encrypted with."
    } else {
        "The message header failed authentication: the header was altered, or the message was encrypted with an encryption context that is not stored in it and must be supplied to decrypt it."
    })]
    HeaderAuthFailed { context_supplied: bool },

    /// A body frame's tag did not verify.
    #[error("Frame {sequence_number} failed authentication: the ciphertext was altered or damaged. No plaintext was released.")]
    FrameAuthFailed { sequence_number: u32 },

    /// The ECDSA footer signature does not verify.
    #[error("The message's signature does not verify: the message was altered after it was signed. No plaintext was released.")]
    SignatureInvalid,

    // ---- key files -----------------------------------------------------------------------
    /// No PEM block or not a known key format.
    #[error("{0}")]
    KeyFormat(String),

    /// Encrypted PKCS#8 private keys need a passphrase we do not take.
    #[error("The private key is encrypted (BEGIN ENCRYPTED PRIVATE KEY). Export it without a passphrase first, e.g. `openssl pkcs8 -topk8 -nocrypt -in key.pem -out plain.pem`.")]
    EncryptedPrivateKey,

    /// The key is valid but too small for the requested padding.
    #[error(
        "The RSA key is {bits} bits, too small to wrap a data key with {padding}; use a 2048-, 3072- or 4096-bit key."
    )]
    KeyTooSmall { bits: usize, padding: &'static str },

    // ---- encrypt -------------------------------------------------------------------------
    /// Invalid encryption parameters.
    #[error("{0}")]
    InvalidEncryptRequest(String),

    /// Plaintext too large for the chosen body layout.
    #[error("The plaintext is too large for this message format.")]
    PlaintextTooLong,

    /// The random number generator failed.
    #[error("The system random number generator failed; nothing was encrypted. Try again.")]
    Rng,

    /// An underlying primitive reported an error we do not expect in practice.
    #[error("Internal cryptographic error while {0}.")]
    Crypto(&'static str),
}

impl Error {
    /// The class this error belongs to (stable; the CLI maps classes to exit codes).
    #[must_use]
    pub fn class(&self) -> ErrorClass {
        use Error::*;
        match self {
            EmptyInput | Base64InvalidCharacter { .. } | Base64Malformed { .. } => ErrorClass::Input,
            Truncated { .. }
            | UnsupportedVersion(_)
            | BadMessageType(_)
            | UnknownSuite(_)
            | SuiteVersionMismatch { .. }
            | MalformedEncryptionContext { .. }
            | DuplicateEncryptionContextKey(_)
            | NoEncryptedDataKeys
            | TooManyEncryptedDataKeys { .. }
            | UnknownContentType(_)
            | BadReservedField(_)
            | BadIvLength { .. }
            | BadFrameLength { .. }
            | BadSequenceNumber { .. }
            | FrameTooLong { .. }
            | TooManyFrames
            | NonFramedTooLong(_)
            | TrailingBytes { .. }
            | MissingSigningKey { .. }
            | UnexpectedSigningKey { .. }
            | InvalidSigningKey { .. }
            | CommitmentRequired(_) => ErrorClass::Format,
            NoKeysLoaded
            | KeyIdMismatch { .. }
            | ProviderIdMismatch { .. }
            | UnwrapFailed { .. }
            | KeySizeMismatch { .. } => ErrorClass::KeyMismatch,
            KeyCommitmentMismatch
            | DataKeyLengthMismatch { .. }
            | HeaderAuthFailed { .. }
            | FrameAuthFailed { .. }
            | SignatureInvalid
            | MalformedSignature
            | EncryptionContextMismatch { .. } => ErrorClass::Integrity,
            KeyFormat(_) | EncryptedPrivateKey | KeyTooSmall { .. } => ErrorClass::KeyFile,
            InvalidEncryptRequest(_) | PlaintextTooLong | Rng | Crypto(_) => ErrorClass::Encrypt,
        }
    }
}

/// Lower-case hex of a byte slice (used in messages and inspection output).
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            s.push(char::from_digit(u32::from(nibble), 16).unwrap_or('?'));
        }
    }
    s
}

/// Crate result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

//! The encoding: JSON text plus a list of byte buffers.
//!
//! A byte payload is never written into the JSON. [`Bytes`] and [`SecretBytes`] serialise as
//! their index in the envelope's buffer list; [`encode`] collects the buffers and [`decode`]
//! hands them back. On the page and in the worker each buffer becomes a `Uint8Array` that is
//! *transferred* (not copied) and zero-filled by the receiver once read, so a private key never
//! exists as an unwipeable JS string.
//!
//! Serialising a byte payload anywhere but inside [`encode`] is an error, not a silent copy:
//! a private key cannot end up in a log line or a JSON file by accident.

use core::cell::RefCell;
use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// A message ready to cross: its JSON text and its buffers, in index order.
#[derive(Default)]
pub struct Envelope {
    /// The message without its byte payloads.
    pub json: String,
    /// The byte payloads (wiped when dropped: some are private keys).
    pub buffers: Vec<Zeroizing<Vec<u8>>>,
}

impl core::fmt::Debug for Envelope {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Envelope({} JSON bytes, {} buffers, redacted)", self.json.len(), self.buffers.len())
    }
}

/// Why a message could not be read. Each is a bug or a version mismatch between page and
/// worker, so the sentences tell the admin to reload.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    /// The JSON did not match the expected message.
    #[error("The page and its background worker did not understand each other ({0}). Reload the page and try again.")]
    Malformed(String),
    /// The message could not be written.
    #[error("A message for the background worker could not be written ({0}). Reload the page and try again.")]
    Unwritable(String),
    /// The JS value was not an envelope (`{json, buffers}`).
    #[error("The background worker sent something that is not a Flowkeys message. Reload the page and try again.")]
    NotAnEnvelope,
}

/// The buffers of one message; a slot is emptied when decoding takes its buffer.
type Slots = Vec<Option<Zeroizing<Vec<u8>>>>;

thread_local! {
    /// Buffers being collected (encode) or handed out (decode). `None` outside those calls.
    static VAULT: RefCell<Option<Slots>> = const { RefCell::new(None) };
}

/// Restores the vault to "inactive" even if serde panics or returns early.
struct VaultGuard;

impl Drop for VaultGuard {
    fn drop(&mut self) {
        VAULT.with(|v| v.borrow_mut().take());
    }
}

fn open_vault(buffers: Slots) -> VaultGuard {
    VAULT.with(|v| *v.borrow_mut() = Some(buffers));
    VaultGuard
}

fn stash<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    let index = VAULT.with(|v| {
        v.borrow_mut().as_mut().map(|list| {
            list.push(Some(Zeroizing::new(bytes.to_vec())));
            list.len().saturating_sub(1)
        })
    });
    match index {
        Some(i) => s.serialize_u64(i as u64),
        None => Err(S::Error::custom("byte payloads are written only through flowkeys_protocol::encode")),
    }
}

fn take<'de, D: Deserializer<'de>>(d: D) -> Result<Zeroizing<Vec<u8>>, D::Error> {
    let index = u64::deserialize(d)?;
    let taken = VAULT.with(|v| {
        v.borrow_mut()
            .as_mut()
            .map(|list| usize::try_from(index).ok().and_then(|i| list.get_mut(i)).and_then(Option::take))
    });
    match taken {
        Some(Some(bytes)) => Ok(bytes),
        Some(None) => Err(D::Error::custom(format!("buffer {index} is missing or used twice"))),
        None => Err(D::Error::custom("byte payloads are read only through flowkeys_protocol::decode")),
    }
}

/// A byte payload that is not secret (a certificate, a ciphertext).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl core::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        stash(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        take(d).map(|b| Bytes(b.to_vec()))
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes(v)
    }
}

/// A secret byte payload (a private key, a password, a decrypted file): wiped when dropped,
/// redacted in `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretBytes(pub Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Wraps a copy of `bytes`.
    pub fn copy_of(bytes: &[u8]) -> SecretBytes {
        SecretBytes(Zeroizing::new(bytes.to_vec()))
    }

    /// The bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The bytes as UTF-8 text (passwords), or `None`.
    pub fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(&self.0).ok()
    }
}

impl core::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SecretBytes({} bytes, redacted)", self.0.len())
    }
}

impl Serialize for SecretBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        stash(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for SecretBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        take(d).map(SecretBytes)
    }
}

/// Writes `message` as JSON plus its buffers.
///
/// # Errors
/// [`ProtocolError::Unwritable`] if serde refuses (not expected for this crate's types).
pub fn encode<T: Serialize>(message: &T) -> Result<Envelope, ProtocolError> {
    let guard = open_vault(Vec::new());
    let json = serde_json::to_string(message).map_err(|e| ProtocolError::Unwritable(e.to_string()));
    let buffers = VAULT.with(|v| v.borrow_mut().take()).unwrap_or_default();
    drop(guard);
    Ok(Envelope { json: json?, buffers: buffers.into_iter().flatten().collect() })
}

/// Reads a message of type `T` from an envelope. Buffers the message does not name are wiped.
///
/// # Errors
/// [`ProtocolError::Malformed`] for JSON that is not a `T`, or a buffer index that is missing or
/// used twice.
pub fn decode<T: DeserializeOwned>(envelope: Envelope) -> Result<T, ProtocolError> {
    let Envelope { json, buffers } = envelope;
    let mut reader = serde_json::Deserializer::from_str(&json);
    let message = decode_with(buffers, &mut reader)?;
    // As `serde_json::from_str` does: text after the message is an error.
    reader.end().map_err(|e| ProtocolError::Malformed(e.to_string()))?;
    Ok(message)
}

/// Reads a message of type `T` with another deserializer of the same JSON, byte payloads from
/// `buffers` as [`decode`] does. The page parses an envelope's JSON with the browser's
/// `JSON.parse` and reads the value with `serde-wasm-bindgen`, which keeps serde_json's parser
/// (about 15 KB of its brotli-compressed module) out of the page.
///
/// # Errors
/// As [`decode`].
pub fn decode_with<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    buffers: Vec<Zeroizing<Vec<u8>>>,
    deserializer: D,
) -> Result<T, ProtocolError> {
    let guard = open_vault(buffers.into_iter().map(Some).collect());
    let result = T::deserialize(deserializer).map_err(|e| ProtocolError::Malformed(e.to_string()));
    drop(guard);
    result
}

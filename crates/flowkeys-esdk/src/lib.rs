//! The AWS Encryption SDK (ESDK) message format, byte-exact, for Flowkeys.
//!
//! Amazon Connect's Store customer input block encrypts caller input with the ESDK; this crate
//! reads, inspects, decrypts and produces such messages in plain Rust (no web dependencies; it
//! also builds for `wasm32-unknown-unknown`).
//!
//! * [`inspect()`] — everything visible without a key (header, EDKs, frames, signature validity).
//! * [`decrypt()`] — any message a raw RSA key can open: all 11 suites, v1 and v2 (key commitment
//!   verified), framed and non-framed, several EDKs, required encryption context.
//! * [`connect::encrypt`] — a message shaped exactly like Connect's; [`encrypt()`] for the general
//!   case.
//! * [`keys`] — RSA keys from PEM/DER private keys, certificates and SPKI public keys.
//!
//! Module layout mirrors the specification: [`suite`], [`header`], [`body`], [`footer`],
//! key derivation in `kdf`, the raw RSA [`keyring`], and the client operations.
//!
//! Untrusted input is parsed through a bounds-checked cursor; the crate forbids `unsafe` and
//! denies indexing, `unwrap`/`expect` and unchecked arithmetic in non-test code, so no input can
//! make it panic.

#![warn(missing_docs)]

pub mod body;
pub mod connect;
pub mod decrypt;
pub mod encrypt;
pub mod error;
pub mod footer;
pub mod header;
pub mod input;
pub mod inspect;
mod kdf;
pub mod keyring;
pub mod keys;
mod reader;
pub mod suite;

pub use decrypt::{decrypt, DecryptOptions, Decrypted, DEFAULT_MAX_ENCRYPTED_DATA_KEYS};
pub use encrypt::{encrypt, BodyLayout, EncryptRequest};
pub use error::{Error, ErrorClass, Result};
pub use header::{EncryptionContext, Header};
pub use input::{decode_base64_lenient, message_bytes};
pub use inspect::{inspect, MessageInfo};
pub use keyring::{RawRsaKeyring, RsaPadding, RsaRecipient, RsaUnwrap};
pub use suite::{AlgorithmSuite, ALL_SUITES};

/// Re-exported so callers can name key types and RNG traits without matching crate versions.
pub use rand_core;
pub use rsa::{PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
pub use zeroize::Zeroizing;

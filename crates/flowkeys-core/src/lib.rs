//! # flowkeys-core
//!
//! The key-material engine behind Flowkeys: RSA key pairs, the self-signed X.509 certificate
//! Amazon Connect's *Store customer input* block needs, the PEM artefacts an admin pastes into
//! Connect and Parameter Store, and the Key ID Connect assigns.
//!
//! Admins who already have keys bring them with [`import()`] (PEM, DER, encrypted PKCS#8,
//! PKCS#12, in any mix), get a [`checklist`] per key set ("ready for Connect?"), and fix what
//! it finds with [`make`] (re-issue a self-signed certificate, CSR) and [`export`] (encrypted
//! PKCS#8, PKCS#12, JSON strings, an expiry reminder).
//!
//! Plain Rust with no web dependencies: the browser console, a CLI or a Lambda can all call it.
//! Nothing here reads the clock (`SystemTime::now()` panics on `wasm32-unknown-unknown`), so
//! callers pass the current time as a [`UnixTime`].
//!
//! Artefacts are newtypes ([`PublicKeyPem`], [`CertificatePem`], [`PrivateKeyPem`], [`KeyId`])
//! so the wrong one cannot be handed to the wrong place, and private material lives in
//! [`zeroize::Zeroizing`] buffers that are wiped when dropped.
#![warn(missing_docs)]

// Lets the hostile-input generators shared with `tests/` name this crate as the tests do.
#[cfg(test)]
extern crate self as flowkeys_core;
#[cfg(test)]
#[path = "../tests/hostile/mod.rs"]
mod hostile;

pub mod cert;
pub mod check;
pub mod checklist;
pub mod export;
pub mod fingerprint;
pub mod import;
pub mod key_id;
pub mod key_size;
pub mod keys;
pub mod keyset;
pub mod make;
pub mod naming;
mod p12;
pub mod pbe;
pub mod pem;
pub mod pem_blocks;
pub mod request;
pub mod subject;
pub mod text;
pub mod time;
pub mod validity;

pub use cert::{CertError, CertificateDetail, CertificateSummary};
pub use check::{check_files, CheckReport, CheckVerdict};
pub use checklist::{CheckId, CheckLine, Checklist, Readiness, Verdict};
pub use export::{expiry_reminder_ics, export_pkcs12, json_string, ExportError, PasswordProtection, Pkcs12Der};
pub use fingerprint::Sha256Fingerprint;
pub use import::{import, Import, ImportError, ImportInput, ImportedKeySet, InputOutcome};
pub use key_id::{KeyId, KeyIdError};
pub use key_size::KeySize;
pub use keys::{KeyError, PrivateKeyDer};
pub use keyset::{KeySet, KeySetError};
pub use pem::{
    CertificatePem, CertificateRequestPem, EncryptedPrivateKeyPem, Pkcs1PrivateKeyPem, PrivateKeyPem, PublicKeyPem,
    CONNECT_PUBLIC_KEY_LIMIT,
};
pub use request::{CertificateForm, CertificateRequest, FormErrors, FormField};
pub use subject::{Subject, SubjectError};
pub use time::UnixTime;
pub use validity::{ValidityDays, ValidityError};

//! The X.509 certificate that goes into the Store customer input block's `InputEncryption.Key`.
//!
//! Admins routinely paste the wrong artefact here (the public key they registered, or even the
//! private key), so classifying a PEM is its own step with its own messages, separate from
//! reading a certificate's dates and public key.

mod classify;
mod inspect;
mod pem;

pub use classify::{classify_pem, PemKind};
pub(crate) use inspect::{canonical_spki_der, sha256_hex};
pub use inspect::{inspect_certificate, CertificateInfo, CertificateInputError};
pub use pem::EncryptionCertificate;

//! The certificate a flow encrypts with, checked to be a readable X.509 certificate.
//!
//! Not a second certificate-PEM type: the artefact (what a key set gives out, what is
//! downloaded) is `flowkeys_core::CertificatePem`; this is what Connect's `InputEncryption`
//! receives — any certificate PEM an admin pastes or a key set gives, read once, with the facts
//! the generator, the linter and the stack need.

use super::inspect::{inspect_certificate, CertificateInfo, CertificateInputError};

/// A certificate ready for `InputEncryption.Key`: its PEM trimmed, with `\n` line ends, and
/// known to parse. Holding the parsed facts lets the generator and the UI show the expiry without
/// re-reading the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptionCertificate {
    text: String,
    info: CertificateInfo,
}

impl EncryptionCertificate {
    /// Validates a pasted certificate; a public or private key gets its own message.
    pub fn parse(input: &str) -> Result<EncryptionCertificate, CertificateInputError> {
        let info = inspect_certificate(input)?;
        let mut text = input.trim().replace("\r\n", "\n");
        text.push('\n');
        Ok(EncryptionCertificate { text, info })
    }

    /// The PEM text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Dates, public key and issuer facts.
    pub fn info(&self) -> &CertificateInfo {
        &self.info
    }
}

crate::inputs::string_newtype!(EncryptionCertificate, CertificateInputError);

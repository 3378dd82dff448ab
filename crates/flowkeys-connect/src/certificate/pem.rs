//! A certificate PEM that has been checked to be a readable X.509 certificate.

use super::inspect::{inspect_certificate, CertificateInfo, CertificateInputError};

/// A certificate PEM ready for `InputEncryption.Key`: trimmed, with `\n` line ends, and known to
/// parse. Holding the parsed facts lets the generator and the UI show the expiry without
/// re-reading the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificatePem {
    text: String,
    info: CertificateInfo,
}

impl CertificatePem {
    /// Validates a pasted certificate; a public or private key gets its own message.
    pub fn parse(input: &str) -> Result<CertificatePem, CertificateInputError> {
        let info = inspect_certificate(input)?;
        let mut text = input.trim().replace("\r\n", "\n");
        text.push('\n');
        Ok(CertificatePem { text, info })
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

crate::inputs::string_newtype!(CertificatePem, CertificateInputError);

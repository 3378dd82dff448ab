//! Reading a certificate PEM: its validity dates, its public key, whether it is self-issued.

use der::{Decode, Encode};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::classify::{classify_pem, PemKind};
use flowkeys_core::pem_blocks::{self, PemProblem};
use flowkeys_core::UnixTime;

/// Why a text could not be used as the block's certificate. The public-key and private-key cases
/// have their own messages because they are the two mistakes admins actually make.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CertificateInputError {
    /// Nothing was entered.
    #[error(
        "Paste the X.509 certificate PEM (the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)."
    )]
    Empty,
    /// The registered public key was pasted instead of the certificate.
    #[error("This is a public key (-----BEGIN PUBLIC KEY-----), not a certificate. The Store customer input block needs the X.509 certificate (-----BEGIN CERTIFICATE-----) made from the same key pair; the public key is what you add under Flows → Flow security keys.")]
    PublicKey,
    /// A PKCS#1 public key was pasted.
    #[error("This is an RSA public key (-----BEGIN RSA PUBLIC KEY-----), not a certificate. The block needs the X.509 certificate (-----BEGIN CERTIFICATE-----) made from the same key pair.")]
    RsaPublicKey,
    /// A private key was pasted.
    #[error("This is a private key (-----BEGIN {label}-----). Never put a private key into a flow: anyone who can read the flow could decrypt every captured number. Paste the certificate (-----BEGIN CERTIFICATE-----) instead and keep the private key only in Parameter Store for the decrypt Lambda.")]
    PrivateKey {
        /// The PEM label found.
        label: String,
    },
    /// A certificate signing request was pasted.
    #[error("This is a certificate signing request (-----BEGIN CERTIFICATE REQUEST-----), not a certificate. Connect needs a self-signed certificate made from the same key pair as the registered public key.")]
    CertificateRequest,
    /// Another PEM type.
    #[error("This PEM holds “{label}”, not a certificate. Paste the X.509 certificate (-----BEGIN CERTIFICATE-----).")]
    OtherPem {
        /// The PEM label found.
        label: String,
    },
    /// No PEM markers.
    #[error("This is not a certificate PEM: the text should start with -----BEGIN CERTIFICATE----- and end with -----END CERTIFICATE-----.")]
    NotPem,
    /// Markers present but the content is damaged.
    #[error("The text has certificate markers but the certificate inside could not be read ({detail}). Copy the whole certificate file again, including the BEGIN and END lines.")]
    Unreadable {
        /// What the decoder reported.
        detail: String,
    },
}

/// What the linter and the UI need to know about a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateInfo {
    /// Subject distinguished name (RFC 4514 text).
    pub subject: String,
    /// Start of validity, Unix seconds.
    pub not_before_unix: UnixTime,
    /// End of validity, Unix seconds.
    pub not_after_unix: UnixTime,
    /// End of validity as `YYYY-MM-DDTHH:MM:SSZ`, for messages.
    pub not_after_text: String,
    /// The SubjectPublicKeyInfo, DER: compared with the registered keys.
    pub spki_der: Vec<u8>,
    /// SHA-256 of `spki_der`, lower-case hex: a short name for the key in messages.
    pub spki_sha256: String,
    /// Issuer equals subject. Connect verifies the certificate with the registered key, so it
    /// must be signed by its own key pair; a CA-issued leaf never is.
    pub self_issued: bool,
    /// The key is RSA (Connect wraps the data key with RSA-OAEP; other key types cannot work).
    pub rsa: bool,
}

/// Reads a certificate PEM, refusing every other PEM kind with a specific message.
pub fn inspect_certificate(text: &str) -> Result<CertificateInfo, CertificateInputError> {
    if text.trim().is_empty() {
        return Err(CertificateInputError::Empty);
    }
    match classify_pem(text) {
        PemKind::Certificate => {}
        PemKind::PublicKey => return Err(CertificateInputError::PublicKey),
        PemKind::RsaPublicKey => return Err(CertificateInputError::RsaPublicKey),
        PemKind::PrivateKey { label } => return Err(CertificateInputError::PrivateKey { label }),
        PemKind::CertificateRequest => return Err(CertificateInputError::CertificateRequest),
        PemKind::Other { label } => return Err(CertificateInputError::OtherPem { label }),
        PemKind::NotPem => return Err(CertificateInputError::NotPem),
    }
    // Flows copied through another JSON layer carry the line breaks as `\n`: the scanner undoes it.
    let blocks = pem_blocks::read_blocks(text).map_err(|problem| CertificateInputError::Unreadable {
        detail: match problem {
            PemProblem::Unterminated { .. } => "the END line is missing".into(),
            PemProblem::MismatchedEnd { begin, end } => format!("the {begin} block ends with an END {end} line"),
            PemProblem::BadBase64 { .. } => "its body is not valid base64".into(),
        },
    })?;
    let der_bytes = blocks
        .iter()
        .find(|b| ["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"].contains(&b.label.as_str()))
        .map(|b| b.der.as_slice())
        .ok_or_else(|| CertificateInputError::Unreadable { detail: "the END line is missing".into() })?;
    // The engine's own certificate reader: one place decides what a certificate says.
    let summary = flowkeys_core::CertificateSummary::from_der(der_bytes)
        .map_err(|e| CertificateInputError::Unreadable { detail: e.to_string() })?;
    Ok(CertificateInfo {
        not_before_unix: summary.not_before,
        not_after_unix: summary.not_after,
        not_after_text: summary.not_after.to_date_time().map(|d| d.to_string()).unwrap_or_default(),
        spki_sha256: summary.public_key_sha256.to_hex(),
        self_issued: summary.issuer == summary.subject,
        // The engine reads an RSA key size only from a well-formed RSA public key.
        rsa: summary.key_bits > 0,
        spki_der: summary.spki.0,
        subject: summary.subject,
    })
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Re-encodes a SubjectPublicKeyInfo so that two encodings of the same key compare equal
/// (for example RSA parameters written as NULL or left out). `None` if it is not an SPKI.
pub(crate) fn canonical_spki_der(der_bytes: &[u8]) -> Option<Vec<u8>> {
    spki::SubjectPublicKeyInfoOwned::from_der(der_bytes).ok()?.to_der().ok()
}

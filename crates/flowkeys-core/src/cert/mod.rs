//! X.509 certificates: building the self-signed certificate Connect wants, and reading one.

mod build;
mod detail;
mod dn;
mod summary;
mod verify;

pub use build::UnsignedCertificate;
pub use detail::{CertificateDetail, ExtensionDetail};
pub use dn::rfc4514;
pub use summary::{signature_algorithm_name, CertificateSummary};
pub use verify::{verify_signed_by, SignatureCheck};

/// Problems building or reading a certificate.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    /// The bytes are not an X.509 certificate.
    #[error("This is not a readable X.509 certificate ({0}).")]
    NotACertificate(String),
    /// The certificate builder failed.
    #[error("The certificate could not be built: {0}.")]
    Build(String),
    /// The subject could not be encoded.
    #[error(transparent)]
    Subject(#[from] crate::subject::SubjectError),
    /// The key could not be used.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The platform refused randomness for the serial number.
    #[error("The browser or operating system refused to supply random numbers for the certificate serial number. Reload the page and try again.")]
    Randomness,
    /// The validity cannot be written into a certificate.
    #[error("The validity period cannot be written into a certificate (the dates fall outside 1970–9999).")]
    Dates,
}

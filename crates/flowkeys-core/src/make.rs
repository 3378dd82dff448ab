//! Making and renewing certificates for keys an admin already has.

use crate::cert::CertError;
use crate::keys::PrivateKeyDer;
use crate::keyset::{KeySet, KeySetError};
use crate::pem::CertificateRequestPem;
use crate::request::CertificateRequest;
use crate::subject::{Subject, SubjectInput};
use crate::time::UnixTime;
use crate::validity::ValidityDays;
use der::{Decode, Encode};
use rsa::pkcs1v15::SigningKey;
use sha2::Sha256;
use x509_cert::builder::{Builder, RequestBuilder};

/// Issues a new self-signed certificate for an existing private key: the fix for an expired
/// certificate, a CA-issued leaf Connect cannot use, or a SHA-1 certificate. The key (and so
/// the public key registered in Connect, and the Lambda's secret) stays the same; only the
/// Store customer input block's certificate changes.
///
/// Runs the same self-checks as generation (signature verifies, OAEP-SHA512 round trip). Two
/// RSA private-key operations: run it off the browser's main thread.
pub fn reissue_self_signed(
    key: &PrivateKeyDer,
    subject: Subject,
    validity: ValidityDays,
    now: UnixTime,
) -> Result<KeySet, KeySetError> {
    let rsa = key.to_rsa()?;
    let request = CertificateRequest { key_size: key.size(), subject, validity };
    KeySet::create_self_signed(&rsa, &request, now)
}

/// The subject fields of an existing certificate, to pre-fill the re-issue form ("same
/// subject"). Only CN, O, OU, C, ST and L are carried over: those are the fields the form has.
/// A missing Common Name becomes the default one.
pub fn subject_input_from_certificate(cert_der: &[u8]) -> Result<SubjectInput, CertError> {
    let cert = x509_cert::Certificate::from_der(cert_der).map_err(|e| CertError::NotACertificate(e.to_string()))?;
    let name = cert.tbs_certificate().subject();
    let text = |v: der::Result<Option<x509_cert::ext::pkix::name::DirectoryString>>| -> String {
        v.ok().flatten().map(|d| d.value().into_owned()).unwrap_or_default()
    };
    let mut input = SubjectInput {
        common_name: text(name.common_name()),
        organization: text(name.organization()),
        organizational_unit: text(name.organization_unit()),
        country: name.country().ok().flatten().map(|c| c.as_str().to_owned()).unwrap_or_default(),
        state: text(name.state_or_province()),
        locality: text(name.locality()),
    };
    if input.common_name.trim().is_empty() {
        input.common_name = crate::subject::DEFAULT_COMMON_NAME.to_owned();
    }
    Ok(input)
}

/// A PKCS#10 certificate signing request for `key` and `subject`, signed with SHA-256, as
/// `-----BEGIN CERTIFICATE REQUEST-----` PEM.
///
/// For admins whose policy wants keys on record with a CA. Note: Connect needs the
/// certificate to be signed by the key itself, so a CA-issued certificate from this request
/// cannot go into the Store customer input block; keep using the self-signed one there.
pub fn certificate_signing_request(key: &PrivateKeyDer, subject: &Subject) -> Result<CertificateRequestPem, CertError> {
    let rsa = key.to_rsa()?;
    let builder = RequestBuilder::new(subject.to_name()?).map_err(|e| CertError::Build(e.to_string()))?;
    let signer = SigningKey::<Sha256>::new(rsa);
    let req = builder.build::<_, rsa::pkcs1v15::Signature>(&signer).map_err(|e| CertError::Build(e.to_string()))?;
    let der = req.to_der().map_err(|e| CertError::Build(e.to_string()))?;
    CertificateRequestPem::from_der(&der).map_err(|e| CertError::Build(e.to_string()))
}

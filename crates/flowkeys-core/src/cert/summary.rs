//! The facts about a certificate an admin needs at a glance.

use super::CertError;
use crate::fingerprint::Sha256Fingerprint;
use crate::keys::SpkiDer;
use crate::time::UnixTime;
use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use x509_cert::Certificate;

/// A certificate, summarised for display.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CertificateSummary {
    /// Subject distinguished name (RFC 4514 form, most specific first).
    pub subject: String,
    /// Issuer distinguished name.
    pub issuer: String,
    /// Serial number as colon-separated hex, as OpenSSL prints it.
    pub serial_hex: String,
    /// Start of validity.
    pub not_before: UnixTime,
    /// End of validity.
    pub not_after: UnixTime,
    /// RSA modulus size in bits (0 if the key is not RSA).
    pub key_bits: usize,
    /// Signature algorithm name, e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    /// SHA-256 over the certificate DER.
    pub certificate_sha256: Sha256Fingerprint,
    /// SHA-256 over the SubjectPublicKeyInfo DER (matches `openssl pkey -pubin -outform DER | sha256sum`).
    pub public_key_sha256: Sha256Fingerprint,
    /// The SubjectPublicKeyInfo DER.
    pub spki: SpkiDer,
}

impl CertificateSummary {
    /// Reads a certificate DER.
    pub fn from_der(cert_der: &[u8]) -> Result<CertificateSummary, CertError> {
        let cert = Certificate::from_der(cert_der).map_err(|e| CertError::NotACertificate(e.to_string()))?;
        let tbs = cert.tbs_certificate();
        let spki_der = tbs.subject_public_key_info().to_der().map_err(|e| CertError::NotACertificate(e.to_string()))?;
        let key_bits = if tbs.subject_public_key_info().algorithm.oid == pkcs1::ALGORITHM_OID {
            tbs.subject_public_key_info()
                .subject_public_key
                .as_bytes()
                .and_then(|b| pkcs1::RsaPublicKeyRef::from_der(b).ok())
                .map(|k| crate::keys::private::modulus_bits(k.modulus.as_bytes()))
                .unwrap_or(0)
        } else {
            0
        };
        let serial_hex =
            tbs.serial_number().as_bytes().iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":");
        Ok(CertificateSummary {
            subject: super::rfc4514(tbs.subject()),
            issuer: super::rfc4514(tbs.issuer()),
            serial_hex,
            not_before: UnixTime(tbs.validity().not_before.to_unix_duration().as_secs()),
            not_after: UnixTime(tbs.validity().not_after.to_unix_duration().as_secs()),
            key_bits,
            signature_algorithm: signature_algorithm_name(&cert.signature_algorithm().oid),
            certificate_sha256: Sha256Fingerprint::of(cert_der),
            public_key_sha256: Sha256Fingerprint::of(&spki_der),
            spki: SpkiDer(spki_der),
        })
    }

    /// Whole days from `now` until the certificate expires (negative once expired).
    pub fn days_remaining(&self, now: UnixTime) -> i64 {
        now.days_until(self.not_after)
    }

    /// Whether `now` lies inside the validity period.
    pub fn is_valid_at(&self, now: UnixTime) -> bool {
        self.not_before <= now && now <= self.not_after
    }
}

/// The conventional (OpenSSL) name of a signature algorithm, or its dotted OID.
pub fn signature_algorithm_name(oid: &ObjectIdentifier) -> String {
    use const_oid::db::rfc5912 as alg;
    let name = match *oid {
        alg::SHA_256_WITH_RSA_ENCRYPTION => "sha256WithRSAEncryption",
        alg::SHA_384_WITH_RSA_ENCRYPTION => "sha384WithRSAEncryption",
        alg::SHA_512_WITH_RSA_ENCRYPTION => "sha512WithRSAEncryption",
        alg::SHA_224_WITH_RSA_ENCRYPTION => "sha224WithRSAEncryption",
        alg::SHA_1_WITH_RSA_ENCRYPTION => "sha1WithRSAEncryption",
        alg::MD_5_WITH_RSA_ENCRYPTION => "md5WithRSAEncryption",
        alg::ID_RSASSA_PSS => "rsassaPss",
        alg::ECDSA_WITH_SHA_256 => "ecdsa-with-SHA256",
        alg::ECDSA_WITH_SHA_384 => "ecdsa-with-SHA384",
        alg::ECDSA_WITH_SHA_512 => "ecdsa-with-SHA512",
        _ => return oid.to_string(),
    };
    name.to_owned()
}

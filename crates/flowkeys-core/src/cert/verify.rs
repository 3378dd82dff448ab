//! Checking a certificate's signature against a public key.

use super::CertError;
use der::{Decode, Encode};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::PublicKey as RsaPublicKey;
use signature::Verifier;
use spki::DecodePublicKey;
use x509_cert::Certificate;

/// The outcome of checking a certificate signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureCheck {
    /// The signature verifies under the given key.
    Valid,
    /// The signature does not verify under the given key: someone else signed it.
    Invalid,
    /// The signature algorithm is not one this checker knows (named by OID).
    UnsupportedAlgorithm(String),
}

/// Verifies the signature on certificate `cert_der` with the RSA public key `spki_der`.
///
/// For a self-signed certificate pass its own SubjectPublicKeyInfo: that is the check Amazon
/// Connect makes with the registered flow security key.
pub fn verify_signed_by(cert_der: &[u8], spki_der: &[u8]) -> Result<SignatureCheck, CertError> {
    let cert = Certificate::from_der(cert_der).map_err(|e| CertError::NotACertificate(e.to_string()))?;
    let tbs = cert.tbs_certificate().to_der().map_err(|e| CertError::NotACertificate(e.to_string()))?;
    let public = RsaPublicKey::from_public_key_der(spki_der)
        .map_err(|e| CertError::Key(crate::keys::KeyError::Invalid(e.to_string())))?;
    let Some(sig_bytes) = cert.signature().as_bytes() else {
        return Ok(SignatureCheck::Invalid);
    };
    let Ok(sig) = Signature::try_from(sig_bytes) else {
        return Ok(SignatureCheck::Invalid);
    };
    let oid = cert.signature_algorithm().oid;
    let ok = match oid {
        // SHA-1 is verified only so an old certificate can still be recognised as self-signed;
        // the checklist flags the algorithm separately.
        const_oid::db::rfc5912::SHA_1_WITH_RSA_ENCRYPTION => {
            VerifyingKey::<sha1::Sha1>::new(public).verify(&tbs, &sig).is_ok()
        }
        const_oid::db::rfc5912::SHA_224_WITH_RSA_ENCRYPTION => {
            VerifyingKey::<sha2::Sha224>::new(public).verify(&tbs, &sig).is_ok()
        }
        const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION => {
            VerifyingKey::<sha2::Sha256>::new(public).verify(&tbs, &sig).is_ok()
        }
        const_oid::db::rfc5912::SHA_384_WITH_RSA_ENCRYPTION => {
            VerifyingKey::<sha2::Sha384>::new(public).verify(&tbs, &sig).is_ok()
        }
        const_oid::db::rfc5912::SHA_512_WITH_RSA_ENCRYPTION => {
            VerifyingKey::<sha2::Sha512>::new(public).verify(&tbs, &sig).is_ok()
        }
        other => return Ok(SignatureCheck::UnsupportedAlgorithm(other.to_string())),
    };
    Ok(if ok { SignatureCheck::Valid } else { SignatureCheck::Invalid })
}

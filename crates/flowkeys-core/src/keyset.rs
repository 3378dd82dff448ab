//! A key set: one RSA key pair, its self-signed certificate, and the Key ID Connect gave it.

use crate::cert::{verify_signed_by, CertError, CertificateSummary, SignatureCheck, UnsignedCertificate};
use crate::keys::{KeyError, PrivateKeyDer};
use crate::pem::{CertificatePem, Pkcs1PrivateKeyPem, PrivateKeyPem, PublicKeyPem};
use crate::request::CertificateRequest;
use crate::time::UnixTime;
use crate::KeyId;
use rsa::PrivateKey as RsaPrivateKey;

/// Why a key set could not be assembled.
#[derive(Debug, thiserror::Error)]
pub enum KeySetError {
    /// A key problem.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A certificate problem.
    #[error(transparent)]
    Certificate(#[from] CertError),
    /// The certificate was made for another key.
    #[error("The certificate belongs to a different key pair than the private key (certificate public key {certificate}, private key's public key {private}). Connect would encrypt with a key you cannot decrypt with.")]
    Mismatch {
        /// SHA-256 of the certificate's public key.
        certificate: String,
        /// SHA-256 of the private key's public half.
        private: String,
    },
    /// An imported key set lacks a part.
    #[error("This key set is incomplete: {0}. Import the missing file, or make a certificate for the private key.")]
    Incomplete(&'static str),
    /// The new key pair failed its own consistency check.
    #[error("The new key pair failed its consistency check ({0}); it was discarded. Generate again.")]
    SelfCheck(&'static str),
}

/// One key pair with its certificate: everything Connect and the decrypting Lambda need.
///
/// The private key is held as zeroizing DER and wiped when the key set is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySet {
    private: PrivateKeyDer,
    certificate_der: Vec<u8>,
    summary: CertificateSummary,
    key_id: Option<KeyId>,
}

impl KeySet {
    /// Makes the self-signed certificate for `key` and checks the result: the certificate
    /// verifies under the public key it carries (what Connect checks).
    ///
    /// That check is also the key's own: the signature was made with the private key's RSA
    /// operation (the one decryption uses, CRT values included) and verifies under the public
    /// half, so an RSA-OAEP round trip after it would prove nothing more and cost a second
    /// private-key operation (about 40 ms for 4096 bits in the browser). Imported keys, which
    /// sign nothing here, get the OAEP round trip on their checklist instead
    /// ([`crate::keys::oaep_round_trip`]).
    ///
    /// This does one RSA private-key operation: run it where key generation runs.
    pub fn create_self_signed(
        key: &RsaPrivateKey,
        request: &CertificateRequest,
        now: UnixTime,
    ) -> Result<KeySet, KeySetError> {
        let private = PrivateKeyDer::from_rsa(key)?;
        let certificate_der =
            UnsignedCertificate::new(&private.public_spki()?, &request.subject, request.validity, now)?
                .signed_with(key)?;
        KeySet::self_signed(private, certificate_der)
    }

    /// Assembles a new key set from its private key and the self-signed certificate made for it
    /// (by [`KeySet::create_self_signed`], or from an [`crate::cert::UnsignedCertificate`] signed
    /// by the browser's WebCrypto, which generated the key), and makes the generation's
    /// self-check: the certificate carries the private key's public half and its signature
    /// verifies under it.
    ///
    /// The console's WebCrypto path signs with the exported key imported back into WebCrypto, so
    /// a signature that verifies here proves the private numbers of `private` (the bytes the
    /// admin stores) work with its public half, as the `rsa` crate's signature does on the
    /// pure-Rust path.
    pub fn self_signed(private: PrivateKeyDer, certificate_der: Vec<u8>) -> Result<KeySet, KeySetError> {
        let set = KeySet::from_parts(private, certificate_der)?;
        if verify_signed_by(&set.certificate_der, set.summary.spki.as_bytes())? != SignatureCheck::Valid {
            return Err(KeySetError::SelfCheck("the certificate signature does not verify"));
        }
        Ok(set)
    }

    /// Assembles a key set from a private key and a certificate DER, checking (cheaply, without
    /// big-number work) that the certificate carries the private key's public half.
    pub fn from_parts(private: PrivateKeyDer, certificate_der: Vec<u8>) -> Result<KeySet, KeySetError> {
        let summary = CertificateSummary::from_der(&certificate_der)?;
        KeySet::matched(private, certificate_der, summary)
    }

    /// Rebuilds a key set that [`KeySet::from_parts`] or [`KeySet::self_signed`] assembled and
    /// checked elsewhere, from its parts, without checking again: the console's worker sends
    /// the parts of every key set it made or read, and the page — which carries neither an
    /// X.509 nor an ASN.1 decoder — holds them as they came.
    pub fn from_checked_parts(private: PrivateKeyDer, certificate_der: Vec<u8>, summary: CertificateSummary) -> KeySet {
        KeySet { private, certificate_der, summary, key_id: None }
    }

    fn matched(
        private: PrivateKeyDer,
        certificate_der: Vec<u8>,
        summary: CertificateSummary,
    ) -> Result<KeySet, KeySetError> {
        let private_spki = private.public_spki()?;
        // Compare normalised keys: some writers omit the NULL parameters of rsaEncryption.
        if private_spki != crate::keys::normalise_spki(&summary.spki).unwrap_or_else(|_| summary.spki.clone()) {
            return Err(KeySetError::Mismatch {
                certificate: summary.public_key_sha256.to_string(),
                private: crate::Sha256Fingerprint::of(private_spki.as_bytes()).to_string(),
            });
        }
        Ok(KeySet { private, certificate_der, summary, key_id: None })
    }

    /// The private key.
    pub fn private_key(&self) -> &PrivateKeyDer {
        &self.private
    }

    /// The certificate DER.
    pub fn certificate_der(&self) -> &[u8] {
        &self.certificate_der
    }

    /// The certificate summary.
    pub fn summary(&self) -> &CertificateSummary {
        &self.summary
    }

    /// Public key PEM for Connect → Flows → Flow security keys → Add key.
    pub fn public_key_pem(&self) -> Result<PublicKeyPem, KeyError> {
        PublicKeyPem::from_der(self.summary.spki.as_bytes()).map_err(|e| KeyError::Encoding(e.to_string()))
    }

    /// Certificate PEM for the Store customer input block.
    pub fn certificate_pem(&self) -> Result<CertificatePem, CertError> {
        CertificatePem::from_der(&self.certificate_der).map_err(|e| CertError::Build(e.to_string()))
    }

    /// PKCS#8 private key PEM for SSM Parameter Store.
    pub fn private_key_pem(&self) -> Result<PrivateKeyPem, KeyError> {
        self.private.to_pkcs8_pem()
    }

    /// PKCS#1 private key PEM, on request.
    pub fn pkcs1_private_key_pem(&self) -> Result<Pkcs1PrivateKeyPem, KeyError> {
        self.private.to_pkcs1_pem()
    }

    /// The Key ID Connect assigned, once the admin has entered it.
    pub fn key_id(&self) -> Option<&KeyId> {
        self.key_id.as_ref()
    }

    /// Records the Key ID Connect assigned to this key set's public key.
    pub fn set_key_id(&mut self, key_id: Option<KeyId>) {
        self.key_id = key_id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CertificateForm, KeySize};

    fn made() -> KeySet {
        let request = CertificateForm::default().validate().unwrap();
        let key = crate::keys::generate(KeySize::Rsa2048).unwrap();
        KeySet::create_self_signed(&key, &request, UnixTime(1_750_000_000)).unwrap()
    }

    /// What the signature check stands for: the made key set's private key unwraps what its
    /// certificate's public key wraps with RSA-OAEP-SHA512, as Connect and the Lambda do.
    #[test]
    fn a_made_key_set_unwraps_what_its_certificate_wraps() {
        let set = made();
        let key = set.private_key().to_rsa().unwrap();
        crate::keys::oaep_round_trip(&key).unwrap();
        assert_eq!(set.private_key().public_spki().unwrap(), set.summary().spki);
    }

    #[test]
    fn a_key_set_rebuilt_from_its_parts_is_the_same_key_set() {
        let set = made();
        let private = crate::keys::PrivateKeyDer::from_layout(
            zeroize::Zeroizing::new(set.private_key().pkcs8_der().to_vec()),
            set.private_key().layout(),
        )
        .unwrap();
        let again = KeySet::from_checked_parts(private, set.certificate_der().to_vec(), set.summary().clone());
        assert_eq!(again, set);
        assert_eq!(again.pkcs1_private_key_pem().unwrap().expose(), set.pkcs1_private_key_pem().unwrap().expose());
    }
}

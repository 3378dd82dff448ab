//! Building the self-signed certificate for the Store customer input block.

use super::CertError;
use crate::keys::PrivateKeyDer;
use crate::subject::Subject;
use crate::time::UnixTime;
use crate::validity::ValidityDays;
use core::time::Duration;
use der::Encode;
use rsa::pkcs1v15::SigningKey;
use rsa::PrivateKey as RsaPrivateKey;
use sha2::Sha256;
use spki::SubjectPublicKeyInfoRef;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

/// `notBefore` is set this far in the past, so a Connect or Lambda clock a few minutes behind
/// the admin's does not see a certificate that is "not yet valid".
pub const BACKDATE_SECONDS: u64 = 300;

/// The extensions of a self-signed end-entity certificate used for key encipherment.
///
/// Connect only checks that the certificate verifies under the registered public key; the
/// extensions are there so strict parsers (OpenSSL, Java's `CertificateFactory`, the ESDKs'
/// crypto libraries) accept it: SKI/AKI identify the key, `cA:FALSE` says it is no CA, and
/// the key usage says what Connect does with it (wraps data keys, and the key signs itself).
struct SelfSignedEncryption {
    subject: Name,
}

impl BuilderProfile for SelfSignedEncryption {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    // Pushed one by one: `to_extension` looks at the extensions already present.
    #[allow(clippy::vec_init_then_push)]
    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        let mut exts: Vec<Extension> = Vec::new();
        exts.push(BasicConstraints { ca: false, path_len_constraint: None }.to_extension(tbs.subject(), &exts)?);
        exts.push(
            KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment).to_extension(tbs.subject(), &exts)?,
        );
        exts.push(ski.to_extension(tbs.subject(), &exts)?);
        exts.push(
            AuthorityKeyIdentifier { key_identifier: Some(ski.0.clone()), ..Default::default() }
                .to_extension(tbs.subject(), &exts)?,
        );
        Ok(exts)
    }
}

fn time_at(t: UnixTime) -> Result<Time, CertError> {
    let dt = der::DateTime::from_unix_duration(Duration::from_secs(t.0)).map_err(|_| CertError::Dates)?;
    Ok(Time::from(dt))
}

/// A positive 16-byte serial number from the platform's secure random source.
fn random_serial() -> Result<SerialNumber, CertError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|_| CertError::Randomness)?;
    // Clear the sign bit (a positive INTEGER) and set the next one (no leading zero byte to
    // strip), so the serial is always exactly 16 bytes: RFC 5280 allows up to 20.
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    SerialNumber::new(&bytes).map_err(|e| CertError::Build(e.to_string()))
}

/// Builds an X.509 v3 certificate for `key`, signed by `key` itself (SHA-256 with RSA,
/// PKCS#1 v1.5), valid from `now` (minus [`BACKDATE_SECONDS`]) for `validity` days.
///
/// Returns the certificate DER. One RSA signature: about 3 ms for 4096 bits natively, tens of
/// milliseconds in wasm — keep it off the browser's main thread with key generation.
pub fn build_self_signed(
    key: &RsaPrivateKey,
    subject: &Subject,
    validity: ValidityDays,
    now: UnixTime,
) -> Result<Vec<u8>, CertError> {
    let not_before = UnixTime(now.0.saturating_sub(BACKDATE_SECONDS));
    let not_after = validity.not_after(not_before);
    let validity = Validity::new(time_at(not_before)?, time_at(not_after)?);
    let spki_der = PrivateKeyDer::from_rsa(key)?.public_spki()?;
    let spki =
        spki::SubjectPublicKeyInfoOwned::try_from(spki_der.as_bytes()).map_err(|e| CertError::Build(e.to_string()))?;
    let profile = SelfSignedEncryption { subject: subject.to_name()? };
    let builder = CertificateBuilder::new(profile, random_serial()?, validity, spki)
        .map_err(|e| CertError::Build(e.to_string()))?;
    let signer = SigningKey::<Sha256>::new(key.clone());
    let cert = builder.build::<_, rsa::pkcs1v15::Signature>(&signer).map_err(|e| CertError::Build(e.to_string()))?;
    cert.to_der().map_err(|e| CertError::Build(e.to_string()))
}

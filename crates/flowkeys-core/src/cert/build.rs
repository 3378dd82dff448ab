//! Building the self-signed certificate for the Store customer input block.

use super::CertError;
use crate::keys::{KeyError, SpkiDer};
use crate::subject::Subject;
use crate::time::UnixTime;
use crate::validity::ValidityDays;
use core::time::Duration;
use der::asn1::BitString;
use der::referenced::OwnedToRef;
use der::Encode;
use rsa::pkcs1v15::{SigningKey, VerifyingKey};
use rsa::PrivateKey as RsaPrivateKey;
use sha2::Sha256;
use signature::{Keypair, SignatureEncoding, Signer};
use spki::{SignatureAlgorithmIdentifier, SubjectPublicKeyInfoRef};
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

/// Stands for the certificate's signer while its to-be-signed part is built: the builder asks
/// the signer for its public key and algorithm identifier only, and the signature itself is
/// made elsewhere — by the `rsa` crate ([`UnsignedCertificate::signed_with`]) or by the browser's WebCrypto,
/// which holds the key it generated and signs natively, several times faster than wasm.
struct PublicHalf(VerifyingKey<Sha256>);

impl Keypair for PublicHalf {
    type VerifyingKey = VerifyingKey<Sha256>;

    fn verifying_key(&self) -> Self::VerifyingKey {
        self.0.clone()
    }
}

impl SignatureAlgorithmIdentifier for PublicHalf {
    type Params = <VerifyingKey<Sha256> as SignatureAlgorithmIdentifier>::Params;
    const SIGNATURE_ALGORITHM_IDENTIFIER: spki::AlgorithmIdentifier<Self::Params> =
        <VerifyingKey<Sha256> as SignatureAlgorithmIdentifier>::SIGNATURE_ALGORITHM_IDENTIFIER;
}

/// A self-signed certificate up to its signature (sha256WithRSAEncryption, PKCS#1 v1.5): sign
/// [`UnsignedCertificate::to_be_signed`] with the private key whose public half it carries and
/// hand the signature to [`UnsignedCertificate::signed`].
pub struct UnsignedCertificate {
    builder: CertificateBuilder<SelfSignedEncryption>,
    signer: PublicHalf,
    to_be_signed: Vec<u8>,
}

impl UnsignedCertificate {
    /// The certificate for the public key `spki`, valid from `now` (minus
    /// [`BACKDATE_SECONDS`]) for `validity` days, with a fresh random serial number.
    pub fn new(spki: &SpkiDer, subject: &Subject, validity: ValidityDays, now: UnixTime) -> Result<Self, CertError> {
        let not_before = UnixTime(now.0.saturating_sub(BACKDATE_SECONDS));
        let not_after = validity.not_after(not_before);
        let validity = Validity::new(time_at(not_before)?, time_at(not_after)?);
        let spki =
            spki::SubjectPublicKeyInfoOwned::try_from(spki.as_bytes()).map_err(|e| CertError::Build(e.to_string()))?;
        let public = rsa::PublicKey::try_from(spki.owned_to_ref())
            .map_err(|e| CertError::Key(KeyError::Invalid(e.to_string())))?;
        let profile = SelfSignedEncryption { subject: subject.to_name()? };
        let mut builder = CertificateBuilder::new(profile, random_serial()?, validity, spki)
            .map_err(|e| CertError::Build(e.to_string()))?;
        let signer = PublicHalf(VerifyingKey::new(public));
        let to_be_signed = builder.finalize(&signer).map_err(|e| CertError::Build(e.to_string()))?;
        Ok(UnsignedCertificate { builder, signer, to_be_signed })
    }

    /// The DER of the TBSCertificate: the bytes the signature covers.
    pub fn to_be_signed(&self) -> &[u8] {
        &self.to_be_signed
    }

    /// The certificate DER with `signature` (the PKCS#1 v1.5 SHA-256 signature of
    /// [`Self::to_be_signed`]) in place. Whether the signature verifies is the caller's check
    /// ([`crate::KeySet::self_signed`] makes it).
    pub fn signed(self, signature: &[u8]) -> Result<Vec<u8>, CertError> {
        let signature = BitString::from_bytes(signature).map_err(|e| CertError::Build(e.to_string()))?;
        let cert = self.builder.assemble(signature, &self.signer).map_err(|e| CertError::Build(e.to_string()))?;
        cert.to_der().map_err(|e| CertError::Build(e.to_string()))
    }

    /// The certificate DER, signed with `key` by the `rsa` crate (the pure-Rust path). `key`
    /// must be the key whose public half the certificate carries. One RSA signature: about
    /// 3 ms for 4096 bits natively, 60–90 ms in wasm — keep it off the browser's main thread.
    pub fn signed_with(self, key: &RsaPrivateKey) -> Result<Vec<u8>, CertError> {
        let signature = SigningKey::<Sha256>::new(key.clone())
            .try_sign(&self.to_be_signed)
            .map_err(|e| CertError::Build(e.to_string()))?;
        self.signed(&signature.to_bytes())
    }
}

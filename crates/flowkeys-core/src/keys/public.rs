//! SubjectPublicKeyInfo: the public key Connect registers.

use super::KeyError;
use der::asn1::BitStringRef;
use der::Encode;
use zeroize::Zeroizing;

/// DER of an RSA SubjectPublicKeyInfo (`rsaEncryption`, NULL parameters), the same bytes
/// OpenSSL writes for `-pubout -outform DER`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpkiDer(pub Vec<u8>);

impl SpkiDer {
    /// The DER bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Wraps a PKCS#1 `RSAPublicKey` into a SubjectPublicKeyInfo without any big-number work,
/// so the browser's main thread can do it for a 4096-bit key in microseconds.
pub fn spki_der_from_pkcs1_public(public: &pkcs1::RsaPublicKeyRef<'_>) -> Result<SpkiDer, KeyError> {
    let pkcs1_der = Zeroizing::new(public.to_der().map_err(|e| KeyError::Encoding(e.to_string()))?);
    let spki = spki::SubjectPublicKeyInfoRef {
        algorithm: pkcs1::ALGORITHM_ID,
        subject_public_key: BitStringRef::new(0, &pkcs1_der).map_err(|e| KeyError::Encoding(e.to_string()))?,
    };
    spki.to_der().map(SpkiDer).map_err(|e| KeyError::Encoding(e.to_string()))
}

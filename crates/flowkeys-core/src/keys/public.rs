//! SubjectPublicKeyInfo: the public key Connect registers.

use super::KeyError;
use der::asn1::BitStringRef;
use der::Encode;
use zeroize::Zeroizing;

/// DER of an RSA SubjectPublicKeyInfo (`rsaEncryption`, NULL parameters), the same bytes
/// OpenSSL writes for `-pubout -outform DER`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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

/// Re-encodes an RSA SubjectPublicKeyInfo canonically (`rsaEncryption`, NULL parameters,
/// minimal integers), so keys can be compared byte for byte whatever wrote them.
pub fn normalise_spki(spki: &SpkiDer) -> Result<SpkiDer, KeyError> {
    use der::Decode;
    let info =
        spki::SubjectPublicKeyInfoRef::from_der(spki.as_bytes()).map_err(|e| KeyError::Invalid(e.to_string()))?;
    if info.algorithm.oid != pkcs1::ALGORITHM_OID {
        return Err(KeyError::NotRsa(info.algorithm.oid.to_string()));
    }
    let bytes = info.subject_public_key.as_bytes().ok_or_else(|| KeyError::Invalid("unaligned bit string".into()))?;
    let key = pkcs1::RsaPublicKeyRef::from_der(bytes).map_err(|e| KeyError::Invalid(e.to_string()))?;
    spki_der_from_pkcs1_public(&key)
}

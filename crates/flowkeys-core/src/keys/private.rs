//! The private key, held as zeroizing PKCS#8 DER.

use super::{spki_der_from_pkcs1_public, KeyError, SpkiDer};
use crate::pem::{Pkcs1PrivateKeyPem, PrivateKeyPem};
use crate::KeySize;
use der::Decode;
use pkcs8::EncodePrivateKey;
use rsa::PrivateKey as RsaPrivateKey;
use zeroize::Zeroizing;

/// An RSA private key as PKCS#8 DER, structurally checked (RSA, two primes, a Connect size)
/// where it was read: [`PrivateKeyDer::from_pkcs8_der`] checks, and
/// [`PrivateKeyDer::from_layout`] rebuilds a key that was checked elsewhere (the console's
/// worker) without checking it again.
///
/// The bytes live in a [`Zeroizing`] buffer: dropping the value wipes them. Decoding into a
/// full [`RsaPrivateKey`] (which validates the numbers and costs a few milliseconds for 4096
/// bits) happens only when a private operation is needed, via [`PrivateKeyDer::to_rsa`].
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKeyDer {
    der: Zeroizing<Vec<u8>>,
    size: KeySize,
    /// Where the PKCS#1 `RSAPrivateKey` sits inside `der` (the `privateKey` OCTET STRING's
    /// content), so the PKCS#1 form is a slice and needs no second decoding.
    pkcs1: core::ops::Range<usize>,
}

/// What reading a PKCS#8 key found: its size and where its PKCS#1 part sits. Not secret.
///
/// The console's worker reads every key with [`PrivateKeyDer::from_pkcs8_der`] and sends the
/// layout beside the key's bytes; the page rebuilds the key with [`PrivateKeyDer::from_layout`]
/// and so carries no ASN.1 decoder (about 14 KB of its brotli-compressed module).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyLayout {
    /// Modulus size in bits.
    pub bits: u32,
    /// Offset of the PKCS#1 `RSAPrivateKey` in the PKCS#8 DER.
    pub pkcs1_start: u32,
    /// Offset just past it.
    pub pkcs1_end: u32,
}

impl core::fmt::Debug for PrivateKeyDer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "PrivateKeyDer({}, redacted)", self.size)
    }
}

impl PrivateKeyDer {
    /// Encodes a key from the RSA library.
    /// Reading the encoding back finds its size (refusing one Connect does not take) and layout.
    pub fn from_rsa(key: &RsaPrivateKey) -> Result<PrivateKeyDer, KeyError> {
        let doc = key.to_pkcs8_der().map_err(|e| KeyError::Encoding(e.to_string()))?;
        PrivateKeyDer::from_pkcs8_der(doc.as_bytes())
    }

    /// Takes PKCS#8 DER (for example from WebCrypto's `exportKey("pkcs8")`), checking its
    /// structure but not its numbers. The input is copied; wipe your own copy.
    pub fn from_pkcs8_der(bytes: &[u8]) -> Result<PrivateKeyDer, KeyError> {
        let info = pkcs8::PrivateKeyInfoRef::from_der(bytes).map_err(|e| KeyError::NotPkcs8(e.to_string()))?;
        if info.algorithm.oid != pkcs1::ALGORITHM_OID {
            return Err(KeyError::NotRsa(info.algorithm.oid.to_string()));
        }
        let rsa = pkcs1::RsaPrivateKeyRef::from_der(info.private_key.as_bytes())
            .map_err(|e| KeyError::Invalid(e.to_string()))?;
        let bits = modulus_bits(rsa.modulus.as_bytes());
        let size = KeySize::from_bits(bits).ok_or(KeyError::UnsupportedSize(bits))?;
        let inner = info.private_key.as_bytes();
        // `inner` borrows from `bytes`: its offset is the distance between the two pointers.
        let start = (inner.as_ptr() as usize).wrapping_sub(bytes.as_ptr() as usize);
        let pkcs1 = start..start.saturating_add(inner.len());
        if bytes.get(pkcs1.clone()) != Some(inner) {
            return Err(KeyError::Invalid("the PKCS#1 key is not inside the PKCS#8 structure".into()));
        }
        Ok(PrivateKeyDer { der: Zeroizing::new(bytes.to_vec()), size, pkcs1 })
    }

    /// Rebuilds a key that [`PrivateKeyDer::from_pkcs8_der`] read elsewhere (the console's
    /// worker), from its bytes and the [`KeyLayout`] that reading found. Checks only that the
    /// layout fits the bytes: the structure was checked where it was read.
    pub fn from_layout(der: Zeroizing<Vec<u8>>, layout: KeyLayout) -> Result<PrivateKeyDer, KeyError> {
        let bits = usize::try_from(layout.bits).unwrap_or(usize::MAX);
        let size = KeySize::from_bits(bits).ok_or(KeyError::UnsupportedSize(bits))?;
        let start = usize::try_from(layout.pkcs1_start).unwrap_or(usize::MAX);
        let end = usize::try_from(layout.pkcs1_end).unwrap_or(usize::MAX);
        if start >= end || der.get(start..end).is_none() {
            return Err(KeyError::Invalid("the key's layout does not fit its bytes".into()));
        }
        Ok(PrivateKeyDer { der, size, pkcs1: start..end })
    }

    /// The layout to send beside the key's bytes ([`PrivateKeyDer::from_layout`]).
    pub fn layout(&self) -> KeyLayout {
        // A PKCS#8 key that fits in memory here is far below 4 GiB: the conversions cannot fail.
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        KeyLayout {
            bits: offset(self.size.bits()),
            pkcs1_start: offset(self.pkcs1.start),
            pkcs1_end: offset(self.pkcs1.end),
        }
    }

    /// The key size.
    pub fn size(&self) -> KeySize {
        self.size
    }

    /// The PKCS#8 DER bytes (secret).
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.der
    }

    /// The PKCS#1 `RSAPrivateKey` DER inside the PKCS#8 bytes.
    fn pkcs1_der(&self) -> Result<&[u8], KeyError> {
        self.der
            .get(self.pkcs1.clone())
            .ok_or_else(|| KeyError::Invalid("the key's layout does not fit its bytes".into()))
    }

    fn pkcs1_ref(&self) -> Result<pkcs1::RsaPrivateKeyRef<'_>, KeyError> {
        pkcs1::RsaPrivateKeyRef::from_der(self.pkcs1_der()?).map_err(|e| KeyError::Invalid(e.to_string()))
    }

    /// The public half as SubjectPublicKeyInfo DER (no big-number work).
    pub fn public_spki(&self) -> Result<SpkiDer, KeyError> {
        let rsa = self.pkcs1_ref()?;
        spki_der_from_pkcs1_public(&rsa.public_key())
    }

    /// Fully decodes and validates the key for private operations (signing, decrypting).
    pub fn to_rsa(&self) -> Result<RsaPrivateKey, KeyError> {
        use pkcs8::DecodePrivateKey;
        RsaPrivateKey::from_pkcs8_der(&self.der).map_err(|e| KeyError::Invalid(e.to_string()))
    }

    /// `-----BEGIN PRIVATE KEY-----` (PKCS#8), what the decrypting Lambda and SSM expect.
    pub fn to_pkcs8_pem(&self) -> Result<PrivateKeyPem, KeyError> {
        let pem = der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, &self.der)
            .map_err(|e| KeyError::Encoding(e.to_string()))?;
        Ok(PrivateKeyPem::new_unchecked(Zeroizing::new(pem)))
    }

    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1), for tools that want the older form.
    ///
    /// It is the PKCS#8 key's inner `RSAPrivateKey`, taken as it is (DER is canonical, so
    /// decoding and re-encoding it would give the same bytes).
    pub fn to_pkcs1_pem(&self) -> Result<Pkcs1PrivateKeyPem, KeyError> {
        let pem = der::pem::encode_string("RSA PRIVATE KEY", der::pem::LineEnding::LF, self.pkcs1_der()?)
            .map_err(|e| KeyError::Encoding(e.to_string()))?;
        Ok(Pkcs1PrivateKeyPem::new_unchecked(Zeroizing::new(pem)))
    }
}

/// Bit length of a big-endian unsigned integer (leading zero bytes ignored).
pub(crate) fn modulus_bits(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|&b| b != 0) {
        Some(i) => bytes.get(i..).unwrap_or_default(),
        None => return 0,
    };
    let Some(first) = trimmed.first() else {
        return 0;
    };
    // Bits in the leading byte (1..=8) plus 8 per following byte; a slice held in memory is far
    // shorter than usize::MAX / 8 bytes, so saturation is never reached.
    let lead = 8u32.saturating_sub(first.leading_zeros());
    trimmed.len().saturating_sub(1).saturating_mul(8).saturating_add(lead as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_bits_counts_significant_bits() {
        assert_eq!(modulus_bits(&[]), 0);
        assert_eq!(modulus_bits(&[0, 0]), 0);
        assert_eq!(modulus_bits(&[0, 0x80, 0]), 16);
        assert_eq!(modulus_bits(&[0x01, 0xff]), 9);
    }

    #[test]
    fn a_key_rebuilt_from_its_layout_is_the_same_key_and_a_layout_that_does_not_fit_is_refused() {
        let key = PrivateKeyDer::from_rsa(&crate::keys::generate(KeySize::Rsa2048).unwrap()).unwrap();
        let layout = key.layout();
        let rebuilt = PrivateKeyDer::from_layout(Zeroizing::new(key.pkcs8_der().to_vec()), layout).unwrap();
        assert_eq!(rebuilt, key);
        assert_eq!(rebuilt.to_pkcs1_pem().unwrap().expose(), key.to_pkcs1_pem().unwrap().expose());
        let der = || Zeroizing::new(key.pkcs8_der().to_vec());
        let past_the_end = KeyLayout { pkcs1_end: layout.pkcs1_end.saturating_add(1), ..layout };
        let empty = KeyLayout { pkcs1_start: layout.pkcs1_end, ..layout };
        let odd_size = KeyLayout { bits: 1024, ..layout };
        for bad in [past_the_end, empty] {
            assert!(matches!(PrivateKeyDer::from_layout(der(), bad), Err(KeyError::Invalid(_))), "{bad:?}");
        }
        assert!(matches!(PrivateKeyDer::from_layout(der(), odd_size), Err(KeyError::UnsupportedSize(1024))));
    }

    #[test]
    fn rejects_garbage_and_non_rsa() {
        assert!(matches!(PrivateKeyDer::from_pkcs8_der(b"nope"), Err(KeyError::NotPkcs8(_))));
        // PKCS#8 for an Ed25519 key (RFC 8410 example).
        let ed25519 = [
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20, 0xd4, 0xee,
            0x72, 0xdb, 0xf9, 0x13, 0x58, 0x4a, 0xd5, 0xb6, 0xd8, 0xf1, 0xf7, 0x69, 0xf8, 0xad, 0x3a, 0xfe, 0x7c, 0x28,
            0xcb, 0xf1, 0xd4, 0xfb, 0xe0, 0x97, 0xa8, 0x8f, 0x44, 0x75, 0x58, 0x42,
        ];
        match PrivateKeyDer::from_pkcs8_der(&ed25519) {
            Err(KeyError::NotRsa(oid)) => assert_eq!(oid, "1.3.101.112"),
            other => panic!("{other:?}"),
        }
    }
}

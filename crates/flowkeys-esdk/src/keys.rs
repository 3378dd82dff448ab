//! Loading RSA keys from the files admins actually have.
//!
//! * Private keys: PKCS#8 (`BEGIN PRIVATE KEY`, what `openssl req -newkey` writes) or PKCS#1
//!   (`BEGIN RSA PRIVATE KEY`), PEM or DER. Encrypted keys are refused with instructions.
//! * Public keys: an X.509 certificate (what the Store customer input block takes), an SPKI
//!   public key (`BEGIN PUBLIC KEY`, what Connect registers) or PKCS#1 `BEGIN RSA PUBLIC KEY`.
//!
//! PEM parsing is tolerant of what copy/paste does to PEM: surrounding text, CRLF, indentation
//! and JSON-escaped `\n` sequences. Decoded private-key bytes are kept in `Zeroizing` buffers.

use der::{Decode, Encode};
use pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{PrivateKey, PublicKey};
use x509_cert::Certificate;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub use flowkeys_core::pem_blocks::PemBlock;
use flowkeys_core::pem_blocks::{self, PemProblem};

/// Extracts every PEM block from `text`, in order, with the engine's one PEM scanner
/// ([`flowkeys_core::pem_blocks`]).
///
/// The text may be a private key, so no plain copy of it is made: JSON-escaped line breaks are
/// undone into a wiped buffer (only when present), each block's body is gathered into a wiped
/// buffer sized exactly before it is filled, and the decoded bytes are wiped on drop. Linear in
/// the size of `text`, however many blocks it holds.
///
/// # Errors
/// [`Error::KeyFormat`] for a block without END line or with undecodable base64, and
/// [`Error::EncryptedPrivateKey`] for legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`).
pub fn pem_blocks(text: &str) -> Result<Vec<PemBlock>> {
    let blocks = pem_blocks::read_blocks(text).map_err(|problem| {
        Error::KeyFormat(match problem {
            PemProblem::Unterminated { label } => {
                format!("The PEM block BEGIN {label} has no matching END line; copy the whole file.")
            }
            PemProblem::MismatchedEnd { begin, end } => {
                format!("The PEM block BEGIN {begin} ends with END {end}; copy the whole file.")
            }
            PemProblem::BadBase64 { label } => format!("The PEM block BEGIN {label} does not contain valid base64."),
        })
    })?;
    if blocks.iter().any(PemBlock::is_legacy_encrypted) {
        return Err(Error::EncryptedPrivateKey);
    }
    Ok(blocks)
}

fn looks_like_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

/// Parses an RSA private key from PKCS#8 or PKCS#1 DER.
///
/// # Errors
/// [`Error::KeyFormat`] when neither structure parses or the key is not RSA.
pub fn private_key_from_der(der: &[u8]) -> Result<PrivateKey> {
    if let Ok(key) = PrivateKey::from_pkcs8_der(der) {
        return Ok(key);
    }
    if let Ok(key) = PrivateKey::from_pkcs1_der(der) {
        return Ok(key);
    }
    match pkcs8::PrivateKeyInfoRef::from_der(der) {
        Ok(info) => Err(Error::KeyFormat(format!(
            "The private key is not an RSA key (algorithm {}); Amazon Connect flow security keys are RSA.",
            info.algorithm.oid
        ))),
        Err(_) => Err(Error::KeyFormat(
            "The private key could not be read: it is neither PKCS#8 (BEGIN PRIVATE KEY) nor PKCS#1 (BEGIN RSA PRIVATE KEY).".into(),
        )),
    }
}

/// Loads an RSA private key from PEM text or DER bytes (PKCS#8 or PKCS#1).
///
/// # Errors
/// [`Error::KeyFormat`] / [`Error::EncryptedPrivateKey`] with an actionable sentence.
pub fn load_private_key(bytes: &[u8]) -> Result<PrivateKey> {
    if !looks_like_pem(bytes) {
        return private_key_from_der(bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::KeyFormat("The PEM file is not text.".into()))?;
    let blocks = pem_blocks(text)?;
    let mut labels = Vec::new();
    for block in &blocks {
        match block.label.as_str() {
            "PRIVATE KEY" | "RSA PRIVATE KEY" => return private_key_from_der(&block.der),
            "ENCRYPTED PRIVATE KEY" => return Err(Error::EncryptedPrivateKey),
            other => labels.push(format!("BEGIN {other}")),
        }
    }
    Err(Error::KeyFormat(format!(
        "No private key found (expected BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY; found {}). Load the private key file that was created together with the certificate.",
        if labels.is_empty() { "nothing".to_owned() } else { labels.join(", ") }
    )))
}

/// RSA public key from SPKI DER (`BEGIN PUBLIC KEY` contents).
///
/// # Errors
/// [`Error::KeyFormat`] when it is not an RSA SPKI.
pub fn public_key_from_spki_der(der: &[u8]) -> Result<PublicKey> {
    PublicKey::from_public_key_der(der).map_err(|e| {
        Error::KeyFormat(format!("The public key is not an RSA SubjectPublicKeyInfo (BEGIN PUBLIC KEY): {e}."))
    })
}

/// RSA public key from an X.509 certificate in DER.
///
/// # Errors
/// [`Error::KeyFormat`] when the certificate does not parse or its key is not RSA.
pub fn public_key_from_certificate_der(der: &[u8]) -> Result<PublicKey> {
    let cert = Certificate::from_der(der)
        .map_err(|e| Error::KeyFormat(format!("The certificate could not be read as X.509 DER: {e}.")))?;
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|e| Error::KeyFormat(format!("The certificate's public key could not be re-encoded: {e}.")))?;
    public_key_from_spki_der(&spki).map_err(|_| {
        Error::KeyFormat("The certificate does not hold an RSA public key; Amazon Connect needs RSA.".into())
    })
}

/// RSA public key from a certificate PEM (`BEGIN CERTIFICATE`).
///
/// # Errors
/// As [`load_public_key`].
pub fn public_key_from_certificate_pem(text: &str) -> Result<PublicKey> {
    expect_label(text, "CERTIFICATE").and_then(|der| public_key_from_certificate_der(&der))
}

/// The modulus size of an RSA public key in bits (2048, 3072, 4096, …), for callers that do not
/// depend on the `rsa` crate themselves.
#[must_use]
pub fn public_key_bits(key: &PublicKey) -> usize {
    use rsa::traits::PublicKeyParts;
    key.size().saturating_mul(8)
}

/// RSA public key from an SPKI PEM (`BEGIN PUBLIC KEY`).
///
/// # Errors
/// As [`load_public_key`].
pub fn public_key_from_spki_pem(text: &str) -> Result<PublicKey> {
    expect_label(text, "PUBLIC KEY").and_then(|der| public_key_from_spki_der(&der))
}

fn expect_label(text: &str, wanted: &str) -> Result<Zeroizing<Vec<u8>>> {
    let blocks = pem_blocks(text)?;
    let found: Vec<String> = blocks.iter().map(|b| format!("BEGIN {}", b.label)).collect();
    blocks.into_iter().find(|b| b.label == wanted).map(|b| b.der).ok_or_else(|| {
        Error::KeyFormat(format!(
            "Expected a PEM block BEGIN {wanted}, found {}.",
            if found.is_empty() { "none".to_owned() } else { found.join(", ") }
        ))
    })
}

/// Loads an RSA public key from a certificate, SPKI or PKCS#1 public key, PEM or DER.
///
/// # Errors
/// [`Error::KeyFormat`] with the labels that were found instead.
pub fn load_public_key(bytes: &[u8]) -> Result<PublicKey> {
    if !looks_like_pem(bytes) {
        return public_key_from_certificate_der(bytes).or_else(|_| public_key_from_spki_der(bytes)).map_err(|_| {
            Error::KeyFormat("The public key file is neither a PEM file nor a DER certificate or public key.".into())
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Error::KeyFormat("The PEM file is not text.".into()))?;
    let blocks = pem_blocks(text)?;
    let mut labels = Vec::new();
    for block in &blocks {
        match block.label.as_str() {
            "CERTIFICATE" => return public_key_from_certificate_der(&block.der),
            "PUBLIC KEY" => return public_key_from_spki_der(&block.der),
            "RSA PUBLIC KEY" => {
                return PublicKey::from_pkcs1_der(&block.der)
                    .map_err(|e| Error::KeyFormat(format!("The RSA PUBLIC KEY block could not be read: {e}.")))
            }
            other => labels.push(format!("BEGIN {other}")),
        }
    }
    Err(Error::KeyFormat(format!(
        "No certificate or public key found (expected BEGIN CERTIFICATE or BEGIN PUBLIC KEY; found {}).",
        if labels.is_empty() { "nothing".to_owned() } else { labels.join(", ") }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh RSA-2048 key as PKCS#8 PEM (made in the run: no key is committed).
    fn key_pem() -> String {
        use pkcs8::EncodePrivateKey;
        let key = PrivateKey::new(&mut getrandom::SysRng, 2048).unwrap();
        key.to_pkcs8_pem(pkcs8::LineEnding::LF).unwrap().to_string()
    }

    #[test]
    fn pem_blocks_are_read_without_plain_copies_and_print_redacted() {
        let key = key_pem();
        let blocks = pem_blocks(&key).unwrap();
        assert_eq!(blocks.len(), 1);
        let shown = format!("{:?}", blocks[0]);
        assert!(shown.starts_with("PemBlock(PRIVATE KEY, ") && shown.ends_with(" bytes, redacted)"), "{shown}");
        // JSON-escaped (as `aws ssm get-parameter` prints it) reads the same.
        let escaped = key.replace('\n', "\\n");
        assert_eq!(&pem_blocks(&escaped).unwrap()[0].der[..], &blocks[0].der[..]);
        let crlf = key.replace('\n', "\\r\\n");
        assert_eq!(&pem_blocks(&crlf).unwrap()[0].der[..], &blocks[0].der[..]);
    }

    #[test]
    fn a_keyring_prints_no_key_material() {
        let pem = key_pem();
        let key = load_private_key(pem.as_bytes()).unwrap();
        let keyring = crate::RawRsaKeyring::new("AmazonConnect", "key-id", crate::RsaPadding::OaepSha512, key);
        let shown = format!("{keyring:?}");
        assert!(shown.contains("modulus_bits") && shown.contains("key-id"), "{shown}");
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        for chunk in body.as_bytes().chunks(16) {
            assert!(!shown.contains(std::str::from_utf8(chunk).unwrap()), "{shown}");
        }
        assert!(!shown.to_lowercase().contains("primes") && !shown.contains(" d:"), "{shown}");
    }

    #[test]
    fn many_tiny_pem_blocks_are_read_in_linear_time() {
        let text = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n".repeat(40_000);
        let start = std::time::Instant::now();
        assert_eq!(pem_blocks(&text).unwrap().len(), 40_000);
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "{:?}", start.elapsed());
    }
}

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
use crate::input::decode_base64_lenient;

/// One PEM block: its label and decoded DER bytes.
pub struct PemBlock {
    /// The label between `BEGIN ` and `-----`.
    pub label: String,
    /// The decoded contents (zeroized on drop; may be a private key).
    pub der: Zeroizing<Vec<u8>>,
}

/// Extracts every PEM block from `text`, in order.
///
/// # Errors
/// [`Error::KeyFormat`] for a block without END line or with undecodable base64, and
/// [`Error::EncryptedPrivateKey`] for legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`).
pub fn pem_blocks(text: &str) -> Result<Vec<PemBlock>> {
    let text = text.replace("\\r\\n", "\n").replace("\\n", "\n");
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        // The BEGIN line may be preceded by other text on the same line (e.g. `key: "-----BEGIN`).
        let Some(label) = line
            .find("-----BEGIN ")
            .and_then(|at| line.get(at..))
            .and_then(|l| l.strip_prefix("-----BEGIN "))
            .and_then(|l| l.split_once("-----"))
            .map(|(label, _)| label)
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut closed = false;
        for inner in lines.by_ref() {
            if inner.starts_with(&end) {
                closed = true;
                break;
            }
            if inner.contains(':') {
                if inner.contains("ENCRYPTED") {
                    return Err(Error::EncryptedPrivateKey);
                }
                continue; // RFC 1421 header line
            }
            body.push_str(inner);
        }
        if !closed {
            return Err(Error::KeyFormat(format!("The PEM block BEGIN {label} has no matching END line; copy the whole file.")));
        }
        let der = decode_base64_lenient(&body).map_err(|e| {
            Error::KeyFormat(format!("The PEM block BEGIN {label} does not contain valid base64 ({e})"))
        })?;
        blocks.push(PemBlock { label: label.to_owned(), der: Zeroizing::new(der) });
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
    public_key_from_spki_der(&spki)
        .map_err(|_| Error::KeyFormat("The certificate does not hold an RSA public key; Amazon Connect needs RSA.".into()))
}

/// RSA public key from a certificate PEM (`BEGIN CERTIFICATE`).
///
/// # Errors
/// As [`load_public_key`].
pub fn public_key_from_certificate_pem(text: &str) -> Result<PublicKey> {
    expect_label(text, "CERTIFICATE").and_then(|der| public_key_from_certificate_der(&der))
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

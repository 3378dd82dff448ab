//! Key-less inspection: everything a message reveals without the private key.
//!
//! The header, EDK list, frame layout and footer are public by design; so is the ECDSA
//! signature's verification key, so signature validity is reported too (it shows whether the
//! message was altered after signing). Nothing here is authenticated by the header-auth tag —
//! that needs the data key — which the output says explicitly.

use serde::Serialize;

use crate::body::{self, FrameKind};
use crate::connect;
use crate::error::{hex, Result};
use crate::footer::{self, VerificationKey};
use crate::header::{ContentType, EncryptionContext, Header};
use crate::suite::{AlgorithmSuite, Kdf};

/// Suite summary for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuiteInfo {
    /// `"0x0378"`.
    pub id: String,
    /// SDK name.
    pub name: &'static str,
    /// AES key size in bits.
    pub key_bits: usize,
    /// Key derivation.
    pub kdf: Kdf,
    /// `"ECDSA P-384 / SHA-384"` or `None`.
    pub signature: Option<&'static str>,
    /// Key commitment (v2 suites).
    pub committing: bool,
}

impl From<&AlgorithmSuite> for SuiteInfo {
    fn from(s: &AlgorithmSuite) -> Self {
        SuiteInfo {
            id: s.id_hex(),
            name: s.name,
            key_bits: s.key_len.saturating_mul(8),
            kdf: s.kdf,
            signature: s.signature.map(|a| match a {
                crate::suite::SignatureAlgorithm::EcdsaP256Sha256 => "ECDSA P-256 / SHA-256",
                crate::suite::SignatureAlgorithm::EcdsaP384Sha384 => "ECDSA P-384 / SHA-384",
            }),
            committing: s.committing,
        }
    }
}

/// One encrypted data key, as shown to an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdkInfo {
    /// Provider id (`AmazonConnect` for Connect).
    pub provider_id: String,
    /// Provider info — the Key ID for Connect — as text, or `hex:…` when not UTF-8.
    pub key_info: String,
    /// Whether `key_info` is the literal UTF-8 text.
    pub key_info_is_text: bool,
    /// Wrapped data key length in bytes.
    pub wrapped_key_length: usize,
    /// RSA modulus size implied by the wrapped length (an RSA ciphertext is exactly as long as
    /// the modulus).
    pub rsa_modulus_bits: usize,
}

/// One body segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameInfo {
    /// Sequence number.
    pub sequence_number: u32,
    /// Regular / final / non-framed.
    pub kind: FrameKind,
    /// IV as stored.
    pub iv_hex: String,
    /// Content (plaintext) length.
    pub content_length: usize,
}

/// How the message's IVs were chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IvStyle {
    /// Zero header IV and sequence-number frame IVs (official SDKs, Flowkeys).
    Deterministic,
    /// Anything else (Amazon Connect writes random IVs).
    Random,
}

/// Footer signature status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureInfo {
    /// DER signature length.
    pub length: usize,
    /// Whether it verifies with the key in the encryption context.
    pub valid: bool,
    /// Why not, when it does not.
    pub problem: Option<String>,
}

/// Everything `inspect` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageInfo {
    /// Format version (1 or 2).
    pub version: u8,
    /// v1 type byte, `"0x80"`.
    pub message_type: Option<String>,
    /// Algorithm suite.
    pub suite: SuiteInfo,
    /// Message id, hex.
    pub message_id_hex: String,
    /// Stored encryption context.
    pub encryption_context: EncryptionContext,
    /// Encrypted data keys, in order.
    pub encrypted_data_keys: Vec<EdkInfo>,
    /// `framed` / `non-framed`.
    pub content_type: ContentType,
    /// Frame length (0 when non-framed).
    pub frame_length: u32,
    /// Number of body segments.
    pub frame_count: usize,
    /// Per-segment details.
    pub frames: Vec<FrameInfo>,
    /// Total plaintext length.
    pub plaintext_length: usize,
    /// Header length including header authentication.
    pub header_length: usize,
    /// v1 header-auth IV, hex (v2 has an implicit all-zero IV).
    pub header_auth_iv_hex: Option<String>,
    /// Header-auth tag, hex.
    pub header_auth_tag_hex: String,
    /// Deterministic (SDK) or random (Connect) IVs.
    pub iv_style: IvStyle,
    /// v2 key commitment, hex.
    pub key_commitment_hex: Option<String>,
    /// Footer signature, for signing suites.
    pub signature: Option<SignatureInfo>,
    /// Total message length in bytes.
    pub total_length: usize,
    /// Always false: header authenticity needs the data key (use decrypt).
    pub header_authenticated: bool,
    /// Differences from the message shape Amazon Connect produces (empty = Connect-shaped).
    pub connect_profile_differences: Vec<String>,
}

/// Inspects a binary message without any key.
///
/// # Errors
/// Any structural error (the same ones decrypt reports for the structure).
pub fn inspect(message: &[u8]) -> Result<MessageInfo> {
    let header = Header::parse(message)?;
    let parsed_body = body::parse(message, &header)?;
    let footer = footer::parse(message, parsed_body.end, &header)?;

    let signature = footer.map(|f| {
        let result = VerificationKey::from_header(&header).and_then(|key| match key {
            Some(key) => {
                let signed = message.get(..parsed_body.end).unwrap_or_default();
                key.verify(signed, f.signature)
            }
            None => Err(crate::error::Error::MissingSigningKey { suite: header.suite.id }),
        });
        SignatureInfo { length: f.signature.len(), valid: result.is_ok(), problem: result.err().map(|e| e.to_string()) }
    });

    let deterministic =
        header.auth.iv == [0; 12] && parsed_body.frames.iter().all(|f| f.iv == body::sequence_iv(f.sequence_number));

    let info = MessageInfo {
        version: header.version.byte(),
        message_type: header.message_type.map(|t| format!("0x{t:02x}")),
        suite: SuiteInfo::from(header.suite),
        message_id_hex: hex(&header.message_id),
        encryption_context: header.encryption_context.clone(),
        encrypted_data_keys: header
            .encrypted_data_keys
            .iter()
            .map(|edk| EdkInfo {
                provider_id: edk.provider_id_text(),
                key_info: edk.provider_info_text(),
                key_info_is_text: std::str::from_utf8(&edk.provider_info).is_ok(),
                wrapped_key_length: edk.ciphertext.len(),
                rsa_modulus_bits: edk.ciphertext.len().saturating_mul(8),
            })
            .collect(),
        content_type: header.content_type,
        frame_length: header.frame_length,
        frame_count: parsed_body.frames.len(),
        frames: parsed_body
            .frames
            .iter()
            .map(|f| FrameInfo {
                sequence_number: f.sequence_number,
                kind: f.kind,
                iv_hex: hex(&f.iv),
                content_length: f.ciphertext.len(),
            })
            .collect(),
        plaintext_length: parsed_body.content_len(),
        header_length: header.total_len,
        header_auth_iv_hex: header.message_type.map(|_| hex(&header.auth.iv)),
        header_auth_tag_hex: hex(&header.auth.tag),
        iv_style: if deterministic { IvStyle::Deterministic } else { IvStyle::Random },
        key_commitment_hex: header.suite_data.map(|d| hex(&d)),
        signature,
        total_length: message.len(),
        header_authenticated: false,
        connect_profile_differences: Vec::new(),
    };
    let differences = connect::profile_differences(&info);
    Ok(MessageInfo { connect_profile_differences: differences, ..info })
}

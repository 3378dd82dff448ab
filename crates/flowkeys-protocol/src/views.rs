//! What the page renders, as plain data: built from the engine's types in the worker, so the
//! page's module needs neither the message format nor the checklist code.

use crate::wire::{Bytes, SecretBytes};
use flowkeys_core::checklist::Checklist;
pub use flowkeys_core::checklist::{CheckId, Verdict};
use flowkeys_esdk::MessageInfo;
use serde::{Deserialize, Serialize};

/// One encrypted data key of a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataKeySummary {
    /// Provider id (`AmazonConnect`).
    pub provider_id: String,
    /// Provider info: the Key ID for Connect.
    pub key_info: String,
    /// Wrapped data key length in bytes.
    pub wrapped_key_length: usize,
    /// The RSA modulus size that length implies.
    pub rsa_modulus_bits: usize,
}

/// The footer signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureSummary {
    /// DER length.
    pub length: usize,
    /// Whether it verifies with the key in the encryption context.
    pub valid: bool,
    /// Why not.
    pub problem: Option<String>,
}

/// Everything a message shows without a key, as the inspector renders it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSummary {
    /// Format version.
    pub version: u8,
    /// `0x0378`.
    pub suite_id: String,
    /// The SDK's suite name.
    pub suite_name: String,
    /// Message id, hex.
    pub message_id_hex: String,
    /// Encryption context pairs.
    pub encryption_context: Vec<(String, String)>,
    /// Encrypted data keys, in order.
    pub data_keys: Vec<DataKeySummary>,
    /// `framed` or `non-framed`.
    pub content_type: String,
    /// Frame length.
    pub frame_length: u32,
    /// Content length of each body segment.
    pub frame_sizes: Vec<usize>,
    /// Total plaintext length.
    pub plaintext_length: usize,
    /// Random IVs (as Connect writes them) rather than the SDKs' deterministic ones.
    pub random_ivs: bool,
    /// The footer signature, for signing suites.
    pub signature: Option<SignatureSummary>,
    /// Message length in bytes.
    pub total_length: usize,
    /// How it differs from what Connect writes (empty: Connect-shaped).
    pub connect_profile_differences: Vec<String>,
}

impl From<&MessageInfo> for MessageSummary {
    fn from(i: &MessageInfo) -> MessageSummary {
        MessageSummary {
            version: i.version,
            suite_id: i.suite.id.clone(),
            suite_name: i.suite.name.to_owned(),
            message_id_hex: i.message_id_hex.clone(),
            encryption_context: i.encryption_context.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            data_keys: i
                .encrypted_data_keys
                .iter()
                .map(|e| DataKeySummary {
                    provider_id: e.provider_id.clone(),
                    key_info: e.key_info.clone(),
                    wrapped_key_length: e.wrapped_key_length,
                    rsa_modulus_bits: e.rsa_modulus_bits,
                })
                .collect(),
            content_type: match i.content_type {
                flowkeys_esdk::header::ContentType::Framed => "framed".to_owned(),
                flowkeys_esdk::header::ContentType::NonFramed => "non-framed".to_owned(),
            },
            frame_length: i.frame_length,
            frame_sizes: i.frames.iter().map(|f| f.content_length).collect(),
            plaintext_length: i.plaintext_length,
            random_ivs: i.iv_style == flowkeys_esdk::inspect::IvStyle::Random,
            signature: i.signature.as_ref().map(|s| SignatureSummary {
                length: s.length,
                valid: s.valid,
                problem: s.problem.clone(),
            }),
            total_length: i.total_length,
            connect_profile_differences: i.connect_profile_differences.clone(),
        }
    }
}

/// The overall answer, including what the engine's checklist alone cannot say: a key set that
/// lacks a piece the set-up needs is `Incomplete`, not "ready" (see [`crate::readiness`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadinessView {
    /// Every line passes.
    Ready,
    /// Nothing fails, something warns.
    ReadyWithWarnings,
    /// A piece is missing (e.g. the private key for an imported certificate).
    Incomplete,
    /// At least one line fails.
    NotReady,
}

impl ReadinessView {
    /// The name the page puts in `data-readiness`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadinessView::Ready => "ready",
            ReadinessView::ReadyWithWarnings => "ready-with-warnings",
            ReadinessView::Incomplete => "incomplete",
            ReadinessView::NotReady => "not-ready",
        }
    }
}

/// One checklist line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckLineView {
    /// Which question.
    pub key: CheckId,
    /// Its title.
    pub title: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The answer in plain language.
    pub text: String,
    /// Facts side by side.
    pub details: Vec<(String, String)>,
}

/// A checklist as the page renders it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistView {
    /// The one-line answer.
    pub headline: String,
    /// The overall answer.
    pub readiness: ReadinessView,
    /// The lines, in order.
    pub lines: Vec<CheckLineView>,
}

impl ChecklistView {
    /// The view of a checklist for a complete key set (see [`crate::readiness::verdict`] for
    /// key sets that lack a piece).
    pub fn of(c: &Checklist) -> ChecklistView {
        let (readiness, headline) = crate::readiness::verdict(c, flowkeys_core::import::Completeness::Complete);
        ChecklistView { headline, readiness, lines: lines(c) }
    }
}

pub(crate) fn lines(c: &Checklist) -> Vec<CheckLineView> {
    c.lines
        .iter()
        .map(|l| CheckLineView {
            key: l.id,
            title: l.id.title().to_owned(),
            verdict: l.verdict,
            text: l.text.clone(),
            details: l.details.clone(),
        })
        .collect()
}

/// What one input turned out to be.
///
/// Externally tagged (serde's default): an internally tagged enum is read through a buffered
/// copy of the whole value, whose reader cost the page's module 9 KB (raw) for this one type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputOutcomeView {
    /// Read.
    Read {
        /// What it holds.
        description: String,
        /// One line per piece, when there are several.
        items: Vec<String>,
        /// Things to know.
        warnings: Vec<String>,
    },
    /// Encrypted: ask for its password.
    NeedsPassword {
        /// What is encrypted.
        what: String,
    },
    /// The password given does not open it.
    WrongPassword {
        /// The sentence to show.
        message: String,
    },
    /// Not imported.
    Failed {
        /// The sentence to show.
        message: String,
    },
}

/// One input's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputReport {
    /// The input's name (a pasted block is "pasted text, block N").
    pub name: String,
    /// What happened.
    pub outcome: InputOutcomeView,
}

/// A key set an import found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedSet {
    /// Its label.
    pub label: String,
    /// What it has, in words.
    pub completeness: String,
    /// A certificate without its private key.
    pub certificate_only: bool,
    /// Its checklist.
    pub checklist: Option<ChecklistView>,
    /// Whether the console can use it as is (complete, and nothing on the checklist fails).
    pub usable: bool,
    /// Its private key, PKCS#8 DER.
    pub private_key: Option<SecretBytes>,
    /// What the worker's reading of the private key found, so the page need not decode it.
    pub key_layout: Option<flowkeys_core::keys::KeyLayout>,
    /// Its certificate, DER.
    pub certificate: Option<Bytes>,
    /// Its certificate read by the worker, so that the page carries no X.509 parser.
    pub summary: Option<flowkeys_core::CertificateSummary>,
    /// Every field of its certificate, for the page's "Full certificate detail".
    pub detail: Option<flowkeys_core::CertificateDetail>,
}

impl ImportedSet {
    /// Its private key, rebuilt from the worker's reading of it
    /// ([`flowkeys_core::PrivateKeyDer::from_layout`]).
    pub fn key(&self) -> Option<flowkeys_core::PrivateKeyDer> {
        let der = self.private_key.as_ref()?;
        flowkeys_core::PrivateKeyDer::from_layout(der.0.clone(), self.key_layout?).ok()
    }

    /// The key set the console can use, when the worker found one ([`ImportedSet::usable`]).
    pub fn usable_key_set(&self) -> Option<flowkeys_core::KeySet> {
        if !self.usable {
            return None;
        }
        let (key, certificate, summary) = (self.key()?, self.certificate.as_ref()?, self.summary.clone()?);
        Some(flowkeys_core::KeySet::from_checked_parts(key, certificate.0.clone(), summary))
    }
}

/// `value` with `decimals` digits after the point (at most 3), for the timings the page shows.
///
/// The page module does not carry core's fixed-precision float formatter for this (`{:.2}`
/// pulls in about 5 KB of code, and the first load is within a few KB of its budget): the value
/// is scaled, rounded half away from zero, then printed as integers. Values at or near a tie
/// can come out one unit apart from `{:.N}`, which rounds the exact binary value (scaling can
/// land `1001.15` on exactly `10011.5`); for milliseconds that does not matter. Not finite,
/// negative or too large values print as `0` or the largest value.
pub fn fixed(value: f64, decimals: u8) -> String {
    let decimals = decimals.min(3);
    let scale = 10_u32.pow(u32::from(decimals));
    // `as` saturates: NaN and negatives become 0, and huge values the largest u64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let scaled = (value * f64::from(scale)).round() as u64;
    let scale = u64::from(scale);
    // `scale` is at least 1, so neither is ever `None`.
    let (whole, fraction) = (scaled.checked_div(scale).unwrap_or(0), scaled.checked_rem(scale).unwrap_or(0));
    if decimals == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{fraction:0width$}", width = usize::from(decimals))
    }
}

#[cfg(test)]
mod fixed_tests {
    use super::fixed;

    /// Values away from a tie (see the function's documentation).
    #[test]
    fn prints_like_fixed_precision_formatting() {
        for (value, decimals) in [(0.0, 0), (1234.5678, 2), (0.05, 1), (12.0, 1), (999.96, 1), (7.004, 2), (68.4, 0)] {
            assert_eq!(fixed(value, decimals), format!("{value:.*}", usize::from(decimals)), "{value} {decimals}");
        }
    }

    #[test]
    fn odd_values_do_not_panic() {
        assert_eq!(fixed(f64::NAN, 2), "0.00");
        assert_eq!(fixed(-3.0, 1), "0.0");
        assert_eq!(fixed(f64::INFINITY, 0), u64::MAX.to_string());
        assert_eq!(fixed(1.5, 9), "1.500");
    }
}

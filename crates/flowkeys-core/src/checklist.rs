//! "Ready for Connect?": a checklist for one key set, a verdict per line in plain language.
//!
//! Each line answers one question an admin would otherwise settle with OpenSSL by hand, and
//! every failure says what to do. The overall answer is "not ready" if any line fails.

use crate::cert::{verify_signed_by, SignatureCheck};
use crate::fingerprint::Sha256Fingerprint;
use crate::import::{Completeness, ImportedCertificate, ImportedKeySet};
use crate::pem::{PublicKeyPem, CONNECT_PUBLIC_KEY_LIMIT};
use crate::time::UnixTime;
use crate::KeySize;
use core::fmt;
use std::collections::HashMap;

/// Most candidate issuers whose key is tried against one certificate's signature. Real chains
/// have one issuer per name (two during a CA's key rollover); the cap keeps a file of a thousand
/// same-named certificates from costing a million signature checks.
pub const MAX_ISSUER_CANDIDATES: usize = 4;

/// Most foreign certificates named in one "does not match" message.
const MAX_NAMED_CERTIFICATES: usize = 3;

/// Imported certificates indexed by Subject Key Identifier and by subject name, built once per
/// import ([`crate::Import`] keeps one), so finding a certificate's issuer costs at most
/// [`MAX_ISSUER_CANDIDATES`] signature checks instead of one per imported certificate.
#[derive(Clone, Debug, Default)]
pub struct IssuerIndex {
    by_key_id: HashMap<Vec<u8>, Vec<usize>>,
    by_subject: HashMap<String, Vec<usize>>,
}

impl IssuerIndex {
    /// Indexes `known` (positions refer to this slice; pass the same one to the checks).
    pub fn new(known: &[&ImportedCertificate]) -> IssuerIndex {
        let mut index = IssuerIndex::default();
        for (i, cert) in known.iter().enumerate() {
            if let Some(ski) = cert.subject_key_id() {
                index.by_key_id.entry(ski.to_vec()).or_default().push(i);
            }
            index.by_subject.entry(cert.summary().subject.clone()).or_default().push(i);
        }
        index
    }

    /// Certificates that may have issued `cert`: those whose SKI equals its AKI when it has
    /// one that matches, else those whose subject is its issuer name; never itself, at most
    /// [`MAX_ISSUER_CANDIDATES`].
    fn candidates<'a>(
        &self,
        cert: &ImportedCertificate,
        known: &[&'a ImportedCertificate],
    ) -> Vec<&'a ImportedCertificate> {
        let issuer = &cert.summary().issuer;
        let by_key = cert.authority_key_id().and_then(|aki| self.by_key_id.get(aki));
        let positions = by_key.or_else(|| self.by_subject.get(issuer)).map(Vec::as_slice).unwrap_or_default();
        positions
            .iter()
            .filter_map(|&i| known.get(i).copied())
            .filter(|c| c.der() != cert.der() && &c.summary().subject == issuer)
            .take(MAX_ISSUER_CANDIDATES)
            .collect()
    }
}

/// Below this many days left, the validity line warns.
pub const EXPIRY_WARNING_DAYS: u32 = 60;

/// A line's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Fine.
    Pass,
    /// Works, but look at it (or: could not be checked with what was imported).
    Warn,
    /// Connect or the decrypting Lambda would not work.
    Fail,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warning",
            Verdict::Fail => "fail",
        })
    }
}

/// Which question a line answers (stable keys for the UI and for JSON: `key-pair`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    /// Private key, certificate and public key are one key pair.
    KeyPair,
    /// The certificate is signed by its own key.
    SelfSigned,
    /// RSA, 2048–4096 bits.
    KeySize,
    /// Public key PEM within Connect's 1024 characters.
    PublicKeyLength,
    /// Inside the validity period, and not about to leave it.
    Validity,
    /// SHA-256 or stronger.
    SignatureAlgorithm,
    /// The private key really works (RSA-OAEP-SHA512 round trip).
    PrivateKeyWorks,
}

impl CheckId {
    /// The name the console puts in `data-check` (the variant's name, kept stable for links
    /// and tests).
    pub const fn name(self) -> &'static str {
        match self {
            CheckId::KeyPair => "KeyPair",
            CheckId::SelfSigned => "SelfSigned",
            CheckId::KeySize => "KeySize",
            CheckId::PublicKeyLength => "PublicKeyLength",
            CheckId::Validity => "Validity",
            CheckId::SignatureAlgorithm => "SignatureAlgorithm",
            CheckId::PrivateKeyWorks => "PrivateKeyWorks",
        }
    }

    /// The line's title.
    pub const fn title(self) -> &'static str {
        match self {
            CheckId::KeyPair => "Private key, certificate and public key match",
            CheckId::SelfSigned => "Certificate is self-signed by this key",
            CheckId::KeySize => "RSA key of a size Connect accepts",
            CheckId::PublicKeyLength => "Public key fits Connect's 1024-character limit",
            CheckId::Validity => "Certificate is valid now",
            CheckId::SignatureAlgorithm => "Certificate signature algorithm is strong",
            CheckId::PrivateKeyWorks => "Private key decrypts what its public key encrypts",
        }
    }
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CheckLine {
    /// Which question.
    pub id: CheckId,
    /// The verdict.
    pub verdict: Verdict,
    /// The answer in plain language, with what to do when it is not a pass.
    pub text: String,
    /// Facts shown side by side (label, value), e.g. the three public-key fingerprints.
    pub details: Vec<(String, String)>,
}

/// The overall answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Readiness {
    /// Every line passes.
    Ready,
    /// Nothing fails, something warns.
    ReadyWithWarnings,
    /// At least one line fails.
    NotReady,
}

/// The checklist for one key set.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Checklist {
    /// The lines, in a fixed order.
    pub lines: Vec<CheckLine>,
    /// The overall answer.
    pub readiness: Readiness,
}

impl Checklist {
    /// "Ready for Connect", "Ready for Connect, with N warning(s)" or "Not ready for Connect: N problem(s)".
    pub fn headline(&self) -> String {
        let count = |v| self.lines.iter().filter(|l| l.verdict == v).count();
        match self.readiness {
            Readiness::Ready => "Ready for Connect".to_owned(),
            Readiness::ReadyWithWarnings => format!("Ready for Connect, with {} warning(s)", count(Verdict::Warn)),
            Readiness::NotReady => {
                format!("Not ready for Connect: {} problem(s)", count(Verdict::Fail))
            }
        }
    }

    /// The line for `id`.
    pub fn line(&self, id: CheckId) -> Option<&CheckLine> {
        self.lines.iter().find(|l| l.id == id)
    }
}

fn line(id: CheckId, verdict: Verdict, text: impl Into<String>) -> CheckLine {
    CheckLine { id, verdict, text: text.into(), details: Vec::new() }
}

/// Checks `set` at `now`. `known` lists every imported certificate (from all key sets), used
/// to find mismatched partners and the issuer of a CA-signed certificate.
///
/// Does one RSA private-key operation (the OAEP round trip) when a private key is present:
/// tens of milliseconds in wasm for 4096 bits, so run it off the main thread with the rest.
///
/// Indexes `known` for the issuer search on every call; to check many key sets of one import,
/// build one [`IssuerIndex`] and use [`check_indexed`] (as [`crate::Import::checklist`] does).
pub fn check(set: &ImportedKeySet, now: UnixTime, known: &[&ImportedCertificate]) -> Checklist {
    check_indexed(set, now, known, &IssuerIndex::new(known))
}

/// [`check`] with an [`IssuerIndex`] built once over `known`. Costs at most
/// 1 + [`MAX_ISSUER_CANDIDATES`] signature checks and one RSA round trip, whatever the number
/// of imported certificates.
pub fn check_indexed(
    set: &ImportedKeySet,
    now: UnixTime,
    known: &[&ImportedCertificate],
    issuers: &IssuerIndex,
) -> Checklist {
    let lines = vec![
        key_pair(set, known),
        self_signed(set, known, issuers),
        key_size(set),
        public_key_length(set),
        validity(set, now),
        signature_algorithm(set),
        private_key_works(set),
    ];
    let readiness = if lines.iter().any(|l| l.verdict == Verdict::Fail) {
        Readiness::NotReady
    } else if lines.iter().any(|l| l.verdict == Verdict::Warn) {
        Readiness::ReadyWithWarnings
    } else {
        Readiness::Ready
    };
    Checklist { lines, readiness }
}

fn key_pair(set: &ImportedKeySet, known: &[&ImportedCertificate]) -> CheckLine {
    let own = set.public_key_sha256().to_string();
    let mut details = Vec::new();
    if let Some(k) = &set.private_key {
        details.push((
            format!("Private key ({})", k.source),
            Sha256Fingerprint::of(k.public_spki().as_bytes()).to_string(),
        ));
    }
    for c in &set.certificates {
        details.push((format!("Certificate {} ({})", c.summary().subject, c.source), own.clone()));
    }
    for p in &set.public_keys {
        details.push((format!("Public key ({})", p.source), own.clone()));
    }
    let foreign: Vec<&&ImportedCertificate> =
        known.iter().filter(|c| !set.certificates.iter().any(|own| own.der() == c.der())).collect();
    let foreign_text = |what: &str| -> String {
        let mut list = foreign
            .iter()
            .take(MAX_NAMED_CERTIFICATES)
            .map(|c| {
                format!("{} from {} has public key {}", c.summary().subject, c.source, c.summary().public_key_sha256)
            })
            .collect::<Vec<_>>()
            .join("; ");
        let unnamed = foreign.len().saturating_sub(MAX_NAMED_CERTIFICATES);
        if unnamed > 0 {
            list.push_str(&format!("; and {unnamed} more"));
        }
        format!("{what} The imported certificate(s) belong to other key pairs ({list}); this key's public key is {own}. Connect would encrypt to a key this private key cannot decrypt.")
    };
    let mut result = match set.completeness() {
        Completeness::Complete => {
            let extra = if set.duplicate_private_keys.is_empty() {
                String::new()
            } else {
                format!(" The same private key was also found in {} other place(s).", set.duplicate_private_keys.len())
            };
            line(
                CheckId::KeyPair,
                Verdict::Pass,
                format!("The private key and the certificate carry the same public key, so they are one key pair.{extra}"),
            )
        }
        Completeness::PrivateKeyOnly if !foreign.is_empty() => {
            line(CheckId::KeyPair, Verdict::Fail, foreign_text("No imported certificate matches this private key."))
        }
        Completeness::PrivateKeyOnly => line(
            CheckId::KeyPair,
            Verdict::Fail,
            "There is no certificate for this private key. The Store customer input block needs one: make a self-signed certificate for this key (re-issue), or import the certificate that goes with it.",
        ),
        Completeness::CertificateWithoutPrivateKey => line(
            CheckId::KeyPair,
            Verdict::Warn,
            "No private key was imported for this certificate. Connect can use it, but the decrypting Lambda needs the matching private key: import it here to confirm they match.",
        ),
        Completeness::PublicKeyOnly => line(
            CheckId::KeyPair,
            Verdict::Fail,
            "Only a public key was imported. Connect can register it, but the Store customer input block also needs its certificate, and decrypting needs its private key. Import them, or generate a new key set.",
        ),
    };
    result.details = details;
    result
}

/// The issuer of `cert` among `known`, if one of its few candidates' key verifies the signature.
fn find_issuer<'a>(
    cert: &ImportedCertificate,
    known: &[&'a ImportedCertificate],
    issuers: &IssuerIndex,
) -> Option<&'a ImportedCertificate> {
    issuers.candidates(cert, known).into_iter().find(|candidate| {
        verify_signed_by(cert.der(), candidate.summary().spki.as_bytes()).ok() == Some(SignatureCheck::Valid)
    })
}

fn self_signed(set: &ImportedKeySet, known: &[&ImportedCertificate], issuers: &IssuerIndex) -> CheckLine {
    let Some(cert) = set.certificate() else {
        return line(CheckId::SelfSigned, Verdict::Warn, "Not checked: there is no certificate.");
    };
    match verify_signed_by(cert.der(), set.spki().as_bytes()) {
        Ok(SignatureCheck::Valid) => line(
            CheckId::SelfSigned,
            Verdict::Pass,
            "The certificate's signature verifies under its own public key: the check Connect makes with the key you register.",
        ),
        Ok(SignatureCheck::Invalid) => {
            let by = match find_issuer(cert, known, issuers) {
                Some(issuer) => format!("It was issued by {} (imported from {}).", issuer.summary().subject, issuer.source),
                None => format!("Its issuer is {}.", cert.summary().issuer),
            };
            line(
                CheckId::SelfSigned,
                Verdict::Fail,
                format!("The certificate was signed by another key, not by this key pair. {by} Connect verifies the certificate with the public key you register, so a CA-issued certificate does not fit. Re-issue a self-signed certificate for this key (same subject, new validity) and use that in the Store customer input block."),
            )
        }
        Ok(SignatureCheck::UnsupportedAlgorithm(alg)) => line(
            CheckId::SelfSigned,
            Verdict::Warn,
            format!("Could not check: the certificate is signed with {}, which this console does not verify. Re-issue it with SHA-256 to be sure.", crate::cert::signature_algorithm_name(&alg.parse().unwrap_or(const_oid::db::rfc5912::RSA_ENCRYPTION))),
        ),
        Err(e) => line(CheckId::SelfSigned, Verdict::Fail, format!("Could not check the signature: {e}")),
    }
}

fn key_size(set: &ImportedKeySet) -> CheckLine {
    let bits = set.bits();
    if KeySize::from_bits(bits).is_some() {
        line(CheckId::KeySize, Verdict::Pass, format!("RSA, {bits} bits."))
    } else if (2048..=4096).contains(&bits) {
        line(
            CheckId::KeySize,
            Verdict::Warn,
            format!("RSA, {bits} bits: an unusual size. Connect's documentation and this console use 2048, 3072 or 4096 bits; prefer one of those."),
        )
    } else if bits < 2048 {
        line(
            CheckId::KeySize,
            Verdict::Fail,
            format!("RSA, {bits} bits: too weak. Generate a new key set of 2048, 3072 or 4096 bits."),
        )
    } else {
        line(
            CheckId::KeySize,
            Verdict::Fail,
            format!("RSA, {bits} bits: too large for Connect, whose public key field holds at most 1024 characters. Generate a new key set of 2048, 3072 or 4096 bits."),
        )
    }
}

fn public_key_length(set: &ImportedKeySet) -> CheckLine {
    match PublicKeyPem::from_der(set.spki().as_bytes()) {
        Ok(pem) if pem.fits_connect() => line(
            CheckId::PublicKeyLength,
            Verdict::Pass,
            format!("The public key PEM is {} characters; Connect accepts up to {CONNECT_PUBLIC_KEY_LIMIT}.", pem.char_len()),
        ),
        Ok(pem) => line(
            CheckId::PublicKeyLength,
            Verdict::Fail,
            format!("The public key PEM is {} characters; Connect accepts at most {CONNECT_PUBLIC_KEY_LIMIT}. Use a key of 4096 bits or fewer.", pem.char_len()),
        ),
        Err(e) => line(CheckId::PublicKeyLength, Verdict::Fail, format!("The public key could not be encoded: {e}.")),
    }
}

fn validity(set: &ImportedKeySet, now: UnixTime) -> CheckLine {
    let Some(cert) = set.certificate() else {
        return line(CheckId::Validity, Verdict::Warn, "Not checked: there is no certificate.");
    };
    let s = cert.summary();
    let mut l = if now < s.not_before {
        line(
            CheckId::Validity,
            Verdict::Fail,
            format!("Not valid yet: the certificate starts on {} (in {} day(s)). Check the computer's clock that made it, or re-issue it.", s.not_before, now.days_until(s.not_before).max(0)),
        )
    } else if now > s.not_after {
        line(
            CheckId::Validity,
            Verdict::Fail,
            format!("Expired on {} ({} day(s) ago). Re-issue a certificate for this key, or rotate to a new key set: add the new key in Connect, switch the flows, then remove the old key.", s.not_after, s.not_after.days_until(now).max(0)),
        )
    } else {
        let days = s.days_remaining(now);
        if days < i64::from(EXPIRY_WARNING_DAYS) {
            line(
                CheckId::Validity,
                Verdict::Warn,
                format!("Expires on {} — {days} day(s) left. Plan the rotation now: add the new key in Connect, switch the flows, then remove the old key (Connect holds two keys at a time).", s.not_after),
            )
        } else {
            line(CheckId::Validity, Verdict::Pass, format!("Valid until {} ({days} days left).", s.not_after))
        }
    };
    l.details = vec![("Not before".into(), s.not_before.to_string()), ("Not after".into(), s.not_after.to_string())];
    l
}

fn signature_algorithm(set: &ImportedKeySet) -> CheckLine {
    let Some(cert) = set.certificate() else {
        return line(CheckId::SignatureAlgorithm, Verdict::Warn, "Not checked: there is no certificate.");
    };
    let alg = cert.summary().signature_algorithm.as_str();
    match alg {
        "sha256WithRSAEncryption" | "sha384WithRSAEncryption" | "sha512WithRSAEncryption" => {
            line(CheckId::SignatureAlgorithm, Verdict::Pass, format!("{alg}."))
        }
        "sha1WithRSAEncryption" | "sha224WithRSAEncryption" => line(
            CheckId::SignatureAlgorithm,
            Verdict::Warn,
            format!("{alg}: a weak hash that strict tools reject. Re-issue the certificate (SHA-256) for this key."),
        ),
        "md5WithRSAEncryption" => line(
            CheckId::SignatureAlgorithm,
            Verdict::Fail,
            "md5WithRSAEncryption: MD5 is broken and widely rejected. Re-issue the certificate (SHA-256) for this key.",
        ),
        other => line(
            CheckId::SignatureAlgorithm,
            Verdict::Warn,
            format!(
                "{other}: not the usual RSA PKCS#1 v1.5 with SHA-256. Re-issue the certificate (SHA-256) to be safe."
            ),
        ),
    }
}

fn private_key_works(set: &ImportedKeySet) -> CheckLine {
    let Some(key) = &set.private_key else {
        return line(CheckId::PrivateKeyWorks, Verdict::Warn, "Not checked: there is no private key.");
    };
    // OAEP with SHA-512 spends 2·64+2 bytes on padding: smaller moduli cannot wrap anything.
    if key.bits() < (2 * 64 + 2 + 1) * 8 {
        return line(
            CheckId::PrivateKeyWorks,
            Verdict::Fail,
            format!("A {}-bit key is too small for RSA-OAEP with SHA-512, the wrapping Connect uses: it cannot hold even one byte. Generate a new key set of 2048, 3072 or 4096 bits.", key.bits()),
        );
    }
    if key.bits() > rsa::PublicKey::MAX_SIZE {
        return line(
            CheckId::PrivateKeyWorks,
            Verdict::Fail,
            format!(
                "Not checked: {}-bit keys are larger than this console handles (and than Connect accepts).",
                key.bits()
            ),
        );
    }
    match round_trip(key) {
        Ok(()) => line(
            CheckId::PrivateKeyWorks,
            Verdict::Pass,
            "An RSA-OAEP (SHA-512) round trip, the wrapping Connect uses, recovered its input: the private key is intact.",
        ),
        Err(why) => line(
            CheckId::PrivateKeyWorks,
            Verdict::Fail,
            format!("The private key is damaged: {why}. Restore it from a backup or generate a new key set."),
        ),
    }
}

fn round_trip(key: &crate::import::ImportedPrivateKey) -> Result<(), String> {
    let rsa = key.to_rsa().map_err(|e| e.to_string())?;
    crate::keys::oaep_round_trip(&rsa).map_err(|e| e.to_string())
}

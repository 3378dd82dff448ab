//! Bring your own keys: reading whatever key material an admin already has.
//!
//! Give [`import`] any number of [`ImportInput`]s (a file name and its bytes, or pasted text,
//! each with an optional password). Every input is recognised on its own (PEM blocks in any
//! mix, DER, encrypted PKCS#8, PKCS#12) and reported in words; the pieces are then grouped
//! into [`ImportedKeySet`]s by public key, whatever order or file they came in.
//!
//! Each input is all-or-nothing: if one block of a PEM bundle is damaged, nothing from that
//! input is used and the error names the input. An input that is encrypted and has no
//! password yet is not an error but [`InputOutcome::NeedsPassword`]: ask, then import again.
//! [`import`] is a pure function of its inputs, so a caller replaces its state with the
//! returned [`Import`] in one step and never holds half an import.

mod detect;
mod group;

pub use group::{Completeness, ImportedKeySet};

use crate::cert::CertificateSummary;
use crate::fingerprint::Sha256Fingerprint;
use crate::keys::{KeyError, PrivateKeyDer, SpkiDer};
use crate::pbe::PasswordScheme;
use core::fmt;
use zeroize::Zeroizing;

/// Largest file read, in bytes (2 MiB). Key files are a few kilobytes and a full CA bundle a
/// few hundred; anything bigger is the wrong file, and reading it would only cost time.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Largest pasted text read, in bytes (1 MiB).
pub const MAX_PASTE_BYTES: usize = 1024 * 1024;

/// Largest plain bundle read back ([`ImportInput::plain_bundle`]), in bytes (6 MiB). The bundle
/// is this engine's PEM of an input it already read within [`MAX_FILE_BYTES`]: base64 and PEM
/// armour make DER up to about 1.7 times larger (a file of small certificates), so a limit of
/// three times the file limit never refuses what was read before.
pub const MAX_PLAIN_BUNDLE_BYTES: usize = 3 * MAX_FILE_BYTES;

/// Most certificates one import holds, over all its inputs. Each certificate can cost a
/// signature check in every checklist, so the count an attacker controls is capped; a CA
/// bundle of a few hundred fits.
pub const MAX_CERTIFICATES: usize = 1000;

/// One thing to import: a file, or text pasted into the console.
#[derive(Clone)]
pub struct ImportInput {
    name: String,
    bytes: Zeroizing<Vec<u8>>,
    password: Option<Zeroizing<String>>,
    origin: Origin,
}

/// Where an input's bytes come from; each origin has its own size limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// A file the admin chose or dropped ([`MAX_FILE_BYTES`]).
    File,
    /// Text pasted into the console ([`MAX_PASTE_BYTES`]).
    Pasted,
    /// The plain bundle of an input read before ([`MAX_PLAIN_BUNDLE_BYTES`]).
    PlainBundle,
}

impl fmt::Debug for ImportInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImportInput({:?}, {} bytes, password {})", self.name, self.bytes.len(), self.password.is_some())
    }
}

impl ImportInput {
    /// A file: its name (shown in every message about it) and contents. The bytes may hold a
    /// private key, so they are wiped when the input is dropped.
    pub fn file(name: impl Into<String>, bytes: Vec<u8>) -> ImportInput {
        ImportInput { name: name.into(), bytes: Zeroizing::new(bytes), password: None, origin: Origin::File }
    }

    /// Text pasted into the console, named "pasted text".
    pub fn pasted(text: &str) -> ImportInput {
        ImportInput { origin: Origin::Pasted, ..ImportInput::file("pasted text", text.as_bytes().to_vec()) }
    }

    /// The plain bundle ([`Import::plain_pem`]) of an input read before, under that input's
    /// name: how the console regroups inputs it read one by one without deriving anything again.
    /// PEM is larger than the DER it was read from, so its size limit is
    /// [`MAX_PLAIN_BUNDLE_BYTES`], not the file limit.
    pub fn plain_bundle(name: impl Into<String>, pem: Vec<u8>) -> ImportInput {
        ImportInput { origin: Origin::PlainBundle, ..ImportInput::file(name, pem) }
    }

    /// The size check for this input's origin: `None` when it may be read.
    pub(crate) fn too_large(&self) -> Option<ImportError> {
        let (input, size) = (self.name.clone(), self.bytes.len());
        match self.origin {
            Origin::Pasted if size > MAX_PASTE_BYTES => {
                Some(ImportError::PasteTooLarge { input, size, limit: MAX_PASTE_BYTES })
            }
            Origin::File if size > MAX_FILE_BYTES => {
                Some(ImportError::FileTooLarge { input, size, limit: MAX_FILE_BYTES })
            }
            Origin::PlainBundle if size > MAX_PLAIN_BUNDLE_BYTES => {
                Some(ImportError::FileTooLarge { input, size, limit: MAX_PLAIN_BUNDLE_BYTES })
            }
            _ => None,
        }
    }

    /// The password for this input (encrypted PKCS#8 or PKCS#12). An empty string is a real,
    /// empty password; without this call, a PKCS#12 file is still tried with the empty password.
    pub fn with_password(mut self, password: &str) -> ImportInput {
        self.password = Some(Zeroizing::new(password.to_owned()));
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn password(&self) -> Option<&str> {
        self.password.as_deref().map(String::as_str)
    }
}

/// Why an input could not be imported. Every message names the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Nothing in it.
    #[error("“{input}” is empty. Choose the file again or paste the key or certificate text.")]
    Empty {
        /// The input's name.
        input: String,
    },
    /// A file larger than [`MAX_FILE_BYTES`]: not read at all.
    #[error("“{input}” is {size} bytes, more than the {limit} bytes a file may have here, so it was not read. Key, certificate and .p12 files are a few kilobytes: choose the key material itself rather than an archive, a log or a whole bundle.")]
    FileTooLarge {
        /// The input's name.
        input: String,
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Pasted text longer than [`MAX_PASTE_BYTES`]: not read at all.
    #[error("The pasted text is {size} bytes, more than the {limit} bytes a paste may have here, so it was not read. Paste only the PEM blocks you need (a key or certificate is a few kilobytes), or choose the file instead.")]
    PasteTooLarge {
        /// The input's name.
        input: String,
        /// Its size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The import would hold more than [`MAX_CERTIFICATES`] certificates.
    #[error("“{input}” holds {count} certificates, which would take this import past the {limit} certificates it may hold, so none of them was used. Import only the certificates that belong to your key (a self-signed certificate is one), not a whole trust store.")]
    TooManyCertificates {
        /// The input's name.
        input: String,
        /// Certificates in this input.
        count: usize,
        /// The limit over the whole import.
        limit: usize,
    },
    /// Not keys or certificates at all.
    #[error("“{input}” is {looks_like}, not a key or certificate. Choose a PEM file (text starting with -----BEGIN), a DER key or certificate, or a .p12/.pfx bundle.")]
    NotKeyMaterial {
        /// The input's name.
        input: String,
        /// What it looks like instead, e.g. "a JPEG image".
        looks_like: String,
    },
    /// A key or certificate for another algorithm.
    #[error("“{input}” holds {what}. Amazon Connect flow security keys must be RSA: use an RSA key pair (2048, 3072 or 4096 bits) instead, for example one generated here.")]
    NotRsa {
        /// The input's name.
        input: String,
        /// What it holds, e.g. "an EC (P-256) private key".
        what: String,
    },
    /// OpenSSL's traditional encrypted PEM (`Proc-Type: 4,ENCRYPTED`).
    #[error("“{input}” is a private key in OpenSSL's old encrypted-PEM format ({cipher}). That format derives its key with a single MD5 pass and is not read here. Convert it to encrypted PKCS#8 and import the new file: openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in {file} -out key-pkcs8.pem")]
    LegacyPemEncryption {
        /// The input's name.
        input: String,
        /// The cipher from its `DEK-Info` header.
        cipher: String,
        /// The file name to put in the command.
        file: String,
    },
    /// The password does not open it.
    #[error("The password for “{input}” is wrong.")]
    WrongPassword {
        /// The input's name.
        input: String,
    },
    /// Encrypted with a scheme not read here.
    #[error("“{input}” is encrypted with {scheme}, which this console does not read. Re-encrypt it with a modern scheme, for example: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out key-pkcs8.pem (or for a bundle: openssl pkcs12 -legacy -in old.p12 -noenc | openssl pkcs12 -export -out new.p12).")]
    UnsupportedEncryption {
        /// The input's name.
        input: String,
        /// The scheme.
        scheme: String,
    },
    /// Opening it would take more key-derivation work or memory than one input may cause
    /// ([`crate::pbe::WorkCost`], [`crate::pbe::MAX_ENCRYPTED_CONTAINERS`], the scrypt
    /// limits). Refused before the work, so a hostile file cannot stall the import.
    #[error("“{input}” was not opened: {what}. That is far more than standard settings need. {advice}")]
    TooExpensive {
        /// The input's name.
        input: String,
        /// Which limit, and what the input asks for.
        what: String,
        /// How to re-encrypt it with standard settings (an OpenSSL command).
        advice: String,
    },
    /// Structurally broken.
    #[error("“{input}” is damaged: {what}. It may have been cut short or altered in transit; export or copy it again from the original.")]
    Damaged {
        /// The input's name.
        input: String,
        /// What is wrong.
        what: String,
    },
    /// A real format, but not one that carries what Connect needs.
    #[error("“{input}” is {what}. {advice}")]
    UnsupportedFormat {
        /// The input's name.
        input: String,
        /// What it is.
        what: String,
        /// What to do instead.
        advice: String,
    },
}

/// How an input was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// PEM text (one or more `-----BEGIN` blocks).
    Pem,
    /// Binary DER (including PKCS#12).
    Der,
    /// Base64 text without PEM headers.
    Base64,
}

/// The container an input was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Container {
    /// A single object (one PEM block or one DER structure).
    Single,
    /// Several PEM blocks in one text.
    PemBundle,
    /// A PKCS#12 file.
    Pkcs12 {
        /// Integrity MAC, e.g. `HMAC-SHA256` (`None`: the file has no MAC).
        mac: Option<String>,
        /// How the certificate safes were encrypted (empty: not encrypted).
        certificate_protection: Vec<PasswordScheme>,
    },
}

/// The form a private key arrived in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateKeyFormat {
    /// `BEGIN PRIVATE KEY` / PKCS#8 DER.
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY` / PKCS#1 DER.
    Pkcs1,
    /// `BEGIN ENCRYPTED PRIVATE KEY` / encrypted PKCS#8 DER.
    EncryptedPkcs8(PasswordScheme),
    /// A key bag in a PKCS#12 file (encrypted with the scheme, or a plain key bag).
    Pkcs12(Option<PasswordScheme>),
}

impl fmt::Display for PrivateKeyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrivateKeyFormat::Pkcs8 => f.write_str("PKCS#8 private key"),
            PrivateKeyFormat::Pkcs1 => f.write_str("PKCS#1 RSA private key"),
            PrivateKeyFormat::EncryptedPkcs8(s) => write!(f, "Encrypted PKCS#8 private key ({s})"),
            PrivateKeyFormat::Pkcs12(Some(s)) => write!(f, "PKCS#12 private key ({s})"),
            PrivateKeyFormat::Pkcs12(None) => f.write_str("PKCS#12 private key (unencrypted key bag)"),
        }
    }
}

/// The form a public key arrived in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicKeyFormat {
    /// `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo): the form Connect takes.
    Spki,
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1).
    Pkcs1,
}

impl fmt::Display for PublicKeyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PublicKeyFormat::Spki => "SubjectPublicKeyInfo RSA public key",
            PublicKeyFormat::Pkcs1 => "PKCS#1 RSA public key",
        })
    }
}

/// Where a piece came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The input's name.
    pub input: String,
    /// 1-based position among the input's pieces.
    pub position: usize,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.position > 1 {
            write!(f, "“{}” (item {})", self.input, self.position)
        } else {
            write!(f, "“{}”", self.input)
        }
    }
}

/// An imported RSA private key, any size (sizes Connect cannot use are flagged, not refused).
/// Held as zeroizing PKCS#8 DER; `Debug` never prints it.
#[derive(Clone)]
pub struct ImportedPrivateKey {
    pkcs8: Zeroizing<Vec<u8>>,
    bits: usize,
    spki: SpkiDer,
    /// The form it arrived in.
    pub format: PrivateKeyFormat,
    /// Where it came from.
    pub source: Source,
}

impl fmt::Debug for ImportedPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImportedPrivateKey({} bits, {}, from {}, redacted)", self.bits, self.format, self.source)
    }
}

impl ImportedPrivateKey {
    /// PKCS#8 DER (secret).
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The public half as SubjectPublicKeyInfo DER.
    pub fn public_spki(&self) -> &SpkiDer {
        &self.spki
    }

    /// "PKCS#1 RSA private key, 2048 bits".
    pub fn description(&self) -> String {
        format!("{}, {} bits", self.format, self.bits)
    }

    /// As a Connect key (2048, 3072 or 4096 bits), for re-issuing, CSRs and exports.
    pub fn to_connect_key(&self) -> Result<PrivateKeyDer, KeyError> {
        PrivateKeyDer::from_pkcs8_der(&self.pkcs8)
    }

    /// Fully decodes and validates the key (big-number work: a few milliseconds).
    pub fn to_rsa(&self) -> Result<rsa::PrivateKey, KeyError> {
        use pkcs8::DecodePrivateKey;
        rsa::PrivateKey::from_pkcs8_der(&self.pkcs8).map_err(|e| KeyError::Invalid(e.to_string()))
    }
}

/// An imported public key (from `BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedPublicKey {
    spki: SpkiDer,
    bits: usize,
    /// The form it arrived in.
    pub format: PublicKeyFormat,
    /// Where it came from.
    pub source: Source,
}

impl ImportedPublicKey {
    /// SubjectPublicKeyInfo DER (normalised: `rsaEncryption` with NULL parameters).
    pub fn spki(&self) -> &SpkiDer {
        &self.spki
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// "SubjectPublicKeyInfo RSA public key, 2048 bits".
    pub fn description(&self) -> String {
        format!("{}, {} bits", self.format, self.bits)
    }
}

/// An imported X.509 certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedCertificate {
    der: Vec<u8>,
    summary: CertificateSummary,
    key_ids: KeyIdentifiers,
    /// Where it came from.
    pub source: Source,
}

/// A certificate's key identifiers (RFC 5280 4.2.1.1–2), read once at import so issuers can be
/// looked up by key instead of trying every certificate with a matching name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct KeyIdentifiers {
    /// Subject Key Identifier: names this certificate's key.
    pub subject: Option<Vec<u8>>,
    /// Authority Key Identifier's keyIdentifier: names the key that signed it.
    pub authority: Option<Vec<u8>>,
}

impl KeyIdentifiers {
    /// Reads both extensions; a missing or malformed one is simply absent (the lookup then
    /// falls back to names).
    pub(crate) fn of(cert: &x509_cert::Certificate) -> KeyIdentifiers {
        use x509_cert::ext::pkix::{AuthorityKeyIdentifier, SubjectKeyIdentifier};
        let tbs = cert.tbs_certificate();
        let subject =
            tbs.get_extension::<SubjectKeyIdentifier>().ok().flatten().map(|(_, ski)| ski.0.as_bytes().to_vec());
        let authority = tbs
            .get_extension::<AuthorityKeyIdentifier>()
            .ok()
            .flatten()
            .and_then(|(_, aki)| aki.key_identifier)
            .map(|id| id.as_bytes().to_vec());
        KeyIdentifiers { subject, authority }
    }
}

impl ImportedCertificate {
    pub(crate) fn new(der: Vec<u8>, summary: CertificateSummary, key_ids: KeyIdentifiers, source: Source) -> Self {
        ImportedCertificate { der, summary, key_ids, source }
    }

    /// The Subject Key Identifier, if the certificate has one.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.key_ids.subject.as_deref()
    }

    /// The Authority Key Identifier's key identifier, if the certificate has one.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.key_ids.authority.as_deref()
    }

    /// The DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Subject, issuer, dates, fingerprints.
    pub fn summary(&self) -> &CertificateSummary {
        &self.summary
    }

    /// Whether subject and issuer names are equal (a self-issued certificate; whether it is
    /// also self-*signed* is a signature check, see the checklist).
    pub fn is_self_issued(&self) -> bool {
        self.summary.subject == self.summary.issuer
    }

    /// "X.509 certificate for CN=…".
    pub fn description(&self) -> String {
        let mut s = format!("X.509 certificate for {}", display_name(&self.summary.subject));
        if !self.is_self_issued() {
            s.push_str(&format!(", issued by {}", display_name(&self.summary.issuer)));
        }
        s
    }
}

fn display_name(dn: &str) -> &str {
    if dn.is_empty() {
        "an empty subject"
    } else {
        dn
    }
}

/// What kind of piece an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A private key.
    PrivateKey,
    /// A public key.
    PublicKey,
    /// A certificate with an RSA key.
    Certificate,
    /// A certificate for a non-RSA key (kept only to recognise issuers).
    OtherCertificate,
}

/// One piece found in an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemSummary {
    /// Kind.
    pub kind: ItemKind,
    /// In words, e.g. "PKCS#1 RSA private key, 2048 bits".
    pub description: String,
    /// SHA-256 of its public key (SPKI DER), to match pieces by eye.
    pub public_key_sha256: Option<Sha256Fingerprint>,
    /// Index into [`Import::key_sets`] of the key set it joined.
    pub key_set: Option<usize>,
}

/// What an input turned out to hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputSummary {
    /// In words: "PKCS#1 RSA private key, 2048 bits", "PKCS#12 bundle: 1 private key, 2 certificates".
    pub description: String,
    /// Encoding.
    pub encoding: Encoding,
    /// Container.
    pub container: Container,
    /// The pieces, in order.
    pub items: Vec<ItemSummary>,
    /// Things to know that did not stop the import (weak encryption, unusual key sizes).
    pub warnings: Vec<String>,
}

/// The outcome for one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputOutcome {
    /// Read.
    Read(InputSummary),
    /// Encrypted: ask for its password (naming what it is) and import again.
    NeedsPassword {
        /// What is encrypted, e.g. "Encrypted PKCS#8 private key (PBES2, scrypt, AES-256-CBC)".
        what: String,
    },
    /// Not imported.
    Failed(ImportError),
}

/// One input's report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputReport {
    /// The input's name.
    pub name: String,
    /// What happened.
    pub outcome: InputOutcome,
}

/// A parsed piece, before grouping.
#[derive(Clone, Debug)]
pub(crate) enum Piece {
    Private(ImportedPrivateKey),
    Public(ImportedPublicKey),
    Certificate(ImportedCertificate, SpkiDer),
    Other(ImportedCertificate),
}

/// The result of an import: per-input reports and the key sets found.
#[derive(Clone, Debug)]
pub struct Import {
    /// One report per input, in input order.
    pub inputs: Vec<InputReport>,
    /// Key sets, in order of first appearance.
    pub key_sets: Vec<ImportedKeySet>,
    /// Certificates for non-RSA keys (CA certificates, usually): kept to name issuers.
    pub other_certificates: Vec<ImportedCertificate>,
    pieces: Vec<(usize, Piece)>,
    /// [`Import::all_certificates`] indexed once for the checklists' issuer search.
    issuers: crate::checklist::IssuerIndex,
}

impl Import {
    /// Names of the inputs waiting for a password.
    pub fn needing_password(&self) -> Vec<&str> {
        self.inputs
            .iter()
            .filter(|r| matches!(r.outcome, InputOutcome::NeedsPassword { .. }))
            .map(|r| r.name.as_str())
            .collect()
    }

    /// Every error, in input order.
    pub fn errors(&self) -> Vec<&ImportError> {
        self.inputs
            .iter()
            .filter_map(|r| match &r.outcome {
                InputOutcome::Failed(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    /// This import plus more inputs, regrouped. Already-read inputs are not read again (no
    /// second password derivation); `self` is untouched.
    pub fn extend(&self, inputs: &[ImportInput]) -> Import {
        let mut reports = self.inputs.clone();
        let mut pieces = self.pieces.clone();
        read_all(inputs, &mut reports, &mut pieces);
        assemble(reports, pieces)
    }

    /// Every piece this import read, unencrypted, as one PEM bundle in reading order: private
    /// keys as `PRIVATE KEY` (PKCS#8), public keys as `PUBLIC KEY`, certificates as
    /// `CERTIFICATE`. Importing the bundle again gives the same pieces with no password and no
    /// key derivation: the console reads each input once, in its own worker, and regroups
    /// what every input held from these bundles. Secret (it holds private keys): the buffer is
    /// allocated once, at its final size, and wiped when dropped.
    ///
    /// # Errors
    /// Only if a piece is too large to encode (lengths past `usize`).
    pub fn plain_pem(&self) -> Result<Zeroizing<Vec<u8>>, der::pem::Error> {
        use der::pem::LineEnding;
        fn der_of(piece: &Piece) -> (&'static str, &[u8]) {
            match piece {
                Piece::Private(k) => ("PRIVATE KEY", k.pkcs8_der()),
                Piece::Public(k) => ("PUBLIC KEY", k.spki().as_bytes()),
                Piece::Certificate(c, _) | Piece::Other(c) => ("CERTIFICATE", c.der()),
            }
        }
        let mut total = 0usize;
        for (_, piece) in &self.pieces {
            let (label, der) = der_of(piece);
            let block = der::pem::encoded_len(label, LineEnding::LF, der)?;
            total = total.checked_add(block).and_then(|t| t.checked_add(1)).ok_or(der::pem::Error::Length)?;
        }
        let mut out = Zeroizing::new(vec![0u8; total]);
        let mut at = 0usize;
        for (_, piece) in &self.pieces {
            let (label, der) = der_of(piece);
            let slot = out.get_mut(at..).ok_or(der::pem::Error::Length)?;
            let written = der::pem::encode(label, LineEnding::LF, der, slot)?.len();
            at = at.saturating_add(written);
            // A line break between blocks, whether or not the encoder ended with one.
            if let Some(b) = out.get_mut(at) {
                *b = b'\n';
            }
            at = at.saturating_add(1);
        }
        out.truncate(at.min(total));
        Ok(out)
    }

    /// Every certificate seen (RSA or not), for finding issuers.
    pub fn all_certificates(&self) -> Vec<&ImportedCertificate> {
        self.key_sets.iter().flat_map(|s| s.certificates.iter()).chain(self.other_certificates.iter()).collect()
    }

    /// The readiness checklist for key set `index`, at time `now`. Issuers of CA-signed
    /// certificates are looked up among all imported certificates through an index built
    /// once per import, so checking every key set stays linear in the number of certificates.
    pub fn checklist(&self, index: usize, now: crate::UnixTime) -> Option<crate::checklist::Checklist> {
        let set = self.key_sets.get(index)?;
        Some(crate::checklist::check_indexed(set, now, &self.all_certificates(), &self.issuers))
    }
}

/// Reads every input and groups the pieces into key sets.
pub fn import(inputs: &[ImportInput]) -> Import {
    let mut reports = Vec::new();
    let mut pieces = Vec::new();
    read_all(inputs, &mut reports, &mut pieces);
    assemble(reports, pieces)
}

fn is_certificate(piece: &Piece) -> bool {
    matches!(piece, Piece::Certificate(..) | Piece::Other(_))
}

fn read_all(inputs: &[ImportInput], reports: &mut Vec<InputReport>, pieces: &mut Vec<(usize, Piece)>) {
    let mut certificates = pieces.iter().filter(|(_, p)| is_certificate(p)).count();
    for input in inputs {
        let index = reports.len();
        let outcome = match detect::read_input(input) {
            Ok((_, new_pieces))
                if certificates.saturating_add(new_pieces.iter().filter(|p| is_certificate(p)).count())
                    > MAX_CERTIFICATES =>
            {
                InputOutcome::Failed(ImportError::TooManyCertificates {
                    input: input.name().to_owned(),
                    count: new_pieces.iter().filter(|p| is_certificate(p)).count(),
                    limit: MAX_CERTIFICATES,
                })
            }
            Ok((summary, new_pieces)) => {
                certificates = certificates.saturating_add(new_pieces.iter().filter(|p| is_certificate(p)).count());
                pieces.extend(new_pieces.into_iter().map(|p| (index, p)));
                InputOutcome::Read(summary)
            }
            Err(detect::Failure::NeedsPassword(what)) => InputOutcome::NeedsPassword { what },
            Err(detect::Failure::Error(e)) => InputOutcome::Failed(e),
        };
        reports.push(InputReport { name: input.name().to_owned(), outcome });
    }
}

fn assemble(mut reports: Vec<InputReport>, pieces: Vec<(usize, Piece)>) -> Import {
    let (key_sets, other_certificates, placement) = group::group(&pieces);
    // Tell each item which key set it joined.
    // Placement lists pieces in input order, so one pass hands each report its slots.
    let mut slots = placement.iter().peekable();
    for (report_index, report) in reports.iter_mut().enumerate() {
        while slots.next_if(|(r, _)| *r < report_index).is_some() {}
        let mut mine = core::iter::from_fn(|| slots.next_if(|(r, _)| *r == report_index).map(|(_, s)| *s));
        if let InputOutcome::Read(summary) = &mut report.outcome {
            for item in &mut summary.items {
                item.key_set = mine.next().flatten();
            }
        }
        mine.for_each(drop);
    }
    let mut import = Import { inputs: reports, key_sets, other_certificates, pieces, issuers: Default::default() };
    import.issuers = crate::checklist::IssuerIndex::new(&import.all_certificates());
    import
}

/// Counts like "1 private key, 2 certificates".
pub(crate) fn count_phrase(private: usize, public: usize, certs: usize) -> String {
    let mut parts = Vec::new();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if private > 0 {
        parts.push(plural(private, "private key", "private keys"));
    }
    if public > 0 {
        parts.push(plural(public, "public key", "public keys"));
    }
    if certs > 0 {
        parts.push(plural(certs, "certificate", "certificates"));
    }
    if parts.is_empty() {
        "nothing usable".to_owned()
    } else {
        parts.join(", ")
    }
}

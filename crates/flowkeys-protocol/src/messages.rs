//! The requests and their answers. Every field is typed: no magic strings, no JSON left for the
//! receiver to pick apart.

use crate::views::{ImportedSet, InputReport, MessageSummary};
use crate::wire::{Bytes, SecretBytes};
use flowkeys_core::keys::KeyLayout;
use flowkeys_core::subject::SubjectInput;
use flowkeys_core::{CertificateForm, CertificateSummary, KeyId, KeySize};
use serde::{Deserialize, Serialize};

/// Which key generator to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// WebCrypto where the page is a secure context, the pure-Rust generator otherwise.
    #[default]
    Auto,
    /// The browser's native `crypto.subtle.generateKey`, exported as PKCS#8 into the engine.
    WebCrypto,
    /// The engine's pure-Rust generator (`rsa` crate) compiled to WebAssembly.
    Rust,
}

impl Method {
    /// Stable name (element ids, `data-method` for tests and the benchmark).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::WebCrypto => "webcrypto",
            Method::Rust => "rust",
        }
    }

    /// How the console names the path that made a key.
    pub fn description(self) -> &'static str {
        match self {
            Method::Auto => "automatic",
            Method::WebCrypto => "the browser's WebCrypto (native code)",
            Method::Rust => "pure Rust (rsa crate, WebAssembly worker)",
        }
    }
}

/// The certificate form as typed. The worker validates it again: it never trusts the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFields {
    /// Key size in bits (2048, 3072 or 4096).
    pub key_bits: u32,
    /// Common Name.
    pub common_name: String,
    /// Organization.
    pub organization: String,
    /// Organizational unit.
    pub organizational_unit: String,
    /// Country.
    pub country: String,
    /// State or province.
    pub state: String,
    /// Locality.
    pub locality: String,
    /// Validity in days, as typed.
    pub validity_days: String,
}

impl From<&CertificateForm> for FormFields {
    fn from(f: &CertificateForm) -> FormFields {
        let s = &f.subject;
        FormFields {
            key_bits: u32::try_from(f.key_size.bits()).unwrap_or(0),
            common_name: s.common_name.clone(),
            organization: s.organization.clone(),
            organizational_unit: s.organizational_unit.clone(),
            country: s.country.clone(),
            state: s.state.clone(),
            locality: s.locality.clone(),
            validity_days: f.validity_days.clone(),
        }
    }
}

impl FormFields {
    /// Back to the engine's form; `None` for a key size the engine does not make.
    pub fn to_form(&self) -> Option<CertificateForm> {
        Some(CertificateForm {
            key_size: KeySize::from_bits(usize::try_from(self.key_bits).ok()?)?,
            subject: SubjectInput {
                common_name: self.common_name.clone(),
                organization: self.organization.clone(),
                organizational_unit: self.organizational_unit.clone(),
                country: self.country.clone(),
                state: self.state.clone(),
                locality: self.locality.clone(),
            },
            validity_days: self.validity_days.clone(),
        })
    }
}

/// Generate a key pair and its self-signed certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generate {
    /// Which generator.
    pub method: Method,
    /// Subject and validity.
    pub form: FormFields,
    /// `Date.now()` on the page when the admin pressed the button.
    pub now_ms: f64,
}

/// Issue a new self-signed certificate for an existing private key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reissue {
    /// The key, PKCS#8 DER.
    pub private_key: SecretBytes,
    /// Subject and validity (the key size is the key's).
    pub form: FormFields,
    /// The certificate being replaced, DER: when it is readable, the new certificate keeps its
    /// subject instead of the form's (the worker reads it; the page carries no X.509 parser).
    #[serde(default)]
    pub current_certificate: Option<Bytes>,
    /// `Date.now()` on the page.
    pub now_ms: f64,
}

/// A key set made by [`Generate`] or [`Reissue`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeySetMade {
    /// PKCS#8 DER of the private key.
    pub private_key: SecretBytes,
    /// What the worker's reading of the key found, so the page need not decode it.
    pub key_layout: KeyLayout,
    /// Certificate DER.
    pub certificate: Bytes,
    /// The certificate read by the worker, so the page need not parse it.
    pub summary: CertificateSummary,
    /// Which generator actually ran.
    pub method: Method,
    /// Milliseconds spent generating the key.
    pub keygen_ms: f64,
    /// Milliseconds for the whole job (key, certificate, self-checks).
    pub total_ms: f64,
}

impl KeySetMade {
    /// The key set, rebuilt from the worker's reading of its parts
    /// ([`flowkeys_core::KeySet::from_checked_parts`]).
    ///
    /// # Errors
    /// A key layout that does not fit the key's bytes.
    pub fn key_set(&self) -> Result<flowkeys_core::KeySet, flowkeys_core::KeyError> {
        let key = flowkeys_core::PrivateKeyDer::from_layout(self.private_key.0.clone(), self.key_layout)?;
        Ok(flowkeys_core::KeySet::from_checked_parts(key, self.certificate.0.clone(), self.summary.clone()))
    }
}

/// One file or pasted text to import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSource {
    /// The file's name, or "pasted text".
    pub name: String,
    /// Its bytes (may hold private keys).
    pub bytes: SecretBytes,
    /// Pasted text: each PEM block in it is read as its own input, so an encrypted key pasted
    /// with its certificate can be unlocked while the certificate is read at once.
    pub pasted: bool,
}

/// A password typed for one input (by the name its report carries).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputPassword {
    /// The input's name as reported.
    pub input: String,
    /// The password, UTF-8.
    pub password: SecretBytes,
}

/// Read files and pasted text; the key derivations of encrypted inputs are slow by design, so
/// they never run on the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportFiles {
    /// What the admin gave.
    pub sources: Vec<ImportSource>,
    /// The passwords typed so far.
    pub passwords: Vec<InputPassword>,
    /// `Date.now()` on the page (for the checklists).
    pub now_ms: f64,
}

/// What an import found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// One report per input (pasted text split into its blocks).
    pub reports: Vec<InputReport>,
    /// The key sets found, with their pieces.
    pub sets: Vec<ImportedSet>,
}

/// Read one input — a file, or one block of pasted text — on its own, in a worker of its own.
///
/// The page sends this once per input, when the input arrives and again only when its password
/// changes: a slow or hostile input (every derivation it may trigger is capped by the engine's
/// work budget) occupies only its own worker, which Cancel terminates, while other inputs are
/// read and grouped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadInput {
    /// The input (pasted text already split into its blocks, see [`crate::ops::input_units`]).
    pub source: ImportSource,
    /// The password typed for it, if any.
    pub password: Option<SecretBytes>,
}

/// What one input held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputRead {
    /// What the admin reads about it.
    pub report: InputReport,
    /// When it was read: its pieces, unencrypted, as one PEM bundle (secret: it may hold private
    /// keys), for [`GroupInputs`] — so regrouping never repeats a key derivation.
    pub plain: Option<SecretBytes>,
    /// Milliseconds the worker spent reading it (the browser's cost of its derivations).
    pub read_ms: f64,
}

/// One input already read, as [`InputRead::plain`], under its own name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlainInput {
    /// The input's name (the checklists name where each piece came from).
    pub name: String,
    /// [`InputRead::plain`].
    pub pem: SecretBytes,
}

/// Group the inputs read so far into key sets and check each set. No password and no key
/// derivation is involved: this is fast, and repeated whenever an input finishes reading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupInputs {
    /// Every input read so far, in the order the admin gave them.
    pub inputs: Vec<PlainInput>,
    /// `Date.now()` on the page (for the checklists).
    pub now_ms: f64,
}

/// The key sets found across inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grouped {
    /// The key sets, with their pieces.
    pub sets: Vec<ImportedSet>,
    /// Inputs refused only when seen together (more certificates over all inputs than one
    /// import holds), with the sentence to show instead of their own report.
    pub refused: Vec<InputReport>,
}

/// Encrypt a test value exactly as Connect would, then decrypt it with the private key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    /// PKCS#8 DER.
    pub private_key: SecretBytes,
    /// Certificate DER.
    pub certificate: Bytes,
    /// The Key ID Connect writes into the message.
    pub key_id: KeyId,
    /// The digits to encrypt.
    pub digits: SecretBytes,
    /// The digits masked for display.
    pub masked: String,
}

/// The preview's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Previewed {
    /// Base64 message, as `$.StoredCustomerInput`.
    pub ciphertext: String,
    /// What the message holds.
    pub message: MessageSummary,
    /// The round trip: `Ok` with the sentence to show, or why it failed.
    pub round_trip: Result<String, String>,
    /// Milliseconds to encrypt.
    pub encrypt_ms: f64,
    /// Milliseconds to decrypt.
    pub decrypt_ms: f64,
}

/// A loaded key set the inspector tries: its private key, its Key ID once entered, and the
/// name the console shows for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecryptionKey {
    /// PKCS#8 DER.
    pub private_key: SecretBytes,
    /// Its Key ID, once entered.
    pub key_id: Option<KeyId>,
    /// How the console names the set, e.g. "payments (RSA 2048, 9f1c2d3e)".
    pub label: String,
    /// Whether it is the set the other screens work on.
    pub selected: bool,
}

/// Read (and, with keys, decrypt) an Encryption SDK message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inspect {
    /// Base64 text or binary.
    pub message: Bytes,
    /// Every loaded key set, the selected one first: each is tried, not just the selected one.
    pub keys: Vec<DecryptionKey>,
}

/// Reads a message without any key set: what it holds, for the Inspect screen before a key set
/// is loaded. It carries no secret, so a long-lived worker answers it (no worker start-up per
/// paste); with keys, the same screen sends [`Inspect`] to a fresh one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMessage(pub Bytes);

/// Which loaded key set opened a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedBy {
    /// Index into [`Inspect::keys`].
    pub index: usize,
    /// The sentence to show: which set, and what to fix when its Key ID is not the message's.
    pub sentence: String,
    /// Whether the sentence asks for a fix (the set's Key ID is missing or another one).
    pub needs_fix: bool,
}

/// What an inspection found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inspected {
    /// Everything visible without a key.
    pub message: MessageSummary,
    /// With keys: the plaintext (a real card number, so it crosses as a wiped buffer, never
    /// as a JS string), or why no loaded key set opens the message.
    pub decrypted: Option<Result<SecretBytes, String>>,
    /// With a plaintext: the key set that opened it.
    pub opened_by: Option<OpenedBy>,
}

/// "Ready for Connect?" for a complete key set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckKeySet {
    /// PKCS#8 DER.
    pub private_key: SecretBytes,
    /// Certificate DER.
    pub certificate: Bytes,
    /// `Date.now()` on the page.
    pub now_ms: f64,
}

/// A PKCS#10 request for the key set's key and subject.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MakeCsr {
    /// PKCS#8 DER.
    pub private_key: SecretBytes,
    /// Certificate DER (the subject is copied from it).
    pub certificate: Bytes,
}

/// A CSR, PEM.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrPem(pub String);

/// Password-protected export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    /// Encrypted PKCS#8 PEM, PBKDF2-HMAC-SHA256 (600 000 iterations), AES-256-CBC.
    Pkcs8Pbkdf2,
    /// Encrypted PKCS#8 PEM, scrypt, AES-256-CBC.
    Pkcs8Scrypt,
    /// PKCS#12 (.p12) with the certificate.
    Pkcs12,
}

/// Password-protect a key set for backup.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// PKCS#8 DER.
    pub private_key: SecretBytes,
    /// Certificate DER (for PKCS#12).
    pub certificate: Bytes,
    /// The password, UTF-8.
    pub password: SecretBytes,
    /// What to write.
    pub format: ExportFormat,
}

/// The exported file (an encrypted key: treat as secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile(pub SecretBytes);

/// Lint a flow, CloudFormation template or Terraform file. Touches no secret (a certificate's
/// public key at most), so the page sends it to its long-lived worker: the readers (YAML, HCL)
/// and the linter stay out of the page's module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintSource {
    /// The source's name: a dropped file's name (its extension tells a broken template from a
    /// file that merely mentions one), or "pasted text".
    pub name: String,
    /// The text as pasted or loaded.
    pub text: String,
    /// The admin's per-block verdicts (secret / not secret).
    pub overrides: flowkeys_connect::Overrides,
    /// The clock and the loaded key sets' public keys.
    pub context: flowkeys_connect::LintContext,
}

/// Generate the one-step CloudFormation stack for a certificate. Touches no secret, so the page
/// sends it to its long-lived worker: generating the stack lints the flow it embeds, and the
/// linter stays out of the page's module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeStack {
    /// The key set's certificate, PEM (read in the worker: the page carries no X.509 parser).
    pub certificate_pem: String,
    /// What the flow collects.
    pub collect: flowkeys_connect::CollectKind,
    /// The default of the template's `Runtime` parameter.
    pub runtime: flowkeys_connect::stack::LambdaRuntime,
    /// Now, Unix seconds, for the embedded flow's certificate expiry checks.
    pub now_unix: Option<flowkeys_core::UnixTime>,
}

impl MakeStack {
    /// The generator's spec, with the certificate read.
    ///
    /// # Errors
    /// Why the text is not a usable certificate.
    pub fn to_spec(
        &self,
    ) -> Result<flowkeys_connect::stack::StackSpec, flowkeys_connect::certificate::CertificateInputError> {
        Ok(flowkeys_connect::stack::StackSpec {
            certificate_pem: flowkeys_connect::EncryptionCertificate::parse(&self.certificate_pem)?,
            collect: self.collect.clone(),
            runtime: self.runtime,
            now_unix: self.now_unix,
        })
    }
}

/// Generate the secure-input flow from the Flow screen's form. Touches no secret (a Key ID and
/// a certificate), so the page sends it to its long-lived worker on every change of the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeFlow(pub flowkeys_connect::flow::FlowForm);

/// The flow, or the form's problems, each to be shown next to its field.
pub type FlowMade = Result<flowkeys_connect::GeneratedFlow, Vec<flowkeys_connect::flow::FieldProblem>>;

/// Every field of a certificate, for "Full certificate detail" (the long-lived worker reads it;
/// the page carries no X.509 parser).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DescribeCertificate(pub Bytes);

/// The stack's template and the script that deploys it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackMade {
    /// `flowkeys-stack.json`.
    pub template: String,
    /// `deploy-stack.sh`: the notes as comments, then the commands.
    pub script: String,
}

/// Generate the decrypt Lambda's code, IAM policy and put-parameter commands. Touches no secret
/// (Key IDs and parameter names), so the page sends it to its long-lived worker: the Node.js and
/// Python templates stay out of the page's module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakeLambda(pub flowkeys_connect::LambdaSpec);

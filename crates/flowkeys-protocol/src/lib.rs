//! # Flowkeys page↔worker protocol
//!
//! The console's page and its Web Worker are two WebAssembly instances that only exchange
//! structured-cloneable values. This crate is the contract between them, in plain Rust so it
//! is tested natively:
//!
//! - every operation is one request type implementing [`Request`], whose associated
//!   [`Request::Response`] is the only answer it can get — no "wrong kind of answer" arm exists;
//! - every request is also a variant of [`AnyRequest`], which is what the worker dispatches on;
//! - messages are serde-encoded ([`wire`]): the text part is JSON, and every byte payload
//!   ([`Bytes`], [`SecretBytes`]) travels beside it as its own buffer, so private keys cross as
//!   transferable buffers the receiver wipes, never as JS strings;
//! - a message that does not decode is a typed [`ProtocolError`], never a default value;
//! - the engine work the worker does for each request lives in [`ops`], so it is tested here
//!   rather than only in a browser.

pub mod messages;
pub mod open;
pub mod ops;
pub mod queue;
pub mod readiness;
pub mod views;
pub mod wire;

pub use messages::*;
pub use wire::{decode, encode, Bytes, Envelope, ProtocolError, SecretBytes};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// An operation the page asks the worker to run, tied to its one answer type.
pub trait Request: Serialize + DeserializeOwned + Into<AnyRequest> {
    /// What the worker answers when the operation succeeds.
    type Response: Serialize + DeserializeOwned;
    /// The worker module that runs it.
    const MODULE: Module;
}

/// The worker modules. Each is its own WebAssembly module holding only its own operations'
/// code (each has its dispatcher in [`ops`], and the linker keeps only what that one reaches),
/// so a click downloads and compiles the code for what it asks, not the whole engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    /// Making and using key sets: generate, re-issue, CSR, preview an encryption, inspect and
    /// decrypt messages. Touches private keys: a fresh worker per job.
    Keys,
    /// Key files: reading the ones the admin brings (PEM, PKCS#8, PKCS#12, encrypted or not),
    /// checking a key set the way an imported one is checked, and writing password-protected
    /// files. Touches private keys and passwords: a fresh worker per job.
    Files,
    /// Linting flows (JSON, YAML, Terraform). Touches no secret: one long-lived worker.
    Lint,
    /// Stack, Lambda code, flow, certificate detail, reading a message without a key. Touches no
    /// secret: one long-lived worker.
    Tools,
}

impl Module {
    /// Every module, in the order the page names them.
    pub const ALL: [Module; 4] = [Module::Keys, Module::Files, Module::Lint, Module::Tools];

    /// The module's binary name, which is also the stem of its files in `dist/`.
    pub const fn binary(self) -> &'static str {
        match self {
            Module::Keys => "flowkeys-keys",
            Module::Files => "flowkeys-files",
            Module::Lint => "flowkeys-lint",
            Module::Tools => "flowkeys-tools",
        }
    }

    /// Whether the module's requests carry private keys or passwords. Such a module's workers
    /// each take one job and are terminated after it; only the others may be long-lived.
    pub const fn touches_secrets(self) -> bool {
        matches!(self, Module::Keys | Module::Files)
    }

    /// What the module does, for the sentence when a request reaches the wrong one.
    const fn purpose(self) -> &'static str {
        match self {
            Module::Keys => "making and using key sets",
            Module::Files => "key files",
            Module::Lint => "linting flows",
            Module::Tools => "flows, stacks, Lambda code, certificate detail and reading messages without a key",
        }
    }
}

/// What the worker sends back for a request of type `R`.
///
/// `Ready` comes first, once the worker's module is initialised; then exactly one `Answer`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(bound(serialize = "T: Serialize", deserialize = "T: DeserializeOwned"))]
pub enum FromWorker<T> {
    /// The worker is initialised and listening.
    Ready,
    /// The result; `Err` holds a sentence for the admin.
    Answer(Result<T, TaskFailed>),
}

/// An operation that failed, with the sentence the admin reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{0}")]
pub struct TaskFailed(pub String);

impl TaskFailed {
    /// From any displayable engine error.
    pub fn from_error(e: impl core::fmt::Display) -> TaskFailed {
        TaskFailed(e.to_string())
    }
}

impl From<String> for TaskFailed {
    fn from(s: String) -> TaskFailed {
        TaskFailed(s)
    }
}

impl From<&str> for TaskFailed {
    fn from(s: &str) -> TaskFailed {
        TaskFailed(s.to_owned())
    }
}

/// Every request, as the worker receives it.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub enum AnyRequest {
    /// [`Generate`].
    Generate(Generate),
    /// [`Reissue`].
    Reissue(Reissue),
    /// [`ImportFiles`].
    Import(ImportFiles),
    /// [`ReadInput`].
    Read(ReadInput),
    /// [`GroupInputs`].
    Group(GroupInputs),
    /// [`Preview`].
    Preview(Preview),
    /// [`Inspect`].
    Inspect(Inspect),
    /// [`ReadMessage`].
    ReadMessage(ReadMessage),
    /// [`CheckKeySet`].
    Check(CheckKeySet),
    /// [`MakeCsr`].
    Csr(MakeCsr),
    /// [`Export`].
    Export(Export),
    /// [`LintSource`].
    Lint(LintSource),
    /// [`MakeStack`].
    Stack(MakeStack),
    /// [`MakeLambda`].
    Lambda(MakeLambda),
    /// [`MakeFlow`].
    Flow(MakeFlow),
    /// [`DescribeCertificate`].
    Describe(DescribeCertificate),
}

impl AnyRequest {
    /// The worker module that runs this request.
    pub fn module(&self) -> Module {
        match self {
            AnyRequest::Generate(_) => Generate::MODULE,
            AnyRequest::Reissue(_) => Reissue::MODULE,
            AnyRequest::Import(_) => ImportFiles::MODULE,
            AnyRequest::Read(_) => ReadInput::MODULE,
            AnyRequest::Group(_) => GroupInputs::MODULE,
            AnyRequest::Preview(_) => Preview::MODULE,
            AnyRequest::Inspect(_) => Inspect::MODULE,
            AnyRequest::ReadMessage(_) => ReadMessage::MODULE,
            AnyRequest::Check(_) => CheckKeySet::MODULE,
            AnyRequest::Csr(_) => MakeCsr::MODULE,
            AnyRequest::Export(_) => Export::MODULE,
            AnyRequest::Lint(_) => LintSource::MODULE,
            AnyRequest::Stack(_) => MakeStack::MODULE,
            AnyRequest::Lambda(_) => MakeLambda::MODULE,
            AnyRequest::Flow(_) => MakeFlow::MODULE,
            AnyRequest::Describe(_) => DescribeCertificate::MODULE,
        }
    }

    /// The answer a module gives a request that belongs to another one (a page and worker
    /// from different builds, or a routing mistake): a sentence, never a panic.
    pub fn wrong_module(&self, answering: Module) -> TaskFailed {
        TaskFailed(format!(
            "The background worker for {} was sent a request for {}. Reload the page; if this persists, use a copy you have verified (docs/VERIFY.md).",
            answering.purpose(),
            self.module().purpose()
        ))
    }
}

macro_rules! requests {
    ($($req:ident => $variant:ident : $resp:ty, $module:ident);* $(;)?) => {
        $(
            impl Request for $req {
                type Response = $resp;
                const MODULE: Module = Module::$module;
            }
            impl From<$req> for AnyRequest {
                fn from(r: $req) -> AnyRequest {
                    AnyRequest::$variant(r)
                }
            }
        )*
    };
}

requests! {
    Generate => Generate: KeySetMade, Keys;
    Reissue => Reissue: KeySetMade, Keys;
    ImportFiles => Import: Imported, Files;
    ReadInput => Read: InputRead, Files;
    GroupInputs => Group: Grouped, Files;
    CheckKeySet => Check: views::ChecklistView, Files;
    MakeCsr => Csr: CsrPem, Keys;
    Export => Export: ExportedFile, Files;
    Preview => Preview: Previewed, Keys;
    Inspect => Inspect: Inspected, Keys;
    ReadMessage => ReadMessage: Inspected, Tools;
    LintSource => Lint: flowkeys_connect::flow::source::SourceReport, Lint;
    MakeStack => Stack: StackMade, Tools;
    MakeLambda => Lambda: flowkeys_connect::LambdaCode, Tools;
    MakeFlow => Flow: FlowMade, Tools;
    DescribeCertificate => Describe: flowkeys_core::CertificateDetail, Tools;
}

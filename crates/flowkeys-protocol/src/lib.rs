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

macro_rules! requests {
    ($($req:ident => $variant:ident : $resp:ty),* $(,)?) => {
        $(
            impl Request for $req {
                type Response = $resp;
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
    Generate => Generate: KeySetMade,
    Reissue => Reissue: KeySetMade,
    ImportFiles => Import: Imported,
    ReadInput => Read: InputRead,
    GroupInputs => Group: Grouped,
    Preview => Preview: Previewed,
    Inspect => Inspect: Inspected,
    CheckKeySet => Check: views::ChecklistView,
    MakeCsr => Csr: CsrPem,
    Export => Export: ExportedFile,
    LintSource => Lint: flowkeys_connect::flow::source::SourceReport,
    MakeStack => Stack: StackMade,
    MakeLambda => Lambda: flowkeys_connect::LambdaCode,
    MakeFlow => Flow: FlowMade,
    DescribeCertificate => Describe: flowkeys_core::CertificateDetail,
}

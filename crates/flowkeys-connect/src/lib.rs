//! # flowkeys-connect
//!
//! The Amazon Connect half of Flowkeys: everything between "I have a key pair and a certificate"
//! and "card numbers arrive encrypted and are decrypted by my Lambda".
//!
//! * [`flow::generate_flow`] writes an importable flow (flow language `2019-10-30`) that turns
//!   flow logging off, captures the digits with encryption, hands the ciphertext to a decrypt
//!   Lambda, reads the answer as `$.External.…` (never as a contact attribute) and turns logging
//!   back on.
//! * [`flow::lint_flow`] reads an exported flow (flow language or the legacy `modules` export) and
//!   walks every path from the start to find unencrypted capture, leaked values, logging left on
//!   or left off, broken certificates and structural mistakes.
//! * [`commands::setup_commands`] writes the AWS CLI sequence an admin runs on their own machine
//!   (key, Parameter Store, the Lambda's role, function and invoke permission, flow), and
//!   [`commands::render_script`] is the one renderer the console and the CLI print it with.
//! * [`lambda::generate_lambda`] writes the decrypt Lambda (Node.js and Python) and its IAM policy,
//!   and [`lambda::test_event()`] a Connect invocation event carrying a ciphertext to test it with.
//! * [`stack::generate_stack`] writes the CloudFormation template that deploys key, Lambda and
//!   flow together.
//!
//! Plain Rust with no web dependencies, so the browser console (wasm32), a CLI and native tests
//! all call the same code. Nothing here reads the clock: `SystemTime::now()` panics on
//! `wasm32-unknown-unknown`, so callers pass "now" as Unix seconds.
#![warn(missing_docs)]

pub mod bundle;
pub mod certificate;
pub mod commands;
pub mod contract;
pub mod files;
pub mod flow;
pub mod inputs;
pub mod journey;
pub mod lambda;
pub mod loss;
pub mod nickname;
mod shell;
pub mod stack;
pub mod test_input;
mod text;
pub mod zip;

pub use certificate::{CertificateInfo, CertificateInputError, EncryptionCertificate, PemKind};
pub use commands::{key_role, parameter_for, setup_commands, CliCommand, KeyRole, SetupSpec};
pub use contract::CollectKind;
pub use files::{FileKind, KeySetFiles};
pub use flow::{
    generate_flow, lint_flow, lint_flow_with, Finding, FlowField, FlowFormat, FlowParseError, FlowSpec, FlowSpecError,
    GeneratedFlow, LintContext, LintReport, LoadedKeySet, Overrides, RuleGroup, RuleId, Sensitivity, Severity,
    StoredInput, Verdict, VerdictStatus,
};
pub use inputs::{
    AwsRegion, ConnectInstanceId, KeyId, KeyIdError, KmsKeyArn, LambdaArn, LambdaArnError, SsmParameterName,
};
pub use lambda::{generate_lambda, LambdaCode, LambdaKey, LambdaSpec, LambdaSpecError};

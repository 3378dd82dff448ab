//! # flowkeys-lambda
//!
//! The decrypt Lambda for Amazon Connect's encrypted Store customer input, in Rust: the
//! `bootstrap` executable of a `provided.al2023` function built on the AWS-maintained
//! `lambda_runtime` crate and the `flowkeys-esdk` engine.
//!
//! * [`config`] — Key ID(s) and parameter name(s) from environment variables (one key, or two
//!   during a rotation).
//! * [`keys`] — private keys read once per execution environment and kept for warm invocations;
//!   the PEM text is held in zeroizing buffers and the parsed RSA keys are wiped on drop.
//! * [`ssm`] — Parameter Store through the official `aws-sdk-ssm`.
//! * [`unwrap`] — the RSA-OAEP data-key unwrap done by AWS-LC (`aws-lc-rs`), plugged into the
//!   engine's [`flowkeys_esdk::RsaUnwrap`] seam: about six times faster than the pure-Rust path
//!   for 4096-bit keys.
//! * [`handler`] — one invocation, answered with the engine's contract
//!   ([`flowkeys_connect::contract::LambdaResponse`]) exactly as the generated Node.js and
//!   Python Lambdas answer.
#![warn(missing_docs)]

pub mod config;
pub mod handler;
pub mod keys;
pub mod ssm;
pub mod unwrap;

pub use config::{ConfigError, KeySlot, LambdaConfig};
pub use handler::Decryptor;
pub use keys::{FetchError, KeySource};

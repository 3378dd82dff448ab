//! A command's failure: an admin-readable sentence and the exit code scripts branch on.

use flowkeys_esdk::{Error, ErrorClass};

/// Exit codes of `inspect`, `decrypt` and `encrypt` (listed in `flowkeys --help`).
pub mod code {
    /// Unexpected internal error.
    pub const INTERNAL: u8 = 1;
    /// Bad arguments (clap uses the same code for its own usage errors).
    pub const USAGE: u8 = 2;
    /// Input is not base64, or empty.
    pub const INPUT: u8 = 3;
    /// Not a well-formed message.
    pub const FORMAT: u8 = 4;
    /// Key or certificate file unreadable.
    pub const KEY_FILE: u8 = 5;
    /// No loaded key opens the message.
    pub const KEY_MISMATCH: u8 = 6;
    /// Tag, signature or key commitment failed.
    pub const INTEGRITY: u8 = 7;
    /// Encryption failed.
    pub const ENCRYPT: u8 = 8;
    /// A file could not be read or output written.
    pub const IO: u8 = 9;
}

/// A failed command: its message (already a sentence) and exit code.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// What went wrong and what to do; may quote input, so it is escaped before printing.
    pub message: String,
}

impl Failure {
    /// A usage problem clap cannot express (e.g. flags that must come in pairs).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { code: code::USAGE, message: format!("{} Run `flowkeys help` for usage.", message.into()) }
    }

    /// A file or stream problem.
    pub fn io(message: impl Into<String>) -> Self {
        Failure { code: code::IO, message: message.into() }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let code = match e.class() {
            ErrorClass::Input => code::INPUT,
            ErrorClass::Format => code::FORMAT,
            ErrorClass::KeyFile => code::KEY_FILE,
            ErrorClass::KeyMismatch => code::KEY_MISMATCH,
            ErrorClass::Integrity => code::INTEGRITY,
            ErrorClass::Encrypt => code::ENCRYPT,
            _ => code::INTERNAL,
        };
        Failure { code, message: e.to_string() }
    }
}

/// What every command returns.
pub type CliResult<T> = Result<T, Failure>;

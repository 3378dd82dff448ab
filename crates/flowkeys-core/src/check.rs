//! "Are these key files ready for Connect, and for how long?" — one call for a scheduled check
//! (the CLI's `flowkeys check`), over the same import engine and checklists as the console.
//!
//! The caller reads the files (names and bytes) and the clock; [`check_files`] imports them
//! together (so a key and its certificate in separate files form one key set), runs each key
//! set's [readiness checklist](crate::checklist), and folds everything into one
//! [`CheckVerdict`] with an exit code for scripts. The [`CheckReport`] serialises to JSON.
//!
//! Without a password, encrypted inputs are reported as needing one; only the empty-password
//! rule of PKCS#12 is tried, as in the console. Every input is bounded by the import's work
//! budget and size limits, so a hostile file cannot stall a cron job.

use crate::checklist::{CheckLine, Readiness};
use crate::import::{import, ImportInput, InputOutcome};
use crate::time::UnixTime;
use serde::Serialize;

/// The overall answer, worst first: the order of precedence when inputs disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckVerdict {
    /// An input could not be read (damaged, not key material, refused by a limit), or nothing
    /// usable was found.
    Unreadable,
    /// An input is encrypted and no password (or the wrong one) was given.
    NeedsPassword,
    /// A key set's checklist has a failing line.
    NotReady,
    /// Every key set is ready, but a certificate expires within the warning window.
    ExpiringSoon,
    /// Every key set is ready (warnings allowed) and none expires within the window.
    Ready,
}

impl CheckVerdict {
    /// Exit code for scripts: 0 ready, 1 not ready or expiring soon, 3 unreadable or needing
    /// a password (2 is left for the command line's own usage errors).
    pub fn exit_code(self) -> i32 {
        match self {
            CheckVerdict::Ready => 0,
            CheckVerdict::NotReady | CheckVerdict::ExpiringSoon => 1,
            CheckVerdict::Unreadable | CheckVerdict::NeedsPassword => 3,
        }
    }
}

/// What became of one input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputStatus {
    /// Read.
    Read,
    /// Encrypted; a password is needed.
    NeedsPassword,
    /// Not read.
    Failed,
}

/// One input's line in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputCheck {
    /// The name given (usually the path).
    pub name: String,
    /// What became of it.
    pub status: InputStatus,
    /// In words: what it held, or why it was not read.
    pub message: String,
}

/// One key set's readiness.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeySetCheck {
    /// SHA-256 of the public key (SubjectPublicKeyInfo DER), colon-separated hex.
    pub public_key_sha256: String,
    /// Which parts were found, e.g. "private key and certificate".
    pub completeness: String,
    /// The certificate's subject, when there is a certificate.
    pub subject: Option<String>,
    /// The certificate's end date (`YYYY-MM-DD`), when there is a certificate.
    pub not_after: Option<String>,
    /// Whole days until the certificate expires (negative once expired).
    pub days_left: Option<i64>,
    /// Whether it expires within the caller's warning window (see [`check_files`]).
    pub expiring_soon: bool,
    /// "Ready for Connect", "Not ready for Connect: 2 problem(s)", …
    pub headline: String,
    /// The checklist's overall answer.
    pub readiness: Readiness,
    /// The checklist lines.
    pub lines: Vec<CheckLine>,
}

/// The whole answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The overall verdict.
    pub verdict: CheckVerdict,
    /// The warning window used, in days.
    pub warn_days: u32,
    /// The time checked at (`YYYY-MM-DD`).
    pub checked_on: String,
    /// Per input, in the order given.
    pub inputs: Vec<InputCheck>,
    /// Per key set found, in order of first appearance.
    pub key_sets: Vec<KeySetCheck>,
}

/// Imports `files` (name, bytes) together, with `password` for every encrypted one, and checks
/// every key set found at `now`. A certificate with `warn_days` or fewer whole days left makes
/// the verdict [`CheckVerdict::ExpiringSoon`] (if nothing is worse).
///
/// Costs one import (bounded per input by the work budget, [`crate::pbe::WorkCost`]) and, per key set,
/// one RSA round trip and a few signature checks.
pub fn check_files(
    files: Vec<(String, Vec<u8>)>,
    password: Option<&str>,
    now: UnixTime,
    warn_days: u32,
) -> CheckReport {
    let inputs: Vec<ImportInput> = files
        .into_iter()
        .map(|(name, bytes)| {
            let input = ImportInput::file(name, bytes);
            match password {
                Some(p) => input.with_password(p),
                None => input,
            }
        })
        .collect();
    let result = import(&inputs);
    let mut verdict = CheckVerdict::Ready;
    let mut input_checks = Vec::new();
    for report in &result.inputs {
        let (status, message) = match &report.outcome {
            InputOutcome::Read(summary) => (InputStatus::Read, summary.description.clone()),
            InputOutcome::NeedsPassword { what } => {
                verdict = verdict.min(CheckVerdict::NeedsPassword);
                (
                    InputStatus::NeedsPassword,
                    format!("“{}” holds an encrypted {what}: give its password to check it.", report.name),
                )
            }
            InputOutcome::Failed(e) => {
                // A wrong password is a password problem, not a damaged file.
                let worst = if matches!(e, crate::ImportError::WrongPassword { .. }) {
                    CheckVerdict::NeedsPassword
                } else {
                    CheckVerdict::Unreadable
                };
                verdict = verdict.min(worst);
                (InputStatus::Failed, e.to_string())
            }
        };
        input_checks.push(InputCheck { name: report.name.clone(), status, message });
    }
    if result.key_sets.is_empty() {
        verdict = verdict.min(CheckVerdict::Unreadable);
    }
    let mut key_sets = Vec::new();
    for (index, set) in result.key_sets.iter().enumerate() {
        let Some(list) = result.checklist(index, now) else { continue };
        let cert = set.certificate().map(|c| c.summary());
        let days_left = cert.map(|s| s.days_remaining(now));
        let expiring_soon = days_left.is_some_and(|d| d <= i64::from(warn_days));
        if list.readiness == Readiness::NotReady {
            verdict = verdict.min(CheckVerdict::NotReady);
        } else if expiring_soon {
            verdict = verdict.min(CheckVerdict::ExpiringSoon);
        }
        key_sets.push(KeySetCheck {
            public_key_sha256: crate::Sha256Fingerprint::of(set.spki().as_bytes()).to_string(),
            completeness: set.completeness().describe().to_owned(),
            subject: cert.map(|s| s.subject.clone()),
            not_after: cert.map(|s| s.not_after.date_string()),
            days_left,
            expiring_soon,
            headline: list.headline(),
            readiness: list.readiness,
            lines: list.lines,
        });
    }
    CheckReport { verdict, warn_days, checked_on: now.date_string(), inputs: input_checks, key_sets }
}

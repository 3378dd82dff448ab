//! `flowkeys check`: the console's "Ready for Connect?" checklist for key files, for scripts
//! and scheduled expiry checks. It reads files with the console's own import engine, so a file
//! the console accepts is accepted here, with the same words.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use flowkeys_core::checklist::EXPIRY_WARNING_DAYS;
use flowkeys_core::import::Completeness;
use flowkeys_core::{import, CheckId, Checklist, ImportInput, InputOutcome, Readiness, UnixTime, Verdict};
use serde::Serialize;

use crate::failure::{CliResult, Failure};
use crate::io::{read_file, write_stdout};
use crate::terminal::safe;

/// Exit codes of `flowkeys check`.
pub mod code {
    /// Every key set is ready and none expires within --warn-days.
    pub const READY: u8 = 0;
    /// A key set is not ready, or expires within --warn-days.
    pub const NOT_READY: u8 = 1;
    /// A file could not be read, is not key material, or needs a password that was not given.
    pub const UNREADABLE: u8 = 3;
}

/// Check key files (PEM, DER, PKCS#8, PKCS#12…) and print each key set's readiness checklist.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("password").args(["password_file", "password_env"])))]
pub struct CheckArgs {
    /// Read the password for encrypted files from this file (its first line).
    #[arg(long = "password-file", value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Read the password for encrypted files from this environment variable.
    #[arg(long = "password-env", value_name = "VAR")]
    pub password_env: Option<String>,
    /// Print JSON (one object per file and per key set).
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a certificate expires within this many days.
    #[arg(long = "warn-days", value_name = "N", default_value_t = EXPIRY_WARNING_DAYS)]
    pub warn_days: i64,
    /// Key, certificate or bundle files.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    status: &'static str,
    message: String,
}

#[derive(Serialize)]
struct LineReport {
    check: &'static str,
    title: &'static str,
    verdict: String,
    text: String,
}

#[derive(Serialize)]
struct SetReport {
    label: String,
    public_key_sha256: String,
    bits: usize,
    contents: &'static str,
    headline: String,
    ready: bool,
    days_left: Option<i64>,
    expiring: bool,
    checks: Vec<LineReport>,
}

#[derive(Serialize)]
struct Report {
    files: Vec<FileReport>,
    key_sets: Vec<SetReport>,
    exit_code: u8,
}

/// A stable, machine-readable name for a checklist line.
fn check_key(id: CheckId) -> &'static str {
    match id {
        CheckId::KeyPair => "key_pair",
        CheckId::SelfSigned => "self_signed",
        CheckId::KeySize => "key_size",
        CheckId::PublicKeyLength => "public_key_length",
        CheckId::Validity => "validity",
        CheckId::SignatureAlgorithm => "signature_algorithm",
        CheckId::PrivateKeyWorks => "private_key_works",
    }
}

fn password(args: &CheckArgs) -> CliResult<Option<flowkeys_esdk::Zeroizing<String>>> {
    if let Some(file) = &args.password_file {
        let bytes = read_file(file)?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| Failure::usage("The password file is not UTF-8 text."))?;
        let first = text.lines().next().unwrap_or("");
        return Ok(Some(flowkeys_esdk::Zeroizing::new(first.to_owned())));
    }
    if let Some(var) = &args.password_env {
        return match std::env::var(var) {
            Ok(value) => Ok(Some(flowkeys_esdk::Zeroizing::new(value))),
            Err(_) => Err(Failure::usage(format!("The environment variable {} is not set.", safe(var)))),
        };
    }
    Ok(None)
}

/// Runs the command; returns the exit code (0 ready, 1 not ready or expiring, 3 unreadable).
pub fn run(args: &CheckArgs) -> CliResult<u8> {
    let password = password(args)?;
    let mut inputs = Vec::new();
    for path in &args.files {
        let bytes = read_file(path).map_err(|f| Failure { code: code::UNREADABLE, message: f.message })?;
        let input = ImportInput::file(path.display().to_string(), bytes.to_vec());
        inputs.push(match &password {
            Some(p) => input.with_password(p),
            None => input,
        });
    }
    let imported = import(&inputs);
    let now = UnixTime::now();
    let mut exit = code::READY;

    let files = imported
        .inputs
        .iter()
        .map(|r| match &r.outcome {
            InputOutcome::Read(summary) => {
                FileReport { file: r.name.clone(), status: "read", message: summary.description.clone() }
            }
            InputOutcome::NeedsPassword { what } => {
                exit = code::UNREADABLE;
                FileReport {
                    file: r.name.clone(),
                    status: "needs_password",
                    message: format!("{what}: give its password with --password-file FILE or --password-env VAR."),
                }
            }
            InputOutcome::Failed(e) => {
                exit = code::UNREADABLE;
                FileReport { file: r.name.clone(), status: "failed", message: e.to_string() }
            }
        })
        .collect::<Vec<_>>();

    let mut sets = Vec::new();
    for (index, set) in imported.key_sets.iter().enumerate() {
        let Some(checklist) = imported.checklist(index, now) else { continue };
        let days_left = set.certificate().map(|c| now.days_until(c.summary().not_after));
        let expiring = days_left.is_some_and(|d| d < args.warn_days);
        let ready = checklist.readiness != Readiness::NotReady && set.completeness() != Completeness::PublicKeyOnly;
        if (!ready || expiring) && exit == code::READY {
            exit = code::NOT_READY;
        }
        sets.push(set_report(set.label(), set.public_key_sha256().to_string(), set.bits(), set.completeness(), &checklist, ready, days_left, expiring));
    }

    let report = Report { files, key_sets: sets, exit_code: exit };
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure { code: crate::failure::code::INTERNAL, message: e.to_string() })?;
        write_stdout(format!("{json}\n").as_bytes())?;
    } else {
        write_stdout(render(&report, args.warn_days).as_bytes())?;
    }
    Ok(exit)
}

#[allow(clippy::too_many_arguments)]
fn set_report(
    label: String,
    fingerprint: String,
    bits: usize,
    completeness: Completeness,
    checklist: &Checklist,
    ready: bool,
    days_left: Option<i64>,
    expiring: bool,
) -> SetReport {
    SetReport {
        label,
        public_key_sha256: fingerprint,
        bits,
        contents: completeness.describe(),
        headline: checklist.headline(),
        ready,
        days_left,
        expiring,
        checks: checklist
            .lines
            .iter()
            .map(|l| LineReport {
                check: check_key(l.id),
                title: l.id.title(),
                verdict: l.verdict.to_string(),
                text: l.text.clone(),
            })
            .collect(),
    }
}

fn render(report: &Report, warn_days: i64) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for f in &report.files {
        let _ = writeln!(s, "{}: {}", safe(&f.file), safe(&f.message));
    }
    if report.key_sets.is_empty() {
        let _ = writeln!(s, "No key set found in these files.");
    }
    for set in &report.key_sets {
        let _ = writeln!(s);
        let _ = writeln!(s, "Key set  {} (RSA {}, {})", safe(&set.label), set.bits, set.contents);
        let _ = writeln!(s, "SHA-256  {}", set.public_key_sha256);
        let _ = writeln!(s, "Verdict  {}", set.headline);
        for line in &set.checks {
            let mark = match line.verdict.as_str() {
                v if v == Verdict::Pass.to_string() => "ok  ",
                v if v == Verdict::Warn.to_string() => "warn",
                _ => "FAIL",
            };
            let _ = writeln!(s, "  [{mark}] {}: {}", line.title, safe(&line.text));
        }
        if set.expiring {
            if let Some(days) = set.days_left {
                let _ = writeln!(s, "  Expires in {days} day(s), within the --warn-days limit of {warn_days}.");
            }
        }
    }
    s
}

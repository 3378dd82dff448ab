//! `flowkeys check`: the console's "Ready for Connect?" checklist for key files, for scripts
//! and scheduled expiry checks. The engine's [`check_files`] does the work (the console's own
//! import engine and checklists, bounded by the import's work budget); this file reads the
//! files and the password, and prints.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use flowkeys_core::check::{check_files, CheckReport, InputStatus};
use flowkeys_core::checklist::EXPIRY_WARNING_DAYS;
use flowkeys_core::{UnixTime, Verdict};
use flowkeys_esdk::Zeroizing;

use crate::failure::{code, CliResult, Failure};
use crate::io::{read_file, write_stdout};
use crate::terminal::safe;

/// Check key files (PEM, DER, PKCS#8, PKCS#12…) and print each key set's readiness checklist.
/// Exit 0 ready, 1 not ready or expiring within --warn-days, 2 usage, 3 unreadable or needing
/// a password.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("password").args(["password_file", "password_env"])))]
pub struct CheckArgs {
    /// Read the password for encrypted files from this file (its first line).
    #[arg(long = "password-file", value_name = "FILE")]
    pub password_file: Option<PathBuf>,
    /// Read the password for encrypted files from this environment variable.
    #[arg(long = "password-env", value_name = "VAR")]
    pub password_env: Option<String>,
    /// Print JSON (the verdict, one object per file and per key set).
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when a certificate expires within this many days.
    #[arg(long = "warn-days", value_name = "N", default_value_t = EXPIRY_WARNING_DAYS)]
    pub warn_days: u32,
    /// Key, certificate or bundle files, checked together (a key and its certificate may be
    /// in separate files).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

fn password(args: &CheckArgs) -> CliResult<Option<Zeroizing<String>>> {
    if let Some(file) = &args.password_file {
        let bytes = read_file(file)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| Failure::usage("The password file is not UTF-8 text."))?;
        return Ok(Some(Zeroizing::new(text.lines().next().unwrap_or("").to_owned())));
    }
    if let Some(var) = &args.password_env {
        return std::env::var(var)
            .map(|v| Some(Zeroizing::new(v)))
            .map_err(|_| Failure::usage(format!("The environment variable {} is not set.", safe(var))));
    }
    Ok(None)
}

/// Runs the command; returns its exit code.
pub fn run(args: &CheckArgs) -> CliResult<u8> {
    let password = password(args)?;
    let mut files = Vec::new();
    for path in &args.files {
        let bytes = read_file(path).map_err(|f| Failure { code: 3, message: f.message })?;
        files.push((path.display().to_string(), bytes.to_vec()));
    }
    let report = check_files(files, password.as_ref().map(|p| p.as_str()), UnixTime::now(), args.warn_days);
    if args.json {
        let json = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure { code: code::INTERNAL, message: e.to_string() })?;
        write_stdout(format!("{json}\n").as_bytes())?;
    } else {
        write_stdout(render(&report).as_bytes())?;
    }
    Ok(u8::try_from(report.verdict.exit_code()).unwrap_or(code::INTERNAL))
}

/// The text view; every file name, subject and message is escaped for the terminal.
fn render(report: &CheckReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for input in &report.inputs {
        let hint = match input.status {
            InputStatus::NeedsPassword => " Use --password-file FILE or --password-env VAR.",
            _ => "",
        };
        let _ = writeln!(s, "{}: {}{hint}", safe(&input.name), safe(&input.message));
    }
    if report.key_sets.is_empty() {
        let _ = writeln!(s, "No key set found in these files.");
    }
    for set in &report.key_sets {
        let _ = writeln!(s);
        let _ =
            writeln!(s, "Key set  {} ({})", safe(set.subject.as_deref().unwrap_or("no certificate")), set.completeness);
        let _ = writeln!(s, "SHA-256  {}", set.public_key_sha256);
        let _ = writeln!(s, "Verdict  {}", set.headline);
        for line in &set.lines {
            let mark = match line.verdict {
                Verdict::Pass => "ok  ",
                Verdict::Warn => "warn",
                Verdict::Fail => "FAIL",
            };
            let _ = writeln!(s, "  [{mark}] {}: {}", line.id.title(), safe(&line.text));
        }
        if set.expiring_soon {
            if let Some(days) = set.days_left {
                let _ = writeln!(
                    s,
                    "  Expires in {days} day(s), within --warn-days {} (renew: re-issue the certificate for the same key).",
                    report.warn_days
                );
            }
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Overall  {}", verdict_words(report));
    s
}

fn verdict_words(report: &CheckReport) -> &'static str {
    use flowkeys_core::check::CheckVerdict as V;
    match report.verdict {
        V::Ready => "ready",
        V::ExpiringSoon => "ready, but expiring soon",
        V::NotReady => "not ready",
        V::NeedsPassword => "a password is needed",
        V::Unreadable => "a file could not be read",
    }
}

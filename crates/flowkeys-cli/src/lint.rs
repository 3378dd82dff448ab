//! `flowkeys lint`: the console's flow linter for CI and for flows kept as code. Files are
//! recognised by content (flow exports, describe-contact-flow output, CloudFormation JSON/YAML,
//! Terraform JSON/HCL); folders are walked and skipped files are named with the reason. All
//! judgement (sensitivity, rules, verdict, formats, exit status) is the engine's.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use flowkeys_connect::flow::report::{exit_status, to_json, to_sarif, to_text, FailOn, ReportOptions};
use flowkeys_connect::flow::source::walk;
use flowkeys_connect::{LintContext, Overrides};

use crate::terminal::safe;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-like lines: file, flow, action, severity[rule], message; evidence and fix below.
    Text,
    /// One JSON document: files, flows, findings (rule, severity, action_id, message, fix, evidence).
    Json,
    /// SARIF 2.1.0 for code-scanning dashboards.
    Sarif,
}

/// The lowest severity that makes the command exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding shown.
    Info,
    /// Never exit 1 because of findings.
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> Self {
        match f {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

/// Lint Amazon Connect flows: exported JSON, describe-contact-flow output, CloudFormation
/// templates (JSON/YAML) and Terraform (.tf.json/.tf); folders are searched recursively.
#[derive(Args, Debug)]
#[command(
    after_help = "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage, 3 an input could not be read.\n\nEach Store customer input block is judged secret, not secret or unknown from the flow itself (encryption, prompt words, digit limits, attribute and Lambda names); --secret and --not-secret settle a block by its action Identifier."
)]
pub struct LintArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Lowest severity that makes the command exit 1.
    #[arg(long = "fail-on", value_enum, default_value = "error", value_name = "LEVEL")]
    pub fail_on: FailOnArg,
    /// Also report quality findings (error branches, unreachable actions, response validation,
    /// limits). Security findings are always reported.
    #[arg(long)]
    pub quality: bool,
    /// Treat the Store customer input block with this Identifier as secret (repeatable).
    #[arg(long = "secret", value_name = "ACTION_ID")]
    pub secret: Vec<String>,
    /// Treat the Store customer input block with this Identifier as not secret (repeatable).
    #[arg(long = "not-secret", value_name = "ACTION_ID")]
    pub not_secret: Vec<String>,
    /// Files or folders to lint.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Exit codes of `flowkeys lint`.
pub mod code {
    /// Bad arguments.
    pub const USAGE: u8 = 2;
    /// Output could not be written (treated like an unreadable input: the run did not happen).
    pub const IO: u8 = 3;
}

/// Runs `flowkeys lint` and returns its exit code (main's dispatch turns it into the process
/// exit code like every other command's).
pub fn status(args: LintArgs) -> u8 {
    let secret: BTreeSet<&String> = args.secret.iter().collect();
    if let Some(both) = args.not_secret.iter().find(|id| secret.contains(id)) {
        eprintln!(
            "flowkeys lint: “{}” is given both as --secret and as --not-secret; choose one. Run `flowkeys lint --help` for usage.",
            safe(both)
        );
        return code::USAGE;
    }
    let mut overrides = Overrides::new();
    for id in &args.secret {
        overrides.secret(id.clone());
    }
    for id in &args.not_secret {
        overrides.not_secret(id.clone());
    }
    let ctx = LintContext { now_unix: Some(flowkeys_core::UnixTime::now()), key_sets: Vec::new() };
    let entries = walk(&args.paths, &ctx, &overrides);
    let options = ReportOptions { quality: args.quality };
    let output = match args.format {
        Format::Text => to_text(&entries, options).lines().map(|l| format!("{}\n", safe(l))).collect(),
        Format::Json => format!("{:#}\n", to_json(&entries, options)),
        Format::Sarif => format!("{:#}\n", to_sarif(&entries, options)),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
        eprintln!("flowkeys lint: the report could not be written: {e}");
        return code::IO;
    }
    exit_status(&entries, options, args.fail_on.into())
}

//! `flowkeys stack`: the CloudFormation template that deploys the flow security key, the decrypt
//! Lambda and the secure-input flow in one step, plus the environment-configured Node.js and
//! Python Lambda sources that `scripts/package-lambda.sh` packages.

use std::path::{Path, PathBuf};

use flowkeys_connect::lambda::environment_lambda_code;
use flowkeys_connect::stack::{deploy_commands, generate_stack, LambdaRuntime, StackSpec};
use flowkeys_connect::{CollectKind, EncryptionCertificate};

use crate::failure::{code, CliResult, Failure};

/// Arguments of `flowkeys stack`.
#[derive(clap::Args, Debug)]
#[command(
    about = "Write the CloudFormation template that deploys key, decrypt Lambda and flow together",
    long_about = "Writes a CloudFormation template (JSON) that registers the certificate's public key as a flow security key, creates the decrypt Lambda with a least-privilege role and Connect's permission to invoke it, associates it with the instance and imports the secure-input flow wired to both. The Key ID is read from the registered key, never copied by hand. Store the private key first: aws ssm put-parameter --type SecureString (CloudFormation cannot)."
)]
pub struct StackArgs {
    /// Certificate (PEM) of the key pair whose private key is in Parameter Store. Needed for the
    /// template; without it only --lambda-source is written.
    #[arg(long, value_name = "FILE", required_unless_present = "lambda_source")]
    certificate: Option<PathBuf>,
    /// The template's default Runtime parameter.
    #[arg(long, value_enum, default_value_t = RuntimeArg::Rust)]
    runtime: RuntimeArg,
    /// What the flow asks the caller for.
    #[arg(long, value_enum, default_value_t = CollectArg::CardNumber)]
    collect: CollectArg,
    /// Write the template to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also write index.js and lambda_function.py (keys read from the environment) into DIR.
    #[arg(long, value_name = "DIR")]
    lambda_source: Option<PathBuf>,
    /// Print the three deployment commands on standard error.
    #[arg(long)]
    commands: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum RuntimeArg {
    Rust,
    Nodejs,
    Python,
}

impl From<RuntimeArg> for LambdaRuntime {
    fn from(r: RuntimeArg) -> Self {
        match r {
            RuntimeArg::Rust => LambdaRuntime::Rust,
            RuntimeArg::Nodejs => LambdaRuntime::Nodejs,
            RuntimeArg::Python => LambdaRuntime::Python,
        }
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum CollectArg {
    CardNumber,
    Cvv,
    ExpiryDate,
    AccountNumber,
}

impl From<CollectArg> for CollectKind {
    fn from(c: CollectArg) -> Self {
        match c {
            CollectArg::CardNumber => CollectKind::CardNumber,
            CollectArg::Cvv => CollectKind::Cvv,
            CollectArg::ExpiryDate => CollectKind::ExpiryDate,
            CollectArg::AccountNumber => CollectKind::AccountNumber,
        }
    }
}

fn io(what: &str, path: &Path, e: std::io::Error) -> Failure {
    Failure::io(format!("Could not {what} {}: {e}.", path.display()))
}

/// Runs `flowkeys stack`.
pub fn run(args: &StackArgs) -> CliResult<()> {
    if let Some(dir) = &args.lambda_source {
        std::fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
        let code = environment_lambda_code();
        for (name, text) in [("index.js", &code.node), ("lambda_function.py", &code.python)] {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| io("write", &path, e))?;
        }
    }
    let Some(certificate) = &args.certificate else {
        return Ok(());
    };
    let text = std::fs::read_to_string(certificate).map_err(|e| io("read", certificate, e))?;
    let certificate_pem = EncryptionCertificate::parse(&text)
        .map_err(|e| Failure { code: code::KEY_FILE, message: format!("{}: {e}", certificate.display()) })?;
    let now_unix = Some(flowkeys_core::UnixTime::now());
    let spec = StackSpec { certificate_pem, collect: args.collect.into(), runtime: args.runtime.into(), now_unix };
    let stack = generate_stack(&spec).map_err(|e| Failure { code: code::INTERNAL, message: e.to_string() })?;
    let mut template = stack.template;
    template.push('\n');
    match &args.out {
        Some(path) => std::fs::write(path, &template).map_err(|e| io("write", path, e))?,
        None => print!("{template}"),
    }
    if args.commands {
        for (i, line) in deploy_commands(spec.runtime).iter().enumerate() {
            eprintln!("{}. {line}", i.saturating_add(1)); // a list index: never saturates
        }
        for note in &stack.notes {
            eprintln!("- {note}");
        }
    }
    Ok(())
}

//! `flowkeys`: the Flowkeys engine on the command line — inspect, decrypt and encrypt AWS
//! Encryption SDK messages with Amazon Connect's settings, and check key files. A thin shell:
//! every rule lives in the engine crates, every error is the engine's own sentence, and each
//! error class has its own exit code (see `flowkeys help`).

mod check;
mod decrypt;
mod encrypt;
mod failure;
mod inspect;
mod io;
mod lint;
mod setup;
mod stack;
mod terminal;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use clap_complete::Shell;

use failure::CliResult;

const EXIT_CODES: &str = "\
Exit codes of inspect, decrypt and encrypt:
  0 success            5 key or certificate file unreadable
  1 internal error     6 no loaded key opens the message (Key ID, provider, key or padding)
  2 usage              7 authentication failed (tag, signature or key commitment)
  3 not base64/empty   8 encryption failed
  4 malformed message  9 a file could not be read or output written
check: 0 ready, 1 not ready or expiring within --warn-days, 2 usage, 3 unreadable.

INPUT is the value itself, @FILE, or - / nothing for standard input. Ciphertexts may be base64
(line breaks, spaces and surrounding quotes are ignored) or raw bytes.";

/// Inspect, decrypt and encrypt Amazon Connect encrypted input (AWS Encryption SDK messages),
/// and check key files.
#[derive(Parser, Debug)]
#[command(name = "flowkeys", version, after_help = EXIT_CODES, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Show everything a message reveals without a key: suite, message ID, encryption context,
    /// Key ID(s), RSA key size, frames, IVs, and whether its signature is valid.
    Inspect(inspect::InspectArgs),
    /// Decrypt with an RSA private key; writes the plaintext to standard output.
    Decrypt(decrypt::DecryptArgs),
    /// Encrypt exactly as Amazon Connect does; prints the base64 ciphertext.
    Encrypt(encrypt::EncryptArgs),
    /// Check key files and print each key set's "Ready for Connect?" checklist.
    Check(check::CheckArgs),
    /// Lint Amazon Connect flows (exports, describe-contact-flow output, CloudFormation,
    /// Terraform) for leaks of secret input; exit 1 on findings at or above --fail-on.
    Lint(lint::LintArgs),
    /// Write the CloudFormation template that deploys key, decrypt Lambda and flow together.
    Stack(stack::StackArgs),
    /// Print the AWS CLI set-up commands (key, Lambda role, function, invoke permission, flow),
    /// the same script the console shows.
    Setup(setup::SetupArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("flowkeys: {}", terminal::safe(&f.message));
            ExitCode::from(f.code)
        }
    }
}

fn dispatch(command: Command) -> CliResult<u8> {
    match command {
        Command::Inspect(args) => inspect::run(&args).map(|()| 0),
        Command::Decrypt(args) => decrypt::run(&args).map(|()| 0),
        Command::Encrypt(args) => encrypt::run(&args).map(|()| 0),
        Command::Check(args) => check::run(&args),
        Command::Lint(args) => Ok(lint::status(args)),
        Command::Stack(args) => stack::run(&args).map(|()| 0),
        Command::Setup(args) => setup::run(&args).map(|()| 0),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "flowkeys", &mut std::io::stdout());
            Ok(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}

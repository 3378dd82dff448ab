//! `flowkeys encrypt`: make the ciphertext Amazon Connect would store.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use flowkeys_esdk::{connect, keys};

use crate::failure::CliResult;
use crate::io::{read_file, read_input, write_stdout};

/// Encrypt exactly as Amazon Connect does (v1 message, suite 0x0378, 4096-byte frames, provider
/// AmazonConnect, RSA-OAEP-SHA512); prints the base64 ciphertext, like $.StoredCustomerInput.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("recipient").required(true).args(["certificate", "public_key"])))]
pub struct EncryptArgs {
    /// The encryption certificate (PEM or DER), as pasted into the Store customer input block.
    #[arg(long, value_name = "FILE")]
    pub certificate: Option<PathBuf>,
    /// An SPKI public key (PEM `BEGIN PUBLIC KEY` or DER) instead of a certificate.
    #[arg(long = "public-key", value_name = "FILE")]
    pub public_key: Option<PathBuf>,
    /// The Key ID Amazon Connect shows for the security key.
    #[arg(long = "key-id", value_name = "ID")]
    pub key_id: String,
    /// The plaintext: text, @FILE, or - / nothing for standard input.
    pub input: Option<String>,
}

/// Runs the command.
pub fn run(args: &EncryptArgs) -> CliResult<()> {
    let file = match (&args.certificate, &args.public_key) {
        (Some(file), _) | (None, Some(file)) => file,
        // clap's argument group guarantees one of them.
        (None, None) => return Err(crate::failure::Failure::usage("encrypt needs --certificate or --public-key.")),
    };
    let public = keys::load_public_key(&read_file(file)?)?;
    let plaintext = read_input(args.input.as_deref(), "plaintext")?;
    let text = connect::encrypt_to_base64(&public, &args.key_id, &plaintext, &mut getrandom::SysRng)?;
    write_stdout(format!("{text}\n").as_bytes())
}

//! `flowkeys decrypt`: open a message with one or more RSA private keys.

use std::path::PathBuf;

use clap::Args;
use flowkeys_esdk::{
    connect, decrypt, keys, message_bytes, DecryptOptions, EncryptionContext, RawRsaKeyring, RsaPadding,
};

use crate::failure::{CliResult, Failure};
use crate::io::{read_file, read_input, stdout_is_terminal, write_stdout};
use crate::terminal::safe_bytes;

/// Connect writes exactly one encrypted data key; a few more cover messages made by the SDKs
/// for two keys. Each one costs an RSA private-key operation, so the bound is small.
pub const MAX_ENCRYPTED_DATA_KEYS: u16 = 16;

/// Decrypt with an RSA private key; writes the plaintext to standard output.
#[derive(Args, Debug)]
pub struct DecryptArgs {
    /// RSA private key: PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`, PEM or DER.
    /// Repeat together with --key-id to try several keys (e.g. during a rotation).
    #[arg(long = "private-key", value_name = "FILE", required = true)]
    pub private_keys: Vec<PathBuf>,
    /// The Key ID Amazon Connect shows for the security key (the key name in the message).
    #[arg(long = "key-id", value_name = "ID", required = true)]
    pub key_ids: Vec<String>,
    /// Key namespace (provider ID) of the keys.
    #[arg(long = "provider-id", value_name = "ID", default_value = connect::PROVIDER_ID)]
    pub provider_id: String,
    /// RSA padding: oaep-sha512 (what Connect uses), oaep-sha256, oaep-sha1, oaep-sha384 or pkcs1.
    #[arg(long, value_name = "PADDING", value_parser = parse_padding)]
    pub padding: Option<RsaPadding>,
    /// Encryption context entry the message was made with, if it is not stored in the message.
    #[arg(long = "encryption-context", value_name = "KEY=VALUE", value_parser = parse_pair)]
    pub encryption_context: Vec<(String, String)>,
    /// The ciphertext: base64 text, @FILE (base64 or binary), or - / nothing for standard input.
    pub input: Option<String>,
}

fn parse_padding(text: &str) -> Result<RsaPadding, String> {
    text.parse::<RsaPadding>()
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    text.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())).ok_or_else(|| "expected KEY=VALUE".to_owned())
}

/// Runs the command.
pub fn run(args: &DecryptArgs) -> CliResult<()> {
    if args.private_keys.len() != args.key_ids.len() {
        return Err(Failure::usage("Give --private-key and --key-id in pairs (one Key ID per private key)."));
    }
    let padding = args.padding.unwrap_or(connect::PADDING);
    let context: EncryptionContext = args.encryption_context.iter().cloned().collect();
    let mut keyrings = Vec::new();
    for (file, key_id) in args.private_keys.iter().zip(&args.key_ids) {
        let pem = read_file(file)?;
        let key = keys::load_private_key(&pem)?;
        keyrings.push(RawRsaKeyring::new(&args.provider_id, key_id, padding, key));
    }
    let raw = read_input(args.input.as_deref(), "ciphertext")?;
    let message = message_bytes(&raw)?;
    let options = DecryptOptions {
        encryption_context: (!context.is_empty()).then_some(context),
        max_encrypted_data_keys: Some(MAX_ENCRYPTED_DATA_KEYS),
        ..DecryptOptions::default()
    };
    let out = decrypt(&message, &keyrings, &options)?;
    if stdout_is_terminal() {
        // Raw bytes for pipes; on a terminal the value cannot carry escape sequences.
        write_stdout(safe_bytes(&out.plaintext).as_bytes())
    } else {
        write_stdout(&out.plaintext)
    }
}

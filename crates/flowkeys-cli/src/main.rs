//! `flowkeys`: inspect, decrypt and encrypt AWS Encryption SDK messages with Amazon Connect's
//! settings, from the command line. A thin shell over `flowkeys_esdk`; every error is the
//! engine's own sentence, and each error class has its own exit code (see `--help`).

#![forbid(unsafe_code)]

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use flowkeys_esdk::{
    connect, decrypt, inspect, keys, message_bytes, DecryptOptions, EncryptionContext, Error, ErrorClass, MessageInfo,
    RawRsaKeyring, RsaPadding, Zeroizing,
};

const HELP: &str = "\
flowkeys - inspect, decrypt and encrypt Amazon Connect encrypted input (AWS Encryption SDK messages)

USAGE:
    flowkeys inspect [--json] [INPUT]
    flowkeys decrypt --private-key FILE --key-id ID [--provider-id ID] [--padding PADDING]
                     [--encryption-context KEY=VALUE]... [INPUT]
    flowkeys encrypt (--certificate FILE | --public-key FILE) --key-id ID [INPUT]
    flowkeys --help | --version

INPUT:
    TEXT     the value itself (base64 ciphertext for inspect/decrypt, plaintext for encrypt)
    @FILE    read the value from FILE
    - or absent: read standard input
    Ciphertexts may be base64 (line breaks, spaces and surrounding quotes are ignored) or raw bytes.

COMMANDS:
    inspect   Show everything a message reveals without a key: suite, message ID, encryption
              context, the Key ID(s) and provider ID(s) it was encrypted for, RSA key size,
              frames, IVs, and whether its signature is valid. --json prints JSON.
    decrypt   Decrypt with an RSA private key (PKCS#8 'BEGIN PRIVATE KEY' or PKCS#1
              'BEGIN RSA PRIVATE KEY', PEM or DER). Writes the raw plaintext to standard output.
              --key-id         the Key ID Amazon Connect shows for the security key (key name)
              --provider-id    key namespace (default: AmazonConnect)
              --padding        oaep-sha512 (default, what Connect uses), oaep-sha256, oaep-sha1,
                               oaep-sha384 or pkcs1
              --encryption-context KEY=VALUE   context the message was encrypted with, if it is
                               not stored in the message (repeatable)
              --private-key/--key-id may be repeated in pairs to try several keys.
    encrypt   Encrypt exactly as Amazon Connect does (v1 message, suite 0x0378, 4096-byte frames,
              provider AmazonConnect, RSA-OAEP-SHA512) to an X.509 certificate or an SPKI public
              key (PEM or DER). Prints the base64 ciphertext, like $.StoredCustomerInput.

EXIT CODES:
    0  success
    1  unexpected internal error
    2  usage error (bad arguments)
    3  input is not base64 / empty
    4  not a well-formed AWS Encryption SDK message (damaged, truncated, unsupported)
    5  key or certificate file could not be read or parsed
    6  no loaded key can open the message (wrong Key ID, provider ID, private key or padding)
    7  authentication failed: the message was altered (tag, signature or key commitment)
    8  encryption failed
    9  a file could not be read or output could not be written
";

/// A CLI failure: a message and its exit code.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Failure { code: 2, message: format!("{} Run `flowkeys --help` for usage.", message.into()) }
    }

    fn io(message: impl Into<String>) -> Self {
        Failure { code: 9, message: message.into() }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let code = match e.class() {
            ErrorClass::Input => 3,
            ErrorClass::Format => 4,
            ErrorClass::KeyFile => 5,
            ErrorClass::KeyMismatch => 6,
            ErrorClass::Integrity => 7,
            ErrorClass::Encrypt => 8,
            _ => 1,
        };
        Failure { code, message: e.to_string() }
    }
}

type CliResult<T> = Result<T, Failure>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("flowkeys: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(args: &[String]) -> CliResult<()> {
    let Some((command, rest)) = args.split_first() else {
        print!("{HELP}");
        return Err(Failure { code: 2, message: "No command given.".into() });
    };
    if rest.iter().any(|a| a == "-h" || a == "--help") {
        print!("{HELP}");
        return Ok(());
    }
    match command.as_str() {
        "-h" | "--help" | "help" => {
            print!("{HELP}");
            Ok(())
        }
        "-V" | "--version" => {
            println!("flowkeys {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "inspect" => cmd_inspect(rest),
        "decrypt" => cmd_decrypt(rest),
        "encrypt" => cmd_encrypt(rest),
        other => Err(Failure::usage(format!("Unknown command {other:?}; use inspect, decrypt or encrypt."))),
    }
}

/// Parsed `--flag value` options and at most one positional INPUT.
struct Parsed {
    options: Vec<(String, String)>,
    switches: Vec<String>,
    input: Option<String>,
}

impl Parsed {
    fn all(&self, name: &str) -> Vec<&str> {
        self.options.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }

    fn one(&self, name: &str) -> CliResult<Option<&str>> {
        match self.all(name).as_slice() {
            [] => Ok(None),
            [v] => Ok(Some(v)),
            _ => Err(Failure::usage(format!("--{name} may be given only once."))),
        }
    }
}

fn parse(args: &[String], with_value: &[&str], switches: &[&str]) -> CliResult<Parsed> {
    let mut parsed = Parsed { options: Vec::new(), switches: Vec::new(), input: None };
    let mut it = args.iter();
    let mut only_positional = false;
    while let Some(arg) = it.next() {
        if !only_positional && arg == "--" {
            only_positional = true;
            continue;
        }
        if !only_positional && arg.starts_with("--") {
            let (name, inline) = match arg.trim_start_matches("--").split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (arg.trim_start_matches("--").to_owned(), None),
            };
            if switches.contains(&name.as_str()) {
                if inline.is_some() {
                    return Err(Failure::usage(format!("--{name} takes no value.")));
                }
                parsed.switches.push(name);
            } else if with_value.contains(&name.as_str()) {
                let value = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| Failure::usage(format!("--{name} needs a value.")))?,
                };
                parsed.options.push((name, value));
            } else {
                return Err(Failure::usage(format!("Unknown option --{name}.")));
            }
            continue;
        }
        if parsed.input.is_some() {
            return Err(Failure::usage(format!("Unexpected extra argument {arg:?}; give one INPUT (quote base64 text).")));
        }
        parsed.input = Some(arg.clone());
    }
    Ok(parsed)
}

fn read_file(path: &str) -> CliResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| Failure::io(format!("Cannot read {path}: {e}.")))
}

/// Resolves INPUT: literal text, `@FILE`, or stdin for `-`/absent.
fn read_input(input: Option<&str>, what: &str) -> CliResult<Zeroizing<Vec<u8>>> {
    match input {
        Some(path) if path.starts_with('@') => read_file(path.trim_start_matches('@')).map(Zeroizing::new),
        Some(text) if text != "-" => Ok(Zeroizing::new(text.as_bytes().to_vec())),
        _ => {
            let mut stdin = std::io::stdin();
            if stdin.is_terminal() {
                eprintln!("flowkeys: reading the {what} from standard input; paste it, then press Ctrl-D.");
            }
            let mut buf = Zeroizing::new(Vec::new());
            stdin.read_to_end(&mut buf).map_err(|e| Failure::io(format!("Cannot read standard input: {e}.")))?;
            Ok(buf)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> CliResult<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| Failure::io(format!("Cannot write the output: {e}.")))
}

fn cmd_inspect(args: &[String]) -> CliResult<()> {
    let p = parse(args, &[], &["json"])?;
    let raw = read_input(p.input.as_deref(), "ciphertext")?;
    let message = message_bytes(&raw)?;
    let info = inspect(&message)?;
    if p.switches.iter().any(|s| s == "json") {
        let json = serde_json::to_string_pretty(&info).map_err(|e| Failure { code: 1, message: e.to_string() })?;
        write_stdout(format!("{json}\n").as_bytes())
    } else {
        write_stdout(render(&info).as_bytes())
    }
}

fn render(info: &MessageInfo) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(
        w,
        "Message         AWS Encryption SDK format v{}{}, {} bytes",
        info.version,
        info.message_type.as_deref().map(|t| format!(" (type {t})")).unwrap_or_default(),
        info.total_length
    );
    let _ = writeln!(
        w,
        "Algorithm suite {} {} (AES-{}-GCM, {}{}{})",
        info.suite.id,
        info.suite.name,
        info.suite.key_bits,
        info.suite.kdf.label(),
        info.suite.signature.map(|sig| format!(", {sig}")).unwrap_or_default(),
        if info.suite.committing { ", key commitment" } else { "" }
    );
    let _ = writeln!(w, "Message ID      {}", info.message_id_hex);
    if info.encryption_context.is_empty() {
        let _ = writeln!(w, "Encryption ctx  (empty)");
    }
    for (i, (k, v)) in info.encryption_context.iter().enumerate() {
        let label = if i == 0 { "Encryption ctx " } else { "               " };
        let _ = writeln!(w, "{label} {k} = {v}");
    }
    let _ = writeln!(w, "Data keys       {}", info.encrypted_data_keys.len());
    for (i, e) in info.encrypted_data_keys.iter().enumerate() {
        let _ = writeln!(
            w,
            "  #{}  provider ID {:?}, Key ID {}{}, wrapped key {} bytes (RSA-{})",
            i + 1,
            e.provider_id,
            e.key_info,
            if e.key_info_is_text { "" } else { " (not text)" },
            e.wrapped_key_length,
            e.rsa_modulus_bits
        );
    }
    let _ = writeln!(
        w,
        "Body            {}, frame length {}, {} frame(s), {} bytes of content",
        info.content_type.name(),
        info.frame_length,
        info.frame_count,
        info.plaintext_length
    );
    for f in &info.frames {
        let _ = writeln!(w, "  frame {:<6} {}, {} bytes, IV {}", f.sequence_number, f.kind.name(), f.content_length, f.iv_hex);
    }
    let _ = writeln!(
        w,
        "Header auth     {}tag {}",
        info.header_auth_iv_hex.as_deref().map(|iv| format!("IV {iv}, ")).unwrap_or_default(),
        info.header_auth_tag_hex
    );
    if let Some(c) = &info.key_commitment_hex {
        let _ = writeln!(w, "Key commitment  {c}");
    }
    let _ = writeln!(
        w,
        "IVs             {}",
        match info.iv_style {
            flowkeys_esdk::inspect::IvStyle::Deterministic => "deterministic (AWS Encryption SDK / Flowkeys style)",
            flowkeys_esdk::inspect::IvStyle::Random => "random (Amazon Connect style)",
        }
    );
    match &info.signature {
        Some(sig) if sig.valid => {
            let _ = writeln!(w, "Signature       {} bytes, VALID (the message was not altered after signing)", sig.length);
        }
        Some(sig) => {
            let _ = writeln!(w, "Signature       {} bytes, INVALID: {}", sig.length, sig.problem.as_deref().unwrap_or("unknown"));
        }
        None => {
            let _ = writeln!(w, "Signature       none (this suite is not signed)");
        }
    }
    if info.connect_profile_differences.is_empty() {
        let _ = writeln!(w, "Connect shape   matches what Amazon Connect produces");
    } else {
        let _ = writeln!(w, "Connect shape   differs: {}", info.connect_profile_differences.join("; "));
    }
    let _ = writeln!(w, "Note            the header is authenticated only on decrypt (needs the private key).");
    s
}

fn cmd_decrypt(args: &[String]) -> CliResult<()> {
    let p = parse(args, &["private-key", "key-id", "provider-id", "padding", "encryption-context"], &[])?;
    let key_files = p.all("private-key");
    let key_ids = p.all("key-id");
    if key_files.is_empty() || key_ids.is_empty() {
        return Err(Failure::usage("decrypt needs --private-key FILE and --key-id ID."));
    }
    if key_files.len() != key_ids.len() {
        return Err(Failure::usage("Give --private-key and --key-id in pairs (one Key ID per private key)."));
    }
    let provider = p.one("provider-id")?.unwrap_or(connect::PROVIDER_ID);
    let padding = match p.one("padding")? {
        Some(text) => text.parse::<RsaPadding>().map_err(Failure::usage)?,
        None => connect::PADDING,
    };
    let mut context = EncryptionContext::new();
    for pair in p.all("encryption-context") {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("--encryption-context expects KEY=VALUE, got {pair:?}.")))?;
        context.insert(k.to_owned(), v.to_owned());
    }
    let mut keyrings = Vec::new();
    for (file, key_id) in key_files.iter().zip(&key_ids) {
        let pem = Zeroizing::new(read_file(file)?);
        let key = keys::load_private_key(&pem)?;
        keyrings.push(RawRsaKeyring::new(provider, *key_id, padding, key));
    }
    let raw = read_input(p.input.as_deref(), "ciphertext")?;
    let message = message_bytes(&raw)?;
    let options = DecryptOptions {
        encryption_context: (!context.is_empty()).then_some(context),
        // Connect writes one data key; a message with thousands would cost as many RSA
        // private-key operations before failing.
        max_encrypted_data_keys: Some(16),
        ..DecryptOptions::default()
    };
    let out = decrypt(&message, &keyrings, &options)?;
    write_stdout(&out.plaintext)
}

fn cmd_encrypt(args: &[String]) -> CliResult<()> {
    let p = parse(args, &["certificate", "public-key", "key-id"], &[])?;
    let key_id = p.one("key-id")?.ok_or_else(|| Failure::usage("encrypt needs --key-id ID."))?;
    let public = match (p.one("certificate")?, p.one("public-key")?) {
        (Some(file), None) | (None, Some(file)) => keys::load_public_key(&read_file(file)?)?,
        _ => return Err(Failure::usage("encrypt needs exactly one of --certificate FILE or --public-key FILE.")),
    };
    let plaintext = read_input(p.input.as_deref(), "plaintext")?;
    let text = connect::encrypt_to_base64(&public, key_id, &plaintext, &mut getrandom::SysRng)?;
    write_stdout(format!("{text}\n").as_bytes())
}

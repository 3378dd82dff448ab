//! `flowkeys inspect`: everything a message reveals without a key.

use std::fmt::Write as _;

use clap::Args;
use flowkeys_esdk::inspect::IvStyle;
use flowkeys_esdk::{inspect, message_bytes, MessageInfo};

use crate::failure::{code, CliResult, Failure};
use crate::io::{read_input, write_stdout};
use crate::terminal::safe;

/// Show a message's suite, message ID, encryption context, Key ID(s), frames and signature.
#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Print JSON instead of text (values exactly as in the message).
    #[arg(long)]
    pub json: bool,
    /// The ciphertext: base64 text, @FILE (base64 or binary), or - / nothing for standard input.
    pub input: Option<String>,
}

/// Runs the command.
pub fn run(args: &InspectArgs) -> CliResult<()> {
    let raw = read_input(args.input.as_deref(), "ciphertext")?;
    let message = message_bytes(&raw)?;
    let info = inspect(&message)?;
    if args.json {
        let json = serde_json::to_string_pretty(&info)
            .map_err(|e| Failure { code: code::INTERNAL, message: e.to_string() })?;
        write_stdout(format!("{json}\n").as_bytes())
    } else {
        write_stdout(render(&info).as_bytes())
    }
}

/// The text view. Every value that came from the message goes through [`safe`].
pub fn render(info: &MessageInfo) -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(
        w,
        "Message         AWS Encryption SDK format v{}{}, {} bytes",
        info.version,
        info.message_type.as_deref().map(|t| format!(" (type {})", safe(t))).unwrap_or_default(),
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
        let _ = writeln!(w, "{label} {} = {}", safe(k), safe(v));
    }
    let _ = writeln!(w, "Data keys       {}", info.encrypted_data_keys.len());
    for (i, e) in info.encrypted_data_keys.iter().enumerate() {
        let _ = writeln!(
            w,
            "  #{}  provider ID \"{}\", Key ID {}{}, wrapped key {} bytes (RSA-{})",
            i.saturating_add(1), // an index into a list in memory: never saturates
            safe(&e.provider_id),
            safe(&e.key_info),
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
        let _ = writeln!(
            w,
            "  frame {:<6} {}, {} bytes, IV {}",
            f.sequence_number,
            f.kind.name(),
            f.content_length,
            f.iv_hex
        );
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
            IvStyle::Deterministic => "deterministic (AWS Encryption SDK / Flowkeys style)",
            IvStyle::Random => "random (Amazon Connect style)",
        }
    );
    match &info.signature {
        Some(sig) if sig.valid => {
            let _ =
                writeln!(w, "Signature       {} bytes, VALID (the message was not altered after signing)", sig.length);
        }
        Some(sig) => {
            let _ = writeln!(
                w,
                "Signature       {} bytes, INVALID: {}",
                sig.length,
                safe(sig.problem.as_deref().unwrap_or("unknown"))
            );
        }
        None => {
            let _ = writeln!(w, "Signature       none (this suite is not signed)");
        }
    }
    if info.connect_profile_differences.is_empty() {
        let _ = writeln!(w, "Connect shape   matches what Amazon Connect produces");
    } else {
        let _ = writeln!(w, "Connect shape   differs: {}", safe(&info.connect_profile_differences.join("; ")));
    }
    let _ = writeln!(w, "Note            the header is authenticated only on decrypt (needs the private key).");
    s
}

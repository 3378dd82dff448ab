//! Measures the engine on the hostile inputs of issue 11 (time here; peak memory with
//! `/usr/bin/time -v`). Run in release:
//! `cargo run --release -p flowkeys-core --example hostile -- KIND`
//! with KIND one of: p12-16-safes, p12-3-safes-sha512, pkcs8-sha512-10m, pkcs8-sha256-10m,
//! scrypt-p64, p12-scrypt-p64, certs-1000, pem-2mb-file, pem-4mb, pem-16mb.
// A measuring tool, not library code: a panic aborts the measurement.
#![allow(clippy::indexing_slicing)]

#[path = "../tests/hostile/mod.rs"]
mod hostile;

use flowkeys_core::import::{import, ImportInput, InputOutcome};
use hostile::Prf;
use std::time::Instant;

fn main() {
    let kind = std::env::args().nth(1).unwrap_or_default();
    let made = Instant::now();
    let input = match kind.as_str() {
        "p12-16-safes" => ImportInput::file(
            "x.p12",
            hostile::p12_without_mac(&hostile::pbkdf2_params(Prf::Sha256, 10_000_000), 16, true),
        ),
        "p12-3-safes-sha512" => ImportInput::file(
            "x.p12",
            hostile::p12_without_mac(&hostile::pbkdf2_params(Prf::Sha512, 10_000_000), 3, false),
        ),
        "pkcs8-sha512-10m" => {
            ImportInput::file("k.der", hostile::encrypted_pkcs8(&hostile::pbkdf2_params(Prf::Sha512, 10_000_000)))
                .with_password("x")
        }
        "pkcs8-sha256-10m" => {
            ImportInput::file("k.der", hostile::encrypted_pkcs8(&hostile::pbkdf2_params(Prf::Sha256, 10_000_000)))
                .with_password("x")
        }
        "scrypt-p64" => ImportInput::file("k.der", hostile::encrypted_pkcs8(&hostile::scrypt_params(2, 65535, 64)))
            .with_password("x"),
        "p12-scrypt-p64" => {
            ImportInput::file("x.p12", hostile::p12_without_mac(&hostile::scrypt_params(2, 65535, 64), 1, false))
        }
        "certs-1000" => ImportInput::file("certs.pem", hostile::same_subject_certificates(1000).into_bytes()),
        "pem-2mb-file" => ImportInput::file("tiny.pem", hostile::tiny_pem_blocks((2 << 20) - 100).into_bytes()),
        "pem-4mb" => ImportInput::pasted(&hostile::tiny_pem_blocks(4 << 20)),
        "pem-16mb" => ImportInput::pasted(&hostile::tiny_pem_blocks(16 << 20)),
        other => {
            eprintln!("unknown kind {other:?}");
            std::process::exit(2);
        }
    };
    eprintln!("made in {:?}", made.elapsed());
    let start = Instant::now();
    let result = import(&[input]);
    let imported = start.elapsed();
    let now = flowkeys_core::UnixTime(1_750_000_000);
    let checked = Instant::now();
    let lists = (0..result.key_sets.len()).filter_map(|i| result.checklist(i, now)).count();
    let checklists = checked.elapsed();
    let outcome = match &result.inputs[0].outcome {
        InputOutcome::Read(s) => s.description.clone(),
        InputOutcome::NeedsPassword { what } => format!("needs password: {what}"),
        InputOutcome::Failed(e) => e.to_string(),
    };
    println!("{kind}: import {imported:?}, {lists} checklist(s) {checklists:?}\n  {outcome}");
}

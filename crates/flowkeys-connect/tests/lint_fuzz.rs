//! A stable-toolchain stand-in for the cargo-fuzz target in `fuzz/` (which needs nightly
//! flags): random byte-level mutation of the same seeds, through the same calls, for
//! `FLOWKEYS_FUZZ_SECS` seconds. Ignored by default; run with
//! `FLOWKEYS_FUZZ_SECS=300 cargo test -p flowkeys-connect --test lint_fuzz -- --ignored --nocapture`.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation, clippy::indexing_slicing)]

use std::path::Path;
use std::time::{Duration, Instant};

use flowkeys_connect::flow::source::fuzz::read_and_lint as one;

/// xorshift64*: enough randomness for mutation, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"${",
    b"!Sub ",
    b"!GetAtt ",
    b"&a ",
    b"*a",
    b"$.StoredCustomerInput",
    b"$.External.x",
    b"\"StoreInput\":\"True\"",
    b"\"Actions\":[",
    b"\"modules\":[",
    b"resource \"aws_connect_contact_flow\" \"x\" {",
    b"AWS::Connect::ContactFlow",
    b"<<EOF\n",
    b"\n",
    b"\\u0000",
    b"-",
    b"1e999",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(5) {
            0 if !data.is_empty() => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, t.iter().copied());
            }
            2 if at < data.len() => data[at] = rng.next() as u8,
            3 if !data.is_empty() => {
                let from = rng.below(data.len());
                let len = rng.below(256).min(data.len() - from);
                let chunk: Vec<u8> = data[from..from + len].to_vec();
                data.splice(at..at, chunk);
            }
            _ => data.truncate(at),
        }
    }
    data
}

#[test]
#[ignore = "long-running; set FLOWKEYS_FUZZ_SECS"]
fn random_mutation_fuzz() {
    let secs: u64 = std::env::var("FLOWKEYS_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/sources");
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/sources")
        .flatten()
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    assert!(!seeds.is_empty());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut runs = 0u64;
    let mut slowest = Duration::ZERO;
    while Instant::now() < deadline {
        let seed = &seeds[rng.below(seeds.len())];
        let data = mutate(&mut rng, seed);
        let started = Instant::now();
        one(&data);
        slowest = slowest.max(started.elapsed());
        runs += 1;
    }
    println!("{runs} executions in {secs} s without a panic; slowest input {slowest:?}");
}

/// The seeds themselves go through the target body (a quick check that it runs at all).
#[test]
fn seeds_run_through_the_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/sources");
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        one(&std::fs::read(e.path()).unwrap());
    }
}

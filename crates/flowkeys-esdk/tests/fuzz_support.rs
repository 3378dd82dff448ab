//! Fuzzing support (all `#[ignore]`d; run explicitly):
//!
//! * `write_fuzz_seeds` regenerates the seed corpus in `fuzz/seeds/` for the cargo-fuzz targets.
//! * `random_mutation_fuzz` is a stable-toolchain stand-in for cargo-fuzz: a structure-aware
//!   random mutator (bit flips, byte sets, length-field tweaks, splices, truncations, field-
//!   boundary insertions) seeded from the same corpus, run for `FLOWKEYS_FUZZ_SECS` seconds
//!   (default 60) against inspect, the header round trip and decrypt.
//!
//!   cargo test -p flowkeys-esdk --test fuzz_support -- --ignored --nocapture
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{b64, fixture, json, key_pair, official, rng};
use flowkeys_esdk::suite::{
    AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256, AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
    AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384, AES_256_GCM_IV12_TAG16,
};
use flowkeys_esdk::{
    body, connect, decrypt, encrypt, inspect, keys, BodyLayout, DecryptOptions, EncryptRequest, EncryptionContext,
    Header, RawRsaKeyring, RsaPadding, RsaRecipient,
};

fn seed_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target)
}

/// Messages the fuzz keyrings (2048-bit fixture key) can open.
fn decrypt_seeds() -> Vec<(String, Vec<u8>)> {
    let (_, public) = key_pair(2048);
    let mut out = Vec::new();
    for len in [0usize, 16, 4097] {
        let m = connect::encrypt(&public, "fuzz-key-id", &vec![b'7'; len], &mut rng()).expect("encrypt");
        out.push((format!("connect-{len}"), m));
    }
    let pkcs1 = [RsaRecipient {
        provider_id: "fuzz-ns".into(),
        key_name: "fuzz-pkcs1".into(),
        padding: RsaPadding::Pkcs1v15,
        public_key: public.clone(),
    }];
    let both = [RsaRecipient::amazon_connect("fuzz-key-id", public.clone()), pkcs1[0].clone()];
    let mut ec = EncryptionContext::new();
    ec.insert("k".into(), "v".into());
    let variants: [(&str, &'static flowkeys_esdk::AlgorithmSuite, BodyLayout, &[RsaRecipient]); 5] = [
        ("v2-committing-nonframed", &AES_256_GCM_HKDF_SHA512_COMMIT_KEY, BodyLayout::NonFramed, &pkcs1),
        (
            "v2-committing-signed-frames8",
            &AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
            BodyLayout::Framed { frame_length: 8 },
            &both,
        ),
        (
            "p256-frames5",
            &AES_128_GCM_IV12_TAG16_HKDF_SHA256_ECDSA_P256,
            BodyLayout::Framed { frame_length: 5 },
            &pkcs1,
        ),
        ("nokdf-nonframed", &AES_256_GCM_IV12_TAG16, BodyLayout::NonFramed, &both),
        ("connect-suite-two-edks", connect::SUITE, BodyLayout::Framed { frame_length: 4 }, &both),
    ];
    for (name, suite, layout, recipients) in variants {
        let request = EncryptRequest { suite, layout, encryption_context: ec.clone(), recipients };
        out.push((name.to_owned(), encrypt(&request, b"fuzzing seed 123", &mut rng()).expect("encrypt")));
    }
    out
}

fn parse_seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = decrypt_seeds();
    let real = json("connect/connect-real-ciphertext.json");
    let real_b64 = real["ciphertext_b64"].as_str().expect("ct").to_owned();
    out.push(("connect-real".into(), b64(&real_b64)));
    out.push(("connect-real-base64".into(), real_b64.into_bytes()));
    for suite in [0x0214u16, 0x0578] {
        out.push((format!("official-{suite:04x}"), official(|v| v.suite == suite).ciphertext.clone()));
    }
    out
}

fn key_seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for name in ["rsa2048.key.pem", "rsa2048.pkcs1.pem", "rsa2048.cert.pem", "rsa2048.pub.pem"] {
        let text = fixture(&format!("keys/{name}"));
        out.push((name.to_owned(), text.clone().into_bytes()));
        let der = keys::pem_blocks(&text).expect("pem").remove(0).der;
        out.push((format!("{name}.der"), der.to_vec()));
    }
    out
}

#[test]
#[ignore = "regenerates fuzz/seeds; run explicitly"]
fn write_fuzz_seeds() {
    for (target, seeds) in [("decrypt", decrypt_seeds()), ("parse", parse_seeds()), ("keys", key_seeds())] {
        let dir = seed_dir(target);
        std::fs::create_dir_all(&dir).expect("mkdir");
        for (name, bytes) in seeds {
            std::fs::write(dir.join(format!("{name}.bin")), bytes).expect("write seed");
        }
    }
}

/// xorshift64*: a tiny deterministic PRNG for choosing mutations (not for cryptography).
struct Prng(u64);

impl Prng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(p: &mut Prng, seed: &[u8], pool: &[Vec<u8>]) -> Vec<u8> {
    let mut m = seed.to_vec();
    // Mutations concentrate on the header (first ~700 bytes) where the length fields live.
    let hot = |p: &mut Prng, len: usize| if p.below(3) == 0 { p.below(len.max(1)) } else { p.below(len.clamp(1, 700)) };
    for _ in 0..=p.below(4) {
        let len = m.len();
        match p.below(9) {
            0 if len > 0 => {
                let i = hot(p, len);
                m[i] ^= 1 << p.below(8);
            }
            1 if len > 0 => {
                let i = hot(p, len);
                m[i] = [0u8, 1, 0x7f, 0x80, 0xff][p.below(5)];
            }
            2 if len > 1 => {
                // Length-field style edit: add/subtract a small delta to a big-endian u16.
                let i = hot(p, len - 1);
                let v = u16::from_be_bytes([m[i], m[i + 1]]).wrapping_add([1u16, u16::MAX, 16, 0x8000][p.below(4)]);
                m[i..i + 2].copy_from_slice(&v.to_be_bytes());
            }
            3 if len > 3 => {
                let i = hot(p, len - 3);
                m[i..i + 4]
                    .copy_from_slice(&[[0xff; 4], [0; 4], [0, 0, 0x10, 0], [0x7f, 0xff, 0xff, 0xff]][p.below(4)]);
            }
            4 => m.truncate(p.below(len + 1)),
            5 => {
                let i = p.below(len + 1);
                let n = p.below(40) + 1;
                m.splice(i..i, (0..n).map(|_| p.next() as u8));
            }
            6 if len > 0 => {
                let i = p.below(len);
                let n = p.below(len - i) + 1;
                m.drain(i..i + n.min(64));
            }
            7 => {
                // Splice a chunk from another seed at the same offset (mixes fields of valid messages).
                let other = &pool[p.below(pool.len())];
                let i = p.below(m.len().min(other.len()) + 1);
                let n = p.below(64);
                let end = (i + n).min(other.len()).min(m.len());
                if i < end {
                    m[i..end].copy_from_slice(&other[i..end]);
                }
            }
            _ => {
                let i = p.below(len + 1);
                m.insert(i, p.next() as u8);
            }
        }
    }
    m
}

#[test]
#[ignore = "long-running random-mutation fuzzing; run explicitly"]
fn random_mutation_fuzz() {
    let secs: u64 = std::env::var("FLOWKEYS_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = std::env::var("FLOWKEYS_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1) | 1
    });
    println!("random_mutation_fuzz: seed {seed}, {secs}s");
    let mut p = Prng(seed);
    let (private, _) = key_pair(2048);
    let keyrings = [
        RawRsaKeyring::amazon_connect("fuzz-key-id", private.clone()),
        RawRsaKeyring::new("fuzz-ns", "fuzz-pkcs1", RsaPadding::Pkcs1v15, private),
    ];
    let pool: Vec<Vec<u8>> = parse_seeds().into_iter().map(|(_, b)| b).collect();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut runs, mut accepted, mut parsed) = (0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let seed_msg = &pool[p.below(pool.len())];
        let m = mutate(&mut p, seed_msg, &pool);
        let outcome = std::panic::catch_unwind(|| {
            let _ = flowkeys_esdk::message_bytes(&m);
            let info_ok = inspect(&m).is_ok();
            if let Ok(h) = Header::parse(&m) {
                let _ = body::parse(&m, &h);
                let mut again = h.serialize_body().expect("serializes");
                again.extend_from_slice(&h.serialize_auth());
                assert_eq!(Header::parse(&again).expect("reparses").encrypted_data_keys, h.encrypted_data_keys);
            }
            let options = DecryptOptions { max_encrypted_data_keys: Some(8), ..DecryptOptions::default() };
            let dec = decrypt(&m, &keyrings, &options);
            (info_ok, dec.is_ok())
        });
        match outcome {
            Ok((info_ok, dec_ok)) => {
                parsed += u64::from(info_ok);
                if dec_ok && m != *seed_msg {
                    // Only a mutation that leaves the message semantically identical may decrypt
                    // (e.g. appending then truncating); record it for review.
                    accepted += 1;
                }
            }
            Err(_) => {
                let path = std::env::temp_dir().join(format!("flowkeys-fuzz-crash-{seed}-{runs}.bin"));
                std::fs::write(&path, &m).ok();
                panic!("panic on input saved to {}", path.display());
            }
        }
        runs += 1;
    }
    println!("random_mutation_fuzz: {runs} inputs, {parsed} parsed structurally, {accepted} mutated inputs decrypted");
    assert!(runs > 0);
    assert_eq!(accepted, 0, "a mutated message decrypted");
}

//! The Rust Lambda's handler in-process, with Parameter Store replaced by a map: the Connect-shaped
//! synthetic vectors and the engine's own Connect-profile ciphertexts decrypt, and every failure
//! answers with the contract's status. The real `bootstrap` against a local Runtime API and moto
//! is tested in tests/lambda (pytest).
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64ct::Encoding;
use flowkeys_connect::contract::{DecryptFailure, DecryptRequest, KeyUnavailable, LambdaResponse};
use flowkeys_esdk::Zeroizing;
use flowkeys_lambda::{ConfigError, Decryptor, FetchError, KeySource, LambdaConfig};
use serde_json::{json, Value};

const KEY_ID: &str = "11111111-2222-3333-4444-555555555555";
const OTHER_ID: &str = "99999999-8888-7777-6666-555555555555";

struct Fixture {
    private_key_pem: String,
    certificate_pem: String,
    vectors: Vec<(String, String)>,
}

fn fixture() -> Fixture {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../flowkeys-connect/tests/fixtures/connect-synthetic.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(v["key_id"], KEY_ID);
    Fixture {
        private_key_pem: v["private_key_pem"].as_str().unwrap().to_owned(),
        certificate_pem: v["certificate_pem"].as_str().unwrap().to_owned(),
        vectors: v["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["ciphertext_b64"].as_str().unwrap().to_owned(), x["plaintext"].as_str().unwrap().to_owned()))
            .collect(),
    }
}

/// A second, unrelated 2048-bit key, made by OpenSSL at test time.
fn other_private_key_pem() -> String {
    let out = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
        .output()
        .expect("openssl on PATH");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[derive(Default)]
struct MapSource {
    values: HashMap<String, String>,
    calls: AtomicUsize,
}

impl KeySource for MapSource {
    async fn secure_string(&self, name: &str) -> Result<Zeroizing<String>, FetchError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.values
            .get(name)
            .map(|v| Zeroizing::new(v.clone()))
            .ok_or(FetchError { reason: KeyUnavailable::ParameterNotFound, detail: format!("no parameter {name}") })
    }
}

fn config(keys: &[(&str, &str)]) -> Result<LambdaConfig, ConfigError> {
    let mut vars = HashMap::new();
    if let Some((id, p)) = keys.first() {
        vars.insert("FLOWKEYS_KEY_ID", id.to_string());
        vars.insert("FLOWKEYS_KEY_PARAMETER", p.to_string());
    }
    if let Some((id, p)) = keys.get(1) {
        vars.insert("FLOWKEYS_NEXT_KEY_ID", id.to_string());
        vars.insert("FLOWKEYS_NEXT_KEY_PARAMETER", p.to_string());
    }
    LambdaConfig::from_vars(|k| vars.get(k).cloned())
}

fn decryptor(keys: &[(&str, &str, &str)]) -> Decryptor<MapSource> {
    let source = MapSource {
        values: keys.iter().map(|(_, p, pem)| (p.to_string(), pem.to_string())).collect(),
        ..MapSource::default()
    };
    let slots: Vec<(&str, &str)> = keys.iter().map(|(id, p, _)| (*id, *p)).collect();
    Decryptor::new(config(&slots), source)
}

fn event(params: Value) -> Value {
    json!({ "Name": "ContactFlowEvent", "Details": { "ContactData": { "Attributes": {} }, "Parameters": params } })
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().build().unwrap()
}

#[test]
fn decrypts_every_vector_as_the_contract_says_and_reads_the_key_once() {
    let f = fixture();
    let d = decryptor(&[(KEY_ID, "/k/a", &f.private_key_pem)]);
    rt().block_on(async {
        for kind in ["account_number", "cvv", "custom"] {
            for (ct, plain) in &f.vectors {
                let e = event(
                    json!({ "EncryptedInput": ct, "InputKind": kind, "MinimumLength": "4", "MaximumLength": "19" }),
                );
                let answer = d.handle(&e).await;
                assert_eq!(answer, DecryptRequest::from_event(&e).describe(plain, false), "{kind}");
                assert_eq!(answer.status(), "OK");
            }
        }
        assert!(d.is_warm());
    });
    assert_eq!(d.source_calls(), 1, "the private key is read once and kept");
    let first = serde_json::to_value(rt().block_on(d.handle(&event(
        json!({ "EncryptedInput": &f.vectors[0].0, "InputKind": "account_number", "MinimumLength": "4", "MaximumLength": "19" }),
    ))))
    .unwrap();
    assert_eq!(first, json!({ "status": "OK", "masked": "************1456", "last4": "1456", "length": "16" }));
}

#[test]
fn decrypts_the_engines_connect_profile_ciphertexts() {
    let f = fixture();
    let der = base64ct::Base64::decode_vec(
        &f.certificate_pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>(),
    )
    .unwrap();
    let d = decryptor(&[(KEY_ID, "/k/a", &f.private_key_pem)]);
    for pan in ["4111111111111111", "5555555555554444"] {
        let ct =
            flowkeys_esdk::connect::encrypt_for_certificate_der(&der, KEY_ID, pan.as_bytes(), &mut getrandom::SysRng)
                .unwrap();
        let answer = rt().block_on(d.handle(&event(
            json!({ "EncryptedInput": ct, "InputKind": "card_number", "MinimumLength": "12", "MaximumLength": "19" }),
        )));
        assert_eq!(
            serde_json::to_value(answer).unwrap(),
            json!({ "status": "OK", "masked": format!("************{}", &pan[12..]), "last4": &pan[12..], "length": "16" })
        );
    }
}

#[test]
fn statuses_for_each_failure() {
    let f = fixture();
    let other = other_private_key_pem();
    let ct = f.vectors[0].0.clone();
    let e = event(json!({ "EncryptedInput": ct, "InputKind": "custom" }));
    let rt = rt();

    // Wrong Key ID.
    let answer = rt.block_on(decryptor(&[(OTHER_ID, "/k/b", &other)]).handle(&e));
    assert_eq!(
        answer,
        LambdaResponse::DecryptFailed { reason: DecryptFailure::KeyIdMismatch, input_key_ids: vec![KEY_ID.into()] }
    );
    // Right Key ID, wrong private key.
    let answer = rt.block_on(decryptor(&[(KEY_ID, "/k/b", &other)]).handle(&e));
    assert_eq!(
        answer,
        LambdaResponse::DecryptFailed { reason: DecryptFailure::DecryptError, input_key_ids: vec![KEY_ID.into()] }
    );
    // Two Key IDs, either order.
    for keys in [
        [(OTHER_ID, "/k/b", other.as_str()), (KEY_ID, "/k/a", &f.private_key_pem)],
        [(KEY_ID, "/k/a", &f.private_key_pem), (OTHER_ID, "/k/b", other.as_str())],
    ] {
        let d = decryptor(&keys);
        assert_eq!(rt.block_on(d.handle(&e)).status(), "OK");
        assert_eq!(d.source_calls(), 2);
    }
    // Damaged ciphertext: one byte flipped in the body.
    let mut bytes = base64ct::Base64::decode_vec(&ct).unwrap();
    let at = bytes.len() - 40;
    bytes[at] ^= 1;
    let damaged = event(json!({ "EncryptedInput": base64ct::Base64::encode_string(&bytes) }));
    let d = decryptor(&[(KEY_ID, "/k/a", &f.private_key_pem)]);
    assert_eq!(
        rt.block_on(d.handle(&damaged)),
        LambdaResponse::DecryptFailed { reason: DecryptFailure::DecryptError, input_key_ids: vec![KEY_ID.into()] }
    );
    // Truncated: the header still names the Key ID.
    let truncated = event(json!({ "EncryptedInput": base64ct::Base64::encode_string(&bytes[..bytes.len() / 2]) }));
    assert_eq!(rt.block_on(d.handle(&truncated)).status(), "DECRYPT_FAILED");
    // Timeout-shaped, empty, missing, plain digits.
    assert_eq!(rt.block_on(d.handle(&event(json!({ "EncryptedInput": "Timeout" })))), LambdaResponse::Timeout);
    assert_eq!(rt.block_on(d.handle(&event(json!({ "EncryptedInput": "" })))), LambdaResponse::NoInput);
    assert_eq!(rt.block_on(d.handle(&json!(null))), LambdaResponse::NoInput);
    assert_eq!(
        rt.block_on(d.handle(&event(json!({ "EncryptedInput": "1234567890123456" })))),
        LambdaResponse::NotEncrypted
    );
    // Missing parameter: a status, and retried on the next invocation.
    let missing = Decryptor::new(config(&[(KEY_ID, "/k/missing")]), MapSource::default());
    for calls in 1..=2 {
        assert_eq!(
            rt.block_on(missing.handle(&e)),
            LambdaResponse::KeyUnavailable { reason: KeyUnavailable::ParameterNotFound }
        );
        assert_eq!(missing.source_calls(), calls);
    }
    // A parameter that holds no key, and no configuration at all.
    let junk = decryptor(&[(KEY_ID, "/k/a", "not a key")]);
    assert_eq!(rt.block_on(junk.handle(&e)), LambdaResponse::KeyUnavailable { reason: KeyUnavailable::KeyLoadError });
    let unconfigured = Decryptor::new(config(&[]), MapSource::default());
    assert_eq!(
        rt.block_on(unconfigured.handle(&e)),
        LambdaResponse::KeyUnavailable { reason: KeyUnavailable::KeyLoadError }
    );
}

#[test]
fn a_key_aws_lc_refuses_still_decrypts_through_the_pure_rust_path() {
    // 1536 bits: large enough for OAEP-SHA512 around a 32-byte data key, smaller than the
    // 2048 bits AWS-LC takes, so the Lambda keeps the engine's key for it.
    let out = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1536"])
        .output()
        .expect("openssl on PATH");
    assert!(out.status.success());
    let pem = String::from_utf8(out.stdout).unwrap();
    let public = flowkeys_esdk::keys::load_private_key(pem.as_bytes()).unwrap().to_public_key();
    let ct = flowkeys_esdk::connect::encrypt_to_base64(&public, KEY_ID, b"4111111111111111", &mut getrandom::SysRng)
        .unwrap();
    let d = decryptor(&[(KEY_ID, "/k/small", &pem)]);
    let answer = rt().block_on(d.handle(&event(json!({ "EncryptedInput": ct, "InputKind": "card_number" }))));
    assert_eq!(answer.status(), "OK");
}

trait Calls {
    fn source_calls(&self) -> usize;
}

impl Calls for Decryptor<MapSource> {
    fn source_calls(&self) -> usize {
        self.source().calls.load(Ordering::SeqCst)
    }
}

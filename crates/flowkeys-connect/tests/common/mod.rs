//! Shared helpers for the integration tests: the synthetic vectors, certificates made with
//! openssl, and a small builder for hand-written test flows.
#![allow(dead_code)]
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use flowkeys_connect::certificate::inspect_certificate;
use flowkeys_connect::{
    generate_flow, CollectKind, EncryptionCertificate, FlowSpec, KeyId, LambdaArn, LintContext, LintReport,
    LoadedKeySet, RuleId,
};
use serde_json::{json, Value};

pub const KEY_ID: &str = "11111111-2222-3333-4444-555555555555";
pub const LAMBDA_ARN: &str = "arn:aws:lambda:eu-west-2:123456789012:function:connect-decrypt";

pub struct Vectors {
    pub key_id: String,
    pub private_key_pem: String,
    pub certificate_pem: String,
    pub ciphertexts: Vec<(String, String, String)>,
}

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn vectors() -> &'static Vectors {
    static V: OnceLock<Vectors> = OnceLock::new();
    V.get_or_init(|| {
        let text = std::fs::read_to_string(fixture_path("connect-synthetic.json")).expect("fixture");
        let v: Value = serde_json::from_str(&text).expect("fixture json");
        let s = |k: &str| v[k].as_str().expect(k).to_owned();
        Vectors {
            key_id: s("key_id"),
            private_key_pem: s("private_key_pem"),
            certificate_pem: s("certificate_pem"),
            ciphertexts: v["vectors"]
                .as_array()
                .expect("vectors")
                .iter()
                .map(|x| {
                    (
                        x["name"].as_str().unwrap().to_owned(),
                        x["ciphertext_b64"].as_str().unwrap().to_owned(),
                        x["plaintext"].as_str().unwrap().to_owned(),
                    )
                })
                .collect(),
        }
    })
}

pub fn cert() -> &'static str {
    &vectors().certificate_pem
}

/// notBefore / notAfter of the fixture certificate.
pub fn cert_dates() -> (u64, u64) {
    let info = inspect_certificate(cert()).expect("fixture certificate");
    (info.not_before_unix.0, info.not_after_unix.0)
}

/// A time when the fixture certificate is comfortably valid.
pub fn now_valid() -> flowkeys_core::UnixTime {
    let (nb, na) = cert_dates();
    flowkeys_core::UnixTime(nb + (na - nb) / 2)
}

pub fn fixture_key_set() -> LoadedKeySet {
    LoadedKeySet { key_id: KEY_ID.into(), spki_der: inspect_certificate(cert()).unwrap().spki_der }
}

pub fn ctx_full() -> LintContext {
    LintContext { now_unix: Some(now_valid()), key_sets: vec![fixture_key_set()] }
}

pub fn spec() -> FlowSpec {
    FlowSpec::new(
        KeyId::parse(KEY_ID).unwrap(),
        EncryptionCertificate::parse(cert()).unwrap(),
        LambdaArn::parse(LAMBDA_ARN).unwrap(),
        CollectKind::CardNumber,
    )
}

pub fn generated_json() -> String {
    generate_flow(&spec()).expect("generate").json
}

// ---------------------------------------------------------------------------------------------
// openssl-made material

/// Runs openssl in `dir`, failing the test with a clear message if it is missing or fails.
pub fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("these tests need the openssl command to make test certificates: {e}"));
    assert!(out.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

pub struct Material {
    _dir: tempfile::TempDir,
    /// A second self-signed RSA certificate and its SPKI DER.
    pub other_cert: String,
    pub other_spki: Vec<u8>,
    pub other_private_key: String,
    /// The fixture certificate's public key as a PEM.
    pub fixture_public_key_pem: String,
    /// A leaf certificate issued by a separate CA.
    pub ca_issued_cert: String,
    /// A self-signed EC certificate.
    pub ec_cert: String,
}

pub fn material() -> &'static Material {
    static M: OnceLock<Material> = OnceLock::new();
    M.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("fixture.pem"), cert()).unwrap();
        let pubkey = openssl(d, &["x509", "-in", "fixture.pem", "-pubkey", "-noout"]);
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "other.key",
                "-out",
                "other.pem",
                "-days",
                "30",
                "-subj",
                "/CN=other",
            ],
        );
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "30",
                "-subj",
                "/CN=test-ca",
            ],
        );
        openssl(
            d,
            &["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=leaf"],
        );
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "leaf.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "leaf.pem",
                "-days",
                "30",
            ],
        );
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ec.key",
                "-out",
                "ec.pem",
                "-days",
                "30",
                "-subj",
                "/CN=ec",
            ],
        );
        let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
        let other_cert = read("other.pem");
        let other_spki = inspect_certificate(&other_cert).unwrap().spki_der;
        Material {
            other_private_key: read("other.key"),
            other_cert,
            other_spki,
            fixture_public_key_pem: String::from_utf8(pubkey).unwrap(),
            ca_issued_cert: read("leaf.pem"),
            ec_cert: read("ec.pem"),
            _dir: dir,
        }
    })
}

// ---------------------------------------------------------------------------------------------
// A tiny builder for hand-written flows

pub fn doc(start: &str, actions: Vec<Value>) -> String {
    serde_json::to_string_pretty(
        &json!({ "Version": "2019-10-30", "StartAction": start, "Metadata": {}, "Actions": actions }),
    )
    .unwrap()
}

pub fn logging(id: &str, value: &str, next: &str) -> Value {
    json!({ "Identifier": id, "Type": "UpdateFlowLoggingBehavior", "Parameters": { "FlowLoggingBehavior": value }, "Transitions": { "NextAction": next } })
}

pub fn store_with(id: &str, params: Value, next: &str, on_error: &str) -> Value {
    json!({ "Identifier": id, "Type": "GetParticipantInput", "Parameters": params,
            "Transitions": { "NextAction": next, "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": on_error } ] } })
}

pub fn store_params(key_id: &str, key: &str) -> Value {
    json!({ "Text": "Enter your card number, then the pound key.", "StoreInput": "True",
            "InputValidation": { "CustomValidation": { "MaximumLength": "19" } },
            "InputEncryption": { "EncryptionKeyId": key_id, "Key": key } })
}

pub fn store(id: &str, next: &str, on_error: &str) -> Value {
    store_with(id, store_params(KEY_ID, cert()), next, on_error)
}

pub fn lambda_with(id: &str, params: Value, timeout: &str, next: &str, on_error: &str) -> Value {
    json!({ "Identifier": id, "Type": "InvokeLambdaFunction",
            "Parameters": { "LambdaFunctionARN": LAMBDA_ARN, "InvocationTimeLimitSeconds": timeout,
                            "LambdaInvocationAttributes": params, "ResponseValidation": { "ResponseType": "STRING_MAP" } },
            "Transitions": { "NextAction": next, "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": on_error } ] } })
}

pub fn decrypt(id: &str, next: &str, on_error: &str) -> Value {
    lambda_with(id, json!({ "EncryptedInput": "$.StoredCustomerInput" }), "8", next, on_error)
}

pub fn set_attrs(id: &str, attrs: Value, next: &str) -> Value {
    json!({ "Identifier": id, "Type": "UpdateContactAttributes", "Parameters": { "Attributes": attrs },
            "Transitions": { "NextAction": next, "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": next } ] } })
}

pub fn message(id: &str, text: &str, next: &str) -> Value {
    json!({ "Identifier": id, "Type": "MessageParticipant", "Parameters": { "Text": text },
            "Transitions": { "NextAction": next, "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": next } ] } })
}

pub fn disconnect(id: &str) -> Value {
    json!({ "Identifier": id, "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {} })
}

pub fn transfer(id: &str, on_error: &str) -> Value {
    json!({ "Identifier": id, "Type": "TransferToFlow", "Parameters": { "ContactFlowId": "arn:aws:connect:eu-west-2:123456789012:instance/x/contact-flow/y" },
            "Transitions": { "Errors": [ { "ErrorType": "NoMatchingError", "NextAction": on_error } ] } })
}

/// A well-formed secure flow: off → store → decrypt → on → thanks → end, errors → on2 → end.
pub fn good_actions() -> Vec<Value> {
    vec![
        logging("off", "Disabled", "store"),
        store("store", "decrypt", "on-error"),
        decrypt("decrypt", "on", "on-error"),
        logging("on", "Enabled", "thanks"),
        message("thanks", "Thank you.", "end"),
        logging("on-error", "Enabled", "sorry"),
        message("sorry", "Sorry.", "end"),
        disconnect("end"),
    ]
}

pub fn good_flow() -> String {
    doc("off", good_actions())
}

/// Replaces the action with `id` in `actions`.
pub fn replace(mut actions: Vec<Value>, id: &str, with: Value) -> Vec<Value> {
    let slot = actions.iter_mut().find(|a| a["Identifier"] == id).unwrap_or_else(|| panic!("no action {id}"));
    *slot = with;
    actions
}

pub fn lint(json: &str, ctx: &LintContext) -> LintReport {
    flowkeys_connect::lint_flow(json, ctx).unwrap_or_else(|e| panic!("lint failed: {e}"))
}

/// Asserts that `rule` fires on `bad` and not on `good` (same context).
pub fn assert_rule(rule: RuleId, bad: &str, good: &str, ctx: &LintContext) {
    let b = lint(bad, ctx);
    assert!(b.has(rule), "{} should fire, got: {:#?}", rule.id(), b.findings);
    for f in b.of(rule) {
        assert_eq!(f.severity, rule.severity());
        assert!(f.message.len() > 20 && f.fix.len() > 10, "{f:?}");
    }
    let g = lint(good, ctx);
    assert!(!g.has(rule), "{} should not fire on the near-identical flow, got: {:#?}", rule.id(), g.findings);
}

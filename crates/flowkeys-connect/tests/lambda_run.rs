//! Runs the generated decrypt Lambdas for real, with the official Encryption SDKs, against the
//! Connect-shaped synthetic vectors.
//!
//! Only the Parameter Store read is replaced, by a stub injected from outside the generated
//! code: a fake `boto3` module for Python and a fake `@aws-sdk/client-ssm` package for Node.js,
//! both serving the PEM files written by the test. The crypto path is the SDKs' own.
//!
//! Tools: the Python venv at `<workspace>/.cache/venv` (aws-encryption-sdk 4.x; override with
//! FLOWKEYS_PYTHON) and `<workspace>/tests/node/node_modules` (@aws-crypto/client-node 5.x;
//! override with FLOWKEYS_NODE_MODULES) plus `node` on PATH. When they are missing the tests
//! fail with instructions, unless FLOWKEYS_SKIP_LAMBDA_RUN=1.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64ct::Encoding;
use common::*;
use flowkeys_connect::contract::{DecryptRequest, KeyUnavailable, LambdaResponse};
use flowkeys_connect::{generate_lambda, KeyId, LambdaArn, LambdaKey, LambdaSpec, SsmParameterName};
use serde_json::{json, Value};

const OTHER_ID: &str = "99999999-8888-7777-6666-555555555555";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn skip_requested() -> bool {
    std::env::var("FLOWKEYS_SKIP_LAMBDA_RUN").is_ok_and(|v| v == "1")
}

/// The Python interpreter with aws-encryption-sdk, or `None` when skipping is allowed.
fn python() -> Option<PathBuf> {
    let path = std::env::var_os("FLOWKEYS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".cache/venv/bin/python"));
    let ok = Command::new(&path)
        .args(["-c", "import aws_encryption_sdk, sys; assert aws_encryption_sdk.__version__.startswith('4.')"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(path);
    }
    if skip_requested() {
        eprintln!("FLOWKEYS_SKIP_LAMBDA_RUN=1: skipping the Python Lambda run");
        return None;
    }
    panic!(
        "The Python decrypt Lambda cannot be run: {} does not have aws-encryption-sdk 4.x. Create it with `python3 -m venv .cache/venv && .cache/venv/bin/pip install -r tests/requirements.txt` in the workspace, point FLOWKEYS_PYTHON at a suitable interpreter, or set FLOWKEYS_SKIP_LAMBDA_RUN=1 to skip.",
        path.display()
    );
}

/// The node_modules folder with @aws-crypto/client-node, or `None` when skipping is allowed.
fn node_modules() -> Option<PathBuf> {
    let path = std::env::var_os("FLOWKEYS_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("tests/node/node_modules"));
    let has_sdk = path.join("@aws-crypto/client-node/package.json").is_file();
    let has_node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if has_sdk && has_node {
        return Some(path);
    }
    if skip_requested() {
        eprintln!("FLOWKEYS_SKIP_LAMBDA_RUN=1: skipping the Node.js Lambda run");
        return None;
    }
    panic!(
        "The Node.js decrypt Lambda cannot be run: {}. Run `npm install` in tests/node of the workspace (or point FLOWKEYS_NODE_MODULES at a node_modules with @aws-crypto/client-node 5.x), or set FLOWKEYS_SKIP_LAMBDA_RUN=1 to skip.",
        if has_node { format!("{} has no @aws-crypto/client-node", path.display()) } else { "`node` is not on PATH".to_owned() }
    );
}

/// A Lambda set-up: Key IDs with the PEM each one's parameter holds.
struct Setup {
    keys: Vec<(&'static str, String)>,
    return_full_value: bool,
}

impl Setup {
    fn single(key_id: &'static str) -> Setup {
        Setup { keys: vec![(key_id, vectors().private_key_pem.clone())], return_full_value: false }
    }

    /// Writes the private keys, returns the spec and the parameter → file map for the stubs.
    fn prepare(&self, dir: &Path) -> (LambdaSpec, BTreeMap<String, String>) {
        let mut files = BTreeMap::new();
        let mut keys = Vec::new();
        for (i, (key_id, pem)) in self.keys.iter().enumerate() {
            let parameter = format!("/flowkeys/test/key-{i}");
            let file = dir.join(format!("key-{i}.pem"));
            std::fs::write(&file, pem).unwrap();
            files.insert(parameter.clone(), file.display().to_string());
            keys.push(LambdaKey {
                key_id: KeyId::parse(key_id).unwrap(),
                ssm_parameter: SsmParameterName::parse(&parameter).unwrap(),
                private_key_file: None,
                key_bits: None,
            });
        }
        let spec = LambdaSpec {
            keys,
            lambda_arn: Some(LambdaArn::parse(LAMBDA_ARN).unwrap()),
            region: None,
            kms_key_arn: None,
            return_full_value: self.return_full_value,
        };
        (spec, files)
    }
}

/// The answers of both Lambdas (Python first, then Node.js) to `events`, plus SSM call counts.
/// Languages whose tools are missing are left out (only when skipping is allowed).
fn run_both(setup: &Setup, events: &[Value]) -> Vec<(&'static str, Vec<Value>, u64)> {
    let mut out = Vec::new();
    if let Some(py) = python() {
        out.push(("python", run_python(&py, setup, events)));
    }
    if let Some(nm) = node_modules() {
        out.push(("node", run_node(&nm, setup, events)));
    }
    out.into_iter().map(|(lang, (results, calls))| (lang, results, calls)).collect()
}

fn run(mut cmd: Command, stdin: &str) -> Value {
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "runner failed: {stderr}");
    for secret in ["1236547891321456", "PRIVATE KEY"] {
        assert!(!stderr.contains(secret), "the Lambda logged something secret: {stderr}");
    }
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("runner output: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

const PY_RUNNER: &str = r#"
import json, sys, types
import aws_encryption_sdk  # the real SDK and its dependencies load before the stub below

KEY_FILES = json.loads(sys.argv[1])
CALLS = 0

class _ClientError(Exception):
    """Shaped like botocore's ClientError: the error code is in .response."""
    def __init__(self, code):
        super().__init__(code)
        self.response = {"Error": {"Code": code}}

class _FakeSSM:
    def get_parameter(self, Name, WithDecryption):
        global CALLS
        CALLS += 1
        assert WithDecryption is True
        if Name not in KEY_FILES:
            raise _ClientError("ParameterNotFound")
        with open(KEY_FILES[Name], encoding="utf-8") as f:
            return {"Parameter": {"Name": Name, "Value": f.read()}}

fake_boto3 = types.ModuleType("boto3")
fake_boto3.client = lambda service, **kwargs: _FakeSSM()
sys.modules["boto3"] = fake_boto3
sys.path.insert(0, sys.argv[2])
import lambda_function

results = []
for event in json.load(sys.stdin):
    try:
        results.append(lambda_function.lambda_handler(event, None))
    except Exception as error:  # a configuration error: Connect takes the Error branch
        results.append({"raised": type(error).__name__})
print(json.dumps({"results": results, "ssmCalls": CALLS}))
"#;

fn run_python(py: &Path, setup: &Setup, events: &[Value]) -> (Vec<Value>, u64) {
    let dir = tempfile::tempdir().unwrap();
    let (spec, files) = setup.prepare(dir.path());
    let code = generate_lambda(&spec).unwrap();
    std::fs::write(dir.path().join("lambda_function.py"), &code.python).unwrap();
    std::fs::write(dir.path().join("run.py"), PY_RUNNER).unwrap();
    let mut cmd = Command::new(py);
    cmd.arg(dir.path().join("run.py")).arg(serde_json::to_string(&files).unwrap()).arg(dir.path());
    let v = run(cmd, &Value::from(events.to_vec()).to_string());
    (v["results"].as_array().unwrap().clone(), v["ssmCalls"].as_u64().unwrap())
}

const NODE_SSM_STUB: &str = r#"
const fs = require('fs')
let calls = 0
class GetParameterCommand { constructor (input) { this.input = input } }
class SSMClient {
  async send (command) {
    calls++
    if (command.input.WithDecryption !== true) throw new Error('WithDecryption must be true')
    const files = JSON.parse(process.env.FLOWKEYS_TEST_KEY_FILES)
    const file = files[command.input.Name]
    if (!file) { const e = new Error('ParameterNotFound: ' + command.input.Name); e.name = 'ParameterNotFound'; throw e }
    return { Parameter: { Name: command.input.Name, Value: fs.readFileSync(file, 'utf8') } }
  }
}
module.exports = { SSMClient, GetParameterCommand, stubCalls: () => calls }
"#;

const NODE_RUNNER: &str = r#"
const fs = require('fs')
const lambda = require('./index.js')
const ssm = require('@aws-sdk/client-ssm')
;(async () => {
  const results = []
  for (const event of JSON.parse(fs.readFileSync(0, 'utf8'))) {
    try { results.push(await lambda.handler(event)) } catch (error) { results.push({ raised: error.name }) }
  }
  console.log(JSON.stringify({ results, ssmCalls: ssm.stubCalls() }))
})().catch(e => { console.error(e); process.exit(1) })
"#;

fn run_node(node_modules: &Path, setup: &Setup, events: &[Value]) -> (Vec<Value>, u64) {
    let dir = tempfile::tempdir().unwrap();
    let (spec, files) = setup.prepare(dir.path());
    let code = generate_lambda(&spec).unwrap();
    let stub = dir.path().join("node_modules/@aws-sdk/client-ssm");
    std::fs::create_dir_all(&stub).unwrap();
    std::fs::write(stub.join("index.js"), NODE_SSM_STUB).unwrap();
    std::fs::write(dir.path().join("index.js"), &code.node).unwrap();
    std::fs::write(dir.path().join("run.js"), NODE_RUNNER).unwrap();
    let mut cmd = Command::new("node");
    cmd.arg("run.js")
        .current_dir(dir.path())
        .env("NODE_PATH", node_modules)
        .env("FLOWKEYS_TEST_KEY_FILES", serde_json::to_string(&files).unwrap());
    let v = run(cmd, &Value::from(events.to_vec()).to_string());
    (v["results"].as_array().unwrap().clone(), v["ssmCalls"].as_u64().unwrap())
}

/// The console's test event, made by the engine around a fresh Connect-shaped ciphertext,
/// opens in both generated Lambdas: what an admin pastes into the Lambda console's Test tab
/// answers OK without a phone call.
#[test]
fn the_test_event_decrypts_in_both_lambdas() {
    use flowkeys_connect::lambda::{test_event, TestEventSpec};
    let v = vectors();
    let public = flowkeys_esdk::keys::public_key_from_certificate_pem(&v.certificate_pem).unwrap();
    let ciphertext =
        flowkeys_esdk::connect::encrypt_to_base64(&public, KEY_ID, b"4111111111111111", &mut getrandom::SysRng)
            .unwrap();
    let event: Value = serde_json::from_str(&test_event(&TestEventSpec::card_number(&ciphertext))).unwrap();
    for (lang, results, _) in run_both(&Setup::single(KEY_ID), &[event]) {
        assert_eq!(
            results[0],
            json!({ "status": "OK", "masked": "************1111", "last4": "1111", "length": "16" }),
            "{lang}"
        );
    }
}

fn event(params: Value) -> Value {
    json!({ "Name": "ContactFlowEvent", "Details": { "ContactData": { "Attributes": {}, "Channel": "VOICE" }, "Parameters": params } })
}

fn vector_events(kind: &str) -> Vec<Value> {
    vectors()
        .ciphertexts
        .iter()
        .map(|(_, ct, _)| {
            event(json!({ "EncryptedInput": ct, "InputKind": kind, "MinimumLength": "4", "MaximumLength": "19" }))
        })
        .collect()
}

#[test]
fn decrypts_every_vector_and_returns_only_a_masked_value() {
    let v = vectors();
    assert_eq!(v.key_id, KEY_ID);
    let plain = &v.ciphertexts[0].2;
    let mut events = vector_events("account_number");
    events.extend(vector_events("cvv"));
    for (lang, results, ssm_calls) in run_both(&Setup::single(KEY_ID), &events) {
        assert_eq!(results.len(), 6, "{lang}");
        for (i, r) in results.iter().take(3).enumerate() {
            let expected = json!({ "status": "OK", "masked": format!("************{}", &plain[12..]), "last4": &plain[12..], "length": "16" });
            assert_eq!(r, &expected, "{lang} vector {}", v.ciphertexts[i].0);
        }
        for (r, e) in results.iter().zip(&events) {
            assert_eq!(r, &contract_answer(e, plain, false), "{lang}: the engine's contract");
        }
        for r in &results[3..] {
            assert_eq!(
                r,
                &json!({ "status": "OK", "masked": "****************", "length": "16" }),
                "{lang}: a CVV never shows digits"
            );
        }
        assert_eq!(ssm_calls, 1, "{lang}: the private key is read once and cached");
    }
}

#[test]
fn full_value_only_when_asked() {
    let setup = Setup { return_full_value: true, ..Setup::single(KEY_ID) };
    for (lang, results, _) in run_both(&setup, &vector_events("custom")) {
        let events = vector_events("custom");
        for ((r, (name, _, plain)), e) in results.iter().zip(&vectors().ciphertexts).zip(&events) {
            assert_eq!(r["status"], "OK", "{lang} {name}: {r}");
            assert_eq!(r["value"], plain.as_str(), "{lang} {name}");
            assert_eq!(r, &contract_answer(e, plain, true), "{lang} {name}");
        }
    }
}

#[test]
fn wrong_key_id_gives_the_documented_error() {
    for (lang, results, _) in run_both(&Setup::single(OTHER_ID), &vector_events("account_number")) {
        for r in &results {
            assert_eq!(
                r,
                &json!({ "status": "DECRYPT_FAILED", "reason": "KEY_ID_MISMATCH", "inputKeyIds": KEY_ID }),
                "{lang}"
            );
        }
    }
}

#[test]
fn wrong_private_key_for_the_right_key_id() {
    let setup = Setup { keys: vec![(KEY_ID, material().other_private_key.clone())], return_full_value: false };
    for (lang, results, _) in run_both(&setup, &vector_events("account_number")[..1]) {
        assert_eq!(
            results[0],
            json!({ "status": "DECRYPT_FAILED", "reason": "DECRYPT_ERROR", "inputKeyIds": KEY_ID }),
            "{lang}"
        );
    }
}

#[test]
fn rotation_with_two_key_ids() {
    for keys in [
        vec![(OTHER_ID, material().other_private_key.clone()), (KEY_ID, vectors().private_key_pem.clone())],
        vec![(KEY_ID, vectors().private_key_pem.clone()), (OTHER_ID, material().other_private_key.clone())],
    ] {
        let setup = Setup { keys, return_full_value: false };
        for (lang, results, ssm_calls) in run_both(&setup, &vector_events("account_number")) {
            for r in &results {
                assert_eq!(r["status"], "OK", "{lang}: {r}");
                assert_eq!(r["last4"], "1456", "{lang}");
            }
            assert_eq!(ssm_calls, 2, "{lang}: one read per key, cached");
        }
    }
}

#[test]
fn statuses_for_other_inputs() {
    let ct = &vectors().ciphertexts[0].1;
    let events = vec![
        event(json!({ "EncryptedInput": "Timeout" })),
        event(json!({})),
        json!({}),
        event(json!({ "EncryptedInput": "1234567890123456" })),
        event(json!({ "EncryptedInput": "not base64 at all!" })),
        event(
            json!({ "EncryptedInput": ct, "InputKind": "card_number", "MinimumLength": "12", "MaximumLength": "19" }),
        ),
        event(
            json!({ "EncryptedInput": ct, "InputKind": "account_number", "MinimumLength": "17", "MaximumLength": "20" }),
        ),
        event(json!({ "EncryptedInput": format!("{}\n{}", &ct[..40], &ct[40..]), "InputKind": "custom" })),
        event(json!({ "EncryptedInput": damaged(ct) })),
    ];
    for (lang, results, _) in run_both(&Setup::single(KEY_ID), &events) {
        let statuses: Vec<&str> = results.iter().map(|r| r["status"].as_str().unwrap_or("?")).collect();
        assert_eq!(
            statuses,
            [
                "TIMEOUT",
                "NO_INPUT",
                "NO_INPUT",
                "NOT_ENCRYPTED",
                "NOT_ENCRYPTED",
                "INVALID_CHECKSUM",
                "INVALID_LENGTH",
                "OK",
                "DECRYPT_FAILED"
            ],
            "{lang}: {results:?}"
        );
        assert_eq!(
            results[5],
            json!({ "status": "INVALID_CHECKSUM", "length": "16" }),
            "{lang}: the synthetic number is not Luhn-valid"
        );
        assert_eq!(
            results[8],
            json!({ "status": "DECRYPT_FAILED", "reason": "DECRYPT_ERROR", "inputKeyIds": KEY_ID }),
            "{lang}: a damaged message answers with a status, never an exception"
        );
    }
}

#[test]
fn missing_parameter_answers_key_unavailable() {
    let ct = &vectors().ciphertexts[0].1;
    let events = vec![event(json!({ "EncryptedInput": ct }))];
    // The stubs get an empty parameter → file map, so every parameter read fails.
    if let Some(py) = python() {
        let dir = tempfile::tempdir().unwrap();
        let (spec, _) = Setup::single(KEY_ID).prepare(dir.path());
        std::fs::write(dir.path().join("lambda_function.py"), generate_lambda(&spec).unwrap().python).unwrap();
        std::fs::write(dir.path().join("run.py"), PY_RUNNER).unwrap();
        let mut cmd = Command::new(py);
        cmd.arg(dir.path().join("run.py")).arg("{}").arg(dir.path());
        let v = run(cmd, &Value::from(events.clone()).to_string());
        assert_eq!(v["results"][0], unavailable());
        assert_eq!(v["ssmCalls"], 1);
    }
    if let Some(nm) = node_modules() {
        let dir = tempfile::tempdir().unwrap();
        let (spec, _) = Setup::single(KEY_ID).prepare(dir.path());
        let stub = dir.path().join("node_modules/@aws-sdk/client-ssm");
        std::fs::create_dir_all(&stub).unwrap();
        std::fs::write(stub.join("index.js"), NODE_SSM_STUB).unwrap();
        std::fs::write(dir.path().join("index.js"), generate_lambda(&spec).unwrap().node).unwrap();
        std::fs::write(dir.path().join("run.js"), NODE_RUNNER).unwrap();
        let mut cmd = Command::new("node");
        cmd.arg("run.js").current_dir(dir.path()).env("NODE_PATH", nm).env("FLOWKEYS_TEST_KEY_FILES", "{}");
        let v = run(cmd, &Value::from(events).to_string());
        assert_eq!(v["results"][0], unavailable());
    }
}

/// The console's own preview ciphertext (the engine's Connect-profile encryption, as the
/// Preview screen makes it) decrypts in the generated Lambdas, in both languages, and a Luhn-valid
/// test card number comes back masked.
#[test]
fn decrypts_the_consoles_preview_ciphertext() {
    let v = vectors();
    let events: Vec<Value> = ["4111111111111111", "5555555555554444"]
        .iter()
        .map(|pan| {
            let ct = flowkeys_esdk::connect::encrypt_for_certificate_der(
                &pem_to_der(&v.certificate_pem),
                KEY_ID,
                pan.as_bytes(),
                &mut getrandom::SysRng,
            )
            .unwrap();
            event(json!({ "EncryptedInput": ct, "InputKind": "card_number", "MinimumLength": "12", "MaximumLength": "19" }))
        })
        .collect();
    for (lang, results, _) in run_both(&Setup::single(KEY_ID), &events) {
        assert_eq!(
            results,
            vec![
                json!({ "status": "OK", "masked": "************1111", "last4": "1111", "length": "16" }),
                json!({ "status": "OK", "masked": "************4444", "last4": "4444", "length": "16" }),
            ],
            "{lang}"
        );
    }
}

/// `ct` with one bit of its last frame flipped: the header (and its Key ID) stays readable.
fn damaged(ct: &str) -> String {
    let mut bytes = base64ct::Base64::decode_vec(ct).unwrap();
    let at = bytes.len() - 40;
    bytes[at] ^= 1;
    base64ct::Base64::encode_string(&bytes)
}

/// The contract's answer to a missing parameter.
fn unavailable() -> Value {
    serde_json::to_value(LambdaResponse::KeyUnavailable { reason: KeyUnavailable::ParameterNotFound }).unwrap()
}

/// The contract's answer (the engine's own [`DecryptRequest::describe`]) for an event whose
/// ciphertext decrypts to `plaintext`: the generated Lambdas must give exactly this.
fn contract_answer(event: &Value, plaintext: &str, return_full_value: bool) -> Value {
    let request = DecryptRequest::from_event(event);
    assert!(request.message().is_ok(), "the event carries a message");
    serde_json::to_value(request.describe(plaintext, return_full_value)).unwrap()
}

fn pem_to_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64ct::Base64::decode_vec(&body).unwrap()
}

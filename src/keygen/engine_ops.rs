//! Engine operations the worker runs for the page: everything that needs the message format,
//! RSA private-key operations or certificate checks. Keeping them here keeps that code out of
//! the page's WebAssembly module (it only renders the JSON answers) and off its main thread.

use flowkeys_core::checklist::{check, Checklist, Readiness, Verdict};
use flowkeys_core::import::ImportedKeySet;
use flowkeys_core::make::{certificate_signing_request, subject_input_from_certificate};
use flowkeys_core::subject::Subject;
use flowkeys_core::{KeySet, PrivateKeyDer, UnixTime};
use flowkeys_esdk::DecryptOptions;
use serde_json::{json, Value};

/// Most encrypted data keys a pasted message may carry before decryption is refused: Connect
/// writes one, and each would cost an RSA private-key operation.
const MAX_EDKS: u16 = 8;

/// Runs `op`; the answer is JSON (`{"error": …}` for a failure the admin should read).
pub fn run(op: &str, key: Option<&[u8]>, data: &[u8], params: &Value, now: UnixTime) -> Value {
    let result = match op {
        "preview" => preview(key, data, params),
        "inspect" => Ok(inspect(key, data, params)),
        "checklist" => key_set(key, data).map(|set| json!({ "checklist": checklist_of_set(&set, now) })),
        "csr" => csr(key, data),
        other => Err(format!("Unknown operation {other}.")),
    };
    result.unwrap_or_else(|e| json!({ "error": e }))
}

fn key_set(key: Option<&[u8]>, cert: &[u8]) -> Result<KeySet, String> {
    let key = key.ok_or("No private key was sent.")?;
    let private = PrivateKeyDer::from_pkcs8_der(key).map_err(|e| e.to_string())?;
    KeySet::from_parts(private, cert.to_vec()).map_err(|e| e.to_string())
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn preview(key: Option<&[u8]>, cert: &[u8], params: &Value) -> Result<Value, String> {
    let key = key.ok_or("No private key was sent.")?;
    let key_id = params["key_id"].as_str().ok_or("No Key ID was sent.")?;
    let digits = params["digits"].as_str().ok_or("No test value was sent.")?;
    let masked = params["masked"].as_str().unwrap_or_default();
    let t0 = now_ms();
    let ciphertext = flowkeys_esdk::connect::encrypt_for_certificate_der(cert, key_id, digits.as_bytes(), &mut getrandom::SysRng)
        .map_err(|e| e.to_string())?;
    let t1 = now_ms();
    let bytes = flowkeys_esdk::message_bytes(ciphertext.as_bytes()).map_err(|e| e.to_string())?;
    let info = flowkeys_esdk::inspect(&bytes).map_err(|e| e.to_string())?;
    let t2 = now_ms();
    let round_trip = flowkeys_esdk::connect::keyring_from_private_key(key_id, key)
        .and_then(|keyring| flowkeys_esdk::decrypt(&bytes, &[keyring], &DecryptOptions::default()))
        .map_err(|e| e.to_string())
        .and_then(|d| {
            if d.plaintext.as_slice() == digits.as_bytes() {
                Ok(format!("Round trip OK: the private key decrypted it back to {masked} (Key ID {key_id})."))
            } else {
                Err("The round trip returned different digits. Do not use this key set.".to_owned())
            }
        });
    let t3 = now_ms();
    let (ok, message) = match round_trip {
        Ok(m) => (true, m),
        Err(m) => (false, m),
    };
    Ok(json!({
        "ciphertext": ciphertext,
        "info": serde_json::to_value(&info).map_err(|e| e.to_string())?,
        "round_trip_ok": ok,
        "round_trip": message,
        "encrypt_ms": t1 - t0,
        "decrypt_ms": t3 - t2,
    }))
}

fn inspect(key: Option<&[u8]>, data: &[u8], params: &Value) -> Value {
    let message = match flowkeys_esdk::message_bytes(data) {
        Ok(m) => m,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let info = match flowkeys_esdk::inspect(&message) {
        Ok(i) => i,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let mut out = json!({ "info": serde_json::to_value(&info).unwrap_or(Value::Null) });
    if let (Some(pkcs8), Some(key_id)) = (key, params["key_id"].as_str()) {
        let options = DecryptOptions { max_encrypted_data_keys: Some(MAX_EDKS), ..DecryptOptions::default() };
        let decrypted = flowkeys_esdk::connect::keyring_from_private_key(key_id, pkcs8)
            .and_then(|k| flowkeys_esdk::decrypt(&message, &[k], &options));
        match decrypted {
            Ok(d) => {
                out["plaintext"] = match std::str::from_utf8(&d.plaintext) {
                    Ok(text) => json!(text),
                    Err(_) => json!(format!("{} bytes of binary data", d.plaintext.len())),
                }
            }
            Err(e) => out["decrypt_error"] = json!(e.to_string()),
        }
    }
    out
}

fn csr(key: Option<&[u8]>, cert: &[u8]) -> Result<Value, String> {
    let set = key_set(key, cert)?;
    let input = subject_input_from_certificate(cert).map_err(|e| e.to_string())?;
    let subject = Subject::new(&input).map_err(|errs| errs.into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join(" "))?;
    let pem = certificate_signing_request(set.private_key(), &subject).map_err(|e| e.to_string())?;
    Ok(json!({ "pem": pem.as_str() }))
}

fn checklist_of_set(set: &KeySet, now: UnixTime) -> Value {
    match ImportedKeySet::from_key_set(set) {
        Ok(imported) => checklist_json(&check(&imported, now, &[])),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// A checklist as the page renders it.
pub fn checklist_json(c: &Checklist) -> Value {
    let readiness = match c.readiness {
        Readiness::Ready => "ready",
        Readiness::ReadyWithWarnings => "ready-with-warnings",
        Readiness::NotReady => "not-ready",
    };
    let lines: Vec<Value> = c
        .lines
        .iter()
        .map(|l| {
            let verdict = match l.verdict {
                Verdict::Pass => "pass",
                Verdict::Warn => "warning",
                Verdict::Fail => "fail",
            };
            json!({ "id": format!("{:?}", l.id), "title": l.id.title(), "verdict": verdict, "text": l.text, "details": l.details })
        })
        .collect();
    json!({ "headline": c.headline(), "readiness": readiness, "lines": lines })
}

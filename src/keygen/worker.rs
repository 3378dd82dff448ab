//! The worker side: runs inside a dedicated Web Worker (binary `keygen-worker`).

use super::protocol::{ExportFormat, InputView, Job, Method, Reply, SecretInput, Task};
use flowkeys_core::export::{export_pkcs12, PasswordProtection};
use flowkeys_core::pbe::EXPORT_ITERATIONS;
use flowkeys_core::{CertificateForm, CertificateRequest, KeySet, KeySize, PrivateKeyDer, UnixTime};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use zeroize::Zeroizing;

/// Installs the message handler and tells the page the worker is ready.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let scope = reply_scope.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let reply = match Job::from_js(&event.data()) {
                Some(job) => handle(job).await,
                None => Reply::Failed("The page sent the key generator an unreadable request. Reload the page.".into()),
            };
            post(&scope, &reply);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker; the worker is terminated after one job.
    on_message.forget();
    post(&scope, &Reply::Ready);
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply) {
    let (message, transfer) = reply.to_js();
    if scope.post_message_with_transfer(&message, &transfer).is_err() {
        let _ = scope.post_message(&Reply::Failed("The key generator could not send its result.".into()).to_js().0);
    }
}

async fn handle(job: Job) -> Reply {
    let now = UnixTime::from_js_millis(job.now_ms);
    match job.task {
        Task::Generate { method, form } => generate(method, &form, now).await,
        Task::Reissue { pkcs8, form } => reissue(&pkcs8, &form, now),
        Task::Export { pkcs8, cert, password, format } => export(&pkcs8, cert, &password, format),
        Task::Import { inputs } => import_inputs(inputs, now),
        Task::Engine { op, key, data, params } => {
            let params = serde_json::from_str(&params).unwrap_or(serde_json::Value::Null);
            Reply::Json(super::engine_ops::run(&op, key.as_deref().map(Vec::as_slice), &data, &params, now).to_string())
        }
    }
}

/// The form, validated again here: the worker never trusts the page blindly.
fn validated(form: &CertificateForm) -> Result<CertificateRequest, Reply> {
    form.validate().map_err(|errors| {
        let first = errors.0.first().map(|(_, m)| m.clone()).unwrap_or_default();
        Reply::Failed(format!("The form is not valid: {first}"))
    })
}

async fn generate(method: Method, form: &CertificateForm, now: UnixTime) -> Reply {
    let started = js_sys::Date::now();
    let request = match validated(form) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let subtle = subtle_crypto();
    let method = match (method, &subtle) {
        (Method::Auto, Some(_)) | (Method::WebCrypto, Some(_)) => Method::WebCrypto,
        (Method::WebCrypto, None) => {
            return Reply::Failed(
                "WebCrypto is not available on this page: browsers offer it only on https:// or localhost. Choose the pure-Rust generator under Advanced.".into(),
            )
        }
        (Method::Auto, None) | (Method::Rust, _) => Method::Rust,
    };
    let key = match (method, subtle) {
        (Method::WebCrypto, Some(subtle)) => webcrypto_key(&subtle, request.key_size).await,
        _ => flowkeys_core::keys::generate(request.key_size).map_err(|e| e.to_string()),
    };
    match key {
        Ok(key) => certify(&key, &request, method, now, started),
        Err(message) => Reply::Failed(message),
    }
}

fn reissue(pkcs8: &[u8], form: &CertificateForm, now: UnixTime) -> Reply {
    let started = js_sys::Date::now();
    let request = match validated(form) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    match PrivateKeyDer::from_pkcs8_der(pkcs8).and_then(|k| k.to_rsa()) {
        Ok(key) => certify(&key, &request, Method::Rust, now, started),
        Err(e) => Reply::Failed(e.to_string()),
    }
}

/// The self-signed certificate and self-checks for `key`, answered as a key set.
fn certify(key: &rsa::PrivateKey, request: &CertificateRequest, method: Method, now: UnixTime, started: f64) -> Reply {
    let keygen_ms = js_sys::Date::now() - started;
    match KeySet::create_self_signed(key, request, now) {
        Ok(set) => Reply::Done {
            pkcs8: Uint8Array::from(set.private_key().pkcs8_der()),
            cert: Uint8Array::from(set.certificate_der()),
            method,
            keygen_ms,
            total_ms: js_sys::Date::now() - started,
        },
        Err(e) => Reply::Failed(e.to_string()),
    }
}

/// Reads the inputs (all password derivations happen here) and sends back the reports plus every
/// piece in plain DER, named after the input it came from, for the page to regroup cheaply.
fn import_inputs(inputs: Vec<SecretInput>, now: UnixTime) -> Reply {
    use flowkeys_core::import::{import, ImportError, ImportInput, InputOutcome};
    let inputs: Vec<ImportInput> = inputs
        .into_iter()
        .map(|given| {
            let input = ImportInput::file(given.name, given.bytes.to_vec());
            match given.password {
                Some(p) => input.with_password(&p),
                None => input,
            }
        })
        .collect();
    let imported = import(&inputs);
    let reports: js_sys::Array = imported
        .inputs
        .iter()
        .map(|r| {
            let mut view = InputView { name: r.name.clone(), ..InputView::default() };
            match &r.outcome {
                InputOutcome::Read(summary) => {
                    view.kind = "read".into();
                    view.description = summary.description.clone();
                    if summary.items.len() > 1 {
                        view.items = summary.items.iter().map(|i| i.description.clone()).collect();
                    }
                    view.warnings = summary.warnings.clone();
                }
                InputOutcome::NeedsPassword { what } => {
                    view.kind = "needs-password".into();
                    view.description = what.clone();
                }
                InputOutcome::Failed(e) => {
                    view.kind = if matches!(e, ImportError::WrongPassword { .. }) { "wrong-password" } else { "failed" }.into();
                    view.message = e.to_string();
                }
            }
            view.to_js()
        })
        .collect();
    let pieces = js_sys::Array::new();
    let push = |name: &str, der: &[u8]| -> usize {
        let o = Object::new();
        let _ = Reflect::set(&o, &"name".into(), &JsValue::from_str(name));
        let _ = Reflect::set(&o, &"der".into(), &Uint8Array::from(der));
        pieces.push(&o) as usize - 1
    };
    // Each key set: what the page shows (label, checklist) and which pieces it may use.
    let mut sets = Vec::new();
    for (index, set) in imported.key_sets.iter().enumerate() {
        let private = set.private_key.as_ref().map(|k| push(&k.source.input, k.pkcs8_der()));
        let certificate = set.certificate().map(|c| push(&c.source.input, c.der()));
        let checklist = imported.checklist(index, now);
        let usable = set.to_key_set().is_ok()
            && checklist.as_ref().is_some_and(|c| c.readiness != flowkeys_core::checklist::Readiness::NotReady);
        sets.push(serde_json::json!({
            "label": set.label(),
            "completeness": set.completeness().describe(),
            "certificate_only": set.completeness() == flowkeys_core::import::Completeness::CertificateWithoutPrivateKey,
            "checklist": checklist.as_ref().map(super::engine_ops::checklist_json),
            "usable": usable,
            "private": private,
            "certificate": certificate,
        }));
    }
    Reply::Imported { sets: serde_json::Value::Array(sets).to_string(), reports: reports.into(), pieces }
}

/// Password-protected exports: deliberately slow key derivation (600 000 PBKDF2 rounds or
/// scrypt), which is why they run here and not on the page.
fn export(pkcs8: &[u8], cert: Vec<u8>, password: &str, format: ExportFormat) -> Reply {
    let result = PrivateKeyDer::from_pkcs8_der(pkcs8).map_err(|e| e.to_string()).and_then(|key| match format {
        ExportFormat::Pkcs8Pbkdf2 | ExportFormat::Pkcs8Scrypt => {
            let protection = if format == ExportFormat::Pkcs8Scrypt {
                PasswordProtection::Scrypt
            } else {
                PasswordProtection::default()
            };
            key.to_encrypted_pkcs8_pem(password, protection).map(|pem| pem.expose().as_bytes().to_vec()).map_err(|e| e.to_string())
        }
        ExportFormat::Pkcs12 => KeySet::from_parts(key, cert)
            .map_err(|e| e.to_string())
            .and_then(|set| export_pkcs12(&set, password, EXPORT_ITERATIONS).map(|p| p.as_bytes().to_vec()).map_err(|e| e.to_string())),
    });
    match result {
        Ok(bytes) => Reply::Bytes(Uint8Array::from(bytes.as_slice())),
        Err(message) => Reply::Failed(message),
    }
}

/// `crypto.subtle` in this worker, if the context offers it (only secure contexts do).
fn subtle_crypto() -> Option<web_sys::SubtleCrypto> {
    let global = js_sys::global();
    let crypto = Reflect::get(&global, &"crypto".into()).ok().filter(|c| c.is_object())?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok().filter(|s| s.is_object())?;
    subtle.dyn_into::<web_sys::SubtleCrypto>().ok()
}

/// Generates with WebCrypto, exports PKCS#8, wipes the exported buffer, and decodes the key
/// with the engine (which validates the numbers), so both paths continue identically.
async fn webcrypto_key(subtle: &web_sys::SubtleCrypto, size: KeySize) -> Result<rsa::PrivateKey, String> {
    let failed = |what: &str, e: JsValue| {
        format!("The browser's WebCrypto could not {what} ({}). Choose the pure-Rust generator under Advanced.", js_error_text(&e))
    };
    let algorithm = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&algorithm, &k.into(), v);
    };
    set("name", &"RSASSA-PKCS1-v1_5".into());
    set("modulusLength", &JsValue::from_f64(size.bits() as f64));
    set("publicExponent", &Uint8Array::from(&[1u8, 0, 1][..]).into());
    set("hash", &"SHA-256".into());
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let promise = subtle.generate_key_with_object(&algorithm, true, &usages).map_err(|e| failed("start key generation", e))?;
    let pair = JsFuture::from(promise).await.map_err(|e| failed("generate the key", e))?;
    let private = Reflect::get(&pair, &"privateKey".into())
        .ok()
        .and_then(|k| k.dyn_into::<web_sys::CryptoKey>().ok())
        .ok_or_else(|| "WebCrypto returned no private key. Choose the pure-Rust generator under Advanced.".to_owned())?;
    let exported = subtle.export_key("pkcs8", &private).map_err(|e| failed("export the key", e))?;
    let buffer = JsFuture::from(exported).await.map_err(|e| failed("export the key", e))?;
    let view = Uint8Array::new(&buffer);
    let der = Zeroizing::new(view.to_vec());
    view.fill(0, 0, view.length());
    let private = PrivateKeyDer::from_pkcs8_der(&der).map_err(|e| e.to_string())?;
    private.to_rsa().map_err(|e| e.to_string())
}

fn js_error_text(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

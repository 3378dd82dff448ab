//! The worker side: runs inside a dedicated Web Worker (one binary per
//! [`flowkeys_protocol::Module`], `src/bin/`). It decodes
//! one request, runs it (the engine work is `flowkeys_protocol::ops`; only the WebCrypto path of
//! key generation — the key and its certificate's signature — is here, being browser-only), and
//! answers.

use super::transport;
use flowkeys_core::{KeySize, PrivateKeyDer};
use flowkeys_protocol::{
    decode, encode, ops, AnyRequest, Envelope, FromWorker, Generate, KeySetMade, Method, ProtocolError, TaskFailed,
};
use js_sys::{Array, Object, Reflect, Uint8Array};
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
use zeroize::Zeroizing;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The key-set worker ([`flowkeys_protocol::Module::Keys`]): the engine's dispatcher, with
/// WebCrypto's key generation in front of it.
pub fn run_keys() {
    serve(|request| async move {
        match request {
            AnyRequest::Generate(r) if r.method != Method::Rust => {
                encode(&FromWorker::Answer(generate_with_webcrypto(r).await))
            }
            request => ops::answer_keys(request, &now_ms),
        }
    });
}

/// The key-file worker ([`flowkeys_protocol::Module::Files`]).
pub fn run_files() {
    serve(|request| async move { ops::answer_files(request, &now_ms) });
}

/// The lint worker ([`flowkeys_protocol::Module::Lint`]).
pub fn run_lint() {
    serve(|request| async move { ops::answer_lint(request) });
}

/// The tools worker ([`flowkeys_protocol::Module::Tools`]).
pub fn run_tools() {
    serve(|request| async move { ops::answer_tools(request) });
}

/// Installs the message handler and tells the page the worker is ready. `answer` is the
/// module's dispatcher: generic, so each module's binary links only the code its own reaches.
fn serve<F, A>(answer: F)
where
    F: Fn(AnyRequest) -> A + 'static,
    A: Future<Output = Result<Envelope, ProtocolError>> + 'static,
{
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let scope = reply_scope.clone();
        let reply = transport::from_js(&event.data()).and_then(decode::<AnyRequest>).map(&answer);
        wasm_bindgen_futures::spawn_local(async move {
            let reply = match reply {
                Ok(answering) => answering.await,
                Err(e) => encode(&FromWorker::<()>::Answer(Err(TaskFailed(e.to_string())))),
            };
            post(&scope, reply);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker (one job for the modules that touch secrets, the
    // page's life for the lint and tools modules).
    on_message.forget();
    post(&scope, encode(&FromWorker::<()>::Ready));
}

fn post(scope: &DedicatedWorkerGlobalScope, reply: Result<Envelope, ProtocolError>) {
    let envelope = reply.or_else(|e| encode(&FromWorker::<()>::Answer(Err(TaskFailed(e.to_string())))));
    let Ok(envelope) = envelope else { return };
    let (message, transfer) = transport::to_js(&envelope);
    if scope.post_message_with_transfer(&message, &transfer).is_err() {
        transport::wipe(&message);
        if let Ok(e) = encode(&FromWorker::<()>::Answer(Err(TaskFailed(
            "The background worker could not send its result.".into(),
        )))) {
            let _ = scope.post_message(&transport::to_js(&e).0);
        }
    }
}

/// WebCrypto where this context offers it ([`Method::Auto`] falls back to pure Rust).
async fn generate_with_webcrypto(request: Generate) -> Result<KeySetMade, TaskFailed> {
    let subtle = subtle_crypto();
    if subtle.is_none() && request.method == Method::Auto {
        return ops::generate_rust(&request, &now_ms);
    }
    let Some(subtle) = subtle else {
        return Err(TaskFailed::from(
            "WebCrypto is not available on this page: browsers offer it only on https:// or localhost. Choose the pure-Rust generator under Advanced.",
        ));
    };
    let started = now_ms();
    let checked = ops::validated(&request.form)?;
    let (private, handle) = webcrypto_key(&subtle, checked.key_size).await?;
    let keygen_ms = now_ms() - started;
    let unsigned = ops::certificate_to_sign(&private, &checked, request.now_ms)?;
    let signature = webcrypto_sign(&subtle, &handle, unsigned.to_be_signed()).await?;
    ops::certified(private, unsigned, &signature, Method::WebCrypto, keygen_ms, started, &now_ms)
}

/// `crypto.subtle` in this worker, if the context offers it (only secure contexts do).
fn subtle_crypto() -> Option<web_sys::SubtleCrypto> {
    let global = js_sys::global();
    let crypto = Reflect::get(&global, &"crypto".into()).ok().filter(|c| c.is_object())?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok().filter(|s| s.is_object())?;
    subtle.dyn_into::<web_sys::SubtleCrypto>().ok()
}

fn webcrypto_failed(what: &str, e: &JsValue) -> TaskFailed {
    TaskFailed(format!(
        "The browser's WebCrypto could not {what} ({}). Choose the pure-Rust generator under Advanced.",
        js_error_text(e)
    ))
}

/// Generates with WebCrypto (RSASSA-PKCS1-v1_5 with SHA-256, so the key can sign its own
/// certificate) and exports the private key as PKCS#8. The engine reads the PKCS#8 structure
/// only; no big-number work is done on the key in wasm.
///
/// The key that signs the certificate is the *exported* one, imported back into WebCrypto (not
/// extractable), not the generated handle: the generation's self-check, that the certificate's
/// signature verifies under the public half, then covers the private numbers the admin will
/// store and the Lambda will decrypt with. Every JS copy of the exported bytes is zero-filled.
async fn webcrypto_key(
    subtle: &web_sys::SubtleCrypto,
    size: KeySize,
) -> Result<(PrivateKeyDer, web_sys::CryptoKey), TaskFailed> {
    let algorithm = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&algorithm, &k.into(), v);
    };
    set("name", &SIGNATURE_ALGORITHM.into());
    set("modulusLength", &JsValue::from_f64(size.bits() as f64));
    set("publicExponent", &Uint8Array::from(&[1u8, 0, 1][..]).into());
    set("hash", &"SHA-256".into());
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let promise = subtle
        .generate_key_with_object(&algorithm, true, &usages)
        .map_err(|e| webcrypto_failed("start key generation", &e))?;
    let pair = JsFuture::from(promise).await.map_err(|e| webcrypto_failed("generate the key", &e))?;
    let generated = Reflect::get(&pair, &"privateKey".into())
        .ok()
        .and_then(|k| k.dyn_into::<web_sys::CryptoKey>().ok())
        .ok_or_else(|| {
            TaskFailed::from("WebCrypto returned no private key. Choose the pure-Rust generator under Advanced.")
        })?;
    let exported = subtle.export_key("pkcs8", &generated).map_err(|e| webcrypto_failed("export the key", &e))?;
    let buffer = JsFuture::from(exported).await.map_err(|e| webcrypto_failed("export the key", &e))?;
    let view = Uint8Array::new(&buffer);
    let der = Zeroizing::new(view.to_vec());
    // `importKey` copies its input when called, so the view is wiped before the import settles.
    let import = subtle.import_key_with_object("pkcs8", &view, &algorithm, false, &Array::of1(&"sign".into()));
    view.fill(0, 0, view.length());
    let imported = JsFuture::from(import.map_err(|e| webcrypto_failed("read back the exported key", &e))?)
        .await
        .map_err(|e| webcrypto_failed("read back the exported key", &e))?;
    let signer = imported.dyn_into::<web_sys::CryptoKey>().map_err(|_| {
        TaskFailed::from("WebCrypto returned no key when reading back the exported key. Choose the pure-Rust generator under Advanced.")
    })?;
    let private = PrivateKeyDer::from_pkcs8_der(&der).map_err(TaskFailed::from_error)?;
    Ok((private, signer))
}

/// The key's PKCS#1 v1.5 SHA-256 signature of `data`, made natively by WebCrypto (a 4096-bit
/// signature in wasm costs 60–90 ms in a fresh worker, with the key's decoding; here a few).
async fn webcrypto_sign(
    subtle: &web_sys::SubtleCrypto,
    key: &web_sys::CryptoKey,
    data: &[u8],
) -> Result<Vec<u8>, TaskFailed> {
    let promise = subtle
        .sign_with_str_and_u8_array(SIGNATURE_ALGORITHM, key, data)
        .map_err(|e| webcrypto_failed("sign the certificate", &e))?;
    let signature = JsFuture::from(promise).await.map_err(|e| webcrypto_failed("sign the certificate", &e))?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// WebCrypto's name for the certificate's signature scheme (sha256WithRSAEncryption).
const SIGNATURE_ALGORITHM: &str = "RSASSA-PKCS1-v1_5";

fn js_error_text(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

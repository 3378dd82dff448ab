//! The page side: starts a worker for one job and reports what happens.

use super::protocol::{InputView, Job, Method, Reply, Task};
use flowkeys_core::make::subject_input_from_certificate;
use flowkeys_core::{CertificateForm, KeySet, PrivateKeyDer, ValidityDays};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use zeroize::Zeroizing;

/// The worker script Trunk emits for `data-bin="keygen-worker" data-loader-shim`.
pub const WORKER_SCRIPT: &str = "./keygen-worker_loader.js";

/// The outcome of a job, delivered once.
pub enum Outcome {
    /// A key set (generated or re-certified), already checked to belong together.
    Done {
        /// The key pair and its certificate.
        set: KeySet,
        /// Which generator ran.
        method: Method,
        /// Key generation time in the worker.
        keygen_ms: f64,
        /// Whole job time in the worker.
        total_ms: f64,
    },
    /// An export's file contents (may be secret: an encrypted key).
    Bytes(Vec<u8>),
    /// An engine operation's JSON answer.
    Json(serde_json::Value),
    /// An import: what each input held, and every piece as plain (input name, DER).
    Imported {
        /// The key sets found (labels, checklists, indexes into `pieces`).
        sets: serde_json::Value,
        /// Per-input reports.
        reports: Vec<InputView>,
        /// Pieces (private keys as PKCS#8: secret, zeroizing).
        pieces: Vec<(String, Zeroizing<Vec<u8>>)>,
    },
    /// A sentence for the admin.
    Failed(String),
}

/// A running job. Dropping it terminates the worker (that is how Cancel works).
pub struct Running {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Starts a worker, sends it `job` once it is ready, and calls `done` exactly once.
pub fn start(job: Job, done: impl FnOnce(Outcome) + 'static) -> Result<Running, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Classic);
    let worker = Worker::new_with_options(WORKER_SCRIPT, &options)
        .map_err(|_| "The browser would not start the key generator (a Web Worker). Reload the page and try again.".to_owned())?;
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |outcome: Outcome| {
            if let Some(f) = done.borrow_mut().take() {
                f(outcome);
            }
        }
    };
    let finish_on_error = finish.clone();
    let job_message = job.to_js();
    let post_to = worker.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        match Reply::from_js(&event.data()) {
            Reply::Ready => {
                if post_to.post_message(&job_message).is_err() {
                    finish(Outcome::Failed("Could not send the request to the key generator. Reload the page.".into()));
                }
                // The worker has its own (structured-cloned) copy now: wipe the page's key bytes.
                wipe_buffers(&job_message);
            }
            Reply::Done { pkcs8, cert, method, keygen_ms, total_ms } => {
                let secret = Zeroizing::new(pkcs8.to_vec());
                // Wipe the transferred JS buffer: the Rust copy is the only one kept.
                pkcs8.fill(0, 0, pkcs8.length());
                let set = PrivateKeyDer::from_pkcs8_der(&secret)
                    .map_err(|e| e.to_string())
                    .and_then(|key| KeySet::from_parts(key, cert.to_vec()).map_err(|e| e.to_string()));
                finish(match set {
                    Ok(set) => Outcome::Done { set, method, keygen_ms, total_ms },
                    Err(message) => Outcome::Failed(message),
                });
            }
            Reply::Bytes(data) => finish(Outcome::Bytes(data.to_vec())),
            Reply::Json(text) => finish(match serde_json::from_str(&text) {
                Ok(v) => Outcome::Json(v),
                Err(_) => Outcome::Failed("The worker sent an unreadable answer. Try again.".into()),
            }),
            Reply::Imported { sets, reports, pieces } => {
                let sets = serde_json::from_str(&sets).unwrap_or(serde_json::Value::Null);
                let reports = js_sys::Array::from(&reports).iter().map(|r| InputView::from_js(&r)).collect();
                let pieces = pieces
                    .iter()
                    .filter_map(|p| {
                        let name = js_sys::Reflect::get(&p, &"name".into()).ok()?.as_string()?;
                        let der: js_sys::Uint8Array = js_sys::Reflect::get(&p, &"der".into()).ok()?.dyn_into().ok()?;
                        let bytes = Zeroizing::new(der.to_vec());
                        der.fill(0, 0, der.length());
                        Some((name, bytes))
                    })
                    .collect();
                finish(Outcome::Imported { sets, reports, pieces });
            }
            Reply::Failed(message) => finish(Outcome::Failed(message)),
        }
    });
    // A script that fails to load fires a plain `Event`, not an `ErrorEvent`: read `message`
    // defensively instead of calling a method that would throw through wasm.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = js_sys::Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "its script could not be loaded".into());
        finish_on_error(Outcome::Failed(format!(
            "The background worker stopped unexpectedly ({detail}). Reload the page and try again."
        )));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running { worker, _on_message: on_message, _on_error: on_error })
}

/// Zero-fills the byte arrays a job carries (`key`, and each import input's `bytes`). JS
/// strings (a password) cannot be wiped; they are dropped with the job.
fn wipe_buffers(job: &JsValue) {
    let wipe = |v: &JsValue, key: &str| {
        if let Ok(bytes) = js_sys::Reflect::get(v, &key.into()).and_then(|b| b.dyn_into::<js_sys::Uint8Array>()) {
            bytes.fill(0, 0, bytes.length());
        }
    };
    wipe(job, "key");
    if let Ok(inputs) = js_sys::Reflect::get(job, &"inputs".into()).and_then(|i| i.dyn_into::<js_sys::Array>()) {
        for input in inputs.iter() {
            wipe(&input, "bytes");
        }
    }
}

/// Whether this page can use WebCrypto (a secure context with `crypto.subtle`).
pub fn webcrypto_available() -> bool {
    let Some(window) = web_sys::window() else { return false };
    if !window.is_secure_context() {
        return false;
    }
    js_sys::Reflect::get(&window, &"crypto".into())
        .ok()
        .and_then(|c| js_sys::Reflect::get(&c, &"subtle".into()).ok())
        .is_some_and(|s| s.is_object())
}

/// Runs an engine operation in a fresh worker; `done` gets its JSON answer, or a sentence for
/// the admin (also when the answer is `{"error": …}`).
pub fn engine(
    op: &str,
    key: Option<Zeroizing<Vec<u8>>>,
    data: Vec<u8>,
    params: serde_json::Value,
    done: impl FnOnce(Result<serde_json::Value, String>) + 'static,
) -> Result<Running, String> {
    let job = Job { task: Task::Engine { op: op.to_owned(), key, data, params: params.to_string() }, now_ms: js_sys::Date::now() };
    start(job, move |outcome| {
        done(match outcome {
            Outcome::Json(v) => match v.get("error").and_then(|e| e.as_str()) {
                Some(e) => Err(e.to_owned()),
                None => Ok(v),
            },
            Outcome::Failed(m) => Err(m),
            _ => Err("Unexpected answer from the worker.".to_owned()),
        })
    })
}

/// Issues a new self-signed certificate for `key` in a fresh worker, keeping the subject of
/// `current_cert` when there is one; `done` gets the new key set.
pub fn reissue(
    key: &PrivateKeyDer,
    current_cert: Option<&[u8]>,
    validity: ValidityDays,
    done: impl FnOnce(Result<KeySet, String>) + 'static,
) -> Result<Running, String> {
    let mut form = CertificateForm { key_size: key.size(), ..CertificateForm::default() };
    if let Some(subject) = current_cert.and_then(|der| subject_input_from_certificate(der).ok()) {
        form.subject = subject;
    }
    form.validity_days = validity.days().to_string();
    let job = Job {
        task: Task::Reissue { pkcs8: Zeroizing::new(key.pkcs8_der().to_vec()), form },
        now_ms: js_sys::Date::now(),
    };
    start(job, move |outcome| {
        done(match outcome {
            Outcome::Done { set, .. } => Ok(set),
            Outcome::Failed(m) => Err(m),
            _ => Err("Unexpected answer from the worker.".to_owned()),
        })
    })
}

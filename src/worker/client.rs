//! The page side: one function per operation, delivering that operation's typed answer exactly
//! once, from the worker module its request names ([`Request::MODULE`]). Work that touches a
//! private key or password starts a fresh worker that is terminated after its one job; work
//! that touches no secret (linting, stacks) goes to its module's one long-lived worker, so it
//! pays the worker's start-up once, not per keystroke.

use super::transport;
use flowkeys_connect::flow::source::SourceReport;
use flowkeys_connect::flow::FlowForm;
use flowkeys_connect::{LambdaCode, LambdaSpec};
use flowkeys_core::{CertificateDetail, CertificateForm, KeyId, KeySet, PrivateKeyDer, ValidityDays};
use flowkeys_protocol::views::ChecklistView;
use flowkeys_protocol::{
    encode, Bytes, CheckKeySet, DecryptionKey, DescribeCertificate, Envelope, Export, ExportFormat, ExportedFile,
    FlowMade, FormFields, FromWorker, Generate, GroupInputs, Grouped, InputRead, Inspect, Inspected, KeySetMade,
    LintSource, MakeCsr, MakeFlow, MakeLambda, MakeStack, Method, Module, Preview, Previewed, ProtocolError, ReadInput,
    ReadMessage, Reissue, Request, SecretBytes, StackMade, TaskFailed,
};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use zeroize::Zeroizing;

/// The worker script Trunk emits for a module's `data-bin` with `data-loader-shim` (boot.js
/// starts the verified files of that module in its place).
pub fn worker_script(module: Module) -> String {
    format!("./{}_loader.js", module.binary())
}

/// Why an operation gave no answer. Every variant displays as a sentence for the admin.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WorkerError {
    /// The operation ran and failed (the engine's sentence).
    #[error("{0}")]
    Failed(#[from] TaskFailed),
    /// A message between page and worker did not decode.
    #[error("{0}")]
    Protocol(#[from] ProtocolError),
    /// The worker could not be started or stopped unexpectedly.
    #[error("{0}")]
    Worker(String),
}

/// One value per worker module. There are a handful of modules, so a list searched in order is
/// the right map (and keeps a hasher out of the page's module).
struct PerModule<T>(Vec<(Module, T)>);

impl<T> PerModule<T> {
    const fn new() -> Self {
        PerModule(Vec::new())
    }

    fn contains(&self, module: Module) -> bool {
        self.0.iter().any(|(m, _)| *m == module)
    }

    fn get_mut(&mut self, module: Module) -> Option<&mut T> {
        self.0.iter_mut().find(|(m, _)| *m == module).map(|(_, v)| v)
    }

    /// Callers insert only where there is none (a worker in a replaced value would be left
    /// running), so it is added, not replaced.
    fn insert(&mut self, module: Module, value: T) {
        self.0.push((module, value));
    }

    fn remove(&mut self, module: Module) -> Option<T> {
        let at = self.0.iter().position(|(m, _)| *m == module)?;
        Some(self.0.swap_remove(at).1)
    }
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

/// A worker started ahead of need: its module is compiled and initialised before the next click,
/// so a job starts at once. It holds nothing until it gets a job, and like every job's worker
/// it is terminated after that one job, so no private key outlives its operation.
struct Spare {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    /// It stopped before it got a job (its script failed, or its module could not be loaded):
    /// the next job starts a new worker instead.
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    /// At most one spare per module that runs secret work.
    static SPARES: RefCell<PerModule<Spare>> = const { RefCell::new(PerModule::new()) };
}

fn spawn(module: Module) -> Result<Worker, WorkerError> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Classic);
    Worker::new_with_options(&worker_script(module), &options).map_err(|_| {
        WorkerError::Worker("The browser would not start the background worker. Reload the page and try again.".into())
    })
}

/// Starts `module`'s spare worker if it has none: after each job starts, and for the first
/// screen's modules (key sets and key files) once that screen is up, so their files are loaded
/// and compiled while the admin reads. Other modules' files are loaded when first asked for.
pub fn prepare_spare(module: Module) {
    if let Some(spare) = take_spare(module) {
        SPARES.with(|s| s.borrow_mut().insert(module, spare));
        return;
    }
    let Ok(worker) = spawn(module) else { return };
    let ready = Rc::new(Cell::new(false));
    let flag = ready.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if matches!(
            transport::from_js(&event.data()).and_then(transport::decode::<FromWorker<()>>),
            Ok(FromWorker::Ready)
        ) {
            flag.set(true);
        }
    });
    let failed = Rc::new(Cell::new(false));
    let failed_flag = failed.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| failed_flag.set(true));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let spare = Spare { worker, ready, failed, _on_message: on_message, _on_error: on_error };
    SPARES.with(|s| s.borrow_mut().insert(module, spare));
}

/// `module`'s spare, unless it has none or it failed (a failed one is terminated and
/// forgotten, so the caller starts a new worker).
fn take_spare(module: Module) -> Option<Spare> {
    let spare = SPARES.with(|s| s.borrow_mut().remove(module))?;
    if spare.failed.get() {
        spare.worker.terminate();
        return None;
    }
    Some(spare)
}

/// Sends `request` to a worker of its module (the spare when there is one, else a new one)
/// once it is ready, and calls `done` exactly once with the request's own answer type.
///
/// # Errors
/// A sentence when the browser will not start a worker.
pub fn call<R: Request + 'static>(
    request: R,
    done: impl FnOnce(Result<R::Response, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    let envelope = encode(&request.into())?;
    let (worker, ready, old_handlers) = match take_spare(R::MODULE) {
        Some(spare) => (spare.worker, spare.ready.get(), Some((spare._on_message, spare._on_error))),
        None => (spawn(R::MODULE)?, false, None),
    };
    let done = Rc::new(RefCell::new(Some(done)));
    let finish = {
        let done = done.clone();
        move |answer: Result<R::Response, WorkerError>| {
            if let Some(f) = done.borrow_mut().take() {
                f(answer);
            }
        }
    };
    let finish_on_error = finish.clone();
    let pending = Rc::new(RefCell::new(Some(envelope)));
    let send = {
        let pending = pending.clone();
        let post_to = worker.clone();
        move || -> Result<(), WorkerError> {
            let Some(envelope) = pending.borrow_mut().take() else { return Ok(()) };
            let (message, transfer) = transport::to_js(&envelope);
            // Transferred: the page's JS copies of the buffers are detached, and the Rust
            // copies are wiped when `envelope` drops here.
            post_to.post_message_with_transfer(&message, &transfer).map_err(|_| {
                transport::wipe(&message);
                WorkerError::Worker("Could not send the request to the background worker. Reload the page.".into())
            })
        }
    };
    let send_on_ready = send.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = transport::from_js(&event.data()).and_then(transport::decode::<FromWorker<R::Response>>);
        match reply {
            Ok(FromWorker::Ready) => {
                if let Err(e) = send_on_ready() {
                    finish(Err(e));
                }
            }
            Ok(FromWorker::Answer(answer)) => finish(answer.map_err(WorkerError::from)),
            Err(e) => finish(Err(e.into())),
        }
    });
    // A script that fails to load fires a plain `Event`, not an `ErrorEvent`: read `message`
    // defensively instead of calling a method that would throw through wasm.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = js_sys::Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "its script could not be loaded".into());
        finish_on_error(Err(WorkerError::Worker(format!(
            "The background worker stopped unexpectedly ({detail}). Reload the page and try again."
        ))));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    drop(old_handlers);
    if ready {
        if let Err(e) = send() {
            worker.terminate();
            return Err(e);
        }
    }
    prepare_spare(R::MODULE);
    Ok(Running { worker, _on_message: on_message, _on_error: on_error })
}

/// What the long-lived worker does with one answer: decodes it into its request's answer type.
type Waiting = Box<dyn FnOnce(Result<Envelope, WorkerError>)>;

/// A module's long-lived worker, for requests that touch no secret. It answers in the order it was
/// asked (each request runs to completion before the next message is read), so the answers are
/// matched to the waiting requests first in, first out.
struct Resident {
    worker: Worker,
    ready: bool,
    /// Requests made before the worker said it was ready.
    unsent: Vec<Envelope>,
    waiting: VecDeque<Waiting>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    /// At most one per module that runs no secret work.
    static RESIDENTS: RefCell<PerModule<Resident>> = const { RefCell::new(PerModule::new()) };
}

fn post(worker: &Worker, envelope: &Envelope) -> Result<(), WorkerError> {
    let (message, transfer) = transport::to_js(envelope);
    worker.post_message_with_transfer(&message, &transfer).map_err(|_| {
        transport::wipe(&message);
        WorkerError::Worker("Could not send the request to the background worker. Reload the page.".into())
    })
}

/// Fails every request waiting for `module`'s long-lived worker and forgets it (the next
/// request starts a new one).
fn resident_failed(module: Module, error: &WorkerError) {
    let gone = RESIDENTS.with(|r| r.borrow_mut().remove(module));
    if let Some(gone) = gone {
        gone.worker.terminate();
        for waiting in gone.waiting {
            waiting(Err(error.clone()));
        }
    }
}

fn start_resident(module: Module) -> Result<(), WorkerError> {
    let worker = spawn(module)?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let envelope = match transport::from_js(&event.data()) {
            Ok(e) => e,
            Err(e) => return resident_failed(module, &e.into()),
        };
        let text_only = Envelope { json: envelope.json.clone(), buffers: Vec::new() };
        if matches!(transport::decode::<FromWorker<()>>(text_only), Ok(FromWorker::Ready)) {
            let unsent = RESIDENTS.with(|r| {
                r.borrow_mut().get_mut(module).map(|r| {
                    r.ready = true;
                    (r.worker.clone(), std::mem::take(&mut r.unsent))
                })
            });
            if let Some((worker, unsent)) = unsent {
                for envelope in &unsent {
                    if let Err(e) = post(&worker, envelope) {
                        return resident_failed(module, &e);
                    }
                }
            }
            return;
        }
        // Taken out before it runs: the answer may well make the page ask again.
        let next = RESIDENTS.with(|r| r.borrow_mut().get_mut(module).and_then(|r| r.waiting.pop_front()));
        if let Some(waiting) = next {
            waiting(Ok(envelope));
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let detail = js_sys::Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "its script could not be loaded".into());
        resident_failed(
            module,
            &WorkerError::Worker(format!(
                "The background worker stopped unexpectedly ({detail}). Reload the page and try again."
            )),
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let resident = Resident {
        worker,
        ready: false,
        unsent: Vec::new(),
        waiting: VecDeque::new(),
        _on_message: on_message,
        _on_error: on_error,
    };
    RESIDENTS.with(|r| r.borrow_mut().insert(module, resident));
    Ok(())
}

/// Sends `request`, which must touch no secret, to its module's long-lived worker (started on
/// first use), and calls `done` exactly once with its answer.
fn call_resident<R: Request + 'static>(request: R, done: impl FnOnce(Result<R::Response, WorkerError>) + 'static) {
    // A private key or password must never reach a worker that outlives its job: a request of a
    // module that carries them does not compile here.
    const { assert!(!R::MODULE.touches_secrets(), "a request that carries secrets needs a fresh worker (`call`)") };
    let envelope = match encode(&request.into()) {
        Ok(e) => e,
        Err(e) => return done(Err(e.into())),
    };
    if RESIDENTS.with(|r| !r.borrow().contains(R::MODULE)) {
        if let Err(e) = start_resident(R::MODULE) {
            return done(Err(e));
        }
    }
    let waiting: Waiting = Box::new(move |reply: Result<Envelope, WorkerError>| {
        let answer = reply.and_then(|envelope| match transport::decode::<FromWorker<R::Response>>(envelope) {
            Ok(FromWorker::Answer(answer)) => answer.map_err(WorkerError::from),
            Ok(FromWorker::Ready) => Err(WorkerError::Worker("The background worker answered out of turn.".into())),
            Err(e) => Err(e.into()),
        });
        done(answer);
    });
    let sent = RESIDENTS.with(|r| {
        let mut residents = r.borrow_mut();
        let Some(resident) = residents.get_mut(R::MODULE) else {
            return Err((WorkerError::Worker("The background worker is not running.".into()), Some(waiting)));
        };
        resident.waiting.push_back(waiting);
        if resident.ready {
            post(&resident.worker, &envelope).map_err(|e| (e, None))
        } else {
            resident.unsent.push(envelope);
            Ok(())
        }
    });
    match sent {
        Ok(()) => {}
        Err((e, Some(waiting))) => waiting(Err(e)),
        Err((e, None)) => resident_failed(R::MODULE, &e),
    }
}

/// Lints a flow, CloudFormation template or Terraform file in the long-lived worker.
pub fn lint(request: LintSource, done: impl FnOnce(Result<SourceReport, WorkerError>) + 'static) {
    call_resident(request, done);
}

/// Makes the one-step CloudFormation stack in the long-lived worker (it lints the flow it
/// embeds: the linter is not in the page's module).
pub fn stack(request: MakeStack, done: impl FnOnce(Result<StackMade, WorkerError>) + 'static) {
    call_resident(request, done);
}

/// Reads the Flow screen's form and makes the flow in the long-lived worker (the generator and
/// the certificate reader are not in the page's module).
pub fn flow(form: FlowForm, done: impl FnOnce(Result<FlowMade, WorkerError>) + 'static) {
    call_resident(MakeFlow(form), done);
}

/// Every field of a certificate, read in the long-lived worker (the page has no X.509 parser).
pub fn describe(certificate: Vec<u8>, done: impl FnOnce(Result<CertificateDetail, WorkerError>) + 'static) {
    call_resident(DescribeCertificate(Bytes(certificate)), done);
}

/// Makes the decrypt Lambda's code in the long-lived worker (the language templates are not in
/// the page's module).
pub fn lambda(spec: LambdaSpec, done: impl FnOnce(Result<LambdaCode, WorkerError>) + 'static) {
    call_resident(MakeLambda(spec), done);
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

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn private_key(set: &KeySet) -> SecretBytes {
    SecretBytes::copy_of(set.private_key().pkcs8_der())
}

fn certificate(set: &KeySet) -> Bytes {
    Bytes(set.certificate_der().to_vec())
}

/// A key set made in the worker, and how.
pub struct Made {
    /// The key pair and its certificate, checked to belong together.
    pub set: KeySet,
    /// Which generator ran.
    pub method: Method,
    /// Key generation time in the worker.
    pub keygen_ms: f64,
    /// Whole job time in the worker.
    pub total_ms: f64,
}

fn assemble(made: KeySetMade) -> Result<Made, WorkerError> {
    let set = made.key_set().map_err(TaskFailed::from_error)?;
    Ok(Made { set, method: made.method, keygen_ms: made.keygen_ms, total_ms: made.total_ms })
}

/// Generates a key set with `method` from `form`.
///
/// # Errors
/// When no worker can be started.
pub fn generate(
    method: Method,
    form: &CertificateForm,
    done: impl FnOnce(Result<Made, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    call(Generate { method, form: FormFields::from(form), now_ms: now_ms() }, move |answer| {
        done(answer.and_then(assemble))
    })
}

/// Issues a new self-signed certificate for `key`, keeping the subject of `current_cert` when
/// there is one.
///
/// # Errors
/// When no worker can be started.
pub fn reissue(
    key: &PrivateKeyDer,
    current_cert: Option<&[u8]>,
    validity: ValidityDays,
    done: impl FnOnce(Result<KeySet, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    let mut form = CertificateForm { key_size: key.size(), ..CertificateForm::default() };
    form.validity_days = validity.days().to_string();
    let request = Reissue {
        private_key: SecretBytes::copy_of(key.pkcs8_der()),
        form: FormFields::from(&form),
        current_certificate: current_cert.map(|der| Bytes(der.to_vec())),
        now_ms: now_ms(),
    };
    call(request, move |answer| done(answer.and_then(assemble).map(|m| m.set)))
}

/// Reads one input (a file or one pasted block) with its password, if any, in a worker of
/// its own: a slow input holds only that worker, which dropping the [`Running`] terminates.
///
/// # Errors
/// When no worker can be started.
pub fn read_input(
    request: ReadInput,
    done: impl FnOnce(Result<InputRead, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    call(request, done)
}

/// Groups the inputs read so far into key sets, with their checklists as of now (no key
/// derivation).
///
/// # Errors
/// When no worker can be started.
pub fn group(
    mut request: GroupInputs,
    done: impl FnOnce(Result<Grouped, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    request.now_ms = now_ms();
    call(request, done)
}

/// Encrypts `digits` as Connect would for `set` (which has `key_id`), and decrypts it back.
///
/// # Errors
/// When no worker can be started.
pub fn preview(
    set: &KeySet,
    key_id: KeyId,
    digits: &str,
    masked: String,
    done: impl FnOnce(Result<Previewed, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    let request = Preview {
        private_key: private_key(set),
        certificate: certificate(set),
        key_id,
        digits: SecretBytes(Zeroizing::new(digits.as_bytes().to_vec())),
        masked,
    };
    call(request, done)
}

/// Reads `message`, trying every key set in `keys` (each with its name and whether it is the
/// selected one; the selected one first). With keys, in a fresh worker (the returned job);
/// without, in the long-lived tools worker ([`ReadMessage`]: no start-up per paste, and
/// nothing to cancel, so `None`).
///
/// # Errors
/// When no worker can be started.
pub fn inspect(
    message: Vec<u8>,
    keys: &[(&KeySet, String, bool)],
    done: impl FnOnce(Result<Inspected, WorkerError>) + 'static,
) -> Result<Option<Running>, WorkerError> {
    if keys.is_empty() {
        call_resident(ReadMessage(Bytes(message)), done);
        return Ok(None);
    }
    let keys = keys
        .iter()
        .map(|(set, label, selected)| DecryptionKey {
            private_key: private_key(set),
            key_id: set.key_id().cloned(),
            label: label.clone(),
            selected: *selected,
        })
        .collect();
    call(Inspect { message: Bytes(message), keys }, done).map(Some)
}

/// "Ready for Connect?" for `set`.
///
/// # Errors
/// When no worker can be started.
pub fn check(
    set: &KeySet,
    done: impl FnOnce(Result<ChecklistView, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    call(CheckKeySet { private_key: private_key(set), certificate: certificate(set), now_ms: now_ms() }, done)
}

/// A certificate signing request for `set`.
///
/// # Errors
/// When no worker can be started.
pub fn csr(set: &KeySet, done: impl FnOnce(Result<String, WorkerError>) + 'static) -> Result<Running, WorkerError> {
    call(MakeCsr { private_key: private_key(set), certificate: certificate(set) }, move |answer| {
        done(answer.map(|c| c.0))
    })
}

/// A password-protected backup of `set`.
///
/// # Errors
/// When no worker can be started.
pub fn export(
    set: &KeySet,
    password: Zeroizing<String>,
    format: ExportFormat,
    done: impl FnOnce(Result<Zeroizing<Vec<u8>>, WorkerError>) + 'static,
) -> Result<Running, WorkerError> {
    let request = Export {
        private_key: private_key(set),
        certificate: certificate(set),
        password: SecretBytes::copy_of(password.as_bytes()),
        format,
    };
    call(request, move |answer| done(answer.map(|ExportedFile(bytes)| bytes.0)))
}

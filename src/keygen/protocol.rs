//! Messages between the page and the key-generation worker.
//!
//! Plain JS objects built with `Reflect`: the worker and the page are separate wasm instances,
//! so only structured-cloneable values cross, and key bytes travel in transferable buffers.

use flowkeys_core::subject::SubjectInput;
use flowkeys_core::{CertificateForm, KeySize};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

/// Which key generator to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Method {
    /// WebCrypto where the page is a secure context, the pure-Rust generator otherwise.
    #[default]
    Auto,
    /// The browser's native `crypto.subtle.generateKey`, exported as PKCS#8 into the engine.
    WebCrypto,
    /// The engine's pure-Rust generator (`rsa` crate) compiled to WebAssembly.
    Rust,
}

impl Method {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::WebCrypto => "webcrypto",
            Method::Rust => "rust",
        }
    }

    /// From the wire name.
    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "auto" => Some(Method::Auto),
            "webcrypto" => Some(Method::WebCrypto),
            "rust" => Some(Method::Rust),
            _ => None,
        }
    }

    /// How the console names the path that made a key.
    pub fn description(self) -> &'static str {
        match self {
            Method::Auto => "automatic",
            Method::WebCrypto => "the browser's WebCrypto (native code)",
            Method::Rust => "pure Rust (rsa crate, WebAssembly worker)",
        }
    }
}

/// The slow operations the worker runs. `Debug` is redacted: tasks carry keys and passwords.
#[derive(Clone, PartialEq)]
pub enum Task {
    /// Generate a key pair and its self-signed certificate.
    Generate {
        /// Which generator.
        method: Method,
        /// The certificate form as typed; the worker validates it again, so it never trusts the
        /// page blindly.
        form: CertificateForm,
    },
    /// Issue a new self-signed certificate for an existing private key.
    Reissue {
        /// The key, PKCS#8 DER (secret).
        pkcs8: Zeroizing<Vec<u8>>,
        /// The certificate form (subject and validity; the key size is the key's).
        form: CertificateForm,
    },
    /// Read files and pasted text (decrypting with the given passwords): the key derivations
    /// of encrypted keys and PKCS#12 files are slow by design, so they never run on the page.
    Import {
        /// The files and pasted text, with their passwords.
        inputs: Vec<SecretInput>,
    },
    /// An engine operation whose answer is JSON: `preview`, `inspect`, `checklist`, `csr`.
    /// They run here so the page's module carries no message-format or RSA code.
    Engine {
        /// Which operation.
        op: String,
        /// A private key, PKCS#8 DER (secret), when the operation needs one.
        key: Option<Zeroizing<Vec<u8>>>,
        /// The certificate DER, or the ciphertext to inspect.
        data: Vec<u8>,
        /// Small parameters as JSON (Key ID, test digits).
        params: String,
    },
    /// Password-protect a key set for backup.
    Export {
        /// The key, PKCS#8 DER (secret).
        pkcs8: Zeroizing<Vec<u8>>,
        /// The certificate DER (for PKCS#12).
        cert: Vec<u8>,
        /// The password (secret).
        password: Zeroizing<String>,
        /// What to write.
        format: ExportFormat,
    },
}

impl core::fmt::Debug for Task {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Task::Generate { method, .. } => write!(f, "Generate({method:?})"),
            Task::Reissue { .. } => f.write_str("Reissue(redacted)"),
            Task::Import { inputs } => write!(f, "Import({} inputs, redacted)", inputs.len()),
            Task::Export { format, .. } => write!(f, "Export({format:?}, redacted)"),
            Task::Engine { op, .. } => write!(f, "Engine({op}, redacted)"),
        }
    }
}

/// A file or pasted text to import, with the password typed for it (both secret).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretInput {
    /// The file's name, or "pasted text".
    pub name: String,
    /// Its bytes.
    pub bytes: Zeroizing<Vec<u8>>,
    /// Its password, once typed.
    pub password: Option<Zeroizing<String>>,
}

impl core::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SecretInput({:?}, {} bytes, redacted)", self.name, self.bytes.len())
    }
}

/// Password-protected export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Encrypted PKCS#8 PEM, PBKDF2-HMAC-SHA256 (600 000 iterations), AES-256-CBC.
    Pkcs8Pbkdf2,
    /// Encrypted PKCS#8 PEM, scrypt, AES-256-CBC.
    Pkcs8Scrypt,
    /// PKCS#12 (.p12) with the certificate.
    Pkcs12,
}

impl ExportFormat {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Pkcs8Pbkdf2 => "pkcs8-pbkdf2",
            ExportFormat::Pkcs8Scrypt => "pkcs8-scrypt",
            ExportFormat::Pkcs12 => "p12",
        }
    }

    /// From the wire name.
    pub fn parse(s: &str) -> Option<ExportFormat> {
        [ExportFormat::Pkcs8Pbkdf2, ExportFormat::Pkcs8Scrypt, ExportFormat::Pkcs12].into_iter().find(|f| f.as_str() == s)
    }
}

/// What the page asks the worker to do.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// The operation.
    pub task: Task,
    /// `Date.now()` on the page when the admin pressed the button.
    pub now_ms: f64,
}

/// What the worker answers.
pub enum Reply {
    /// The worker's wasm is initialised and listening.
    Ready,
    /// A key set was made.
    Done {
        /// PKCS#8 DER of the private key (secret).
        pkcs8: Uint8Array,
        /// Certificate DER.
        cert: Uint8Array,
        /// Which generator actually ran.
        method: Method,
        /// Milliseconds spent generating the key.
        keygen_ms: f64,
        /// Milliseconds for the whole job (key, certificate, self-checks).
        total_ms: f64,
    },
    /// An export's file contents.
    Bytes(Uint8Array),
    /// An engine operation's answer.
    Json(String),
    /// An import: the per-input reports, and every piece found, decrypted, as (input name, DER).
    Imported {
        /// The key sets found, as JSON (labels, checklists, indexes into `pieces`).
        sets: String,
        /// Array of report objects (see [`InputView`]).
        reports: JsValue,
        /// Array of `{name, der}` objects (private keys as PKCS#8: secret).
        pieces: js_sys::Array,
    },
    /// The job failed; the message is a sentence for the admin.
    Failed(String),
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn get_str(obj: &JsValue, key: &str) -> String {
    Reflect::get(obj, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn get_f64(obj: &JsValue, key: &str) -> f64 {
    Reflect::get(obj, &JsValue::from_str(key)).ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
}

fn set_form(o: &Object, form: &CertificateForm) {
    let s = &form.subject;
    set(o, "bits", &JsValue::from_f64(form.key_size.bits() as f64));
    for (k, v) in [
        ("cn", &s.common_name),
        ("o", &s.organization),
        ("ou", &s.organizational_unit),
        ("c", &s.country),
        ("st", &s.state),
        ("l", &s.locality),
        ("days", &form.validity_days),
    ] {
        set(o, k, &JsValue::from_str(v));
    }
}

fn get_form(v: &JsValue) -> Option<CertificateForm> {
    Some(CertificateForm {
        key_size: KeySize::from_bits(get_f64(v, "bits") as usize)?,
        subject: SubjectInput {
            common_name: get_str(v, "cn"),
            organization: get_str(v, "o"),
            organizational_unit: get_str(v, "ou"),
            country: get_str(v, "c"),
            state: get_str(v, "st"),
            locality: get_str(v, "l"),
        },
        validity_days: get_str(v, "days"),
    })
}

impl Job {
    /// Encodes the job as a JS object.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        match &self.task {
            Task::Generate { method, form } => {
                set(&o, "task", &"generate".into());
                set(&o, "method", &JsValue::from_str(method.as_str()));
                set_form(&o, form);
            }
            Task::Reissue { pkcs8, form } => {
                set(&o, "task", &"reissue".into());
                set(&o, "key", &Uint8Array::from(pkcs8.as_slice()));
                set_form(&o, form);
            }
            Task::Import { inputs } => {
                set(&o, "task", &"import".into());
                let list = js_sys::Array::new();
                for input in inputs {
                    let item = Object::new();
                    set(&item, "name", &JsValue::from_str(&input.name));
                    set(&item, "bytes", &Uint8Array::from(input.bytes.as_slice()));
                    if let Some(p) = &input.password {
                        set(&item, "password", &JsValue::from_str(p));
                    }
                    list.push(&item);
                }
                set(&o, "inputs", &list);
            }
            Task::Engine { op, key, data, params } => {
                set(&o, "task", &"engine".into());
                set(&o, "op", &JsValue::from_str(op));
                if let Some(k) = key {
                    set(&o, "key", &Uint8Array::from(k.as_slice()));
                }
                set(&o, "data", &Uint8Array::from(data.as_slice()));
                set(&o, "params", &JsValue::from_str(params));
            }
            Task::Export { pkcs8, cert, password, format } => {
                set(&o, "task", &"export".into());
                set(&o, "key", &Uint8Array::from(pkcs8.as_slice()));
                set(&o, "cert", &Uint8Array::from(cert.as_slice()));
                set(&o, "password", &JsValue::from_str(password));
                set(&o, "format", &JsValue::from_str(format.as_str()));
            }
        }
        set(&o, "now", &JsValue::from_f64(self.now_ms));
        o.into()
    }

    /// Decodes a job; `None` for anything malformed.
    pub fn from_js(v: &JsValue) -> Option<Job> {
        let bytes = |k: &str| {
            Reflect::get(v, &JsValue::from_str(k)).ok().and_then(|b| b.dyn_into::<Uint8Array>().ok()).map(|a| a.to_vec())
        };
        let task = match get_str(v, "task").as_str() {
            "generate" => Task::Generate { method: Method::parse(&get_str(v, "method"))?, form: get_form(v)? },
            "reissue" => Task::Reissue { pkcs8: Zeroizing::new(bytes("key")?), form: get_form(v)? },
            "import" => {
                let list: js_sys::Array = Reflect::get(v, &JsValue::from_str("inputs")).ok()?.dyn_into().ok()?;
                let inputs = list
                    .iter()
                    .filter_map(|item| {
                        let bytes = Reflect::get(&item, &JsValue::from_str("bytes")).ok()?.dyn_into::<Uint8Array>().ok()?;
                        let password = Reflect::get(&item, &JsValue::from_str("password")).ok().and_then(|p| p.as_string());
                        Some(SecretInput { name: get_str(&item, "name"), bytes: Zeroizing::new(bytes.to_vec()), password: password.map(Zeroizing::new) })
                    })
                    .collect();
                Task::Import { inputs }
            }
            "engine" => Task::Engine {
                op: get_str(v, "op"),
                key: bytes("key").map(Zeroizing::new),
                data: bytes("data").unwrap_or_default(),
                params: get_str(v, "params"),
            },
            "export" => Task::Export {
                pkcs8: Zeroizing::new(bytes("key")?),
                cert: bytes("cert")?,
                password: Zeroizing::new(get_str(v, "password")),
                format: ExportFormat::parse(&get_str(v, "format"))?,
            },
            _ => return None,
        };
        Some(Job {
            task,
            now_ms: get_f64(v, "now"),
        })
    }
}

impl Reply {
    /// Encodes the reply, with the buffers to transfer (not copy) to the page.
    pub fn to_js(&self) -> (JsValue, js_sys::Array) {
        let o = Object::new();
        let transfer = js_sys::Array::new();
        match self {
            Reply::Ready => set(&o, "type", &"ready".into()),
            Reply::Done { pkcs8, cert, method, keygen_ms, total_ms } => {
                set(&o, "type", &"done".into());
                set(&o, "pkcs8", pkcs8);
                set(&o, "cert", cert);
                set(&o, "method", &method.as_str().into());
                set(&o, "keygen_ms", &JsValue::from_f64(*keygen_ms));
                set(&o, "total_ms", &JsValue::from_f64(*total_ms));
                transfer.push(&pkcs8.buffer());
                transfer.push(&cert.buffer());
            }
            Reply::Json(text) => {
                set(&o, "type", &"json".into());
                set(&o, "json", &JsValue::from_str(text));
            }
            Reply::Imported { sets, reports, pieces } => {
                set(&o, "type", &"imported".into());
                set(&o, "sets", &JsValue::from_str(sets));
                set(&o, "reports", reports);
                set(&o, "pieces", pieces);
                for piece in pieces.iter() {
                    if let Ok(der) = Reflect::get(&piece, &JsValue::from_str("der")).and_then(|d| d.dyn_into::<Uint8Array>()) {
                        transfer.push(&der.buffer());
                    }
                }
            }
            Reply::Bytes(data) => {
                set(&o, "type", &"bytes".into());
                set(&o, "data", data);
                transfer.push(&data.buffer());
            }
            Reply::Failed(message) => {
                set(&o, "type", &"error".into());
                set(&o, "message", &JsValue::from_str(message));
            }
        }
        (o.into(), transfer)
    }

    /// Decodes a reply from the worker.
    pub fn from_js(v: &JsValue) -> Reply {
        match get_str(v, "type").as_str() {
            "ready" => Reply::Ready,
            "done" => {
                let bytes = |k| {
                    Reflect::get(v, &JsValue::from_str(k))
                        .ok()
                        .and_then(|b| b.dyn_into::<Uint8Array>().ok())
                };
                match (bytes("pkcs8"), bytes("cert")) {
                    (Some(pkcs8), Some(cert)) => Reply::Done {
                        pkcs8,
                        cert,
                        method: Method::parse(&get_str(v, "method")).unwrap_or(Method::Auto),
                        keygen_ms: get_f64(v, "keygen_ms"),
                        total_ms: get_f64(v, "total_ms"),
                    },
                    _ => Reply::Failed("The key generator sent an incomplete result. Generate again.".into()),
                }
            }
            "imported" => match (
                Reflect::get(v, &JsValue::from_str("reports")),
                Reflect::get(v, &JsValue::from_str("pieces")).ok().and_then(|p| p.dyn_into::<js_sys::Array>().ok()),
            ) {
                (Ok(reports), Some(pieces)) => Reply::Imported { sets: get_str(v, "sets"), reports, pieces },
                _ => Reply::Failed("The worker sent an incomplete import. Try again.".into()),
            },
            "json" => Reply::Json(get_str(v, "json")),
            "bytes" => match Reflect::get(v, &JsValue::from_str("data")).ok().and_then(|b| b.dyn_into::<Uint8Array>().ok()) {
                Some(data) => Reply::Bytes(data),
                None => Reply::Failed("The worker sent an empty file. Try again.".into()),
            },
            "error" => Reply::Failed(get_str(v, "message")),
            _ => Reply::Failed("The key generator sent an unrecognised message. Reload the page and try again.".into()),
        }
    }
}

/// One input's report as the page shows it (built by the worker, read by the page).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputView {
    /// The input's name.
    pub name: String,
    /// "read", "needs-password", "wrong-password" or "failed".
    pub kind: String,
    /// What it holds (read) or what is encrypted (needs-password).
    pub description: String,
    /// One line per piece, when there are several.
    pub items: Vec<String>,
    /// Things to know.
    pub warnings: Vec<String>,
    /// The error sentence (failed, wrong-password).
    pub message: String,
}

fn strings(list: &[String]) -> js_sys::Array {
    list.iter().map(|s| JsValue::from_str(s)).collect()
}

fn get_strings(obj: &JsValue, key: &str) -> Vec<String> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .map(|a| a.iter().filter_map(|x| x.as_string()).collect())
        .unwrap_or_default()
}

impl InputView {
    /// To a JS object.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        for (k, v) in [("name", &self.name), ("kind", &self.kind), ("description", &self.description), ("message", &self.message)] {
            set(&o, k, &JsValue::from_str(v));
        }
        set(&o, "items", &strings(&self.items));
        set(&o, "warnings", &strings(&self.warnings));
        o.into()
    }

    /// From a JS object.
    pub fn from_js(v: &JsValue) -> InputView {
        InputView {
            name: get_str(v, "name"),
            kind: get_str(v, "kind"),
            description: get_str(v, "description"),
            items: get_strings(v, "items"),
            warnings: get_strings(v, "warnings"),
            message: get_str(v, "message"),
        }
    }
}

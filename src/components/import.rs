//! Bring your own keys: import files or pasted PEM, unlock encrypted ones, see what each holds,
//! and check every key set before Connect does.

use super::checklist::{CertificateDetailView, ChecklistView};
use super::drop_zone::{DropZone, LoadedFile};
use crate::browser;
use crate::keygen::client::{self, Outcome, Running};
use crate::keygen::protocol::{Job, Task};
use crate::state::use_console;
use flowkeys_core::import::{import, Completeness, ImportError, ImportInput, ImportedKeySet, InputOutcome};
use flowkeys_core::make::subject_input_from_certificate;
use flowkeys_core::{CertificateForm, KeySet, PrivateKeyDer, UnixTime, ValidityDays};
use leptos::prelude::*;
use zeroize::Zeroizing;

/// One thing the admin gave us, with the password they typed for it (both secret).
#[derive(Clone, PartialEq, Eq)]
struct Given {
    name: String,
    bytes: Zeroizing<Vec<u8>>,
    password: Option<Zeroizing<String>>,
}

impl Given {
    fn to_input(&self) -> ImportInput {
        let input = ImportInput::file(self.name.clone(), self.bytes.to_vec());
        match &self.password {
            Some(p) => input.with_password(p),
            None => input,
        }
    }
}

/// The import section of the Keys screen.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let console = use_console();
    let given = RwSignal::new(Vec::<Given>::new());
    let pasted = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let running = StoredValue::new_local(None::<Running>);
    // Pasted text counts as one more input, named "pasted text". (Not a memo: `Import` holds
    // keys and has no equality; the view is its only reader.)
    let result = Signal::derive(move || {
        let mut inputs: Vec<ImportInput> = given.with(|g| g.iter().map(Given::to_input).collect());
        let text = pasted.get();
        if !text.trim().is_empty() {
            inputs.push(ImportInput::pasted(&text));
        }
        (!inputs.is_empty()).then(|| import(&inputs))
    });
    let on_files = Callback::new(move |files: Vec<LoadedFile>| {
        given.update(|g| {
            for f in files {
                g.retain(|x| x.name != f.name);
                g.push(Given { name: f.name, bytes: Zeroizing::new(f.bytes), password: None });
            }
        });
    });
    let set_password = move |name: String, password: String| {
        given.update(|g| {
            if let Some(x) = g.iter_mut().find(|x| x.name == name) {
                x.password = Some(Zeroizing::new(password));
            }
        });
    };
    // Clear everything also forgets the files and passwords given here.
    Effect::new(move |prev: Option<u64>| {
        let g = console.generation.get();
        if prev.is_some_and(|p| p != g) {
            given.set(Vec::new());
            pasted.set(String::new());
            status.set(String::new());
            running.set_value(None);
        }
        g
    });
    let use_set = move |set: KeySet, label: String| {
        console.add(set, None, label);
        status.set("Added to the key sets above and selected: the other screens now use it.".into());
    };
    let reissue = move |key: PrivateKeyDer, cert_der: Option<Vec<u8>>, label: String| {
        let subject = cert_der.and_then(|d| subject_input_from_certificate(&d).ok()).unwrap_or_default();
        let mut form = CertificateForm { key_size: key.size(), ..CertificateForm::default() };
        if !subject.common_name.is_empty() {
            form.subject = subject;
        }
        form.validity_days = ValidityDays::DEFAULT.days().to_string();
        let job = Job { form, task: Task::Reissue { pkcs8: Zeroizing::new(key.pkcs8_der().to_vec()) }, now_ms: browser::now_ms() };
        status.set("Issuing a self-signed certificate for this key…".into());
        let started = client::start(job, move |outcome| {
            running.set_value(None);
            match outcome {
                Outcome::Done { pkcs8, cert, .. } => match PrivateKeyDer::from_pkcs8_der(&pkcs8).and_then(|k| KeySet::from_parts(k, cert).map_err(|e| flowkeys_core::KeyError::Encoding(e.to_string()))) {
                    Ok(set) => use_set(set, format!("{label}, with a new self-signed certificate")),
                    Err(e) => status.set(e.to_string()),
                },
                Outcome::Failed(m) => status.set(m),
                Outcome::Bytes(_) => status.set("Unexpected answer from the worker.".into()),
            }
        });
        match started {
            Ok(r) => running.set_value(Some(r)),
            Err(m) => status.set(m),
        }
    };
    view! {
        <section class="step" aria-labelledby="import-title">
            <h2 id="import-title">"Or bring your own keys"</h2>
            <p class="lead">"Import what you already have — PEM or DER, PKCS#8, PKCS#1, encrypted PKCS#8, public keys, certificates and bundles, PKCS#12 (.p12/.pfx) — and see whether it will work before a flow silently fails. Pieces that belong together are grouped by public key, in whatever order they arrive. Nothing leaves this tab."</p>
            <DropZone input_id="import-files" label="Choose key files" multiple=true on_files=on_files>
                <label for="import-paste">"Paste PEM (one or several blocks)"</label>
                <textarea id="import-paste" rows="5" spellcheck="false" placeholder="-----BEGIN CERTIFICATE-----…"
                    prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            </DropZone>
            <p class="status-line" id="import-status" role="status">{move || status.get()}</p>
            {move || result.get().map(|imported| {
                let now = UnixTime::from_js_millis(browser::now_ms());
                let reports = imported.inputs.clone();
                let sets: Vec<(usize, ImportedKeySet)> = imported.key_sets.iter().cloned().enumerate().collect();
                view! {
                    <section class="card" aria-labelledby="import-inputs-title">
                        <h3 id="import-inputs-title">"What each input holds"</h3>
                        <ul class="plain inputs" id="import-inputs">
                            {reports.into_iter().map(|r| {
                                let name = r.name.clone();
                                match r.outcome {
                                    InputOutcome::Read(summary) => view! {
                                        <li class="input ok-input" data-input=name.clone() data-outcome="read">
                                            <strong class="mono">{name.clone()}</strong>": "<span data-field="description">{summary.description}</span>
                                            {(summary.items.len() > 1).then(|| view! { <ul class="plain items">{summary.items.into_iter().map(|i| view! { <li class="hint">{i.description}</li> }).collect_view()}</ul> })}
                                            {summary.warnings.into_iter().map(|w| view! { <p class="warning">{w}</p> }).collect_view()}
                                        </li>
                                    }.into_any(),
                                    InputOutcome::NeedsPassword { what } => view! {
                                        <li class="input" data-input=name.clone() data-outcome="needs-password">
                                            <strong class="mono">{name.clone()}</strong>": "{what}
                                            <PasswordPrompt name=name.clone() error=None on_submit=Callback::new(move |(n, p)| set_password(n, p)) />
                                        </li>
                                    }.into_any(),
                                    InputOutcome::Failed(e) => {
                                        let wrong = matches!(e, ImportError::WrongPassword { .. });
                                        let message = e.to_string();
                                        view! {
                                            <li class="input" data-input=name.clone() data-outcome="failed">
                                                {if wrong {
                                                    view! { <strong class="mono">{name.clone()}</strong><PasswordPrompt name=name.clone() error=Some(message) on_submit=Callback::new(move |(n, p)| set_password(n, p)) /> }.into_any()
                                                } else {
                                                    view! { <p class="error" role="alert">{message}</p> }.into_any()
                                                }}
                                            </li>
                                        }.into_any()
                                    }
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                    {sets.into_iter().map(|(index, set)| {
                        let checklist = imported.checklist(index, now);
                        let label = set.label();
                        let completeness = set.completeness();
                        let cert_der = set.certificate().map(|c| c.der().to_vec());
                        let complete = set.to_key_set().ok();
                        let private = set.private_key.as_ref().and_then(|k| k.to_connect_key().ok());
                        let set_id = format!("imported-set-{index}");
                        let source = format!("Imported ({label})");
                        view! {
                            <section class="card imported-set" id=set_id.clone() aria-label=format!("Imported key set {label}")>
                                <h3>{label.clone()}</h3>
                                <p class="hint" data-field="completeness">{completeness.describe()}</p>
                                {checklist.map(|c| view! { <ChecklistView checklist=c id=format!("{set_id}-checklist") /> })}
                                {cert_der.clone().map(|d| view! { <CertificateDetailView der=d /> })}
                                <div class="actions">
                                    {complete.map(|ks| {
                                        let source = source.clone();
                                        view! { <button type="button" class="primary" on:click=move |_| use_set(ks.clone(), source.clone())>"Use this key set"</button> }
                                    })}
                                    {private.filter(|_| completeness != Completeness::CertificateWithoutPrivateKey).map(|key| {
                                        let label = label.clone();
                                        let cert = cert_der.clone();
                                        view! { <button type="button" on:click=move |_| reissue(key.clone(), cert.clone(), format!("Imported ({label})"))>"Issue a new self-signed certificate for this key"</button> }
                                    })}
                                </div>
                            </section>
                        }
                    }).collect_view()}
                }
            })}
            <div class="actions" hidden=move || given.with(Vec::is_empty) && pasted.with(|p| p.trim().is_empty())>
                <button type="button" id="import-clear" on:click=move |_| { given.set(Vec::new()); pasted.set(String::new()); status.set(String::new()); }>"Forget these inputs"</button>
            </div>
        </section>
    }
}

/// A password field for one encrypted input, with the error of the last attempt next to it.
#[component]
fn PasswordPrompt(
    /// The input's name.
    name: String,
    /// The last attempt's error, if any.
    error: Option<String>,
    /// Called with (name, password).
    on_submit: Callback<(String, String)>,
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let id = format!("password-{}", name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>());
    let error_id = format!("{id}-error");
    let label = format!("Password for {name}");
    let has_error = error.is_some();
    let submit = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            on_submit.run((name.clone(), value.get_untracked()));
            value.set(String::new());
        }
    };
    view! {
        <form class="password-prompt" on:submit=submit>
            <label for=id.clone()>{label}</label>
            <input type="password" id=id autocomplete="off" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=has_error.to_string() aria-describedby=error_id.clone() />
            <button type="submit">"Unlock"</button>
            {error.map(|e| view! { <p class="error" id=error_id role="alert">{e}</p> })}
        </form>
    }
}

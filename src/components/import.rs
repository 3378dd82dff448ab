//! Bring your own keys: import files or pasted PEM, unlock encrypted ones, see what each holds,
//! and check every key set before Connect does.

use super::checklist::{CertificateDetailView, ChecklistView};
use super::drop_zone::{DropZone, LoadedFile};
use crate::state::use_console;
use crate::worker::client::{self, Running};
use flowkeys_core::{KeySet, PrivateKeyDer, ValidityDays};
use flowkeys_protocol::views::{ImportedSet, InputOutcomeView, InputReport};
use flowkeys_protocol::{ImportSource, InputPassword, SecretBytes};
use leptos::prelude::*;
use zeroize::Zeroizing;

/// The import section of the Keys screen.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let console = use_console();
    // The files given, as (name, bytes).
    let given = RwSignal::new(Vec::<(String, Zeroizing<Vec<u8>>)>::new());
    // Passwords typed, by the input name the worker reported (a file's name, or a pasted
    // block's "pasted text, block N").
    let passwords = RwSignal::new(Vec::<(String, Zeroizing<String>)>::new());
    let pasted = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let running = StoredValue::new_local(None::<Running>);
    // Pasted text is read when the box loses focus or on the button, not on every keystroke.
    let pasted_committed = RwSignal::new(String::new());
    let reports = RwSignal::new(Vec::<InputReport>::new());
    let imported = RwSignal::new(Vec::<ImportedSet>::new());
    let reading = RwSignal::new(false);
    // Whether the next answer may take focus: yes after a button, a file or a password; not when
    // pasted text is read because the box lost focus (the admin is on their way elsewhere).
    let focus_result = StoredValue::new(true);
    // Every change of inputs or passwords: read them all in the worker (password derivations
    // are slow by design).
    Effect::new(move |_| {
        let mut sources: Vec<ImportSource> = given.with(|g| {
            g.iter()
                .map(|(name, bytes)| ImportSource {
                    name: name.clone(),
                    bytes: SecretBytes(bytes.clone()),
                    pasted: false,
                })
                .collect()
        });
        let text = pasted_committed.get();
        if !text.trim().is_empty() {
            sources.push(ImportSource {
                name: "pasted text".to_owned(),
                bytes: SecretBytes(Zeroizing::new(text.into_bytes())),
                pasted: true,
            });
        }
        let typed: Vec<InputPassword> = passwords.with(|p| {
            p.iter()
                .map(|(input, pw)| InputPassword {
                    input: input.clone(),
                    password: SecretBytes::copy_of(pw.as_bytes()),
                })
                .collect()
        });
        running.set_value(None);
        if sources.is_empty() {
            reports.set(Vec::new());
            imported.set(Vec::new());
            reading.set(false);
            return;
        }
        reading.set(true);
        let started = client::import(sources, typed, move |answer| {
            running.set_value(None);
            reading.set(false);
            match answer {
                Ok(found) => {
                    let sets = found.sets.len();
                    let said = format!(
                        "Read {} input(s); {} key set(s) found.{}",
                        found.reports.len(),
                        sets,
                        if found.reports.iter().any(|r| matches!(
                            r.outcome,
                            InputOutcomeView::NeedsPassword { .. } | InputOutcomeView::WrongPassword { .. }
                        )) {
                            " A password is needed."
                        } else {
                            ""
                        }
                    );
                    imported.set(found.sets);
                    reports.set(found.reports);
                    console.show_result(said, "import-inputs-title", focus_result.get_value());
                }
                Err(e) => status.set(e.to_string()),
            }
        });
        match started {
            Ok(r) => running.set_value(Some(r)),
            Err(e) => {
                reading.set(false);
                status.set(e.to_string());
            }
        }
    });
    let on_files = Callback::new(move |files: Vec<LoadedFile>| {
        focus_result.set_value(true);
        given.update(|g| {
            for f in files {
                g.retain(|(name, _)| *name != f.name);
                g.push((f.name, Zeroizing::new(f.bytes)));
            }
        });
    });
    let set_password = move |name: String, password: String| {
        focus_result.set_value(true);
        passwords.update(|p| {
            p.retain(|(n, _)| *n != name);
            p.push((name, Zeroizing::new(password)));
        });
    };
    let forget = move || {
        given.set(Vec::new());
        passwords.set(Vec::new());
        pasted.set(String::new());
        pasted_committed.set(String::new());
        status.set(String::new());
    };
    // Clear everything also forgets the files and passwords given here.
    Effect::new(move |prev: Option<u64>| {
        let g = console.resets.get();
        if prev.is_some_and(|p| p != g) {
            forget();
        }
        g
    });
    let use_set = move |set: KeySet, label: String| {
        console.add(set, None, label);
        status.set("Added to the key sets above and selected: the other screens now use it.".into());
    };
    let reissue = move |key: PrivateKeyDer, cert_der: Option<Vec<u8>>, label: String| {
        status.set("Issuing a self-signed certificate for this key…".into());
        let started = client::reissue(&key, cert_der.as_deref(), ValidityDays::DEFAULT, move |result| {
            running.set_value(None);
            match result {
                Ok(set) => use_set(set, format!("{label}, with a new self-signed certificate")),
                Err(e) => status.set(e.to_string()),
            }
        });
        match started {
            Ok(r) => running.set_value(Some(r)),
            Err(e) => status.set(e.to_string()),
        }
    };
    view! {
        <section class="step" aria-labelledby="import-title">
            <h2 id="import-title">"Or bring your own keys"</h2>
            <p class="lead">"Import what you already have — PEM or DER, PKCS#8, PKCS#1, encrypted PKCS#8, public keys, certificates and bundles, PKCS#12 (.p12/.pfx) — and see whether it will work before a flow silently fails. Pieces that belong together are grouped by public key, in whatever order they arrive. Nothing leaves this tab."</p>
            <DropZone input_id="import-files" label="Choose key files" multiple=true on_files=on_files>
                <label for="import-paste">"Paste PEM (one or several blocks)"</label>
                <textarea id="import-paste" rows="5" spellcheck="false" placeholder="-----BEGIN CERTIFICATE-----…"
                    prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))
                    on:change=move |_| { focus_result.set_value(false); pasted_committed.set(pasted.get_untracked()); }></textarea>
                <button type="button" id="import-read-pasted" on:click=move |_| { focus_result.set_value(true); pasted_committed.set(pasted.get_untracked()); }>"Read pasted text"</button>
            </DropZone>
            <p class="hint" id="import-reading" role="status" hidden=move || !reading.get()>"Reading (encrypted keys take a moment; this runs in a background worker)…"</p>
            <p class="status-line" id="import-status" role="status">{move || status.get()}</p>
            <Show when=move || !reports.with(Vec::is_empty)>
                <section class="card" aria-labelledby="import-inputs-title">
                    <h3 id="import-inputs-title" tabindex="-1">"What each input holds"</h3>
                    <ul class="plain inputs" id="import-inputs">
                        {move || reports.get().into_iter().enumerate().map(|(input_index, r)| {
                            let name = r.name.clone();
                            let on_submit = Callback::new(move |(n, p)| set_password(n, p));
                            match r.outcome {
                                InputOutcomeView::Read { description, items, warnings } => view! {
                                    <li class="input ok-input" data-input=name.clone() data-outcome="read">
                                        <strong class="mono">{name.clone()}</strong>": "<span data-field="description">{description}</span>
                                        {(!items.is_empty()).then(|| view! { <ul class="plain items">{items.into_iter().map(|i| view! { <li class="hint">{i}</li> }).collect_view()}</ul> })}
                                        {warnings.into_iter().map(|w| view! { <p class="warning">{w}</p> }).collect_view()}
                                    </li>
                                }.into_any(),
                                InputOutcomeView::NeedsPassword { what } => view! {
                                    <li class="input" data-input=name.clone() data-outcome="needs-password">
                                        <strong class="mono">{name.clone()}</strong>": "{what}
                                        <PasswordPrompt index=input_index name=name.clone() error=None on_submit=on_submit />
                                    </li>
                                }.into_any(),
                                InputOutcomeView::WrongPassword { message } => view! {
                                    <li class="input" data-input=name.clone() data-outcome="failed">
                                        <strong class="mono">{name.clone()}</strong>
                                        <PasswordPrompt index=input_index name=name.clone() error=Some(message) on_submit=on_submit />
                                    </li>
                                }.into_any(),
                                InputOutcomeView::Failed { message } => view! {
                                    <li class="input" data-input=name.clone() data-outcome="failed"><p class="error" role="alert">{message}</p></li>
                                }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
            {move || imported.get().into_iter().enumerate().map(|(index, set)| {
                let label = set.label.clone();
                let cert_der: Option<Vec<u8>> = set.certificate.map(|c| c.0);
                let private = set.private_key.map(|k| k.0);
                // Offered only when nothing on the checklist fails and nothing is missing (the
                // worker decides): a damaged key, a CA-issued or expired certificate would fail.
                let complete = set.usable.then(|| private.clone().zip(cert_der.clone())).flatten();
                let set_id = format!("imported-set-{index}");
                let source = format!("Imported ({label})");
                view! {
                    <section class="card imported-set" id=set_id.clone() aria-label=format!("Imported key set {label}")>
                        <h3>{label.clone()}</h3>
                        <p class="hint" data-field="completeness">{set.completeness}</p>
                        {set.checklist.map(|c| view! { <ChecklistView checklist=c id=format!("{set_id}-checklist") /> })}
                        {cert_der.clone().map(|d| view! { <CertificateDetailView der=d /> })}
                        <div class="actions">
                            {complete.map(|(key, cert)| {
                                let source = source.clone();
                                view! { <button type="button" class="primary" on:click=move |_| {
                                    match PrivateKeyDer::from_pkcs8_der(&key).map_err(|e| e.to_string()).and_then(|k| KeySet::from_parts(k, cert.clone()).map_err(|e| e.to_string())) {
                                        Ok(ks) => use_set(ks, source.clone()),
                                        Err(e) => status.set(e),
                                    }
                                }>"Use this key set"</button> }
                            })}
                            {private.filter(|_| !set.certificate_only).and_then(|k| PrivateKeyDer::from_pkcs8_der(&k).ok()).map(|key| {
                                let label = label.clone();
                                let cert = cert_der.clone();
                                view! { <button type="button" on:click=move |_| reissue(key.clone(), cert.clone(), format!("Imported ({label})"))>"Issue a new self-signed certificate for this key"</button> }
                            })}
                        </div>
                    </section>
                }
            }).collect_view()}
            <div class="actions" hidden=move || given.with(Vec::is_empty) && pasted.with(|p| p.trim().is_empty())>
                <button type="button" id="import-clear" on:click=move |_| forget()>"Forget these inputs"</button>
            </div>
        </section>
    }
}

/// A password field for one encrypted input, with the error of the last attempt next to it.
#[component]
fn PasswordPrompt(
    /// The input's position (ids must be unique even when file names differ only in punctuation).
    index: usize,
    /// The input's name.
    name: String,
    /// The last attempt's error, if any.
    error: Option<String>,
    /// Called with (name, password).
    on_submit: Callback<(String, String)>,
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let id = format!("password-{index}");
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
                aria-invalid=has_error.to_string() aria-describedby=has_error.then(|| error_id.clone()) />
            <button type="submit">"Unlock"</button>
            {error.map(|e| view! { <p class="error" id=error_id role="alert">{e}</p> })}
        </form>
    }
}

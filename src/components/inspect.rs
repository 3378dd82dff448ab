//! Decrypt & inspect: any Encryption SDK ciphertext, pasted or dropped. The message is read (and
//! decrypted, with a loaded key set) in the worker; this renders the answer.

use super::drop_zone::{DropZone, LoadedFile};
use super::message_view::MessageView;
use crate::state::use_console;
use crate::worker::client::{self, Running};
use flowkeys_protocol::Inspected;
use leptos::prelude::*;

/// What the panel shows for the current input. (The inspected message is boxed: it is far larger
/// than the other states, which clippy flags on 64-bit targets.)
#[derive(Clone, PartialEq)]
enum Outcome {
    Empty,
    Reading,
    Invalid(String),
    Inspected(Box<Inspected>),
}

/// The Decrypt & inspect screen.
#[component]
pub fn InspectPanel() -> impl IntoView {
    let console = use_console();
    let text = RwSignal::new(String::new());
    let dropped = RwSignal::new(None::<(String, Vec<u8>)>);
    let outcome = RwSignal::new(Outcome::Empty);
    let running = StoredValue::new_local(None::<Running>);
    // Only the selected key pair and its Key ID matter here (not, say, a certificate re-issue).
    let key_identity = Memo::new(move |_| {
        console.key_set.with(|k| k.as_ref().map(|s| (s.summary().public_key_sha256, s.key_id().cloned())))
    });
    // Each new input (or key): read it in a fresh worker, replacing any still running.
    Effect::new(move |_| {
        // Read, not just tracked: a memo computes (and subscribes to its sources) only when read.
        key_identity.with(|_| ());
        let (bytes, from_file) = match dropped.get() {
            Some((_, bytes)) => (bytes, true),
            None => (text.get().into_bytes(), false),
        };
        running.set_value(None);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            outcome.set(Outcome::Empty);
            return;
        }
        outcome.set(Outcome::Reading);
        let started = console.key_set.with_untracked(|k| {
            let key = k.as_ref().and_then(|s| s.key_id().map(|id| (s, id.clone())));
            client::inspect(bytes, key, move |answer| {
                running.set_value(None);
                // A dropped or opened file moves focus to the result; typing in the box does not.
                let focus = from_file;
                match &answer {
                    Ok(v) => {
                        let said = match &v.decrypted {
                            Some(Ok(_)) => "Message read and decrypted.".to_owned(),
                            Some(Err(e)) => format!("Message read; decryption failed: {e}"),
                            None => "Message read.".to_owned(),
                        };
                        console.show_result(said, "inspected-title", focus);
                    }
                    Err(e) => console.show_result(e.to_string(), "inspect-error", focus),
                }
                outcome.set(match answer {
                    Ok(v) => Outcome::Inspected(Box::new(v)),
                    Err(e) => Outcome::Invalid(e.to_string()),
                });
            })
        });
        match started {
            Ok(r) => running.set_value(Some(r)),
            Err(e) => outcome.set(Outcome::Invalid(e.to_string())),
        }
    });
    let key_note = move || {
        console.key_set.with(|k| match k {
            None => "No key set is loaded: you see the message's structure. Load a key set with its Key ID to decrypt."
                .to_owned(),
            Some(s) => match s.key_id() {
                None => "A key set is loaded but has no Key ID yet: enter it on the Keys screen to decrypt.".to_owned(),
                Some(id) => format!("Decrypting with the loaded key set (Key ID {id})."),
            },
        })
    };
    let on_files = Callback::new(move |files: Vec<LoadedFile>| {
        if let Some(file) = files.into_iter().next() {
            dropped.set(Some((file.name, file.bytes)));
        }
    });
    view! {
        <section class="step" aria-labelledby="inspect-title">
            <h2 id="inspect-title">"Decrypt & inspect a ciphertext"</h2>
            <p class="lead">"Paste a value of $.StoredCustomerInput (or any AWS Encryption SDK message, base64 or binary) to see what it holds. Nothing leaves this tab."</p>
            <DropZone input_id="ciphertext-file" label="Or open a ciphertext file" on_files=on_files>
                <label for="ciphertext-input">"Ciphertext (base64; line breaks and spaces are fine)"</label>
                <textarea id="ciphertext-input" rows="6" spellcheck="false" placeholder="AYADeD…"
                    aria-describedby="ciphertext-status inspect-error decrypt-error"
                    prop:value=move || text.get()
                    on:input=move |ev| { dropped.set(None); text.set(event_target_value(&ev)); }></textarea>
                <p class="hint" hidden=move || dropped.with(Option::is_none)>
                    {move || dropped.with(|d| d.as_ref().map(|(name, b)| format!("Showing {name} ({} bytes). Type in the box to paste instead.", b.len())).unwrap_or_default())}
                </p>
                <p class="hint" id="ciphertext-status">{key_note}</p>
            </DropZone>
            {move || match outcome.get() {
                Outcome::Empty => ().into_any(),
                Outcome::Reading => view! { <p class="hint" role="status">"Reading…"</p> }.into_any(),
                Outcome::Invalid(e) => view! { <p class="error" id="inspect-error" role="alert" tabindex="-1">{e}</p> }.into_any(),
                Outcome::Inspected(v) => {
                    let v = *v;
                    let decrypted = v.decrypted;
                    view! {
                        <section class="card" aria-labelledby="inspected-title">
                            <h3 id="inspected-title" tabindex="-1">"What this message holds"</h3>
                            {decrypted.map(|d| match d {
                                Ok(bytes) => {
                                    let p = match core::str::from_utf8(bytes.expose()) {
                                        Ok(text) => text.to_owned(),
                                        Err(_) => format!("{} bytes of binary data", bytes.expose().len()),
                                    };
                                    // A real Connect ciphertext holds a real card number: masked until asked.
                                    let masked = flowkeys_core::text::mask(&p);
                                    let shown = RwSignal::new(false);
                                    view! {
                                        <p class="ok" id="plaintext" role="status">"Decrypted: "
                                            <strong class="mono" data-field="plaintext">{move || if shown.get() { p.clone() } else { masked.clone() }}</strong>
                                            " "<button type="button" class="small" id="reveal-plaintext" aria-expanded=move || shown.get().to_string()
                                                on:click=move |_| shown.update(|s| *s = !*s)>{move || if shown.get() { "Hide" } else { "Reveal" }}</button>
                                        </p>
                                    }.into_any()
                                }
                                Err(e) => view! { <p class="error" id="decrypt-error" role="alert">{e}</p> }.into_any(),
                            })}
                            <MessageView info=v.message id="inspected-message" />
                        </section>
                    }.into_any()
                }
            }}
        </section>
    }
}

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
    // Which reading is the latest: an answer to an older one (the long-lived worker's answers
    // to keyless reads cannot be cancelled) is dropped.
    let asked = StoredValue::new(0u64);
    // Every loaded key pair, its Key ID and the selection matter here (not, say, a certificate
    // re-issue): each set is tried, the selected one first.
    let key_identity = Memo::new(move |_| {
        let selected = console.selected.get();
        console.entries.with(|e| {
            e.iter()
                .map(|x| (x.set.summary().public_key_sha256, x.set.key_id().cloned(), Some(x.id) == selected))
                .collect::<Vec<_>>()
        })
    });
    // Each new input (or key): read it (with keys, in a fresh worker, replacing any still
    // running; without, in the long-lived tools worker).
    Effect::new(move |_| {
        // Read, not just tracked: a memo computes (and subscribes to its sources) only when read.
        key_identity.with(|_| ());
        let (bytes, from_file) = match dropped.get() {
            Some((_, bytes)) => (bytes, true),
            None => (text.get().into_bytes(), false),
        };
        running.set_value(None);
        let serial = asked.get_value() + 1;
        asked.set_value(serial);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            outcome.set(Outcome::Empty);
            return;
        }
        outcome.set(Outcome::Reading);
        let selected = console.selected.get_untracked();
        let started = console.entries.with_untracked(|e| {
            let mut rows: Vec<(u64, &flowkeys_core::KeySet, String, bool)> =
                e.iter().map(|x| (x.id, &x.set, label(&x.set), Some(x.id) == selected)).collect();
            rows.sort_by_key(|(_, _, _, selected)| !*selected);
            // The entry behind each key sent, so the set that opened the message is the one whose
            // "verify" step is done (not whichever set happens to be selected).
            let ids: Vec<u64> = rows.iter().map(|(id, ..)| *id).collect();
            let keys: Vec<(&flowkeys_core::KeySet, String, bool)> =
                rows.into_iter().map(|(_, set, label, selected)| (set, label, selected)).collect();
            client::inspect(bytes, &keys, move |answer| {
                if asked.get_value() != serial {
                    return;
                }
                running.set_value(None);
                if let Ok(v) = &answer {
                    let opener = v.opened_by.as_ref().filter(|b| !b.needs_fix && matches!(v.decrypted, Some(Ok(_))));
                    if let Some(id) = opener.and_then(|b| ids.get(b.index)) {
                        console.update_entry(*id, |e| e.verified = true);
                    }
                }
                // A dropped or opened file moves focus to the result; typing in the box does not.
                let focus = from_file;
                match &answer {
                    Ok(v) => {
                        let said = match &v.decrypted {
                            Some(Ok(_)) => format!(
                                "Message read and decrypted. {}",
                                v.opened_by.as_ref().map(|b| b.sentence.as_str()).unwrap_or_default()
                            ),
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
            Ok(r) => running.set_value(r),
            Err(e) => outcome.set(Outcome::Invalid(e.to_string())),
        }
    });
    let key_note = move || {
        console.entries.with(|e| match e.len() {
            0 => "No key set is loaded: you see the message's structure. Load a key set to decrypt.".to_owned(),
            1 => "Decrypting with the loaded key set.".to_owned(),
            n => format!("Trying all {n} loaded key sets; the answer names the one that opens the message."),
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
                    let opened_by = v.opened_by;
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
                                        {opened_by.clone().map(|b| view! {
                                            <p class=if b.needs_fix { "warning" } else { "hint" } id="opened-by" data-index=b.index.to_string()>{b.sentence}</p>
                                        })}
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

/// How the inspector names a key set: Common Name, size and the short fingerprint that sets
/// its file names apart.
fn label(set: &flowkeys_core::KeySet) -> String {
    let files = flowkeys_connect::KeySetFiles::of(set);
    let summary = set.summary();
    let name = flowkeys_connect::files::common_name(&summary.subject);
    format!(
        "{} (RSA {}, {})",
        if name.is_empty() { "(no CN)" } else { &name },
        summary.key_bits,
        files.short_fingerprint()
    )
}

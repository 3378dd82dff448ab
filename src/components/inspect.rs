//! Decrypt & inspect: any Encryption SDK ciphertext, pasted or dropped.

use super::drop_zone::{DropZone, LoadedFile};
use super::message_view::MessageView;
use crate::state::use_console;
use flowkeys_esdk::{DecryptOptions, MessageInfo};
use leptos::prelude::*;

/// Most encrypted data keys a pasted message may carry before decryption is refused.
const MAX_EDKS: u16 = 8;

/// What the panel shows for the current input.
#[derive(Clone, PartialEq)]
enum Outcome {
    Empty,
    Invalid(String),
    Inspected { info: Box<MessageInfo>, decrypted: Option<Result<String, String>> },
}

/// `key`: the loaded key set's Key ID and PKCS#8 DER (borrowed: never copied out of the key set).
fn analyse(bytes: &[u8], key: Option<(&str, &[u8])>) -> Outcome {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Outcome::Empty;
    }
    let message = match flowkeys_esdk::message_bytes(bytes) {
        Ok(m) => m,
        Err(e) => return Outcome::Invalid(e.to_string()),
    };
    let info = match flowkeys_esdk::inspect(&message) {
        Ok(i) => i,
        Err(e) => return Outcome::Invalid(e.to_string()),
    };
    let decrypted = key.map(|(key_id, pkcs8)| {
        flowkeys_esdk::connect::keyring_from_private_key(key_id, pkcs8)
            // Connect writes one encrypted data key; refuse messages with many before trying
            // any (each one would cost an RSA private-key operation on this thread).
            .and_then(|k| flowkeys_esdk::decrypt(&message, &[k], &DecryptOptions { max_encrypted_data_keys: Some(MAX_EDKS), ..DecryptOptions::default() }))
            .map(|d| match std::str::from_utf8(&d.plaintext) {
                Ok(text) => text.to_owned(),
                Err(_) => format!("{} bytes of binary data", d.plaintext.len()),
            })
            .map_err(|e| e.to_string())
    });
    Outcome::Inspected { info: Box::new(info), decrypted }
}

/// All but the last four characters replaced by `•`.
fn mask(text: &str) -> String {
    let n = text.chars().count();
    text.chars().enumerate().map(|(i, c)| if i + 4 < n { '•' } else { c }).collect()
}

/// The Decrypt & inspect screen.
#[component]
pub fn InspectPanel() -> impl IntoView {
    let console = use_console();
    let text = RwSignal::new(String::new());
    let dropped = RwSignal::new(None::<(String, Vec<u8>)>);
    // Only the selected key pair and its Key ID matter here (not, say, a certificate re-issue).
    let key_identity = Memo::new(move |_| {
        console.key_set.with(|k| k.as_ref().map(|s| (s.summary().public_key_sha256, s.key_id().cloned())))
    });
    let outcome = Memo::new(move |_| {
        key_identity.track();
        console.key_set.with_untracked(|k| {
            let key = k.as_ref().and_then(|s| s.key_id().map(|id| (id.as_str(), s.private_key().pkcs8_der())));
            match dropped.get() {
                Some((_, bytes)) => analyse(&bytes, key),
                None => analyse(text.get().as_bytes(), key),
            }
        })
    });
    let key_note = move || {
        console.key_set.with(|k| match k {
            None => "No key set is loaded: you see the message's structure. Load a key set with its Key ID to decrypt.".to_owned(),
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
                Outcome::Invalid(e) => view! { <p class="error" id="inspect-error" role="alert">{e}</p> }.into_any(),
                Outcome::Inspected { info, decrypted } => view! {
                    <section class="card" aria-labelledby="inspected-title">
                        <h3 id="inspected-title">"What this message holds"</h3>
                        {decrypted.map(|d| match d {
                            Ok(p) => {
                                // A real Connect ciphertext holds a real card number: masked until asked.
                                let masked = mask(&p);
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
                        <MessageView info=*info id="inspected-message" />
                    </section>
                }.into_any(),
            }}
        </section>
    }
}

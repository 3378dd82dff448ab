//! Preview: encrypt a test card number exactly as Amazon Connect would, and prove the round trip.
//! The work runs in the worker (message format, RSA private key); this renders the answer.

use super::artefact::CopyDownload;
use super::message_view::MessageView;
use crate::state::use_console;
use crate::worker::client::{self, Running};
use flowkeys_connect::test_input::normalise_digits;
use flowkeys_connect::FileKind;
use flowkeys_protocol::views::fixed;
use flowkeys_protocol::Previewed;
use leptos::prelude::*;

/// The Preview screen.
#[component]
pub fn PreviewPanel() -> impl IntoView {
    let console = use_console();
    let input = RwSignal::new("4111 1111 1111 1111".to_owned());
    let checked = Memo::new(move |_| normalise_digits(&input.get()));
    let result = RwSignal::new(None::<Result<Previewed, String>>);
    let busy = RwSignal::new(false);
    let running = StoredValue::new_local(None::<Running>);
    let ready = move || {
        console.key_set.with(|k| match k {
            None => Err("Generate (or import) a key set first: the preview encrypts with its certificate."),
            Some(set) if set.key_id().is_none() => Err("Enter the Key ID Connect assigned (step 2 on the Keys screen): Connect writes it into every ciphertext."),
            Some(_) => Ok(()),
        })
    };
    // A new or cleared key set (or Key ID) invalidates the last preview; a change to the entry's
    // other facts (nickname, progress) does not.
    let key_identity = Memo::new(move |_| {
        console.key_set.with(|k| k.as_ref().map(|s| (s.summary().public_key_sha256, s.key_id().cloned())))
    });
    Effect::new(move |_| {
        // Read, not just tracked: a memo computes (and subscribes to its sources) only when read.
        key_identity.with(|_| ());
        result.set(None);
        console.preview_ciphertext.set(None);
    });
    let encrypt = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let digits = match checked.get_untracked() {
            Ok(t) => t,
            Err(e) => {
                result.set(Some(Err(e.to_string())));
                return;
            }
        };
        let started = console.key_set.with_untracked(|k| {
            let set = k.as_ref()?;
            let key_id = set.key_id()?.clone();
            Some(client::preview(set, key_id, digits.digits(), digits.masked(), move |answer| {
                running.set_value(None);
                busy.set(false);
                if answer.is_ok() {
                    console.update_selected_entry(|e| e.previewed = true);
                }
                match &answer {
                    Ok(p) => console.show_result(
                        match &p.round_trip {
                            Ok(m) => format!("Encrypted. {m}"),
                            Err(m) => format!("Encrypted, but the round trip failed: {m}"),
                        },
                        "ciphertext-title",
                        true,
                    ),
                    Err(e) => console.show_result(e.to_string(), "preview-error", true),
                }
                console.preview_ciphertext.set(answer.as_ref().ok().map(|p| p.ciphertext.clone()));
                result.set(Some(answer.map_err(|e| e.to_string())));
            }))
        });
        match started {
            None => {}
            Some(Ok(r)) => {
                busy.set(true);
                running.set_value(Some(r));
            }
            Some(Err(e)) => result.set(Some(Err(e.to_string()))),
        }
    };
    let input_error = move || checked.get().err().map(|e| e.to_string());
    let luhn_warning = move || checked.get().ok().and_then(|t| t.luhn_warning());
    let file_name =
        Signal::derive(move || console.files().map(|f| f.name(FileKind::PreviewCiphertext)).unwrap_or_default());
    view! {
        <section class="step" aria-labelledby="preview-title">
            <h2 id="preview-title">"Preview what Connect will send your Lambda"</h2>
            <p class="lead">
                "Encrypts a test value exactly as the Store customer input block does: AWS Encryption SDK message, suite 0x0378 (AES-256-GCM, HKDF-SHA384, ECDSA P-384), provider AmazonConnect, key info = your Key ID, RSA-OAEP-SHA512. Use the result to test the decrypting Lambda without a phone call."
            </p>
            <p class="warning" id="preview-not-ready" hidden=move || ready().is_ok()>{move || ready().err().unwrap_or_default()}</p>
            <form class="card" on:submit=encrypt novalidate=true>
                <div class="field">
                    <label for="test-card">"Test card number"</label>
                    <input id="test-card" type="text" class="w-card mono" inputmode="numeric" autocomplete="off" spellcheck="false"
                        prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev))
                        aria-invalid=move || input_error().is_some().to_string() aria-describedby="test-card-hint test-card-error test-card-warning" />
                    <p class="hint" id="test-card-hint">"Spaces and dashes are removed; Connect stores exactly the digits the caller keys in. Use a test number, never a real card."</p>
                    <p class="error" id="test-card-error" role="alert" hidden=move || input_error().is_none()>{move || input_error().unwrap_or_default()}</p>
                    <p class="warning" id="test-card-warning" role="status" hidden=move || luhn_warning().is_none()>{move || luhn_warning().unwrap_or_default()}</p>
                </div>
                <div class="actions primary">
                    <button type="submit" class="primary" prop:disabled=move || ready().is_err() || busy.get()>"Encrypt as Connect would"</button>
                </div>
            </form>
            {move || result.get().map(|r| match r {
                Err(e) => view! { <p class="error" id="preview-error" role="alert" tabindex="-1">{e}</p> }.into_any(),
                Ok(p) => {
                    let ciphertext = p.ciphertext.clone();
                    let text = Signal::derive({ let c = ciphertext.clone(); move || c.clone() });
                    let (ok, message) = match p.round_trip {
                        Ok(m) => (true, m),
                        Err(m) => (false, m),
                    };
                    let (enc, dec) = (p.encrypt_ms, p.decrypt_ms);
                    view! {
                        <section class="card" aria-labelledby="ciphertext-title">
                            <h3 id="ciphertext-title" tabindex="-1">"Ciphertext ($.StoredCustomerInput)"</h3>
                            <label for="preview-ciphertext">"Base64 ciphertext"</label>
                            <textarea id="preview-ciphertext" readonly=true rows="6" spellcheck="false" prop:value=ciphertext></textarea>
                            <CopyDownload what="ciphertext" text=text file_name=file_name />
                            <p class=if ok { "ok" } else { "error" } id="round-trip" role="status">{message}</p>
                            <p class="hint" id="preview-timing" data-encrypt-ms=fixed(enc, 2) data-decrypt-ms=fixed(dec, 2)>
                                {format!("Encrypted in {} ms and decrypted (private key loaded, data key unwrapped, signature verified) in {} ms, in a background worker of this tab.", fixed(enc, 0), fixed(dec, 0))}
                            </p>
                            <MessageView info=p.message id="preview-message" />
                        </section>
                    }.into_any()
                }
            })}
        </section>
    }
}

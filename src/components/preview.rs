//! Preview: encrypt a test card number exactly as Amazon Connect would, and prove the round trip.

use super::artefact::CopyDownload;
use super::message_view::MessageView;
use crate::browser;
use crate::state::use_console;
use flowkeys_connect::test_input::normalise_digits;
use leptos::prelude::*;

/// The outcome of a preview.
#[derive(Clone, PartialEq)]
struct Preview {
    ciphertext: String,
    info: flowkeys_esdk::MessageInfo,
    round_trip: Result<String, String>,
    millis: (f64, f64),
}

/// The Preview screen.
#[component]
pub fn PreviewPanel() -> impl IntoView {
    let console = use_console();
    let input = RwSignal::new("4111 1111 1111 1111".to_owned());
    let checked = Memo::new(move |_| normalise_digits(&input.get()));
    let result = RwSignal::new(None::<Result<Preview, String>>);
    let ready = move || {
        console.key_set.with(|k| match k {
            None => Err("Generate (or import) a key set first: the preview encrypts with its certificate."),
            Some(set) if set.key_id().is_none() => Err("Enter the Key ID Connect assigned (step 2 on the Keys screen): Connect writes it into every ciphertext."),
            Some(_) => Ok(()),
        })
    };
    // A new or cleared key set invalidates the last preview.
    Effect::new(move |_| {
        console.key_set.track();
        result.set(None);
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
        let outcome = console.key_set.with_untracked(|k| {
            let set = k.as_ref().ok_or_else(|| "No key set is loaded.".to_owned())?;
            let key_id = set.key_id().ok_or_else(|| "Enter the Key ID first.".to_owned())?;
            let t0 = browser::precise_ms();
            let ciphertext = flowkeys_esdk::connect::encrypt_for_certificate_der(
                set.certificate_der(),
                key_id.as_str(),
                digits.digits().as_bytes(),
                &mut getrandom::SysRng,
            )
            .map_err(|e| e.to_string())?;
            let t1 = browser::precise_ms();
            let bytes = flowkeys_esdk::message_bytes(ciphertext.as_bytes()).map_err(|e| e.to_string())?;
            let info = flowkeys_esdk::inspect(&bytes).map_err(|e| e.to_string())?;
            let t2 = browser::precise_ms();
            let round_trip = flowkeys_esdk::connect::keyring_from_private_key(key_id.as_str(), set.private_key().pkcs8_der())
                .and_then(|keyring| flowkeys_esdk::decrypt(&bytes, &[keyring], &Default::default()))
                .map_err(|e| e.to_string())
                .and_then(|d| {
                    if d.plaintext.as_slice() == digits.digits().as_bytes() {
                        Ok(format!(
                            "Round trip OK: the private key decrypted it back to {} (Key ID {key_id}).",
                            digits.masked()
                        ))
                    } else {
                        Err("The round trip returned different digits. Do not use this key set.".to_owned())
                    }
                });
            let t3 = browser::precise_ms();
            Ok::<_, String>(Preview { ciphertext, info, round_trip, millis: (t1 - t0, t3 - t2) })
        });
        result.set(Some(outcome));
    };
    let input_error = move || checked.get().err().map(|e| e.to_string());
    let luhn_warning = move || checked.get().ok().and_then(|t| t.luhn_warning());
    let file_name = Signal::derive(move || {
        format!("connect-preview-{}.b64.txt", flowkeys_core::UnixTime::from_js_millis(browser::now_ms()).date_string())
    });
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
                    <button type="submit" class="primary" prop:disabled=move || ready().is_err()>"Encrypt as Connect would"</button>
                </div>
            </form>
            {move || result.get().map(|r| match r {
                Err(e) => view! { <p class="error" id="preview-error" role="alert">{e}</p> }.into_any(),
                Ok(p) => {
                    let text = Signal::derive({ let c = p.ciphertext.clone(); move || c.clone() });
                    let (ok, message) = match &p.round_trip { Ok(m) => (true, m.clone()), Err(m) => (false, m.clone()) };
                    view! {
                        <section class="card" aria-labelledby="ciphertext-title">
                            <h3 id="ciphertext-title">"Ciphertext ($.StoredCustomerInput)"</h3>
                            <label for="preview-ciphertext">"Base64 ciphertext"</label>
                            <textarea id="preview-ciphertext" readonly=true rows="6" spellcheck="false" prop:value=p.ciphertext.clone()></textarea>
                            <CopyDownload what="ciphertext" text=text file_name=file_name />
                            <p class=if ok { "ok" } else { "error" } id="round-trip" role="status">{message}</p>
                            <p class="hint" id="preview-timing" data-encrypt-ms=format!("{:.2}", p.millis.0) data-decrypt-ms=format!("{:.2}", p.millis.1)>
                                {format!("Encrypted in {:.0} ms and decrypted (private key loaded, data key unwrapped, signature verified) in {:.0} ms, in this tab.", p.millis.0, p.millis.1)}
                            </p>
                            <MessageView info=p.info id="preview-message" />
                        </section>
                    }.into_any()
                }
            })}
        </section>
    }
}

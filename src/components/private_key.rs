//! The private key: hidden until the admin asks, PKCS#8 by default, PKCS#1 on request.

use super::artefact::CopyDownload;
use crate::state::use_console;
use flowkeys_core::naming::Artefact;
use leptos::prelude::*;

/// Which encoding of the private key to show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Pkcs8,
    Pkcs1,
}

/// The private key card.
#[component]
pub fn PrivateKeyCard() -> impl IntoView {
    let console = use_console();
    let revealed = RwSignal::new(false);
    let encoding = RwSignal::new(Encoding::Pkcs8);
    // The PEM is built on demand and never cached in a signal: it exists only while a
    // button handler or the revealed textarea needs it.
    let pem = Signal::derive(move || {
        console.key_set.with(|set| {
            set.as_ref()
                .and_then(|s| match encoding.get() {
                    Encoding::Pkcs8 => s.private_key_pem().ok().map(|p| p.expose().to_owned()),
                    Encoding::Pkcs1 => s.pkcs1_private_key_pem().ok().map(|p| p.expose().to_owned()),
                })
                .unwrap_or_default()
        })
    });
    let file_name = Signal::derive(move || {
        let artefact = match encoding.get() {
            Encoding::Pkcs8 => Artefact::PrivateKey,
            Encoding::Pkcs1 => Artefact::Pkcs1PrivateKey,
        };
        console.files().map(|f| f.artefact(artefact)).unwrap_or_default()
    });
    let label = move || match encoding.get() {
        Encoding::Pkcs8 => "Private key PEM (PKCS#8, BEGIN PRIVATE KEY)",
        Encoding::Pkcs1 => "Private key PEM (PKCS#1, BEGIN RSA PRIVATE KEY)",
    };
    let on_copied = Callback::new(move |()| {
        console.secret_copied.set(true);
        console.mark_selected_saved();
    });
    let on_downloaded = Callback::new(move |()| console.mark_selected_saved());
    view! {
        <section class="card artefact secret" id="private-key" aria-labelledby="private-key-title">
            <h3 id="private-key-title">"Private key"</h3>
            <p class="destination">
                "Store as a SecureString in AWS Systems Manager Parameter Store for the decrypting Lambda. "
                <strong>"Never paste it into Connect."</strong>
            </p>
            <fieldset class="inline">
                <legend>"Encoding"</legend>
                <label>
                    <input type="radio" name="pk-encoding" prop:checked=move || encoding.get() == Encoding::Pkcs8
                        on:change=move |_| encoding.set(Encoding::Pkcs8) />
                    "PKCS#8 (BEGIN PRIVATE KEY) — what the Lambda and SSM expect"
                </label>
                <label>
                    <input type="radio" name="pk-encoding" prop:checked=move || encoding.get() == Encoding::Pkcs1
                        on:change=move |_| encoding.set(Encoding::Pkcs1) />
                    "PKCS#1 (BEGIN RSA PRIVATE KEY) — for older tools"
                </label>
            </fieldset>
            <button type="button" class="reveal" aria-expanded=move || revealed.get().to_string()
                aria-controls="private-key-area" on:click=move |_| revealed.update(|r| *r = !*r)>
                {move || if revealed.get() { "Hide private key" } else { "Reveal private key" }}
            </button>
            <div id="private-key-area">
                <Show
                    when=move || revealed.get()
                    fallback=|| view! { <p class="hidden-note">"Hidden. Reveal it only when nobody can see your screen; Copy and Download work without revealing it."</p> }
                >
                    <label for="private-key-pem">{label}</label>
                    <textarea id="private-key-pem" readonly=true rows="10" spellcheck="false" prop:value=move || pem.get()></textarea>
                </Show>
            </div>
            <CopyDownload what="private key" text=pem file_name=file_name on_copied=on_copied on_downloaded=on_downloaded />
        </section>
    }
}

//! "Download all": the key set's files in one ZIP, under the names the commands read, with a
//! README.txt saying where each goes. The private key goes in only when asked for.

use crate::browser;
use crate::state::use_console;
use flowkeys_connect::bundle::Bundle;
use flowkeys_connect::FileKind;
use flowkeys_core::naming::Artefact;
use leptos::prelude::*;
use zeroize::Zeroizing;

/// The Download all card.
#[component]
pub fn DownloadAll() -> impl IntoView {
    let console = use_console();
    let with_key = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let download = move |_| {
        let include_key = with_key.get_untracked();
        let nickname = console.using().map(|(n, _)| n).unwrap_or_default();
        let made = console.key_set.with_untracked(|k| {
            let set = k.as_ref()?;
            let mut bundle = Bundle::new(flowkeys_connect::KeySetFiles::of(set), &nickname);
            if let Ok(pem) = set.public_key_pem() {
                bundle.add(FileKind::Artefact(Artefact::PublicKey), pem.as_str());
            }
            if let Ok(pem) = set.certificate_pem() {
                bundle.add(FileKind::Artefact(Artefact::Certificate), pem.as_str());
            }
            for (kind, text) in console.files_made_for_selected() {
                bundle.add(kind, text);
            }
            if include_key {
                if let Ok(pem) = set.private_key_pem() {
                    bundle.add(FileKind::Artefact(Artefact::PrivateKey), pem.expose());
                }
            }
            // The archive holds the private key when asked for: wiped once handed to the browser.
            Some((bundle.zip_name(), bundle.has_private_key(), bundle.to_zip().map(Zeroizing::new)))
        });
        match made {
            None => status.set("Generate or import a key set first.".to_owned()),
            Some((_, _, Err(e))) => status.set(e.to_string()),
            Some((name, has_key, Ok(zip))) => match browser::download_bytes(&name, &zip, "application/zip") {
                Ok(()) => {
                    if has_key {
                        console.mark_selected_saved();
                    }
                    status.set(format!("Downloaded {name}{}.", if has_key { ", with the private key" } else { "" }));
                }
                Err(e) => status.set(e),
            },
        }
    };
    view! {
        <section class="card" id="download-all" aria-labelledby="download-all-title">
            <h3 id="download-all-title">"Download all"</h3>
            <p class="destination">"One ZIP with this key set's files under the names the set-up commands use, and a README.txt that says where each file goes. The flow is in it once the Flow screen has made it."</p>
            <label class="choice" for="bundle-private-key">
                <input type="checkbox" id="bundle-private-key" prop:checked=move || with_key.get()
                    on:change=move |ev| with_key.set(event_target_checked(&ev)) />
                <span>"Include the private key (keep the ZIP as safe as the key itself)"</span>
            </label>
            <div class="actions">
                <button type="button" id="download-all-button" on:click=download>"Download all"</button>
                <span class="status" role="status" id="download-all-status">{move || status.get()}</span>
            </div>
        </section>
    }
}

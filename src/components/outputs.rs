//! Steps 2–4: what goes where.

use super::artefact::ArtefactCard;
use super::cert_summary::CertSummary;
use super::download_all::DownloadAll;
use super::key_id::KeyIdField;
use super::private_key::PrivateKeyCard;
use super::renew::RenewPanel;
use crate::state::use_console;
use flowkeys_core::naming::Artefact;
use flowkeys_core::CONNECT_PUBLIC_KEY_LIMIT;
use leptos::prelude::*;

/// The outputs of the current key set, each labelled with where it goes.
#[component]
pub fn KeySetOutputs() -> impl IntoView {
    let console = use_console();
    let public_pem = Signal::derive(move || {
        console.key_set.with(|s| {
            s.as_ref().and_then(|s| s.public_key_pem().ok()).map(|p| p.as_str().to_owned()).unwrap_or_default()
        })
    });
    let cert_pem = Signal::derive(move || {
        console.key_set.with(|s| {
            s.as_ref().and_then(|s| s.certificate_pem().ok()).map(|p| p.as_str().to_owned()).unwrap_or_default()
        })
    });
    let file = move |a: Artefact| Signal::derive(move || console.files().map(|f| f.artefact(a)).unwrap_or_default());
    let summary = Signal::derive(move || console.key_set.with(|s| s.as_ref().map(|s| s.summary().clone())));
    let length = move || {
        let len = public_pem.with(|p| p.chars().count());
        let verdict = if len <= CONNECT_PUBLIC_KEY_LIMIT { "within" } else { "over" };
        format!("{len} of {CONNECT_PUBLIC_KEY_LIMIT} characters — {verdict} Connect's limit for a flow security key.")
    };
    view! {
        <section class="step" aria-labelledby="step2-title">
            <h2 id="step2-title" tabindex="-1"><span class="num">"2"</span>"Register the public key in Amazon Connect"</h2>
            <ArtefactCard
                id="public-key"
                title="Public key"
                destination="Paste into Amazon Connect → Flows → Flow security keys → Add key."
                what="public key"
                text=public_pem
                file_name=file(Artefact::PublicKey)
            >
                <p class="meter" id="public-key-length">{length}</p>
            </ArtefactCard>
            <KeyIdField />
        </section>
        <section class="step" aria-labelledby="step3-title">
            <h2 id="step3-title"><span class="num">"3"</span>"Give the certificate to the flow"</h2>
            <ArtefactCard
                id="certificate"
                title="Certificate"
                destination="Paste into the Store customer input block → Encrypt entry → Encryption certificate."
                what="certificate"
                text=cert_pem
                file_name=file(Artefact::Certificate)
            >
                <CertSummary summary=summary />
            </ArtefactCard>
        </section>
        <section class="step" aria-labelledby="step4-title">
            <h2 id="step4-title"><span class="num">"4"</span>"Store the private key for the decrypting Lambda"</h2>
            <PrivateKeyCard />
            <DownloadAll />
        </section>
        <RenewPanel />
    }
}

//! The "ready for Connect?" checklist and the full certificate detail.

use super::answer::latest_answer;
use crate::worker::client;
use flowkeys_core::CertificateDetail;
use flowkeys_core::Verdict;
use flowkeys_protocol::views::{self, ReadinessView};
use leptos::prelude::*;

/// One key set's checklist (computed in the worker): a verdict per line and the overall answer.
#[component]
pub fn ChecklistView(
    /// The checklist.
    checklist: views::ChecklistView,
    /// Element id.
    id: String,
) -> impl IntoView {
    let headline_class = match checklist.readiness {
        ReadinessView::NotReady | ReadinessView::Incomplete => "verdict-headline error",
        ReadinessView::ReadyWithWarnings => "verdict-headline warning-text",
        ReadinessView::Ready => "verdict-headline ok",
    };
    view! {
        <div class="checklist" id=id data-readiness=checklist.readiness.as_str()>
            <p class=headline_class data-field="headline"><strong>{checklist.headline}</strong></p>
            <ul class="plain">
                {checklist.lines.into_iter().map(|line| {
                    let verdict = line.verdict.to_string();
                    let (mark, class) = match line.verdict {
                        Verdict::Pass => ("✓", "check pass"),
                        Verdict::Warn => ("!", "check warn"),
                        Verdict::Fail => ("✗", "check fail"),
                    };
                    let details = line.details;
                    view! {
                        <li class=class data-check=line.key.name() data-verdict=verdict>
                            <span class="mark" aria-hidden="true">{mark}</span>
                            <div>
                                <strong>{line.title}</strong>
                                <span class="visually-hidden">{format!(" ({verdict})")}</span>
                                <p>{line.text}</p>
                                {(!details.is_empty()).then(|| view! {
                                    <dl class="details">{details.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd class="mono fp">{v}</dd> }).collect_view()}</dl>
                                })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Every field of a certificate, behind a disclosure.
#[component]
pub fn CertificateDetailView(
    /// The certificate as the worker read it, or why it could not.
    detail: Result<CertificateDetail, String>,
) -> impl IntoView {
    match detail {
        Err(e) => view! { <p class="error">{e}</p> }.into_any(),
        Ok(d) => view! {
            <details class="cert-detail">
                <summary>"Full certificate detail"</summary>
                <DetailRows detail=d />
            </details>
        }
        .into_any(),
    }
}

/// Every field of `certificate`, behind a disclosure whose content is asked of the worker when
/// the admin first opens it (the page has no X.509 parser, and the module that reads it is
/// loaded only when something needs it). It follows `certificate` once opened.
#[component]
pub fn CertificateDetailOnOpen(
    /// The certificate's DER.
    certificate: Signal<Vec<u8>>,
) -> impl IntoView {
    let opened = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::Element>(&ev).has_attribute("open") {
            opened.set(true);
        }
    };
    view! {
        <details class="cert-detail" on:toggle=on_toggle>
            <summary>"Full certificate detail"</summary>
            // Asked for (and the certificate copied) only from the first opening on.
            {move || opened.get().then(|| view! { <DetailOfCertificate certificate=certificate /> })}
        </details>
    }
}

/// The worker's reading of `certificate`, asked again whenever it changes.
#[component]
fn DetailOfCertificate(certificate: Signal<Vec<u8>>) -> impl IntoView {
    let request = Memo::new(move |_| Ok(certificate.get()));
    let detail = latest_answer(request, client::describe);
    move || match detail.get() {
        None => view! { <p class="hint" role="status">"Reading the certificate…"</p> }.into_any(),
        Some(Ok(d)) => view! { <DetailRows detail=d /> }.into_any(),
        Some(Err(e)) => view! { <p class="error">{e}</p> }.into_any(),
    }
}

#[component]
fn DetailRows(detail: CertificateDetail) -> impl IntoView {
    let d = detail;
    view! {
        <dl class="summary">
            <dt>"Version"</dt><dd>{format!("X.509 v{}", d.version)}</dd>
            <dt>"Subject"</dt><dd class="mono">{d.subject}</dd>
            <dt>"Issuer"</dt><dd class="mono">{d.issuer}</dd>
            <dt>"Serial number"</dt><dd class="mono">{d.serial_hex}</dd>
            <dt>"Valid from"</dt><dd>{d.not_before.to_string()}</dd>
            <dt>"Valid until"</dt><dd>{d.not_after.to_string()}</dd>
            <dt>"Public key"</dt><dd>{d.public_key}</dd>
            <dt>"Signature algorithm"</dt><dd>{d.signature_algorithm}</dd>
            {d.extensions.into_iter().map(|x| view! {
                <dt>{x.name}{x.critical.then_some(" (critical)")}</dt><dd class="mono">{x.value}</dd>
            }).collect_view()}
            <dt>"SHA-256 fingerprint"</dt><dd class="mono fp">{d.sha256.to_string()}</dd>
            <dt>"SHA-1 fingerprint"</dt><dd class="mono fp">{d.sha1}</dd>
            <dt>"Public key SHA-256"</dt><dd class="mono fp">{d.public_key_sha256.to_string()}</dd>
        </dl>
    }
}

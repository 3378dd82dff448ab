//! The "ready for Connect?" checklist and the full certificate detail.

use flowkeys_core::CertificateDetail;
use serde_json::Value;
use leptos::prelude::*;

/// One key set's checklist (the worker's JSON): a verdict per line and the overall answer.
#[component]
pub fn ChecklistView(
    /// `{headline, readiness, lines: [{id, title, verdict, text, details}]}`.
    checklist: Value,
    /// Element id.
    id: String,
) -> impl IntoView {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let readiness = s(&checklist["readiness"]);
    let headline_class = match readiness.as_str() {
        "not-ready" => "verdict-headline error",
        "ready-with-warnings" => "verdict-headline warning-text",
        _ => "verdict-headline ok",
    };
    let lines = checklist["lines"].as_array().cloned().unwrap_or_default();
    view! {
        <div class="checklist" id=id data-readiness=readiness>
            <p class=headline_class data-field="headline"><strong>{s(&checklist["headline"])}</strong></p>
            <ul class="plain">
                {lines.into_iter().map(|line| {
                    let verdict = s(&line["verdict"]);
                    let (mark, class) = match verdict.as_str() {
                        "pass" => ("✓", "check pass"),
                        "warning" => ("!", "check warn"),
                        _ => ("✗", "check fail"),
                    };
                    let details: Vec<(String, String)> = line["details"]
                        .as_array()
                        .map(|d| d.iter().map(|pair| (s(&pair[0]), s(&pair[1]))).collect())
                        .unwrap_or_default();
                    view! {
                        <li class=class data-check=s(&line["id"]) data-verdict=verdict.clone()>
                            <span class="mark" aria-hidden="true">{mark}</span>
                            <div>
                                <strong>{s(&line["title"])}</strong>
                                <span class="visually-hidden">{format!(" ({verdict})")}</span>
                                <p>{s(&line["text"])}</p>
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
    /// Certificate DER.
    der: Vec<u8>,
) -> impl IntoView {
    match CertificateDetail::from_der(&der) {
        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
        Ok(d) => view! {
            <details class="cert-detail">
                <summary>"Full certificate detail"</summary>
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
            </details>
        }.into_any(),
    }
}

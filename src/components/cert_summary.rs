//! The certificate facts an admin checks at a glance.

use crate::browser;
use flowkeys_core::{CertificateSummary, UnixTime};
use leptos::prelude::*;

/// Subject, serial, validity with days remaining, key size, algorithm and fingerprints.
#[component]
pub fn CertSummary(
    /// The summary.
    #[prop(into)]
    summary: Signal<Option<CertificateSummary>>,
) -> impl IntoView {
    move || {
        summary.get().map(|s| {
            let now = UnixTime::from_js_millis(browser::now_ms());
            let days = s.days_remaining(now);
            let remaining = if days < 0 {
                format!("expired {} days ago", -days)
            } else {
                format!("{days} days remaining")
            };
            view! {
                <dl class="summary" aria-label="Certificate summary">
                    <dt>"Subject"</dt><dd class="mono" data-field="subject">{s.subject.clone()}</dd>
                    <dt>"Serial number"</dt><dd class="mono" data-field="serial">{s.serial_hex.clone()}</dd>
                    <dt>"Valid from"</dt><dd data-field="not-before">{s.not_before.to_string()}</dd>
                    <dt>"Valid until"</dt>
                    <dd data-field="not-after">{s.not_after.to_string()}" ("<strong>{remaining}</strong>")"</dd>
                    <dt>"Key"</dt><dd data-field="key">{format!("RSA {} bits", s.key_bits)}</dd>
                    <dt>"Signature algorithm"</dt><dd data-field="sigalg">{s.signature_algorithm.clone()}</dd>
                    <dt>"Certificate SHA-256"</dt><dd class="mono fp" data-field="cert-sha256">{s.certificate_sha256.to_string()}</dd>
                    <dt>"Public key SHA-256"</dt><dd class="mono fp" data-field="key-sha256">{s.public_key_sha256.to_string()}</dd>
                </dl>
            }
        })
    }
}

//! Step 1: the key-set form and the off-main-thread generator.

use super::text_field::TextField;
use crate::browser;
use crate::state::{use_console, Provenance};
use crate::worker::client::{self, Running};
use crate::worker::Method;
use flowkeys_core::request::{CertificateForm, FormField};
use flowkeys_core::subject::{SubjectAttr, SubjectInput};
use flowkeys_core::{KeySize, ValidityDays};
use flowkeys_protocol::views::fixed;
use leptos::prelude::*;
use std::time::Duration;

/// Where a generation stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Running { bits: usize, started_ms: f64 },
    Done(String),
    Failed(String),
    Cancelled,
}

/// The form: key size, subject, validity, advanced generator choice, Generate / Cancel.
#[component]
pub fn GenerateForm() -> impl IntoView {
    let console = use_console();
    let key_size = RwSignal::new(KeySize::default());
    let cn = RwSignal::new(flowkeys_core::subject::DEFAULT_COMMON_NAME.to_owned());
    let o = RwSignal::new(String::new());
    let ou = RwSignal::new(String::new());
    let c = RwSignal::new(String::new());
    let st = RwSignal::new(String::new());
    let l = RwSignal::new(String::new());
    let days = RwSignal::new(ValidityDays::DEFAULT.days().to_string());
    let method = RwSignal::new(Method::Auto);
    let webcrypto = client::webcrypto_available();

    let form = Memo::new(move |_| CertificateForm {
        key_size: key_size.get(),
        subject: SubjectInput {
            common_name: cn.get(),
            organization: o.get(),
            organizational_unit: ou.get(),
            country: c.get(),
            state: st.get(),
            locality: l.get(),
        },
        validity_days: days.get(),
    });
    // Errors appear once Generate has been pressed, then follow every keystroke.
    let attempted = RwSignal::new(false);
    let errors = Memo::new(move |_| form.with(|f| f.validate().err().unwrap_or_default()));
    let err = move |field: FormField| {
        Signal::derive(move || if attempted.get() { errors.with(|e| e.get(field).map(str::to_owned)) } else { None })
    };
    let validity_warning = move || ValidityDays::parse(&days.get()).ok().and_then(|d| d.warning());
    let method_error = move || {
        (method.get() == Method::WebCrypto && !webcrypto).then_some(
        "WebCrypto is not available on this page: browsers offer it only on https:// or localhost. Choose Automatic or Pure Rust.",
    )
    };

    let phase = RwSignal::new(Phase::Idle);
    let elapsed_ms = RwSignal::new(0.0_f64);
    let running = StoredValue::new_local(None::<Running>);
    let ticker = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        running.update_value(|r| *r = None); // drops → terminates the worker
        ticker.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
    };

    let generate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches!(phase.get_untracked(), Phase::Running { .. }) {
            return;
        }
        attempted.set(true);
        if !errors.get_untracked().is_empty() || method_error().is_some() {
            return;
        }
        let form = form.get_untracked();
        let bits = form.key_size.bits();
        let started_ms = browser::now_ms();
        let started = client::generate(method.get_untracked(), &form, move |answer| {
            stop();
            match answer {
                Ok(client::Made { set, method, keygen_ms, total_ms }) => {
                    let provenance = Provenance { method, keygen_ms, total_ms, made_at_ms: browser::now_ms() };
                    console.add(
                        set,
                        Some(provenance),
                        format!("Generated in this browser by {}", method.description()),
                    );
                    let message = format!(
                        "Key set ready: a {bits}-bit key made by {} in {} s (certificate and self-checks included: {} s).",
                        method.description(),
                        fixed(keygen_ms / 1000.0, 2),
                        fixed(total_ms / 1000.0, 2)
                    );
                    console.show_result(
                        format!("{message} Next: register the public key in Amazon Connect."),
                        "step2-title",
                        true,
                    );
                    phase.set(Phase::Done(message));
                }
                Err(e) => {
                    console.show_result(e.to_string(), "generate-status", false);
                    phase.set(Phase::Failed(e.to_string()));
                }
            }
        });
        match started {
            Ok(job) => {
                running.set_value(Some(job));
                elapsed_ms.set(0.0);
                phase.set(Phase::Running { bits, started_ms });
                let handle = set_interval_with_handle(
                    move || elapsed_ms.set(browser::now_ms() - started_ms),
                    Duration::from_millis(100),
                )
                .ok();
                ticker.set_value(handle);
            }
            Err(e) => phase.set(Phase::Failed(e.to_string())),
        }
    };
    let cancel = move |_| {
        stop();
        phase.set(Phase::Cancelled);
    };
    // Clear everything also stops a running generation and resets the form state.
    Effect::new(move |prev: Option<u64>| {
        let g = console.resets.get();
        if prev.is_some_and(|p| p != g) {
            stop();
            phase.set(Phase::Idle);
            attempted.set(false);
        }
        g
    });
    on_cleanup(stop);

    let is_running = move || matches!(phase.get(), Phase::Running { .. });
    let status = move || match phase.get() {
        Phase::Idle => String::new(),
        Phase::Running { bits, .. } => {
            format!("Generating a {bits}-bit key… {} s", fixed(elapsed_ms.get() / 1000.0, 1))
        }
        Phase::Done(m) => m,
        Phase::Failed(m) => m,
        Phase::Cancelled => "Generation cancelled. No key was made.".into(),
    };
    // Machine-readable state for the end-to-end tests and the benchmark.
    let phase_name = move || match phase.get() {
        Phase::Idle => "idle",
        Phase::Running { .. } => "running",
        Phase::Done(_) => "done",
        Phase::Failed(_) => "failed",
        Phase::Cancelled => "cancelled",
    };
    let status_class = move || match phase.get() {
        Phase::Failed(_) => "status-line error",
        Phase::Done(_) => "status-line ok",
        _ => "status-line",
    };
    let size_radio = move |size: KeySize, note: &'static str| {
        let id = format!("size-{}", size.bits());
        let label_for = id.clone();
        view! {
            <label for=label_for class="choice">
                <input type="radio" id=id name="key-size" prop:checked=move || key_size.get() == size
                    on:change=move |_| key_size.set(size) prop:disabled=is_running />
                <span>{format!("{} bits", size.bits())}</span>
                <span class="note">{note}</span>
            </label>
        }
    };
    let method_radio = move |m: Method, text: &'static str| {
        let id = format!("method-{}", m.as_str());
        let label_for = id.clone();
        view! {
            <label for=label_for class="choice">
                <input type="radio" id=id name="keygen-method" prop:checked=move || method.get() == m
                    on:change=move |_| method.set(m) prop:disabled=is_running />
                <span>{text}</span>
            </label>
        }
    };

    view! {
        <section class="step" aria-labelledby="step1-title">
            <h2 id="step1-title"><span class="num">"1"</span>"Generate a key pair and a self-signed certificate"</h2>
            <form class="card" on:submit=generate novalidate=true>
                <fieldset>
                    <legend>"Key size"</legend>
                    {size_radio(KeySize::Rsa2048, "public key 451 characters")}
                    {size_radio(KeySize::Rsa3072, "625 characters")}
                    {size_radio(KeySize::Rsa4096, "800 characters — recommended, as in AWS's guide")}
                    <p class="hint">"Connect accepts public keys up to 1024 characters, so 8192-bit keys cannot be registered."</p>
                </fieldset>
                <fieldset>
                    <legend>"Certificate subject"</legend>
                    <div class="grid">
                        <TextField id="cn" label="Common Name (CN)" value=cn error=err(FormField::Subject(SubjectAttr::CommonName))
                            hint="Names the certificate; also used in the download file names." />
                        <TextField id="o" label="Organization (O), optional" value=o error=err(FormField::Subject(SubjectAttr::Organization)) />
                        <TextField id="ou" label="Organizational unit (OU), optional" value=ou error=err(FormField::Subject(SubjectAttr::OrganizationalUnit)) />
                        <TextField id="c" label="Country (C), optional" value=c error=err(FormField::Subject(SubjectAttr::Country))
                            hint="Two letters, e.g. US." class="w-short" />
                        <TextField id="st" label="State or province (ST), optional" value=st error=err(FormField::Subject(SubjectAttr::State)) />
                        <TextField id="l" label="Locality (L), optional" value=l error=err(FormField::Subject(SubjectAttr::Locality)) />
                    </div>
                </fieldset>
                <fieldset>
                    <legend>"Validity"</legend>
                    <TextField id="days" label="Valid for (days)" value=days error=err(FormField::Validity)
                        hint="1 to 3650 days. AWS's guide uses 730 (two years)." input_type="text" class="w-short" described_by="days-warning" />
                    <p class="warning" id="days-warning" role="status" hidden=move || validity_warning().is_none()>
                        {move || validity_warning().unwrap_or_default()}
                    </p>
                </fieldset>
                <details class="advanced">
                    <summary>"Advanced: key generator"</summary>
                    <fieldset>
                        <legend>"Which generator makes the key"</legend>
                        {method_radio(Method::Auto, "Automatic — WebCrypto where available, otherwise pure Rust")}
                        {method_radio(Method::WebCrypto, "Browser WebCrypto (native, fastest; needs https:// or localhost)")}
                        {method_radio(Method::Rust, "Pure Rust (rsa crate in WebAssembly; works on plain-http S3 websites)")}
                        <p class="hint">{if webcrypto { "WebCrypto is available on this page." } else { "WebCrypto is not available on this page (not a secure context); Automatic uses pure Rust." }}</p>
                        <p class="error" role="alert" hidden=move || method_error().is_none()>{move || method_error().unwrap_or_default()}</p>
                    </fieldset>
                </details>
                <div class="actions primary">
                    <button type="submit" class="primary" prop:disabled=is_running>"Generate key set"</button>
                    <button type="button" on:click=cancel hidden=move || !is_running()>"Cancel"</button>
                    <p class=status_class role="status" aria-live="polite" id="generate-status" data-phase=phase_name
                        data-method=move || console.provenance.get().map(|p| p.method.as_str()).unwrap_or_default()
                        data-keygen-ms=move || console.provenance.get().map(|p| fixed(p.keygen_ms, 1)).unwrap_or_default()
                        data-total-ms=move || console.provenance.get().map(|p| fixed(p.total_ms, 1)).unwrap_or_default()>{status}</p>
                </div>
                <p class="hint">"Everything happens in this browser tab, in a background worker. Each generation adds a key set; the screens work on the selected one."</p>
            </form>
        </section>
    }
}

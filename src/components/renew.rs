//! Check, renew, convert and export the selected key set.

use super::checklist::{CertificateDetailOnOpen, ChecklistView};
use super::code_block::CodeBlock;
use super::text_field::TextField;
use crate::browser;
use crate::state::use_console;
use crate::worker::client::{self, Running, WorkerError};
use flowkeys_core::export::{expiry_reminder_ics, json_string, MIN_PASSWORD_CHARS};
use flowkeys_core::naming::Artefact;
use flowkeys_core::{KeySet, UnixTime, ValidityDays};
use flowkeys_protocol::views::ChecklistView as Checklist;
use flowkeys_protocol::ExportFormat;
use leptos::prelude::*;
use leptos::task::spawn_local;
use zeroize::Zeroizing;

fn today() -> UnixTime {
    UnixTime::from_js_millis(browser::now_ms())
}

/// The "check, renew and export" card for the selected key set.
#[component]
pub fn RenewPanel() -> impl IntoView {
    let console = use_console();
    let status = RwSignal::new(String::new());
    let running = StoredValue::new_local(None::<Running>);
    let busy = RwSignal::new(false);
    let days = RwSignal::new(ValidityDays::DEFAULT.days().to_string());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let reminder_days = RwSignal::new("30".to_owned());
    let csr = RwSignal::new(None::<String>);

    // The checklist runs in the worker (it includes RSA private-key operations), again only when
    // the key set or its certificate changes (not when its Key ID is typed).
    let identity = Memo::new(move |_| console.key_set.with(|k| k.as_ref().map(|s| s.summary().certificate_sha256)));
    let checklist = RwSignal::new(None::<Checklist>);
    let checking = StoredValue::new_local(None::<Running>);
    Effect::new(move |_| {
        // Read, not just tracked: a memo computes (and subscribes to its sources) only when read;
        // `track()` alone left it stale, so this checklist kept showing the first key set.
        identity.with(|_| ());
        checking.set_value(None);
        checklist.set(None);
        let started = console.key_set.with_untracked(|k| {
            k.as_ref().map(|set| {
                client::check(set, move |answer| {
                    checking.set_value(None);
                    match answer {
                        Ok(c) => checklist.set(Some(c)),
                        Err(e) => status.set(e.to_string()),
                    }
                })
            })
        });
        if let Some(Ok(r)) = started {
            checking.set_value(Some(r));
        }
    });
    let days_error = Signal::derive(move || ValidityDays::parse(&days.get()).err().map(|e| e.to_string()));
    let password_error = Signal::derive(move || {
        let p = password.get();
        (!p.is_empty() && p.chars().count() < MIN_PASSWORD_CHARS)
            .then(|| format!("At least {MIN_PASSWORD_CHARS} characters; a passphrase of several words is better."))
    });
    let confirm_error = Signal::derive(move || {
        (!confirm.get().is_empty() && confirm.get() != password.get()).then(|| "The two passwords differ.".to_owned())
    });
    let reminder_error = Signal::derive(move || match reminder_days.get().trim().parse::<u32>() {
        Ok(d) if (1..=365).contains(&d) => None,
        _ => Some("Enter a number of days between 1 and 365.".to_owned()),
    });

    // One background job at a time: `launch` keeps it (or reports why it did not start),
    // `settle` is the first thing its answer does.
    let launch = move |started: Result<Running, WorkerError>| match started {
        Ok(r) => running.set_value(Some(r)),
        Err(e) => {
            busy.set(false);
            status.set(e.to_string());
        }
    };
    let settle = move || {
        running.set_value(None);
        busy.set(false);
    };
    let reissue = move |_| {
        let Ok(validity) = ValidityDays::parse(&days.get_untracked()) else { return };
        let Some((key, cert, key_id)) = console.key_set.with_untracked(|k| {
            k.as_ref().map(|s| (s.private_key().clone(), s.certificate_der().to_vec(), s.key_id().cloned()))
        }) else {
            return;
        };
        status.set("Issuing a new self-signed certificate for the same key…".into());
        busy.set(true);
        launch(client::reissue(&key, Some(&cert), validity, move |result| {
            settle();
            match result {
                Ok(mut set) => {
                    set.set_key_id(key_id);
                    console.update_selected(|s| *s = set);
                    status.set(format!("Certificate re-issued, valid for {} days. Paste the new certificate into every Store customer input block that uses this key: the public key registered in Connect and the Lambda's private key stay the same.", validity.days()));
                }
                Err(e) => status.set(e.to_string()),
            }
        }));
    };
    let export = move |format: ExportFormat| {
        let pw = password.get_untracked();
        if pw.chars().count() < MIN_PASSWORD_CHARS || confirm.get_untracked() != pw {
            status.set(format!(
                "Enter the same password (at least {MIN_PASSWORD_CHARS} characters) in both fields first."
            ));
            return;
        }
        let Some(name) = console.key_set.with_untracked(|k| {
            k.as_ref().map(|s| {
                let artefact =
                    if format == ExportFormat::Pkcs12 { Artefact::Pkcs12 } else { Artefact::EncryptedPrivateKey };
                flowkeys_connect::KeySetFiles::of(s).artefact(artefact)
            })
        }) else {
            return;
        };
        // The password now lives only in the request; empty the fields.
        password.set(String::new());
        confirm.set(String::new());
        status.set("Encrypting (deliberately slow key derivation, in a background worker)…".into());
        busy.set(true);
        let started = console.key_set.with_untracked(|k| {
            k.as_ref().map(|set| {
                client::export(set, Zeroizing::new(pw), format, move |answer| {
                    settle();
                    match answer {
                        Ok(bytes) => {
                            let mime = if format == ExportFormat::Pkcs12 {
                                "application/x-pkcs12"
                            } else {
                                "application/x-pem-file"
                            };
                            status.set(match browser::download_bytes(&name, &bytes, mime) {
                                Ok(()) => {
                                    console.mark_selected_saved();
                                    format!("Downloaded {name}. Keep the password somewhere else than the file.")
                                }
                                Err(e) => e,
                            });
                        }
                        Err(e) => status.set(e.to_string()),
                    }
                })
            })
        });
        if let Some(started) = started {
            launch(started);
        }
    };
    let make_csr = move |_| {
        let started = console.key_set.with_untracked(|k| {
            k.as_ref().map(|set| {
                client::csr(set, move |answer| {
                    settle();
                    match answer {
                        Ok(pem) => csr.set(Some(pem)),
                        Err(e) => status.set(e.to_string()),
                    }
                })
            })
        });
        if let Some(started) = started {
            busy.set(true);
            launch(started);
        }
    };
    let copy_json = move |what: &'static str, pick: fn(&KeySet) -> Option<String>| {
        let text = console.key_set.with_untracked(|k| k.as_ref().and_then(pick)).map(|pem| json_string(&pem));
        spawn_local(async move {
            if let Some(text) = text {
                status.set(match browser::copy_text(&text).await {
                    Ok(()) if what == "private key" => {
                        console.secret_copied.set(true);
                        console.mark_selected_saved();
                        "Copied the private key as a JSON string. Clear everything also overwrites the clipboard.".to_owned()
                    }
                    Ok(()) => format!("Copied the {what} as a JSON string (newlines as \\n), for CloudFormation, CDK or config files."),
                    Err(e) => e,
                });
            }
        });
    };
    let reminder = move |_| {
        let Ok(d) = reminder_days.get_untracked().trim().parse::<u32>() else { return };
        let Some((ics, name)) = console.key_set.with_untracked(|k| {
            k.as_ref().map(|s| {
                (
                    expiry_reminder_ics(s.summary(), d, today()),
                    flowkeys_connect::KeySetFiles::of(s).artefact(Artefact::ExpiryReminder),
                )
            })
        }) else {
            return;
        };
        status.set(match browser::download_text(&name, &ics, "text/calendar") {
            Ok(()) => format!("Downloaded {name}: a calendar event {d} days before the certificate expires."),
            Err(e) => e,
        });
    };
    let cert_der = Signal::derive(move || {
        console.key_set.with(|k| k.as_ref().map(|s| s.certificate_der().to_vec())).unwrap_or_default()
    });
    // Every key set has its certificate. Redrawn only when there comes to be a key set or none,
    // so an open disclosure stays open (and follows) when the certificate is re-issued.
    let has_cert = Memo::new(move |_| console.key_set.with(Option::is_some));
    view! {
        <section class="step" aria-labelledby="renew-title">
            <h2 id="renew-title">"Check, renew and back up this key set"</h2>
            <div class="card">
                <h3>"Ready for Connect?"</h3>
                {move || checklist.get().map(|c| view! { <ChecklistView checklist=c id="selected-checklist".to_owned() /> })}
                {move || has_cert.get().then(|| view! { <CertificateDetailOnOpen certificate=cert_der /> })}
            </div>
            <p class="status-line" id="renew-status" role="status" aria-live="polite">{move || status.get()}</p>
            <details class="card tool" id="tool-reissue">
                <summary>"Extend the certificate (same key)"</summary>
                <p class="hint">"Issues a new self-signed certificate for this key. The public key registered in Connect and the Lambda's private key stay valid; replace the certificate in each Store customer input block."</p>
                <TextField id="reissue-days" label="New validity (days)" value=days error=days_error class="w-short" />
                <button type="button" id="reissue" prop:disabled=move || busy.get() on:click=reissue>"Re-issue certificate"</button>
            </details>
            <details class="card tool" id="tool-csr">
                <summary>"Certificate signing request"</summary>
                <p class="warning">"For organisations whose policy wants keys on record with a CA. Connect needs the certificate to be signed by this same key pair, so a certificate your CA issues from this request will not work in the Store customer input block: keep using the self-signed one there."</p>
                <button type="button" id="make-csr" prop:disabled=move || busy.get() on:click=make_csr>"Create CSR"</button>
                {move || csr.get().map(|pem| view! { <CodeBlock id="csr" title="PKCS#10 request (BEGIN CERTIFICATE REQUEST)" what="CSR" text=Signal::derive(move || pem.clone()) file_name=Signal::derive(move || console.files().map(|f| f.artefact(Artefact::CertificateRequest)).unwrap_or_default()) rows=8 /> })}
            </details>
            <details class="card tool" id="tool-backup">
                <summary>"Password-protected backup"</summary>
                <p class="hint">"For safekeeping and for tools such as KeyStore Explorer or Windows. The decrypting Lambda and Parameter Store need the unencrypted PEM from step 4, not these."</p>
                <div class="grid">
                    <TextField id="export-password" label="Password" value=password error=password_error input_type="password" autocomplete="new-password" />
                    <TextField id="export-confirm" label="Password again" value=confirm error=confirm_error input_type="password" autocomplete="new-password" />
                </div>
                <div class="actions">
                    <button type="button" id="export-pkcs8" prop:disabled=move || busy.get() on:click=move |_| export(ExportFormat::Pkcs8Pbkdf2)>"Encrypted PKCS#8 (PBKDF2-SHA256, AES-256)"</button>
                    <button type="button" id="export-pkcs8-scrypt" prop:disabled=move || busy.get() on:click=move |_| export(ExportFormat::Pkcs8Scrypt)>"Encrypted PKCS#8 (scrypt, AES-256)"</button>
                    <button type="button" id="export-p12" prop:disabled=move || busy.get() on:click=move |_| export(ExportFormat::Pkcs12)>"PKCS#12 (.p12) with the certificate"</button>
                </div>
            </details>
            <details class="card tool" id="tool-json">
                <summary>"For infrastructure as code"</summary>
                <div class="actions">
                    <button type="button" on:click=move |_| copy_json("public key", |s| s.public_key_pem().ok().map(|p| p.as_str().to_owned()))>"Copy public key as JSON string"</button>
                    <button type="button" on:click=move |_| copy_json("certificate", |s| s.certificate_pem().ok().map(|p| p.as_str().to_owned()))>"Copy certificate as JSON string"</button>
                    <button type="button" on:click=move |_| copy_json("private key", |s| s.private_key_pem().ok().map(|p| p.expose().to_owned()))>"Copy private key as JSON string"</button>
                </div>
            </details>
            <details class="card tool" id="tool-reminder">
                <summary>"Expiry reminder"</summary>
                <TextField id="reminder-days" label="Remind me this many days before expiry" value=reminder_days error=reminder_error class="w-short" />
                <button type="button" id="download-ics" on:click=reminder>"Download calendar reminder (.ics)"</button>
            </details>
        </section>
    }
}

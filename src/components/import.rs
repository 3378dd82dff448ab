//! Bring your own keys: import files or pasted PEM, unlock encrypted ones, see what each holds,
//! and check every key set before Connect does.

use super::checklist::{CertificateDetailView, ChecklistView};
use super::drop_zone::{DropZone, LoadedFile};
use crate::state::{use_console, Console};
use crate::worker::client::{self, Running};
use flowkeys_core::{KeySet, PrivateKeyDer, ValidityDays};
use flowkeys_protocol::queue::{EntryState, ImportQueue};
use flowkeys_protocol::views::fixed;
use flowkeys_protocol::views::{ImportedSet, InputOutcomeView, InputReport};
use flowkeys_protocol::{ImportSource, InputRead, SecretBytes};
use leptos::prelude::*;
use std::collections::HashMap;
use zeroize::Zeroizing;

/// How many inputs are read at once, each in its own worker: a hostile or slow input (at most
/// the engine's work budget) holds one of them while the others finish.
const PARALLEL_READS: usize = 3;

/// One input as the list shows it (no secret: the bytes and password stay in the queue).
#[derive(Clone, PartialEq)]
struct Row {
    name: String,
    reads: u32,
    kind: RowKind,
}

impl Row {
    /// What identifies the row's rendering: position, input, how often read, and state.
    fn key(&self, index: usize) -> String {
        let state = match &self.kind {
            RowKind::Waiting => "waiting".to_owned(),
            RowKind::Reading => "reading".to_owned(),
            RowKind::Cancelled => "cancelled".to_owned(),
            // A grouping may replace a report (too many certificates over all inputs).
            RowKind::Report(outcome, _) => format!("{outcome:?}"),
        };
        format!("{index}\u{0}{}\u{0}{}\u{0}{state}", self.name, self.reads)
    }
}

#[derive(Clone, PartialEq)]
enum RowKind {
    Waiting,
    Reading,
    Cancelled,
    Report(InputOutcomeView, f64),
}

/// The page side of incremental import: starts one worker per input read and one to group
/// what was read, and keeps the [`ImportQueue`] (the rules live there) in step with them.
#[derive(Clone, Copy)]
struct Reader {
    queue: StoredValue<ImportQueue>,
    /// Bumped after every change of the queue (the queue itself is not reactive).
    version: RwSignal<u64>,
    readers: StoredValue<HashMap<u64, Running>, LocalStorage>,
    grouping: StoredValue<Option<Running>, LocalStorage>,
    imported: RwSignal<Vec<ImportedSet>>,
    refused: RwSignal<Vec<InputReport>>,
    status: RwSignal<String>,
    console: Console,
    focus_result: StoredValue<bool>,
}

impl Reader {
    fn changed(self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }

    /// Terminates the workers of `tickets` (dropping a [`Running`] terminates its worker).
    fn stop(self, tickets: Vec<u64>) {
        self.readers.update_value(|r| {
            for t in tickets {
                r.remove(&t);
            }
        });
    }

    /// Starts reads while workers are free.
    fn pump(self) {
        let jobs = self.queue.try_update_value(|q| q.next_jobs(PARALLEL_READS)).unwrap_or_default();
        for job in jobs {
            let ticket = job.ticket;
            match client::read_input(job.request, move |answer| {
                self.finished(ticket, answer.map_err(|e| e.to_string()))
            }) {
                Ok(running) => self.readers.update_value(|r| {
                    r.insert(ticket, running);
                }),
                Err(e) => {
                    self.queue.update_value(|q| {
                        q.finish(ticket, Err(e.to_string()));
                    });
                }
            }
        }
        self.changed();
    }

    fn finished(self, ticket: u64, answer: Result<InputRead, String>) {
        // The worker is terminated after its one job.
        self.stop(vec![ticket]);
        if self.queue.try_update_value(|q| q.finish(ticket, answer)).unwrap_or(false) {
            self.regroup();
        }
        self.pump();
    }

    /// Groups everything read so far, in a fresh worker (replacing a grouping still running).
    fn regroup(self) {
        let request = self.queue.with_value(|q| q.group_request(0.0));
        self.grouping.set_value(None);
        if request.inputs.is_empty() {
            self.imported.set(Vec::new());
            self.refused.set(Vec::new());
            self.announce();
            return;
        }
        let started = client::group(request, move |answer| {
            self.grouping.set_value(None);
            match answer {
                Ok(grouped) => {
                    self.imported.set(grouped.sets);
                    self.refused.set(grouped.refused);
                    self.announce();
                }
                Err(e) => self.status.set(e.to_string()),
            }
        });
        match started {
            Ok(r) => self.grouping.set_value(Some(r)),
            Err(e) => self.status.set(e.to_string()),
        }
    }

    /// Says what was found, once nothing is left to read.
    fn announce(self) {
        let Some((read, waiting_for_password)) = self.queue.with_value(|q| {
            (!q.is_busy() && !q.is_empty()).then(|| {
                let outcomes = q.entries().iter().filter_map(|e| match &e.state {
                    EntryState::Done(r) => Some(&r.report.outcome),
                    _ => None,
                });
                let mut read = 0usize;
                let mut locked = false;
                for o in outcomes {
                    read = read.saturating_add(1);
                    locked |=
                        matches!(o, InputOutcomeView::NeedsPassword { .. } | InputOutcomeView::WrongPassword { .. });
                }
                (read, locked)
            })
        }) else {
            return;
        };
        let sets = self.imported.with_untracked(Vec::len);
        let said = format!(
            "Read {read} input(s); {sets} key set(s) found.{}",
            if waiting_for_password { " A password is needed." } else { "" }
        );
        self.console.show_result(said, "import-inputs-title", self.focus_result.get_value());
    }

    /// Applies `change` to the queue, terminates the workers it names, and carries on.
    fn apply(self, change: impl FnOnce(&mut ImportQueue) -> Vec<u64>) {
        let stale = self.queue.try_update_value(change).unwrap_or_default();
        let dropped_any = !stale.is_empty();
        self.stop(stale);
        self.pump();
        if dropped_any {
            self.regroup();
        }
    }
}

/// The import section of the Keys screen.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let console = use_console();
    let pasted = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let running = StoredValue::new_local(None::<Running>);
    let imported = RwSignal::new(Vec::<ImportedSet>::new());
    // Whether the next answer may take focus: yes after a button, a file or a password; not when
    // pasted text is read because the box lost focus (the admin is on their way elsewhere).
    let focus_result = StoredValue::new(true);
    let reader = Reader {
        queue: StoredValue::new(ImportQueue::new()),
        version: RwSignal::new(0),
        readers: StoredValue::new_local(HashMap::new()),
        grouping: StoredValue::new_local(None),
        imported,
        refused: RwSignal::new(Vec::new()),
        status,
        console,
        focus_result,
    };
    let rows = Memo::new(move |_| {
        reader.version.track();
        let refused = reader.refused.get();
        reader.queue.with_value(|q| {
            q.entries()
                .iter()
                .map(|e| Row {
                    name: e.name().to_owned(),
                    reads: e.reads,
                    kind: match &e.state {
                        EntryState::Waiting => RowKind::Waiting,
                        EntryState::Reading => RowKind::Reading,
                        EntryState::Cancelled => RowKind::Cancelled,
                        EntryState::Done(read) => {
                            let outcome = refused
                                .iter()
                                .find(|r| r.name == e.name())
                                .map_or_else(|| read.report.outcome.clone(), |r| r.outcome.clone());
                            RowKind::Report(outcome, read.read_ms)
                        }
                    },
                })
                .collect::<Vec<_>>()
        })
    });
    let progress = Memo::new(move |_| {
        reader.version.track();
        reader.queue.with_value(|q| q.progress())
    });
    let busy = move || progress.with(Option::is_some);
    let read_pasted = move |focus: bool| {
        focus_result.set_value(focus);
        let text = pasted.get_untracked();
        reader.apply(|q| q.set_pasted(&text));
    };
    let on_files = Callback::new(move |files: Vec<LoadedFile>| {
        focus_result.set_value(true);
        reader.apply(|q| {
            // A file of the same name replaces the old one; its running read is dropped.
            let stale: Vec<u64> = files.iter().filter_map(|f| q.cancel(&f.name)).collect();
            for f in files {
                q.add(ImportSource { name: f.name, bytes: SecretBytes(Zeroizing::new(f.bytes)), pasted: false });
            }
            stale
        });
    });
    let set_password = move |name: String, password: String| {
        focus_result.set_value(true);
        let password = Zeroizing::new(password);
        reader.apply(|q| q.set_password(&name, &password).into_iter().collect());
    };
    let cancel = move |name: String| {
        reader.apply(|q| q.cancel(&name).into_iter().collect());
    };
    let retry = move |name: String| {
        focus_result.set_value(true);
        reader.apply(|q| {
            q.retry(&name);
            Vec::new()
        });
    };
    let cancel_all = move || {
        reader.apply(ImportQueue::cancel_all);
    };
    let forget = move || {
        reader.apply(ImportQueue::clear);
        reader.grouping.set_value(None);
        imported.set(Vec::new());
        reader.refused.set(Vec::new());
        pasted.set(String::new());
        status.set(String::new());
    };
    // Clear everything also forgets the files and passwords given here.
    Effect::new(move |prev: Option<u64>| {
        let g = console.resets.get();
        if prev.is_some_and(|p| p != g) {
            forget();
        }
        g
    });
    let use_set = move |set: KeySet, label: String| {
        console.add(set, None, label);
        status.set("Added to the key sets above and selected: the other screens now use it.".into());
    };
    let reissue = move |key: PrivateKeyDer, cert_der: Option<Vec<u8>>, label: String| {
        status.set("Issuing a self-signed certificate for this key…".into());
        let started = client::reissue(&key, cert_der.as_deref(), ValidityDays::DEFAULT, move |result| {
            running.set_value(None);
            match result {
                Ok(set) => use_set(set, format!("{label}, with a new self-signed certificate")),
                Err(e) => status.set(e.to_string()),
            }
        });
        match started {
            Ok(r) => running.set_value(Some(r)),
            Err(e) => status.set(e.to_string()),
        }
    };
    view! {
        <section class="step" aria-labelledby="import-title">
            <h2 id="import-title">"Or bring your own keys"</h2>
            <p class="lead">"Import what you already have — PEM or DER, PKCS#8, PKCS#1, encrypted PKCS#8, public keys, certificates and bundles, PKCS#12 (.p12/.pfx) — and see whether it will work before a flow silently fails. Pieces that belong together are grouped by public key, in whatever order they arrive. Nothing leaves this tab."</p>
            <DropZone input_id="import-files" label="Choose key files" multiple=true on_files=on_files>
                <label for="import-paste">"Paste PEM (one or several blocks)"</label>
                <textarea id="import-paste" rows="5" spellcheck="false" placeholder="-----BEGIN CERTIFICATE-----…"
                    prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))
                    on:change=move |_| read_pasted(false)></textarea>
                <button type="button" id="import-read-pasted" on:click=move |_| read_pasted(true)>"Read pasted text"</button>
            </DropZone>
            <div class="import-progress" id="import-busy" role="status" aria-live="polite" hidden=move || !busy()>
                <p class="hint" id="import-progress">{move || progress.get().map(|p| p.sentence()).unwrap_or_default()}</p>
                <progress id="import-progress-bar" aria-label="Inputs read" max=move || progress.get().map_or(1, |p| p.total.max(1)).to_string() value=move || progress.get().map_or(0, |p| p.done).to_string()></progress>
                <p class="hint">"Encrypted keys take a moment: each input is read in a background worker of its own, so the others finish meanwhile."</p>
                <button type="button" id="import-cancel" aria-label="Cancel reading every input still being read" on:click=move |_| cancel_all()>"Cancel"</button>
            </div>
            <p class="status-line" id="import-status" role="status">{move || status.get()}</p>
            <Show when=move || !rows.with(Vec::is_empty)>
                <section class="card" aria-labelledby="import-inputs-title" aria-busy=move || busy().to_string()>
                    <h3 id="import-inputs-title" tabindex="-1">"What each input holds"</h3>
                    <ul class="plain inputs" id="import-inputs">
                        // Keyed, so a row whose input did not change keeps its DOM (a password
                        // being typed survives another input finishing).
                        <For each=move || rows.get().into_iter().enumerate() key=|(i, row)| row.key(*i) children=move |(input_index, row)| {
                            let name = row.name.clone();
                            let reads = row.reads.to_string();
                            let on_submit = Callback::new(move |(n, p)| set_password(n, p));
                            match row.kind {
                                RowKind::Waiting | RowKind::Reading => {
                                    let waiting = row.kind == RowKind::Waiting;
                                    let cancel_name = name.clone();
                                    view! {
                                        <li class="input reading-input" data-input=name.clone() data-outcome=if waiting { "waiting" } else { "reading" } data-reads=reads>
                                            <strong class="mono">{name.clone()}</strong>{if waiting { ": waiting for a free worker…" } else { ": reading…" }}
                                            " "<button type="button" class="cancel" aria-label=format!("Cancel reading {name}") on:click=move |_| cancel(cancel_name.clone())>"Cancel"</button>
                                        </li>
                                    }.into_any()
                                }
                                RowKind::Cancelled => {
                                    let again = name.clone();
                                    view! {
                                        <li class="input" data-input=name.clone() data-outcome="cancelled" data-reads=reads>
                                            <strong class="mono">{name.clone()}</strong>": reading was cancelled; nothing from this input is used."
                                            " "<button type="button" aria-label=format!("Read {name} again") on:click=move |_| retry(again.clone())>"Read again"</button>
                                        </li>
                                    }.into_any()
                                }
                                RowKind::Report(outcome, read_ms) => {
                                    let read_ms = fixed(read_ms, 0);
                                    match outcome {
                                        InputOutcomeView::Read { description, items, warnings } => view! {
                                            <li class="input ok-input" data-input=name.clone() data-outcome="read" data-reads=reads data-read-ms=read_ms>
                                                <strong class="mono">{name.clone()}</strong>": "<span data-field="description">{description}</span>
                                                {(!items.is_empty()).then(|| view! { <ul class="plain items">{items.into_iter().map(|i| view! { <li class="hint">{i}</li> }).collect_view()}</ul> })}
                                                {warnings.into_iter().map(|w| view! { <p class="warning">{w}</p> }).collect_view()}
                                            </li>
                                        }.into_any(),
                                        InputOutcomeView::NeedsPassword { what } => view! {
                                            <li class="input" data-input=name.clone() data-outcome="needs-password" data-reads=reads data-read-ms=read_ms>
                                                <strong class="mono">{name.clone()}</strong>": "{what}
                                                <PasswordPrompt index=input_index name=name.clone() error=None on_submit=on_submit />
                                            </li>
                                        }.into_any(),
                                        InputOutcomeView::WrongPassword { message } => view! {
                                            <li class="input" data-input=name.clone() data-outcome="failed" data-reads=reads data-read-ms=read_ms>
                                                <strong class="mono">{name.clone()}</strong>
                                                <PasswordPrompt index=input_index name=name.clone() error=Some(message) on_submit=on_submit />
                                            </li>
                                        }.into_any(),
                                        InputOutcomeView::Failed { message } => view! {
                                            <li class="input" data-input=name.clone() data-outcome="failed" data-reads=reads data-read-ms=read_ms><p class="error" role="alert">{message}</p></li>
                                        }.into_any(),
                                    }
                                }
                            }
                        } />
                    </ul>
                </section>
            </Show>
            {move || imported.get().into_iter().enumerate().map(|(index, set)| {
                let label = set.label.clone();
                let cert_der: Option<Vec<u8>> = set.certificate.as_ref().map(|c| c.0.clone());
                // Offered only when nothing on the checklist fails and nothing is missing (the
                // worker decides): a damaged key, a CA-issued or expired certificate would fail.
                let usable = set.usable_key_set();
                let key = set.key().filter(|_| !set.certificate_only);
                let set_id = format!("imported-set-{index}");
                let source = format!("Imported ({label})");
                view! {
                    <section class="card imported-set" id=set_id.clone() aria-label=format!("Imported key set {label}")>
                        <h3>{label.clone()}</h3>
                        <p class="hint" data-field="completeness">{set.completeness}</p>
                        {set.checklist.map(|c| view! { <ChecklistView checklist=c id=format!("{set_id}-checklist") /> })}
                        {cert_der.is_some().then(|| {
                            let detail = set.detail.clone().ok_or_else(|| "The certificate could not be read.".to_owned());
                            view! { <CertificateDetailView detail=detail /> }
                        })}
                        <div class="actions">
                            {usable.map(|ks| {
                                let source = source.clone();
                                view! { <button type="button" class="primary" on:click=move |_| use_set(ks.clone(), source.clone())>"Use this key set"</button> }
                            })}
                            {key.map(|key| {
                                let label = label.clone();
                                let cert = cert_der.clone();
                                view! { <button type="button" on:click=move |_| reissue(key.clone(), cert.clone(), format!("Imported ({label})"))>"Issue a new self-signed certificate for this key"</button> }
                            })}
                        </div>
                    </section>
                }
            }).collect_view()}
            <div class="actions" hidden=move || rows.with(Vec::is_empty) && pasted.with(|p| p.trim().is_empty())>
                <button type="button" id="import-clear" on:click=move |_| forget()>"Forget these inputs"</button>
            </div>
        </section>
    }
}

/// A password field for one encrypted input, with the error of the last attempt next to it.
#[component]
fn PasswordPrompt(
    /// The input's position (ids must be unique even when file names differ only in punctuation).
    index: usize,
    /// The input's name.
    name: String,
    /// The last attempt's error, if any.
    error: Option<String>,
    /// Called with (name, password).
    on_submit: Callback<(String, String)>,
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let id = format!("password-{index}");
    let error_id = format!("{id}-error");
    let label = format!("Password for {name}");
    let has_error = error.is_some();
    let submit = {
        let name = name.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            on_submit.run((name.clone(), value.get_untracked()));
            value.set(String::new());
        }
    };
    view! {
        <form class="password-prompt" on:submit=submit>
            <label for=id.clone()>{label}</label>
            <input type="password" id=id autocomplete="off" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=has_error.to_string() aria-describedby=has_error.then(|| error_id.clone()) />
            <button type="submit">"Unlock"</button>
            {error.map(|e| view! { <p class="error" id=error_id role="alert">{e}</p> })}
        </form>
    }
}

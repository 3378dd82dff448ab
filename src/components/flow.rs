//! Secure flows: generate a ready-to-import flow, lint existing ones, and the CLI set-up sequence.

use super::code_block::CodeBlock;
use super::drop_zone::{DropZone, LoadedFile};
use super::text_field::TextField;
use crate::browser;
use crate::state::use_console;
use flowkeys_connect::flow::FlowField;
use flowkeys_connect::{
    generate_flow, lint_flow_with, parameter_for, setup_commands, CertificatePem, CollectKind, ConnectInstanceId,
    FileKind, Finding, FlowSpec, GeneratedFlow, LambdaArn, LintContext, LintReport, LoadedKeySet, Overrides, RuleGroup,
    SetupSpec, Severity, SsmParameterName,
};
use leptos::prelude::*;

/// The Parameter Store name AWS's guide uses; the current key's parameter.
pub const DEFAULT_PARAMETER: &str = "CONNECT_INPUT_DECRYPTION_KEY";

/// The Flow screen.
#[component]
pub fn FlowPanel() -> impl IntoView {
    let lint_input = RwSignal::new(String::new());
    let lint_focus = RwSignal::new(false);
    view! {
        <GenerateFlow lint_input=lint_input lint_focus=lint_focus />
        <LintFlow input=lint_input focus_result=lint_focus />
        <SetupCommands />
    }
}

fn collect_kind(choice: &str, label: &str) -> CollectKind {
    match choice {
        "cvv" => CollectKind::Cvv,
        "expiry_date" => CollectKind::ExpiryDate,
        "account_number" => CollectKind::AccountNumber,
        "custom" => CollectKind::Custom { label: label.to_owned() },
        _ => CollectKind::CardNumber,
    }
}

/// Generate a flow from the current key set.
#[component]
fn GenerateFlow(
    /// Where "Lint this flow" puts the JSON.
    lint_input: RwSignal<String>,
    /// Lets the lint report take focus.
    lint_focus: RwSignal<bool>,
) -> impl IntoView {
    let console = use_console();
    let arn = console.lambda_arn;
    let kind = RwSignal::new("card_number".to_owned());
    let label = RwSignal::new(String::new());
    let min_len = RwSignal::new(String::new());
    let max_len = RwSignal::new(String::new());
    let prompt = RwSignal::new(String::new());
    let timeout = RwSignal::new("8".to_owned());
    // Changing what is collected resets lengths and prompt to that kind's defaults.
    Effect::new(move |_| {
        let k = collect_kind(&kind.get(), &label.get());
        let (lo, hi) = k.default_lengths();
        min_len.set(lo.to_string());
        max_len.set(hi.to_string());
        prompt.set(k.default_prompt());
    });

    let result = Memo::new(move |_| -> Result<GeneratedFlow, Vec<(Option<FlowField>, String)>> {
        let basics = console.key_set.with(|k| {
            let set = k.as_ref().ok_or("Generate or import a key set first: the flow needs its certificate.")?;
            let key_id = set.key_id().ok_or("Enter the Key ID on the Keys screen: the flow's encryption names it.")?;
            let cert = set.certificate_pem().map_err(|_| "The certificate could not be encoded.")?;
            Ok::<_, &str>((key_id.clone(), cert.as_str().to_owned()))
        });
        let (key_id, cert) = basics.map_err(|e| vec![(None, e.to_owned())])?;
        let lambda_arn = LambdaArn::parse(&arn.get()).map_err(|e| vec![(Some(FlowField::LambdaArn), e.to_string())])?;
        let cert = CertificatePem::parse(&cert).map_err(|e| vec![(Some(FlowField::CertificatePem), e.to_string())])?;
        let mut spec = FlowSpec::new(key_id, cert, lambda_arn, collect_kind(&kind.get(), &label.get()));
        let number = |s: &str, field| {
            s.trim().parse::<u8>().map_err(|_| vec![(Some(field), format!("“{}” is not a whole number.", s.trim()))])
        };
        spec.min_length = number(&min_len.get(), FlowField::MinLength)?;
        spec.max_length = number(&max_len.get(), FlowField::MaxLength)?;
        spec.lambda_timeout_seconds = number(&timeout.get(), FlowField::LambdaTimeoutSeconds)?;
        spec.prompt_text = prompt.get();
        let problems = spec.problems();
        if !problems.is_empty() {
            return Err(problems.into_iter().map(|p| (Some(p.field()), p.to_string())).collect());
        }
        generate_flow(&spec).map_err(|e| vec![(Some(e.field()), e.to_string())])
    });
    let error_for = move |field: FlowField| {
        Signal::derive(move || {
            result.with(|r| {
                r.as_ref().err().and_then(|errs| errs.iter().find(|(f, _)| *f == Some(field)).map(|(_, m)| m.clone()))
            })
        })
    };
    let general = move || {
        result
            .with(|r| r.as_ref().err().and_then(|errs| errs.iter().find(|(f, _)| f.is_none()).map(|(_, m)| m.clone())))
    };
    let json = Signal::derive(move || result.with(|r| r.as_ref().map(|g| g.json.clone()).unwrap_or_default()));
    // Download all on the Keys screen bundles the flow made for the selected key set.
    Effect::new(move |_| {
        let made = result.with(|r| r.as_ref().ok().map(|g| g.json.clone()));
        console.flow_json.set(made.and_then(|j| console.selected.get_untracked().map(|id| (id, j))));
    });
    let arn_error =
        Signal::derive(move || if arn.get().trim().is_empty() { None } else { error_for(FlowField::LambdaArn).get() });
    let label_error =
        Signal::derive(move || if kind.get() == "custom" { error_for(FlowField::Collect).get() } else { None });
    view! {
        <section class="step" aria-labelledby="flow-gen-title">
            <h2 id="flow-gen-title">"Generate a secure-input flow"</h2>
            <p class="lead">"An importable flow that follows the three practices: logging off while the digits are collected, the input encrypted with your Key ID and certificate, and the Lambda's answer read as $.External — never copied into contact attributes. Import it in the flow designer (Save → Import) or with the commands below."</p>
            <form class="card" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <div class="stack">
                    <TextField id="flow-lambda-arn" label="Decrypt Lambda function ARN" value=arn error=arn_error
                        hint="The same function as on the Lambda code screen; add it to the Connect instance first." class="mono" />
                    <div class="field">
                        <label for="flow-collect">"What the caller enters"</label>
                        <select id="flow-collect" on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                            <option value="card_number">"Card number"</option>
                            <option value="cvv">"Card security code (CVV)"</option>
                            <option value="expiry_date">"Card expiry date (MMYY)"</option>
                            <option value="account_number">"Account number"</option>
                            <option value="custom">"Something else (name it)"</option>
                        </select>
                    </div>
                    <Show when=move || kind.get() == "custom">
                        <TextField id="flow-label" label="What it is called in the prompt" value=label error=label_error />
                    </Show>
                    <div class="grid narrow">
                        <TextField id="flow-min" label="Fewest digits" value=min_len error=error_for(FlowField::MinLength) class="w-short" />
                        <TextField id="flow-max" label="Most digits" value=max_len error=error_for(FlowField::MaxLength) class="w-short" />
                        <TextField id="flow-timeout" label="Lambda timeout (seconds, 1–8)" value=timeout error=error_for(FlowField::LambdaTimeoutSeconds) class="w-short" />
                    </div>
                    <div class="field">
                        <label for="flow-prompt">"Prompt"</label>
                        <textarea id="flow-prompt" rows="2" prop:value=move || prompt.get() on:input=move |ev| prompt.set(event_target_value(&ev))
                            aria-describedby="flow-prompt-error"></textarea>
                        <p class="error" id="flow-prompt-error" role="alert" hidden=move || error_for(FlowField::PromptText).get().is_none()>
                            {move || error_for(FlowField::PromptText).get().unwrap_or_default()}
                        </p>
                    </div>
                </div>
            </form>
            <p class="warning" id="flow-not-ready" role="status" hidden=move || general().is_none()>{move || general().unwrap_or_default()}</p>
            <Show when=move || result.with(Result::is_ok)>
                <CodeBlock id="flow-json" title="Flow (flow language 2019-10-30)" what="flow" text=json file_name=Signal::derive(move || console.files().map(|f| f.name(FileKind::Flow)).unwrap_or_default()) rows=16 />
                <div class="actions">
                    <button type="button" id="lint-generated" on:click=move |_| { lint_focus.set(true); lint_input.set(json.get_untracked()); }>"Lint this flow"</button>
                </div>
                <ul class="notes">{move || result.with(|r| r.as_ref().map(|g| g.notes.clone()).unwrap_or_default()).into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </Show>
        </section>
    }
}

/// One line for a lint report.
fn lint_summary(rep: &LintReport) -> String {
    if rep.findings.is_empty() {
        format!("No findings in {} actions: this flow follows the three practices.", rep.actions)
    } else {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        format!(
            "{}, {}, {} in {} actions.",
            n(rep.count(Severity::Error), "error", "errors"),
            n(rep.count(Severity::Warning), "warning", "warnings"),
            n(rep.count(Severity::Info), "note", "notes"),
            rep.actions
        )
    }
}

/// The `<select>` value for a block's override.
fn override_value(overrides: &Overrides, action_id: &str) -> &'static str {
    match overrides.get(action_id) {
        Some(true) => "secret",
        Some(false) => "not_secret",
        None => "auto",
    }
}

/// The overrides with one block's choice replaced. `Overrides` has no way to drop one entry, so
/// the others are copied over from the blocks the flow has (overrides for blocks it lacks do
/// nothing anyway).
fn with_choice(current: &Overrides, blocks: &[String], action_id: &str, choice: &str) -> Overrides {
    let mut next = Overrides::new();
    for id in blocks.iter().filter(|id| id.as_str() != action_id) {
        match current.get(id) {
            Some(true) => next.secret(id.clone()),
            Some(false) => next.not_secret(id.clone()),
            None => &mut next,
        };
    }
    match choice {
        "secret" => {
            next.secret(action_id);
        }
        "not_secret" => {
            next.not_secret(action_id);
        }
        _ => {}
    }
    next
}

/// One finding, with its evidence and fix.
fn finding_view(f: Finding) -> impl IntoView {
    let sev = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    view! {
        <li class=format!("finding sev-{sev}") data-rule=f.rule.id() data-action=f.action_id.clone().unwrap_or_default()>
            <p class="finding-head"><span class="badge">{sev}</span><span class="mono">{f.rule.id()}</span>
                {f.action_id.clone().map(|a| view! { " · action "<span class="mono">{a}</span> })}</p>
            <p class="finding-title">{f.rule.title()}</p>
            <p>{f.message}</p>
            {f.evidence.map(|e| view! { <p class="evidence"><strong>"Evidence: "</strong>{e}</p> })}
            <p class="fix"><strong>"Fix: "</strong>{f.fix}</p>
        </li>
    }
}

/// Lint a pasted or dropped flow.
#[component]
fn LintFlow(
    /// The flow JSON text.
    input: RwSignal<String>,
    /// Set by "Lint this flow": the report may take focus.
    focus_result: RwSignal<bool>,
) -> impl IntoView {
    let console = use_console();
    // The admin's per-block verdicts; a new flow starts without any.
    let overrides = RwSignal::new(Overrides::new());
    let report = Memo::new(move |_| -> Option<Result<LintReport, String>> {
        let text = input.get();
        if text.trim().is_empty() {
            return None;
        }
        // Every key set with a Key ID: a flow's certificate should belong to one of them.
        let key_sets = console.entries.with(|e| {
            e.iter()
                .filter_map(|x| {
                    x.set.key_id().map(|id| LoadedKeySet {
                        key_id: id.to_string(),
                        spki_der: x.set.summary().spki.as_bytes().to_vec(),
                    })
                })
                .collect()
        });
        let now = (browser::now_ms() / 1000.0) as i64;
        let ctx = LintContext { now_unix: Some(now), key_sets };
        Some(overrides.with(|o| lint_flow_with(&text, &ctx, o)).map_err(|e| e.to_string()))
    });
    // Split so that flipping a block re-renders the findings but not the controls (which keep
    // keyboard focus) nor the card (which keeps the headline in place).
    let error = Memo::new(move |_| {
        report.with(|r| match r {
            Some(Err(e)) => Some(e.clone()),
            _ => None,
        })
    });
    let linted = Memo::new(move |_| report.with(|r| matches!(r, Some(Ok(_)))));
    let blocks = Memo::new(move |_| {
        report.with(|r| match r {
            Some(Ok(rep)) => rep.inputs.iter().filter_map(|i| i.action_id.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    });
    let ok = move |f: &dyn Fn(&LintReport) -> String| {
        report.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(f).unwrap_or_default())
    };
    let on_files = Callback::new(move |files: Vec<LoadedFile>| {
        if let Some(file) = files.into_iter().next() {
            focus_result.set(true);
            input.set(String::from_utf8_lossy(&file.bytes).into_owned());
        }
    });
    // A different flow drops the previous flow's per-block choices.
    Effect::new(move |previous: Option<String>| {
        let text = input.get();
        // (Only when there are any: setting the signal re-lints, and this runs on every keystroke.)
        if previous.is_some_and(|p| p != text) && !overrides.with_untracked(Overrides::is_empty) {
            overrides.set(Overrides::new());
        }
        text
    });
    // Each new report is announced and scrolled to; focus moves to it only when it came from a
    // file or the "Lint this flow" button, not while the admin types in the box or flips a block.
    Effect::new(move |previous: Option<(String, Overrides)>| {
        let now = (input.get(), overrides.get());
        if previous.as_ref() == Some(&now) {
            return now;
        }
        let said = report.with_untracked(|r| match r {
            None => None,
            Some(Err(e)) => Some((e.clone(), "lint-error")),
            Some(Ok(rep)) => Some((format!("{} {}", rep.verdict.headline, lint_summary(rep)), "lint-result-title")),
        });
        let same_flow = previous.is_some_and(|(text, _)| text == now.0);
        match said {
            // A block flipped: the admin stays on its control; the new verdict is only announced.
            Some((said, _)) if same_flow => {
                console.announcement.set(String::new());
                console.announcement.set(said);
            }
            Some((said, id)) => console.show_result(said, id, focus_result.get_untracked()),
            None => {}
        }
        focus_result.set(false);
        now
    });
    view! {
        <section class="step" aria-labelledby="lint-title">
            <h2 id="lint-title">"Lint an existing flow"</h2>
            <p class="lead">"Paste or drop a flow exported from the designer. Every path from the start is followed, so a card number that reaches a contact attribute or a log through a branch or a loop is found too."</p>
            <DropZone input_id="lint-file" label="Or open a flow file" accept=".json,application/json" on_files=on_files>
                <label for="lint-input">"Flow JSON"</label>
                <textarea id="lint-input" rows="8" spellcheck="false" aria-describedby="lint-error lint-summary" placeholder="{\"Version\": \"2019-10-30\", \"StartAction\": …}"
                    prop:value=move || input.get() on:input=move |ev| input.set(event_target_value(&ev))></textarea>
            </DropZone>
            {move || error.get().map(|e| view! { <p class="error" id="lint-error" role="alert" tabindex="-1">{e}</p> })}
            <Show when=move || linted.get()>
                <section class="card" aria-labelledby="lint-result-title" id="lint-result"
                    data-verdict=move || report.with(|r| match r { Some(Ok(rep)) => format!("{:?}", rep.verdict.status), _ => String::new() })>
                    <h3 id="lint-result-title" tabindex="-1">{move || ok(&|rep| rep.verdict.headline.clone())}</h3>
                    <p id="lint-summary" class=move || report.with(|r| match r {
                        Some(Ok(rep)) if rep.findings.is_empty() => "ok",
                        Some(Ok(rep)) if rep.has_errors() => "error",
                        _ => "warning-text",
                    })>{move || ok(&lint_summary)}</p>
                    <ul class="plain notes">{move || report.with(|r| match r {
                        Some(Ok(rep)) => rep.notices.clone(),
                        _ => Vec::new(),
                    }).into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    <Show when=move || blocks.with(|b| !b.is_empty())>
                        <fieldset class="lint-inputs" id="lint-inputs">
                            <legend>"Stored customer input"</legend>
                            <p class="hint">"Each Store customer input block is judged secret or not from its prompt, length and where its value goes. Correct a judgement here; the flow is linted again."</p>
                            <ul class="plain">
                                {move || blocks.get().into_iter().enumerate().map(|(i, id)| {
                                    let select_id = format!("lint-sensitivity-{i}");
                                    let evidence_id = format!("lint-sensitivity-{i}-evidence");
                                    let for_value = id.clone();
                                    let for_change = id.clone();
                                    let for_evidence = id.clone();
                                    let for_selected = id.clone();
                                    view! {
                                        <li class="field lint-input" data-action=id.clone()>
                                            <label for=select_id.clone()>"Treat block "<span class="mono">{id.clone()}</span>" as"</label>
                                            <select id=select_id aria-describedby=evidence_id.clone()
                                                prop:value=move || overrides.with(|o| override_value(o, &for_value))
                                                on:change=move |ev| {
                                                    let choice = event_target_value(&ev);
                                                    let next = blocks.with_untracked(|b| overrides.with_untracked(|o| with_choice(o, b, &for_change, &choice)));
                                                    overrides.set(next);
                                                }>
                                                <option value="auto" prop:selected={let id = for_selected.clone(); move || overrides.with(|o| override_value(o, &id) == "auto")}>"decide from the flow"</option>
                                                <option value="secret" prop:selected={let id = for_selected.clone(); move || overrides.with(|o| override_value(o, &id) == "secret")}>"secret"</option>
                                                <option value="not_secret" prop:selected={let id = for_selected.clone(); move || overrides.with(|o| override_value(o, &id) == "not_secret")}>"not secret"</option>
                                            </select>
                                            <p class="hint evidence" id=evidence_id>{move || report.with(|r| match r {
                                                Some(Ok(rep)) => rep.input(&for_evidence).map(|s| s.summary()).unwrap_or_default(),
                                                _ => String::new(),
                                            })}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </fieldset>
                    </Show>
                    <h4 id="lint-security-title">"Security"</h4>
                    <ol class="findings" id="lint-findings" aria-labelledby="lint-security-title">
                        {move || report.with(|r| match r {
                            Some(Ok(rep)) => rep.in_group(RuleGroup::Security).cloned().collect::<Vec<_>>(),
                            _ => Vec::new(),
                        }).into_iter().map(finding_view).collect_view()}
                    </ol>
                    <details class="quality" id="lint-quality">
                        <summary>"Quality findings: "{move || report.with(|r| match r {
                            Some(Ok(rep)) => rep.in_group(RuleGroup::Quality).count(),
                            _ => 0,
                        })}</summary>
                        <ol class="findings" id="lint-quality-findings">
                            {move || report.with(|r| match r {
                                Some(Ok(rep)) => rep.in_group(RuleGroup::Quality).cloned().collect::<Vec<_>>(),
                                _ => Vec::new(),
                            }).into_iter().map(finding_view).collect_view()}
                        </ol>
                    </details>
                </section>
            </Show>
        </section>
    }
}

/// The AWS CLI sequence for the whole set-up.
#[component]
fn SetupCommands() -> impl IntoView {
    let console = use_console();
    let instance = RwSignal::new(String::new());
    let parameter = RwSignal::new(DEFAULT_PARAMETER.to_owned());
    // The selected key set's parameter follows its role: during a rotation the next key gets a
    // name of its own, so storing it never meets (or overwrites) the live key's parameter.
    // A memo, so a name the admin typed is replaced only when the rule's answer changes.
    let default_parameter = Memo::new(move |_| {
        let id = console.selected.get()?;
        let role = console.role(id);
        let base = SsmParameterName::parse(DEFAULT_PARAMETER).ok()?;
        console.files().map(|files| parameter_for(&base, role, &files).as_str().to_owned())
    });
    Effect::new(move |_| {
        if let Some(name) = default_parameter.get() {
            parameter.set(name);
        }
    });
    let flow_name = RwSignal::new("Secure card capture".to_owned());
    let instance_error = Signal::derive(move || {
        let t = instance.get();
        if t.trim().is_empty() {
            None
        } else {
            ConnectInstanceId::parse(&t).err().map(|e| e.to_string())
        }
    });
    let parameter_error =
        Signal::derive(move || SsmParameterName::parse(&parameter.get()).err().map(|e| e.to_string()));
    let flow_name_error = Signal::derive(move || {
        flow_name.get().trim().is_empty().then(|| "Enter the name the flow gets in Connect.".to_owned())
    });
    let commands = Memo::new(move |_| {
        if flow_name.get().trim().is_empty() {
            return None;
        }
        let id = ConnectInstanceId::parse(&instance.get()).ok()?;
        let param = SsmParameterName::parse(&parameter.get()).ok()?;
        let mut spec = SetupSpec::new(id, param, flow_name.get().trim());
        if let Some(files) = console.files() {
            spec = spec.with_files(&files);
        }
        spec.lambda_arn = LambdaArn::parse(&console.lambda_arn.get()).ok();
        Some(setup_commands(&spec))
    });
    let script = Signal::derive(move || {
        commands.with(|c| {
            c.as_ref()
                .map(|cmds| {
                    cmds.iter()
                        .map(|c| {
                            let marker = if c.handles_private_key { "# ⚠ Handles the PRIVATE KEY: run on your own trusted machine, never in a shared shell.\n" } else { "" };
                            let notes: String = c.notes.iter().map(|n| format!("# {n}\n")).collect();
                            format!("# {}\n{marker}{notes}{}\n", c.title, c.command)
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section class="step" aria-labelledby="setup-title">
            <h2 id="setup-title">"Set it up from the command line"</h2>
            <p class="lead">"The same set-up as clicking through the console, as AWS CLI commands with your values filled in. They run on your machine, not in this browser; the ones marked ⚠ read the private key file."</p>
            <form class="card" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <div class="grid">
                    <TextField id="setup-instance" label="Connect instance ID or ARN" value=instance error=instance_error class="mono" />
                    <TextField id="setup-parameter" label="Parameter Store name" value=parameter error=parameter_error class="mono" />
                    <TextField id="setup-flow-name" label="Flow name" value=flow_name error=flow_name_error />
                </div>
            </form>
            <Show when=move || commands.with(Option::is_some) fallback=|| view! { <p class="hint" id="setup-not-ready">"Enter the instance ID to see the commands."</p> }>
                <p class="hint">{move || commands.with(|c| c.as_ref().and_then(|c| c.first()).map(|c| c.runs_on.clone()).unwrap_or_default())}</p>
                <CodeBlock id="setup-commands" title="Set-up commands (bash)" what="set-up commands" text=script file_name=Signal::derive(move || console.files().map(|f| f.name(FileKind::SetupScript)).unwrap_or_default()) rows=16 />
                <ol class="commands" id="setup-command-list">
                    {move || commands.get().unwrap_or_default().into_iter().map(|c| view! {
                        <li data-private-key=c.handles_private_key.to_string()>
                            <strong>{c.title}</strong>
                            {c.handles_private_key.then(|| view! { <span class="badge caution">"handles the private key"</span> })}
                        </li>
                    }).collect_view()}
                </ol>
            </Show>
        </section>
    }
}

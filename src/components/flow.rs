//! Secure flows: generate a ready-to-import flow, lint existing ones, and the CLI set-up sequence.

use super::answer::latest_answer;
use super::code_block::CodeBlock;
use super::drop_zone::{DropZone, LoadedFile};
use super::text_field::TextField;
use crate::browser;
use crate::state::use_console;
use crate::worker::client;
use flowkeys_connect::commands::render_script;
use flowkeys_connect::flow::source::{FlowResult, SourceReport, NOT_LINTED};
use flowkeys_connect::flow::{FieldProblem, FlowField, FlowForm};
use flowkeys_connect::{
    parameter_for, setup_commands, AwsRegion, CollectKind, ConnectInstanceId, FileKind, Finding, GeneratedFlow,
    KmsKeyArn, LambdaArn, LintContext, LintReport, LoadedKeySet, Overrides, RuleGroup, SetupSpec, Severity,
    SsmParameterName,
};
use flowkeys_protocol::LintSource;
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
        let k = CollectKind::from_choice(&kind.get(), &label.get());
        let (lo, hi) = k.default_lengths();
        min_len.set(lo.to_string());
        max_len.set(hi.to_string());
        prompt.set(k.default_prompt());
    });

    // The form is read and the flow made by the long-lived worker; only what the console holds
    // (a key set with its Key ID) is checked here.
    let form = Memo::new(move |_| -> Result<FlowForm, String> {
        let (key_id, certificate_pem) = console.key_set.with(|k| {
            let set = k.as_ref().ok_or("Generate or import a key set first: the flow needs its certificate.")?;
            let key_id = set.key_id().ok_or("Enter the Key ID on the Keys screen: the flow's encryption names it.")?;
            let cert = set.certificate_pem().map_err(|_| "The certificate could not be encoded.")?;
            Ok::<_, &str>((key_id.clone(), cert.as_str().to_owned()))
        })?;
        Ok(FlowForm {
            key_id,
            certificate_pem,
            lambda_arn: arn.get(),
            collect: kind.get(),
            label: label.get(),
            min_length: min_len.get(),
            max_length: max_len.get(),
            lambda_timeout_seconds: timeout.get(),
            prompt_text: prompt.get(),
        })
    });
    let answer = latest_answer(form, client::flow);
    // Waiting for the first answer counts as "not made yet" (no flow, no message).
    let result = Memo::new(move |_| -> Result<GeneratedFlow, Vec<FieldProblem>> {
        answer.with(|a| match a {
            None => Err(Vec::new()),
            Some(Err(general)) => Err(vec![FieldProblem { field: None, message: general.clone() }]),
            Some(Ok(made)) => made.clone(),
        })
    });
    let error_for = move |field: FlowField| {
        Signal::derive(move || {
            result.with(|r| {
                r.as_ref()
                    .err()
                    .and_then(|errs| errs.iter().find(|p| p.field == Some(field)).map(|p| p.message.clone()))
            })
        })
    };
    let general = move || {
        result.with(|r| {
            r.as_ref().err().and_then(|errs| errs.iter().find(|p| p.field.is_none()).map(|p| p.message.clone()))
        })
    };
    let json = Signal::derive(move || result.with(|r| r.as_ref().map(|g| g.json.clone()).unwrap_or_default()));
    // Download all on the Keys screen bundles the flow made for the selected key set.
    Effect::new(move |_| {
        let made = result.with(|r| r.as_ref().ok().map(|g| g.json.clone()));
        console.offer_files(&[FileKind::Flow], made.map(|json| vec![(FileKind::Flow, json)]).unwrap_or_default());
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

/// What the lint memo holds: the source's report, or why the text could not be read.
type Linted = Option<Result<SourceReport, String>>;

/// Reads the source report, or `R::default()` when there is none.
fn with_source<R: Default>(report: Memo<Linted>, f: impl FnOnce(&SourceReport) -> R) -> R {
    report.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(f).unwrap_or_default())
}

/// Reads the `i`-th flow's result.
fn with_flow<R: Default>(report: Memo<Linted>, i: usize, f: impl FnOnce(&FlowResult) -> R) -> R {
    with_source(report, |s| s.flows.get(i).map(f).unwrap_or_default())
}

/// Reads the `i`-th flow's lint report, when it could be linted.
fn with_report<R: Default>(report: Memo<Linted>, i: usize, f: impl FnOnce(&LintReport) -> R) -> R {
    with_flow(report, i, |flow| flow.report.as_ref().map(f).unwrap_or_default())
}

/// What stays the same while the admin flips blocks: the flows and their Store customer input
/// blocks. Rebuilding the controls only when this changes keeps keyboard focus on them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FlowShape {
    name: String,
    blocks: Vec<String>,
}

/// Lint a pasted or dropped flow, CloudFormation template or Terraform file.
#[component]
fn LintFlow(
    /// The pasted or loaded text.
    input: RwSignal<String>,
    /// Set by "Lint this flow": the report may take focus.
    focus_result: RwSignal<bool>,
) -> impl IntoView {
    let console = use_console();
    // The source's name: a dropped file's name (its extension tells a broken template from a
    // file that merely mentions one), or a generic one for typed text.
    let name = RwSignal::new(PASTED.to_owned());
    // The admin's per-block verdicts; a new flow starts without any.
    let overrides = RwSignal::new(Overrides::new());
    // The worker's latest answer; the memo lets only a changed answer re-render.
    let answer = RwSignal::new(Linted::None);
    let report = Memo::new(move |_| answer.get());
    // What the last shown answer was for: tells a flipped block from a new flow.
    let shown = StoredValue::new(None::<(String, Overrides)>);
    // Numbers the requests, so that only the answer to the latest one is shown (the admin may
    // type faster than the worker answers).
    let asked = StoredValue::new(0u64);
    // Each new report is announced and scrolled to; focus moves to it only when it came from a
    // file or the "Lint this flow" button, not while the admin types in the box or flips a block.
    let show = move |now: (String, Overrides), linted: Linted| {
        let said = match &linted {
            None => None,
            Some(Err(e)) => Some((e.clone(), "lint-error")),
            Some(Ok(source)) => Some((source.announcement(), "lint-result-title")),
        };
        answer.set(linted);
        let same_flow = shown.with_value(|p| p.as_ref().is_some_and(|(text, _)| *text == now.0));
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
        shown.set_value(Some(now));
    };
    Effect::new(move |_| {
        let text = input.get();
        let now = (text.clone(), overrides.get());
        let serial = asked.get_value().wrapping_add(1);
        asked.set_value(serial);
        if text.trim().is_empty() {
            return show(now, None);
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
        let now_unix = flowkeys_core::UnixTime::from_js_millis(browser::now_ms());
        // The CLI's reader, in the worker: content decides whether this is a flow, a template
        // or Terraform.
        let request = LintSource {
            name: name.get(),
            text,
            overrides: now.1.clone(),
            context: LintContext { now_unix: Some(now_unix), key_sets },
        };
        client::lint(request, move |reply| {
            if asked.get_value() == serial {
                show(now, Some(reply.map_err(|e| e.to_string())));
            }
        });
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
    let single = Memo::new(move |_| with_source(report, SourceReport::is_single_flow));
    let shape = Memo::new(move |_| {
        with_source(report, |s| {
            s.flows
                .iter()
                .map(|f| FlowShape {
                    name: f.name.clone(),
                    blocks: f.report.iter().flat_map(|r| r.inputs.iter().filter_map(|i| i.action_id.clone())).collect(),
                })
                .collect::<Vec<_>>()
        })
    });
    let on_files = Callback::new(move |files: Vec<LoadedFile>| {
        if let Some(file) = files.into_iter().next() {
            focus_result.set(true);
            name.set(file.name);
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
    let all_blocks = move || shape.with_untracked(|s| s.iter().flat_map(|f| f.blocks.clone()).collect::<Vec<_>>());
    view! {
        <section class="step" aria-labelledby="lint-title">
            <h2 id="lint-title">"Lint an existing flow"</h2>
            <p class="lead">"Paste or drop a flow exported from the designer, the output of aws connect describe-contact-flow, a CloudFormation template (JSON or YAML) or a Terraform file (.tf or .tf.json): what it is is read from its content, and every flow in it is linted under its name. Every path from the start is followed, so a card number that reaches a contact attribute or a log through a branch or a loop is found too."</p>
            <DropZone input_id="lint-file" label="Or open a flow, template or Terraform file" accept=".json,.yaml,.yml,.template,.tf,application/json" on_files=on_files>
                <label for="lint-input">"Flow, CloudFormation template or Terraform"</label>
                <textarea id="lint-input" rows="8" spellcheck="false" aria-describedby="lint-error lint-summary" placeholder="{\"Version\": \"2019-10-30\", \"StartAction\": …}"
                    prop:value=move || input.get() on:input=move |ev| { name.set(PASTED.to_owned()); input.set(event_target_value(&ev)); }></textarea>
            </DropZone>
            {move || error.get().map(|e| view! { <p class="error" id="lint-error" role="alert" tabindex="-1">{e}</p> })}
            <Show when=move || linted.get()>
                <section class="card" aria-labelledby="lint-result-title" id="lint-result"
                    data-kind=move || with_source(report, |s| s.kind.name().to_owned())
                    data-verdict=move || with_source(report, |s| s.status_name().to_owned())>
                    <h3 id="lint-result-title" tabindex="-1">{move || with_source(report, SourceReport::headline)}</h3>
                    <p id="lint-summary" class=move || with_source(report, |s| summary_class(s).to_owned())>{move || with_source(report, SourceReport::summary)}</p>
                    {move || shape.get().into_iter().enumerate().map(|(i, flow)| {
                        flow_card(i, flow, report, overrides, single, all_blocks)
                    }).collect_view()}
                </section>
            </Show>
        </section>
    }
}

/// The name typed or pasted text is linted under.
const PASTED: &str = "pasted text";

/// The class of the count line: how serious the worst finding is.
fn summary_class(source: &SourceReport) -> &'static str {
    let worst = source.flows.iter().filter_map(|f| f.report.as_ref()).filter_map(LintReport::worst).min();
    match worst {
        None if source.flows.iter().all(|f| f.report.is_some()) => "ok",
        Some(Severity::Error) => "error",
        _ => "warning-text",
    }
}

/// One flow of the source: for a template its logical ID or address and verdict, then its
/// stored inputs with their switches, its security findings (or the verdict sentence when there
/// are none) and its quality findings, collapsed.
fn flow_card(
    i: usize,
    flow: FlowShape,
    report: Memo<Linted>,
    overrides: RwSignal<Overrides>,
    single: Memo<bool>,
    all_blocks: impl Fn() -> Vec<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let title_id = format!("lint-flow-{i}-title");
    let has_security = Memo::new(move |_| with_report(report, i, |r| r.in_group(RuleGroup::Security).next().is_some()));
    let linted = Memo::new(move |_| with_flow(report, i, |f| f.report.is_some()));
    let FlowShape { name, blocks } = flow;
    let heading = name.clone();
    view! {
        <article class="lint-flow" id=format!("lint-flow-{i}") data-flow=name
            data-verdict=move || with_flow(report, i, |f| f.report.as_ref().map_or(NOT_LINTED, |r| r.verdict.status.name()).to_owned())>
            <Show when=move || !single.get()>
                <h4 id=title_id.clone() class="mono">{heading.clone()}</h4>
                <p class="verdict-headline" id=format!("lint-flow-{i}-verdict")>{move || with_report(report, i, |r| r.verdict.headline.clone())}</p>
                <p class="hint" id=format!("lint-flow-{i}-summary")>{move || with_report(report, i, LintReport::summary)}</p>
            </Show>
            {move || with_flow(report, i, |f| f.error.clone()).map(|e| view! {
                <p class=if with_flow(report, i, |f| f.unresolved) { "warning" } else { "error" } id=format!("lint-flow-{i}-error")>{format!("Not linted: {e}")}</p>
            })}
            <ul class="plain notes">{move || with_report(report, i, |r| r.notices.clone()).into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            {(!blocks.is_empty()).then(|| view! {
                <fieldset class="lint-inputs" id=format!("lint-inputs-{i}")>
                    <legend>"Stored customer input"</legend>
                    <p class="hint">"Each Store customer input block is judged secret or not from its prompt, length and where its value goes. Correct a judgement here; the flow is linted again."</p>
                    <ul class="plain">
                        {blocks.into_iter().enumerate().map(|(j, id)| block_choice(i, j, id, report, overrides, all_blocks)).collect_view()}
                    </ul>
                </fieldset>
            })}
            <Show when=move || linted.get()>
                <Show when=move || has_security.get()
                    fallback=move || view! { <p class="ok" id=format!("lint-security-none-{i}")>{move || with_report(report, i, |r| r.security_note()).unwrap_or_default()}</p> }>
                    <h4 id=format!("lint-security-{i}-title")>"Security"</h4>
                    <ol class="findings" id=format!("lint-findings-{i}") aria-labelledby=format!("lint-security-{i}-title")>
                        {move || with_report(report, i, |r| r.in_group(RuleGroup::Security).cloned().collect::<Vec<_>>()).into_iter().map(finding_view).collect_view()}
                    </ol>
                </Show>
                <details class="quality" id=format!("lint-quality-{i}")>
                    <summary>"Quality findings: "{move || with_report(report, i, |r| r.in_group(RuleGroup::Quality).count())}</summary>
                    <ol class="findings" id=format!("lint-quality-findings-{i}")>
                        {move || with_report(report, i, |r| r.in_group(RuleGroup::Quality).cloned().collect::<Vec<_>>()).into_iter().map(finding_view).collect_view()}
                    </ol>
                </details>
            </Show>
        </article>
    }
}

/// The "secret / not secret" switch of one Store customer input block.
fn block_choice(
    i: usize,
    j: usize,
    id: String,
    report: Memo<Linted>,
    overrides: RwSignal<Overrides>,
    all_blocks: impl Fn() -> Vec<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let select_id = format!("lint-sensitivity-{i}-{j}");
    let evidence_id = format!("{select_id}-evidence");
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
                    let next = overrides.with_untracked(|o| with_choice(o, &all_blocks(), &for_change, &choice));
                    overrides.set(next);
                }>
                <option value="auto" prop:selected={let id = for_selected.clone(); move || overrides.with(|o| override_value(o, &id) == "auto")}>"decide from the flow"</option>
                <option value="secret" prop:selected={let id = for_selected.clone(); move || overrides.with(|o| override_value(o, &id) == "secret")}>"secret"</option>
                <option value="not_secret" prop:selected={let id = for_selected.clone(); move || overrides.with(|o| override_value(o, &id) == "not_secret")}>"not secret"</option>
            </select>
            <p class="hint evidence" id=evidence_id>{move || with_report(report, i, |r| r.input(&for_evidence).map(|s| s.summary()).unwrap_or_default())}</p>
        </li>
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
    let region = console.region;
    let region_error = Signal::derive(move || match AwsRegion::parse(&region.get()) {
        Ok(_) => None,
        Err(_) if region.get().trim().is_empty() => None,
        Err(e) => Some(e.to_string()),
    });
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
        spec.kms_key = KmsKeyArn::parse(&console.kms_key.get()).ok();
        // The Region typed, else the one the function's or the KMS key's ARN names.
        let known = spec
            .lambda_arn
            .as_ref()
            .map(|a| a.region().to_owned())
            .or_else(|| spec.kms_key.as_ref().map(|k| k.scope().1.to_owned()));
        spec.region = Some(AwsRegion::parse(&region.get()).ok().or_else(|| AwsRegion::parse(&known?).ok())?);
        spec.key_bits = console.key_set.with(|k| k.as_ref().and_then(|s| u32::try_from(s.summary().key_bits).ok()));
        Some(setup_commands(&spec))
    });
    let script = Signal::derive(move || commands.with(|c| c.as_deref().map(render_script).unwrap_or_default()));
    view! {
        <section class="step" aria-labelledby="setup-title">
            <h2 id="setup-title">"Set it up from the command line"</h2>
            <p class="lead">"The same set-up as clicking through the console, as AWS CLI commands with your values filled in. They run on your machine, not in this browser; the ones marked ⚠ read the private key file."</p>
            <form class="card" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <div class="grid">
                    <TextField id="setup-instance" label="Connect instance ID or ARN" value=instance error=instance_error class="mono" />
                    <TextField id="setup-region" label="AWS Region of the instance" value=region error=region_error class="mono" />
                    <TextField id="setup-parameter" label="Parameter Store name" value=parameter error=parameter_error class="mono" />
                    <TextField id="setup-flow-name" label="Flow name" value=flow_name error=flow_name_error />
                </div>
            </form>
            <Show when=move || commands.with(Option::is_some) fallback=|| view! { <p class="hint" id="setup-not-ready">"Enter the instance ID and its Region to see the commands."</p> }>
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

//! The step rail: the whole set-up as one ordered list, always in view, ticked off from what the
//! console knows about the selected key set ([`flowkeys_connect::journey::Journey`]). Each step
//! opens its screen; the tabs stay for jumping anywhere.

use super::nav::Screen;
use crate::state::use_console;
use flowkeys_connect::journey::{Journey, StepId, StepState};
use leptos::prelude::*;

/// The screen where a step is done.
fn screen_of(step: StepId) -> Screen {
    match step {
        StepId::KeySet | StepId::SaveKey | StepId::Register => Screen::Keys,
        StepId::Preview => Screen::Preview,
        StepId::Lambda => Screen::Lambda,
        StepId::Flow => Screen::Flow,
        StepId::Verify => Screen::Inspect,
        StepId::RetireOld => Screen::Rotation,
    }
}

/// Element id of a step's button.
fn step_id(step: StepId) -> &'static str {
    match step {
        StepId::KeySet => "rail-key-set",
        StepId::SaveKey => "rail-save-key",
        StepId::Register => "rail-register",
        StepId::Preview => "rail-preview",
        StepId::Lambda => "rail-lambda",
        StepId::Flow => "rail-flow",
        StepId::Verify => "rail-verify",
        StepId::RetireOld => "rail-retire-old",
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(Ok(html)) = element.map(|e| e.dyn_into::<web_sys::HtmlElement>()) {
        let _ = html.focus();
    }
}

/// The rail.
#[component]
pub fn StepRail(
    /// The current screen (a step's button switches it).
    current: RwSignal<Screen>,
) -> impl IntoView {
    let console = use_console();
    let journey = Memo::new(move |_| Journey::of(&console.facts()));
    let open = move |screen: Screen| {
        current.set(screen);
        crate::browser::reveal(screen.id(), true);
    };
    view! {
        <nav class="rail" aria-labelledby="rail-title" id="rail">
            <h2 id="rail-title" class="rail-title">
                {move || journey.with(|j| format!("{}: {} of {} steps done", if j.rotation { "Rotation set-up" } else { "Set-up" }, j.done(), j.steps.len()))}
            </h2>
            <ol class="rail-steps">
                {move || journey.with(|j| {
                    let ids: Vec<&'static str> = j.steps.iter().map(|s| step_id(s.id)).collect();
                    // Roving focus: the rail is one tab stop (the step to do now); arrow keys move along it.
                    let stop = j.next().map_or(ids.len().saturating_sub(1), |n| j.steps.iter().position(|s| s.id == n.id).unwrap_or(0));
                    j.steps.iter().enumerate().map(|(i, s)| {
                    let ids = ids.clone();
                    let keydown = move |ev: leptos::ev::KeyboardEvent| {
                        let to = match ev.key().as_str() {
                            "ArrowRight" | "ArrowDown" => Some((i + 1).min(ids.len().saturating_sub(1))),
                            "ArrowLeft" | "ArrowUp" => Some(i.saturating_sub(1)),
                            "Home" => Some(0),
                            "End" => Some(ids.len().saturating_sub(1)),
                            _ => None,
                        };
                        if let Some(target) = to.and_then(|t| ids.get(t)) {
                            ev.prevent_default();
                            focus(target);
                        }
                    };
                    let screen = screen_of(s.id);
                    let state = s.state;
                    let class = match state {
                        StepState::Done => "rail-step done",
                        StepState::Next => "rail-step next",
                        StepState::Todo => "rail-step todo",
                    };
                    view! {
                        <li class=class data-step=step_id(s.id) data-state=state.label()>
                            <button type="button" id=step_id(s.id) class="rail-button"
                                aria-current=(state == StepState::Next).then_some("step")
                                tabindex=if i == stop { "0" } else { "-1" }
                                on:keydown=keydown
                                on:click=move |_| open(screen)>
                                <span class="rail-mark" aria-hidden="true">{match state { StepState::Done => "✓".to_owned(), _ => (i + 1).to_string() }}</span>
                                <span class="rail-name">{s.title}</span>
                                <span class="rail-state">{format!("({})", state.label())}</span>
                            </button>
                        </li>
                    }
                }).collect_view()})}
            </ol>
            <p class="rail-next" id="rail-next" aria-live="polite">
                {move || journey.with(|j| match j.next() {
                    Some(s) => match s.connect_page {
                        Some(page) => format!("Next: {} Where: {page}.", s.todo),
                        None => format!("Next: {}", s.todo),
                    },
                    None => "Every step is done for this key set. Place a test call to finish.".to_owned(),
                })}
            </p>
        </nav>
    }
}

/// "Using: <nickname> (current|next)": which key set a screen works on.
#[component]
pub fn UsingSet(
    /// Element id.
    id: &'static str,
) -> impl IntoView {
    let console = use_console();
    view! {
        <p class="using" id=id>
            {move || match console.using() {
                Some((name, role)) => format!("Using: {name} ({})", match role {
                    flowkeys_connect::KeyRole::Current => "current",
                    flowkeys_connect::KeyRole::Next => "next",
                }),
                None => "Using: no key set yet (generate or import one on the Keys screen).".to_owned(),
            }}
        </p>
    }
}

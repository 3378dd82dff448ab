//! The page layout.

use crate::components::flow::FlowPanel;
use crate::components::generate::GenerateForm;
use crate::components::import::ImportPanel;
use crate::components::inspect::InspectPanel;
use crate::components::key_sets::KeySetList;
use crate::components::lambda::LambdaPanel;
use crate::components::nav::{Panel, Screen, TabBar};
use crate::components::outputs::KeySetOutputs;
use crate::components::preview::PreviewPanel;
use crate::components::rail::{StepRail, UsingSet};
use crate::components::rotation::RotationPanel;
use crate::state::{Console, UNDO_SECONDS};
use leptos::prelude::*;

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let console = Console::new();
    provide_context(console);
    let screen = RwSignal::new(Screen::Keys);
    let has_keys = move || console.key_set.with(Option::is_some);
    // Closing or reloading the tab while a generated private key exists only here would lose it:
    // the browser asks first (it shows its own wording; the returned text is not displayed).
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev: web_sys::BeforeUnloadEvent| {
        if console.has_unsaved_key() {
            ev.prevent_default();
            ev.set_return_value("A private key made in this tab has not been downloaded or copied.");
        }
    });
    on_cleanup(move || unload.remove());
    // After the first screen is drawn (not before: it does not need them), the worker modules
    // of that screen's two actions, Generate and Import, are loaded and a worker of each
    // started, so the first click does not wait. The others load when first asked for.
    set_timeout(
        || {
            use flowkeys_protocol::Module;
            crate::worker::client::prepare_spare(Module::Keys);
            crate::worker::client::prepare_spare(Module::Files);
        },
        std::time::Duration::ZERO,
    );
    // The skip link moves focus itself (no `#main` in the address bar, and focus lands even where a
    // fragment link would only scroll).
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        crate::browser::reveal("main", true);
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>"Skip to main content"</a>
        <header class="top">
            <div class="wrap">
                <h1>"Flowkeys"</h1>
                <p class="tagline">"Flow security keys for Amazon Connect's encrypted Store customer input"</p>
                <p class="privacy">"Runs entirely in this browser. Nothing you generate or paste is sent anywhere or stored."</p>
            </div>
        </header>
        <div class="wrap">
            <StepRail current=screen />
            <TabBar current=screen />
        </div>
        <main class="wrap" id="main" tabindex="-1">
            <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">{move || console.announcement.get()}</div>
            {move || console.undo.with(|u| u.as_ref().map(|u| u.what.clone())).map(|what| view! {
                <div class="card undo-bar" id="undo-bar" role="status">
                    <span>{format!("{what}. The private keys are kept for {UNDO_SECONDS} seconds in case you need them back.")}</span>
                    <div class="actions">
                        <button type="button" id="undo" class="primary" on:click=move |_| console.undo()>"Undo"</button>
                        <button type="button" id="undo-forget" on:click=move |_| console.forget_undo()>"Wipe now"</button>
                    </div>
                </div>
            })}
            {move || console.confirm.get().map(|c| view! {
                <div class="card confirm" id="confirm" role="group" aria-labelledby="confirm-title" aria-describedby="confirm-reason">
                    <h2 id="confirm-title" tabindex="-1">{c.question}</h2>
                    <p class="warning" id="confirm-reason">{c.reason}</p>
                    <div class="actions">
                        <button type="button" id="confirm-yes" class="danger" on:click=move |_| console.confirm_pending()>"Yes, take it away"</button>
                        <button type="button" id="confirm-no" class="primary" on:click=move |_| console.cancel_pending()>"Keep it"</button>
                    </div>
                </div>
            })}
            <Panel screen=Screen::Keys current=screen>
                <KeySetList />
                <GenerateForm />
                <ImportPanel />
                <Show when=has_keys>
                    <KeySetOutputs />
                </Show>
            </Panel>
            <Panel screen=Screen::Preview current=screen>
                <UsingSet id="using-preview" />
                <PreviewPanel />
            </Panel>
            <Panel screen=Screen::Inspect current=screen>
                <UsingSet id="using-inspect" />
                <InspectPanel />
            </Panel>
            <Panel screen=Screen::Lambda current=screen>
                <UsingSet id="using-lambda" />
                <LambdaPanel />
            </Panel>
            <Panel screen=Screen::Flow current=screen>
                <UsingSet id="using-flow" />
                <FlowPanel />
            </Panel>
            <Panel screen=Screen::Rotation current=screen>
                <UsingSet id="using-rotation" />
                <RotationPanel />
            </Panel>
            <section class="step clear" aria-labelledby="clear-title">
                <h2 id="clear-title" class="visually-hidden">"Clear"</h2>
                <button type="button" class="danger" id="clear-all" on:click=move |_| console.request_clear()>
                    "Clear everything"
                </button>
                <p class="hint">"Drops every key set and resets the page. You can undo it for 30 seconds; then the private keys are wiped from memory."</p>
            </section>
        </main>
    }
}

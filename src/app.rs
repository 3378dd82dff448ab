//! The page layout.

use crate::components::generate::GenerateForm;
use crate::components::outputs::KeySetOutputs;
use crate::state::Console;
use leptos::prelude::*;

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    let console = Console::new();
    provide_context(console);
    let has_keys = move || console.key_set.with(Option::is_some);
    view! {
        <header class="top">
            <div class="wrap">
                <h1>"Flowkeys"</h1>
                <p class="tagline">"Flow security keys for Amazon Connect's encrypted Store customer input"</p>
                <p class="privacy">"Runs entirely in this browser. Nothing you generate or paste is sent anywhere or stored."</p>
            </div>
        </header>
        <main class="wrap">
            <GenerateForm />
            <Show when=has_keys>
                <KeySetOutputs />
            </Show>
            <section class="step clear" aria-labelledby="clear-title">
                <h2 id="clear-title" class="visually-hidden">"Clear"</h2>
                <button type="button" class="danger" id="clear-all" on:click=move |_| console.clear()>
                    "Clear everything"
                </button>
                <p class="hint">"Drops the key set from memory (the private key is wiped) and resets the page."</p>
            </section>
        </main>
    }
}

//! A labelled, read-only block of generated code with Copy and Download.

use super::artefact::CopyDownload;
use crate::state::use_console;
use leptos::prelude::*;

/// Generated text an admin copies somewhere else.
#[component]
pub fn CodeBlock(
    /// Element id.
    id: &'static str,
    /// Visible heading (also the textarea's label).
    title: &'static str,
    /// What the buttons say.
    what: &'static str,
    /// The text.
    #[prop(into)]
    text: Signal<String>,
    /// Download file name.
    #[prop(into)]
    file_name: Signal<String>,
    /// Rows to show.
    #[prop(default = 14)]
    rows: u32,
) -> impl IntoView {
    let area = format!("{id}-text");
    // Taking the Lambda code or the flow is a step of the set-up (the step rail ticks it off).
    let console = use_console();
    let taken = Callback::new(move |()| console.record_taken(id));
    view! {
        <section class="card code" id=id>
            <label class="code-title" for=area.clone()>{title}</label>
            <textarea id=area readonly=true rows=rows.to_string() spellcheck="false" wrap="off" prop:value=move || text.get()></textarea>
            <CopyDownload what=what text=text file_name=file_name on_copied=taken on_downloaded=taken />
        </section>
    }
}

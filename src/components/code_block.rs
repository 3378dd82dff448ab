//! A labelled, read-only block of generated code with Copy and Download.

use super::artefact::CopyDownload;
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
    view! {
        <section class="card code" id=id>
            <label class="code-title" for=area.clone()>{title}</label>
            <textarea id=area readonly=true rows=rows.to_string() spellcheck="false" wrap="off" prop:value=move || text.get()></textarea>
            <CopyDownload what=what text=text file_name=file_name />
        </section>
    }
}

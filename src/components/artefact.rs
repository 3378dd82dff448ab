//! One output (a PEM) with where it goes, Copy and Download.

use crate::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Copy and Download buttons with a status line, for any text artefact.
#[component]
pub fn CopyDownload(
    /// What the buttons act on, e.g. "public key" → "Copy public key".
    what: &'static str,
    /// The text.
    #[prop(into)]
    text: Signal<String>,
    /// The download file name.
    #[prop(into)]
    file_name: Signal<String>,
    /// Called after a successful copy (the private key card tracks it to clear the clipboard).
    #[prop(optional)]
    on_copied: Option<Callback<()>>,
    /// Called after a download was started (the private key card marks the key saved).
    #[prop(optional)]
    on_downloaded: Option<Callback<()>>,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let copy = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            match browser::copy_text(&value).await {
                Ok(()) => {
                    status.set(format!("Copied the {what} to the clipboard."));
                    if let Some(cb) = on_copied {
                        cb.run(());
                    }
                }
                Err(e) => status.set(e),
            }
        });
    };
    let download = move |_| {
        let name = file_name.get_untracked();
        match browser::download_text(&name, &text.get_untracked(), "application/x-pem-file") {
            Ok(()) => {
                status.set(format!("Downloaded {name}."));
                if let Some(cb) = on_downloaded {
                    cb.run(());
                }
            }
            Err(e) => status.set(e),
        }
    };
    view! {
        <div class="actions">
            <button type="button" on:click=copy>{format!("Copy {what}")}</button>
            <button type="button" on:click=download>{format!("Download {what}")}</button>
            <span class="status" role="status">{move || status.get()}</span>
        </div>
    }
}

/// A read-only PEM with its label, destination, and Copy/Download.
#[component]
pub fn ArtefactCard(
    /// Element id prefix.
    id: &'static str,
    /// Heading, e.g. "Public key".
    title: &'static str,
    /// Where it goes, in the admin's words.
    destination: &'static str,
    /// What the buttons say, e.g. "public key".
    what: &'static str,
    /// The PEM text.
    #[prop(into)]
    text: Signal<String>,
    /// The download file name.
    #[prop(into)]
    file_name: Signal<String>,
    /// Extra content under the text (a length meter, a summary…).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let area_id = format!("{id}-pem");
    view! {
        <section class="card artefact" id=id aria-labelledby=format!("{id}-title")>
            <h3 id=format!("{id}-title")>{title}</h3>
            <p class="destination">{destination}</p>
            <label for=area_id.clone()>{format!("{title} PEM")}</label>
            <textarea id=area_id readonly=true rows="8" spellcheck="false" prop:value=move || text.get()></textarea>
            <CopyDownload what=what text=text file_name=file_name />
            {children.map(|c| c())}
        </section>
    }
}

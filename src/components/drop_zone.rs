//! A card that accepts files dropped onto it or picked with a labelled file input.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A file read into memory (files never leave the tab). `Debug` shows only the name and size:
/// the bytes may be a private key.
#[derive(Clone, PartialEq, Eq)]
pub struct LoadedFile {
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl core::fmt::Debug for LoadedFile {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "LoadedFile({:?}, {} bytes)", self.name, self.bytes.len())
    }
}

/// Reads every file of a `FileList` and calls `done` once with all of them, in order.
fn read_all(files: web_sys::FileList, done: Callback<Vec<LoadedFile>>) {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    if files.is_empty() {
        return;
    }
    spawn_local(async move {
        let mut loaded = Vec::with_capacity(files.len());
        for file in files {
            let bytes = match JsFuture::from(file.array_buffer())
                .await
                .ok()
                .and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok())
            {
                Some(buffer) => {
                    let view = js_sys::Uint8Array::new(&buffer);
                    let bytes = view.to_vec();
                    // Wipe the JS copy: the Rust one is the only one kept.
                    view.fill(0, 0, view.length());
                    bytes
                }
                None => Vec::new(),
            };
            loaded.push(LoadedFile { name: file.name(), bytes });
        }
        done.run(loaded);
    });
}

/// A drop target with a file picker; `children` is the rest of the card (usually a textarea).
#[component]
pub fn DropZone(
    /// Id of the file input.
    input_id: &'static str,
    /// Label of the file input.
    label: &'static str,
    /// `accept` filter for the picker.
    #[prop(optional)]
    accept: Option<&'static str>,
    /// Allow several files at once.
    #[prop(optional)]
    multiple: bool,
    /// Receives the files.
    on_files: Callback<Vec<LoadedFile>>,
    /// The card's other content.
    children: Children,
) -> impl IntoView {
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(files) = ev.data_transfer().and_then(|dt| dt.files()) {
            read_all(files, on_files);
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            read_all(files, on_files);
        }
        // Reset, so picking the same file again still fires `change`.
        input.set_value("");
    };
    view! {
        <div class="card dropzone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            {children()}
            <div class="actions">
                <label for=input_id>{label}</label>
                <input id=input_id type="file" accept=accept multiple=multiple on:change=on_pick />
                <span class="hint">"…or drop files onto this box."</span>
            </div>
        </div>
    }
}

//! The Key ID Connect shows after Add key.

use crate::state::use_console;
use flowkeys_core::KeyId;
use leptos::prelude::*;

/// Paste the Key ID; it is validated as you type and kept with the key set.
#[component]
pub fn KeyIdField() -> impl IntoView {
    let console = use_console();
    let text = RwSignal::new(String::new());
    // Show the selected key set's Key ID whenever the selection changes.
    Effect::new(move |_| {
        console.selected.track();
        text.set(
            console
                .key_set
                .with_untracked(|k| k.as_ref().and_then(|k| k.key_id().map(|id| id.to_string())).unwrap_or_default()),
        );
    });
    let parsed = Memo::new(move |_| {
        let t = text.get();
        if t.trim().is_empty() {
            None
        } else {
            Some(KeyId::parse(&t).map_err(|e| e.to_string()))
        }
    });
    // Keep the key set's Key ID in step with the field.
    Effect::new(move |_| {
        let id = parsed.get().and_then(Result::ok);
        let differs = console.key_set.with_untracked(|k| k.as_ref().is_some_and(|s| s.key_id() != id.as_ref()));
        if differs {
            // A Key ID exists only once the public key is registered in Connect: mark the set so.
            let registered = id.is_some();
            console.update_selected(|set| set.set_key_id(id));
            if registered {
                console.update_selected_entry(|e| e.active = true);
            }
        }
    });
    let error = Signal::derive(move || parsed.get().and_then(Result::err));
    view! {
        <div class="field key-id">
            <label for="key-id">"Key ID from Amazon Connect"</label>
            <input
                id="key-id"
                type="text"
                class="w-uuid mono"
                autocomplete="off"
                spellcheck="false"
                placeholder="e.g. 4cdb826a-24c9-443d-b78b-327c817073ce"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby="key-id-hint key-id-error key-id-ok"
            />
            <p class="hint" id="key-id-hint">
                "After Add key, Connect lists the key with a Key ID. Paste it here: it is the Encryption key ID of the Store customer input block, and the key name the decrypting Lambda must use."
            </p>
            <p class="error" id="key-id-error" role="alert" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
            <p class="ok" id="key-id-ok" role="status" hidden=move || !matches!(parsed.get(), Some(Ok(_)))>
                {move || match parsed.get() {
                    Some(Ok(id)) => format!("Key ID {id} is kept with this key set."),
                    _ => String::new(),
                }}
            </p>
        </div>
    }
}

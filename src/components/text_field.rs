//! A labelled text input with its error and hint right underneath.

use leptos::prelude::*;

/// A text field whose visible label is also its accessible name, with an inline error
/// (`aria-invalid`, `aria-describedby`) shown next to the input that caused it.
#[component]
pub fn TextField(
    /// Element id; the error gets `<id>-error`, the hint `<id>-hint`.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Optional hint below the input.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Input mode / type hints.
    #[prop(default = "text")]
    input_type: &'static str,
    /// `autocomplete` attribute.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Input width class.
    #[prop(default = "")]
    class: &'static str,
    /// Id of another element that describes this field (e.g. a warning shown elsewhere).
    #[prop(optional)]
    described_by: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            if let Some(extra) = described_by {
                ids.push(extra.to_owned());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type=input_type
                class=class
                autocomplete=autocomplete
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <p class="error" id=error_id role="alert" hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

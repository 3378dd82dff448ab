//! The console's screens and the tab bar that switches between them.

use leptos::prelude::*;

/// A screen of the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Generate keys and get the artefacts.
    Keys,
    /// Encrypt a test value as Connect would.
    Preview,
    /// Decrypt and inspect ciphertexts.
    Inspect,
    /// The decrypt Lambda and its set-up.
    Lambda,
    /// Generate and lint flows; CLI set-up.
    Flow,
    /// Replace a key safely.
    Rotation,
}

impl Screen {
    /// All screens, in order.
    pub const ALL: [Screen; 6] =
        [Screen::Keys, Screen::Preview, Screen::Inspect, Screen::Lambda, Screen::Flow, Screen::Rotation];

    /// Tab label.
    pub fn label(self) -> &'static str {
        match self {
            Screen::Keys => "Keys",
            Screen::Preview => "Preview encryption",
            Screen::Inspect => "Decrypt & inspect",
            Screen::Lambda => "Lambda code",
            Screen::Flow => "Flow",
            Screen::Rotation => "Rotation",
        }
    }

    /// Element id of the tab (the panel is `<id>-panel`).
    pub fn id(self) -> &'static str {
        match self {
            Screen::Keys => "tab-keys",
            Screen::Preview => "tab-preview",
            Screen::Inspect => "tab-inspect",
            Screen::Lambda => "tab-lambda",
            Screen::Flow => "tab-flow",
            Screen::Rotation => "tab-rotation",
        }
    }
}

impl Screen {
    /// The screen `by` places after this one (wrapping around).
    pub fn step(self, by: i32) -> Screen {
        let n = Screen::ALL.len() as i32;
        let i = Screen::ALL.iter().position(|s| *s == self).unwrap_or(0) as i32;
        let j = (i + by).rem_euclid(n) as usize;
        Screen::ALL.get(j).copied().unwrap_or(self)
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The tab bar. Buttons, so Tab and Enter work with no extra code; the selected one is marked
/// for assistive technology with `aria-selected`.
#[component]
pub fn TabBar(
    /// The current screen.
    current: RwSignal<Screen>,
) -> impl IntoView {
    view! {
        <nav class="tabs" aria-label="Console screens">
            <div role="tablist">
                {Screen::ALL.into_iter().map(|s| view! {
                    <button type="button" role="tab" id=s.id() aria-controls=format!("{}-panel", s.id())
                        aria-selected=move || (current.get() == s).to_string()
                        tabindex=move || if current.get() == s { "0" } else { "-1" }
                        on:click=move |_| current.set(s)
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            // The WAI-ARIA tabs pattern: arrows move between tabs, Home/End jump.
                            let next = match ev.key().as_str() {
                                "ArrowRight" => Some(s.step(1)),
                                "ArrowLeft" => Some(s.step(-1)),
                                "Home" => Screen::ALL.first().copied(),
                                "End" => Screen::ALL.last().copied(),
                                _ => None,
                            };
                            if let Some(n) = next {
                                ev.prevent_default();
                                current.set(n);
                                focus(n.id());
                            }
                        }>
                        {s.label()}
                    </button>
                }).collect_view()}
            </div>
        </nav>
    }
}

/// A screen's panel: stays mounted (so typed input survives switching) and is hidden when not
/// current.
#[component]
pub fn Panel(
    /// Which screen.
    screen: Screen,
    /// The current screen.
    current: RwSignal<Screen>,
    /// Contents.
    children: Children,
) -> impl IntoView {
    view! {
        <div role="tabpanel" id=format!("{}-panel", screen.id()) aria-labelledby=screen.id() hidden=move || current.get() != screen>
            {children()}
        </div>
    }
}

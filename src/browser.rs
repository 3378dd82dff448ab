//! Small browser capabilities: the clock, the clipboard, downloads.
//!
//! None of them makes a network request: downloads are `blob:` URLs created and revoked
//! locally.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// `Date.now()`.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Copies `text` to the clipboard. Uses the async Clipboard API where the page is a secure
/// context, and a hidden-textarea `execCommand("copy")` otherwise (plain-http S3 sites).
pub async fn copy_text(text: &str) -> Result<(), String> {
    let Some(window) = web_sys::window() else { return Err("No browser window.".into()) };
    let navigator = window.navigator();
    let has_api = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| c.is_object());
    if has_api && JsFuture::from(navigator.clipboard().write_text(text)).await.is_ok() {
        return Ok(());
    }
    copy_with_textarea(&window, text)
}

fn copy_with_textarea(window: &web_sys::Window, text: &str) -> Result<(), String> {
    let failed = || "The browser refused to copy. Select the text and press Ctrl+C (⌘C on a Mac).".to_owned();
    let document = window.document().ok_or_else(failed)?;
    let area = document
        .create_element("textarea")
        .map_err(|_| failed())?
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .map_err(|_| failed())?;
    area.set_value(text);
    area.set_attribute("readonly", "").map_err(|_| failed())?;
    // A class, not a style attribute: the CSP forbids inline styles.
    area.set_class_name("offscreen");
    let body = document.body().ok_or_else(failed)?;
    body.append_child(&area).map_err(|_| failed())?;
    area.select();
    let html: &web_sys::HtmlDocument = document.unchecked_ref();
    let ok = html.exec_command("copy").unwrap_or(false);
    area.set_value("");
    area.remove();
    if ok {
        Ok(())
    } else {
        Err(failed())
    }
}

/// Offers `text` as a file download named `file_name`.
pub fn download_text(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    download_bytes(file_name, text.as_bytes(), mime)
}

/// Offers `bytes` as a file download named `file_name` (a `blob:` URL, revoked right away).
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let failed = || "The browser refused to start the download.".to_owned();
    let window = web_sys::window().ok_or_else(failed)?;
    let document = window.document().ok_or_else(failed)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| failed())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed())?;
    let anchor = document
        .create_element("a")
        .map_err(|_| failed())?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| failed())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has queued the download; the URL may go.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Brings a result to the admin: scrolls the element `id` into view and, when `focus` is set,
/// moves keyboard focus to it (give it `tabindex="-1"` if it is not focusable by itself).
///
/// Runs in a zero-delay timeout: after the microtasks in which the view showing the result
/// renders, and before the admin can type anything else.
/// Focus is not moved while the admin types in a field that triggered the result (inspect, lint),
/// which would swallow their next keystrokes.
pub fn reveal(id: &'static str, focus: bool) {
    leptos::prelude::set_timeout(
        move || {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
            let Some(element) = document.get_element_by_id(id) else { return };
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Start);
            element.scroll_into_view_with_scroll_into_view_options(&options);
            if focus {
                if let Ok(html) = element.dyn_into::<web_sys::HtmlElement>() {
                    let _ = html.focus();
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

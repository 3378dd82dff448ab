//! `browser` (the clock, bringing a result into view) and the page side's small pure parts of
//! `worker::client`.

use flowkeys_console::browser;
use flowkeys_console::worker::client::{webcrypto_available, WorkerError};
use flowkeys_protocol::{ProtocolError, TaskFailed};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Document, HtmlElement};

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A focusable-by-script element with `id`, appended to the body.
fn target(id: &str) -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    element.set_id(id);
    element.set_attribute("tabindex", "-1").unwrap();
    element.set_text_content(Some("result"));
    document().body().unwrap().append_child(&element).unwrap();
    element
}

fn focused_id() -> Option<String> {
    document().active_element().map(|e| e.id())
}

#[wasm_bindgen_test]
fn now_ms_is_the_browsers_clock() {
    let before = js_sys::Date::now();
    let now = browser::now_ms();
    assert!(before <= now && now <= js_sys::Date::now());
    assert!(now > 1.6e12, "milliseconds since 1970, not seconds");
}

#[wasm_bindgen_test]
async fn reveal_focuses_the_result_after_the_current_task() {
    let element = target("reveal-focus");
    browser::reveal("reveal-focus", true);
    assert_ne!(focused_id().as_deref(), Some("reveal-focus"), "focus moves in a timeout, after rendering");
    TimeoutFuture::new(0).await;
    assert_eq!(focused_id().as_deref(), Some("reveal-focus"));
    element.remove();
}

#[wasm_bindgen_test]
async fn reveal_without_focus_leaves_focus_where_it_is() {
    let element = target("reveal-scroll");
    let typing = target("reveal-typing");
    typing.focus().unwrap();
    browser::reveal("reveal-scroll", false);
    // A missing element is ignored.
    browser::reveal("reveal-missing", true);
    TimeoutFuture::new(0).await;
    assert_eq!(focused_id().as_deref(), Some("reveal-typing"));
    element.remove();
    typing.remove();
}

#[wasm_bindgen_test]
fn webcrypto_is_offered_on_a_secure_page() {
    // The test page is served from 127.0.0.1, which browsers treat as a secure context.
    let window = web_sys::window().unwrap();
    assert!(window.is_secure_context());
    assert!(webcrypto_available());
}

#[wasm_bindgen_test]
fn a_worker_error_reads_as_its_sentence() {
    let failed = WorkerError::from(TaskFailed("The password is too short.".into()));
    assert_eq!(failed.to_string(), "The password is too short.");
    let protocol = WorkerError::from(ProtocolError::NotAnEnvelope);
    assert_eq!(protocol.to_string(), ProtocolError::NotAnEnvelope.to_string());
    assert!(protocol.to_string().contains("Reload the page"));
}

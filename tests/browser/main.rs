//! The console crate's own logic, run in headless Chromium by wasm-bindgen-test
//! (`cargo test -p flowkeys-console --target wasm32-unknown-unknown`; `.cargo/config.toml` names
//! `wasm-bindgen-test-runner` as the runner, `scripts/test.sh` runs it in tier 1).
//!
//! The engine and the page↔worker messages are tested natively in `crates/`; here is what only a
//! browser can run: the JS form of an envelope (`worker::transport`), the console state on
//! Leptos signals (`state`), and the small browser helpers (`browser`).
#![cfg(target_arch = "wasm32")]
#![forbid(unsafe_code)]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod fixtures;
mod helpers;
mod state;
mod transport;

//! Mounts the console. Everything else lives in the library.
#![forbid(unsafe_code)]

fn main() {
    leptos::mount::mount_to_body(flowkeys_console::App);
}

//! Entry point of the console's Web Worker (built by Trunk as `data-type="worker"`).
#![forbid(unsafe_code)]

fn main() {
    flowkeys_console::worker::scope::run();
}

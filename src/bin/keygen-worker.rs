//! Entry point of the key-generation Web Worker (built by Trunk as `data-type="worker"`).
#![forbid(unsafe_code)]

fn main() {
    flowkeys_console::keygen::worker::run();
}

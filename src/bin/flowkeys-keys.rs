//! The key-set worker (`flowkeys_protocol::Module::Keys`), built by Trunk as `data-type="worker"`.
#![forbid(unsafe_code)]

fn main() {
    flowkeys_console::worker::scope::run_keys();
}

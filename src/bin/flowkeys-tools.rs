//! The tools worker (`flowkeys_protocol::Module::Tools`), built by Trunk as `data-type="worker"`.
#![forbid(unsafe_code)]

fn main() {
    flowkeys_console::worker::scope::run_tools();
}

//! The lint worker (`flowkeys_protocol::Module::Lint`), built by Trunk as `data-type="worker"`.
#![forbid(unsafe_code)]

fn main() {
    flowkeys_console::worker::scope::run_lint();
}

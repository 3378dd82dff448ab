//! The key-file worker (`flowkeys_protocol::Module::Files`), built by Trunk as `data-type="worker"`.
#![forbid(unsafe_code)]

fn main() {
    flowkeys_console::worker::scope::run_files();
}

//! Lints a flow file: `cargo run -p flowkeys-connect --example lint -- flow.json [now_unix]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: lint FLOW.json [NOW_UNIX]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let ctx = flowkeys_connect::LintContext {
        now_unix: args.next().and_then(|n| n.parse().ok()).map(flowkeys_core::UnixTime),
        key_sets: Vec::new(),
    };
    match flowkeys_connect::lint_flow(&text, &ctx) {
        Ok(report) => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

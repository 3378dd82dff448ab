//! Flow readers: whatever the bytes, reading them as a flow, a CloudFormation template (JSON or
//! YAML) or Terraform (JSON or HCL) and linting what was found must return a report or an
//! error, never panic. The first byte picks the file name the reader is given, since names
//! decide only how a broken file is classified.
#![no_main]

use flowkeys_connect::flow::report::{to_json, to_sarif, to_text, ReportOptions};
use flowkeys_connect::flow::source::{lint_source, WalkEntry, WalkOutcome};
use flowkeys_connect::{lint_flow, LintContext, Overrides};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["flow.json", "template.yaml", "main.tf", "notes"];

fuzz_target!(|data: &[u8]| {
    let Some((first, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(*first) % NAMES.len()];
    let ctx = LintContext::default();
    let mut overrides = Overrides::new();
    if first & 0x80 != 0 {
        overrides.secret("store");
    }
    let load = |_: &str| Err("no files while fuzzing".to_owned());
    if let Ok(report) = lint_source(name, body, &ctx, &overrides, &load) {
        let entries = [WalkEntry { path: name.into(), outcome: WalkOutcome::Linted(report) }];
        let options = ReportOptions { quality: true };
        let _ = to_text(&entries, options);
        let _ = to_json(&entries, options);
        let _ = to_sarif(&entries, options);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = lint_flow(text, &ctx);
    }
});

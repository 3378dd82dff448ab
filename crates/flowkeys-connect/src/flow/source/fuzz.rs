//! The flow readers' fuzzing harness, shared by the cargo-fuzz target (`fuzz/`, nightly flags)
//! and its stable-toolchain stand-in (`tests/lint_fuzz.rs`), so both exercise exactly the same
//! calls: whatever the bytes, reading them as a flow, a CloudFormation template (JSON or YAML)
//! or Terraform (JSON or HCL), linting what was found and rendering every report format must
//! return, never panic.

use super::{lint_source, WalkEntry, WalkOutcome};
use crate::flow::report::{to_json, to_sarif, to_text, ReportOptions};
use crate::{lint_flow, LintContext, Overrides};

/// File names the first byte chooses from: names only decide how a broken file is classified.
const NAMES: [&str; 4] = ["flow.json", "template.yaml", "main.tf", "notes"];

/// Runs every reader, the linter and the three report formats on `data`. The first byte picks
/// the file name (low bits) and whether a block is overridden as secret (high bit).
pub fn read_and_lint(data: &[u8]) {
    let Some((first, body)) = data.split_first() else {
        return;
    };
    let name = NAMES.get(usize::from(*first).checked_rem(NAMES.len()).unwrap_or(0)).copied().unwrap_or("flow.json");
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
}

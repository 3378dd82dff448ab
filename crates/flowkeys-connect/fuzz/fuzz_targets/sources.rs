//! Flow readers: whatever the bytes, reading them as a flow, a CloudFormation template (JSON or
//! YAML) or Terraform (JSON or HCL) and linting what was found must return a report or an
//! error, never panic. The harness is the crate's own (`flow::source::fuzz`), shared with the
//! stable stand-in `tests/lint_fuzz.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| flowkeys_connect::flow::source::fuzz::read_and_lint(data));

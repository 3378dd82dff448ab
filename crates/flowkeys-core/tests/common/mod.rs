//! Shared by the OpenSSL-backed integration tests: running the `openssl` command line.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `openssl` in `dir` and returns its output, whatever the exit status.
pub fn run(args: &[&str], dir: &Path) -> Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl command must be installed for these tests (scripts/test.sh installs it)")
}

/// Runs `openssl` in `dir`, fails the test if it fails, and returns its standard output.
pub fn openssl(args: &[&str], dir: &Path) -> String {
    let out = run(args, dir);
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

//! The linter on public, real flow exports (see corpus/SOURCES.md for repository, commit, path
//! and licence of each file): its findings must equal the ones written down in
//! corpus/expected.tsv after reading each flow (the reasons are in SOURCES.md).
//!
//! To see a difference in full, run with `FLOWKEYS_CORPUS_ACTUAL=path` and compare the file.

use std::path::{Path, PathBuf};

use flowkeys_connect::flow::source::{walk, WalkOutcome};
use flowkeys_connect::{LintContext, Overrides};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// One line per finding (both groups), skipped file, unreadable or unresolved flow:
/// `file<TAB>flow<TAB>action<TAB>rule-or-status`.
fn actual() -> Vec<String> {
    let root = corpus();
    let mut lines = Vec::new();
    for entry in walk(std::slice::from_ref(&root), &LintContext::default(), &Overrides::new()) {
        let file = entry.path.strip_prefix(&root).unwrap_or(&entry.path).display().to_string().replace('\\', "/");
        match entry.outcome {
            WalkOutcome::Skipped(_) => lines.push(format!("{file}\t-\t-\tskipped")),
            WalkOutcome::Unreadable(why) => lines.push(format!("{file}\t-\t-\tunreadable: {why}")),
            WalkOutcome::Linted(source) => {
                for flow in source.flows {
                    let name =
                        if flow.name == entry.path.display().to_string() { "-".to_owned() } else { flow.name.clone() };
                    match flow.report {
                        None => lines.push(format!(
                            "{file}\t{name}\t-\t{}",
                            if flow.unresolved { "unresolved" } else { "unreadable" }
                        )),
                        Some(r) => {
                            lines.push(format!("{file}\t{name}\t-\tverdict: {}", r.verdict.headline));
                            for f in r.findings {
                                lines.push(format!(
                                    "{file}\t{name}\t{}\t{}",
                                    f.action_id.as_deref().unwrap_or("-"),
                                    f.rule.id()
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    lines.sort();
    lines
}

#[test]
fn corpus_findings_match_the_written_expectations() {
    let actual = actual();
    if let Some(out) = std::env::var_os("FLOWKEYS_CORPUS_ACTUAL") {
        std::fs::write(out, actual.join("\n") + "\n").unwrap();
    }
    let text = std::fs::read_to_string(corpus().join("expected.tsv")).expect("corpus/expected.tsv");
    let mut expected: Vec<String> =
        text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(str::to_owned).collect();
    expected.sort();
    let missing: Vec<&String> = expected.iter().filter(|e| !actual.contains(e)).collect();
    let extra: Vec<&String> = actual.iter().filter(|a| !expected.contains(a)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "expected but not reported: {missing:#?}\nreported but not expected: {extra:#?}"
    );
}

/// Every corpus file is listed in SOURCES.md with its repository, commit and licence.
#[test]
fn every_corpus_file_has_a_source() {
    let sources = std::fs::read_to_string(corpus().join("SOURCES.md")).expect("SOURCES.md");
    for dir in std::fs::read_dir(corpus()).unwrap().flatten() {
        if !dir.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name == "LICENSE" || name == "NOTICE" {
                continue;
            }
            let rel = format!("{}/{name}", dir.file_name().to_string_lossy());
            assert!(sources.contains(&rel), "{rel} is not listed in SOURCES.md");
        }
    }
}

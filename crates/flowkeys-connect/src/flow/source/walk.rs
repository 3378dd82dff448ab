//! Walking files and folders for `flowkeys lint PATH…`: every file is looked at by content;
//! what is not a flow source is listed as skipped with the reason, so a CI log shows what was
//! and was not checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{lint_source, read_source, FlowText, SourceError, SourceReport};
use crate::flow::lint::{LintContext, Overrides};

/// Files larger than this are skipped unread (a flow is at most 256,000 characters; templates
/// holding several flows stay far below this).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Folders never entered: version control, dependencies and build output.
const SKIPPED_DIRS: &[&str] =
    &[".git", ".hg", ".svn", "node_modules", "target", ".terraform", ".venv", "__pycache__", "cdk.out"];

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WalkOutcome {
    /// Linted.
    Linted(SourceReport),
    /// Not a flow source (or already linted as another file's content), with the reason.
    Skipped(String),
    /// A flow source that could not be read (I/O error, broken JSON/YAML/HCL).
    Unreadable(String),
}

/// One file visited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkEntry {
    /// The path as found.
    pub path: PathBuf,
    /// What happened.
    pub outcome: WalkOutcome,
}

/// Lints every file under `paths` (files are taken as given, folders recursively in name
/// order). A file that a template or Terraform resource names as its flow is linted once, as
/// part of that source. A file given directly that is not a flow source is reported as
/// unreadable rather than skipped, because the caller asked for it.
pub fn walk(paths: &[PathBuf], ctx: &LintContext, overrides: &Overrides) -> Vec<WalkEntry> {
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    let mut entries = Vec::new();
    for p in paths {
        if p.is_dir() {
            collect(p, &mut files, &mut entries);
        } else {
            files.push((p.clone(), true));
        }
    }
    // First pass: files that infrastructure code names as flow content.
    let mut referenced: BTreeSet<PathBuf> = BTreeSet::new();
    let mut contents = Vec::with_capacity(files.len());
    for (path, explicit) in files {
        let bytes = read_capped(&path);
        if let Ok(b) = &bytes {
            if let Ok((_, flows)) = read_source(&path.display().to_string(), b) {
                for f in flows {
                    if let FlowText::File(rel) = f.content {
                        let target = relative_to(&path, &rel);
                        referenced.insert(target.canonicalize().unwrap_or(target));
                    }
                }
            }
        }
        contents.push((path, explicit, bytes));
    }
    for (path, explicit, bytes) in contents {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        let outcome = match bytes {
            Err(e) => WalkOutcome::Unreadable(e),
            Ok(_) if referenced.contains(&canonical) && !explicit => WalkOutcome::Skipped(
                "linted as the flow file of the template or Terraform resource that names it".into(),
            ),
            Ok(b) => {
                let name = path.display().to_string();
                let load = |rel: &str| read_capped(&relative_to(&path, rel));
                match lint_source(&name, &b, ctx, overrides, &load) {
                    Ok(report) => WalkOutcome::Linted(report),
                    Err(e) if e.is_skip() && !explicit => WalkOutcome::Skipped(e.to_string()),
                    Err(e) => WalkOutcome::Unreadable(reason(&e)),
                }
            }
        };
        entries.push(WalkEntry { path, outcome });
    }
    entries
}

fn reason(e: &SourceError) -> String {
    match e {
        SourceError::Malformed(m) => m.clone(),
        other => format!("not a flow source: {other}"),
    }
}

fn relative_to(source: &Path, rel: &str) -> PathBuf {
    source.parent().unwrap_or(Path::new(".")).join(rel)
}

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(format!("larger than {MAX_FILE_BYTES} bytes"));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

fn collect(dir: &Path, files: &mut Vec<(PathBuf, bool)>, entries: &mut Vec<WalkEntry>) {
    let mut children: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            entries.push(WalkEntry { path: dir.to_path_buf(), outcome: WalkOutcome::Unreadable(e.to_string()) });
            return;
        }
    };
    children.sort();
    for child in children {
        let Ok(meta) = std::fs::symlink_metadata(&child) else {
            continue;
        };
        let name = child.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if meta.file_type().is_symlink() {
            entries.push(WalkEntry {
                path: child.clone(),
                outcome: WalkOutcome::Skipped("symbolic links are not followed".into()),
            });
        } else if meta.is_dir() {
            if !SKIPPED_DIRS.contains(&name) {
                collect(&child, files, entries);
            }
        } else if meta.is_file() {
            files.push((child, false));
        }
    }
}

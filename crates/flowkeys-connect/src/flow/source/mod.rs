//! Where flows live: exported files, API output and infrastructure code, recognised by content.
//!
//! Teams keep flows as console exports, as `aws connect describe-contact-flow` output, inside
//! CloudFormation templates (JSON or YAML, often in `Fn::Sub`) and in Terraform (`.tf.json` or
//! HCL, with the flow inline or in a file named by `filename`). File extensions say little
//! (`.json` is all of these, `.template` and `.yml` are common), so [`read_source`] looks at the
//! content, and returns every flow it finds under a name that points back to it (the file, or
//! the template's logical ID, or the Terraform resource address).
//!
//! No file system access happens here except through the caller's loader, so the browser can
//! use the same readers; [`walk`] is the native directory walker the CLI uses.

mod cloudformation;
pub mod fuzz;
mod placeholders;
mod summary;
mod terraform;
mod walk;
#[cfg(feature = "yaml")]
mod yaml;

use std::collections::BTreeMap;

use crate::flow::model::ordinal;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::lint::{lint_model, LintContext, LintReport, Overrides};
use super::parse::{parse_value, FlowParseError};

pub use summary::{only_this_file, NOT_LINTED};
pub use walk::{walk, WalkEntry, WalkOutcome, MAX_FILE_BYTES};

/// What kind of source a file was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A flow (flow language or the older `modules` export), or describe-contact-flow(-module)
    /// output.
    Flow,
    /// A CloudFormation template in JSON.
    CloudFormationJson,
    /// A CloudFormation template in YAML.
    CloudFormationYaml,
    /// Terraform in JSON syntax (`.tf.json`).
    TerraformJson,
    /// Terraform in HCL syntax (`.tf`).
    TerraformHcl,
}

impl SourceKind {
    /// A stable machine name, the same as in JSON output (`flow`, `cloud_formation_yaml`…).
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Flow => "flow",
            SourceKind::CloudFormationJson => "cloud_formation_json",
            SourceKind::CloudFormationYaml => "cloud_formation_yaml",
            SourceKind::TerraformJson => "terraform_json",
            SourceKind::TerraformHcl => "terraform_hcl",
        }
    }

    /// How reports name it.
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::Flow => "flow",
            SourceKind::CloudFormationJson => "CloudFormation template (JSON)",
            SourceKind::CloudFormationYaml => "CloudFormation template (YAML)",
            SourceKind::TerraformJson => "Terraform (JSON)",
            SourceKind::TerraformHcl => "Terraform (HCL)",
        }
    }
}

/// Why a file holds no flow to lint.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// Not text.
    #[error("it is not UTF-8 text")]
    NotText,
    /// Too large to be a flow source.
    #[error("it is larger than {limit} bytes, far beyond any flow (a flow is at most 256,000 characters)")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// Text, but none of the recognised kinds.
    #[error("{0}")]
    NotRecognised(String),
    /// Recognised kind, but damaged (JSON or YAML syntax error, broken HCL).
    #[error("{0}")]
    Malformed(String),
}

impl SourceError {
    /// Whether the file simply is not a flow source (a directory walk skips it), as opposed to
    /// a flow source that could not be read (an error).
    pub fn is_skip(&self) -> bool {
        !matches!(self, SourceError::Malformed(_))
    }
}

/// One flow found in a source, before linting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundFlow {
    /// How reports name it: the file name, a CloudFormation logical ID or a Terraform address.
    pub name: String,
    /// Its content.
    pub content: FlowText,
}

/// The text of a found flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowText {
    /// The flow itself.
    Inline(String),
    /// A file, relative to the source's folder (Terraform `filename`, `file(…)`).
    File(String),
    /// Not determinable without deploying (a `Ref`, an `Fn::GetAtt`, a Terraform variable…).
    Unresolvable(String),
}

/// Reads a source and lists its flows.
pub fn read_source(name: &str, bytes: &[u8]) -> Result<(SourceKind, Vec<FoundFlow>), SourceError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge { limit: MAX_FILE_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| SourceError::NotText)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => return from_json_value(name, text, &value, false),
            Err(e) => {
                return Err(SourceError::Malformed(format!(
                    "it looks like JSON but is not valid JSON (line {}, column {}: {})",
                    e.line(),
                    e.column(),
                    e.to_string().split(" at line ").next().unwrap_or_default()
                )));
            }
        }
    }
    // Content decides what a file is; the extension only decides whether a file that looks
    // like infrastructure code but does not parse is broken (a .tf, .yaml…) or merely mentions
    // it (a README with an example).
    let lower = name.to_ascii_lowercase();
    let has_ext = |exts: &[&str]| exts.iter().any(|e| lower.ends_with(e));
    let demote = |e: SourceError, expected: bool| match e {
        SourceError::Malformed(m) if !expected => SourceError::NotRecognised(format!(
            "it mentions Amazon Connect flow resources but is not a readable template ({m})"
        )),
        other => other,
    };
    if text.contains("resource \"aws_connect_contact_flow") {
        return terraform::read_hcl(name, text).map_err(|e| demote(e, has_ext(&[".tf"])));
    }
    if text.contains("AWS::Connect::ContactFlow") {
        #[cfg(feature = "yaml")]
        {
            let template = has_ext(&[".yaml", ".yml", ".template", ".json", ".cfn"]);
            let value = yaml::to_json(text).map_err(SourceError::Malformed).map_err(|e| demote(e, template))?;
            if !value.is_object() {
                return Err(SourceError::NotRecognised(
                    "it mentions AWS::Connect::ContactFlow but is not a CloudFormation template".into(),
                ));
            }
            return from_json_value(name, text, &value, true);
        }
        #[cfg(not(feature = "yaml"))]
        return Err(SourceError::NotRecognised(
            "it looks like a CloudFormation template in YAML, which this build cannot read".into(),
        ));
    }
    Err(SourceError::NotRecognised(
        "it is neither JSON nor a CloudFormation or Terraform file with an Amazon Connect flow".into(),
    ))
}

fn from_json_value(
    name: &str,
    text: &str,
    value: &Value,
    yaml: bool,
) -> Result<(SourceKind, Vec<FoundFlow>), SourceError> {
    let Value::Object(object) = value else {
        return Err(SourceError::NotRecognised("it is JSON but not an object, so not a flow".into()));
    };
    let is_flow = ["Actions", "modules", "ContactFlow", "ContactFlowModule"].iter().any(|k| object.contains_key(*k))
        || (object.contains_key("Content") && ["Name", "Type", "Arn", "Id"].iter().any(|k| object.contains_key(*k)));
    if is_flow && !yaml {
        return Ok((
            SourceKind::Flow,
            vec![FoundFlow { name: name.to_owned(), content: FlowText::Inline(text.to_owned()) }],
        ));
    }
    if object.contains_key("Resources") {
        let flows = cloudformation::flows(value)?;
        let kind = if yaml { SourceKind::CloudFormationYaml } else { SourceKind::CloudFormationJson };
        return Ok((kind, flows));
    }
    if object.contains_key("resource") && !yaml {
        return Ok((SourceKind::TerraformJson, terraform::flows_from_json(value)?));
    }
    let mut keys: Vec<&str> = object.keys().map(String::as_str).take(8).collect();
    if keys.is_empty() {
        keys.push("(none)");
    }
    Err(SourceError::NotRecognised(format!(
        "it is JSON but not a flow, a CloudFormation template or Terraform (top-level keys: {})",
        keys.join(", ")
    )))
}

/// The lint result for one flow of a source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowResult {
    /// How the flow is named (file, logical ID, Terraform address).
    pub name: String,
    /// The report, when the flow could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<LintReport>,
    /// Why it could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// True when the flow text is only known after deployment (a `Ref`, `Fn::GetAtt`, a
    /// Terraform variable): reported, but not a failure of the input.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unresolved: bool,
    /// Line in the source where each action's Identifier first appears (for editors and code
    /// scanning); line 1 when not found.
    #[serde(skip)]
    pub lines: BTreeMap<String, usize>,
    /// Line where the flow itself starts in the source (its logical ID or resource address).
    #[serde(skip)]
    pub line: usize,
}

/// The lint result for one source file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceReport {
    /// The file as named by the caller.
    pub path: String,
    /// What it was recognised as.
    pub kind: SourceKind,
    /// Each flow in it.
    pub flows: Vec<FlowResult>,
}

/// Reads a source and lints every flow in it. `load` reads files the source refers to
/// (relative paths from Terraform's `filename`/`file(…)`); the browser passes one that always
/// fails, the CLI one that reads next to the source.
pub fn lint_source(
    name: &str,
    bytes: &[u8],
    ctx: &LintContext,
    overrides: &Overrides,
    load: &dyn Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<SourceReport, SourceError> {
    let (kind, found) = read_source(name, bytes)?;
    let source_text = String::from_utf8_lossy(bytes);
    let flows = found
        .into_iter()
        .map(|f| {
            let label = f.name.rsplit('.').next().unwrap_or(&f.name);
            let line = line_of(&source_text, &f.name)
                .or_else(|| line_of(&source_text, label))
                .or_else(|| {
                    let at = source_text.find(&format!("{label}:"))?;
                    Some(ordinal(source_text.get(..at)?.matches('\n').count()))
                })
                .unwrap_or(1);
            let mut unresolved = false;
            let text = match f.content {
                FlowText::Inline(t) => Ok(t),
                FlowText::File(path) => load(&path)
                    .map_err(|e| format!("the flow file {path} could not be read: {e}"))
                    .and_then(|b| String::from_utf8(b).map_err(|_| format!("the flow file {path} is not UTF-8 text"))),
                FlowText::Unresolvable(why) => {
                    unresolved = true;
                    Err(why)
                }
            };
            let result = text
                .and_then(|t| lint_text(&t).map(|flow| lint_model(&flow, ctx, overrides)).map_err(|e| e.to_string()));
            let (report, error) = match result {
                Ok(report) => (Some(report), None),
                Err(error) => (None, Some(error)),
            };
            let lines = report
                .iter()
                .flat_map(|r| r.findings.iter())
                .filter_map(|f| f.action_id.clone())
                .map(|id| {
                    let l = line_of(&source_text, &id).unwrap_or(line);
                    (id, l)
                })
                .collect();
            FlowResult { name: f.name, report, error, unresolved, lines, line }
        })
        .collect();
    Ok(SourceReport { path: name.to_owned(), kind, flows })
}

/// The 1-based line where `needle` first appears as a quoted string (`"x"` or `\"x\"`).
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let quoted = format!("\"{needle}\"");
    let escaped = format!("\\\"{needle}\\\"");
    let at = text.find(&quoted).or_else(|| text.find(&escaped))?;
    Some(ordinal(text.get(..at)?.matches('\n').count()))
}

/// Parses flow text; placeholders left by `Fn::Sub` or Terraform templates outside JSON strings
/// are quoted and retried, so `"Timeout": ${Seconds}` still reads.
fn lint_text(text: &str) -> Result<super::model::FlowModel, FlowParseError> {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => parse_value(&v, text),
        Err(first) => {
            if let Some(quoted) = placeholders::quote_bare(text) {
                if let Ok(v) = serde_json::from_str::<Value>(&quoted) {
                    let mut flow = parse_value(&v, &quoted)?;
                    flow.notices.push("Template placeholders (${…}) outside JSON strings were read as text.".into());
                    return Ok(flow);
                }
            }
            super::parse::parse_flow(text).map_err(|e| match e {
                FlowParseError::InvalidJson { .. } => e,
                _ => FlowParseError::InvalidJson {
                    line: first.line(),
                    column: first.column(),
                    detail: first.to_string(),
                },
            })
        }
    }
}

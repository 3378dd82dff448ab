//! Flow sources recognised by content: flow JSON, describe-contact-flow output, CloudFormation
//! (JSON and YAML, `Fn::Sub` with placeholders, `Fn::Join`), Terraform (`.tf.json` and HCL,
//! inline, `file(…)`, `filename`, `jsonencode(…)`), and the directory walker.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::*;
use flowkeys_connect::flow::source::{lint_source, read_source, walk, FlowText, SourceError, SourceKind, WalkOutcome};
use flowkeys_connect::{LintContext, Overrides, RuleId, VerdictStatus};
use serde_json::json;

fn no_files(path: &str) -> Result<Vec<u8>, String> {
    Err(format!("no file {path} in this test"))
}

/// A leaky flow: the encrypted card number is copied into an attribute.
fn leaky_flow() -> String {
    let mut actions = replace(good_actions(), "store", store("store", "save", "on-error"));
    actions.push(set_attrs("save", json!({ "EncryptedCreditCard": "$.StoredCustomerInput" }), "decrypt"));
    doc("off", actions)
}

/// A flow's name, its verdict (when read) and its error (when not).
type Outcome = (String, Option<VerdictStatus>, Option<String>);

fn verdicts(name: &str, bytes: &[u8], load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> (SourceKind, Vec<Outcome>) {
    let r = lint_source(name, bytes, &ctx_full(), &Overrides::new(), load).expect("recognised");
    (r.kind, r.flows.into_iter().map(|f| (f.name, f.report.map(|r| r.verdict.status), f.error)).collect())
}

#[test]
fn flow_json_and_describe_output() {
    let (kind, flows) = verdicts("a.json", leaky_flow().as_bytes(), &no_files);
    assert_eq!(kind, SourceKind::Flow);
    assert_eq!(flows, [("a.json".to_owned(), Some(VerdictStatus::Leaks), None)]);
    let describe = json!({ "ContactFlow": { "Name": "x", "Content": leaky_flow() } }).to_string();
    let (kind, flows) = verdicts("out.txt", describe.as_bytes(), &no_files);
    assert_eq!((kind, flows[0].1), (SourceKind::Flow, Some(VerdictStatus::Leaks)));
}

#[test]
fn cloudformation_json_with_sub_and_join() {
    // The flow with a Lambda ARN filled in by Fn::Sub and a time limit left as a bare placeholder.
    let with_placeholders = generated_json().replace(LAMBDA_ARN, "${DecryptFunction.Arn}").replacen(
        "\"InvocationTimeLimitSeconds\": \"8\"",
        "\"InvocationTimeLimitSeconds\": ${Timeout}",
        1,
    );
    assert!(with_placeholders.contains("${Timeout}"));
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "SecureFlow": { "Type": "AWS::Connect::ContactFlow",
                            "Properties": { "Name": "Secure", "Type": "CONTACT_FLOW", "Content": { "Fn::Sub": with_placeholders } } },
            "LeakyModule": { "Type": "AWS::Connect::ContactFlowModule",
                             "Properties": { "Content": { "Fn::Sub": [ leaky_flow(), { "Unused": "x" } ] } } },
            "Joined": { "Type": "AWS::Connect::ContactFlow",
                        "Properties": { "Content": { "Fn::Join": [ "", [ "{\"Version\": \"2019-10-30\", \"StartAction\": \"end\", \"Actions\": [", { "Ref": "Nothing" }, "]}" ] ] } } },
            "FromElsewhere": { "Type": "AWS::Connect::ContactFlow", "Properties": { "Content": { "Fn::GetAtt": ["X", "Y"] } } },
            "Bucket": { "Type": "AWS::S3::Bucket" }
        }
    })
    .to_string();
    let (kind, flows) = verdicts("stack.template", template.as_bytes(), &no_files);
    assert_eq!(kind, SourceKind::CloudFormationJson);
    let names: Vec<&str> = flows.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(names, ["FromElsewhere", "Joined", "LeakyModule", "SecureFlow"]);
    assert_eq!(flows[3].1, Some(VerdictStatus::Clean), "{flows:?}");
    assert_eq!(flows[2].1, Some(VerdictStatus::Leaks));
    assert!(flows[0].2.as_deref().unwrap().contains("Fn::GetAtt"), "{flows:?}");
    // Fn::Join parts that CloudFormation resolves become placeholders; here one stands where an
    // action belongs, which the structure check reports.
    assert!(flows[1].1.is_some(), "{flows:?}");
}

#[test]
fn cloudformation_yaml_with_short_form_tags() {
    let flow = leaky_flow();
    let indented: String = flow.lines().map(|l| format!("          {l}\n")).collect();
    let yaml = format!(
        "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Arn:\n    Type: String\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub '${{AWS::StackName}}-role'\n  CardCapture:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      InstanceArn: !GetAtt Instance.Arn\n      Name: !Ref Arn\n      Content: !Sub |\n{indented}"
    );
    let (kind, flows) = verdicts("template.yml", yaml.as_bytes(), &no_files);
    assert_eq!(kind, SourceKind::CloudFormationYaml);
    assert_eq!(flows, [("CardCapture".to_owned(), Some(VerdictStatus::Leaks), None)]);
}

#[test]
fn terraform_json_inline_and_filename() {
    let tf = json!({ "resource": { "aws_connect_contact_flow": {
        "inline": { "instance_id": "x", "name": "a", "content": leaky_flow() },
        "from_file": { "instance_id": "x", "name": "b", "filename": "${path.module}/flows/secure.json" },
        "via_file_call": { "instance_id": "x", "name": "c", "content": "${file(\"${path.module}/flows/secure.json\")}" },
        "computed": { "instance_id": "x", "name": "d", "filename": "${var.dir}/x.json" }
    } } })
    .to_string();
    let secure = generated_json();
    let load = |p: &str| {
        if p == "flows/secure.json" {
            Ok(secure.clone().into_bytes())
        } else {
            Err(format!("no {p}"))
        }
    };
    let (kind, flows) = verdicts("main.tf.json", tf.as_bytes(), &load);
    assert_eq!(kind, SourceKind::TerraformJson);
    let by_name = |n: &str| flows.iter().find(|f| f.0 == n).unwrap_or_else(|| panic!("{n}: {flows:?}")).clone();
    assert_eq!(by_name("aws_connect_contact_flow.inline").1, Some(VerdictStatus::Leaks));
    assert_eq!(by_name("aws_connect_contact_flow.from_file").1, Some(VerdictStatus::Clean));
    assert_eq!(by_name("aws_connect_contact_flow.via_file_call").1, Some(VerdictStatus::Clean));
    assert!(by_name("aws_connect_contact_flow.computed").2.unwrap().contains("Terraform variable"));
}

#[test]
fn terraform_hcl() {
    let hcl = format!(
        r#"
variable "instance_id" {{ type = string }}

resource "aws_connect_contact_flow" "heredoc" {{
  instance_id = var.instance_id
  name        = "Leaky"
  type        = "CONTACT_FLOW"
  content     = <<FLOW
{leaky}
FLOW
}}

resource "aws_connect_contact_flow_module" "from_file" {{
  instance_id = var.instance_id
  name        = "Secure"
  content     = file("${{path.module}}/secure.json")
}}

resource "aws_connect_contact_flow" "by_filename" {{
  instance_id  = var.instance_id
  name         = "Secure too"
  filename     = "secure.json"
  content_hash = filebase64sha256("secure.json")
}}

resource "aws_connect_contact_flow" "encoded" {{
  instance_id = var.instance_id
  name        = "Encoded"
  content = jsonencode({{
    Version     = "2019-10-30"
    StartAction = "end"
    Actions = [{{ Identifier = "end", Type = "DisconnectParticipant", Parameters = {{}}, Transitions = {{}} }}]
  }})
}}
"#,
        leaky = leaky_flow()
    );
    let secure = generated_json();
    let load = |p: &str| {
        if p == "secure.json" {
            Ok(secure.clone().into_bytes())
        } else {
            Err(format!("no {p}"))
        }
    };
    let (kind, flows) = verdicts("main.tf", hcl.as_bytes(), &load);
    assert_eq!(kind, SourceKind::TerraformHcl);
    let status: Vec<(&str, Option<VerdictStatus>)> = flows.iter().map(|f| (f.0.as_str(), f.1)).collect();
    assert_eq!(
        status,
        [
            ("aws_connect_contact_flow.heredoc", Some(VerdictStatus::Leaks)),
            ("aws_connect_contact_flow_module.from_file", Some(VerdictStatus::Clean)),
            ("aws_connect_contact_flow.by_filename", Some(VerdictStatus::Clean)),
            ("aws_connect_contact_flow.encoded", Some(VerdictStatus::Clean)),
        ],
        "{flows:?}"
    );
}

#[test]
fn other_files_are_not_recognised_with_a_reason() {
    for (name, text) in [
        ("README.md", "# Hello\nSome text."),
        ("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}"),
        ("ci.yml", "steps:\n  - run: echo"),
        ("other.tf", "resource \"aws_s3_bucket\" \"b\" {}"),
    ] {
        let e = read_source(name, text.as_bytes()).unwrap_err();
        assert!(e.is_skip(), "{name}: {e}");
        assert!(e.to_string().len() > 20, "{name}: {e}");
    }
    assert_eq!(read_source("x.bin", &[0xff, 0xfe, 0x00]).unwrap_err(), SourceError::NotText);
    let broken = read_source("flow.json", b"{\"Version\": \"2019-10-30\", \"Actions\": [").unwrap_err();
    assert!(!broken.is_skip() && broken.to_string().contains("line 1"), "{broken}");
    let broken =
        read_source("t.yaml", b"Resources:\n  F:\n    Type: AWS::Connect::ContactFlow\n   bad: [").unwrap_err();
    assert!(!broken.is_skip(), "{broken}");
}

#[test]
fn directory_walk_reports_skips_and_lints_referenced_files_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("flows")).unwrap();
    std::fs::create_dir_all(d.join("node_modules/x")).unwrap();
    std::fs::write(d.join("flows/secure.json"), generated_json()).unwrap();
    std::fs::write(d.join("flows/leaky.json"), leaky_flow()).unwrap();
    std::fs::write(d.join("node_modules/x/flow.json"), leaky_flow()).unwrap();
    std::fs::write(d.join("README.md"), "# flows").unwrap();
    std::fs::write(d.join("broken.json"), "{\"Actions\": [").unwrap();
    std::fs::write(
        d.join("main.tf"),
        "resource \"aws_connect_contact_flow\" \"secure\" {\n  filename = \"${path.module}/flows/secure.json\"\n}\n",
    )
    .unwrap();
    let entries = walk(&[d.to_path_buf()], &LintContext::default(), &Overrides::new());
    let rel = |p: &PathBuf| p.strip_prefix(d).unwrap().display().to_string();
    let summary: Vec<(String, &str)> = entries
        .iter()
        .map(|e| {
            (
                rel(&e.path),
                match &e.outcome {
                    WalkOutcome::Linted(_) => "linted",
                    WalkOutcome::Skipped(_) => "skipped",
                    WalkOutcome::Unreadable(_) => "unreadable",
                },
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("README.md".to_owned(), "skipped"),
            ("broken.json".to_owned(), "unreadable"),
            ("flows/leaky.json".to_owned(), "linted"),
            ("flows/secure.json".to_owned(), "skipped"),
            ("main.tf".to_owned(), "linted"),
        ],
        "{entries:#?}"
    );
    let Some(WalkOutcome::Skipped(why)) =
        entries.iter().find(|e| rel(&e.path) == "flows/secure.json").map(|e| &e.outcome)
    else {
        unreachable!()
    };
    assert!(why.contains("Terraform"), "{why}");
    // A file named on the command line is taken as asked, even when a template names it too.
    let explicit = walk(&[d.join("README.md")], &LintContext::default(), &Overrides::new());
    assert!(matches!(explicit[0].outcome, WalkOutcome::Unreadable(_)), "{explicit:?}");
    let _ = FlowText::Inline(String::new());
    let _ = RuleId::EncMissing;
}

/// Hostile sources get a specific message quickly: alias bombs, pathological nesting in JSON,
/// YAML and HCL.
#[test]
fn hostile_sources_fail_fast_with_a_message() {
    let mut laughs = String::from("# AWS::Connect::ContactFlow\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut prev = 'a';
    for n in 'b'..='j' {
        laughs.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    let deep = 100_000;
    let cases = [
        ("laughs.yaml", laughs),
        (
            "deep.yaml",
            format!("Resources: # AWS::Connect::ContactFlow\n  x: {}{}\n", "[".repeat(deep), "]".repeat(deep)),
        ),
        ("deep.json", format!("{{\"Resources\": {}{}}}", "[".repeat(deep), "]".repeat(deep))),
        (
            "deep.tf",
            format!(
                "resource \"aws_connect_contact_flow\" \"x\" {{\n content = {}1{}\n}}\n",
                "(".repeat(deep),
                ")".repeat(deep)
            ),
        ),
    ];
    for (name, text) in cases {
        let started = std::time::Instant::now();
        let e = read_source(name, text.as_bytes()).unwrap_err();
        assert!(started.elapsed().as_secs() < 5, "{name} took {:?}", started.elapsed());
        assert!(!e.is_skip() && e.to_string().len() > 20, "{name}: {e}");
    }
}

//! The AWS CLI set-up sequence.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::indexing_slicing, clippy::unwrap_used)]

use flowkeys_connect::commands::{render_script, RUNS_ON_ADMIN_MACHINE};
use flowkeys_connect::{
    setup_commands, AwsRegion, ConnectInstanceId, FileKind, KeySetFiles, KmsKeyArn, LambdaArn, SetupSpec,
    SsmParameterName,
};

const INSTANCE: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

fn spec() -> SetupSpec {
    SetupSpec::new(
        ConnectInstanceId::parse(INSTANCE).unwrap(),
        SsmParameterName::parse("/flowkeys/connect/decrypt-key").unwrap(),
        "Secure card capture",
    )
}

/// The first word pair of each command (`connect associate-security-key`, …), in order.
fn steps(cmds: &[flowkeys_connect::CliCommand]) -> Vec<String> {
    cmds.iter()
        .map(|c| {
            let words: Vec<&str> = c.command.split_whitespace().collect();
            match words.first() {
                Some(&"aws") => words[1..3].join(" "),
                _ => "package".to_owned(),
            }
        })
        .collect()
}

#[test]
fn minimal_sequence() {
    let cmds = setup_commands(&spec());
    let lines: Vec<&str> = cmds.iter().map(|c| c.command.as_str()).collect();
    assert_eq!(
        lines[..3],
        [
            "aws connect associate-security-key --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --key file://public-key.pem --query AssociationId --output text",
            "aws connect list-security-keys --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "aws ssm put-parameter --name /flowkeys/connect/decrypt-key --type SecureString --value file://private-key.pem",
        ]
    );
    assert_eq!(
        lines.last().copied(),
        Some("aws connect create-contact-flow --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --name 'Secure card capture' --type CONTACT_FLOW --content file://flow.json")
    );
    let private: Vec<bool> = cmds.iter().map(|c| c.handles_private_key).collect();
    assert_eq!(private.iter().filter(|p| **p).count(), 1);
    assert!(private[2]);
    for c in &cmds {
        assert_eq!(c.runs_on, RUNS_ON_ADMIN_MACHINE);
        assert!(!c.notes.is_empty() && !c.title.is_empty());
    }
    assert!(RUNS_ON_ADMIN_MACHINE.contains("not run in the browser"));
    let key_id_note = cmds[0].notes.join(" ");
    assert!(key_id_note.contains("Key ID") && key_id_note.contains("EncryptionKeyId"), "{key_id_note}");
}

/// The whole job, in the order it can succeed: the key, then the Lambda's role (create-role
/// and its policies), the function (packaged, then created), Connect's permission to invoke it
/// (lambda add-permission scoped to the instance, then the instance association), the flow.
#[test]
fn the_lambda_steps_come_in_order_between_the_key_and_the_flow() {
    let mut s = spec();
    s.region = Some(AwsRegion::parse("eu-west-2").unwrap());
    let cmds = setup_commands(&s);
    assert_eq!(
        steps(&cmds),
        [
            "connect associate-security-key",
            "connect list-security-keys",
            "ssm put-parameter",
            "iam create-role",
            "iam attach-role-policy",
            "iam put-role-policy",
            "package",
            "lambda create-function",
            "lambda add-permission",
            "connect associate-lambda-function",
            "connect create-contact-flow",
        ]
    );
    for c in cmds.iter().filter(|c| c.command.starts_with("aws ")) {
        assert!(c.command.ends_with("--region eu-west-2"), "{}", c.command);
    }
    let by = |step: &str| cmds.iter().find(|c| c.command.contains(step)).unwrap().command.clone();
    let permission = by("lambda add-permission");
    assert!(permission.contains("--principal connect.amazonaws.com"), "{permission}");
    assert!(
        permission.contains("--source-arn \"$(aws connect describe-instance --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --query Instance.Arn --output text --region eu-west-2)\""),
        "{permission}"
    );
    assert!(by("create-function").contains("--role \"$(aws iam get-role --role-name flowkeys-connect-decrypt-role --query Role.Arn --output text --region eu-west-2)\""));
    assert!(by("create-function").contains("--zip-file fileb://lambda.zip"));
    assert!(by("attach-role-policy").contains("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    assert!(by("associate-lambda-function").contains("--function-arn \"$(aws lambda get-function --function-name flowkeys-connect-decrypt --query Configuration.FunctionArn"));
}

/// Every file a command reads is a file the console downloads, under the one naming rule.
#[test]
fn commands_read_the_files_under_their_download_names() {
    let files = KeySetFiles::new("amazon-connect-secure-input", "9f1c2d3e77");
    let cmds = setup_commands(&spec().with_files(&files));
    let script = render_script(&cmds);
    for kind in [FileKind::Flow, FileKind::LambdaPolicy, FileKind::LambdaNode, FileKind::LambdaZip] {
        assert!(script.contains(&files.name(kind)), "{kind:?} missing from\n{script}");
    }
    assert!(script.contains("--content file://amazon-connect-secure-input-9f1c2d3e.flow.json"));
    assert!(script.contains("--zip-file fileb://amazon-connect-secure-input-9f1c2d3e.lambda.zip"));
    assert!(script.contains("--policy-document file://amazon-connect-secure-input-9f1c2d3e.lambda-policy.json"));
    assert!(script.contains("cp amazon-connect-secure-input-9f1c2d3e.lambda.index.js"));
    assert!(script.contains("--value file://amazon-connect-secure-input-9f1c2d3e.private-key.pem"));
    assert!(!script.contains("file://flow.json") && !script.contains("file://private-key.pem"));
}

#[test]
fn the_script_renders_every_command_in_order_with_its_notes() {
    let cmds = setup_commands(&spec());
    let script = render_script(&cmds);
    assert!(script.starts_with("#!/usr/bin/env bash\n"));
    let mut at = 0;
    for c in &cmds {
        let found = script[at..].find(&c.command).unwrap_or_else(|| panic!("{} out of order", c.title));
        at += found + c.command.len();
        assert!(script.contains(&format!("# {}\n", c.title)));
    }
    assert_eq!(script.matches("Handles the PRIVATE KEY").count(), 1);
}

/// The Parameter Store note speaks of this key's size.
#[test]
fn the_parameter_note_matches_the_key_size() {
    let mut s = spec();
    s.key_bits = Some(2048);
    let notes = setup_commands(&s)[2].notes.join(" ");
    assert!(notes.contains("2048-bit private key PEM is about 1.7 KB") && !notes.contains("4096-bit"), "{notes}");
}

#[test]
fn full_sequence_with_quoting() {
    let mut s = spec();
    s.region = Some(AwsRegion::parse("eu-west-2").unwrap());
    s.profile = Some("prod admin".into());
    s.kms_key =
        Some(KmsKeyArn::parse("arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab").unwrap());
    s.lambda_arn = Some(LambdaArn::parse("arn:aws:lambda:eu-west-2:123456789012:function:decrypt").unwrap());
    s.flow_name = "Card's flow; $(rm -rf ~)".into();
    s.flow_description = Some("PCI capture".into());
    s.private_key_file = "keys/my key.pem".into();
    let cmds = setup_commands(&s);
    assert_eq!(cmds.len(), 11);
    assert!(cmds[2].command.contains("--value 'file://keys/my key.pem' --key-id arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab --region eu-west-2 --profile 'prod admin'"), "{}", cmds[2].command);
    assert!(cmds[7].command.contains("--function-name decrypt "), "{}", cmds[7].command);
    assert!(cmds[9].command.starts_with("aws connect associate-lambda-function --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --function-arn arn:aws:lambda:eu-west-2:123456789012:function:decrypt"));
    assert!(cmds[10].command.contains("--name 'Card'\\''s flow; $(rm -rf ~)'"), "{}", cmds[10].command);
    assert!(cmds[10].command.contains("--description 'PCI capture'"));
    // The private key never appears on a command line, only its file.
    assert!(cmds.iter().all(|c| !c.command.contains("BEGIN")));
    assert_eq!(cmds.iter().filter(|c| c.handles_private_key).count(), 1);
}

/// The role's trust policy and the substitutions survive a real shell: `bash -n` parses the
/// whole script.
#[test]
fn the_script_is_valid_bash() {
    let mut s = spec();
    s.region = Some(AwsRegion::parse("eu-west-2").unwrap());
    let script = render_script(&setup_commands(&s));
    let out = std::process::Command::new("bash").arg("-n").arg("-c").arg(&script).output().expect("bash");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Each generated command line splits into the intended words under a real POSIX shell.
#[test]
fn quoting_survives_a_real_shell() {
    let mut s = spec();
    s.flow_name = "it's \"quoted\" $HOME `x` \\ end".into();
    let cmd = setup_commands(&s).pop().unwrap().command;
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("set -- {}; for a; do printf '%s\\n' \"$a\"; done", cmd.trim_start_matches("aws ")))
        .output()
        .expect("sh");
    let words: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect();
    let name_at = words.iter().position(|w| w == "--name").unwrap();
    assert_eq!(words[name_at + 1], s.flow_name);
}

#[test]
fn spec_round_trips_as_json() {
    let json = serde_json::to_string(&spec()).unwrap();
    let back: SetupSpec = serde_json::from_str(&json).unwrap();
    assert_eq!(back, spec());
    let bad = json.replace(INSTANCE, "not-an-instance");
    assert!(serde_json::from_str::<SetupSpec>(&bad).is_err());
}

//! The AWS CLI set-up sequence.

use flowkeys_connect::commands::RUNS_ON_ADMIN_MACHINE;
use flowkeys_connect::{
    setup_commands, AwsRegion, ConnectInstanceId, KmsKeyArn, LambdaArn, SetupSpec, SsmParameterName,
};

const INSTANCE: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

fn spec() -> SetupSpec {
    SetupSpec::new(
        ConnectInstanceId::parse(INSTANCE).unwrap(),
        SsmParameterName::parse("/flowkeys/connect/decrypt-key").unwrap(),
        "Secure card capture",
    )
}

#[test]
fn minimal_sequence() {
    let cmds = setup_commands(&spec());
    let lines: Vec<&str> = cmds.iter().map(|c| c.command.as_str()).collect();
    assert_eq!(
        lines,
        [
            "aws connect associate-security-key --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --key file://public-key.pem --query AssociationId --output text",
            "aws connect list-security-keys --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "aws ssm put-parameter --name /flowkeys/connect/decrypt-key --type SecureString --value file://private-key.pem",
            "aws connect create-contact-flow --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --name 'Secure card capture' --type CONTACT_FLOW --content file://flow.json",
        ]
    );
    let private: Vec<bool> = cmds.iter().map(|c| c.handles_private_key).collect();
    assert_eq!(private, [false, false, true, false]);
    for c in &cmds {
        assert_eq!(c.runs_on, RUNS_ON_ADMIN_MACHINE);
        assert!(!c.notes.is_empty() && !c.title.is_empty());
    }
    assert!(RUNS_ON_ADMIN_MACHINE.contains("not run in the browser"));
    let key_id_note = cmds[0].notes.join(" ");
    assert!(key_id_note.contains("Key ID") && key_id_note.contains("EncryptionKeyId"), "{key_id_note}");
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
    assert_eq!(cmds.len(), 5);
    assert!(cmds[2].command.contains("--value 'file://keys/my key.pem' --key-id arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab --region eu-west-2 --profile 'prod admin'"), "{}", cmds[2].command);
    assert!(cmds[3].command.starts_with("aws connect associate-lambda-function --instance-id aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --function-arn arn:aws:lambda:eu-west-2:123456789012:function:decrypt"));
    assert!(cmds[4].command.contains("--name 'Card'\\''s flow; $(rm -rf ~)'"), "{}", cmds[4].command);
    assert!(cmds[4].command.contains("--description 'PCI capture'"));
    // The private key never appears on a command line, only its file.
    assert!(cmds.iter().all(|c| !c.command.contains("BEGIN")));
    assert_eq!(cmds.iter().filter(|c| c.handles_private_key).count(), 1);
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

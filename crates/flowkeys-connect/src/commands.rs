//! The AWS CLI sequence an admin runs on their own machine to set Connect up.
//!
//! Flowkeys runs in the browser and never holds AWS credentials, so it writes the commands with
//! the admin's values filled in and shell-quoted, and marks the one that touches the private key.
//! The private key is always read from a file (`file://`), never typed on the command line, where
//! it would land in shell history and the process list.

use serde::{Deserialize, Serialize};

use crate::files::{FileKind, KeySetFiles};
use crate::inputs::{AwsRegion, ConnectInstanceId, KmsKeyArn, LambdaArn, SsmParameterName};
use crate::shell::quote;
use flowkeys_core::naming::Artefact;

/// Where every command runs.
pub const RUNS_ON_ADMIN_MACHINE: &str = "Run this in a terminal on your own machine, with the AWS CLI v2 signed in to the right account. It does not run in the browser: Flowkeys never sees your AWS credentials and sends nothing anywhere.";

/// One command of the sequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CliCommand {
    /// What the step does.
    pub title: String,
    /// The command line (POSIX shell quoting).
    pub command: String,
    /// Whether the command reads the private key. Such a command must run on a trusted machine
    /// and the key file should be deleted afterwards.
    pub handles_private_key: bool,
    /// Where to run it (always the admin's machine).
    pub runs_on: String,
    /// What the command prints and what to do next.
    pub notes: Vec<String>,
}

/// The admin's values for the set-up sequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupSpec {
    /// The Connect instance.
    pub instance_id: ConnectInstanceId,
    /// `--region`; the CLI's default Region when `None`.
    #[serde(default)]
    pub region: Option<AwsRegion>,
    /// `--profile`; the CLI's default profile when `None`.
    #[serde(default)]
    pub profile: Option<String>,
    /// The public key file written by Flowkeys.
    pub public_key_file: String,
    /// The private key file written by Flowkeys.
    pub private_key_file: String,
    /// The SecureString parameter for the private key.
    pub ssm_parameter: SsmParameterName,
    /// The KMS key encrypting the parameter; Parameter Store's AWS managed key when `None`.
    #[serde(default)]
    pub kms_key: Option<KmsKeyArn>,
    /// The flow's name in Connect.
    pub flow_name: String,
    /// The flow's description.
    #[serde(default)]
    pub flow_description: Option<String>,
    /// The generated flow file.
    pub flow_file: String,
    /// The decrypt Lambda, to associate with the instance.
    #[serde(default)]
    pub lambda_arn: Option<LambdaArn>,
}

impl SetupSpec {
    /// A spec with the file names Flowkeys downloads (`public-key.pem`, `private-key.pem`,
    /// `flow.json`) and no Region, profile, KMS key or Lambda.
    pub fn new(instance_id: ConnectInstanceId, ssm_parameter: SsmParameterName, flow_name: &str) -> SetupSpec {
        SetupSpec {
            instance_id,
            region: None,
            profile: None,
            public_key_file: "public-key.pem".into(),
            private_key_file: "private-key.pem".into(),
            ssm_parameter,
            kms_key: None,
            flow_name: flow_name.to_owned(),
            flow_description: None,
            flow_file: "flow.json".into(),
            lambda_arn: None,
        }
    }
}

impl SetupSpec {
    /// The same spec reading the files under the names the console downloads them with
    /// ([`KeySetFiles`]), so every `file://` argument names a file the admin has.
    pub fn with_files(mut self, files: &KeySetFiles) -> SetupSpec {
        self.public_key_file = files.artefact(Artefact::PublicKey);
        self.private_key_file = files.artefact(Artefact::PrivateKey);
        self.flow_file = files.name(FileKind::Flow);
        self
    }
}

/// A key set's part in a rotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyRole {
    /// The live key (or the only one): its parameter keeps the base name.
    Current,
    /// The key a rotation brings in while the current one still decrypts.
    Next,
}

/// The role of key set `index` among key sets listed oldest first, of which those marked in
/// `registered` are registered in Connect: the oldest registered set is the live one; any
/// other set is the next one while a live one exists.
pub fn key_role(index: usize, registered: &[bool]) -> KeyRole {
    match registered.iter().position(|r| *r) {
        Some(live) if live != index => KeyRole::Next,
        _ => KeyRole::Current,
    }
}

/// The Parameter Store name for a key set's private key.
///
/// The current key keeps `base`. The next key gets `base_<8 HEX DIGITS OF ITS PUBLIC KEY>`: a
/// name that does not exist yet, so `put-parameter` succeeds without `--overwrite` and the live
/// key, which calls in progress still need, is never replaced.
pub fn parameter_for(base: &SsmParameterName, role: KeyRole, files: &KeySetFiles) -> SsmParameterName {
    let suffix = files.short_fingerprint().to_ascii_uppercase();
    match role {
        KeyRole::Current => base.clone(),
        KeyRole::Next if suffix.is_empty() => {
            SsmParameterName::parse(&format!("{}_NEXT", base.as_str())).unwrap_or_else(|_| base.clone())
        }
        KeyRole::Next => {
            SsmParameterName::parse(&format!("{}_{suffix}", base.as_str())).unwrap_or_else(|_| base.clone())
        }
    }
}

/// The set-up sequence, in the order to run it.
pub fn setup_commands(spec: &SetupSpec) -> Vec<CliCommand> {
    let common = CommonArgs { region: spec.region.as_ref(), profile: spec.profile.as_deref() };
    let instance = quote(spec.instance_id.as_str());
    let mut out = vec![
        CliCommand {
            title: "Register the public key as a flow security key".into(),
            command: format!(
                "aws connect associate-security-key --instance-id {instance} --key {} --query AssociationId --output text{}",
                file_arg(&spec.public_key_file, "public-key.pem"),
                common.render()
            ),
            handles_private_key: false,
            runs_on: RUNS_ON_ADMIN_MACHINE.into(),
            notes: vec![
                "Prints the AssociationId of the new key. Use it as the Key ID: it goes into the flow's Store customer input block (EncryptionKeyId) and is the key name the decrypt Lambda looks for.".into(),
                "Compare it with the Key ID shown under Flows → Flow security keys in the Connect console before relying on it; the two are expected to be the same value.".into(),
                "Enter the Key ID in Flowkeys and regenerate flow.json and the Lambda before the next steps. An instance holds at most two keys; remove an old one first if needed.".into(),
            ],
        },
        CliCommand {
            title: "Check the registered keys".into(),
            command: format!("aws connect list-security-keys --instance-id {instance}{}", common.render()),
            handles_private_key: false,
            runs_on: RUNS_ON_ADMIN_MACHINE.into(),
            notes: vec!["Lists each key's AssociationId and public key; the new key must be there.".into()],
        },
        put_parameter_command(&spec.ssm_parameter, &spec.private_key_file, spec.kms_key.as_ref(), spec.region.as_ref(), spec.profile.as_deref()),
    ];
    if let Some(arn) = &spec.lambda_arn {
        out.push(CliCommand {
            title: "Allow the instance to invoke the decrypt Lambda".into(),
            command: format!(
                "aws connect associate-lambda-function --instance-id {instance} --function-arn {}{}",
                quote(arn.as_str()),
                common.render()
            ),
            handles_private_key: false,
            runs_on: RUNS_ON_ADMIN_MACHINE.into(),
            notes: vec![
                "Without this association the flow's Invoke AWS Lambda function block cannot call the function.".into(),
            ],
        });
    }
    let description = spec.flow_description.as_deref().filter(|d| !d.trim().is_empty());
    out.push(CliCommand {
        title: "Create the flow".into(),
        command: format!(
            "aws connect create-contact-flow --instance-id {instance} --name {} --type CONTACT_FLOW --content {}{}{}",
            quote(spec.flow_name.trim()),
            file_arg(&spec.flow_file, "flow.json"),
            description.map(|d| format!(" --description {}", quote(d))).unwrap_or_default(),
            common.render()
        ),
        handles_private_key: false,
        runs_on: RUNS_ON_ADMIN_MACHINE.into(),
        notes: vec![
            "flow.json must already contain the Key ID from the first step and the certificate of the same key pair.".into(),
            "Prints the new flow's ContactFlowId and ContactFlowArn. Attach the flow to a phone number or call it from another flow to use it.".into(),
        ],
    });
    out
}

/// Stores a private key as a SecureString, reading it from a file.
pub fn put_parameter_command(
    parameter: &SsmParameterName,
    private_key_file: &str,
    kms_key: Option<&KmsKeyArn>,
    region: Option<&AwsRegion>,
    profile: Option<&str>,
) -> CliCommand {
    let common = CommonArgs { region, profile };
    let key_file = if private_key_file.trim().is_empty() { "private-key.pem" } else { private_key_file.trim() };
    CliCommand {
        title: "Store the private key in Parameter Store (SecureString)".into(),
        command: format!(
            "aws ssm put-parameter --name {} --type SecureString --value {}{}{}",
            quote(parameter.as_str()),
            file_arg(key_file, "private-key.pem"),
            kms_key.map(|k| format!(" --key-id {}", quote(k.as_str()))).unwrap_or_default(),
            common.render()
        ),
        handles_private_key: true,
        runs_on: RUNS_ON_ADMIN_MACHINE.into(),
        notes: vec![
            "Handles the private key. The CLI reads it from the file, so it never appears in shell history or the process list; run this only on a machine you trust.".into(),
            "A 4096-bit private key PEM is about 3.3 KB, within the Standard tier's 4 KB limit.".into(),
            format!("Once the parameter exists, delete the local file (for example shred -u {}) unless you keep an offline backup.", quote(key_file)),
            "Add --overwrite only to replace an existing key on purpose; for a rotation use a new parameter name so the old key keeps working until the flow is switched.".into(),
        ],
    }
}

/// `file://<path>`, shell-quoted as one word.
fn file_arg(path: &str, default: &str) -> String {
    let path = path.trim();
    quote(&format!("file://{}", if path.is_empty() { default } else { path }))
}

struct CommonArgs<'a> {
    region: Option<&'a AwsRegion>,
    profile: Option<&'a str>,
}

impl CommonArgs<'_> {
    fn render(&self) -> String {
        let mut s = String::new();
        if let Some(r) = self.region {
            s.push_str(&format!(" --region {}", quote(r.as_str())));
        }
        if let Some(p) = self.profile.map(str::trim).filter(|p| !p.is_empty()) {
            s.push_str(&format!(" --profile {}", quote(p)));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> SsmParameterName {
        SsmParameterName::parse("CONNECT_INPUT_DECRYPTION_KEY").expect("name")
    }

    #[test]
    fn the_live_key_keeps_its_name_and_the_next_key_gets_a_new_one() {
        let files = KeySetFiles::new("cn", "9f1c2d3e77");
        assert_eq!(parameter_for(&base(), KeyRole::Current, &files).as_str(), "CONNECT_INPUT_DECRYPTION_KEY");
        assert_eq!(parameter_for(&base(), KeyRole::Next, &files).as_str(), "CONNECT_INPUT_DECRYPTION_KEY_9F1C2D3E");
    }

    #[test]
    fn roles_follow_the_oldest_registered_key_set() {
        assert_eq!(key_role(0, &[]), KeyRole::Current);
        assert_eq!(key_role(1, &[false, false]), KeyRole::Current);
        assert_eq!(key_role(1, &[true, false]), KeyRole::Next);
        assert_eq!(key_role(1, &[true, true]), KeyRole::Next);
        assert_eq!(key_role(0, &[true, true]), KeyRole::Current);
        assert_eq!(key_role(0, &[false, true]), KeyRole::Next);
    }

    #[test]
    fn during_a_rotation_the_commands_store_the_next_key_under_a_new_name_from_its_downloaded_file() {
        let files = KeySetFiles::new("cn", "9f1c2d3e77");
        let instance = ConnectInstanceId::parse("12345678-1234-1234-1234-123456789012").expect("instance");
        let spec = SetupSpec::new(instance, parameter_for(&base(), KeyRole::Next, &files), "Flow").with_files(&files);
        let script: Vec<String> = setup_commands(&spec).into_iter().map(|c| c.command).collect();
        let put = script.iter().find(|c| c.contains("put-parameter")).expect("put-parameter");
        assert!(put.contains("--name CONNECT_INPUT_DECRYPTION_KEY_9F1C2D3E"), "{put}");
        assert!(!put.contains("--overwrite"), "{put}");
        assert!(put.contains("file://cn-9f1c2d3e.private-key.pem"), "{put}");
        assert!(script.iter().any(|c| c.contains("file://cn-9f1c2d3e.public-key.pem")));
        assert!(script.iter().any(|c| c.contains("file://cn-9f1c2d3e.flow.json")));
    }
}

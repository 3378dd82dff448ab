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
    /// The decrypt Lambda, once it exists. Optional: the commands create it, and read its ARN
    /// from AWS where a later command needs it.
    #[serde(default)]
    pub lambda_arn: Option<LambdaArn>,
    /// The decrypt Lambda's function name when there is no ARN yet.
    #[serde(default = "default_function_name")]
    pub function_name: String,
    /// The Node.js Lambda source as downloaded, packaged into [`SetupSpec::lambda_zip_file`].
    #[serde(default = "default_lambda_code_file")]
    pub lambda_code_file: String,
    /// The deployment package `create-function` uploads.
    #[serde(default = "default_lambda_zip_file")]
    pub lambda_zip_file: String,
    /// The IAM policy of the function's role, as downloaded.
    #[serde(default = "default_lambda_policy_file")]
    pub lambda_policy_file: String,
    /// The RSA key size, so notes about the key speak of this key.
    #[serde(default)]
    pub key_bits: Option<u32>,
}

/// The function name the commands create when no ARN names another.
pub const DEFAULT_FUNCTION_NAME: &str = "flowkeys-connect-decrypt";

fn default_function_name() -> String {
    DEFAULT_FUNCTION_NAME.into()
}
fn default_lambda_code_file() -> String {
    "lambda.index.js".into()
}
fn default_lambda_zip_file() -> String {
    "lambda.zip".into()
}
fn default_lambda_policy_file() -> String {
    "lambda-policy.json".into()
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
            function_name: default_function_name(),
            lambda_code_file: default_lambda_code_file(),
            lambda_zip_file: default_lambda_zip_file(),
            lambda_policy_file: default_lambda_policy_file(),
            key_bits: None,
        }
    }

    /// The function's name: the ARN's once known, else [`SetupSpec::function_name`].
    pub fn effective_function_name(&self) -> &str {
        match &self.lambda_arn {
            Some(arn) => arn.function_name(),
            None if self.function_name.trim().is_empty() => DEFAULT_FUNCTION_NAME,
            None => self.function_name.trim(),
        }
    }

    /// The role the function runs as: `<function name>-role`, cut to IAM's 64 characters.
    pub fn role_name(&self) -> String {
        let name: String = self.effective_function_name().chars().take(59).collect();
        format!("{name}-role")
    }
}

impl SetupSpec {
    /// The same spec reading the files under the names the console downloads them with
    /// ([`KeySetFiles`]), so every `file://` argument names a file the admin has.
    pub fn with_files(mut self, files: &KeySetFiles) -> SetupSpec {
        self.public_key_file = files.artefact(Artefact::PublicKey);
        self.private_key_file = files.artefact(Artefact::PrivateKey);
        self.flow_file = files.name(FileKind::Flow);
        self.lambda_code_file = files.name(FileKind::LambdaNode);
        self.lambda_zip_file = files.name(FileKind::LambdaZip);
        self.lambda_policy_file = files.name(FileKind::LambdaPolicy);
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
                format!("Enter the Key ID in Flowkeys and download {} and the Lambda's code again before the next steps. An instance holds at most two keys; remove an old one first if needed.", name_or_default(&spec.flow_file, "flow.json")),
            ],
        },
        CliCommand {
            title: "Check the registered keys".into(),
            command: format!("aws connect list-security-keys --instance-id {instance}{}", common.render()),
            handles_private_key: false,
            runs_on: RUNS_ON_ADMIN_MACHINE.into(),
            notes: vec!["Lists each key's AssociationId and public key; the new key must be there.".into()],
        },
        put_parameter_command(
            &spec.ssm_parameter,
            &spec.private_key_file,
            spec.kms_key.as_ref(),
            spec.key_bits,
            spec.region.as_ref(),
            spec.profile.as_deref(),
        ),
    ];
    out.extend(lambda_commands(spec, &common));
    let description = spec.flow_description.as_deref().filter(|d| !d.trim().is_empty());
    let flow_file = name_or_default(&spec.flow_file, "flow.json");
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
            format!("{flow_file} must already contain the Key ID from the first step, the certificate of the same key pair and the decrypt Lambda's ARN (printed by create-function): enter both in Flowkeys and download the flow again."),
            "Prints the new flow's ContactFlowId and ContactFlowArn. Attach the flow to a phone number or call it from another flow to use it.".into(),
        ],
    });
    out
}

/// The decrypt Lambda's part, in order: its role, its package and function, and Connect's
/// permission to invoke it. Values that exist only once an earlier command ran (the role's and
/// function's ARNs, the instance's ARN) are read from AWS with `$(…)` instead of asking the
/// admin to copy them.
fn lambda_commands(spec: &SetupSpec, common: &CommonArgs<'_>) -> Vec<CliCommand> {
    let function = spec.effective_function_name();
    let role = spec.role_name();
    let partition = spec
        .lambda_arn
        .as_ref()
        .map(LambdaArn::partition)
        .or(spec.region.as_ref().map(AwsRegion::partition))
        .unwrap_or("aws");
    let args = common.render();
    let instance = quote(spec.instance_id.as_str());
    let code_file = name_or_default(&spec.lambda_code_file, "lambda.index.js");
    let zip_file = name_or_default(&spec.lambda_zip_file, "lambda.zip");
    let build_dir = format!("{}.build", zip_file.trim_end_matches(".zip"));
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let role_arn = format!("\"$(aws iam get-role --role-name {} --query Role.Arn --output text{args})\"", quote(&role));
    let function_arn = match &spec.lambda_arn {
        Some(arn) => quote(arn.as_str()),
        None => format!(
            "\"$(aws lambda get-function --function-name {} --query Configuration.FunctionArn --output text{args})\"",
            quote(function)
        ),
    };
    let instance_arn = format!(
        "\"$(aws connect describe-instance --instance-id {instance} --query Instance.Arn --output text{args})\""
    );
    let cmd = |title: &str, command: String, notes: Vec<String>| CliCommand {
        title: title.into(),
        command,
        handles_private_key: false,
        runs_on: RUNS_ON_ADMIN_MACHINE.into(),
        notes,
    };
    vec![
        cmd(
            "Create the decrypt Lambda's role",
            format!(
                "aws iam create-role --role-name {} --assume-role-policy-document {}{args}",
                quote(&role),
                quote(trust)
            ),
            vec!["Lets Lambda assume the role; the next two commands give it its logs and its key, nothing else.".into()],
        ),
        cmd(
            "Let the role write the function's logs",
            format!(
                "aws iam attach-role-policy --role-name {} --policy-arn {}{args}",
                quote(&role),
                quote(&format!("arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
            ),
            vec!["AWSLambdaBasicExecutionRole: CloudWatch Logs only. The function never logs the event or the decrypted value.".into()],
        ),
        cmd(
            "Let the role read the private key",
            format!(
                "aws iam put-role-policy --role-name {} --policy-name flowkeys-read-decryption-key --policy-document {}{args}",
                quote(&role),
                file_arg(&spec.lambda_policy_file, "lambda-policy.json")
            ),
            vec!["The IAM policy from the Lambda screen: ssm:GetParameter on the key's parameter (and kms:Decrypt on a customer-managed key, if one was given).".into()],
        ),
        cmd(
            "Package the decrypt Lambda",
            format!(
                "mkdir -p {dir} && cp {} {dir}/index.js && npm install --prefix {dir} --omit=dev @aws-crypto/client-node@5 && (cd {dir} && zip -qr ../{} .)",
                quote(code_file),
                quote(zip_file),
                dir = quote(&build_dir),
            ),
            vec![format!("Builds {zip_file} from the downloaded {code_file} and @aws-crypto/client-node 5 (needs Node.js, npm and zip; @aws-sdk/client-ssm comes with the Lambda runtime).")],
        ),
        cmd(
            "Create the decrypt Lambda",
            format!(
                "aws lambda create-function --function-name {} --runtime nodejs20.x --handler index.handler --memory-size 1024 --timeout 5 --role {role_arn} --zip-file {}{args}",
                quote(function),
                quote(&format!("fileb://{zip_file}"))
            ),
            vec![
                "Prints the function's FunctionArn: enter it in Flowkeys (Lambda screen) so the flow calls this function and the policy names its account.".into(),
                "If it says the role cannot be assumed by Lambda, wait ten seconds and run it again: a new role takes a few seconds to reach Lambda.".into(),
                format!("If the function already exists (a rotation, or a second run), update it instead: aws lambda update-function-code --function-name {} --zip-file {}{args}", quote(function), quote(&format!("fileb://{zip_file}"))),
                "Test it before the first call: the Lambda screen's test event carries a preview ciphertext (Lambda console → Test, or aws lambda invoke --payload fileb://<test event file>).".into(),
            ],
        ),
        cmd(
            "Let Connect invoke the function (from this instance only)",
            format!(
                "aws lambda add-permission --function-name {} --statement-id {} --action lambda:InvokeFunction --principal connect.amazonaws.com --source-arn {instance_arn}{args}",
                quote(function),
                quote(&format!("connect-{}", spec.instance_id.as_str())),
            ),
            vec!["A resource-based permission scoped to this instance's ARN, so no other instance or account can call the function.".into()],
        ),
        cmd(
            "Add the function to the instance",
            format!("aws connect associate-lambda-function --instance-id {instance} --function-arn {function_arn}{args}"),
            vec!["Without this association the flow's Invoke AWS Lambda function block cannot call the function.".into()],
        ),
    ]
}

/// One shell script from the commands, in order: each command under its title and notes, the
/// ones that read the private key marked. The one renderer of the set-up sequence, so every
/// screen and the CLI print the same text.
pub fn render_script(commands: &[CliCommand]) -> String {
    let mut out = String::from(
        "#!/usr/bin/env bash\n# Written by Flowkeys. Run the commands one at a time, in order, on your own machine, and read each step's notes first: some steps ask you to enter what a command printed in Flowkeys before the next one.\n",
    );
    for c in commands {
        out.push_str(&format!("\n# {}\n", c.title));
        if c.handles_private_key {
            out.push_str("# ⚠ Handles the PRIVATE KEY: run on your own trusted machine, never in a shared shell.\n");
        }
        for n in &c.notes {
            out.push_str(&format!("# {n}\n"));
        }
        out.push_str(&c.command);
        out.push('\n');
    }
    out
}

/// Stores a private key as a SecureString, reading it from a file.
pub fn put_parameter_command(
    parameter: &SsmParameterName,
    private_key_file: &str,
    kms_key: Option<&KmsKeyArn>,
    key_bits: Option<u32>,
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
            pem_size_note(key_bits),
            format!("Once the parameter exists, delete the local file (for example shred -u {}) unless you keep an offline backup.", quote(key_file)),
            "Add --overwrite only to replace an existing key on purpose; for a rotation use a new parameter name so the old key keeps working until the flow is switched.".into(),
        ],
    }
}

/// What the private key PEM weighs against the Standard tier's 4 KB limit, for this key's size.
/// PKCS#8 PEM sizes measured with OpenSSL 3 (`openssl genpkey … | wc -c`): 2048 bits 1,704
/// bytes, 3072 bits 2,484, 4096 bits 3,272; other sizes are estimated.
fn pem_size_note(key_bits: Option<u32>) -> String {
    let measured = |bits: u32| match bits {
        2048 => Some("1.7"),
        3072 => Some("2.5"),
        4096 => Some("3.3"),
        _ => None,
    };
    match key_bits {
        None => "A private key PEM of up to 4096 bits (about 3.3 KB) fits within the Standard tier's 4 KB limit.".into(),
        Some(bits) => match measured(bits) {
            Some(kb) => format!("A {bits}-bit private key PEM is about {kb} KB, within the Standard tier's 4 KB limit."),
            None if bits.saturating_mul(4) / 5 <= 4000 => {
                format!("A {bits}-bit private key PEM is about {:.1} KB, within the Standard tier's 4 KB limit.", f64::from(bits) * 0.8 / 1000.0)
            }
            None => format!("A {bits}-bit private key PEM is about {:.1} KB, more than the Standard tier's 4 KB: add --tier Advanced (and note that Connect registers keys of at most 4096 bits).", f64::from(bits) * 0.8 / 1000.0),
        },
    }
}

/// A file name as given, or `default` when it is blank.
fn name_or_default<'a>(path: &'a str, default: &'a str) -> &'a str {
    let path = path.trim();
    if path.is_empty() {
        default
    } else {
        path
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

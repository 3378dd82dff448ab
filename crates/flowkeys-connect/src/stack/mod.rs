//! The one-step deployment: a CloudFormation template that registers the flow security key,
//! creates the decrypt Lambda with a least-privilege role, lets the Connect instance invoke it,
//! and imports the secure-input flow wired to both.
//!
//! The Key ID never has to be copied by hand: the template reads it from the security key it
//! creates (`Fn::GetAtt SecurityKey.AssociationId`) and passes it to the function's environment
//! and into the flow. That `AssociationId` is the Key ID is inferred from the API references
//! (`AssociateSecurityKey` returns an `AssociationId`; `ListSecurityKeys` lists keys by it);
//! `aws connect list-security-keys` shows it for checking.
//!
//! CloudFormation cannot create a SecureString parameter, so the private key is stored with
//! `aws ssm put-parameter` on the admin's machine and the template takes the parameter's name.

mod flow;
mod template;

use serde::{Deserialize, Serialize};

use crate::certificate::EncryptionCertificate;
use crate::contract::CollectKind;
use crate::flow::LintReport;

pub use template::{LOGICAL_FUNCTION, LOGICAL_SECURITY_KEY};

/// Which decrypt Lambda the stack deploys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LambdaRuntime {
    /// The `bootstrap` zip from `scripts/package-lambda.sh` on `provided.al2023`.
    Rust,
    /// The generated Node.js Lambda with @aws-crypto/client-node, packaged by the same script.
    Nodejs,
    /// The generated Python Lambda with aws-encryption-sdk, packaged by the same script.
    Python,
}

impl LambdaRuntime {
    /// Every choice, in the order the template lists them.
    pub const ALL: [LambdaRuntime; 3] = [LambdaRuntime::Rust, LambdaRuntime::Nodejs, LambdaRuntime::Python];

    /// The template's `Runtime` parameter value.
    pub fn name(self) -> &'static str {
        match self {
            LambdaRuntime::Rust => "rust",
            LambdaRuntime::Nodejs => "nodejs",
            LambdaRuntime::Python => "python",
        }
    }

    /// Reads a `Runtime` parameter value.
    pub fn parse(s: &str) -> Option<LambdaRuntime> {
        LambdaRuntime::ALL.into_iter().find(|r| r.name().eq_ignore_ascii_case(s.trim()))
    }

    /// The Lambda runtime identifier.
    pub fn lambda_runtime(self) -> &'static str {
        match self {
            LambdaRuntime::Rust => "provided.al2023",
            LambdaRuntime::Nodejs => "nodejs22.x",
            LambdaRuntime::Python => "python3.13",
        }
    }

    /// The handler setting.
    pub fn handler(self) -> &'static str {
        match self {
            LambdaRuntime::Rust => "bootstrap",
            LambdaRuntime::Nodejs => "index.handler",
            LambdaRuntime::Python => "lambda_function.lambda_handler",
        }
    }

    /// Memory in MB. The Encryption SDKs for Node.js and Python need room (and the CPU share
    /// that comes with it) for a tolerable cold start; the Rust function needs neither.
    pub fn memory_mb(self) -> u32 {
        match self {
            LambdaRuntime::Rust => 256,
            LambdaRuntime::Nodejs | LambdaRuntime::Python => 1024,
        }
    }

    /// The package file name `scripts/package-lambda.sh` writes for `arch` (`x86_64`/`arm64`).
    pub fn package_file(self, arch: &str) -> String {
        format!("flowkeys-decrypt-{}-{arch}.zip", self.name())
    }
}

/// Inputs for [`generate_stack`]. The deployment-specific values (instance ARN, parameter name,
/// code location, rotation key) are template parameters, so one template serves every instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackSpec {
    /// The certificate of the key pair whose private key is in Parameter Store: its public key
    /// is registered as the flow security key and the certificate goes into the flow.
    pub certificate_pem: EncryptionCertificate,
    /// What the flow collects.
    pub collect: CollectKind,
    /// The default of the template's `Runtime` parameter.
    pub runtime: LambdaRuntime,
    /// Now (serialised as Unix seconds), for the flow lint's certificate expiry checks (skipped
    /// when `None`).
    #[serde(default)]
    pub now_unix: Option<flowkeys_core::UnixTime>,
}

/// Why the template cannot be generated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StackError {
    /// The flow generator refused the spec.
    #[error("The secure-input flow cannot be generated: {0}")]
    Flow(#[from] crate::flow::FlowSpecError),
    /// The generated flow has lint findings (errors or warnings).
    #[error("The generated flow does not lint clean ({count} finding(s), first: {first}). Fix the certificate or the flow settings named there.")]
    FlowLint {
        /// Errors plus warnings.
        count: usize,
        /// The first finding's message.
        first: String,
    },
    /// The flow could not be re-read by the linter (a bug).
    #[error("The generated flow could not be read back for linting: {0}")]
    FlowUnreadable(String),
}

/// A generated template.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GeneratedStack {
    /// The CloudFormation template, JSON.
    pub template: String,
    /// The lint report of the flow inside it (clean: no errors or warnings).
    pub flow_lint: LintReport,
    /// Deployment notes.
    pub notes: Vec<String>,
}

/// Generates the template for `spec`. The same spec always gives byte-identical output.
pub fn generate_stack(spec: &StackSpec) -> Result<GeneratedStack, StackError> {
    let (flow_content, flow_lint) = flow::flow_for_stack(spec)?;
    let template = template::template(spec, &flow_content);
    Ok(GeneratedStack {
        template: serde_json::to_string_pretty(&template).unwrap_or_default(),
        flow_lint,
        notes: notes(),
    })
}

impl GeneratedStack {
    /// The deployment notes as shell comments, then [`deploy_commands`]: the script the console
    /// offers beside the template (`deploy-stack.sh`).
    pub fn deploy_script(&self, runtime: LambdaRuntime) -> String {
        let mut script: String = self.notes.iter().map(|n| format!("# {n}\n")).collect();
        for command in deploy_commands(runtime) {
            script.push_str(&command);
            script.push('\n');
        }
        script
    }
}

/// The commands around the template, with placeholders in capitals for the admin's values.
pub fn deploy_commands(runtime: LambdaRuntime) -> Vec<String> {
    let zip = runtime.package_file("x86_64");
    vec![
        "aws ssm put-parameter --name /flowkeys/connect/decrypt-key --type SecureString --value file://private-key.pem".to_owned(),
        format!("aws s3 cp {zip} s3://CODE-BUCKET/{zip}"),
        format!(
            "aws cloudformation deploy --template-file flowkeys-stack.json --stack-name flowkeys-connect --capabilities CAPABILITY_IAM --parameter-overrides InstanceArn=INSTANCE-ARN KeyParameterName=/flowkeys/connect/decrypt-key CodeBucket=CODE-BUCKET CodeKey={zip} Runtime={}",
            runtime.name()
        ),
    ]
}

fn notes() -> Vec<String> {
    vec![
        "CloudFormation cannot create SecureString parameters: store the private key first with `aws ssm put-parameter --type SecureString` on your own machine, then pass its name as KeyParameterName.".into(),
        "The Key ID is read from the security key the stack registers (Fn::GetAtt SecurityKey.AssociationId); that this AssociationId is the Key ID is inferred from the Amazon Connect API references. Check it after deploying: `aws connect list-security-keys --instance-id INSTANCE-ID` must list the stack's KeyId output.".into(),
        "Connect allows two flow security keys per instance. For a rotation, deploy the next key's stack, then set NextKeyId and NextKeyParameterName on this one so the function decrypts for both until the flow is switched.".into(),
        "Give KmsKeyArn only when the parameter is encrypted with a customer managed KMS key; with Parameter Store's AWS managed key (aws/ssm) no kms:Decrypt permission is needed.".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_names_round_trip() {
        for r in LambdaRuntime::ALL {
            assert_eq!(LambdaRuntime::parse(r.name()), Some(r));
        }
        assert_eq!(LambdaRuntime::parse("java"), None);
        assert_eq!(LambdaRuntime::Rust.package_file("arm64"), "flowkeys-decrypt-rust-arm64.zip");
    }
}

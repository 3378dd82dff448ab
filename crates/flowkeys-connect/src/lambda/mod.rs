//! The decrypt Lambda: Node.js and Python source, its IAM policy, and the command that stores
//! its private key(s).
//!
//! The Lambda receives the ciphertext from the generated flow (see [`crate::contract`]),
//! decrypts it with the AWS Encryption SDK using Connect's settings (raw RSA key, provider
//! `AmazonConnect`, key name = Key ID, RSA-OAEP with SHA-512 and MGF1-SHA-512, a commitment
//! policy that accepts Connect's non-committing suite 0x0378) and returns a flat object the flow
//! reads as `$.External.<key>`. By default that object holds only a status and a masked value.

pub mod environment;
mod iam;
mod node;
mod python;
pub mod test_event;

pub use environment::{environment_lambda_code, EnvironmentLambdaCode};
pub use test_event::{test_event, TestEventSpec};

use serde::{Deserialize, Serialize};

use crate::commands::{put_parameter_command, CliCommand};
use crate::contract::CollectKind;
use crate::inputs::{AwsRegion, KeyId, KmsKeyArn, LambdaArn, SsmParameterName};

/// One Key ID the Lambda can decrypt for, and where its private key is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LambdaKey {
    /// The Key ID (the flow's `EncryptionKeyId`, the ciphertext's key name).
    pub key_id: KeyId,
    /// The SecureString parameter holding that key pair's private key PEM.
    pub ssm_parameter: SsmParameterName,
    /// Local file the put-parameter command reads; `private-key.pem` (one key) or
    /// `private-key-<first 8 of Key ID>.pem` (two keys) when `None`.
    #[serde(default)]
    pub private_key_file: Option<String>,
    /// The RSA key size, so the notes give that key's PEM size (not a 4096-bit key's).
    #[serde(default)]
    pub key_bits: Option<u32>,
}

/// Inputs for [`generate_lambda`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LambdaSpec {
    /// One key, or two during a rotation (Connect allows two flow security keys).
    pub keys: Vec<LambdaKey>,
    /// The function's ARN, once the function exists: its partition, Region and account pin the
    /// parameters in the policy. Optional, because the function is created from this very code:
    /// code, policy and test event are written without it.
    #[serde(default)]
    pub lambda_arn: Option<LambdaArn>,
    /// The Region of the function and its parameters, used while there is no ARN.
    #[serde(default)]
    pub region: Option<AwsRegion>,
    /// A customer-managed KMS key encrypting the parameters. `None` means Parameter Store's AWS
    /// managed key (aws/ssm), whose key policy already lets the account decrypt through
    /// Parameter Store, so the policy then has no `kms:Decrypt` statement.
    #[serde(default)]
    pub kms_key_arn: Option<KmsKeyArn>,
    /// Return the full decrypted value as `value`. Off by default: see the generated code.
    #[serde(default)]
    pub return_full_value: bool,
}

/// Partition, Region and account of the resources a policy names; `*` where not known yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scope {
    pub(crate) partition: String,
    pub(crate) region: String,
    pub(crate) account: String,
}

impl LambdaSpec {
    /// Where the parameters live: the function's ARN says it all; otherwise a customer-managed
    /// KMS key's ARN (same account and Region as its parameters); otherwise the Region given,
    /// in any account (`*`) until the ARN is known.
    pub(crate) fn scope(&self) -> Scope {
        let own = |(p, r, a): (&str, &str, &str)| Scope { partition: p.into(), region: r.into(), account: a.into() };
        if let Some(arn) = &self.lambda_arn {
            return own((arn.partition(), arn.region(), arn.account_id()));
        }
        if let Some(kms) = &self.kms_key_arn {
            return own(kms.scope());
        }
        match &self.region {
            Some(r) => own((r.partition(), r.as_str(), "*")),
            None => own(("aws", "*", "*")),
        }
    }

    /// The Region the commands pass as `--region`, when known.
    pub fn effective_region(&self) -> Option<AwsRegion> {
        let from_arn = self.lambda_arn.as_ref().and_then(|a| AwsRegion::parse(a.region()).ok());
        from_arn.or_else(|| self.region.clone())
    }
}

/// Why Lambda code cannot be generated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LambdaSpecError {
    /// No keys.
    #[error("Add the Key ID and Parameter Store name of at least one flow security key.")]
    NoKeys,
    /// More than Connect allows.
    #[error(
        "{count} keys were given; Connect allows two flow security keys per instance, so the Lambda needs at most two."
    )]
    TooManyKeys {
        /// How many were given.
        count: usize,
    },
    /// The same Key ID twice.
    #[error("Key ID {key_id} is listed twice. During a rotation list the old and the new Key ID once each.")]
    DuplicateKeyId {
        /// The repeated Key ID.
        key_id: String,
    },
    /// The same parameter for two keys.
    #[error("Both keys use the parameter {name}. Each key pair has its own private key, so each Key ID needs its own parameter.")]
    DuplicateParameter {
        /// The repeated parameter name.
        name: String,
    },
}

/// The generated Lambda material.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LambdaCode {
    /// `index.js` for Node.js 20+ with @aws-crypto/client-node 5.x; handler [`LambdaCode::node_handler`].
    pub node: String,
    /// `lambda_function.py` for Python 3.11+ with aws-encryption-sdk 4.x.
    pub python: String,
    /// Node.js handler setting.
    pub node_handler: String,
    /// Python handler setting.
    pub python_handler: String,
    /// IAM policy JSON for the function's role.
    pub iam_policy: String,
    /// `aws ssm put-parameter` for each key.
    pub ssm_commands: Vec<CliCommand>,
    /// Deployment notes.
    pub notes: Vec<String>,
}

/// Fills a language template's placeholders: the key list and the full-value switch (already
/// in the language's syntax), and the contract names shared by both languages and the flow.
pub(crate) fn fill_template(template: &str, keys: &str, return_full_value: &str) -> String {
    use crate::contract::*;
    let show: Vec<String> = kinds_showing_last_four().into_iter().map(literal).collect();
    let show = show.join(", ");
    // The admin's values (`__KEYS__`) go in last, so a parameter name that happens to look like
    // a placeholder is never substituted.
    let pairs: [(&str, &str); 27] = [
        ("__SHOW_LAST_FOUR__", &show),
        ("__RETURN_FULL_VALUE__", return_full_value),
        ("__P_INPUT__", PARAM_ENCRYPTED_INPUT),
        ("__P_KIND__", PARAM_INPUT_KIND),
        ("__P_MIN__", PARAM_MIN_LENGTH),
        ("__P_MAX__", PARAM_MAX_LENGTH),
        ("__R_STATUS__", RESULT_STATUS),
        ("__R_MASKED__", RESULT_MASKED),
        ("__R_LAST4__", RESULT_LAST4),
        ("__R_LENGTH__", RESULT_LENGTH),
        ("__R_VALUE__", RESULT_VALUE),
        ("__R_REASON__", RESULT_REASON),
        ("__R_INPUT_KEY_IDS__", RESULT_INPUT_KEY_IDS),
        ("__S_KEY_UNAVAILABLE__", STATUS_KEY_UNAVAILABLE),
        ("__REASON_NOT_FOUND__", REASON_PARAMETER_NOT_FOUND),
        ("__REASON_ACCESS__", REASON_PARAMETER_ACCESS_DENIED),
        ("__REASON_LOAD__", REASON_KEY_LOAD_ERROR),
        ("__S_OK__", STATUS_OK),
        ("__S_TIMEOUT__", STATUS_TIMEOUT),
        ("__S_NO_INPUT__", STATUS_NO_INPUT),
        ("__S_NOT_ENCRYPTED__", STATUS_NOT_ENCRYPTED),
        ("__S_DECRYPT_FAILED__", STATUS_DECRYPT_FAILED),
        ("__S_INVALID_LENGTH__", STATUS_INVALID_LENGTH),
        ("__S_INVALID_CHECKSUM__", STATUS_INVALID_CHECKSUM),
        ("__REASON_MISMATCH__", REASON_KEY_ID_MISMATCH),
        ("__REASON_ERROR__", REASON_DECRYPT_ERROR),
        ("__KEYS__", keys),
    ];
    let mut out = template.to_owned();
    for (placeholder, value) in pairs {
        out = out.replace(placeholder, value);
    }
    out
}

/// The kinds whose last four digits the Lambda may return by default.
pub(crate) fn kinds_showing_last_four() -> Vec<&'static str> {
    [
        CollectKind::CardNumber,
        CollectKind::Cvv,
        CollectKind::ExpiryDate,
        CollectKind::AccountNumber,
        CollectKind::Custom { label: String::new() },
    ]
    .iter()
    .filter(|k| k.reveals_last_four())
    .map(CollectKind::wire_name)
    .collect()
}

/// A JSON string literal, which is also a valid JavaScript and Python string literal.
pub(crate) fn literal(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Generates the Lambda code, policy and parameter commands.
pub fn generate_lambda(spec: &LambdaSpec) -> Result<LambdaCode, LambdaSpecError> {
    match spec.keys.len() {
        0 => return Err(LambdaSpecError::NoKeys),
        1 | 2 => {}
        count => return Err(LambdaSpecError::TooManyKeys { count }),
    }
    if let [a, b] = spec.keys.as_slice() {
        if a.key_id == b.key_id {
            return Err(LambdaSpecError::DuplicateKeyId { key_id: a.key_id.to_string() });
        }
        if a.ssm_parameter == b.ssm_parameter {
            return Err(LambdaSpecError::DuplicateParameter { name: a.ssm_parameter.to_string() });
        }
    }
    let two = spec.keys.len() == 2;
    let ssm_commands = spec
        .keys
        .iter()
        .map(|k| {
            let file = k.private_key_file.clone().unwrap_or_else(|| {
                if two {
                    format!("private-key-{}.pem", k.key_id.as_str().get(..8).unwrap_or("key"))
                } else {
                    "private-key.pem".into()
                }
            });
            let region = spec.effective_region();
            let mut cmd = put_parameter_command(
                &k.ssm_parameter,
                &file,
                spec.kms_key_arn.as_ref(),
                k.key_bits,
                region.as_ref(),
                None,
            );
            cmd.title = format!("Store the private key for Key ID {} in Parameter Store (SecureString)", k.key_id);
            cmd
        })
        .collect();
    Ok(LambdaCode {
        node: node::source(spec),
        python: python::source(spec),
        node_handler: "index.handler".into(),
        python_handler: "lambda_function.lambda_handler".into(),
        iam_policy: iam::policy(spec),
        ssm_commands,
        notes: notes(spec),
    })
}

fn notes(spec: &LambdaSpec) -> Vec<String> {
    let mut notes = vec![
        "Node.js: deploy index.js together with node_modules from `npm install @aws-crypto/client-node@5` (runtime nodejs20.x or later; @aws-sdk/client-ssm comes with the runtime). Handler: index.handler.".to_owned(),
        "Python: deploy lambda_function.py together with `pip install aws-encryption-sdk==4.* --target package/` built for the function's architecture (it needs the Linux cryptography wheel); boto3 comes with the runtime. Handler: lambda_function.lambda_handler.".to_owned(),
        "Give the function 1024 MB of memory and a timeout of a few seconds: Connect waits at most 8 seconds, and the Encryption SDK makes cold starts slow. The private key and keyring are cached between invocations.".to_owned(),
        "Attach the IAM policy to the function's role, together with AWSLambdaBasicExecutionRole for its logs (the set-up commands do both).".to_owned(),
        "The function never logs the event or the decrypted value; keep it that way when you change it, because the event holds the ciphertext and every contact attribute.".to_owned(),
        "The answer is read in the flow as $.External.status (and $.External.masked, $.External.last4). Never copy it into contact attributes.".to_owned(),
    ];
    match &spec.kms_key_arn {
        None => notes.push("The policy has no kms:Decrypt statement because no customer-managed KMS key was given: with Parameter Store's AWS managed key (aws/ssm) the key's own policy lets the account's roles decrypt through Parameter Store. If the parameter uses your own KMS key, enter its ARN to add the statement.".into()),
        Some(_) => notes.push("kms:Decrypt is allowed on the given KMS key only for these parameters (the PARAMETER_ARN encryption context Parameter Store sends), so the role cannot use the key for anything else.".into()),
    }
    if spec.scope().account == "*" {
        notes.push("No function ARN yet: the policy names the parameters in any account (…:*:parameter/…), which is enough to create the function. Once create-function has printed the ARN, enter it to pin the parameters to its account and Region, and update the role's policy.".into());
    }
    if spec.return_full_value {
        notes.push("This Lambda returns the full decrypted value as $.External.value. Anything in $.External can reach flow logs while logging is on and can be copied into attributes by a later edit; prefer doing the sensitive work inside the Lambda.".into());
    }
    notes
}

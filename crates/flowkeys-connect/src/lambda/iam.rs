//! The IAM policy the decrypt Lambda's role needs: read its parameter(s), decrypt them with KMS.

use serde::Serialize;
use serde_json::json;

use super::LambdaSpec;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Policy {
    version: &'static str,
    statement: Vec<Statement>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    sid: &'static str,
    effect: &'static str,
    action: &'static str,
    resource: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<serde_json::Value>,
}

/// The policy JSON. `kms:Decrypt` appears only with a customer-managed key, limited to the
/// parameters through Parameter Store's encryption context (`PARAMETER_ARN`), so the role
/// cannot use the key for anything else. Parameter Store's AWS managed key needs no statement
/// (its key policy allows use through Parameter Store by the account), and a placeholder ARN
/// would only make the policy fail to save or tempt an admin into `"Resource": "*"`.
pub(super) fn policy(spec: &LambdaSpec) -> String {
    let scope = spec.scope();
    let parameters: Vec<String> =
        spec.keys.iter().map(|k| k.ssm_parameter.arn(&scope.partition, &scope.region, &scope.account)).collect();
    let mut statement = vec![Statement {
        sid: "ReadConnectDecryptionKeys",
        effect: "Allow",
        action: "ssm:GetParameter",
        resource: json!(parameters),
        condition: None,
    }];
    if let Some(kms_key) = &spec.kms_key_arn {
        statement.push(Statement {
            sid: "DecryptTheSecureStringParameters",
            effect: "Allow",
            action: "kms:Decrypt",
            resource: json!(kms_key.as_str()),
            condition: Some(json!({ "StringEquals": { "kms:EncryptionContext:PARAMETER_ARN": parameters } })),
        });
    }
    let policy = Policy { version: "2012-10-17", statement };
    serde_json::to_string_pretty(&policy).unwrap_or_default()
}

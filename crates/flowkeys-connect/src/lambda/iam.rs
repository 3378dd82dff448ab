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

/// The policy JSON. `kms:Decrypt` is limited to the parameters through Parameter Store's
/// encryption context (`PARAMETER_ARN`), so the role cannot use the key for anything else.
pub(super) fn policy(spec: &LambdaSpec) -> String {
    let arn = &spec.lambda_arn;
    let (partition, region, account) = (arn.partition(), arn.region(), arn.account_id());
    let parameters: Vec<String> = spec.keys.iter().map(|k| k.ssm_parameter.arn(partition, region, account)).collect();
    let kms_key = match &spec.kms_key_arn {
        Some(k) => k.as_str().to_owned(),
        None => format!("arn:{partition}:kms:{region}:{account}:key/REPLACE-WITH-THE-KMS-KEY-ID-OF-THE-PARAMETER"),
    };
    let policy = Policy {
        version: "2012-10-17",
        statement: vec![
            Statement {
                sid: "ReadConnectDecryptionKeys",
                effect: "Allow",
                action: "ssm:GetParameter",
                resource: json!(parameters),
                condition: None,
            },
            Statement {
                sid: "DecryptTheSecureStringParameters",
                effect: "Allow",
                action: "kms:Decrypt",
                resource: json!(kms_key),
                condition: Some(json!({ "StringEquals": { "kms:EncryptionContext:PARAMETER_ARN": parameters } })),
            },
        ],
    };
    serde_json::to_string_pretty(&policy).unwrap_or_default()
}

//! The CloudFormation template's parameters, conditions and resources.

use base64ct::Encoding;
use serde_json::{json, Value};

use crate::lambda::environment::{ENV_KEY_ID, ENV_KEY_PARAMETER, ENV_NEXT_KEY_ID, ENV_NEXT_KEY_PARAMETER};

use super::{LambdaRuntime, StackSpec};

/// Logical ID of the flow security key (its `AssociationId` is the Key ID).
pub const LOGICAL_SECURITY_KEY: &str = "SecurityKey";
/// Logical ID of the decrypt function.
pub const LOGICAL_FUNCTION: &str = "DecryptFunction";

const UUID_PATTERN: &str = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/// Hierarchical names only: the policy's parameter ARN is `parameter` + name, which needs the
/// leading slash (a flat name would need `parameter/` + name).
const PARAMETER_PATTERN: &str = "/[A-Za-z0-9_.\\-/]{1,1010}";

/// The SubjectPublicKeyInfo of the certificate as a `PUBLIC KEY` PEM, the form
/// `AssociateSecurityKey` takes.
fn public_key_pem(spec: &StackSpec) -> String {
    let b64 = base64ct::Base64::encode_string(&spec.certificate_pem.info().spki_der);
    let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(chunk));
        pem.push('\n');
    }
    pem.push_str("-----END PUBLIC KEY-----\n");
    pem
}

fn parameter_arn(name_ref: &str) -> Value {
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter${{{name_ref}}}") })
}

/// The template as JSON.
pub(super) fn template(spec: &StackSpec, flow_content: &str) -> Value {
    let runtimes: Vec<&str> = LambdaRuntime::ALL.iter().map(|r| r.name()).collect();
    let mut settings = serde_json::Map::new();
    for r in LambdaRuntime::ALL {
        settings.insert(
            r.name().to_owned(),
            json!({ "Runtime": r.lambda_runtime(), "Handler": r.handler(), "MemorySize": r.memory_mb() }),
        );
    }
    let setting = |name: &str| json!({ "Fn::FindInMap": ["RuntimeSettings", { "Ref": "Runtime" }, name] });
    let parameters = json!([
        parameter_arn("KeyParameterName"),
        { "Fn::If": ["HasNextKey", parameter_arn("NextKeyParameterName"), { "Ref": "AWS::NoValue" }] },
    ]);
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Flowkeys: Amazon Connect flow security key, decrypt Lambda and secure-input flow, wired together (the Key ID is read from the registered key, never copied by hand).",
        "Parameters": {
            "InstanceArn": {
                "Type": "String",
                "Description": "ARN of the Amazon Connect instance (arn:aws:connect:REGION:ACCOUNT:instance/ID).",
                "AllowedPattern": format!("^arn:aws[a-z-]*:connect:[a-z0-9-]+:[0-9]{{12}}:instance/{UUID_PATTERN}$"),
            },
            "KeyParameterName": {
                "Type": "String",
                "Description": "Name of the SecureString parameter holding the private key PEM, stored beforehand with aws ssm put-parameter (CloudFormation cannot create SecureStrings).",
                "AllowedPattern": format!("^{PARAMETER_PATTERN}$"),
            },
            "KmsKeyArn": {
                "Type": "String",
                "Default": "",
                "Description": "ARN of the customer managed KMS key encrypting the parameter(s); leave empty for Parameter Store's AWS managed key.",
                "AllowedPattern": format!("^(|arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{{12}}:key/{UUID_PATTERN})$"),
            },
            "CodeBucket": {
                "Type": "String",
                "Description": "S3 bucket holding the function's package (same Region as the stack).",
                "AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
            },
            "CodeKey": {
                "Type": "String",
                "Description": "S3 key of the package written by scripts/package-lambda.sh, for example flowkeys-decrypt-rust-x86_64.zip.",
                "MinLength": 1,
            },
            "Runtime": {
                "Type": "String",
                "Default": spec.runtime.name(),
                "AllowedValues": runtimes,
                "Description": "Which decrypt Lambda the package holds: rust (bootstrap on provided.al2023), nodejs or python.",
            },
            "Architecture": {
                "Type": "String",
                "Default": "x86_64",
                "AllowedValues": ["x86_64", "arm64"],
                "Description": "The package's architecture.",
            },
            "NextKeyId": {
                "Type": "String",
                "Default": "",
                "Description": "During a rotation: the Key ID of the next flow security key (from its own stack's KeyId output). Empty otherwise.",
                "AllowedPattern": format!("^(|{UUID_PATTERN})$"),
            },
            "NextKeyParameterName": {
                "Type": "String",
                "Default": "",
                "Description": "During a rotation: the SecureString parameter holding the next key's private key. Empty otherwise.",
                "AllowedPattern": format!("^(|{PARAMETER_PATTERN})$"),
            },
            "FlowName": {
                "Type": "String",
                "Default": "Flowkeys secure input",
                "Description": "Name of the imported flow in Connect.",
                "MinLength": 1,
                "MaxLength": 127,
            },
        },
        "Rules": {
            "NextKeyNeedsItsParameter": {
                "RuleCondition": { "Fn::Not": [{ "Fn::Equals": [{ "Ref": "NextKeyId" }, ""] }] },
                "Assertions": [{
                    "Assert": { "Fn::Not": [{ "Fn::Equals": [{ "Ref": "NextKeyParameterName" }, ""] }] },
                    "AssertDescription": "NextKeyId needs NextKeyParameterName: the next key's private key has its own parameter.",
                }],
            },
        },
        "Mappings": { "RuntimeSettings": settings },
        "Conditions": {
            "HasKmsKey": { "Fn::Not": [{ "Fn::Equals": [{ "Ref": "KmsKeyArn" }, ""] }] },
            "HasNextKey": { "Fn::Not": [{ "Fn::Equals": [{ "Ref": "NextKeyId" }, ""] }] },
        },
        "Resources": {
            LOGICAL_SECURITY_KEY: {
                "Type": "AWS::Connect::SecurityKey",
                "Properties": { "InstanceId": { "Ref": "InstanceArn" }, "Key": public_key_pem(spec) },
            },
            "DecryptLogGroup": {
                "Type": "AWS::Logs::LogGroup",
                "DeletionPolicy": "Delete",
                "UpdateReplacePolicy": "Delete",
                "Properties": { "RetentionInDays": 30 },
            },
            "DecryptRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "Description": "Flowkeys decrypt Lambda: read the private key parameter(s) and write its own log group, nothing else.",
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }],
                    },
                    "Policies": [{
                        "PolicyName": "flowkeys-decrypt",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                { "Sid": "ReadTheDecryptKeys", "Effect": "Allow", "Action": "ssm:GetParameter", "Resource": parameters },
                                {
                                    "Fn::If": ["HasKmsKey", {
                                        "Sid": "DecryptTheParametersOnly",
                                        "Effect": "Allow",
                                        "Action": "kms:Decrypt",
                                        "Resource": { "Ref": "KmsKeyArn" },
                                        "Condition": { "StringEquals": { "kms:EncryptionContext:PARAMETER_ARN": parameters } },
                                    }, { "Ref": "AWS::NoValue" }],
                                },
                                {
                                    "Sid": "WriteOwnLogs",
                                    "Effect": "Allow",
                                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                                    "Resource": { "Fn::GetAtt": ["DecryptLogGroup", "Arn"] },
                                },
                            ],
                        },
                    }],
                },
            },
            LOGICAL_FUNCTION: {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Description": "Flowkeys: decrypts Amazon Connect's encrypted Store customer input and answers with a status and a masked value.",
                    "Runtime": setting("Runtime"),
                    "Handler": setting("Handler"),
                    "MemorySize": setting("MemorySize"),
                    // Connect waits at most 8 seconds for a function.
                    "Timeout": 8,
                    "Architectures": [{ "Ref": "Architecture" }],
                    "Code": { "S3Bucket": { "Ref": "CodeBucket" }, "S3Key": { "Ref": "CodeKey" } },
                    "Role": { "Fn::GetAtt": ["DecryptRole", "Arn"] },
                    "LoggingConfig": { "LogGroup": { "Ref": "DecryptLogGroup" }, "LogFormat": "Text" },
                    "Environment": {
                        "Variables": {
                            ENV_KEY_ID: { "Fn::GetAtt": [LOGICAL_SECURITY_KEY, "AssociationId"] },
                            ENV_KEY_PARAMETER: { "Ref": "KeyParameterName" },
                            ENV_NEXT_KEY_ID: { "Ref": "NextKeyId" },
                            ENV_NEXT_KEY_PARAMETER: { "Ref": "NextKeyParameterName" },
                        },
                    },
                },
            },
            "ConnectInvokePermission": {
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": { "Fn::GetAtt": [LOGICAL_FUNCTION, "Arn"] },
                    "Principal": "connect.amazonaws.com",
                    "SourceAccount": { "Ref": "AWS::AccountId" },
                    "SourceArn": { "Ref": "InstanceArn" },
                },
            },
            "LambdaIntegration": {
                "Type": "AWS::Connect::IntegrationAssociation",
                "Properties": {
                    "InstanceId": { "Ref": "InstanceArn" },
                    "IntegrationType": "LAMBDA_FUNCTION",
                    "IntegrationArn": { "Fn::GetAtt": [LOGICAL_FUNCTION, "Arn"] },
                },
            },
            "SecureInputFlow": {
                "Type": "AWS::Connect::ContactFlow",
                "DependsOn": ["LambdaIntegration", "ConnectInvokePermission"],
                "Properties": {
                    "InstanceArn": { "Ref": "InstanceArn" },
                    "Name": { "Ref": "FlowName" },
                    "Type": "CONTACT_FLOW",
                    "State": "ACTIVE",
                    "Description": "Generated by Flowkeys: logging off, encrypted DTMF capture, decrypt Lambda read as $.External, logging back on.",
                    "Content": { "Fn::Sub": flow_content },
                },
            },
        },
        "Outputs": {
            "KeyId": {
                "Description": "The Key ID of the registered flow security key. Check: aws connect list-security-keys --instance-id INSTANCE-ID lists it.",
                "Value": { "Fn::GetAtt": [LOGICAL_SECURITY_KEY, "AssociationId"] },
            },
            "FunctionArn": { "Description": "The decrypt Lambda.", "Value": { "Fn::GetAtt": [LOGICAL_FUNCTION, "Arn"] } },
            "FlowArn": { "Description": "The secure-input flow.", "Value": { "Ref": "SecureInputFlow" } },
        },
    })
}

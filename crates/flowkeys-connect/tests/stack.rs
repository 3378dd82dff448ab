//! The CloudFormation template: wiring between key, function and flow, least privilege, and the
//! flow inside it linting clean. (cfn-lint runs over it in tests/lambda.)
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use flowkeys_connect::stack::{deploy_commands, generate_stack, LambdaRuntime, StackError, StackSpec};
use flowkeys_connect::{lint_flow, CollectKind, EncryptionCertificate, LintContext, LoadedKeySet, Severity};
use serde_json::{json, Value};

fn spec(runtime: LambdaRuntime) -> StackSpec {
    StackSpec {
        certificate_pem: EncryptionCertificate::parse(cert()).unwrap(),
        collect: CollectKind::CardNumber,
        runtime,
        now_unix: Some(now_valid()),
    }
}

fn template(runtime: LambdaRuntime) -> Value {
    serde_json::from_str(&generate_stack(&spec(runtime)).unwrap().template).unwrap()
}

#[test]
fn key_id_flows_from_the_security_key_to_the_function_and_the_flow() {
    let t = template(LambdaRuntime::Rust);
    let r = &t["Resources"];
    assert_eq!(r["SecurityKey"]["Type"], "AWS::Connect::SecurityKey");
    assert_eq!(r["SecurityKey"]["Properties"]["InstanceId"], json!({ "Ref": "InstanceArn" }));
    let key_pem = r["SecurityKey"]["Properties"]["Key"].as_str().unwrap();
    assert!(key_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    assert_eq!(
        flowkeys_connect::certificate::inspect_certificate(cert()).unwrap().spki_der,
        pem_body(key_pem),
        "the registered key is the certificate's public key"
    );
    let env = &r["DecryptFunction"]["Properties"]["Environment"]["Variables"];
    assert_eq!(env["FLOWKEYS_KEY_ID"], json!({ "Fn::GetAtt": ["SecurityKey", "AssociationId"] }));
    assert_eq!(env["FLOWKEYS_KEY_PARAMETER"], json!({ "Ref": "KeyParameterName" }));
    assert_eq!(env["FLOWKEYS_NEXT_KEY_ID"], json!({ "Ref": "NextKeyId" }));

    let flow = &r["SecureInputFlow"];
    assert_eq!(flow["Type"], "AWS::Connect::ContactFlow");
    let content = flow["Properties"]["Content"]["Fn::Sub"].as_str().unwrap();
    assert!(content.contains("\"EncryptionKeyId\": \"${SecurityKey.AssociationId}\""), "{content}");
    assert!(content.contains("\"LambdaFunctionARN\": \"${DecryptFunction.Arn}\""));
    assert!(!content.contains("f10e4e75") && !content.contains("flowkeys-stand-in"), "no stand-in left");
    assert!(content.contains("\"displayName\": \"${DecryptFunction}\""));
    let variables = ["${SecurityKey.AssociationId}", "${DecryptFunction.Arn}", "${DecryptFunction}"];
    assert_eq!(
        content.matches("${").count(),
        variables.iter().map(|v| content.matches(v).count()).sum::<usize>(),
        "no other Fn::Sub variable"
    );
}

#[test]
fn the_flow_inside_lints_clean_with_real_values() {
    let t = template(LambdaRuntime::Nodejs);
    let content = t["Resources"]["SecureInputFlow"]["Properties"]["Content"]["Fn::Sub"].as_str().unwrap();
    // What CloudFormation substitutes at deploy time.
    let flow = content
        .replace("${SecurityKey.AssociationId}", KEY_ID)
        .replace("${DecryptFunction.Arn}", LAMBDA_ARN)
        .replace("${DecryptFunction}", "connect-decrypt");
    let ctx = LintContext { now_unix: Some(now_valid()), key_sets: vec![fixture_key_set()] };
    let report = lint_flow(&flow, &ctx).unwrap();
    let serious: Vec<_> = report.findings.iter().filter(|f| f.severity != Severity::Info).collect();
    assert!(serious.is_empty(), "{serious:#?}");
    assert_eq!(
        generate_stack(&spec(LambdaRuntime::Nodejs))
            .unwrap()
            .flow_lint
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .count(),
        0
    );
}

#[test]
fn least_privilege_role_and_scoped_permission() {
    let t = template(LambdaRuntime::Python);
    let r = &t["Resources"];
    let statements = r["DecryptRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 3);
    assert_eq!(statements[0]["Action"], "ssm:GetParameter");
    let resources = statements[0]["Resource"].as_array().unwrap();
    assert_eq!(
        resources[0]["Fn::Sub"],
        "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${KeyParameterName}"
    );
    assert_eq!(resources[1]["Fn::If"][0], "HasNextKey");
    // kms:Decrypt only with a customer managed key, and only for the parameters.
    let kms = &statements[1]["Fn::If"];
    assert_eq!(kms[0], "HasKmsKey");
    assert_eq!(kms[1]["Action"], "kms:Decrypt");
    assert_eq!(kms[1]["Resource"], json!({ "Ref": "KmsKeyArn" }));
    assert!(kms[1]["Condition"]["StringEquals"]["kms:EncryptionContext:PARAMETER_ARN"].is_array());
    assert_eq!(kms[2], json!({ "Ref": "AWS::NoValue" }));
    assert_eq!(statements[2]["Action"], json!(["logs:CreateLogStream", "logs:PutLogEvents"]));
    for s in statements {
        assert_ne!(s["Resource"], "*", "no wildcard resources");
    }
    let p = &r["ConnectInvokePermission"]["Properties"];
    assert_eq!(p["Principal"], "connect.amazonaws.com");
    assert_eq!(p["SourceArn"], json!({ "Ref": "InstanceArn" }));
    assert_eq!(r["LambdaIntegration"]["Properties"]["IntegrationType"], "LAMBDA_FUNCTION");
    assert_eq!(r["SecureInputFlow"]["DependsOn"], json!(["LambdaIntegration", "ConnectInvokePermission"]));
}

#[test]
fn runtime_is_a_parameter_with_the_chosen_default() {
    for runtime in LambdaRuntime::ALL {
        let t = template(runtime);
        assert_eq!(t["Parameters"]["Runtime"]["Default"], runtime.name());
        assert_eq!(t["Parameters"]["Runtime"]["AllowedValues"], json!(["rust", "nodejs", "python"]));
        let m = &t["Mappings"]["RuntimeSettings"][runtime.name()];
        assert_eq!(m["Runtime"], runtime.lambda_runtime());
        assert_eq!(m["Handler"], runtime.handler());
    }
    assert_eq!(template(LambdaRuntime::Rust)["Mappings"]["RuntimeSettings"]["rust"]["Runtime"], "provided.al2023");
    // Deterministic.
    assert_eq!(
        generate_stack(&spec(LambdaRuntime::Rust)).unwrap(),
        generate_stack(&spec(LambdaRuntime::Rust)).unwrap()
    );
}

#[test]
fn an_expired_certificate_stops_generation() {
    let mut s = spec(LambdaRuntime::Rust);
    s.now_unix = Some(flowkeys_core::UnixTime(cert_dates().1 + 86_400));
    match generate_stack(&s) {
        Err(StackError::FlowLint { count, .. }) => assert!(count >= 1),
        other => panic!("expected a lint refusal, got {other:?}"),
    }
}

#[test]
fn the_environment_lambdas_read_the_same_variables() {
    let code = flowkeys_connect::lambda::environment_lambda_code();
    for var in ["FLOWKEYS_KEY_ID", "FLOWKEYS_KEY_PARAMETER", "FLOWKEYS_NEXT_KEY_ID", "FLOWKEYS_NEXT_KEY_PARAMETER"] {
        assert!(code.node.contains(var) && code.python.contains(var), "{var}");
    }
    assert!(!code.node.contains("__") || !code.node.contains("__KEYS__"));
    let _ = LoadedKeySet { key_id: KEY_ID.into(), spki_der: vec![] };
}

fn pem_body(pem: &str) -> Vec<u8> {
    use base64ct::Encoding;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64ct::Base64::decode_vec(&body).unwrap()
}

#[test]
fn the_deploy_script_comments_the_notes_then_runs_the_commands() {
    let stack = generate_stack(&spec(LambdaRuntime::Python)).unwrap();
    let script = stack.deploy_script(LambdaRuntime::Python);
    let lines: Vec<&str> = script.lines().collect();
    let notes = lines.iter().take_while(|l| l.starts_with("# ")).count();
    assert_eq!(notes, stack.notes.len());
    assert_eq!(lines.len(), notes + deploy_commands(LambdaRuntime::Python).len());
    assert!(lines.last().is_some_and(|l| l.starts_with("aws cloudformation deploy") && l.ends_with("Runtime=python")));
    assert!(script.ends_with('\n'));
}

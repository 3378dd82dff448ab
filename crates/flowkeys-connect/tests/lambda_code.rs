//! The generated decrypt Lambda source, IAM policy and parameter commands (static checks; the
//! code is executed in lambda_run.rs).

mod common;

use common::*;
use flowkeys_connect::{
    generate_flow, generate_lambda, KeyId, KmsKeyArn, LambdaArn, LambdaKey, LambdaSpec, LambdaSpecError,
    SsmParameterName,
};
use serde_json::Value;

const OTHER_ID: &str = "99999999-8888-7777-6666-555555555555";

fn key(id: &str, param: &str) -> LambdaKey {
    LambdaKey {
        key_id: KeyId::parse(id).unwrap(),
        ssm_parameter: SsmParameterName::parse(param).unwrap(),
        private_key_file: None,
    }
}

fn lambda_spec(keys: Vec<LambdaKey>) -> LambdaSpec {
    LambdaSpec { keys, lambda_arn: LambdaArn::parse(LAMBDA_ARN).unwrap(), kms_key_arn: None, return_full_value: false }
}

fn leftover_placeholders(code: &str) -> Vec<String> {
    code.split("__")
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()))
        .map(str::to_owned)
        .collect()
}

#[test]
fn code_uses_connects_settings() {
    let code = generate_lambda(&lambda_spec(vec![key(KEY_ID, "/flowkeys/a")])).unwrap();
    for (name, src) in [("node", &code.node), ("python", &code.python)] {
        assert!(leftover_placeholders(src).is_empty(), "{name}: {:?}", leftover_placeholders(src));
        assert!(src.contains("AmazonConnect"), "{name}");
        assert!(src.contains("FORBID_ENCRYPT_ALLOW_DECRYPT"), "{name}");
        assert!(src.contains(KEY_ID) && src.contains("\"/flowkeys/a\""), "{name}");
        assert!(src.contains("0x0378"), "{name}: the commitment policy comment says why");
        assert!(src.contains("Never copy these values into contact attributes"), "{name}");
    }
    assert!(code.node.contains("oaepHash: 'sha512'") && code.node.contains("const RETURN_FULL_VALUE = false"));
    assert!(
        code.python.contains("WrappingAlgorithm.RSA_OAEP_SHA512_MGF1")
            && code.python.contains("RETURN_FULL_VALUE = False")
    );
    assert!(code.node.contains("WithDecryption: true") && code.python.contains("WithDecryption=True"));
    let full =
        generate_lambda(&LambdaSpec { return_full_value: true, ..lambda_spec(vec![key(KEY_ID, "/flowkeys/a")]) })
            .unwrap();
    assert!(full.node.contains("const RETURN_FULL_VALUE = true") && full.python.contains("RETURN_FULL_VALUE = True"));
    assert_eq!(
        (code.node_handler.as_str(), code.python_handler.as_str()),
        ("index.handler", "lambda_function.lambda_handler")
    );
}

#[test]
fn parameters_match_the_generated_flow() {
    let flow: Value = serde_json::from_str(&generate_flow(&spec()).unwrap().json).unwrap();
    let lambda = flow["Actions"].as_array().unwrap().iter().find(|a| a["Type"] == "InvokeLambdaFunction").unwrap();
    let code = generate_lambda(&lambda_spec(vec![key(KEY_ID, "/flowkeys/a")])).unwrap();
    for name in lambda["Parameters"]["LambdaInvocationAttributes"].as_object().unwrap().keys() {
        assert!(code.node.contains(&format!("params.{name}")), "node reads {name}");
        assert!(code.python.contains(&format!("params.get(\"{name}\")")), "python reads {name}");
    }
    let compared = flow["Actions"].as_array().unwrap().iter().find(|a| a["Type"] == "Compare").unwrap();
    assert_eq!(compared["Parameters"]["ComparisonValue"], "$.External.status");
    assert!(code.node.contains("status: 'OK'") && code.python.contains("\"status\": \"OK\""));
}

#[test]
fn iam_policy_names_the_parameters_and_key() {
    let code = generate_lambda(&lambda_spec(vec![key(KEY_ID, "/flowkeys/a"), key(OTHER_ID, "CONNECT_KEY_B")])).unwrap();
    let policy: Value = serde_json::from_str(&code.iam_policy).unwrap();
    assert_eq!(policy["Version"], "2012-10-17");
    let st = policy["Statement"].as_array().unwrap();
    assert_eq!(st[0]["Action"], "ssm:GetParameter");
    let params = serde_json::json!([
        "arn:aws:ssm:eu-west-2:123456789012:parameter/flowkeys/a",
        "arn:aws:ssm:eu-west-2:123456789012:parameter/CONNECT_KEY_B"
    ]);
    assert_eq!(st[0]["Resource"], params);
    assert_eq!(st[1]["Action"], "kms:Decrypt");
    assert!(st[1]["Resource"].as_str().unwrap().starts_with("arn:aws:kms:eu-west-2:123456789012:key/REPLACE"));
    assert_eq!(st[1]["Condition"]["StringEquals"]["kms:EncryptionContext:PARAMETER_ARN"], params);
    assert!(code.notes.iter().any(|n| n.contains("placeholder")));

    let kms = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let with_kms = LambdaSpec {
        kms_key_arn: Some(KmsKeyArn::parse(kms).unwrap()),
        ..lambda_spec(vec![key(KEY_ID, "/flowkeys/a")])
    };
    let policy: Value = serde_json::from_str(&generate_lambda(&with_kms).unwrap().iam_policy).unwrap();
    assert_eq!(policy["Statement"][1]["Resource"], kms);
}

#[test]
fn parameter_commands_read_the_key_from_a_file() {
    let code = generate_lambda(&lambda_spec(vec![key(KEY_ID, "/flowkeys/a"), key(OTHER_ID, "/flowkeys/b")])).unwrap();
    let cmds: Vec<&str> = code.ssm_commands.iter().map(|c| c.command.as_str()).collect();
    assert_eq!(
        cmds,
        [
            "aws ssm put-parameter --name /flowkeys/a --type SecureString --value file://private-key-11111111.pem --region eu-west-2",
            "aws ssm put-parameter --name /flowkeys/b --type SecureString --value file://private-key-99999999.pem --region eu-west-2",
        ]
    );
    assert!(code.ssm_commands.iter().all(|c| c.handles_private_key && c.title.contains("Key ID")));
    let one = generate_lambda(&lambda_spec(vec![key(KEY_ID, "/flowkeys/a")])).unwrap();
    assert!(one.ssm_commands[0].command.contains("file://private-key.pem"));
}

#[test]
fn spec_errors() {
    assert_eq!(generate_lambda(&lambda_spec(vec![])).unwrap_err(), LambdaSpecError::NoKeys);
    let three = vec![key(KEY_ID, "/a"), key(OTHER_ID, "/b"), key("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "/c")];
    assert_eq!(generate_lambda(&lambda_spec(three)).unwrap_err(), LambdaSpecError::TooManyKeys { count: 3 });
    assert!(matches!(
        generate_lambda(&lambda_spec(vec![key(KEY_ID, "/a"), key(KEY_ID, "/b")])),
        Err(LambdaSpecError::DuplicateKeyId { .. })
    ));
    assert!(matches!(
        generate_lambda(&lambda_spec(vec![key(KEY_ID, "/a"), key(OTHER_ID, "/a")])),
        Err(LambdaSpecError::DuplicateParameter { .. })
    ));
    for e in [LambdaSpecError::NoKeys, LambdaSpecError::TooManyKeys { count: 3 }] {
        assert!(e.to_string().ends_with('.'));
    }
}

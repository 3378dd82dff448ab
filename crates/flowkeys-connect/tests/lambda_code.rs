//! The generated decrypt Lambda source, IAM policy and parameter commands (static checks; the
//! code is executed in lambda_run.rs).
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use flowkeys_connect::{
    generate_flow, generate_lambda, AwsRegion, KeyId, KmsKeyArn, LambdaArn, LambdaKey, LambdaSpec, LambdaSpecError,
    SsmParameterName,
};
use serde_json::Value;

const OTHER_ID: &str = "99999999-8888-7777-6666-555555555555";

fn key(id: &str, param: &str) -> LambdaKey {
    LambdaKey {
        key_id: KeyId::parse(id).unwrap(),
        ssm_parameter: SsmParameterName::parse(param).unwrap(),
        private_key_file: None,
        key_bits: None,
    }
}

fn lambda_spec(keys: Vec<LambdaKey>) -> LambdaSpec {
    LambdaSpec {
        keys,
        lambda_arn: Some(LambdaArn::parse(LAMBDA_ARN).unwrap()),
        region: None,
        kms_key_arn: None,
        return_full_value: false,
    }
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
fn iam_policy_names_the_parameters_and_has_no_kms_statement_without_a_customer_managed_key() {
    let code = generate_lambda(&lambda_spec(vec![key(KEY_ID, "/flowkeys/a"), key(OTHER_ID, "CONNECT_KEY_B")])).unwrap();
    let policy: Value = serde_json::from_str(&code.iam_policy).unwrap();
    assert_eq!(policy["Version"], "2012-10-17");
    let st = policy["Statement"].as_array().unwrap();
    assert_eq!(st.len(), 1, "{}", code.iam_policy);
    assert_eq!(st[0]["Action"], "ssm:GetParameter");
    let params = serde_json::json!([
        "arn:aws:ssm:eu-west-2:123456789012:parameter/flowkeys/a",
        "arn:aws:ssm:eu-west-2:123456789012:parameter/CONNECT_KEY_B"
    ]);
    assert_eq!(st[0]["Resource"], params);
    assert!(!code.iam_policy.contains("kms") && !code.iam_policy.contains("REPLACE"), "{}", code.iam_policy);
    assert!(code.notes.iter().any(|n| n.contains("no kms:Decrypt statement")));
    assert!(!code.notes.iter().any(|n| n.contains("placeholder")));

    let kms = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let with_kms = LambdaSpec {
        kms_key_arn: Some(KmsKeyArn::parse(kms).unwrap()),
        ..lambda_spec(vec![key(KEY_ID, "/flowkeys/a")])
    };
    let policy: Value = serde_json::from_str(&generate_lambda(&with_kms).unwrap().iam_policy).unwrap();
    assert_eq!(policy["Statement"][1]["Action"], "kms:Decrypt");
    assert_eq!(policy["Statement"][1]["Resource"], kms);
    assert_eq!(
        policy["Statement"][1]["Condition"]["StringEquals"]["kms:EncryptionContext:PARAMETER_ARN"],
        serde_json::json!(["arn:aws:ssm:eu-west-2:123456789012:parameter/flowkeys/a"])
    );
}

/// Code and policy come before the function exists: without an ARN the policy names the
/// parameter in the Region given (any account until the ARN is known), or in the customer-
/// managed key's account and Region; nothing is a placeholder to replace by hand.
#[test]
fn code_and_policy_need_no_function_arn() {
    let no_arn = LambdaSpec {
        lambda_arn: None,
        region: Some(AwsRegion::parse("eu-central-1").unwrap()),
        ..lambda_spec(vec![key(KEY_ID, "/flowkeys/a")])
    };
    let code = generate_lambda(&no_arn).unwrap();
    assert!(code.node.contains(KEY_ID) && code.python.contains(KEY_ID));
    let policy: Value = serde_json::from_str(&code.iam_policy).unwrap();
    assert_eq!(
        policy["Statement"][0]["Resource"],
        serde_json::json!(["arn:aws:ssm:eu-central-1:*:parameter/flowkeys/a"])
    );
    assert!(code.notes.iter().any(|n| n.contains("No function ARN yet")));
    assert!(code.ssm_commands[0].command.ends_with("--region eu-central-1"), "{}", code.ssm_commands[0].command);

    let kms = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let with_kms = LambdaSpec { kms_key_arn: Some(KmsKeyArn::parse(kms).unwrap()), ..no_arn.clone() };
    let policy: Value = serde_json::from_str(&generate_lambda(&with_kms).unwrap().iam_policy).unwrap();
    assert_eq!(
        policy["Statement"][0]["Resource"],
        serde_json::json!(["arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/flowkeys/a"])
    );

    let nothing = LambdaSpec { region: None, ..no_arn };
    let policy: Value = serde_json::from_str(&generate_lambda(&nothing).unwrap().iam_policy).unwrap();
    assert_eq!(policy["Statement"][0]["Resource"], serde_json::json!(["arn:aws:ssm:*:*:parameter/flowkeys/a"]));
}

/// The Parameter Store note speaks of the key that is there: a 2048-bit key is not "4096-bit".
#[test]
fn the_parameter_note_matches_the_key_size() {
    for (bits, size) in [(2048, "1.7 KB"), (3072, "2.5 KB"), (4096, "3.3 KB")] {
        let mut k = key(KEY_ID, "/flowkeys/a");
        k.key_bits = Some(bits);
        let notes = generate_lambda(&lambda_spec(vec![k])).unwrap().ssm_commands[0].notes.join(" ");
        assert!(notes.contains(&format!("A {bits}-bit private key PEM is about {size}")), "{notes}");
        for other in [2048, 3072, 4096].into_iter().filter(|b| *b != bits) {
            assert!(!notes.contains(&format!("{other}-bit")), "{bits}: {notes}");
        }
    }
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

//! Prints a generated flow, Lambda code, IAM policy and set-up commands for the synthetic test
//! key: `cargo run -p flowkeys-connect --example generate -- [flow|node|python|iam|commands]`.
// An example run by hand, not library code: a panic ends the run with its message.
#![allow(clippy::indexing_slicing)]
use flowkeys_connect::*;

fn main() {
    let fixture = include_str!("../tests/fixtures/connect-synthetic.json");
    let v: serde_json::Value = serde_json::from_str(fixture).unwrap_or_default();
    let cert = v["certificate_pem"].as_str().unwrap_or_default();
    let (Ok(key_id), Ok(cert), Ok(arn)) = (
        KeyId::parse(v["key_id"].as_str().unwrap_or_default()),
        EncryptionCertificate::parse(cert),
        LambdaArn::parse("arn:aws:lambda:eu-west-2:123456789012:function:connect-decrypt"),
    ) else {
        eprintln!("fixture unreadable");
        std::process::exit(1);
    };
    let Ok(param) = SsmParameterName::parse("/flowkeys/connect/decrypt-key") else {
        return;
    };
    let what = std::env::args().nth(1).unwrap_or_else(|| "flow".into());
    let lambda = LambdaSpec {
        keys: vec![LambdaKey {
            key_id: key_id.clone(),
            ssm_parameter: param.clone(),
            private_key_file: None,
            key_bits: None,
        }],
        lambda_arn: Some(arn.clone()),
        region: None,
        kms_key_arn: None,
        return_full_value: false,
    };
    match what.as_str() {
        "flow" => match generate_flow(&FlowSpec::new(key_id, cert, arn, CollectKind::CardNumber)) {
            Ok(f) => println!("{}", f.json),
            Err(e) => eprintln!("{e}"),
        },
        "node" | "python" | "iam" => match generate_lambda(&lambda) {
            Ok(c) => println!(
                "{}",
                if what == "node" {
                    c.node
                } else if what == "python" {
                    c.python
                } else {
                    c.iam_policy
                }
            ),
            Err(e) => eprintln!("{e}"),
        },
        "commands" => {
            let Ok(instance) = ConnectInstanceId::parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee") else {
                return;
            };
            let mut spec = SetupSpec::new(instance, param, "Secure card capture");
            spec.lambda_arn = Some(arn);
            print!("{}", commands::render_script(&setup_commands(&spec)));
        }
        other => eprintln!("unknown: {other}"),
    }
}

//! The generated flow: shape, determinism, input validation, and that it lints clean.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::cast_possible_truncation, clippy::unwrap_used)]

mod common;

use common::*;
use flowkeys_connect::certificate::CertificateInputError;
use flowkeys_connect::flow::FlowField;
use flowkeys_connect::{
    generate_flow, lint_flow, CollectKind, EncryptionCertificate, FlowSpec, FlowSpecError, LintContext,
};
use serde_json::Value;

fn parsed(spec: &FlowSpec) -> Value {
    serde_json::from_str(&generate_flow(spec).unwrap().json).unwrap()
}

fn action<'a>(flow: &'a Value, ty: &str) -> Vec<&'a Value> {
    flow["Actions"].as_array().unwrap().iter().filter(|a| a["Type"] == ty).collect()
}

#[test]
fn generated_flow_has_the_secure_shape() {
    let generated = generate_flow(&spec()).unwrap();
    let flow: Value = serde_json::from_str(&generated.json).unwrap();
    assert_eq!(flow["Version"], "2019-10-30");
    assert_eq!(flow["StartAction"], generated.start_action);
    let types: Vec<&str> = flow["Actions"].as_array().unwrap().iter().map(|a| a["Type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "UpdateFlowLoggingBehavior",
            "GetParticipantInput",
            "InvokeLambdaFunction",
            "Compare",
            "UpdateFlowLoggingBehavior",
            "MessageParticipant",
            "UpdateFlowLoggingBehavior",
            "MessageParticipant",
            "DisconnectParticipant"
        ]
    );
    let first = &flow["Actions"][0];
    assert_eq!(first["Identifier"], generated.start_action);
    assert_eq!(first["Parameters"]["FlowLoggingBehavior"], "Disabled");

    let store = action(&flow, "GetParticipantInput")[0];
    let p = &store["Parameters"];
    assert_eq!(p["StoreInput"], "True");
    assert_eq!(p["InputValidation"]["CustomValidation"]["MaximumLength"], "19");
    assert_eq!(p["InputEncryption"]["EncryptionKeyId"], KEY_ID);
    assert!(p["InputEncryption"]["Key"].as_str().unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(p["Text"], CollectKind::CardNumber.default_prompt());
    assert_eq!(store["Transitions"]["Errors"][0]["ErrorType"], "NoMatchingError");

    let lambda = action(&flow, "InvokeLambdaFunction")[0];
    let p = &lambda["Parameters"];
    assert_eq!(p["LambdaFunctionARN"], LAMBDA_ARN);
    assert_eq!(p["InvocationTimeLimitSeconds"], "8");
    assert_eq!(p["LambdaInvocationAttributes"]["EncryptedInput"], "$.StoredCustomerInput");
    assert_eq!(p["LambdaInvocationAttributes"]["InputKind"], "card_number");
    assert_eq!(p["LambdaInvocationAttributes"]["MinimumLength"], "12");
    assert_eq!(p["ResponseValidation"]["ResponseType"], "STRING_MAP");

    let compare = action(&flow, "Compare")[0];
    assert_eq!(compare["Parameters"]["ComparisonValue"], "$.External.status");
    assert_eq!(compare["Transitions"]["Conditions"][0]["Condition"]["Operands"][0], "OK");

    // Logging comes back on at both exits, and nothing is ever copied into attributes.
    let enabled = action(&flow, "UpdateFlowLoggingBehavior")
        .iter()
        .filter(|a| a["Parameters"]["FlowLoggingBehavior"] == "Enabled")
        .count();
    assert_eq!(enabled, 2);
    assert!(action(&flow, "UpdateContactAttributes").is_empty());
    for a in action(&flow, "UpdateFlowLoggingBehavior") {
        assert!(a["Transitions"].get("Errors").is_none(), "logging blocks must not carry errors");
    }
    assert!(!generated.json.contains("$.Attributes"));
}

#[test]
fn metadata_positions_every_action() {
    let flow = parsed(&spec());
    let meta = &flow["Metadata"];
    assert!(meta["entryPointPosition"]["x"].is_number());
    let mut positions = Vec::new();
    for a in flow["Actions"].as_array().unwrap() {
        let id = a["Identifier"].as_str().unwrap();
        let pos = &meta["ActionMetadata"][id]["position"];
        assert!(pos["x"].is_number() && pos["y"].is_number(), "no position for {id}");
        positions.push((pos["x"].as_f64().unwrap() as i64, pos["y"].as_f64().unwrap() as i64));
    }
    let mut unique = positions.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), positions.len(), "blocks must not overlap");
}

#[test]
fn output_is_deterministic_and_seed_changes_identifiers() {
    assert_eq!(generate_flow(&spec()).unwrap(), generate_flow(&spec()).unwrap());
    let mut seeded = spec();
    seeded.id_seed = Some("tenant-42".into());
    let a = generate_flow(&spec()).unwrap();
    let b = generate_flow(&seeded).unwrap();
    assert_ne!(a.start_action, b.start_action);
    assert_eq!(b, generate_flow(&seeded).unwrap());
    let ids: std::collections::BTreeSet<_> = b.actions.iter().map(|a| a.identifier.clone()).collect();
    assert_eq!(ids.len(), b.actions.len());
}

#[test]
fn generated_flow_lints_clean() {
    let json = generated_json();
    let report = lint_flow(&json, &ctx_full()).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.notices.is_empty(), "{:?}", report.notices);
    let bare = lint_flow(&json, &LintContext::default()).unwrap();
    assert!(bare.findings.is_empty(), "{:#?}", bare.findings);
}

#[test]
fn every_variant_lints_clean() {
    let kinds = [
        CollectKind::CardNumber,
        CollectKind::Cvv,
        CollectKind::ExpiryDate,
        CollectKind::AccountNumber,
        CollectKind::Custom { label: "membership number".into() },
    ];
    for (i, kind) in kinds.into_iter().enumerate() {
        for timeout in 1..=8 {
            let mut s = FlowSpec::new(spec().key_id, spec().certificate_pem, spec().lambda_arn, kind.clone());
            s.lambda_timeout_seconds = timeout;
            s.id_seed = Some(format!("seed-{i}-{timeout}"));
            s.confirmation_text = Some("All done, thank you.".into());
            s.failure_text = Some("That did not work. Goodbye.".into());
            let json = generate_flow(&s).unwrap().json;
            let report = lint_flow(&json, &ctx_full()).unwrap();
            assert!(report.findings.is_empty(), "{kind:?}/{timeout}: {:#?}", report.findings);
        }
    }
}

#[test]
fn spec_problems_are_specific_and_placed() {
    let mut s = spec();
    s.min_length = 0;
    s.max_length = 21;
    s.prompt_text = "   ".into();
    s.confirmation_text = Some("Card ending $.External.last4".into());
    s.failure_text = Some("x".repeat(1001));
    s.lambda_timeout_seconds = 9;
    s.collect = CollectKind::Custom { label: " ".into() };
    let problems = s.problems();
    let fields: Vec<FlowField> = problems.iter().map(FlowSpecError::field).collect();
    assert_eq!(
        fields,
        [
            FlowField::Collect,
            FlowField::MinLength,
            FlowField::MaxLength,
            FlowField::PromptText,
            FlowField::ConfirmationText,
            FlowField::FailureText,
            FlowField::LambdaTimeoutSeconds
        ]
    );
    assert_eq!(generate_flow(&s).unwrap_err(), problems[0]);
    for p in &problems {
        let msg = p.to_string();
        assert!(msg.ends_with('.'), "full sentence: {msg}");
    }
    assert!(problems[4].to_string().contains("$.External.last4"));

    let mut s = spec();
    s.min_length = 10;
    s.max_length = 5;
    assert_eq!(generate_flow(&s).unwrap_err(), FlowSpecError::LengthRange { min: 10, max: 5 });
    s.collect = CollectKind::Custom { label: "x".repeat(51) };
    assert!(matches!(s.problems()[0], FlowSpecError::CustomLabelTooLong { len: 51 }));
    let mut s = spec();
    s.lambda_timeout_seconds = 0;
    assert_eq!(generate_flow(&s).unwrap_err(), FlowSpecError::LambdaTimeout { given: 0 });
}

#[test]
fn certificate_field_rejects_other_pems_with_specific_messages() {
    let public = &material().fixture_public_key_pem;
    let err = EncryptionCertificate::parse(public).unwrap_err();
    assert_eq!(err, CertificateInputError::PublicKey);
    let msg = FlowSpecError::from(err).to_string();
    assert!(
        msg.contains("public key") && msg.contains("BEGIN CERTIFICATE") && msg.contains("Flow security keys"),
        "{msg}"
    );

    assert!(matches!(
        EncryptionCertificate::parse(&vectors().private_key_pem),
        Err(CertificateInputError::PrivateKey { .. })
    ));
    assert_eq!(EncryptionCertificate::parse(""), Err(CertificateInputError::Empty));
    assert_eq!(EncryptionCertificate::parse("hello"), Err(CertificateInputError::NotPem));
    assert!(matches!(
        EncryptionCertificate::parse(&cert().replacen("MII", "MIX", 1)),
        Err(CertificateInputError::Unreadable { .. })
    ));
    assert!(matches!(
        EncryptionCertificate::parse("-----BEGIN CERTIFICATE REQUEST-----\nAA==\n-----END CERTIFICATE REQUEST-----"),
        Err(CertificateInputError::CertificateRequest)
    ));
    // Windows line ends and surrounding space are tolerated.
    let crlf = format!("  {}  ", cert().replace('\n', "\r\n"));
    assert_eq!(
        EncryptionCertificate::parse(&crlf).unwrap().as_str(),
        EncryptionCertificate::parse(cert()).unwrap().as_str()
    );
}

#[test]
fn spec_deserialises_with_validation() {
    let json = serde_json::to_string(&spec()).unwrap();
    let back: FlowSpec = serde_json::from_str(&json).unwrap();
    assert_eq!(back, spec());
    let mut v: Value = serde_json::from_str(&json).unwrap();
    v["certificate_pem"] = Value::String(material().fixture_public_key_pem.clone());
    let err = serde_json::from_value::<FlowSpec>(v).unwrap_err().to_string();
    assert!(err.contains("public key"), "{err}");
    let mut v: Value = serde_json::from_str(&json).unwrap();
    v["lambda_arn"] = Value::String("my-function".into());
    assert!(serde_json::from_value::<FlowSpec>(v).unwrap_err().to_string().contains("function name"));
}

mod form {
    use super::*;
    use flowkeys_connect::flow::{FieldProblem, FlowForm};
    use flowkeys_connect::KeyId;

    fn form() -> FlowForm {
        let (min, max) = CollectKind::CardNumber.default_lengths();
        FlowForm {
            key_id: KeyId::parse(KEY_ID).unwrap(),
            certificate_pem: cert().to_owned(),
            lambda_arn: "arn:aws:lambda:us-east-1:123456789012:function:decrypt".to_owned(),
            collect: "card_number".to_owned(),
            label: String::new(),
            min_length: min.to_string(),
            max_length: max.to_string(),
            lambda_timeout_seconds: "8".to_owned(),
            prompt_text: CollectKind::CardNumber.default_prompt(),
        }
    }

    fn fields(problems: &[FieldProblem]) -> Vec<Option<FlowField>> {
        problems.iter().map(|p| p.field).collect()
    }

    #[test]
    fn a_filled_form_gives_the_flow_of_its_spec() {
        let f = form();
        assert_eq!(f.generate().unwrap(), generate_flow(&f.to_spec().unwrap()).unwrap());
    }

    #[test]
    fn each_problem_names_its_field() {
        let mut f = form();
        f.min_length = " twelve ".to_owned();
        let problems = f.to_spec().unwrap_err();
        assert_eq!(fields(&problems), [Some(FlowField::MinLength)]);
        assert_eq!(problems[0].message, "“twelve” is not a whole number.");

        let mut f = form();
        f.lambda_timeout_seconds = "60".to_owned();
        assert!(fields(&f.to_spec().unwrap_err()).contains(&Some(FlowField::LambdaTimeoutSeconds)));

        let mut f = form();
        f.lambda_arn = "not an arn".to_owned();
        assert_eq!(fields(&f.generate().unwrap_err()), [Some(FlowField::LambdaArn)]);

        let mut f = form();
        f.certificate_pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".to_owned();
        assert_eq!(fields(&f.to_spec().unwrap_err()), [Some(FlowField::CertificatePem)]);

        let mut f = form();
        f.collect = "custom".to_owned();
        assert!(fields(&f.to_spec().unwrap_err()).contains(&Some(FlowField::Collect)));
    }

    #[test]
    fn the_choice_is_the_wire_name() {
        for kind in [
            CollectKind::CardNumber,
            CollectKind::Cvv,
            CollectKind::ExpiryDate,
            CollectKind::AccountNumber,
            CollectKind::Custom { label: "membership PIN".to_owned() },
        ] {
            assert_eq!(CollectKind::from_choice(kind.wire_name(), "membership PIN"), kind);
        }
        assert_eq!(CollectKind::from_choice("anything else", ""), CollectKind::CardNumber);
    }
}

/// A key set's certificate (the core artefact) reads as the certificate a flow encrypts with,
/// text unchanged.
#[test]
fn a_key_sets_certificate_is_an_encryption_certificate() {
    use flowkeys_connect::EncryptionCertificate;
    let request = flowkeys_core::CertificateForm::default().validate().unwrap();
    let key = flowkeys_core::keys::generate(flowkeys_core::KeySize::Rsa2048).unwrap();
    let set =
        flowkeys_core::KeySet::create_self_signed(&key, &request, flowkeys_core::UnixTime(1_750_000_000)).unwrap();
    let artefact = set.certificate_pem().unwrap();
    let certificate = EncryptionCertificate::parse(artefact.as_str()).unwrap();
    assert_eq!(certificate.as_str(), artefact.as_str());
    // Back-dated a few minutes for clocks that run slow.
    assert!(certificate.info().not_before_unix <= flowkeys_core::UnixTime(1_750_000_000));
}

//! Every message survives encode → decode unchanged; malformed envelopes are typed errors.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used)]

use flowkeys_core::KeyId;
use flowkeys_protocol::views::*;
use flowkeys_protocol::*;

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug>(value: T) {
    let envelope = encode(&value).expect("encodes");
    let back: T = decode(envelope).expect("decodes");
    assert_eq!(back, value);
}

/// Round-trips `r` as itself and as the worker receives it, and adds it to `all`.
fn request_round_trip<R: Request + PartialEq + core::fmt::Debug + Clone>(all: &mut Vec<AnyRequest>, r: R) {
    round_trip(r.clone());
    let any: AnyRequest = r.into();
    assert_eq!(any.module(), R::MODULE);
    let envelope = encode(&any).expect("encodes");
    let back: AnyRequest = decode(envelope).expect("decodes");
    assert_eq!(back, any);
    all.push(back);
}

fn answer_round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug>(value: T) {
    round_trip(FromWorker::Answer(Ok::<T, TaskFailed>(value)));
    round_trip(FromWorker::<T>::Answer(Err(TaskFailed("A sentence.".into()))));
    round_trip(FromWorker::<T>::Ready);
}

fn key_id() -> KeyId {
    KeyId::parse("5a7f1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b").expect("key id")
}

fn form() -> FormFields {
    FormFields {
        key_bits: 2048,
        common_name: "cn".into(),
        organization: "o".into(),
        organizational_unit: String::new(),
        country: "US".into(),
        state: String::new(),
        locality: String::new(),
        validity_days: "730".into(),
    }
}

fn summary() -> MessageSummary {
    MessageSummary {
        version: 1,
        suite_id: "0x0378".into(),
        suite_name: "AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384".into(),
        message_id_hex: "00ff".into(),
        encryption_context: vec![("aws-crypto-public-key".into(), "A1B2".into())],
        data_keys: vec![DataKeySummary {
            provider_id: "AmazonConnect".into(),
            key_info: "k".into(),
            wrapped_key_length: 512,
            rsa_modulus_bits: 4096,
        }],
        content_type: "framed".into(),
        frame_length: 4096,
        frame_sizes: vec![16],
        plaintext_length: 16,
        random_ivs: true,
        signature: Some(SignatureSummary { length: 103, valid: true, problem: None }),
        total_length: 900,
        connect_profile_differences: vec![],
    }
}

fn checklist() -> ChecklistView {
    ChecklistView {
        headline: "Ready for Connect".into(),
        readiness: ReadinessView::Incomplete,
        lines: vec![CheckLineView {
            key: CheckId::PrivateKeyWorks,
            title: "t".into(),
            verdict: Verdict::Warn,
            text: "x".into(),
            details: vec![("a".into(), "b".into())],
        }],
    }
}

fn secret(b: &[u8]) -> SecretBytes {
    SecretBytes::copy_of(b)
}

fn lambda_spec() -> flowkeys_connect::LambdaSpec {
    flowkeys_connect::LambdaSpec {
        keys: vec![flowkeys_connect::LambdaKey {
            key_id: key_id(),
            ssm_parameter: flowkeys_connect::SsmParameterName::parse("CONNECT_INPUT_DECRYPTION_KEY").expect("name"),
            private_key_file: Some("a-1234abcd.private-key.pem".into()),
            key_bits: Some(4096),
        }],
        lambda_arn: None,
        region: Some(flowkeys_connect::AwsRegion::parse("eu-west-2").expect("region")),
        kms_key_arn: None,
        return_full_value: false,
    }
}

#[test]
fn every_request_round_trips() {
    let sampled: std::collections::HashSet<usize> = every_request().iter().map(variant).collect();
    assert_eq!(sampled.len(), VARIANTS, "a request type has no sample here");
}

/// How many request types there are.
const VARIANTS: usize = 16;

/// A number per request type. Exhaustive, so a new request type does not compile until it is
/// numbered here (and then has no sample in [`every_request`] until one is added).
fn variant(request: &AnyRequest) -> usize {
    match request {
        AnyRequest::Generate(_) => 0,
        AnyRequest::Reissue(_) => 1,
        AnyRequest::Import(_) => 2,
        AnyRequest::Read(_) => 3,
        AnyRequest::Group(_) => 4,
        AnyRequest::Preview(_) => 5,
        AnyRequest::Inspect(_) => 6,
        AnyRequest::Check(_) => 7,
        AnyRequest::Csr(_) => 8,
        AnyRequest::Export(_) => 9,
        AnyRequest::Lint(_) => 10,
        AnyRequest::Stack(_) => 11,
        AnyRequest::Lambda(_) => 12,
        AnyRequest::Flow(_) => 13,
        AnyRequest::Describe(_) => 14,
        AnyRequest::ReadMessage(_) => 15,
    }
}

/// One or more samples of every request (each round-tripped on the way).
fn every_request() -> Vec<AnyRequest> {
    let mut all = Vec::new();
    request_round_trip(&mut all, Generate { method: Method::WebCrypto, form: form(), now_ms: 1.5e12 });
    request_round_trip(
        &mut all,
        Reissue { private_key: secret(b"pkcs8"), form: form(), current_certificate: None, now_ms: 2.0 },
    );
    request_round_trip(
        &mut all,
        Reissue {
            private_key: secret(b"pkcs8"),
            form: form(),
            current_certificate: Some(Bytes(vec![0x30, 0])),
            now_ms: 2.0,
        },
    );
    request_round_trip(
        &mut all,
        ImportFiles {
            sources: vec![
                ImportSource { name: "a.pem".into(), bytes: secret(b"AAA"), pasted: false },
                ImportSource { name: "pasted text".into(), bytes: secret(b"BBB"), pasted: true },
            ],
            passwords: vec![InputPassword { input: "pasted text, block 1".into(), password: secret(b"pw") }],
            now_ms: 3.0,
        },
    );
    request_round_trip(
        &mut all,
        ReadInput {
            source: ImportSource { name: "a.p12".into(), bytes: secret(b"AAA"), pasted: false },
            password: Some(secret(b"pw")),
        },
    );
    request_round_trip(
        &mut all,
        GroupInputs {
            inputs: vec![PlainInput { name: "a.p12".into(), pem: secret(b"-----BEGIN PRIVATE KEY-----") }],
            now_ms: 5.0,
        },
    );
    request_round_trip(
        &mut all,
        Preview {
            private_key: secret(b"k"),
            certificate: Bytes(vec![1, 2, 3]),
            key_id: key_id(),
            digits: secret(b"4111"),
            masked: "••11".into(),
        },
    );
    request_round_trip(&mut all, Inspect { message: Bytes(b"AYAD".to_vec()), keys: vec![] });
    request_round_trip(&mut all, ReadMessage(Bytes(b"AYAD".to_vec())));
    request_round_trip(
        &mut all,
        Inspect {
            message: Bytes(vec![1, 2]),
            keys: vec![
                DecryptionKey { private_key: secret(b"k"), key_id: Some(key_id()), label: "a".into(), selected: true },
                DecryptionKey { private_key: secret(b"l"), key_id: None, label: "b".into(), selected: false },
            ],
        },
    );
    request_round_trip(&mut all, CheckKeySet { private_key: secret(b"k"), certificate: Bytes(vec![9]), now_ms: 4.0 });
    request_round_trip(&mut all, MakeCsr { private_key: secret(b"k"), certificate: Bytes(vec![9]) });
    for format in [ExportFormat::Pkcs8Pbkdf2, ExportFormat::Pkcs8Scrypt, ExportFormat::Pkcs12] {
        request_round_trip(
            &mut all,
            Export { private_key: secret(b"k"), certificate: Bytes(vec![9]), password: secret(b"pw"), format },
        );
    }
    let mut overrides = flowkeys_connect::Overrides::new();
    overrides.secret("a1").not_secret("b2");
    request_round_trip(
        &mut all,
        LintSource {
            name: "flow.yaml".into(),
            text: "Resources: {}".into(),
            overrides,
            context: flowkeys_connect::LintContext {
                now_unix: Some(flowkeys_core::UnixTime(1_800_000_000)),
                key_sets: vec![flowkeys_connect::LoadedKeySet { key_id: "k".into(), spki_der: vec![0x30, 0] }],
            },
        },
    );
    request_round_trip(&mut all, MakeLambda(lambda_spec()));
    request_round_trip(
        &mut all,
        MakeStack {
            certificate_pem: CERTIFICATE.into(),
            collect: flowkeys_connect::CollectKind::CardNumber,
            runtime: flowkeys_connect::stack::LambdaRuntime::Rust,
            now_unix: Some(flowkeys_core::UnixTime(1_800_000_000)),
        },
    );
    request_round_trip(&mut all, MakeFlow(flow_form()));
    request_round_trip(&mut all, DescribeCertificate(Bytes(vec![0x30, 0x82])));
    all
}

/// A certificate made with OpenSSL (the ESDK crate's test fixture).
const CERTIFICATE: &str = include_str!("../../flowkeys-esdk/tests/fixtures/keys/rsa2048.cert.pem");

fn flow_form() -> flowkeys_connect::flow::FlowForm {
    flowkeys_connect::flow::FlowForm {
        key_id: key_id(),
        certificate_pem: CERTIFICATE.into(),
        lambda_arn: "arn:aws:lambda:us-east-1:123456789012:function:decrypt".into(),
        collect: "custom".into(),
        label: "membership PIN".into(),
        min_length: "4".into(),
        max_length: "6".into(),
        lambda_timeout_seconds: "8".into(),
        prompt_text: "Enter your PIN.".into(),
    }
}

#[test]
fn every_answer_round_trips() {
    answer_round_trip(KeySetMade {
        private_key: secret(b"pkcs8"),
        key_layout: flowkeys_core::keys::KeyLayout { bits: 2048, pkcs1_start: 26, pkcs1_end: 1217 },
        certificate: Bytes(vec![4, 5]),
        summary: certificate_summary(),
        method: Method::Rust,
        keygen_ms: 1.25,
        total_ms: 2.5,
    });
    answer_round_trip(Imported {
        reports: vec![
            InputReport {
                name: "a".into(),
                outcome: InputOutcomeView::Read {
                    description: "d".into(),
                    items: vec!["i".into()],
                    warnings: vec!["w".into()],
                },
            },
            InputReport { name: "b".into(), outcome: InputOutcomeView::NeedsPassword { what: "w".into() } },
            InputReport { name: "c".into(), outcome: InputOutcomeView::WrongPassword { message: "m".into() } },
            InputReport { name: "d".into(), outcome: InputOutcomeView::Failed { message: "m".into() } },
        ],
        sets: vec![ImportedSet {
            label: "l".into(),
            completeness: "c".into(),
            certificate_only: false,
            checklist: Some(checklist()),
            usable: true,
            private_key: Some(secret(b"k")),
            key_layout: Some(flowkeys_core::keys::KeyLayout { bits: 3072, pkcs1_start: 26, pkcs1_end: 1800 }),
            certificate: Some(Bytes(vec![1])),
            summary: Some(certificate_summary()),
            detail: flowkeys_core::CertificateDetail::from_der(&certificate_der()).ok(),
        }],
    });
    answer_round_trip(InputRead {
        report: InputReport { name: "a".into(), outcome: InputOutcomeView::NeedsPassword { what: "w".into() } },
        plain: Some(secret(b"pem")),
        read_ms: 12.5,
    });
    answer_round_trip(Grouped {
        sets: Vec::new(),
        refused: vec![InputReport { name: "b".into(), outcome: InputOutcomeView::Failed { message: "m".into() } }],
    });
    answer_round_trip(Previewed {
        ciphertext: "AYAD".into(),
        message: summary(),
        round_trip: Err("no".into()),
        encrypt_ms: 1.0,
        decrypt_ms: 2.0,
    });
    answer_round_trip(Inspected {
        message: summary(),
        decrypted: Some(Ok(secret(b"4111"))),
        opened_by: Some(OpenedBy { index: 1, sentence: "Opened with key set b.".into(), needs_fix: false }),
    });
    answer_round_trip(checklist());
    answer_round_trip(CsrPem("-----BEGIN CERTIFICATE REQUEST-----".into()));
    answer_round_trip(ExportedFile(secret(b"file")));
    answer_round_trip(flowkeys_connect::generate_lambda(&lambda_spec()).expect("generates"));
    answer_round_trip(StackMade { template: "{}".into(), script: "# note\naws …\n".into() });
    let flow: FlowMade = flow_form().generate();
    assert!(flow.is_ok(), "{flow:?}");
    answer_round_trip(flow);
    answer_round_trip::<FlowMade>(Err(vec![flowkeys_connect::flow::FieldProblem {
        field: Some(flowkeys_connect::flow::FlowField::MinLength),
        message: "“x” is not a whole number.".into(),
    }]));
    answer_round_trip(flowkeys_core::CertificateDetail::from_der(&certificate_der()).expect("detail"));
}

fn certificate_der() -> Vec<u8> {
    flowkeys_esdk::keys::pem_blocks(CERTIFICATE).expect("PEM").into_iter().next().expect("one block").der.to_vec()
}

fn certificate_summary() -> flowkeys_core::CertificateSummary {
    flowkeys_core::CertificateSummary::from_der(&certificate_der()).expect("summary")
}

#[test]
fn byte_payloads_travel_beside_the_json_never_inside_it() {
    let envelope = encode(&Export {
        private_key: secret(b"PRIVATE-KEY-BYTES"),
        certificate: Bytes(vec![7]),
        password: secret(b"hunter2-password"),
        format: ExportFormat::Pkcs12,
    })
    .expect("encodes");
    assert!(!envelope.json.contains("PRIVATE"), "{}", envelope.json);
    assert!(!envelope.json.contains("hunter2"), "{}", envelope.json);
    assert_eq!(envelope.buffers.len(), 3);
    assert_eq!(envelope.buffers.first().map(|b| b.as_slice()), Some(&b"PRIVATE-KEY-BYTES"[..]));
}

#[test]
fn a_secret_cannot_be_serialised_outside_the_envelope() {
    let err = serde_json::to_string(&secret(b"k")).expect_err("refused");
    assert!(err.to_string().contains("only through"), "{err}");
}

#[test]
fn decode_failures_are_typed_errors_not_defaults() {
    // A reply of the wrong type.
    let envelope = encode(&FromWorker::Answer(Ok::<_, TaskFailed>(CsrPem("x".into())))).expect("encodes");
    let wrong: Result<FromWorker<KeySetMade>, _> = decode(envelope);
    assert!(matches!(wrong, Err(ProtocolError::Malformed(_))));
    // A missing buffer.
    let mut envelope = encode(&MakeCsr { private_key: secret(b"k"), certificate: Bytes(vec![1]) }).expect("encodes");
    envelope.buffers.pop();
    assert!(matches!(decode::<MakeCsr>(envelope), Err(ProtocolError::Malformed(_))));
    // A buffer named twice.
    let envelope = Envelope {
        json: r#"{"private_key":0,"certificate":0}"#.into(),
        buffers: vec![zeroize::Zeroizing::new(vec![1])],
    };
    assert!(matches!(decode::<MakeCsr>(envelope), Err(ProtocolError::Malformed(_))));
    // A missing field is not filled with a default.
    let envelope = Envelope { json: r#"{"method":"rust","now_ms":1}"#.into(), buffers: vec![] };
    assert!(matches!(decode::<Generate>(envelope), Err(ProtocolError::Malformed(_))));
    // An invalid Key ID is refused while decoding.
    let envelope = Envelope {
        json: r#"{"message":0,"keys":[{"private_key":1,"key_id":"not a key id","label":"a","selected":true}]}"#.into(),
        buffers: vec![zeroize::Zeroizing::new(vec![1]), zeroize::Zeroizing::new(vec![2])],
    };
    assert!(matches!(decode::<Inspect>(envelope), Err(ProtocolError::Malformed(_))));
    // Text after the message.
    let mut envelope = encode(&CsrPem("x".into())).expect("encodes");
    envelope.json.push_str(" {}");
    assert!(matches!(decode::<CsrPem>(envelope), Err(ProtocolError::Malformed(_))));
}

/// Each worker module answers its own requests and refuses every other with a sentence (the
/// page routes by [`Request::MODULE`]; a request that reaches the wrong module's binary, whose
/// code for it was left out, is not silently dropped).
#[test]
fn each_module_answers_its_own_requests_and_refuses_the_others() {
    let clock = || 1.8e12;
    let dispatch = |module: Module, r: AnyRequest| match module {
        Module::Keys => ops::answer_keys(r, &clock),
        Module::Files => ops::answer_files(r, &clock),
        Module::Lint => ops::answer_lint(r),
        Module::Tools => ops::answer_tools(r),
    };
    for request in every_request() {
        for module in Module::ALL {
            let copy: AnyRequest = decode(encode(&request).expect("encodes")).expect("decodes");
            let wrong = request.wrong_module(module);
            let answer =
                decode::<FromWorker<serde::de::IgnoredAny>>(dispatch(module, copy).expect("answers")).expect("decodes");
            let refused = matches!(&answer, FromWorker::Answer(Err(e)) if *e == wrong);
            assert_eq!(refused, module != request.module(), "{module:?} answering {request:?}: {answer:?}");
        }
    }
}

//! The worker's operations, run natively: each answer is the one the page renders.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use flowkeys_core::{KeyId, KeySet, PrivateKeyDer};
use flowkeys_protocol::views::{InputOutcomeView, ReadinessView};
use flowkeys_protocol::*;

fn clock() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
}

fn form() -> FormFields {
    FormFields {
        key_bits: 2048,
        common_name: "ops-test".into(),
        organization: String::new(),
        organizational_unit: String::new(),
        country: String::new(),
        state: String::new(),
        locality: String::new(),
        validity_days: "730".into(),
    }
}

fn made() -> KeySetMade {
    ops::generate_rust(&Generate { method: Method::Rust, form: form(), now_ms: clock() }, &clock).expect("generates")
}

/// The made key exported under the test password, as the PEM bytes a file would hold.
fn encrypted_under_test_password(m: &KeySetMade, format: ExportFormat) -> Vec<u8> {
    let exported = ops::export(&Export {
        private_key: m.private_key.clone(),
        certificate: m.certificate.clone(),
        password: SecretBytes::copy_of(b"correct horse battery"),
        format,
    })
    .expect("exports");
    exported.0.expose().to_vec()
}

fn key_set(m: &KeySetMade) -> KeySet {
    let key = PrivateKeyDer::from_pkcs8_der(m.private_key.expose()).expect("key");
    KeySet::from_parts(key, m.certificate.0.clone()).expect("set")
}

fn loaded(m: &KeySetMade, key_id: Option<&KeyId>, label: &str, selected: bool) -> DecryptionKey {
    DecryptionKey { private_key: m.private_key.clone(), key_id: key_id.cloned(), label: label.into(), selected }
}

fn pasted(text: &str) -> ImportSource {
    ImportSource { name: "pasted text".into(), bytes: SecretBytes::copy_of(text.as_bytes()), pasted: true }
}

fn password(input: &str, pw: &str) -> InputPassword {
    InputPassword { input: input.into(), password: SecretBytes::copy_of(pw.as_bytes()) }
}

#[test]
fn a_generated_key_set_is_ready_and_previews_inspects_and_signs_requests() {
    let m = made();
    let set = key_set(&m);
    let checklist = ops::check_key_set(&CheckKeySet {
        private_key: m.private_key.clone(),
        certificate: m.certificate.clone(),
        now_ms: clock(),
    })
    .expect("checks");
    assert_eq!(checklist.readiness, ReadinessView::Ready, "{checklist:?}");
    assert_eq!(checklist.headline, "Ready for Connect");

    let key_id = KeyId::parse("5a7f1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b").expect("key id");
    let previewed = ops::preview(
        &Preview {
            private_key: m.private_key.clone(),
            certificate: m.certificate.clone(),
            key_id: key_id.clone(),
            digits: SecretBytes::copy_of(b"4111111111111111"),
            masked: "•••• 1111".into(),
        },
        &clock,
    )
    .expect("previews");
    assert!(previewed.round_trip.is_ok(), "{:?}", previewed.round_trip);
    assert_eq!(previewed.message.data_keys.first().map(|k| k.key_info.as_str()), Some(key_id.as_ref()));
    assert_eq!(previewed.message.data_keys.first().map(|k| k.rsa_modulus_bits), Some(2048));

    let inspected = ops::inspect(&Inspect {
        message: Bytes(previewed.ciphertext.clone().into_bytes()),
        keys: vec![loaded(&m, Some(&key_id), "ops-test", true)],
    })
    .expect("inspects");
    assert_eq!(inspected.decrypted, Some(Ok(SecretBytes::copy_of(b"4111111111111111"))));
    let without_key =
        ops::inspect(&Inspect { message: Bytes(previewed.ciphertext.clone().into_bytes()), keys: vec![] })
            .expect("inspects");
    assert_eq!(without_key.decrypted, None);
    assert!(ops::inspect(&Inspect { message: Bytes(b"not a message".to_vec()), keys: vec![] }).is_err());
    // Read without a key by the long-lived worker: the same answer as a keyless Inspect.
    let read = ops::read_message(&ReadMessage(Bytes(previewed.ciphertext.into_bytes()))).expect("reads");
    assert_eq!(read, without_key);
    assert_eq!(
        ops::read_message(&ReadMessage(Bytes(b"not a message".to_vec()))).err(),
        ops::inspect(&Inspect { message: Bytes(b"not a message".to_vec()), keys: vec![] }).err()
    );

    let csr =
        ops::csr(&MakeCsr { private_key: m.private_key.clone(), certificate: m.certificate.clone() }).expect("csr");
    assert!(csr.0.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    assert_eq!(set.summary().key_bits, 2048);
}

#[test]
fn pasted_encrypted_key_and_certificate_unlock_and_a_certificate_alone_is_not_ready() {
    let m = made();
    let set = key_set(&m);
    let encrypted = String::from_utf8(encrypted_under_test_password(&m, ExportFormat::Pkcs8Scrypt)).expect("pem");
    let cert = set.certificate_pem().expect("cert pem");
    let text = format!("{encrypted}\n{}", cert.as_str());
    let read = |passwords: Vec<InputPassword>| {
        ops::import(&ImportFiles { sources: vec![pasted(&text)], passwords, now_ms: clock() }).expect("imports")
    };

    // No password yet: the key asks for one, the certificate pasted with it is read already,
    // and on its own it is not "ready": the private key is missing.
    let first = read(vec![]);
    let names: Vec<&str> = first.reports.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["pasted text, block 1", "pasted text, block 2"]);
    assert!(matches!(first.reports.first().map(|r| &r.outcome), Some(InputOutcomeView::NeedsPassword { .. })));
    assert!(matches!(first.reports.get(1).map(|r| &r.outcome), Some(InputOutcomeView::Read { .. })));
    let only = first.sets.first().expect("the certificate's key set");
    assert!(only.certificate_only);
    assert!(!only.usable);
    let checklist = only.checklist.as_ref().expect("checklist");
    assert_eq!(checklist.readiness, ReadinessView::Incomplete);
    assert!(checklist.headline.contains("private key is missing"), "{}", checklist.headline);
    assert!(!checklist.headline.starts_with("Ready"), "{}", checklist.headline);

    // A wrong password says so.
    let wrong = read(vec![password("pasted text, block 1", "wrong password")]);
    assert!(
        matches!(wrong.reports.first().map(|r| &r.outcome), Some(InputOutcomeView::WrongPassword { .. })),
        "{:?}",
        wrong.reports
    );

    // The right one unlocks it, and the pair is one usable key set.
    let right = read(vec![password("pasted text, block 1", "correct horse battery")]);
    assert!(
        matches!(right.reports.first().map(|r| &r.outcome), Some(InputOutcomeView::Read { .. })),
        "{:?}",
        right.reports
    );
    assert_eq!(right.sets.len(), 1);
    let complete = right.sets.first().expect("set");
    assert!(complete.usable);
    assert_eq!(complete.private_key.as_ref().map(|k| k.expose().to_vec()), Some(m.private_key.expose().to_vec()));
    assert_eq!(complete.key_layout, Some(m.key_layout));
    assert_eq!(complete.usable_key_set(), Some(key_set(&m)));
    assert_eq!(complete.checklist.as_ref().map(|c| c.readiness), Some(ReadinessView::Ready));
}

#[test]
fn single_or_escaped_pasted_blocks_are_read_whole() {
    assert!(ops::pasted_blocks("-----BEGIN X-----\nAA\n-----END X-----\n").is_empty());
    assert!(ops::pasted_blocks(
        "\"-----BEGIN X-----\\nAA\\n-----END X-----\\n-----BEGIN Y-----\\nBB\\n-----END Y-----\""
    )
    .is_empty());
    let two = "junk\n-----BEGIN X-----\nAA\n-----END X-----\n\n-----BEGIN Y-----\nBB\n-----END Y-----\n";
    assert_eq!(
        ops::pasted_blocks(two),
        ["-----BEGIN X-----\nAA\n-----END X-----", "-----BEGIN Y-----\nBB\n-----END Y-----"]
    );
}

#[test]
fn an_invalid_form_is_refused_by_the_worker_too() {
    let mut bad = form();
    bad.key_bits = 1024;
    assert!(ops::validated(&bad).is_err());
    let mut bad = form();
    bad.validity_days = "0".into();
    assert!(ops::validated(&bad).unwrap_err().0.starts_with("The form is not valid"));
}

#[test]
fn inputs_read_one_at_a_time_regroup_without_their_passwords() {
    let m = made();
    let set = key_set(&m);
    let encrypted = encrypted_under_test_password(&m, ExportFormat::Pkcs8Pbkdf2);
    let cert = set.certificate_pem().expect("cert pem");
    let file = |name: &str, bytes: &[u8]| ImportSource {
        name: name.into(),
        bytes: SecretBytes::copy_of(bytes),
        pasted: false,
    };
    let read = |source: ImportSource, password: Option<&[u8]>| {
        ops::read_input(&ReadInput { source, password: password.map(SecretBytes::copy_of) }, &clock).expect("reads")
    };
    let key_file = file("key.enc.pem", &encrypted);
    let locked = read(key_file.clone(), None);
    assert!(matches!(locked.report.outcome, InputOutcomeView::NeedsPassword { .. }), "{:?}", locked.report);
    assert!(locked.plain.is_none(), "nothing read, nothing to group");
    let certificate = read(file("cert.pem", cert.as_str().as_bytes()), None);
    assert!(matches!(certificate.report.outcome, InputOutcomeView::Read { .. }));
    let unlocked = read(key_file, Some(b"correct horse battery"));
    assert!(matches!(unlocked.report.outcome, InputOutcomeView::Read { .. }), "{:?}", unlocked.report);
    // The unlocked key crosses back unencrypted (a wiped buffer), so grouping needs no password.
    let plain = unlocked.plain.expect("plain pieces");
    let text = plain.as_str().expect("PEM text");
    assert!(text.starts_with("-----BEGIN PRIVATE KEY-----") && !text.contains("ENCRYPTED"), "{text}");
    assert!(!format!("{plain:?}").contains("BEGIN"), "Debug stays redacted");
    let inputs = vec![
        PlainInput { name: "key.enc.pem".into(), pem: plain },
        PlainInput { name: "cert.pem".into(), pem: certificate.plain.expect("cert pieces") },
    ];
    let grouped = ops::group(&GroupInputs { inputs, now_ms: clock() }).expect("groups");
    assert!(grouped.refused.is_empty(), "{:?}", grouped.refused);
    assert_eq!(grouped.sets.len(), 1);
    let only = grouped.sets.first().expect("set");
    assert!(only.usable);
    assert_eq!(only.private_key.as_ref().map(|k| k.expose().to_vec()), Some(m.private_key.expose().to_vec()));
    assert_eq!(only.checklist.as_ref().map(|c| c.readiness), Some(ReadinessView::Ready));
}

/// `certificate` with one more (private, non-critical) extension of `size` filler bytes, by
/// re-encoding its DER (x509-cert's types are read-only); the signature is left as it was.
fn with_extension(certificate: &[u8], size: usize) -> Vec<u8> {
    use der::{Any, Decode, Encode, Tagged};
    let sequence = |der: &[u8]| Vec::<Any>::from_der(der).expect("a SEQUENCE");
    let mut outer = sequence(certificate);
    let mut tbs = sequence(&outer.first().expect("tbsCertificate").to_der().expect("encodes"));
    let explicit = tbs.pop().expect("[3] extensions");
    let mut extensions = sequence(explicit.value());
    let extension = x509_cert::ext::Extension {
        extn_id: der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.55555.1"),
        critical: false,
        extn_value: der::asn1::OctetString::new(vec![0x5a; size]).expect("octets"),
    };
    extensions.push(Any::from_der(&extension.to_der().expect("encodes")).expect("any"));
    tbs.push(Any::new(explicit.tag(), extensions.to_der().expect("encodes")).expect("[3]"));
    outer[0] = Any::from_der(&tbs.to_der().expect("encodes")).expect("any");
    outer.to_der().expect("encodes")
}

#[test]
fn a_certificate_file_near_the_size_limit_survives_regrouping() {
    // A DER certificate just under the 2 MiB file limit (a huge private extension; its
    // signature no longer verifies, which the checklist reports) comes back from the worker as
    // PEM a third larger. Regrouping must read that bundle, not refuse it as too big a file.
    let m = made();
    let der = with_extension(&m.certificate.0, flowkeys_core::import::MAX_FILE_BYTES - m.certificate.0.len() - 64);
    assert!(der.len() <= flowkeys_core::import::MAX_FILE_BYTES && der.len() > 2_000_000, "{}", der.len());
    let source = ImportSource { name: "big.cer".into(), bytes: SecretBytes::copy_of(&der), pasted: false };
    let read = ops::read_input(&ReadInput { source, password: None }, &clock).expect("reads");
    assert!(matches!(read.report.outcome, InputOutcomeView::Read { .. }), "{:?}", read.report);
    let plain = read.plain.expect("plain pieces");
    assert!(plain.expose().len() > flowkeys_core::import::MAX_FILE_BYTES, "the PEM is larger than the file");
    let grouped =
        ops::group(&GroupInputs { inputs: vec![PlainInput { name: "big.cer".into(), pem: plain }], now_ms: clock() })
            .expect("groups");
    assert!(grouped.refused.is_empty(), "{:?}", grouped.refused);
    assert_eq!(grouped.sets.len(), 1, "the certificate is listed");
}

#[test]
fn pasted_blocks_become_inputs_of_their_own_and_an_oversized_paste_stays_whole() {
    let two = "-----BEGIN X-----\nAA\n-----END X-----\n-----BEGIN Y-----\nBB\n-----END Y-----\n";
    let units = ops::input_units(&pasted(two));
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["pasted text, block 1", "pasted text, block 2"]);
    let huge = two.repeat(flowkeys_core::import::MAX_PASTE_BYTES / two.len() + 1);
    let units = ops::input_units(&pasted(&huge));
    assert_eq!(units.len(), 1);
    let read = ops::read_input(&ReadInput { source: units.into_iter().next().expect("one"), password: None }, &clock)
        .expect("answers");
    match read.report.outcome {
        InputOutcomeView::Failed { message } => assert!(message.starts_with("The pasted text is"), "{message}"),
        other => panic!("expected the paste limit, got {other:?}"),
    }
}

fn corpus(path: &str) -> String {
    let p = format!("{}/../flowkeys-connect/tests/corpus/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn lint_request(name: &str, text: String) -> LintSource {
    LintSource {
        name: name.into(),
        text,
        overrides: flowkeys_connect::Overrides::new(),
        context: flowkeys_connect::LintContext {
            now_unix: Some(flowkeys_core::UnixTime(1_800_000_000)),
            key_sets: Vec::new(),
        },
    }
}

/// The worker reads YAML templates and Terraform for the page (their readers are not in the
/// page's module), and its answer survives the trip back to the page.
#[test]
fn lint_reads_yaml_and_terraform_and_its_answer_round_trips() {
    for (name, path, kind) in [
        ("vmx3-contactflows.yaml", "voicemail-express/vmx3-contactflows.yaml", "cloud_formation_yaml"),
        ("contact_flows.tf", "gitlab-cicd-terraform/contact_flows.tf", "terraform_hcl"),
        ("RulesEngineMain.json", "rules-engine/RulesEngineMain.json", "flow"),
    ] {
        let request = lint_request(name, corpus(path));
        let report = ops::lint(&request).expect("lints");
        assert_eq!(report.kind.name(), kind, "{name}");
        assert!(!report.flows.is_empty(), "{name}");
        let envelope = ops::answer_sync(request.into(), &clock).expect("encodes");
        let back = decode::<FromWorker<<LintSource as Request>::Response>>(envelope).expect("decodes");
        let FromWorker::Answer(Ok(back)) = back else { panic!("{name}: no report came back") };
        // Source line numbers are for the CLI's editors and are not sent.
        let mut sent = report.clone();
        for f in &mut sent.flows {
            f.lines.clear();
            f.line = 0;
        }
        assert_eq!(back, sent, "{name}");
    }
}

/// Unreadable text and a single flow that cannot be read are the sentences the Flow screen
/// shows, as the request's error.
#[test]
fn lint_errors_are_sentences() {
    let e = ops::lint(&lint_request("pasted text", "not a flow at all".into())).expect_err("refused");
    assert!(e.0.ends_with('.'), "{e}");
    let e = ops::lint(&lint_request("pasted text", "{\"Version\": \"2019-10-30\"}".into())).expect_err("refused");
    assert!(!e.0.is_empty());
}

/// A per-block override reaches the linter.
#[test]
fn lint_applies_overrides() {
    let text = corpus("rules-engine/RulesEngineDTMFInput.json");
    let plain = ops::lint(&lint_request("pasted text", text.clone())).expect("lints");
    let blocks: Vec<String> = plain
        .flows
        .iter()
        .filter_map(|f| f.report.as_ref())
        .flat_map(|r| r.inputs.iter().filter_map(|i| i.action_id.clone()))
        .collect();
    let Some(first) = blocks.first() else { return };
    let mut request = lint_request("pasted text", text);
    request.overrides.secret(first.clone());
    let flipped = ops::lint(&request).expect("lints");
    assert_ne!(plain, flipped, "the override changed nothing");
}

/// The Lambda screen's stack comes from the long-lived worker: the template embeds the flow
/// (linted clean while generating) and the script comments the notes before the commands.
#[test]
fn the_stack_is_made_by_the_worker_with_its_deploy_script() {
    let m = made();
    let pem = key_set(&m).certificate_pem().expect("cert pem");
    let spec = MakeStack {
        certificate_pem: pem.as_str().to_owned(),
        collect: flowkeys_connect::CollectKind::CardNumber,
        runtime: flowkeys_connect::stack::LambdaRuntime::Nodejs,
        now_unix: Some(flowkeys_core::UnixTime(1_800_000_000)),
    };
    let made = ops::stack(&spec).expect("stack");
    let template: serde_json::Value = serde_json::from_str(&made.template).expect("JSON");
    assert!(template.pointer("/Resources/SecurityKey").is_some(), "{}", made.template);
    assert!(made.script.starts_with("# CloudFormation cannot create SecureString"), "{}", made.script);
    assert!(made.script.contains("Runtime=nodejs\n"), "{}", made.script);
    // Through the worker's dispatcher, answered as the page decodes it.
    let envelope = encode(&AnyRequest::from(spec.clone())).expect("encodes");
    let request: AnyRequest = decode(envelope).expect("decodes");
    let answer = ops::answer_sync(request, &clock).expect("answers");
    let reply: FromWorker<StackMade> = decode(answer).expect("decodes");
    assert!(matches!(reply, FromWorker::Answer(Ok(ref s)) if *s == made), "{reply:?}");
}

/// The Lambda screen's code comes from the long-lived worker too; a spec the engine refuses
/// comes back as the sentence the screen shows.
#[test]
fn the_lambda_code_is_made_by_the_worker() {
    let key_id = KeyId::parse("11111111-2222-4333-8444-555555555555").expect("key id");
    let spec = flowkeys_connect::LambdaSpec {
        keys: vec![flowkeys_connect::LambdaKey {
            key_id: key_id.clone(),
            ssm_parameter: flowkeys_connect::SsmParameterName::parse("CONNECT_INPUT_DECRYPTION_KEY").expect("name"),
            private_key_file: None,
            key_bits: Some(2048),
        }],
        lambda_arn: None,
        region: None,
        kms_key_arn: None,
        return_full_value: false,
    };
    let envelope = encode(&AnyRequest::from(MakeLambda(spec.clone()))).expect("encodes");
    let answer = ops::answer_sync(decode(envelope).expect("decodes"), &clock).expect("answers");
    let reply: FromWorker<flowkeys_connect::LambdaCode> = decode(answer).expect("decodes");
    let FromWorker::Answer(Ok(code)) = reply else { panic!("expected the code, got {reply:?}") };
    assert_eq!(code, flowkeys_connect::generate_lambda(&spec).expect("generates"));
    assert!(code.node.contains(key_id.as_str()) && code.python.contains(key_id.as_str()));
    let mut twice = spec;
    twice.keys.push(twice.keys[0].clone());
    let refused = ops::lambda(&MakeLambda(twice)).expect_err("a repeated Key ID is refused");
    assert!(refused.0.contains(key_id.as_str()), "{}", refused.0);
}

/// A public key where the certificate belongs is refused with the certificate reader's
/// sentence, not a generic failure.
#[test]
fn a_stack_for_a_text_that_is_not_a_certificate_says_why() {
    let request = MakeStack {
        certificate_pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n".into(),
        collect: flowkeys_connect::CollectKind::CardNumber,
        runtime: flowkeys_connect::stack::LambdaRuntime::Rust,
        now_unix: None,
    };
    let err = ops::stack(&request).expect_err("refused");
    assert!(err.0.to_lowercase().contains("public key"), "{err}");
}

/// The page holds the worker's reading of each key set instead of decoding it: a made key set
/// carries its key's layout and its certificate's summary, which rebuild the same key set as
/// reading its parts does.
#[test]
fn a_made_key_set_carries_its_keys_layout_and_its_certificates_summary() {
    let m = made();
    let parsed = key_set(&m);
    assert_eq!(&m.summary, parsed.summary());
    let key = PrivateKeyDer::from_layout(m.private_key.0.clone(), m.key_layout).expect("key");
    let held = KeySet::from_checked_parts(key, m.certificate.0.clone(), m.summary.clone());
    assert_eq!(held, parsed);
    assert_eq!(m.key_set().expect("rebuilt"), parsed);
}

/// Re-issuing keeps the subject of the certificate it replaces (the worker reads it), and the
/// form's subject when there is none.
#[test]
fn a_reissued_certificate_keeps_the_subject_it_replaces() {
    let m = made();
    let mut other = form();
    other.common_name = "someone else".into();
    let reissue = |current: Option<Bytes>| {
        ops::reissue(
            &Reissue {
                private_key: m.private_key.clone(),
                form: other.clone(),
                current_certificate: current,
                now_ms: clock(),
            },
            &clock,
        )
        .expect("reissues")
    };
    let kept = reissue(Some(m.certificate.clone()));
    assert_eq!(kept.summary.subject, m.summary.subject);
    assert_ne!(kept.certificate, m.certificate);
    let fresh = reissue(None);
    assert!(fresh.summary.subject.contains("someone else"), "{}", fresh.summary.subject);
}

/// The Flow screen's form is read and the flow made by the long-lived worker; each problem
/// comes back with its field, and a certificate's detail comes back whole.
#[test]
fn the_flow_and_the_certificate_detail_are_made_by_the_worker() {
    let m = made();
    let pem = key_set(&m).certificate_pem().expect("cert pem");
    let (min, max) = flowkeys_connect::CollectKind::Cvv.default_lengths();
    let mut form = flowkeys_connect::flow::FlowForm {
        key_id: KeyId::parse("11111111-2222-4333-8444-555555555555").expect("key id"),
        certificate_pem: pem.as_str().to_owned(),
        lambda_arn: "arn:aws:lambda:eu-west-2:123456789012:function:decrypt".into(),
        collect: "cvv".into(),
        label: String::new(),
        min_length: min.to_string(),
        max_length: max.to_string(),
        lambda_timeout_seconds: "8".into(),
        prompt_text: "Enter the security code.".into(),
    };
    let envelope = encode(&AnyRequest::from(MakeFlow(form.clone()))).expect("encodes");
    let answer = ops::answer_sync(decode(envelope).expect("decodes"), &clock).expect("answers");
    let reply: FromWorker<FlowMade> = decode(answer).expect("decodes");
    let FromWorker::Answer(Ok(Ok(flow))) = reply else { panic!("{reply:?}") };
    assert!(flow.json.contains("\"cvv\""), "{}", flow.json);

    form.max_length = "many".into();
    let problems = ops::flow(&MakeFlow(form)).expect_err("refused");
    assert_eq!(problems.first().and_then(|p| p.field), Some(flowkeys_connect::flow::FlowField::MaxLength));

    let detail = ops::describe(&DescribeCertificate(m.certificate.clone())).expect("detail");
    assert_eq!(detail.subject, m.summary.subject);
    assert!(ops::describe(&DescribeCertificate(Bytes(vec![0x30, 0x03, 1, 2, 3]))).is_err());
}

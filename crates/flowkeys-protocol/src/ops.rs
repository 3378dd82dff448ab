//! What the worker does for each request: engine calls and the views of their results. Plain
//! Rust, so every operation is tested natively; the worker only adds transport and WebCrypto.

use crate::messages::*;
use crate::views::{ChecklistView, ImportedSet, InputOutcomeView, InputReport, MessageSummary};
use crate::wire::{Bytes, SecretBytes};
use crate::{AnyRequest, TaskFailed};
use flowkeys_core::cert::UnsignedCertificate;
use flowkeys_core::checklist::check;
use flowkeys_core::export::{export_pkcs12, PasswordProtection};
use flowkeys_core::import::{Completeness, ImportError, ImportInput, ImportedKeySet, InputOutcome};
use flowkeys_core::make::{certificate_signing_request, subject_input_from_certificate};
use flowkeys_core::pbe::EXPORT_ITERATIONS;
use flowkeys_core::subject::Subject;
use flowkeys_core::{CertificateForm, CertificateRequest, KeySet, PrivateKeyDer, UnixTime};
use flowkeys_esdk::DecryptOptions;

/// [`LintSource`]: reads the source as the CLI does (content decides whether it is a flow, a
/// template or Terraform) and lints every flow in it. Files the source refers to are not read
/// (the browser has only the one file).
///
/// # Errors
/// Why the text could not be read, or — for a source that is one flow — why that flow could
/// not be, as the sentence the Flow screen shows.
pub fn lint(request: &LintSource) -> Result<flowkeys_connect::flow::source::SourceReport, TaskFailed> {
    use flowkeys_connect::flow::source::{lint_source, only_this_file};
    let source =
        lint_source(&request.name, request.text.as_bytes(), &request.context, &request.overrides, &only_this_file)
            .map_err(|e| TaskFailed(e.sentence()))?;
    if let Some(e) = source.single_flow_error() {
        return Err(TaskFailed(e.to_owned()));
    }
    Ok(source)
}

/// [`MakeStack`]: the template and its deploy script.
///
/// # Errors
/// Why the template could not be generated (a certificate the flow cannot carry), as the
/// sentence the Lambda screen shows.
pub fn stack(request: &MakeStack) -> Result<StackMade, TaskFailed> {
    let spec = request.to_spec().map_err(failed)?;
    let generated = flowkeys_connect::stack::generate_stack(&spec).map_err(|e| TaskFailed(e.to_string()))?;
    let script = generated.deploy_script(spec.runtime);
    Ok(StackMade { template: generated.template, script })
}

/// [`MakeLambda`]: the Node.js and Python code, the IAM policy and the put-parameter commands.
///
/// # Errors
/// Why the spec cannot give a Lambda (no key, a repeated Key ID or parameter), as the sentence
/// the Lambda screen shows.
pub fn lambda(request: &MakeLambda) -> Result<flowkeys_connect::LambdaCode, TaskFailed> {
    flowkeys_connect::generate_lambda(&request.0).map_err(|e| TaskFailed(e.to_string()))
}

/// [`MakeFlow`]: the flow, or the form's problems by field. Never a [`TaskFailed`]: every
/// problem belongs next to a field or to the form.
pub fn flow(request: &MakeFlow) -> FlowMade {
    request.0.generate()
}

/// [`DescribeCertificate`].
///
/// # Errors
/// Why the bytes are not a certificate.
pub fn describe(request: &DescribeCertificate) -> Result<flowkeys_core::CertificateDetail, TaskFailed> {
    flowkeys_core::CertificateDetail::from_der(&request.0 .0).map_err(failed)
}

/// Most encrypted data keys a pasted message may carry before decryption is refused: Connect
/// writes one, and each would cost an RSA private-key operation.
pub const MAX_ENCRYPTED_DATA_KEYS: u16 = 8;

/// A millisecond clock (`Date.now()` in the browser), for the timings the page shows.
pub type Clock<'a> = &'a dyn Fn() -> f64;

fn failed(e: impl core::fmt::Display) -> TaskFailed {
    TaskFailed::from_error(e)
}

fn key_set(private_key: &SecretBytes, certificate: &Bytes) -> Result<KeySet, TaskFailed> {
    let private = PrivateKeyDer::from_pkcs8_der(private_key.expose()).map_err(failed)?;
    KeySet::from_parts(private, certificate.0.clone()).map_err(failed)
}

/// The form, validated again in the worker: it never trusts the page blindly.
///
/// # Errors
/// The first problem, as a sentence.
pub fn validated(form: &FormFields) -> Result<CertificateRequest, TaskFailed> {
    check_form(form_of(form)?)
}

fn form_of(fields: &FormFields) -> Result<CertificateForm, TaskFailed> {
    Ok(fields.to_form().ok_or("The key size must be 2048, 3072 or 4096 bits.")?)
}

fn check_form(form: CertificateForm) -> Result<CertificateRequest, TaskFailed> {
    form.validate().map_err(|errors| {
        let first = errors.0.first().map(|(_, m)| m.clone()).unwrap_or_default();
        TaskFailed(format!("The form is not valid: {first}"))
    })
}

/// The self-signed certificate and self-checks for `key`, as a key set.
///
/// # Errors
/// The engine's sentence when the certificate cannot be made or the checks fail.
pub fn certify(
    key: &rsa::PrivateKey,
    request: &CertificateRequest,
    method: Method,
    now_ms: f64,
    keygen_ms: f64,
    started_ms: f64,
    clock: Clock<'_>,
) -> Result<KeySetMade, TaskFailed> {
    let set = KeySet::create_self_signed(key, request, UnixTime::from_js_millis(now_ms)).map_err(failed)?;
    Ok(made(&set, method, keygen_ms, clock() - started_ms))
}

/// The certificate for `private`'s public half, to be signed where the key was made: the
/// worker's WebCrypto path signs [`UnsignedCertificate::to_be_signed`] natively and hands the
/// signature to [`certified`].
///
/// # Errors
/// The engine's sentence when the key or the certificate's fields cannot be encoded.
pub fn certificate_to_sign(
    private: &PrivateKeyDer,
    request: &CertificateRequest,
    now_ms: f64,
) -> Result<UnsignedCertificate, TaskFailed> {
    let spki = private.public_spki().map_err(failed)?;
    UnsignedCertificate::new(&spki, &request.subject, request.validity, UnixTime::from_js_millis(now_ms))
        .map_err(failed)
}

/// The key set made from `private` and its certificate signed outside the engine, after the
/// generation's self-check ([`KeySet::self_signed`]).
///
/// # Errors
/// The engine's sentence when the signature does not verify or the parts do not match.
pub fn certified(
    private: PrivateKeyDer,
    unsigned: UnsignedCertificate,
    signature: &[u8],
    method: Method,
    keygen_ms: f64,
    started_ms: f64,
    clock: Clock<'_>,
) -> Result<KeySetMade, TaskFailed> {
    let certificate = unsigned.signed(signature).map_err(failed)?;
    let set = KeySet::self_signed(private, certificate).map_err(failed)?;
    Ok(made(&set, method, keygen_ms, clock() - started_ms))
}

fn made(set: &KeySet, method: Method, keygen_ms: f64, total_ms: f64) -> KeySetMade {
    KeySetMade {
        private_key: SecretBytes::copy_of(set.private_key().pkcs8_der()),
        key_layout: set.private_key().layout(),
        certificate: Bytes(set.certificate_der().to_vec()),
        summary: set.summary().clone(),
        method,
        keygen_ms,
        total_ms,
    }
}

/// [`Generate`] with the pure-Rust generator (WebCrypto is the worker's, being browser-only).
///
/// # Errors
/// An invalid form or a failed generation.
pub fn generate_rust(request: &Generate, clock: Clock<'_>) -> Result<KeySetMade, TaskFailed> {
    let started = clock();
    let checked = validated(&request.form)?;
    let key = flowkeys_core::keys::generate(checked.key_size).map_err(failed)?;
    certify(&key, &checked, Method::Rust, request.now_ms, clock() - started, started, clock)
}

/// [`Reissue`].
///
/// # Errors
/// An invalid form, an unreadable key, or a failed certificate.
pub fn reissue(request: &Reissue, clock: Clock<'_>) -> Result<KeySetMade, TaskFailed> {
    let started = clock();
    let mut form = form_of(&request.form)?;
    if let Some(subject) =
        request.current_certificate.as_ref().and_then(|der| subject_input_from_certificate(&der.0).ok())
    {
        form.subject = subject;
    }
    let checked = check_form(form)?;
    let key = PrivateKeyDer::from_pkcs8_der(request.private_key.expose()).and_then(|k| k.to_rsa()).map_err(failed)?;
    certify(&key, &checked, Method::Rust, request.now_ms, 0.0, started, clock)
}

/// The PEM blocks of pasted text, each exactly as pasted; empty unless there are two or more
/// blocks with real line breaks (a single block, or one JSON-escaped string, is read whole).
pub fn pasted_blocks(text: &str) -> Vec<&str> {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "-----END ";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let Some(after) = rest.get(start..) else {
            break;
        };
        let Some(end) = after.find(END) else { break };
        let Some(tail) = after.get(end.saturating_add(END.len())..) else {
            break;
        };
        let Some(close) = tail.find("-----") else {
            break;
        };
        let length = end.saturating_add(END.len()).saturating_add(close).saturating_add(5);
        let (Some(block), Some(remaining)) = (after.get(..length), after.get(length..)) else {
            break;
        };
        out.push(block);
        rest = remaining;
    }
    if out.len() < 2 || !out.iter().all(|b| b.contains('\n')) {
        return Vec::new();
    }
    out
}

/// The inputs one given source stands for: itself, or — for pasted text with two or more PEM
/// blocks — one input per block ("pasted text, block N"), so an encrypted key pasted with its
/// certificate is unlocked on its own while the certificate is read at once. Pasted text over
/// the paste limit is kept whole, so the engine refuses it with the paste limit's message.
pub fn input_units(source: &ImportSource) -> Vec<ImportSource> {
    let text = if source.pasted && source.bytes.expose().len() <= flowkeys_core::import::MAX_PASTE_BYTES {
        core::str::from_utf8(source.bytes.expose()).ok()
    } else {
        None
    };
    let blocks = text.map(pasted_blocks).unwrap_or_default();
    if blocks.is_empty() {
        return vec![source.clone()];
    }
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| ImportSource {
            name: format!("{}, block {}", source.name, i.saturating_add(1)),
            bytes: SecretBytes::copy_of(b.as_bytes()),
            // A block of a paste within the paste limit is read like a file, under its own name.
            pasted: false,
        })
        .collect()
}

fn engine_input(source: &ImportSource, password: Option<&str>) -> ImportInput {
    let pasted = if source.pasted { core::str::from_utf8(source.bytes.expose()).ok() } else { None };
    let input = match pasted {
        // Pasted text read whole: the paste's size limit and message apply.
        Some(text) => ImportInput::pasted(text),
        None => ImportInput::file(source.name.clone(), source.bytes.expose().to_vec()),
    };
    match password {
        Some(p) => input.with_password(p),
        None => input,
    }
}

fn report_view(r: &flowkeys_core::import::InputReport) -> InputReport {
    InputReport {
        name: r.name.clone(),
        outcome: match &r.outcome {
            InputOutcome::Read(summary) => InputOutcomeView::Read {
                description: summary.description.clone(),
                items: if summary.items.len() > 1 {
                    summary.items.iter().map(|i| i.description.clone()).collect()
                } else {
                    Vec::new()
                },
                warnings: summary.warnings.clone(),
            },
            InputOutcome::NeedsPassword { what } => InputOutcomeView::NeedsPassword { what: what.clone() },
            InputOutcome::Failed(e @ ImportError::WrongPassword { .. }) => {
                InputOutcomeView::WrongPassword { message: e.to_string() }
            }
            InputOutcome::Failed(e) => InputOutcomeView::Failed { message: e.to_string() },
        },
    }
}

/// [`ReadInput`]: reads one input (every password derivation it triggers happens here, within
/// the engine's work budget for one input).
///
/// # Errors
/// Only if the pieces read cannot be re-encoded (a length past `usize`).
pub fn read_input(request: &ReadInput, clock: Clock<'_>) -> Result<InputRead, TaskFailed> {
    let started = clock();
    let password = match &request.password {
        Some(p) => Some(p.as_str().ok_or("The password could not be read as text.")?),
        None => None,
    };
    let imported = flowkeys_core::import(&[engine_input(&request.source, password)]);
    let report = imported
        .inputs
        .first()
        .map(report_view)
        .ok_or_else(|| TaskFailed(format!("“{}” was not read. Choose it again.", request.source.name)))?;
    let plain = match report.outcome {
        InputOutcomeView::Read { .. } => Some(SecretBytes(imported.plain_pem().map_err(failed)?)),
        _ => None,
    };
    Ok(InputRead { report, plain, read_ms: clock() - started })
}

/// [`GroupInputs`]: groups the pieces of every input read so far and checks each key set.
/// The inputs are unencrypted PEM bundles ([`InputRead::plain`]): nothing is derived again.
///
/// # Errors
/// None today; the signature leaves room for limits.
pub fn group(request: &GroupInputs) -> Result<Grouped, TaskFailed> {
    let inputs: Vec<ImportInput> =
        request.inputs.iter().map(|i| ImportInput::plain_bundle(i.name.clone(), i.pem.expose().to_vec())).collect();
    let imported = flowkeys_core::import(&inputs);
    let refused =
        imported.inputs.iter().filter(|r| matches!(r.outcome, InputOutcome::Failed(_))).map(report_view).collect();
    Ok(Grouped { sets: sets_view(&imported, UnixTime::from_js_millis(request.now_ms)), refused })
}

fn sets_view(imported: &flowkeys_core::import::Import, now: UnixTime) -> Vec<ImportedSet> {
    imported
        .key_sets
        .iter()
        .enumerate()
        .map(|(index, set)| {
            let checklist = imported.checklist(index, now).map(|c| imported_view(&c, set));
            let usable = set.to_key_set().is_ok()
                && checklist.as_ref().is_some_and(|c| {
                    matches!(
                        c.readiness,
                        crate::views::ReadinessView::Ready | crate::views::ReadinessView::ReadyWithWarnings
                    )
                });
            ImportedSet {
                label: set.label(),
                completeness: set.completeness().describe().to_owned(),
                certificate_only: set.completeness() == Completeness::CertificateWithoutPrivateKey,
                checklist,
                usable,
                private_key: set.private_key.as_ref().map(|k| SecretBytes::copy_of(k.pkcs8_der())),
                key_layout: set.private_key.as_ref().and_then(|k| k.to_connect_key().ok()).map(|k| k.layout()),
                certificate: set.certificate().map(|c| Bytes(c.der().to_vec())),
                summary: set.certificate().map(|c| c.summary().clone()),
                detail: set.certificate().and_then(|c| flowkeys_core::CertificateDetail::from_der(c.der()).ok()),
            }
        })
        .collect()
}

/// [`ImportFiles`]: every input read once ([`read_input`]), then grouped ([`group`]) — the
/// page's incremental path, all at once.
///
/// # Errors
/// As [`read_input`].
pub fn import(request: &ImportFiles) -> Result<Imported, TaskFailed> {
    let password_for = |name: &str| request.passwords.iter().find(|p| p.input == name).map(|p| p.password.clone());
    let mut reports = Vec::new();
    let mut plain = Vec::new();
    for source in request.sources.iter().flat_map(input_units) {
        let password = password_for(&source.name);
        let read = read_input(&ReadInput { source, password }, &|| 0.0)?;
        if let Some(pem) = read.plain {
            plain.push(PlainInput { name: read.report.name.clone(), pem });
        }
        reports.push(read.report);
    }
    let grouped = group(&GroupInputs { inputs: plain, now_ms: request.now_ms })?;
    for refusal in grouped.refused {
        if let Some(r) = reports.iter_mut().find(|r| r.name == refusal.name) {
            *r = refusal;
        }
    }
    Ok(Imported { reports, sets: grouped.sets })
}

fn imported_view(c: &flowkeys_core::Checklist, set: &ImportedKeySet) -> ChecklistView {
    let (readiness, headline) = crate::readiness::verdict(c, set.completeness());
    ChecklistView { headline, readiness, lines: crate::views::lines(c) }
}

/// [`CheckKeySet`].
///
/// # Errors
/// A key set that does not load.
pub fn check_key_set(request: &CheckKeySet) -> Result<ChecklistView, TaskFailed> {
    let set = key_set(&request.private_key, &request.certificate)?;
    let imported = ImportedKeySet::from_key_set(&set).map_err(failed)?;
    let checklist = check(&imported, UnixTime::from_js_millis(request.now_ms), &[]);
    Ok(imported_view(&checklist, &imported))
}

/// [`Preview`].
///
/// # Errors
/// A key set or message that cannot be made; a failed round trip is part of the answer.
pub fn preview(request: &Preview, clock: Clock<'_>) -> Result<Previewed, TaskFailed> {
    let key_id = request.key_id.to_string();
    let digits = request.digits.expose();
    let t0 = clock();
    let ciphertext = flowkeys_esdk::connect::encrypt_for_certificate_der(
        &request.certificate.0,
        &key_id,
        digits,
        &mut getrandom::SysRng,
    )
    .map_err(failed)?;
    let t1 = clock();
    let bytes = flowkeys_esdk::message_bytes(ciphertext.as_bytes()).map_err(failed)?;
    let info = flowkeys_esdk::inspect(&bytes).map_err(failed)?;
    let t2 = clock();
    let round_trip = flowkeys_esdk::connect::keyring_from_private_key(&key_id, request.private_key.expose())
        .and_then(|keyring| flowkeys_esdk::decrypt(&bytes, &[keyring], &DecryptOptions::default()))
        .map_err(|e| e.to_string())
        .and_then(|d| {
            if d.plaintext.as_slice() == digits {
                Ok(format!("Round trip OK: the private key decrypted it back to {} (Key ID {key_id}).", request.masked))
            } else {
                Err("The round trip returned different digits. Do not use this key set.".to_owned())
            }
        });
    let t3 = clock();
    Ok(Previewed {
        ciphertext,
        message: MessageSummary::from(&info),
        round_trip,
        encrypt_ms: t1 - t0,
        decrypt_ms: t3 - t2,
    })
}

/// [`Inspect`]: reads the message, then tries every loaded key set (see [`crate::open`]).
///
/// # Errors
/// A message that does not parse; a failed decryption is part of the answer.
pub fn inspect(request: &Inspect) -> Result<Inspected, TaskFailed> {
    let message = flowkeys_esdk::message_bytes(&request.message.0).map_err(failed)?;
    let info = flowkeys_esdk::inspect(&message).map_err(failed)?;
    let options =
        DecryptOptions { max_encrypted_data_keys: Some(MAX_ENCRYPTED_DATA_KEYS), ..DecryptOptions::default() };
    let (decrypted, opened_by) = if request.keys.is_empty() {
        (None, None)
    } else {
        match crate::open::open_with_any(&message, &info, &request.keys, &options) {
            Ok((plaintext, by)) => (Some(Ok(SecretBytes::copy_of(&plaintext))), Some(by)),
            Err(sentence) => (Some(Err(sentence)), None),
        }
    };
    Ok(Inspected { message: MessageSummary::from(&info), decrypted, opened_by })
}

/// [`ReadMessage`]: what [`inspect`] answers with no key (and none of its decryption code, so
/// the module that answers it stays small).
///
/// # Errors
/// A message that does not parse.
pub fn read_message(request: &ReadMessage) -> Result<Inspected, TaskFailed> {
    let message = flowkeys_esdk::message_bytes(&request.0 .0).map_err(failed)?;
    let info = flowkeys_esdk::inspect(&message).map_err(failed)?;
    Ok(Inspected { message: MessageSummary::from(&info), decrypted: None, opened_by: None })
}

/// [`MakeCsr`].
///
/// # Errors
/// A key set or subject that does not load.
pub fn csr(request: &MakeCsr) -> Result<CsrPem, TaskFailed> {
    let set = key_set(&request.private_key, &request.certificate)?;
    let input = subject_input_from_certificate(&request.certificate.0).map_err(failed)?;
    let subject = Subject::new(&input)
        .map_err(|errs| TaskFailed(errs.into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join(" ")))?;
    let pem = certificate_signing_request(set.private_key(), &subject).map_err(failed)?;
    Ok(CsrPem(pem.as_str().to_owned()))
}

/// [`Export`]: deliberately slow key derivation (600 000 PBKDF2 rounds or scrypt).
///
/// # Errors
/// A key that does not load, a password that is not text, or a failed encryption.
pub fn export(request: &Export) -> Result<ExportedFile, TaskFailed> {
    let password = request.password.as_str().ok_or("The password could not be read as text.")?;
    let key = PrivateKeyDer::from_pkcs8_der(request.private_key.expose()).map_err(failed)?;
    let bytes = match request.format {
        ExportFormat::Pkcs8Pbkdf2 | ExportFormat::Pkcs8Scrypt => {
            let protection = if request.format == ExportFormat::Pkcs8Scrypt {
                PasswordProtection::Scrypt
            } else {
                PasswordProtection::default()
            };
            let pem = key.to_encrypted_pkcs8_pem(password, protection).map_err(failed)?;
            SecretBytes::copy_of(pem.expose().as_bytes())
        }
        ExportFormat::Pkcs12 => {
            let set = KeySet::from_parts(key, request.certificate.0.clone()).map_err(failed)?;
            SecretBytes::copy_of(export_pkcs12(&set, password, EXPORT_ITERATIONS).map_err(failed)?.as_bytes())
        }
    };
    Ok(ExportedFile(bytes))
}

fn reply<T: serde::Serialize>(answer: Result<T, TaskFailed>) -> Result<crate::Envelope, crate::ProtocolError> {
    crate::encode(&crate::FromWorker::Answer(answer))
}

fn not_here(request: &AnyRequest, module: crate::Module) -> Result<crate::Envelope, crate::ProtocolError> {
    reply::<()>(Err(request.wrong_module(module)))
}

/// The [`crate::Module::Keys`] worker's dispatcher: runs its requests (a WebCrypto generation
/// excepted: that one is the browser's) and answers any other with a sentence. Each module has
/// its own dispatcher so that its wasm carries only the code its arms reach.
///
/// # Errors
/// [`crate::ProtocolError`] only if the answer cannot be encoded.
pub fn answer_keys(request: AnyRequest, clock: Clock<'_>) -> Result<crate::Envelope, crate::ProtocolError> {
    match request {
        AnyRequest::Generate(r) => reply(generate_rust(&r, clock)),
        AnyRequest::Reissue(r) => reply(reissue(&r, clock)),
        AnyRequest::Csr(r) => reply(csr(&r)),
        AnyRequest::Preview(r) => reply(preview(&r, clock)),
        AnyRequest::Inspect(r) => reply(inspect(&r)),
        other => not_here(&other, crate::Module::Keys),
    }
}

/// The [`crate::Module::Files`] worker's dispatcher.
///
/// # Errors
/// [`crate::ProtocolError`] only if the answer cannot be encoded.
pub fn answer_files(request: AnyRequest, clock: Clock<'_>) -> Result<crate::Envelope, crate::ProtocolError> {
    match request {
        AnyRequest::Import(r) => reply(import(&r)),
        AnyRequest::Read(r) => reply(read_input(&r, clock)),
        AnyRequest::Group(r) => reply(group(&r)),
        AnyRequest::Check(r) => reply(check_key_set(&r)),
        AnyRequest::Export(r) => reply(export(&r)),
        other => not_here(&other, crate::Module::Files),
    }
}

/// The [`crate::Module::Lint`] worker's dispatcher.
///
/// # Errors
/// [`crate::ProtocolError`] only if the answer cannot be encoded.
pub fn answer_lint(request: AnyRequest) -> Result<crate::Envelope, crate::ProtocolError> {
    match request {
        AnyRequest::Lint(r) => reply(lint(&r)),
        other => not_here(&other, crate::Module::Lint),
    }
}

/// The [`crate::Module::Tools`] worker's dispatcher.
///
/// # Errors
/// [`crate::ProtocolError`] only if the answer cannot be encoded.
pub fn answer_tools(request: AnyRequest) -> Result<crate::Envelope, crate::ProtocolError> {
    match request {
        AnyRequest::Stack(r) => reply(stack(&r)),
        AnyRequest::Lambda(r) => reply(lambda(&r)),
        AnyRequest::Flow(r) => reply(Ok(flow(&r))),
        AnyRequest::Describe(r) => reply(describe(&r)),
        AnyRequest::ReadMessage(r) => reply(read_message(&r)),
        other => not_here(&other, crate::Module::Tools),
    }
}

/// Runs any request except a WebCrypto generation in the module it belongs to: what the four
/// workers together answer (native tests and tools use it).
///
/// # Errors
/// [`crate::ProtocolError`] only if the answer cannot be encoded.
pub fn answer_sync(request: AnyRequest, clock: Clock<'_>) -> Result<crate::Envelope, crate::ProtocolError> {
    match request.module() {
        crate::Module::Keys => answer_keys(request, clock),
        crate::Module::Files => answer_files(request, clock),
        crate::Module::Lint => answer_lint(request),
        crate::Module::Tools => answer_tools(request),
    }
}

//! `worker::transport`: an envelope as a JS message plus its transfer list, and back.

use flowkeys_console::worker::transport;
use flowkeys_protocol::{
    decode, encode, AnyRequest, Bytes, CsrPem, Envelope, Export, ExportFormat, ExportedFile, FromWorker, ProtocolError,
    SecretBytes, TaskFailed,
};
use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{MessageChannel, MessageEvent};

const PRIVATE_KEY: &[u8] = &[0x30, 0x82, 0x04, 0xbd, 0x02, 0x01, 0x00, 0xff, 0x00, 0x7f];
const CERTIFICATE: &[u8] = &[0x30, 0x82, 0x03, 0x1a, 0xa0, 0x03];
const PASSWORD: &[u8] = "correct horse battery staple ✓".as_bytes();

/// A request with two secret payloads and one public one.
fn export_request() -> AnyRequest {
    AnyRequest::Export(Export {
        private_key: SecretBytes::copy_of(PRIVATE_KEY),
        certificate: Bytes(CERTIFICATE.to_vec()),
        password: SecretBytes::copy_of(PASSWORD),
        format: ExportFormat::Pkcs12,
    })
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).expect("property readable")
}

/// The message's `buffers`, as `Uint8Array`s.
fn buffers_of(message: &JsValue) -> Vec<Uint8Array> {
    get(message, "buffers").unchecked_into::<Array>().iter().map(|b| b.dyn_into::<Uint8Array>().unwrap()).collect()
}

fn all_zero(array: &Uint8Array) -> bool {
    array.to_vec().iter().all(|b| *b == 0)
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn an_envelope_becomes_its_json_and_one_transferable_buffer_per_payload() {
    let envelope = encode(&export_request()).unwrap();
    assert_eq!(envelope.buffers.len(), 3, "private key, certificate and password each get a buffer");
    let (message, transfer) = transport::to_js(&envelope);

    assert_eq!(get(&message, "json").as_string().as_deref(), Some(envelope.json.as_str()));
    let buffers = buffers_of(&message);
    assert_eq!(buffers.len(), envelope.buffers.len());
    assert_eq!(transfer.length() as usize, buffers.len());
    for (i, array) in buffers.iter().enumerate() {
        assert_eq!(array.to_vec(), envelope.buffers[i].to_vec(), "buffer {i} carries its payload's bytes");
        // The transfer list holds each view's own ArrayBuffer, so posting moves it.
        assert!(transfer.get(i as u32).is_instance_of::<ArrayBuffer>());
        assert!(Object::is(&transfer.get(i as u32), &array.buffer()), "buffer {i} is in the transfer list");
    }
    // No payload is written into the JSON text.
    assert!(!envelope.json.contains("correct horse"));
}

#[wasm_bindgen_test]
fn a_message_decodes_back_to_the_same_request_and_bytes() {
    let (message, _) = transport::to_js(&encode(&export_request()).unwrap());
    let back = transport::from_js(&message).and_then(decode::<AnyRequest>).unwrap();
    assert_eq!(back, export_request());
    let AnyRequest::Export(export) = back else { panic!("not an Export") };
    assert_eq!(export.private_key.expose(), PRIVATE_KEY);
    assert_eq!(export.certificate.0, CERTIFICATE);
    assert_eq!(export.password.as_str(), std::str::from_utf8(PASSWORD).ok());
}

#[wasm_bindgen_test]
fn the_receiver_zero_fills_the_js_buffers_it_copied() {
    let (message, _) = transport::to_js(&encode(&export_request()).unwrap());
    let buffers = buffers_of(&message);
    assert!(buffers.iter().all(|b| b.length() > 0 && !all_zero(b)));
    let envelope = transport::from_js(&message).unwrap();
    for (i, array) in buffers.iter().enumerate() {
        assert!(all_zero(array), "JS buffer {i} still holds its payload after being read");
        assert!(envelope.buffers[i].iter().any(|b| *b != 0), "the Rust copy of buffer {i} was wiped too");
    }
}

/// Posts `message` with `transfer` through a `MessageChannel` (as the page posts to a worker)
/// and resolves with what the other side receives.
async fn post_through_a_channel(message: &JsValue, transfer: &Array) -> JsValue {
    let channel = MessageChannel::new().unwrap();
    let receiver = channel.port2();
    let received = Promise::new(&mut |resolve, _reject| {
        let on_message = Closure::once_into_js(move |event: MessageEvent| {
            let _ = resolve.call1(&JsValue::UNDEFINED, &event.data());
        });
        receiver.set_onmessage(Some(on_message.unchecked_ref()));
    });
    channel.port1().post_message_with_transferable(message, transfer).expect("the message posts");
    let data = JsFuture::from(received).await.unwrap();
    channel.port1().close();
    receiver.close();
    data
}

#[wasm_bindgen_test]
async fn sending_moves_every_buffer_out_of_the_senders_heap() {
    let (message, transfer) = transport::to_js(&encode(&export_request()).unwrap());
    let sent = buffers_of(&message);
    let received = post_through_a_channel(&message, &transfer).await;

    // Transferred, not copied: the sender's buffers are detached (empty), so no copy of the
    // private key or password is left in the page's JS heap.
    for (i, array) in sent.iter().enumerate() {
        assert_eq!(array.byte_length(), 0, "sender's buffer {i} was copied, not transferred");
    }
    let arrived = buffers_of(&received);
    let back = transport::from_js(&received).and_then(decode::<AnyRequest>).unwrap();
    assert_eq!(back, export_request());
    assert!(arrived.iter().all(all_zero), "the receiver left a payload in its JS heap");
}

#[wasm_bindgen_test]
fn wipe_zero_fills_a_message_that_could_not_be_transferred() {
    let (message, _) = transport::to_js(&encode(&export_request()).unwrap());
    transport::wipe(&message);
    assert!(buffers_of(&message).iter().all(all_zero));
    // Anything else is left alone, without a panic.
    for value in [JsValue::NULL, JsValue::from(7), object(&[("buffers", JsValue::from("no"))])] {
        transport::wipe(&value);
    }
}

#[wasm_bindgen_test]
fn a_value_that_is_not_an_envelope_is_a_typed_error() {
    let bytes: JsValue = Uint8Array::from(&[1u8, 2][..]).into();
    let cases: Vec<(&str, JsValue)> = vec![
        ("null", JsValue::NULL),
        ("undefined", JsValue::UNDEFINED),
        ("a number", JsValue::from(42)),
        ("a string", JsValue::from("{\"json\":\"{}\",\"buffers\":[]}")),
        ("an empty object", Object::new().into()),
        ("json not a string", object(&[("json", JsValue::from(5)), ("buffers", Array::new().into())])),
        ("no buffers", object(&[("json", JsValue::from("{}"))])),
        ("buffers not an array", object(&[("json", JsValue::from("{}")), ("buffers", bytes.clone())])),
        (
            "a buffer that is a number",
            object(&[("json", JsValue::from("{}")), ("buffers", Array::of2(&bytes, &JsValue::from(3)).into())]),
        ),
        (
            "a bare ArrayBuffer",
            object(&[("json", JsValue::from("{}")), ("buffers", Array::of1(&ArrayBuffer::new(4)).into())]),
        ),
    ];
    for (what, value) in cases {
        assert_eq!(transport::from_js(&value).map(|_| ()), Err(ProtocolError::NotAnEnvelope), "{what}");
    }
}

#[wasm_bindgen_test]
fn an_envelope_with_the_wrong_message_is_a_typed_error_not_a_default() {
    let wrong_json = object(&[("json", JsValue::from("{\"Unknown\":{}}")), ("buffers", Array::new().into())]);
    let envelope = transport::from_js(&wrong_json).unwrap();
    assert!(matches!(decode::<AnyRequest>(envelope), Err(ProtocolError::Malformed(_))));

    // The request names buffers the message does not carry.
    let (message, _) = transport::to_js(&encode(&export_request()).unwrap());
    Reflect::set(&message, &"buffers".into(), &Array::new()).unwrap();
    match transport::from_js(&message).and_then(decode::<AnyRequest>) {
        Err(ProtocolError::Malformed(why)) => assert!(why.contains("missing"), "{why}"),
        other => panic!("expected Malformed, got {other:?}"),
    }

    // An answer read as another request's answer type.
    let csr = encode(&FromWorker::Answer(Ok(CsrPem("-----BEGIN CERTIFICATE REQUEST-----".into())))).unwrap();
    let (message, _) = transport::to_js(&csr);
    let read = transport::from_js(&message).and_then(decode::<FromWorker<ExportedFile>>);
    assert!(matches!(read, Err(ProtocolError::Malformed(_))), "{read:?}");
}

#[wasm_bindgen_test]
fn the_workers_messages_round_trip() {
    macro_rules! through_js {
        ($message:expr, $type:ty) => {{
            let (js, _) = transport::to_js(&encode($message).unwrap());
            transport::from_js(&js).and_then(transport::decode::<$type>).unwrap()
        }};
    }
    assert_eq!(through_js!(&FromWorker::<ExportedFile>::Ready, FromWorker<ExportedFile>), FromWorker::Ready);
    let file = FromWorker::Answer(Ok(ExportedFile(SecretBytes::copy_of(b"encrypted backup"))));
    assert_eq!(through_js!(&file, FromWorker<ExportedFile>), file);
    let failed = FromWorker::<ExportedFile>::Answer(Err(TaskFailed("The password is too short.".into())));
    assert_eq!(through_js!(&failed, FromWorker<ExportedFile>), failed);
    // An empty envelope (no buffers) is still an envelope.
    let empty = Envelope { json: "null".into(), buffers: Vec::new() };
    let (js, transfer) = transport::to_js(&empty);
    assert_eq!(transfer.length(), 0);
    assert_eq!(transport::from_js(&js).map(|e| e.json), Ok("null".to_owned()));
}

/// The page reads answers with `JSON.parse` and serde-wasm-bindgen: each shape the worker's
/// answers use reads back as it was written — enums with and without data, optional fields,
/// whole-number and fractional numbers, a Unix time, nested structures and byte payloads.
#[wasm_bindgen_test]
fn the_page_reads_every_shape_of_answer_as_the_worker_wrote_it() {
    use flowkeys_protocol::views::{ImportedSet, InputOutcomeView, InputReport};
    use flowkeys_protocol::{Imported, KeySetMade, Method};
    fn through_the_page<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + core::fmt::Debug>(answer: T) {
        let message = FromWorker::Answer(Ok(answer));
        let (js, _) = transport::to_js(&encode(&message).unwrap());
        let read = transport::from_js(&js).and_then(transport::decode::<FromWorker<T>>).unwrap();
        assert_eq!(read, message);
    }
    let set = crate::fixtures::set_2048();
    let made = KeySetMade {
        private_key: SecretBytes::copy_of(set.private_key().pkcs8_der()),
        key_layout: set.private_key().layout(),
        certificate: Bytes(set.certificate_der().to_vec()),
        summary: set.summary().clone(),
        method: Method::WebCrypto,
        keygen_ms: 412.5,
        total_ms: 420.0,
    };
    assert_eq!(made.key_set().unwrap(), set, "the page rebuilds the key set the worker read");
    through_the_page(made);
    let report = |name: &str, outcome| InputReport { name: name.into(), outcome };
    let imported = ImportedSet {
        label: "l".into(),
        completeness: "c".into(),
        certificate_only: false,
        checklist: None,
        usable: true,
        private_key: Some(SecretBytes::copy_of(set.private_key().pkcs8_der())),
        key_layout: Some(set.private_key().layout()),
        certificate: Some(Bytes(set.certificate_der().to_vec())),
        summary: Some(set.summary().clone()),
        detail: None,
    };
    assert_eq!(imported.usable_key_set(), Some(set.clone()));
    through_the_page(Imported {
        reports: vec![
            report(
                "a.pem",
                InputOutcomeView::Read { description: "d".into(), items: vec!["i".into()], warnings: vec![] },
            ),
            report("b.p12", InputOutcomeView::NeedsPassword { what: "w".into() }),
            report("c.p12", InputOutcomeView::WrongPassword { message: "m".into() }),
            report("d.bin", InputOutcomeView::Failed { message: "m".into() }),
        ],
        sets: vec![imported],
    });
}

#[wasm_bindgen_test]
fn text_the_page_cannot_read_is_a_typed_error_not_a_default() {
    let envelope = |json: &str| Envelope { json: json.into(), buffers: Vec::new() };
    for json in [
        "not json",
        "{\"Answer\":{\"Ok\":0}} trailing",
        "{\"Answer\":{\"Ok\":\"x\"}}",
        "{\"Answer\":{\"Ok\":{}}}",
        "{\"Unknown\":null}",
    ] {
        let read = transport::decode::<FromWorker<ExportedFile>>(envelope(json));
        assert!(matches!(read, Err(ProtocolError::Malformed(_))), "{json}: {read:?}");
    }
}

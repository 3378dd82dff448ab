//! A protocol envelope as a JS value: `{json: string, buffers: Uint8Array[]}`.
//!
//! The buffers are transferred, not copied, and the receiver zero-fills each one as soon as it
//! has its own (zeroizing) copy, so a private key is never left behind in a JS heap.

use flowkeys_protocol::{Envelope, ProtocolError};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use zeroize::Zeroizing;

/// The JS message and the list of buffers to transfer with it.
pub fn to_js(envelope: &Envelope) -> (JsValue, Array) {
    let message = Object::new();
    let buffers = Array::new();
    let transfer = Array::new();
    for bytes in &envelope.buffers {
        let array = Uint8Array::from(bytes.as_slice());
        transfer.push(&array.buffer());
        buffers.push(&array);
    }
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&message, &"json".into(), &JsValue::from_str(&envelope.json));
    let _ = Reflect::set(&message, &"buffers".into(), &buffers);
    (message.into(), transfer)
}

/// Reads an envelope from a JS message, wiping the JS buffers it copied.
///
/// # Errors
/// [`ProtocolError::NotAnEnvelope`] for anything else.
pub fn from_js(value: &JsValue) -> Result<Envelope, ProtocolError> {
    let json =
        Reflect::get(value, &"json".into()).ok().and_then(|j| j.as_string()).ok_or(ProtocolError::NotAnEnvelope)?;
    let list: Array = Reflect::get(value, &"buffers".into())
        .ok()
        .and_then(|b| b.dyn_into().ok())
        .ok_or(ProtocolError::NotAnEnvelope)?;
    let mut buffers = Vec::new();
    for item in list.iter() {
        let array: Uint8Array = item.dyn_into().map_err(|_| ProtocolError::NotAnEnvelope)?;
        buffers.push(Zeroizing::new(array.to_vec()));
        array.fill(0, 0, array.length());
    }
    Ok(Envelope { json, buffers })
}

/// Zero-fills the buffers of a JS message this side sent by copy (a message posted before the
/// worker was ready keeps its buffers until then).
pub fn wipe(value: &JsValue) {
    if let Ok(list) = Reflect::get(value, &"buffers".into()).and_then(|b| b.dyn_into::<Array>()) {
        for item in list.iter() {
            if let Ok(array) = item.dyn_into::<Uint8Array>() {
                array.fill(0, 0, array.length());
            }
        }
    }
}

/// Reads a message of type `T` from an envelope, as [`flowkeys_protocol::decode`] does, with the
/// browser's `JSON.parse` and `serde-wasm-bindgen` instead of serde_json's parser, which the
/// page's module then does not carry (the worker, which parses flows, keeps it).
///
/// # Errors
/// [`ProtocolError::Malformed`] for text that is not JSON or not a `T`, or a buffer index that
/// is missing or used twice.
pub fn decode<T: serde::de::DeserializeOwned>(envelope: Envelope) -> Result<T, ProtocolError> {
    let Envelope { json, buffers } = envelope;
    let value =
        js_sys::JSON::parse(&json).map_err(|_| ProtocolError::Malformed("the message is not JSON".to_owned()))?;
    flowkeys_protocol::wire::decode_with(buffers, serde_wasm_bindgen::Deserializer::from(value))
}

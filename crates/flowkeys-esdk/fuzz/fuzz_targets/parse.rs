//! Structure parser: header, body, footer, inspection and the text front end must never panic,
//! and a parsed header must re-serialize to something that parses to the same header.
#![no_main]

use flowkeys_esdk::{body, inspect, message_bytes, Header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = message_bytes(data);
    let _ = inspect(data);
    if let Ok(header) = Header::parse(data) {
        let _ = body::parse(data, &header);
        let mut again = header.serialize_body().expect("a parsed header always serializes");
        again.extend_from_slice(&header.serialize_auth());
        let reparsed = Header::parse(&again).expect("a serialized header always parses");
        assert_eq!(reparsed.encryption_context, header.encryption_context);
        assert_eq!(reparsed.encrypted_data_keys, header.encrypted_data_keys);
        assert_eq!(reparsed.suite, header.suite);
        assert_eq!(reparsed.message_id, header.message_id);
        assert_eq!(reparsed.frame_length, header.frame_length);
        assert_eq!(reparsed.auth, header.auth);
    }
});

//! Key and certificate loading (PEM scanner, PKCS#8/PKCS#1/SPKI/X.509 parsing).
#![no_main]

use flowkeys_esdk::keys;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = keys::load_private_key(data);
    let _ = keys::load_public_key(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = keys::pem_blocks(text);
    }
});

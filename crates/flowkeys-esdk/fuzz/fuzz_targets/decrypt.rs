//! Full decryption with a loaded key that matches the seed corpus (Connect-shaped and other
//! suites, see `seeds/`): mutations reach unwrap, header auth, frames and the signature.
//! Decrypt must never panic, and must never return plaintext for a message it did not produce
//! from an intact seed (checked by re-encrypting is impossible, so we check determinism instead:
//! a message that decrypts once decrypts again to the same bytes).
#![no_main]

use std::sync::OnceLock;

use flowkeys_esdk::{decrypt, keys, DecryptOptions, RawRsaKeyring, RsaPadding};
use libfuzzer_sys::fuzz_target;

fn keyrings() -> &'static [RawRsaKeyring] {
    static K: OnceLock<Vec<RawRsaKeyring>> = OnceLock::new();
    K.get_or_init(|| {
        let pem = include_str!("../../tests/fixtures/keys/rsa2048.key.pem");
        let key = keys::load_private_key(pem.as_bytes()).expect("fixture key");
        vec![
            RawRsaKeyring::amazon_connect("fuzz-key-id", key.clone()),
            RawRsaKeyring::new("fuzz-ns", "fuzz-pkcs1", RsaPadding::Pkcs1v15, key),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    // The page's limit (8), not the library default of 1, so multi-EDK unlocking is fuzzed too.
    let opts = DecryptOptions { max_encrypted_data_keys: Some(8), ..DecryptOptions::default() };
    if let Ok(first) = decrypt(data, keyrings(), &opts) {
        let second = decrypt(data, keyrings(), &opts).expect("decryption is deterministic");
        assert_eq!(first.plaintext, second.plaintext);
    }
});

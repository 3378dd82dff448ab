//! Key sets for the tests, from the throwaway OpenSSL-made keys the engine's tests already keep
//! (`crates/flowkeys-esdk/tests/fixtures/keys/README.md`): assembling them costs no RSA work.

use flowkeys_core::{KeySet, PrivateKeyDer};

const KEY_2048: &str = include_str!("../../crates/flowkeys-esdk/tests/fixtures/keys/rsa2048.key.pem");
const CERT_2048: &str = include_str!("../../crates/flowkeys-esdk/tests/fixtures/keys/rsa2048.cert.pem");
const KEY_3072: &str = include_str!("../../crates/flowkeys-esdk/tests/fixtures/keys/rsa3072.key.pem");
const CERT_3072: &str = include_str!("../../crates/flowkeys-esdk/tests/fixtures/keys/rsa3072.cert.pem");

fn der(text: &str) -> Vec<u8> {
    pem::parse(text).expect("fixture is PEM").into_contents()
}

fn key_set(key: &str, cert: &str) -> KeySet {
    let private = PrivateKeyDer::from_pkcs8_der(&der(key)).expect("fixture key is PKCS#8");
    KeySet::from_parts(private, der(cert)).expect("fixture certificate matches its key")
}

/// The 2048-bit test key set (Common Name `flowkeys-esdk-test-2048`).
pub fn set_2048() -> KeySet {
    key_set(KEY_2048, CERT_2048)
}

/// The 3072-bit test key set (Common Name `flowkeys-esdk-test-3072`).
pub fn set_3072() -> KeySet {
    key_set(KEY_3072, CERT_3072)
}

//! Every type that holds private-key material or a password prints redacted under `Debug`
//! (issue 11): a `{:?}` in a log line or a panic message must never carry the key.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::arithmetic_side_effects, clippy::indexing_slicing, clippy::unwrap_used)]

use flowkeys_core::import::{import, ImportInput};
use flowkeys_core::{export_pkcs12, CertificateForm, KeySet, KeySize, PasswordProtection, UnixTime};
use std::sync::OnceLock;

fn set() -> &'static KeySet {
    static SET: OnceLock<KeySet> = OnceLock::new();
    SET.get_or_init(|| {
        let request = CertificateForm::default().validate().unwrap();
        let key = flowkeys_core::keys::generate(KeySize::Rsa2048).unwrap();
        KeySet::create_self_signed(&key, &request, UnixTime(1_750_000_000)).unwrap()
    })
}

/// Fails if `shown` contains the tail of the PEM body or, as hex or decimal, bytes of the
/// key's last (secret) component. (The modulus is public and may be shown.)
fn assert_no_key(shown: &str) {
    let pem = set().private_key_pem().unwrap();
    let body: String = pem.expose().lines().filter(|l| !l.starts_with("-----")).collect();
    let tail = &body[body.len() - 120..];
    for chunk in tail.as_bytes().chunks(12).filter(|c| c.len() == 12) {
        assert!(!shown.contains(std::str::from_utf8(chunk).unwrap()), "{shown}");
    }
    let der = set().private_key().pkcs8_der();
    let secret = &der[der.len() - 40..der.len() - 32];
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!shown.to_lowercase().contains(&hex), "{shown}");
    let decimal = format!("{secret:?}");
    assert!(!shown.contains(decimal.trim_matches(|c| c == '[' || c == ']')), "{shown}");
}

#[test]
fn key_types_print_redacted() {
    let s = set();
    for shown in [
        format!("{:?}", s.private_key()),
        format!("{:?}", s.private_key_pem().unwrap()),
        format!("{:?}", s.pkcs1_private_key_pem().unwrap()),
        format!("{s:?}"),
    ] {
        assert!(shown.contains("redacted"), "{shown}");
        assert_no_key(&shown);
    }
}

#[test]
fn exports_print_redacted() {
    let s = set();
    let enc = s.private_key().to_encrypted_pkcs8_pem("correct horse battery", PasswordProtection::default()).unwrap();
    let p12 = export_pkcs12(s, "correct horse battery", 100_000).unwrap();
    for shown in [format!("{enc:?}"), format!("{p12:?}")] {
        assert!(!shown.contains("correct horse"), "{shown}");
        assert_no_key(&shown);
    }
}

#[test]
fn import_types_print_redacted() {
    let s = set();
    let pem = s.private_key_pem().unwrap();
    let input = ImportInput::pasted(pem.expose()).with_password("hunter2-secret");
    let shown = format!("{input:?}");
    assert!(!shown.contains("hunter2-secret"), "{shown}");
    assert_no_key(&shown);
    let result = import(&[input, ImportInput::file("cert.der", s.certificate_der().to_vec())]);
    let key = result.key_sets[0].private_key.as_ref().unwrap();
    for shown in [format!("{key:?}"), format!("{:?}", result.key_sets[0]), format!("{result:?}")] {
        assert!(shown.contains("redacted"), "{shown}");
        assert_no_key(&shown);
    }
}

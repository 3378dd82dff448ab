//! The engine behind `flowkeys check`: files in, one verdict and a JSON-ready report out.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::unwrap_used)]

mod hostile;

use flowkeys_core::check::{check_files, CheckVerdict, InputStatus};
use flowkeys_core::{CertificateForm, KeySet, KeySize, PasswordProtection, UnixTime};
use std::sync::OnceLock;

const DAY: u64 = 86_400;

fn set() -> &'static KeySet {
    static SET: OnceLock<KeySet> = OnceLock::new();
    SET.get_or_init(|| {
        let request = CertificateForm::default().validate().unwrap();
        let key = flowkeys_core::keys::generate(KeySize::Rsa2048).unwrap();
        KeySet::create_self_signed(&key, &request, UnixTime(1_750_000_000)).unwrap()
    })
}

fn files() -> Vec<(String, Vec<u8>)> {
    let s = set();
    vec![
        ("key.pem".to_owned(), s.private_key_pem().unwrap().expose().as_bytes().to_vec()),
        ("cert.pem".to_owned(), s.certificate_pem().unwrap().as_str().as_bytes().to_vec()),
    ]
}

#[test]
fn a_complete_key_set_is_ready_then_expiring_soon() {
    let not_after = set().summary().not_after.0;
    let report = check_files(files(), None, UnixTime(1_750_000_000 + DAY), 30);
    assert_eq!(report.verdict, CheckVerdict::Ready, "{report:#?}");
    assert_eq!(report.verdict.exit_code(), 0);
    assert_eq!(report.key_sets.len(), 1);
    assert!(report.inputs.iter().all(|i| i.status == InputStatus::Read));
    let soon = check_files(files(), None, UnixTime(not_after - 10 * DAY), 30);
    assert_eq!(soon.verdict, CheckVerdict::ExpiringSoon);
    assert_eq!(soon.key_sets[0].days_left, Some(10));
    assert_eq!(soon.verdict.exit_code(), 1);
    let expired = check_files(files(), None, UnixTime(not_after + DAY), 30);
    assert_eq!(expired.verdict, CheckVerdict::NotReady);
    let json = serde_json::to_value(&soon).unwrap();
    assert_eq!(json["verdict"], "expiring-soon");
    assert_eq!(json["key_sets"][0]["lines"][0]["id"], "key-pair");
    assert_eq!(json["key_sets"][0]["lines"][0]["verdict"], "pass");
    assert_eq!(json["key_sets"][0]["readiness"], "ready-with-warnings");
}

#[test]
fn encrypted_keys_need_a_password_and_unreadable_files_are_reported() {
    let s = set();
    let enc = s
        .private_key()
        .to_encrypted_pkcs8_pem("correct horse battery", PasswordProtection::Pbkdf2Sha256 { iterations: 100_000 })
        .unwrap();
    let mut inputs = files();
    inputs[0] = ("key-enc.pem".to_owned(), enc.expose().as_bytes().to_vec());
    let now = UnixTime(1_750_000_000 + DAY);
    let report = check_files(inputs.clone(), None, now, 30);
    assert_eq!(report.verdict, CheckVerdict::NeedsPassword);
    assert_eq!(report.verdict.exit_code(), 3);
    assert_eq!(report.inputs[0].status, InputStatus::NeedsPassword);
    assert!(report.inputs[0].message.contains("give its password"), "{}", report.inputs[0].message);
    assert_eq!(check_files(inputs.clone(), Some("wrong password!"), now, 30).verdict, CheckVerdict::NeedsPassword);
    assert_eq!(check_files(inputs, Some("correct horse battery"), now, 30).verdict, CheckVerdict::Ready);
    let report = check_files(vec![("photo.jpg".to_owned(), vec![0xff, 0xd8, 0xff, 0xe0, 1, 2])], None, now, 30);
    assert_eq!(report.verdict, CheckVerdict::Unreadable);
    assert!(report.inputs[0].message.contains("a JPEG image"), "{}", report.inputs[0].message);
}

#[test]
fn a_hostile_file_is_refused_quickly_and_reported_unreadable() {
    let p12 = hostile::p12_without_mac(&hostile::pbkdf2_params(hostile::Prf::Sha256, 10_000_000), 16, false);
    let start = std::time::Instant::now();
    let report = check_files(vec![("many.p12".to_owned(), p12)], None, UnixTime(1_750_000_000), 30);
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(report.verdict, CheckVerdict::Unreadable);
    assert!(report.inputs[0].message.contains("openssl pkcs12 -export -iter 600000"), "{}", report.inputs[0].message);
}

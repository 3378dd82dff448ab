//! Cross-checks generated key sets with the `openssl` command-line tool.
//!
//! OpenSSL is the reference admins already trust: if it parses the certificate, verifies its
//! self-signature and accepts the private key, so will Connect's and the Lambda's libraries.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]

mod common;
use common::openssl;

use flowkeys_core::subject::SubjectInput;
use flowkeys_core::{CertificateForm, KeySet, KeySize, UnixTime};

fn make(size: KeySize, days: &str) -> (KeySet, UnixTime) {
    let form = CertificateForm {
        key_size: size,
        subject: SubjectInput {
            common_name: "payments-ivr".into(),
            organization: "Example, Inc.".into(),
            organizational_unit: "Contact centre".into(),
            country: "gb".into(),
            state: "England".into(),
            locality: "London".into(),
        },
        validity_days: days.into(),
    };
    let request = form.validate().unwrap();
    let key = flowkeys_core::keys::generate(size).unwrap();
    let now = UnixTime::now();
    (KeySet::create_self_signed(&key, &request, now).unwrap(), now)
}

fn crosscheck(size: KeySize) {
    let (set, now) = make(size, "730");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("cert.pem"), set.certificate_pem().unwrap().as_str()).unwrap();
    std::fs::write(p.join("pub.pem"), set.public_key_pem().unwrap().as_str()).unwrap();
    std::fs::write(p.join("key.pem"), set.private_key_pem().unwrap().expose()).unwrap();
    std::fs::write(p.join("key1.pem"), set.pkcs1_private_key_pem().unwrap().expose()).unwrap();

    // Parses, and says what we meant.
    let text = openssl(&["x509", "-noout", "-text", "-in", "cert.pem"], p);
    assert!(text.contains("Version: 3 (0x2)"), "{text}");
    assert!(text.contains("Signature Algorithm: sha256WithRSAEncryption"), "{text}");
    assert!(text.contains(&format!("Public-Key: ({} bit)", size.bits())), "{text}");
    assert!(text.contains("X509v3 Subject Key Identifier"), "{text}");
    assert!(text.contains("X509v3 Authority Key Identifier"), "{text}");
    assert!(text.contains("CA:FALSE"), "{text}");
    assert!(text.contains("Digital Signature, Key Encipherment"), "{text}");

    // Self-signature valid.
    let verify = openssl(&["verify", "-CAfile", "cert.pem", "cert.pem"], p);
    assert_eq!(verify.trim(), "cert.pem: OK");

    // Private key accepted in both encodings.
    for key in ["key.pem", "key1.pem"] {
        let check = openssl(&["pkey", "-check", "-noout", "-in", key], p);
        assert!(check.contains("Key is valid"), "{key}: {check}");
    }
    assert!(set.private_key_pem().unwrap().expose().starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(set.pkcs1_private_key_pem().unwrap().expose().starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));

    // Certificate public key, SPKI output and private key's public half: byte-identical.
    let from_cert = openssl(&["x509", "-pubkey", "-noout", "-in", "cert.pem"], p);
    let from_key = openssl(&["pkey", "-pubout", "-in", "key.pem"], p);
    let from_pkcs1 = openssl(&["pkey", "-pubout", "-in", "key1.pem"], p);
    let ours = set.public_key_pem().unwrap();
    assert_eq!(from_cert, ours.as_str());
    assert_eq!(from_key, ours.as_str());
    assert_eq!(from_pkcs1, ours.as_str());
    let expected_len = match size {
        KeySize::Rsa2048 => 451,
        KeySize::Rsa3072 => 625,
        KeySize::Rsa4096 => 800,
    };
    assert_eq!(ours.char_len(), expected_len);

    // The PKCS#1 and PKCS#8 encodings hold the same key.
    let k8 = openssl(&["rsa", "-in", "key.pem", "-traditional"], p);
    assert_eq!(k8, set.pkcs1_private_key_pem().unwrap().expose());

    // Subject, issuer and validity are what was asked.
    let subject = openssl(&["x509", "-noout", "-subject", "-issuer", "-nameopt", "RFC2253", "-in", "cert.pem"], p);
    assert_eq!(
        subject,
        "subject=CN=payments-ivr,OU=Contact centre,O=Example\\, Inc.,L=London,ST=England,C=GB\n\
         issuer=CN=payments-ivr,OU=Contact centre,O=Example\\, Inc.,L=London,ST=England,C=GB\n"
    );
    let summary = set.summary();
    assert_eq!(summary.not_after.0 - summary.not_before.0, 730 * 86_400);
    assert!(summary.not_before.0 <= now.0 && now.0 - summary.not_before.0 <= 300);
    // OpenSSL's own view of the end date (checkend: still valid in 729 days, not in 731).
    openssl(&["x509", "-noout", "-checkend", &(729 * 86_400).to_string(), "-in", "cert.pem"], p);
    let after = common::run(&["x509", "-noout", "-checkend", &(731 * 86_400).to_string(), "-in", "cert.pem"], p);
    assert!(!after.status.success(), "certificate must expire before 731 days");

    // Serial: positive, at most 20 bytes, and as OpenSSL prints it.
    let serial = openssl(&["x509", "-noout", "-serial", "-in", "cert.pem"], p);
    let hex = serial.trim().strip_prefix("serial=").unwrap();
    assert_eq!(hex.to_ascii_lowercase(), summary.serial_hex.replace(':', ""));
    assert!(hex.len() <= 40);
    assert!(u8::from_str_radix(&hex[..2], 16).unwrap() < 0x80, "serial must be positive");

    // Fingerprints match OpenSSL's.
    let fp = openssl(&["x509", "-noout", "-fingerprint", "-sha256", "-in", "cert.pem"], p);
    assert_eq!(fp.trim(), format!("sha256 Fingerprint={}", summary.certificate_sha256));
    assert_eq!(summary.key_bits, size.bits());
    assert_eq!(summary.signature_algorithm, "sha256WithRSAEncryption");
}

#[test]
fn rsa_2048_matches_openssl() {
    crosscheck(KeySize::Rsa2048);
}

#[test]
fn rsa_4096_matches_openssl() {
    crosscheck(KeySize::Rsa4096);
}

/// The path the browser takes with WebCrypto: the key is made and the certificate signed
/// outside the engine, which builds only the part to be signed. Here OpenSSL plays WebCrypto:
/// it generates the key and signs the engine's TBSCertificate with `openssl dgst -sign`.
#[test]
fn certificate_signed_outside_the_engine_is_accepted_by_openssl_and_the_self_check() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for name in ["key", "other"] {
        openssl(
            &["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", &format!("{name}.pem")],
            p,
        );
        let der = format!("{name}.der");
        openssl(&["pkcs8", "-topk8", "-nocrypt", "-in", &format!("{name}.pem"), "-outform", "DER", "-out", &der], p);
    }
    let private = flowkeys_core::PrivateKeyDer::from_pkcs8_der(&std::fs::read(p.join("key.der")).unwrap()).unwrap();
    let request = CertificateForm::default().validate().unwrap();
    let unsigned_for = || {
        flowkeys_core::cert::UnsignedCertificate::new(
            &private.public_spki().unwrap(),
            &request.subject,
            request.validity,
            UnixTime::now(),
        )
        .unwrap()
    };
    let sign_with = |key: &str, unsigned: &flowkeys_core::cert::UnsignedCertificate| {
        std::fs::write(p.join("tbs.der"), unsigned.to_be_signed()).unwrap();
        openssl(&["dgst", "-sha256", "-keyform", "DER", "-sign", key, "-out", "sig.bin", "tbs.der"], p);
        std::fs::read(p.join("sig.bin")).unwrap()
    };

    let unsigned = unsigned_for();
    let signature = sign_with("key.der", &unsigned);
    let set = KeySet::self_signed(private.clone(), unsigned.signed(&signature).unwrap()).unwrap();
    std::fs::write(p.join("cert.pem"), set.certificate_pem().unwrap().as_str()).unwrap();
    assert_eq!(openssl(&["verify", "-CAfile", "cert.pem", "cert.pem"], p).trim(), "cert.pem: OK");
    let text = openssl(&["x509", "-noout", "-text", "-in", "cert.pem"], p);
    assert!(text.contains("Signature Algorithm: sha256WithRSAEncryption"), "{text}");
    assert!(text.contains("CA:FALSE") && text.contains("Digital Signature, Key Encipherment"), "{text}");

    // Signed by another key, or a signature cut short: the self-check refuses the set.
    let unsigned = unsigned_for();
    let foreign = sign_with("other.der", &unsigned);
    let err = KeySet::self_signed(private.clone(), unsigned.signed(&foreign).unwrap()).unwrap_err();
    assert!(matches!(err, flowkeys_core::KeySetError::SelfCheck(_)), "{err}");
    let unsigned = unsigned_for();
    let mut short = sign_with("key.der", &unsigned);
    short.truncate(100);
    let err = KeySet::self_signed(private, unsigned.signed(&short).unwrap()).unwrap_err();
    assert!(matches!(err, flowkeys_core::KeySetError::SelfCheck(_)), "{err}");
}

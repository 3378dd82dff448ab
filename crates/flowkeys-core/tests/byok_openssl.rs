//! "Bring your own keys", checked against OpenSSL.
//!
//! Every fixture is made by the `openssl` command (3.0) in a temporary directory during the
//! run, with the command shown next to it, so the formats are exactly what admins have. Then:
//! the engine must recognise each one, say what it is, group it with its partners, and give
//! the expected checklist verdicts; and everything the engine writes must read back in OpenSSL.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

mod common;
use common::{openssl, run};

use flowkeys_core::checklist::{CheckId, Readiness, Verdict};
use flowkeys_core::import::{
    import, Completeness, Container, Encoding, ImportError, ImportInput, InputOutcome, InputSummary,
};
use flowkeys_core::subject::SubjectInput;
use flowkeys_core::{make, CertificateRequest, KeySet, KeySize, PasswordProtection, Subject, UnixTime, ValidityDays};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const PW: &str = "correct horse battery";

/// The fixture directory, made once per test binary.
fn fx() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let d = dir.as_path();
        let o = |args: &str| {
            let v: Vec<&str> = args.split(' ').collect();
            openssl(&v, d);
        };
        // Keys.
        o("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem");
        o("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key2.pem");
        o("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ca-key.pem");
        o("genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out small.pem");
        o("genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem");
        o("ecparam -name prime256v1 -genkey -noout -out ec-trad.pem");
        o("genpkey -algorithm ED25519 -out ed.pem");
        // Encodings of key.pem.
        o("rsa -in key.pem -traditional -out key1.pem");
        // OpenSSL 3.0's `pkey -outform DER` writes PKCS#1 for RSA; `pkcs8 -nocrypt` writes PKCS#8.
        o("pkey -in key.pem -outform DER -out key.der");
        o("pkcs8 -topk8 -nocrypt -in key.pem -outform DER -out key8.der");
        o("rsa -in key.pem -traditional -outform DER -out key1.der");
        o("pkey -in key.pem -pubout -out pub.pem");
        o("pkey -in key.pem -pubout -outform DER -out pub.der");
        o("rsa -in key.pem -RSAPublicKey_out -out rsapub.pem");
        o(&format!("pkcs8 -topk8 -in key.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout pass:{} -out enc-sha256-aes256.pem", "pw123456"));
        o("pkcs8 -topk8 -in key.pem -v2 aes-128-cbc -v2prf hmacWithSHA1 -passout pass:pw123456 -out enc-sha1-aes128.pem");
        o("pkcs8 -topk8 -in key.pem -scrypt -passout pass:pw123456 -out enc-scrypt.pem");
        o("pkcs8 -topk8 -in key.pem -v2 aes-256-cbc -passout pass:pw123456 -outform DER -out enc.der");
        o("pkcs8 -topk8 -in key.pem -v1 PBE-SHA1-3DES -passout pass:pw123456 -out enc-pbe-sha1-3des.pem");
        o("rsa -in key.pem -aes256 -traditional -passout pass:pw123456 -out legacy-aes.pem");
        o("rsa -in key.pem -des3 -traditional -passout pass:pw123456 -out legacy-des3.pem");
        // Certificates.
        o("req -x509 -new -key key.pem -subj /CN=byok-test/O=Example -days 365 -sha256 -out cert.pem");
        o("x509 -in cert.pem -outform DER -out cert.der");
        o("req -x509 -new -key key.pem -subj /CN=byok-sha1 -days 365 -sha1 -out sha1.pem");
        o("req -x509 -new -key key2.pem -subj /CN=other-key -days 365 -sha256 -out cert2.pem");
        o("req -x509 -new -key ca-key.pem -subj /CN=Test-CA -days 365 -sha256 -out ca.pem");
        o("req -new -key key2.pem -subj /CN=leaf.example -out leaf.csr");
        o("x509 -req -in leaf.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -sha256 -out leaf.pem");
        o("req -x509 -new -key ed.pem -subj /CN=ed -days 30 -out ed-cert.pem");
        o("req -x509 -new -key small.pem -subj /CN=small -days 30 -sha256 -out small-cert.pem");
        // PKCS#12.
        o("pkcs12 -export -inkey key.pem -in cert.pem -passout pass:pw123456 -out modern.p12");
        o("pkcs12 -export -legacy -inkey key.pem -in cert.pem -passout pass:pw123456 -out legacy.p12");
        o("pkcs12 -export -inkey key2.pem -in leaf.pem -certfile ca.pem -passout pass:pw123456 -out chain.p12");
        o("pkcs12 -export -inkey key.pem -in cert.pem -passout pass: -out empty-pw.p12");
        o("pkcs12 -export -inkey key.pem -in cert.pem -keypbe NONE -certpbe NONE -nomac -passout pass: -out plain.p12");
        // Bundles.
        let cat = |out: &str, parts: &[&str]| {
            let text: String = parts.iter().map(|p| std::fs::read_to_string(d.join(p)).unwrap()).collect();
            std::fs::write(d.join(out), text).unwrap();
        };
        cat("bundle.pem", &["cert.pem", "ca.pem", "key.pem"]);
        cat("certs.pem", &["leaf.pem", "ca.pem"]);
        dir
    })
}

/// The current time, taken after the fixtures exist (OpenSSL stamps them with its own clock).
fn now() -> UnixTime {
    fx();
    UnixTime::now()
}

fn file(name: &str) -> ImportInput {
    ImportInput::file(name, std::fs::read(fx().join(name)).unwrap())
}

fn summary(input: ImportInput) -> InputSummary {
    let name = input.name().to_owned();
    let result = import(&[input]);
    match &result.inputs[0].outcome {
        InputOutcome::Read(s) => s.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

fn error(input: ImportInput) -> ImportError {
    let name = input.name().to_owned();
    match import(&[input]).inputs.remove(0).outcome {
        InputOutcome::Failed(e) => e,
        other => panic!("{name}: expected an error, got {other:?}"),
    }
}

fn openssl_spki_sha256(name: &str, pubin: bool) -> String {
    // SHA-256 of the DER public key as OpenSSL writes it.
    let d = fx();
    let mut args = vec!["pkey", "-in", name, "-pubout", "-outform", "DER", "-out"];
    let out = format!("{name}.spki.der");
    args.push(&out);
    if pubin {
        args.insert(1, "-pubin");
    }
    openssl(&args, d);
    flowkeys_core::Sha256Fingerprint::of(&std::fs::read(d.join(&out)).unwrap()).to_string()
}

#[test]
fn every_accepted_format_is_recognised_and_described() {
    let key_fp = openssl_spki_sha256("key.pem", false);
    let cases: &[(&str, Option<&str>, &str, Encoding)] = &[
        ("key.pem", None, "PKCS#8 private key, 2048 bits", Encoding::Pem),
        ("key1.pem", None, "PKCS#1 RSA private key, 2048 bits", Encoding::Pem),
        ("key.der", None, "PKCS#1 RSA private key, 2048 bits", Encoding::Der),
        ("key8.der", None, "PKCS#8 private key, 2048 bits", Encoding::Der),
        ("key1.der", None, "PKCS#1 RSA private key, 2048 bits", Encoding::Der),
        ("pub.pem", None, "SubjectPublicKeyInfo RSA public key, 2048 bits", Encoding::Pem),
        ("pub.der", None, "SubjectPublicKeyInfo RSA public key, 2048 bits", Encoding::Der),
        ("rsapub.pem", None, "PKCS#1 RSA public key, 2048 bits", Encoding::Pem),
        ("cert.pem", None, "X.509 certificate for O=Example,CN=byok-test", Encoding::Pem),
        ("cert.der", None, "X.509 certificate for O=Example,CN=byok-test", Encoding::Der),
        (
            "enc-sha256-aes256.pem",
            Some("pw123456"),
            "Encrypted PKCS#8 private key (PBES2, PBKDF2-SHA256, AES-256-CBC), 2048 bits",
            Encoding::Pem,
        ),
        (
            "enc-sha1-aes128.pem",
            Some("pw123456"),
            "Encrypted PKCS#8 private key (PBES2, PBKDF2-SHA1, AES-128-CBC), 2048 bits",
            Encoding::Pem,
        ),
        (
            "enc-scrypt.pem",
            Some("pw123456"),
            "Encrypted PKCS#8 private key (PBES2, scrypt, AES-256-CBC), 2048 bits",
            Encoding::Pem,
        ),
        (
            "enc.der",
            Some("pw123456"),
            "Encrypted PKCS#8 private key (PBES2, PBKDF2-SHA256, AES-256-CBC), 2048 bits",
            Encoding::Der,
        ),
        (
            "enc-pbe-sha1-3des.pem",
            Some("pw123456"),
            "Encrypted PKCS#8 private key (pbeWithSHA1And3-KeyTripleDES-CBC), 2048 bits",
            Encoding::Pem,
        ),
        ("modern.p12", Some("pw123456"), "PKCS#12 bundle: 1 private key, 1 certificate", Encoding::Der),
        ("legacy.p12", Some("pw123456"), "PKCS#12 bundle: 1 private key, 1 certificate", Encoding::Der),
        ("empty-pw.p12", None, "PKCS#12 bundle: 1 private key, 1 certificate", Encoding::Der),
        ("plain.p12", None, "PKCS#12 bundle: 1 private key, 1 certificate", Encoding::Der),
        ("bundle.pem", None, "PEM bundle: 1 private key, 2 certificates", Encoding::Pem),
    ];
    for (name, pw, description, encoding) in cases {
        let mut input = file(name);
        if let Some(pw) = pw {
            input = input.with_password(pw);
        }
        let result = import(&[input]);
        let s = match &result.inputs[0].outcome {
            InputOutcome::Read(s) => s,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(&s.description, description, "{name}");
        assert_eq!(s.encoding, *encoding, "{name}");
        // Every piece from key.pem's family lands in a key set whose identity is OpenSSL's SPKI hash.
        assert!(
            result.key_sets.iter().any(|k| k.public_key_sha256().to_string() == key_fp),
            "{name}: no key set with OpenSSL's public key fingerprint"
        );
        // Private keys decode to the same key as OpenSSL's PKCS#8.
        for set in &result.key_sets {
            if let Some(k) = &set.private_key {
                assert_eq!(k.pkcs8_der(), &std::fs::read(fx().join("key8.der")).unwrap()[..], "{name}");
            }
        }
    }
}

#[test]
fn pkcs12_details_are_reported() {
    let s = summary(file("modern.p12").with_password("pw123456"));
    match &s.container {
        Container::Pkcs12 { mac, certificate_protection } => {
            assert_eq!(mac.as_deref(), Some("HMAC-SHA256"));
            assert_eq!(certificate_protection[0].to_string(), "PBES2, PBKDF2-SHA256, AES-256-CBC");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.items[0].description, "PKCS#12 private key (PBES2, PBKDF2-SHA256, AES-256-CBC), 2048 bits");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);

    let s = summary(file("legacy.p12").with_password("pw123456"));
    match &s.container {
        Container::Pkcs12 { mac, certificate_protection } => {
            assert_eq!(mac.as_deref(), Some("HMAC-SHA1"));
            assert_eq!(certificate_protection[0].to_string(), "pbeWithSHA1And40BitRC2-CBC");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.items[0].description, "PKCS#12 private key (pbeWithSHA1And3-KeyTripleDES-CBC), 2048 bits");
    assert!(s.warnings.iter().any(|w| w.contains("40-bit RC2")), "{:?}", s.warnings);

    let s = summary(file("plain.p12"));
    assert!(s.warnings.iter().any(|w| w.contains("no integrity MAC")), "{:?}", s.warnings);
}

#[test]
fn passwords_are_asked_for_and_wrong_ones_named() {
    for name in
        ["enc-sha256-aes256.pem", "enc-scrypt.pem", "enc.der", "enc-pbe-sha1-3des.pem", "modern.p12", "legacy.p12"]
    {
        let result = import(&[file(name)]);
        match &result.inputs[0].outcome {
            InputOutcome::NeedsPassword { what } => {
                assert!(what.contains("PKCS#8") || what.contains("PKCS#12"), "{name}: {what}")
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(result.needing_password(), vec![name]);
        assert!(result.key_sets.is_empty(), "{name}: nothing half-imported");
        let e = error(file(name).with_password("wrong password"));
        assert_eq!(e, ImportError::WrongPassword { input: name.to_owned() }, "{name}");
        assert_eq!(e.to_string(), format!("The password for “{name}” is wrong."));
    }
    // scrypt key: the description names the scheme before the password is known.
    match &import(&[file("enc-scrypt.pem")]).inputs[0].outcome {
        InputOutcome::NeedsPassword { what } => {
            assert_eq!(what, "Encrypted PKCS#8 private key (PBES2, scrypt, AES-256-CBC)")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unsupported_and_broken_inputs_get_specific_errors() {
    for name in ["ec.pem", "ec-trad.pem", "ed.pem", "ed-cert.pem"] {
        let e = error(file(name));
        assert!(matches!(e, ImportError::NotRsa { .. }), "{name}: {e:?}");
        let msg = e.to_string();
        assert!(msg.contains(name) && msg.contains("must be RSA"), "{msg}");
    }
    assert!(error(file("ec.pem")).to_string().contains("EC (P-256)"));
    assert!(error(file("ed.pem")).to_string().contains("Ed25519"));

    for name in ["legacy-aes.pem", "legacy-des3.pem"] {
        let e = error(file(name).with_password("pw123456"));
        let msg = e.to_string();
        assert!(matches!(e, ImportError::LegacyPemEncryption { .. }), "{name}: {e:?}");
        assert!(msg.contains("openssl pkcs8 -topk8") && msg.contains(name), "{msg}");
    }
    assert!(error(file("legacy-des3.pem")).to_string().contains("DES-EDE3-CBC"));

    let jpeg = error(ImportInput::file("photo.jpg", vec![0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F']));
    assert_eq!(jpeg.to_string().split(',').next().unwrap(), "“photo.jpg” is a JPEG image");
    assert!(
        matches!(error(ImportInput::file("config.json", br#"{"key": "value"}"#.to_vec())), ImportError::NotKeyMaterial { looks_like, .. } if looks_like == "JSON")
    );
    assert!(matches!(error(ImportInput::pasted("hello world, not a key")), ImportError::NotKeyMaterial { .. }));
    assert!(matches!(error(ImportInput::pasted("   \n")), ImportError::Empty { .. }));

    // Truncated DER and a damaged PEM body.
    let der = std::fs::read(fx().join("cert.der")).unwrap();
    let e = error(ImportInput::file("cut.der", der[..der.len() / 2].to_vec()));
    assert!(matches!(&e, ImportError::Damaged { what, .. } if what.contains("cut short")), "{e:?}");
    let pem = std::fs::read_to_string(fx().join("key.pem")).unwrap();
    let cut: String = pem.lines().take(10).collect::<Vec<_>>().join("\n");
    assert!(matches!(error(ImportInput::file("cut.pem", cut.into_bytes())), ImportError::Damaged { .. }));
    let mut corrupt = pem.clone().into_bytes();
    corrupt[100] = b'!';
    assert!(matches!(error(ImportInput::file("bad.pem", corrupt)), ImportError::Damaged { .. }));
    // A flipped byte inside the modulus keeps the structure valid: it imports, and the
    // checklist's private-key check catches it.
    let mut flipped = std::fs::read(fx().join("key8.der")).unwrap();
    flipped[60] ^= 0xff;
    let r = import(&[ImportInput::file("flipped.der", flipped)]);
    let l = r.checklist(0, now()).unwrap();
    assert_eq!(l.line(CheckId::PrivateKeyWorks).unwrap().verdict, Verdict::Fail, "{l:#?}");
    // A flipped length byte is "damaged".
    let mut flipped = std::fs::read(fx().join("key8.der")).unwrap();
    flipped[3] ^= 0x01;
    let e = error(ImportInput::file("flipped.der", flipped));
    assert!(matches!(e, ImportError::Damaged { .. }), "{e:?}");

    // A CSR is named for what it is.
    let e = error(file("leaf.csr"));
    assert!(e.to_string().contains("certificate signing request"), "{e}");
}

#[test]
fn pieces_group_by_public_key_in_any_order() {
    let now = now();
    // Certificate, then an unrelated key, then the public key, then the private key.
    let result = import(&[file("cert.pem"), file("key2.pem"), file("pub.pem"), file("key1.pem")]);
    assert_eq!(result.key_sets.len(), 2);
    let main = &result.key_sets[0];
    assert_eq!(main.completeness(), Completeness::Complete);
    assert_eq!(main.public_keys.len(), 1);
    assert_eq!(main.private_key.as_ref().unwrap().source.input, "key1.pem");
    assert_eq!(result.key_sets[1].completeness(), Completeness::PrivateKeyOnly);
    // Each input's item points at its key set.
    let set_of = |i: usize| match &result.inputs[i].outcome {
        InputOutcome::Read(s) => s.items[0].key_set,
        _ => None,
    };
    assert_eq!((set_of(0), set_of(1), set_of(2), set_of(3)), (Some(0), Some(1), Some(0), Some(0)));

    let list = result.checklist(0, now).unwrap();
    assert_eq!(list.readiness, Readiness::Ready, "{list:#?}");
    assert_eq!(list.headline(), "Ready for Connect");
    let pair = list.line(CheckId::KeyPair).unwrap();
    // Fingerprints side by side: private key, certificate, public key, all equal.
    assert_eq!(pair.details.len(), 3);
    assert!(pair.details.iter().all(|(_, fp)| fp == &pair.details[0].1));
    // The complete set converts to the generator's KeySet.
    let ks = main.to_key_set().unwrap();
    assert_eq!(ks.public_key_pem().unwrap().as_str(), std::fs::read_to_string(fx().join("pub.pem")).unwrap());

    // Extending an import regroups without re-reading.
    let more = import(&[file("cert.pem")]).extend(&[file("key.pem")]);
    assert_eq!(more.key_sets.len(), 1);
    assert_eq!(more.key_sets[0].completeness(), Completeness::Complete);
}

#[test]
fn checklist_verdicts_for_problem_sets() {
    let now = now();
    let verdict = |list: &flowkeys_core::Checklist, id| list.line(id).unwrap().verdict;

    // Mismatched key and certificate.
    let r = import(&[file("key.pem"), file("cert2.pem")]);
    assert_eq!(r.key_sets.len(), 2);
    let l = r.checklist(0, now).unwrap();
    assert_eq!(l.readiness, Readiness::NotReady);
    assert_eq!(verdict(&l, CheckId::KeyPair), Verdict::Fail);
    assert!(l.line(CheckId::KeyPair).unwrap().text.contains("belong to other key pairs"), "{l:#?}");

    // CA-signed leaf with its CA: not self-signed, issuer named.
    let r = import(&[file("key2.pem"), file("certs.pem")]);
    let leaf_set = r.key_sets.iter().position(|s| s.private_key.is_some()).unwrap();
    let l = r.checklist(leaf_set, now).unwrap();
    assert_eq!(verdict(&l, CheckId::SelfSigned), Verdict::Fail, "{l:#?}");
    let text = &l.line(CheckId::SelfSigned).unwrap().text;
    assert!(text.contains("issued by CN=Test-CA") && text.contains("Re-issue"), "{text}");
    assert_eq!(verdict(&l, CheckId::Validity), Verdict::Warn, "30-day leaf warns");
    // The CA itself: a certificate-only set.
    let ca_set = r.key_sets.iter().position(|s| s.private_key.is_none()).unwrap();
    let l = r.checklist(ca_set, now).unwrap();
    assert_eq!(verdict(&l, CheckId::SelfSigned), Verdict::Pass);
    assert_eq!(verdict(&l, CheckId::KeyPair), Verdict::Warn);
    // The same, from a PKCS#12 with a chain.
    let r = import(&[file("chain.p12").with_password("pw123456")]);
    assert_eq!(r.key_sets.len(), 2);

    // SHA-1 certificate: self-signature still verified, algorithm flagged.
    let r = import(&[file("key.pem"), file("sha1.pem")]);
    let l = r.checklist(0, now).unwrap();
    assert_eq!(verdict(&l, CheckId::SelfSigned), Verdict::Pass);
    assert_eq!(verdict(&l, CheckId::SignatureAlgorithm), Verdict::Warn);
    assert_eq!(l.readiness, Readiness::ReadyWithWarnings);

    // A 1024-bit key imports (flagged) but fails the size line.
    let r = import(&[file("small.pem"), file("small-cert.pem")]);
    match &r.inputs[0].outcome {
        InputOutcome::Read(s) => assert!(s.warnings[0].contains("1024 bits"), "{:?}", s.warnings),
        other => panic!("{other:?}"),
    }
    let l = r.checklist(0, now).unwrap();
    assert_eq!(verdict(&l, CheckId::KeySize), Verdict::Fail);
    // Connect's wrapping (OAEP with SHA-512 needs 130 bytes of padding) cannot even run on a
    // 128-byte modulus: the round trip fails, which is the truth about this key.
    assert_eq!(verdict(&l, CheckId::PrivateKeyWorks), Verdict::Fail);
    assert!(l.line(CheckId::PrivateKeyWorks).unwrap().text.contains("too small for RSA-OAEP"));
    assert_eq!(verdict(&l, CheckId::SelfSigned), Verdict::Pass);
    assert!(r.key_sets[0].to_key_set().is_err());

    // Public key only.
    let r = import(&[file("pub.pem")]);
    let l = r.checklist(0, now).unwrap();
    assert_eq!(verdict(&l, CheckId::KeyPair), Verdict::Fail);
    assert_eq!(verdict(&l, CheckId::PublicKeyLength), Verdict::Pass);
    assert!(l.line(CheckId::PublicKeyLength).unwrap().text.contains("451 characters"));
}

fn engine_cert(key_file: &str, now: UnixTime, days: u32) -> Vec<u8> {
    let key = match import(&[file(key_file)]).key_sets.remove(0).private_key {
        Some(k) => k.to_rsa().unwrap(),
        None => panic!("no key"),
    };
    let request = CertificateRequest {
        key_size: KeySize::Rsa2048,
        subject: Subject::common_name_only("dated").unwrap(),
        validity: ValidityDays::new(i64::from(days)).unwrap(),
    };
    KeySet::create_self_signed(&key, &request, now).unwrap().certificate_der().to_vec()
}

#[test]
fn expired_and_not_yet_valid_certificates() {
    let now = now();
    let d = fx();
    let expired = engine_cert("key.pem", UnixTime(now.0 - 400 * 86_400), 30);
    let future = engine_cert("key.pem", now.plus_days(10), 30);
    let soon = engine_cert("key.pem", UnixTime(now.0 - 10 * 86_400), 40);
    for (name, der) in [("expired.der", &expired), ("future.der", &future), ("soon.der", &soon)] {
        std::fs::write(d.join(name), der).unwrap();
    }
    // OpenSSL agrees on the dates.
    let exp = run(&["x509", "-inform", "DER", "-in", "expired.der", "-noout", "-checkend", "0"], d);
    assert!(!exp.status.success(), "OpenSSL sees the expired certificate as expired");
    let text = openssl(&["x509", "-inform", "DER", "-in", "future.der", "-noout", "-startdate"], d);
    assert!(text.starts_with("notBefore="));

    for (name, verdict, needle) in [
        ("expired.der", Verdict::Fail, "Expired on"),
        ("future.der", Verdict::Fail, "Not valid yet"),
        ("soon.der", Verdict::Warn, "day(s) left"),
    ] {
        let r = import(&[file("key.pem"), file(name)]);
        let l = r.checklist(0, now).unwrap();
        let line = l.line(CheckId::Validity).unwrap();
        assert_eq!(line.verdict, verdict, "{name}: {line:?}");
        assert!(line.text.contains(needle), "{name}: {}", line.text);
    }
}

#[test]
fn certificate_detail_decodes_extensions_like_openssl() {
    let d = fx();
    let der = std::fs::read(d.join("leaf.pem")).unwrap();
    let pem = String::from_utf8(der).unwrap();
    let block = pem.split("-----").nth(2).unwrap();
    let der = base64_decode(block);
    let detail = flowkeys_core::CertificateDetail::from_der(&der).unwrap();
    assert_eq!(detail.subject, "CN=leaf.example");
    assert_eq!(detail.issuer, "CN=Test-CA");
    assert!(detail.public_key.starts_with("RSA 2048 bits (exponent 65537)"));
    let fp = openssl(&["x509", "-in", "leaf.pem", "-noout", "-fingerprint", "-sha1"], d);
    assert_eq!(fp.trim(), format!("sha1 Fingerprint={}", detail.sha1));

    let ca = std::fs::read_to_string(d.join("ca.pem")).unwrap();
    let ca_der = base64_decode(ca.split("-----").nth(2).unwrap());
    let detail = flowkeys_core::CertificateDetail::from_der(&ca_der).unwrap();
    let bc = detail.extension("2.5.29.19").unwrap();
    assert_eq!(bc.name, "Basic constraints");
    assert_eq!(bc.value, "CA: true");
    assert!(bc.critical);
    let text = openssl(&["x509", "-in", "ca.pem", "-noout", "-ext", "subjectKeyIdentifier"], d);
    let ski = detail.extension("2.5.29.14").unwrap();
    assert!(text.contains(&ski.value), "{text} vs {}", ski.value);
}

fn base64_decode(body: &str) -> Vec<u8> {
    use base64ct::{Base64, Encoding};
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    Base64::decode_vec(&compact).unwrap()
}

fn key_set() -> KeySet {
    import(&[file("key.pem"), file("cert.pem")]).key_sets.remove(0).to_key_set().unwrap()
}

#[test]
fn conversions_read_back_in_openssl_and_the_engine() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let set = key_set();
    let expected_pub = std::fs::read_to_string(fx().join("pub.pem")).unwrap();

    // PKCS#1 from PKCS#8 and back.
    std::fs::write(p.join("k1.pem"), set.pkcs1_private_key_pem().unwrap().expose()).unwrap();
    assert!(openssl(&["pkey", "-check", "-noout", "-in", "k1.pem"], p).contains("Key is valid"));
    let back = summary(ImportInput::file("k1.pem", std::fs::read(p.join("k1.pem")).unwrap()));
    assert_eq!(back.description, "PKCS#1 RSA private key, 2048 bits");

    // Encrypted PKCS#8, both schemes.
    for (name, protection, marker) in [
        ("enc-pbkdf2.pem", PasswordProtection::default(), "600000"),
        ("enc-scrypt.pem", PasswordProtection::Scrypt, "scrypt"),
    ] {
        let enc = set.private_key().to_encrypted_pkcs8_pem(PW, protection).unwrap();
        assert!(enc.expose().starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        std::fs::write(p.join(name), enc.expose()).unwrap();
        let pass = format!("pass:{PW}");
        assert!(openssl(&["pkey", "-check", "-noout", "-in", name, "-passin", &pass], p).contains("Key is valid"));
        assert_eq!(openssl(&["pkey", "-pubout", "-in", name, "-passin", &pass], p), expected_pub);
        let parsed = openssl(&["asn1parse", "-in", name], p);
        assert!(parsed.contains(if marker == "scrypt" { ":scrypt" } else { ":0927C0" }), "{name}: {parsed}");
        // And the engine reads its own output to the same key.
        let r = import(&[ImportInput::file(name, enc.expose().as_bytes().to_vec()).with_password(PW)]);
        let k = r.key_sets[0].private_key.as_ref().unwrap();
        assert_eq!(k.pkcs8_der(), set.private_key().pkcs8_der());
    }
    assert!(matches!(
        set.private_key().to_encrypted_pkcs8_pem("short", PasswordProtection::default()),
        Err(flowkeys_core::ExportError::WeakPassword)
    ));
}

#[test]
fn pkcs12_export_opens_in_openssl_and_reimports() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let set = key_set();
    let p12 = flowkeys_core::export_pkcs12(&set, PW, 100_000).unwrap();
    std::fs::write(p.join("x.p12"), p12.as_bytes()).unwrap();
    let pass = format!("pass:{PW}");
    let info = run(&["pkcs12", "-in", "x.p12", "-info", "-noout", "-passin", &pass], p);
    let info = String::from_utf8_lossy(&info.stderr).into_owned() + &String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("MAC: sha256, Iteration 100000"), "{info}");
    assert!(
        info.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"),
        "{info}"
    );
    assert!(
        info.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256"),
        "{info}"
    );
    let out = openssl(&["pkcs12", "-in", "x.p12", "-noenc", "-passin", &pass], p);
    assert!(out.contains("friendlyName: byok-test"), "{out}");
    assert!(out.contains("-----BEGIN PRIVATE KEY-----") && out.contains("-----BEGIN CERTIFICATE-----"));
    std::fs::write(p.join("out.pem"), &out).unwrap();
    assert!(openssl(&["pkey", "-check", "-noout", "-in", "out.pem"], p).contains("Key is valid"));
    // Wrong password: OpenSSL refuses, and so does the engine.
    assert!(!run(&["pkcs12", "-in", "x.p12", "-noenc", "-passin", "pass:nope"], p).status.success());
    assert!(matches!(
        error(ImportInput::file("x.p12", p12.as_bytes().to_vec()).with_password("nope")),
        ImportError::WrongPassword { .. }
    ));
    // The engine reads it back to the same key and certificate.
    let r = import(&[ImportInput::file("x.p12", p12.as_bytes().to_vec()).with_password(PW)]);
    let back = r.key_sets[0].to_key_set().unwrap();
    assert_eq!(back.private_key().pkcs8_der(), set.private_key().pkcs8_der());
    assert_eq!(back.certificate_der(), set.certificate_der());
    // And OpenSSL's PEM output of it, pasted as one text, groups into one complete set.
    let r = import(&[ImportInput::pasted(&out)]);
    assert_eq!(r.key_sets[0].completeness(), Completeness::Complete);
    assert!(flowkeys_core::export_pkcs12(&set, "short", 100_000).is_err());
}

#[test]
fn reissue_and_csr_for_an_imported_key() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let now = now();
    // The CA-issued leaf's key gets a self-signed certificate with the leaf's subject.
    let r = import(&[file("key2.pem"), file("leaf.pem")]);
    let set = &r.key_sets[0];
    let subject_input: SubjectInput = make::subject_input_from_certificate(set.certificate().unwrap().der()).unwrap();
    assert_eq!(subject_input.common_name, "leaf.example");
    let subject = Subject::new(&subject_input).unwrap();
    let key = set.private_key.as_ref().unwrap().to_connect_key().unwrap();
    let renewed = make::reissue_self_signed(&key, subject.clone(), ValidityDays::new(365).unwrap(), now).unwrap();
    std::fs::write(p.join("renewed.pem"), renewed.certificate_pem().unwrap().as_str()).unwrap();
    assert_eq!(openssl(&["verify", "-CAfile", "renewed.pem", "renewed.pem"], p).trim(), "renewed.pem: OK");
    let again =
        import(&[file("key2.pem"), ImportInput::file("renewed.pem", std::fs::read(p.join("renewed.pem")).unwrap())]);
    let l = again.checklist(0, now).unwrap();
    assert_eq!(l.readiness, Readiness::Ready, "{l:#?}");

    // CSR.
    let csr = make::certificate_signing_request(&key, &subject).unwrap();
    assert!(csr.as_str().starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"));
    std::fs::write(p.join("req.csr"), csr.as_str()).unwrap();
    let out = run(&["req", "-in", "req.csr", "-verify", "-noout", "-subject"], p);
    let all = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && all.contains("verify OK") && all.contains("CN = leaf.example"), "{all}");
    let req_pub = openssl(&["req", "-in", "req.csr", "-pubkey", "-noout"], p);
    assert_eq!(req_pub, renewed.public_key_pem().unwrap().as_str());
}

#[test]
fn json_string_and_calendar_reminder() {
    let set = key_set();
    let pem = set.public_key_pem().unwrap();
    let json = flowkeys_core::json_string(pem.as_str());
    let back: String = {
        // Minimal JSON string decoding for the escapes json_string uses here.
        let inner = &json[1..json.len() - 1];
        inner.replace("\\n", "\n")
    };
    assert_eq!(back, pem.as_str());
    assert!(!json.contains('\n'));

    let now = UnixTime(1_795_450_430); // 2026-11-23 16:13:50 UTC
    let ics = flowkeys_core::expiry_reminder_ics(set.summary(), 30, now);
    assert_eq!(ics, flowkeys_core::expiry_reminder_ics(set.summary(), 30, now), "deterministic");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains("\r\nDTSTAMP:20261123T161350Z\r\n"));
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("UID:{}-30d@flowkeys", set.summary().certificate_sha256.to_hex())));
    assert!(ics.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
        assert!(!line.contains('\n'));
    }
    let remind = UnixTime(set.summary().not_after.0 - 30 * 86_400).max(now);
    assert!(ics.contains(&format!("DTSTART;VALUE=DATE:{}", remind.date_string().replace('-', ""))));
}

#[test]
fn a_generated_key_set_passes_the_checklist() {
    let request = flowkeys_core::CertificateForm::default().validate().unwrap();
    let key = flowkeys_core::keys::generate(flowkeys_core::KeySize::Rsa2048).unwrap();
    let now = UnixTime::now();
    let set = KeySet::create_self_signed(&key, &request, now).unwrap();
    let imported = flowkeys_core::ImportedKeySet::from_key_set(&set).unwrap();
    let list = flowkeys_core::checklist::check(&imported, now, &[]);
    assert_eq!(list.readiness, Readiness::Ready, "{list:#?}");
    assert!(list.lines.iter().all(|l| l.verdict == Verdict::Pass));
    assert_eq!(list.lines.len(), 7);
}

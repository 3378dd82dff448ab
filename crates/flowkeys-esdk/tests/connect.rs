//! Amazon Connect: the real ciphertext, synthetic Connect-shaped vectors, the Connect encrypt
//! profile round trip, key loading and the admin-facing error sentences.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::cast_possible_truncation)]

mod common;

use common::{b64, certificate_pem, json, key_pair, rng, synthetic};
use flowkeys_esdk::body::FrameKind;
use flowkeys_esdk::header::ContentType;
use flowkeys_esdk::inspect::IvStyle;
use flowkeys_esdk::{connect, decrypt, inspect, keys, DecryptOptions, Error, RawRsaKeyring, RsaPadding};

#[test]
fn real_connect_ciphertext_parses_to_expected_fields_and_signature_verifies() {
    let j = json("connect/connect-real-ciphertext.json");
    let e = &j["expected"];
    let msg = b64(j["ciphertext_b64"].as_str().expect("ct"));
    let info = inspect(&msg).expect("inspect");

    assert_eq!(u64::from(info.version), e["version"].as_u64().expect("version"));
    assert_eq!(info.message_type.as_deref(), e["type"].as_str());
    assert_eq!(info.suite.id, e["suite"].as_str().expect("suite"));
    assert_eq!(info.suite.name, "AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384");
    assert_eq!(info.message_id_hex, e["message_id_hex"].as_str().expect("mid"));
    let keys: Vec<&str> = info.encryption_context.keys().map(String::as_str).collect();
    let expected_keys: Vec<&str> =
        e["encryption_context_keys"].as_array().expect("keys").iter().map(|k| k.as_str().expect("k")).collect();
    assert_eq!(keys, expected_keys);
    assert_eq!(info.encrypted_data_keys.len() as u64, e["edk_count"].as_u64().expect("edk_count"));
    let edk = &info.encrypted_data_keys[0];
    assert_eq!(edk.provider_id, e["edk_provider_id"].as_str().expect("pid"));
    assert_eq!(edk.key_info, e["edk_provider_info"].as_str().expect("info"));
    assert_eq!(edk.key_info, j["key_id"].as_str().expect("key id"));
    assert!(edk.key_info_is_text);
    assert_eq!(edk.wrapped_key_length as u64, e["edk_wrapped_key_len"].as_u64().expect("len"));
    assert_eq!(edk.rsa_modulus_bits as u64, e["rsa_modulus_bits"].as_u64().expect("bits"));
    assert_eq!(info.content_type, ContentType::Framed);
    assert_eq!(e["content_type"].as_str(), Some("framed"));
    assert_eq!(u64::from(info.frame_length), e["frame_length"].as_u64().expect("fl"));
    assert_eq!(info.frame_count as u64, e["frames"].as_u64().expect("frames"));
    assert_eq!(info.frames[0].kind, FrameKind::Final);
    assert_eq!(info.frames[0].content_length as u64, e["final_frame_content_len"].as_u64().expect("final"));
    assert_eq!(info.header_auth_iv_hex.as_deref(), e["header_auth_iv_hex"].as_str());
    assert_eq!(info.frames[0].iv_hex, e["frame1_iv_hex"].as_str().expect("iv"));
    assert_eq!(info.iv_style, IvStyle::Random);
    assert_eq!(info.total_length as u64, e["total_len"].as_u64().expect("total"));
    let sig = info.signature.as_ref().expect("signature");
    assert_eq!(sig.valid, e["signature_valid"].as_bool().expect("valid"));
    assert!(sig.valid, "{:?}", sig.problem);
    assert!(info.connect_profile_differences.is_empty(), "{:?}", info.connect_profile_differences);

    // The derived public key in the fixture matches the modulus size Connect wrapped for.
    let public = keys::load_public_key(j["rsa_public_key_pem_derived"].as_str().expect("pem").as_bytes()).expect("pub");
    assert_eq!(rsa::traits::PublicKeyParts::size(&public) * 8, 4096);

    // A one-bit change anywhere in the signed region makes the signature invalid.
    let mut tampered = msg.clone();
    tampered[100] ^= 1;
    let info = inspect(&tampered).expect("still parses");
    assert!(!info.signature.expect("sig").valid);
}

#[test]
fn real_connect_ciphertext_without_its_key_names_the_key_id() {
    let j = json("connect/connect-real-ciphertext.json");
    let msg = b64(j["ciphertext_b64"].as_str().expect("ct"));
    let s = synthetic();
    let keyring = RawRsaKeyring::amazon_connect(s.key_id.clone(), s.private_key.clone());
    let err = decrypt(&msg, &[keyring], &DecryptOptions::default()).expect_err("not our key");
    match &err {
        Error::KeyIdMismatch { wanted, loaded } => {
            assert_eq!(wanted.0, ["4cdb826a-24c9-443d-b78b-327c817073ce"]);
            assert_eq!(loaded.0, std::slice::from_ref(&s.key_id));
        }
        other => panic!("expected KeyIdMismatch, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "This message was encrypted for Key ID 4cdb826a-24c9-443d-b78b-327c817073ce; the loaded key set has Key ID \
         11111111-2222-3333-4444-555555555555. Use the key set registered under that Key ID."
    );
}

#[test]
fn synthetic_connect_vectors_decrypt_with_their_key_id() {
    let s = synthetic();
    assert_eq!(s.vectors.len(), 3);
    let keyring = RawRsaKeyring::amazon_connect(s.key_id.clone(), s.private_key.clone());
    for (name, ct, plaintext) in &s.vectors {
        // Exercise the lenient input path with line breaks, as pasted from a log.
        let wrapped: String =
            ct.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).expect("ascii")).collect::<Vec<_>>().join("\n");
        let msg = flowkeys_esdk::message_bytes(wrapped.as_bytes()).expect("base64");
        let out = decrypt(&msg, std::slice::from_ref(&keyring), &DecryptOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(out.plaintext.as_slice(), plaintext.as_bytes(), "{name}");
        // `Debug` names the length, never the digits (issue 11: secrets stay redacted).
        let shown = format!("{out:?}");
        assert!(
            shown.contains(&format!("plaintext_len: {}", plaintext.len())) && !shown.contains(plaintext.as_str()),
            "{shown}"
        );
        let info = inspect(&msg).expect("inspect");
        assert!(info.connect_profile_differences.is_empty(), "{name}: {:?}", info.connect_profile_differences);
        assert!(info.signature.expect("sig").valid, "{name}");
        let expected_style = if name.contains("random") { IvStyle::Random } else { IvStyle::Deterministic };
        assert_eq!(info.iv_style, expected_style, "{name}");
    }
}

#[test]
fn key_mismatch_errors_are_specific_and_actionable() {
    let s = synthetic();
    let msg = b64(&s.vectors[0].1);

    // Provider id configured for another namespace.
    let other_ns = RawRsaKeyring::new("MyCompany", s.key_id.clone(), RsaPadding::OaepSha512, s.private_key.clone());
    let err = decrypt(&msg, &[other_ns], &DecryptOptions::default()).expect_err("namespace");
    assert!(matches!(err, Error::ProviderIdMismatch { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("\"AmazonConnect\"") && text.contains("\"MyCompany\"") && text.contains(&s.key_id), "{text}");

    // Right Key ID, wrong padding.
    let sha256 = RawRsaKeyring::new("AmazonConnect", s.key_id.clone(), RsaPadding::OaepSha256, s.private_key.clone());
    let err = decrypt(&msg, &[sha256], &DecryptOptions::default()).expect_err("padding");
    assert!(matches!(&err, Error::UnwrapFailed { padding: "OAEP-SHA256", .. }), "{err:?}");
    assert!(err.to_string().contains("it is not the private key for this Key ID, or the padding is not OAEP-SHA256"));

    // Right Key ID, a private key of another size: the message says which size it was made for.
    let (other_key, _) = key_pair(2048);
    let wrong_key = RawRsaKeyring::amazon_connect(s.key_id.clone(), other_key);
    let err = decrypt(&msg, std::slice::from_ref(&wrong_key), &DecryptOptions::default()).expect_err("wrong key");
    assert!(
        matches!(err, Error::KeySizeMismatch { message_bits: 4096, loaded_bits: 2048, wrapped_len: 512, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("made for an RSA-4096 key") && text.contains("the loaded key is RSA-2048"), "{text}");
    assert!(text.contains(&s.key_id), "{text}");

    // Right Key ID and size, wrong private key: the unwrap itself fails.
    let (key_2048, public_2048) = key_pair(2048);
    let (key_3072, _) = key_pair(3072);
    let for_2048 = connect::encrypt(&public_2048, &s.key_id, b"4111", &mut rng()).expect("encrypt");
    let size_only = RawRsaKeyring::amazon_connect(s.key_id.clone(), key_3072);
    let err = decrypt(&for_2048, &[size_only], &DecryptOptions::default()).expect_err("3072 for a 2048 message");
    assert!(matches!(err, Error::KeySizeMismatch { message_bits: 2048, loaded_bits: 3072, .. }), "{err:?}");
    let right_2048 = RawRsaKeyring::amazon_connect(s.key_id.clone(), key_2048);
    assert_eq!(
        decrypt(&for_2048, &[right_2048], &DecryptOptions::default()).expect("opens").plaintext.as_slice(),
        b"4111"
    );

    // Several keys loaded: the wrong one is skipped, the right one is used.
    let right = RawRsaKeyring::amazon_connect(s.key_id.clone(), s.private_key.clone());
    let out = decrypt(&msg, &[wrong_key, right], &DecryptOptions::default()).expect("second key opens it");
    assert_eq!(out.keyring_index, 1);

    // Nothing loaded.
    assert!(matches!(decrypt(&msg, &[], &DecryptOptions::default()), Err(Error::NoKeysLoaded)));
    assert_eq!(Error::NoKeysLoaded.class(), flowkeys_esdk::ErrorClass::KeyMismatch);
}

#[test]
fn connect_profile_round_trip_all_lengths_and_key_sizes() {
    let lengths = [0usize, 1, 16, 4095, 4096, 4097, 10000];
    for bits in [2048usize, 3072, 4096] {
        let (private, _) = key_pair(bits);
        // Encrypt to the certificate, as the Store customer input block does.
        let public = keys::public_key_from_certificate_pem(&certificate_pem(bits)).expect("certificate");
        let key_id = format!("0000aaaa-{bits}-4000-8000-123456789abc");
        let keyring = RawRsaKeyring::amazon_connect(key_id.clone(), private);
        for len in lengths {
            let plaintext: Vec<u8> = (0..len).map(|i| (i * 7 + bits) as u8).collect();
            let text = connect::encrypt_to_base64(&public, &key_id, &plaintext, &mut rng()).expect("encrypt");
            let msg = b64(&text);
            let out = decrypt(&msg, std::slice::from_ref(&keyring), &DecryptOptions::default())
                .unwrap_or_else(|e| panic!("{bits}/{len}: {e}"));
            assert_eq!(out.plaintext.as_slice(), plaintext.as_slice(), "{bits}/{len}");

            let info = inspect(&msg).expect("inspect");
            assert!(info.connect_profile_differences.is_empty(), "{:?}", info.connect_profile_differences);
            assert_eq!(info.suite.id, "0x0378");
            assert_eq!(info.frame_length, 4096);
            assert_eq!(info.encrypted_data_keys[0].key_info, key_id);
            assert_eq!(info.encrypted_data_keys[0].rsa_modulus_bits, bits);
            assert_eq!(info.encryption_context.keys().collect::<Vec<_>>(), ["aws-crypto-public-key"]);
            assert_eq!(info.encryption_context["aws-crypto-public-key"].len(), 68);
            assert_eq!(info.iv_style, IvStyle::Deterministic);
            assert!(info.signature.expect("signature").valid);
            // SDK framing: len/4096 regular frames plus a final frame with the remainder
            // (empty for 0 and 4096).
            let sizes: Vec<usize> = info.frames.iter().map(|f| f.content_length).collect();
            let mut expected = vec![4096; len / 4096];
            expected.push(len % 4096);
            assert_eq!(sizes, expected, "{bits}/{len}");
            assert_eq!(info.frames.last().map(|f| f.kind), Some(FrameKind::Final));
        }
    }
}

#[test]
fn encrypt_accepts_spki_and_der_and_rejects_bad_key_ids() {
    let (private, _) = key_pair(2048);
    let spki = keys::public_key_from_spki_pem(&common::fixture("keys/rsa2048.pub.pem")).expect("spki");
    let via_any = keys::load_public_key(common::fixture("keys/rsa2048.cert.pem").as_bytes()).expect("cert");
    assert_eq!(spki, via_any);
    assert_eq!(spki, private.to_public_key());
    let spki_der = keys::pem_blocks(&common::fixture("keys/rsa2048.pub.pem")).expect("pem").remove(0).der;
    let cert_der = keys::pem_blocks(&common::fixture("keys/rsa2048.cert.pem")).expect("pem").remove(0).der;
    let keyring = RawRsaKeyring::amazon_connect("kid", private);
    for ct in [
        connect::encrypt_for_spki_der(&spki_der, "kid", b"1234", &mut rng()).expect("spki der"),
        connect::encrypt_for_certificate_der(&cert_der, "kid", b"1234", &mut rng()).expect("cert der"),
    ] {
        let out = decrypt(&b64(&ct), std::slice::from_ref(&keyring), &DecryptOptions::default()).expect("decrypt");
        assert_eq!(out.plaintext.as_slice(), b"1234");
    }
    assert!(matches!(connect::encrypt(&spki, "", b"x", &mut rng()), Err(Error::InvalidEncryptRequest(_))));
    assert!(matches!(connect::encrypt(&spki, " kid", b"x", &mut rng()), Err(Error::InvalidEncryptRequest(_))));
    // A certificate is not a private key, and vice versa.
    assert!(matches!(
        keys::load_private_key(common::fixture("keys/rsa2048.cert.pem").as_bytes()),
        Err(Error::KeyFormat(_))
    ));
    assert!(matches!(
        keys::public_key_from_spki_pem(&common::fixture("keys/rsa2048.cert.pem")),
        Err(Error::KeyFormat(_))
    ));
}

#[test]
fn private_keys_load_from_pkcs8_pkcs1_der_and_escaped_pem() {
    let pkcs8 = common::fixture("keys/rsa2048.key.pem");
    let pkcs1 = common::fixture("keys/rsa2048.pkcs1.pem");
    assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let a = keys::load_private_key(pkcs8.as_bytes()).expect("pkcs8");
    let b = keys::load_private_key(pkcs1.as_bytes()).expect("pkcs1");
    assert_eq!(a, b);
    let der = keys::pem_blocks(&pkcs8).expect("pem").remove(0).der;
    assert_eq!(keys::load_private_key(&der).expect("der"), a);
    // JSON-escaped, CRLF and surrounded by other text.
    let escaped = format!("secret: \"{}\"", pkcs8.replace('\n', "\\n"));
    assert_eq!(keys::load_private_key(escaped.as_bytes()).expect("escaped"), a);
    let crlf = format!("Bag Attributes\r\n{}", pkcs8.replace('\n', "\r\n"));
    assert_eq!(keys::load_private_key(crlf.as_bytes()).expect("crlf"), a);
    let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assert!(matches!(keys::load_private_key(encrypted.as_bytes()), Err(Error::EncryptedPrivateKey)));
    assert!(matches!(keys::load_private_key(b"hello"), Err(Error::KeyFormat(_))));
    let unterminated = "-----BEGIN PRIVATE KEY-----\nMIIB\n";
    assert!(matches!(keys::load_private_key(unterminated.as_bytes()), Err(Error::KeyFormat(_))));
    let keyring = connect::keyring_from_private_key("kid", pkcs1.as_bytes()).expect("keyring");
    assert_eq!(
        (keyring.provider_id(), keyring.key_name(), keyring.padding()),
        ("AmazonConnect", "kid", RsaPadding::OaepSha512)
    );
    assert_eq!(keyring.modulus_bits(), 2048);
}

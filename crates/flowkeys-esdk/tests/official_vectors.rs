//! Conformance against the 154 official AWS Encryption SDK raw-RSA decrypt vectors.

mod common;

use common::{official_key, official_vectors, Vector};
use flowkeys_esdk::body::{self, FrameKind};
use flowkeys_esdk::header::MessageVersion;
use flowkeys_esdk::{decrypt, inspect, DecryptOptions, Error, Header, RawRsaKeyring};

fn keyring(v: &Vector) -> RawRsaKeyring {
    RawRsaKeyring::new(v.provider_id.clone(), v.key_id.clone(), v.padding, official_key().clone())
}

/// Some official vectors carry several EDKs (one per recipient), more than the library's default
/// of one (what Connect sends): these tests raise the limit explicitly, as any caller reading
/// multi-recipient messages must.
fn multi_recipient() -> DecryptOptions {
    DecryptOptions { max_encrypted_data_keys: Some(16), ..DecryptOptions::default() }
}

fn options(v: &Vector) -> DecryptOptions {
    DecryptOptions { encryption_context: v.reproduced_ec.clone(), ..multi_recipient() }
}

#[test]
fn all_official_vectors_decrypt_to_expected_plaintext() {
    let vectors = official_vectors();
    assert_eq!(vectors.len(), 154);
    let mut suites = std::collections::BTreeMap::<u16, usize>::new();
    for v in vectors {
        let out = decrypt(&v.ciphertext, &[keyring(v)], &options(v)).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert_eq!(out.plaintext.as_slice(), v.plaintext.as_slice(), "{}", v.id);
        assert_eq!(out.header.suite.id, v.suite, "{}", v.id);
        assert_eq!(out.header.version.byte(), v.message_version, "{}", v.id);
        // `#second-edk` records must be opened through EDK #2 after skipping EDK #1 by key name.
        assert_eq!(out.edk_index, usize::from(v.derived), "{}", v.id);
        *suites.entry(v.suite).or_default() += 1;
    }
    assert_eq!(suites.len(), 11, "all 11 suites covered");
    assert!(suites.values().all(|n| *n == 14));
}

#[test]
fn headers_and_bodies_reserialize_byte_exactly() {
    for v in official_vectors() {
        let m = &v.ciphertext;
        let h = Header::parse(m).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert_eq!(h.serialize_body().expect("serialize"), m[..h.body_len], "{}: header body", v.id);
        assert_eq!(h.serialize_auth(), m[h.body_len..h.total_len], "{}: header auth", v.id);
        let b = body::parse(m, &h).expect("body");
        assert_eq!(b.frames.len(), v.regular_frames + 1, "{}", v.id);
        // Official SDK messages use deterministic IVs: zero header IV, sequence-number frame IVs.
        assert_eq!(h.auth.iv, [0; 12], "{}", v.id);
        for f in &b.frames {
            assert_eq!(f.iv, body::sequence_iv(f.sequence_number), "{}", v.id);
        }
        let last = b.frames.last().expect("final frame");
        assert_eq!(last.kind, FrameKind::Final);
        assert_eq!(last.ciphertext.len(), v.final_frame_len, "{}", v.id);
        assert_eq!(h.frame_length, v.frame_length, "{}", v.id);
        assert_eq!(h.version, if v.message_version == 1 { MessageVersion::V1 } else { MessageVersion::V2 });
    }
}

#[test]
fn inspect_reports_vector_metadata_and_valid_signatures() {
    for v in official_vectors() {
        let info = inspect(&v.ciphertext).unwrap_or_else(|e| panic!("{}: {e}", v.id));
        assert_eq!(info.suite.id, format!("0x{:04x}", v.suite));
        assert_eq!(info.version, v.message_version);
        assert_eq!(info.frame_length, v.frame_length);
        assert_eq!(info.frame_count, v.regular_frames + 1);
        assert_eq!(info.plaintext_length, v.plaintext.len());
        assert_eq!(info.total_length, v.ciphertext.len());
        assert_eq!(info.encryption_context, v.header_ec, "{}", v.id);
        let edks: Vec<(String, String, usize)> = info
            .encrypted_data_keys
            .iter()
            .map(|e| (e.provider_id.clone(), e.key_info.clone(), e.wrapped_key_length))
            .collect();
        assert_eq!(edks, v.edks, "{}", v.id);
        assert!(info.encrypted_data_keys.iter().all(|e| e.rsa_modulus_bits == 4096));
        match &info.signature {
            Some(sig) => {
                assert!(sig.valid, "{}: {:?}", v.id, sig.problem);
                assert!(matches!(v.suite, 0x0214 | 0x0346 | 0x0378 | 0x0578));
            }
            None => assert!(!matches!(v.suite, 0x0214 | 0x0346 | 0x0378 | 0x0578)),
        }
        assert_eq!(info.key_commitment_hex.is_some(), v.message_version == 2);
        // JSON rendering works and carries the suite id.
        let json = serde_json::to_string(&info).expect("json");
        assert!(json.contains(&format!("\"id\":\"0x{:04x}\"", v.suite)));
    }
}

#[test]
fn required_encryption_context_must_be_supplied_and_correct() {
    let required: Vec<&Vector> = official_vectors().iter().filter(|v| v.requires_reproduced_ec).collect();
    assert_eq!(required.len(), 33);
    for v in required.iter().step_by(5) {
        // Missing: the header tag covers key1/key2, which are not stored in the header.
        match decrypt(&v.ciphertext, &[keyring(v)], &multi_recipient()) {
            Err(Error::HeaderAuthFailed { context_supplied: false }) => {}
            other => panic!("{}: expected HeaderAuthFailed, got {other:?}", v.id),
        }
        // Wrong value.
        let mut wrong = v.reproduced_ec.clone().expect("ec");
        wrong.insert("key1".into(), "val1-wrong".into());
        let opts = DecryptOptions { encryption_context: Some(wrong), ..multi_recipient() };
        match decrypt(&v.ciphertext, &[keyring(v)], &opts) {
            Err(Error::HeaderAuthFailed { context_supplied: true }) => {}
            other => panic!("{}: expected HeaderAuthFailed, got {other:?}", v.id),
        }
    }
    // Stored context that disagrees with the supplied one is caught before any key is tried.
    let stored = official_vectors().iter().find(|v| v.header_ec.contains_key("key1")).expect("stored ec vector");
    let mut wrong = stored.header_ec.clone();
    wrong.insert("key2".into(), "other".into());
    let opts = DecryptOptions { encryption_context: Some(wrong), ..multi_recipient() };
    match decrypt(&stored.ciphertext, &[keyring(stored)], &opts) {
        Err(Error::EncryptionContextMismatch { key }) => assert_eq!(key, "key2"),
        other => panic!("expected EncryptionContextMismatch, got {other:?}"),
    }
    // Supplying the stored context explicitly is fine.
    let opts = DecryptOptions { encryption_context: Some(stored.header_ec.clone()), ..multi_recipient() };
    assert!(decrypt(&stored.ciphertext, &[keyring(stored)], &opts).is_ok());
}

#[test]
fn commitment_policy_and_edk_limit() {
    let v = common::official(|v| v.suite == 0x0378);
    let strict = DecryptOptions { require_key_commitment: true, ..multi_recipient() };
    assert!(matches!(decrypt(&v.ciphertext, &[keyring(v)], &strict), Err(Error::CommitmentRequired(0x0378))));
    let v2 = common::official(|v| v.suite == 0x0478 && v.reproduced_ec.is_none());
    assert!(decrypt(&v2.ciphertext, &[keyring(v2)], &strict).is_ok());
    let two = common::official(|v| v.edks.len() == 2 && v.reproduced_ec.is_none());
    // The library's default admits one EDK, as Connect sends: a two-recipient message is
    // refused before any RSA operation unless the caller raises the limit.
    assert_eq!(flowkeys_esdk::DEFAULT_MAX_ENCRYPTED_DATA_KEYS, 1);
    assert!(matches!(
        decrypt(&two.ciphertext, &[keyring(two)], &DecryptOptions::default()),
        Err(Error::TooManyEncryptedDataKeys { count: 2, max: 1 })
    ));
    assert!(decrypt(&two.ciphertext, &[keyring(two)], &multi_recipient()).is_ok());
}

//! Tampering, truncation and wrong-key tests: every mutation must be rejected with the right
//! error variant, and nothing may panic.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use common::{key_pair, layout, official, official_key, rng, Layout};
use flowkeys_esdk::suite::{AES_256_GCM_HKDF_SHA512_COMMIT_KEY, AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384};
use flowkeys_esdk::{
    connect, decrypt, encrypt, inspect, BodyLayout, DecryptOptions, EncryptRequest, EncryptionContext, Error,
    RawRsaKeyring, RsaPadding, RsaRecipient,
};

struct Case {
    name: &'static str,
    msg: Vec<u8>,
    keyring: RawRsaKeyring,
    signed: bool,
}

impl Case {
    fn decrypt(&self, m: &[u8]) -> Result<Vec<u8>, Error> {
        decrypt(m, std::slice::from_ref(&self.keyring), &DecryptOptions::default()).map(|d| d.plaintext.to_vec())
    }

    fn layout(&self) -> Layout {
        layout(&self.msg)
    }
}

fn official_case(name: &'static str, suite: u16) -> Case {
    let v = official(|v| v.suite == suite && v.id.starts_with("dafny") && v.padding == RsaPadding::OaepSha512);
    assert_eq!(v.regular_frames, 2, "representative vectors have several frames");
    Case {
        name,
        msg: v.ciphertext.clone(),
        keyring: RawRsaKeyring::new(v.provider_id.clone(), v.key_id.clone(), v.padding, official_key().clone()),
        signed: matches!(suite, 0x0378 | 0x0578),
    }
}

fn built_case(
    name: &'static str,
    suite: &'static flowkeys_esdk::AlgorithmSuite,
    layout: BodyLayout,
    len: usize,
) -> Case {
    let (private, public) = key_pair(2048);
    let recipients = [RsaRecipient {
        provider_id: "flowkeys-test".into(),
        key_name: "key-1".into(),
        padding: RsaPadding::OaepSha256,
        public_key: public,
    }];
    let mut ec = EncryptionContext::new();
    ec.insert("purpose".into(), "mutation-test".into());
    let request = EncryptRequest { suite, layout, encryption_context: ec, recipients: &recipients };
    let plaintext: Vec<u8> = (0..len).map(|i| i as u8).collect();
    let msg = encrypt(&request, &plaintext, &mut rng()).expect("encrypt");
    let keyring = RawRsaKeyring::new("flowkeys-test", "key-1", RsaPadding::OaepSha256, private);
    let case = Case { name, msg, keyring, signed: suite.signature.is_some() };
    assert_eq!(case.decrypt(&case.msg).expect("round trip"), plaintext);
    case
}

fn cases() -> Vec<Case> {
    vec![
        official_case("v1 signed 0x0378", 0x0378),
        official_case("v1 unsigned 0x0178", 0x0178),
        official_case("v2 committing signed 0x0578", 0x0578),
        official_case("v2 committing unsigned 0x0478", 0x0478),
        built_case("v1 non-framed signed", &AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, BodyLayout::NonFramed, 300),
        built_case("v2 non-framed committing", &AES_256_GCM_HKDF_SHA512_COMMIT_KEY, BodyLayout::NonFramed, 300),
    ]
}

fn with(m: &[u8], at: usize, f: impl FnOnce(&mut u8)) -> Vec<u8> {
    let mut out = m.to_vec();
    f(&mut out[at]);
    out
}

fn flip(m: &[u8], at: usize) -> Vec<u8> {
    with(m, at, |b| *b ^= 1)
}

fn put(m: &[u8], at: usize, bytes: &[u8]) -> Vec<u8> {
    let mut out = m.to_vec();
    out[at..at + bytes.len()].copy_from_slice(bytes);
    out
}

macro_rules! rejects {
    ($case:expr, $mutated:expr, $what:expr, $pat:pat $(if $guard:expr)?) => {{
        let result = $case.decrypt(($mutated).as_ref());
        assert!(
            matches!(result, Err($pat) $(if $guard)?),
            "{} / {}: expected {}, got {:?}",
            $case.name,
            $what,
            stringify!($pat),
            result.map(|p| p.len())
        );
    }};
}

#[test]
fn header_mutations_are_rejected_with_the_right_error() {
    for c in cases() {
        let m = &c.msg;
        let l = c.layout();
        let v1 = l.version == 1;
        let suite = u16::from_be_bytes([m[l.suite_at], m[l.suite_at + 1]]);

        rejects!(c, with(m, 0, |b| *b = 3), "version", Error::UnsupportedVersion(3));
        if v1 {
            rejects!(c, with(m, 1, |b| *b = 0x81), "type", Error::BadMessageType(0x81));
        }
        let s = suite ^ 1;
        rejects!(c, put(m, l.suite_at, &s.to_be_bytes()), "unknown suite", Error::UnknownSuite(x) if x == s);
        // Another suite of the same version and key length: derived key differs → header auth.
        let same_len = match suite {
            0x0378 => 0x0178,
            0x0178 => 0x0078,
            0x0578 => 0x0478,
            0x0478 => 0x0578,
            _ => unreachable!(),
        };
        rejects!(c, put(m, l.suite_at, &u16::to_be_bytes(same_len)), "suite swap", Error::HeaderAuthFailed { .. });
        if v1 {
            // Shorter key: OAEP unwrapped a 32-byte key but the suite wants 24.
            let shorter: u16 = if suite == 0x0378 { 0x0346 } else { 0x0146 };
            rejects!(
                c,
                put(m, l.suite_at, &shorter.to_be_bytes()),
                "suite key length",
                Error::DataKeyLengthMismatch { expected: 24, found: 32, .. }
            );
            rejects!(
                c,
                put(m, l.suite_at, &[0x04, 0x78]),
                "v2 suite in v1",
                Error::SuiteVersionMismatch { suite: 0x0478, expected: 2, found: 1 }
            );
        }
        if v1 {
            rejects!(
                c,
                flip(m, l.message_id_at + 3),
                "message id",
                Error::HeaderAuthFailed { context_supplied: false }
            );
        } else {
            // v2: the message id salts the commitment derivation.
            rejects!(c, flip(m, l.message_id_at + 3), "message id", Error::KeyCommitmentMismatch);
        }
        rejects!(c, flip(m, l.aad_len_at + 1), "AAD length", Error::MalformedEncryptionContext { .. });
        if l.ec_len > 0 {
            rejects!(c, put(m, l.ec_at, &[0, 0]), "EC pair count", Error::MalformedEncryptionContext { .. });
            rejects!(c, flip(m, l.ec_at + 3), "EC key length", Error::MalformedEncryptionContext { .. });
            rejects!(c, flip(m, l.ec_at + 4), "EC key byte", Error::HeaderAuthFailed { .. });
            rejects!(c, flip(m, l.ec_at + l.ec_len - 1), "EC value byte", Error::HeaderAuthFailed { .. });
            rejects!(c, with(m, l.ec_at + 4, |b| *b = 0xff), "EC non-UTF-8", Error::MalformedEncryptionContext { .. });
        }
        rejects!(c, put(m, l.edk_count_at, &[0, 0]), "EDK count", Error::NoEncryptedDataKeys);
        let e = &l.edks[0];
        rejects!(c, flip(m, e.provider_at), "EDK provider id", Error::ProviderIdMismatch { .. });
        rejects!(c, flip(m, e.info_at), "EDK key name", Error::KeyIdMismatch { .. });
        rejects!(c, flip(m, e.ct_at + e.ct_len / 2), "EDK ciphertext", Error::UnwrapFailed { .. });
        rejects!(c, flip(m, e.ct_len_at + 1), "EDK ciphertext length", Error::UnknownContentType(0));
        rejects!(c, with(m, l.content_type_at, |b| *b = 3), "content type", Error::UnknownContentType(3));
        let other_layout = if l.non_framed { 2 } else { 1 };
        rejects!(
            c,
            with(m, l.content_type_at, |b| *b = other_layout),
            "content type swap",
            Error::BadFrameLength { .. }
        );
        if let Some(at) = l.reserved_at {
            rejects!(c, flip(m, at + 3), "reserved", Error::BadReservedField([0, 0, 0, 1]));
        }
        if let Some(at) = l.iv_len_at {
            rejects!(c, with(m, at, |b| *b = 13), "IV length", Error::BadIvLength { found: 13, expected: 12 });
        }
        if l.non_framed {
            rejects!(c, flip(m, l.frame_len_at + 3), "frame length", Error::BadFrameLength { frame_length: 1, .. });
        } else {
            rejects!(c, flip(m, l.frame_len_at + 3), "frame length", Error::HeaderAuthFailed { .. });
            rejects!(
                c,
                put(m, l.frame_len_at, &[0; 4]),
                "frame length zero",
                Error::BadFrameLength { frame_length: 0, .. }
            );
        }
        if let Some(at) = l.suite_data_at {
            rejects!(c, flip(m, at + 31), "key commitment", Error::KeyCommitmentMismatch);
        }
        if let Some(at) = l.header_iv_at {
            rejects!(c, flip(m, at), "header auth IV", Error::HeaderAuthFailed { .. });
        }
        rejects!(c, flip(m, l.header_tag_at + 15), "header auth tag", Error::HeaderAuthFailed { .. });
    }
}

#[test]
fn body_and_footer_mutations_are_rejected_with_the_right_error() {
    for c in cases() {
        let m = &c.msg;
        let l = c.layout();
        let n = u32::try_from(l.frames.len()).expect("frames");
        for (i, f) in l.frames.iter().enumerate() {
            let seq = if l.non_framed { 1 } else { u32::try_from(i + 1).expect("seq") };
            rejects!(c, flip(m, f.iv_at + 11), "frame IV", Error::FrameAuthFailed { sequence_number } if sequence_number == seq);
            if f.ct_len > 0 {
                rejects!(c, flip(m, f.ct_at), "frame ciphertext", Error::FrameAuthFailed { sequence_number } if sequence_number == seq);
            }
            rejects!(c, flip(m, f.tag_at + 7), "frame tag", Error::FrameAuthFailed { sequence_number } if sequence_number == seq);
            if !l.non_framed {
                let wrong = seq + 1;
                rejects!(c, put(m, f.seq_at, &wrong.to_be_bytes()), "sequence number",
                    Error::BadSequenceNumber { expected, found } if expected == seq && found == wrong);
            }
        }
        let last = l.frames.last().expect("final");
        if l.non_framed {
            let at = last.len_at.expect("len");
            rejects!(c, put(m, at, &(1u64 << 36).to_be_bytes()), "non-framed length limit", Error::NonFramedTooLong(_));
            rejects!(c, flip(m, at + 7), "non-framed length", Error::Truncated { .. } | Error::TrailingBytes { .. });
            rejects!(
                c,
                put(m, at, &(last.ct_len as u64 + 1).to_be_bytes()),
                "non-framed length + 1",
                Error::Truncated { .. }
            );
        } else {
            let at = last.len_at.expect("len");
            let fl = u32::from_be_bytes(m[l.frame_len_at..l.frame_len_at + 4].try_into().expect("4"));
            rejects!(
                c,
                put(m, at, &(fl + 1).to_be_bytes()),
                "final frame length > frame length",
                Error::FrameTooLong { .. }
            );
            rejects!(
                c,
                put(m, at, &(last.ct_len as u32 + 1).to_be_bytes()),
                "final frame length + 1",
                Error::Truncated { .. }
            );
            // Reordering and removing frames.
            let (a, b) = (&l.frames[0], &l.frames[1]);
            let mut swapped = m[..a.start].to_vec();
            swapped.extend_from_slice(&m[b.start..b.end]);
            swapped.extend_from_slice(&m[a.start..a.end]);
            swapped.extend_from_slice(&m[b.end..]);
            rejects!(c, swapped, "swapped frames", Error::BadSequenceNumber { expected: 1, found: 2 });
            let mut removed = m[..a.start].to_vec();
            removed.extend_from_slice(&m[a.end..]);
            rejects!(c, removed, "removed frame", Error::BadSequenceNumber { expected: 1, found: 2 });
            let mut dup = m[..b.end].to_vec();
            dup.extend_from_slice(&m[b.start..]);
            rejects!(c, dup, "duplicated frame", Error::BadSequenceNumber { expected: 3, found: 2 });
            // A regular frame relabelled as final.
            rejects!(
                c,
                put(m, a.start, &[0xff; 4]),
                "regular frame as final",
                Error::BadSequenceNumber { expected: 1, found: 0 }
            );
            rejects!(c, put(m, last.seq_at, &(n - 1).to_be_bytes()), "final seq", Error::BadSequenceNumber { .. });
        }
        if let Some(at) = l.footer_at {
            let sig_len = u16::from_be_bytes([m[at], m[at + 1]]);
            rejects!(c, put(m, at, &(sig_len + 1).to_be_bytes()), "signature length + 1", Error::Truncated { .. });
            rejects!(
                c,
                put(m, at, &(sig_len - 1).to_be_bytes()),
                "signature length - 1",
                Error::TrailingBytes { count: 1 }
            );
            rejects!(c, with(m, at + 2, |b| *b = 0x31), "signature DER tag", Error::MalformedSignature);
            rejects!(c, flip(m, m.len() - 1), "signature value", Error::SignatureInvalid);
            rejects!(c, &m[..l.body_end], "footer removed", Error::Truncated { field: "signature length", .. });
        } else {
            assert!(!c.signed);
        }
        let mut trailing = m.clone();
        trailing.push(0);
        rejects!(c, trailing, "one trailing byte", Error::TrailingBytes { count: 1 });
        let mut trailing = m.clone();
        trailing.extend_from_slice(b"AYAD\n");
        rejects!(c, trailing, "trailing text", Error::TrailingBytes { count: 5 });
    }
}

#[test]
fn truncation_at_every_structural_boundary_is_reported_as_truncated() {
    for c in cases() {
        let l = c.layout();
        let mut cuts = vec![0, 1, l.suite_at, l.message_id_at, l.aad_len_at, l.ec_at, l.edk_count_at];
        for e in &l.edks {
            cuts.extend([
                e.provider_len_at,
                e.provider_at,
                e.info_len_at,
                e.info_at,
                e.ct_len_at,
                e.ct_at,
                e.ct_at + 1,
            ]);
        }
        cuts.extend([l.content_type_at, l.frame_len_at, l.header_tag_at, l.body_at]);
        cuts.extend(l.reserved_at);
        cuts.extend(l.iv_len_at);
        cuts.extend(l.suite_data_at);
        cuts.extend(l.header_iv_at);
        for f in &l.frames {
            cuts.extend([f.start, f.iv_at, f.ct_at, f.tag_at, f.end - 1]);
            cuts.extend(f.len_at);
            if f.seq_at != usize::MAX {
                cuts.push(f.seq_at);
            }
        }
        if let Some(at) = l.footer_at {
            cuts.extend([at, at + 1, at + 2, l.end - 1]);
        }
        cuts.retain(|cut| *cut < l.end);
        cuts.sort_unstable();
        cuts.dedup();
        assert!(cuts.len() > 20, "{}", c.name);
        for cut in cuts {
            rejects!(c, &c.msg[..cut], format!("truncated to {cut}"), Error::Truncated { .. });
            assert!(matches!(inspect(&c.msg[..cut]), Err(Error::Truncated { .. })), "{}: inspect at {cut}", c.name);
        }
    }
}

#[test]
fn truncation_at_every_byte_and_any_byte_flip_of_a_small_connect_message() {
    let (private, public) = key_pair(2048);
    let msg = connect::encrypt(&public, "key-id-1", b"1236547891321456", &mut rng()).expect("encrypt");
    let keyring = RawRsaKeyring::amazon_connect("key-id-1", private);
    let c = Case { name: "connect 2048 small", msg, keyring, signed: true };
    assert_eq!(c.decrypt(&c.msg).expect("intact"), b"1236547891321456");
    for cut in 0..c.msg.len() {
        rejects!(c, &c.msg[..cut], format!("truncated to {cut}"), Error::Truncated { .. });
    }
    // Every byte of the message is authenticated or structural: any single-bit change fails.
    for at in 0..c.msg.len() {
        for mask in [0x01u8, 0x80] {
            let mutated = with(&c.msg, at, |b| *b ^= mask);
            assert!(c.decrypt(&mutated).is_err(), "flip {mask:#x} at {at} was accepted");
        }
    }
}

#[test]
fn wrong_keys_names_providers_and_paddings() {
    for c in cases() {
        let (other_private, _) = key_pair(3072);
        let k = &c.keyring;
        let wrong_key = RawRsaKeyring::new(k.provider_id(), k.key_name(), k.padding(), other_private);
        let wrong_name = RawRsaKeyring::new(k.provider_id(), "not-this-key", k.padding(), official_key().clone());
        let wrong_provider = RawRsaKeyring::new("AmazonConnect", k.key_name(), k.padding(), official_key().clone());
        let other_padding =
            if k.padding() == RsaPadding::OaepSha512 { RsaPadding::OaepSha1 } else { RsaPadding::OaepSha512 };
        let (own_private, _) =
            if c.name.contains("non-framed") { key_pair(2048) } else { (official_key().clone(), key_pair(2048).1) };
        let wrong_padding = RawRsaKeyring::new(k.provider_id(), k.key_name(), other_padding, own_private);
        let opts = DecryptOptions::default();
        let run = |kr: RawRsaKeyring| decrypt(&c.msg, &[kr], &opts).map(|d| d.plaintext.len());
        // The official key is not 3072 bits: the wrapped key's length says so before any RSA.
        match run(wrong_key) {
            Err(Error::KeySizeMismatch { loaded_bits: 3072, message_bits, .. }) => {
                assert_eq!(message_bits, k.modulus_bits(), "{}", c.name)
            }
            other => panic!("{}: {other:?}", c.name),
        }
        match run(wrong_name) {
            Err(Error::KeyIdMismatch { wanted, loaded }) => {
                assert_eq!(wanted.0, [k.key_name().to_owned()]);
                assert_eq!(loaded.0, ["not-this-key".to_owned()]);
            }
            other => panic!("{}: {other:?}", c.name),
        }
        match run(wrong_provider) {
            Err(e @ Error::ProviderIdMismatch { .. }) => {
                let text = e.to_string();
                assert!(
                    text.contains(&format!("{:?}", k.provider_id())) && text.contains("\"AmazonConnect\""),
                    "{text}"
                );
            }
            other => panic!("{}: {other:?}", c.name),
        }
        assert!(matches!(run(wrong_padding), Err(Error::UnwrapFailed { .. })), "{}", c.name);
    }
    // PKCS#1 v1.5 with the wrong key: implicit rejection yields junk, never plaintext.
    let v = official(|v| v.padding == RsaPadding::Pkcs1v15 && v.suite == 0x0378);
    let (other_private, _) = key_pair(3072);
    let kr = RawRsaKeyring::new(v.provider_id.clone(), v.key_id.clone(), RsaPadding::Pkcs1v15, other_private);
    let r = decrypt(&v.ciphertext, &[kr], &DecryptOptions::default());
    assert!(
        matches!(r, Err(Error::UnwrapFailed { .. } | Error::HeaderAuthFailed { .. } | Error::KeySizeMismatch { .. })),
        "{r:?}"
    );
}

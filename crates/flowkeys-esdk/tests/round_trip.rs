//! Round trips through the general encryptor: every suite, both body layouts, every padding,
//! several recipients.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::cast_possible_truncation)]

mod common;

use common::{key_pair, rng};
use flowkeys_esdk::{
    decrypt, encrypt, inspect, BodyLayout, DecryptOptions, EncryptRequest, EncryptionContext, Error, Header,
    RawRsaKeyring, RsaPadding, RsaRecipient, ALL_SUITES,
};

#[test]
fn every_suite_layout_and_padding_round_trips() {
    let (private, public) = key_pair(2048);
    let layouts =
        [BodyLayout::Framed { frame_length: 4096 }, BodyLayout::Framed { frame_length: 7 }, BodyLayout::NonFramed];
    let mut ec = EncryptionContext::new();
    ec.insert("tenant".into(), "flowkeys".into());
    ec.insert("a".into(), "ünïcödé".into());
    for (i, suite) in ALL_SUITES.iter().enumerate() {
        let padding = RsaPadding::ALL[i % RsaPadding::ALL.len()];
        let recipients =
            [RsaRecipient { provider_id: "ns".into(), key_name: "name".into(), padding, public_key: public.clone() }];
        let keyring = RawRsaKeyring::new("ns", "name", padding, private.clone());
        for layout in layouts {
            for len in [0usize, 1, 7, 4096, 5000] {
                let plaintext: Vec<u8> = (0..len).map(|b| (b % 251) as u8).collect();
                let request = EncryptRequest { suite, layout, encryption_context: ec.clone(), recipients: &recipients };
                let msg = encrypt(&request, &plaintext, &mut rng()).expect("encrypt");
                let what = format!("{} {layout:?} {padding} len {len}", suite.name);
                let out = decrypt(&msg, std::slice::from_ref(&keyring), &DecryptOptions::default())
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(out.plaintext.as_slice(), plaintext.as_slice(), "{what}");
                assert_eq!(out.header.suite, suite);
                for (k, v) in &ec {
                    assert_eq!(out.header.encryption_context.get(k), Some(v), "{what}");
                }
                let h = Header::parse(&msg).expect("header");
                assert_eq!(h.serialize_body().expect("ser"), msg[..h.body_len], "{what}");
                let info = inspect(&msg).expect("inspect");
                assert_eq!(info.plaintext_length, len);
                if let Some(sig) = info.signature {
                    assert!(sig.valid, "{what}");
                }
                let expected_frames = match layout {
                    BodyLayout::Framed { frame_length } => len / frame_length as usize + 1,
                    BodyLayout::NonFramed => 1,
                };
                assert_eq!(info.frame_count, expected_frames, "{what}");
            }
        }
    }
}

#[test]
fn several_recipients_each_open_the_message() {
    let (p2048, k2048) = key_pair(2048);
    let (p3072, k3072) = key_pair(3072);
    let recipients = [
        RsaRecipient::amazon_connect("key-a", k2048),
        RsaRecipient {
            provider_id: "other".into(),
            key_name: "key-b".into(),
            padding: RsaPadding::Pkcs1v15,
            public_key: k3072,
        },
    ];
    let request = EncryptRequest {
        suite: flowkeys_esdk::connect::SUITE,
        layout: BodyLayout::Framed { frame_length: 4096 },
        encryption_context: EncryptionContext::new(),
        recipients: &recipients,
    };
    let msg = encrypt(&request, b"two recipients", &mut rng()).expect("encrypt");
    let a = RawRsaKeyring::amazon_connect("key-a", p2048);
    let b = RawRsaKeyring::new("other", "key-b", RsaPadding::Pkcs1v15, p3072);
    // Two EDKs: more than the library's default of one (Connect's), so raised explicitly.
    assert!(matches!(
        decrypt(&msg, std::slice::from_ref(&b), &DecryptOptions::default()),
        Err(Error::TooManyEncryptedDataKeys { count: 2, max: 1 })
    ));
    let two = DecryptOptions { max_encrypted_data_keys: Some(2), ..DecryptOptions::default() };
    let out = decrypt(&msg, std::slice::from_ref(&b), &two).expect("b");
    assert_eq!((out.edk_index, out.plaintext.as_slice()), (1, &b"two recipients"[..]));
    let out = decrypt(&msg, &[b, a], &two).expect("a and b");
    assert_eq!((out.edk_index, out.keyring_index), (0, 1));
}

#[test]
fn encrypt_rejects_bad_requests() {
    let (_, public) = key_pair(2048);
    let recipients = [RsaRecipient::amazon_connect("k", public)];
    let mut ec = EncryptionContext::new();
    ec.insert("aws-crypto-public-key".into(), "x".into());
    let base = EncryptRequest {
        suite: flowkeys_esdk::connect::SUITE,
        layout: BodyLayout::Framed { frame_length: 4096 },
        encryption_context: EncryptionContext::new(),
        recipients: &recipients,
    };
    let reserved = EncryptRequest { encryption_context: ec, ..base.clone() };
    assert!(matches!(encrypt(&reserved, b"x", &mut rng()), Err(Error::InvalidEncryptRequest(_))));
    let zero = EncryptRequest { layout: BodyLayout::Framed { frame_length: 0 }, ..base.clone() };
    assert!(matches!(encrypt(&zero, b"x", &mut rng()), Err(Error::InvalidEncryptRequest(_))));
    let none = EncryptRequest { recipients: &[], ..base };
    assert!(matches!(encrypt(&none, b"x", &mut rng()), Err(Error::InvalidEncryptRequest(_))));
}

//! The Lambda's AWS-LC unwrap against the engine's pure-Rust one: the same data key and the same
//! plaintext for every Connect-shaped vector (made by the official Python and Node.js SDKs and a
//! from-spec encoder, /work/shared/vectors → flowkeys-connect/tests/fixtures), and the same
//! refusals for a wrong key, a damaged wrapped key, a wrong length and PKCS#1 v1.5.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

use base64ct::Encoding;
use flowkeys_esdk::{
    decrypt, keys, DecryptOptions, Error, Header, RawRsaKeyring, RsaPadding, RsaPrivateKey, RsaUnwrap,
};
use flowkeys_lambda::unwrap::{AwsLcKeyError, AwsLcOaepKey};
use serde_json::Value;

const KEY_ID: &str = "11111111-2222-3333-4444-555555555555";

struct Vector {
    name: String,
    message: Vec<u8>,
    plaintext: String,
}

fn fixture() -> (RsaPrivateKey, Vec<Vector>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../flowkeys-connect/tests/fixtures/connect-synthetic.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(v["key_id"], KEY_ID);
    let key = keys::load_private_key(v["private_key_pem"].as_str().unwrap().as_bytes()).unwrap();
    let vectors: Vec<Vector> = v["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| Vector {
            name: x["name"].as_str().unwrap().to_owned(),
            message: base64ct::Base64::decode_vec(x["ciphertext_b64"].as_str().unwrap()).unwrap(),
            plaintext: x["plaintext"].as_str().unwrap().to_owned(),
        })
        .collect();
    assert_eq!(vectors.len(), 3, "python-sdk, node-sdk and connect-shaped vectors");
    (key, vectors)
}

/// The one wrapped data key of a Connect message.
fn wrapped_key(message: &[u8]) -> Vec<u8> {
    let header = Header::parse(message).unwrap();
    assert_eq!(header.encrypted_data_keys.len(), 1);
    header.encrypted_data_keys[0].ciphertext.clone()
}

/// An RSA key made by OpenSSL at test time.
fn openssl_key(bits: u32) -> RsaPrivateKey {
    let out = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "RSA", "-pkeyopt", &format!("rsa_keygen_bits:{bits}")])
        .output()
        .expect("openssl on PATH");
    assert!(out.status.success());
    keys::load_private_key(&out.stdout).unwrap()
}

#[test]
fn both_paths_unwrap_the_same_data_key_and_decrypt_every_connect_vector() {
    let (key, vectors) = fixture();
    let fast = AwsLcOaepKey::from_private_key(&key).unwrap();
    assert_eq!(fast.modulus_len(), 512);
    assert_eq!(fast.modulus_len(), key.modulus_len());
    for v in &vectors {
        let wrapped = wrapped_key(&v.message);
        let pure_key = key.unwrap_data_key(RsaPadding::OaepSha512, &wrapped).expect("pure-Rust unwrap");
        let fast_key = fast.unwrap_data_key(RsaPadding::OaepSha512, &wrapped).expect("AWS-LC unwrap");
        assert_eq!(pure_key.len(), 32, "{}", v.name);
        assert_eq!(*pure_key, *fast_key, "{}", v.name);
    }

    let pure = [RawRsaKeyring::amazon_connect(KEY_ID, key.clone())];
    let fast = [RawRsaKeyring::amazon_connect(KEY_ID, fast)];
    assert_eq!(fast[0].modulus_bits(), 4096);
    for v in &vectors {
        let a = decrypt(&v.message, &pure, &DecryptOptions::default()).unwrap();
        let b = decrypt(&v.message, &fast, &DecryptOptions::default()).unwrap();
        assert_eq!(*a.plaintext, v.plaintext.as_bytes(), "{}", v.name);
        assert_eq!(*b.plaintext, v.plaintext.as_bytes(), "{}", v.name);
    }
}

#[test]
fn both_paths_refuse_a_wrong_key_and_a_damaged_wrapped_key() {
    let (key, vectors) = fixture();
    let fast = AwsLcOaepKey::from_private_key(&key).unwrap();
    // Same size as Connect's key, so the refusal comes from the OAEP check, not the length.
    let other = openssl_key(4096);
    let other_fast = AwsLcOaepKey::from_private_key(&other).unwrap();
    let wrapped = wrapped_key(&vectors[0].message);

    assert!(other.unwrap_data_key(RsaPadding::OaepSha512, &wrapped).is_none());
    assert!(other_fast.unwrap_data_key(RsaPadding::OaepSha512, &wrapped).is_none());
    for at in [0, 200, wrapped.len() - 1] {
        let mut damaged = wrapped.clone();
        damaged[at] ^= 0x01;
        assert!(key.unwrap_data_key(RsaPadding::OaepSha512, &damaged).is_none(), "byte {at}");
        assert!(fast.unwrap_data_key(RsaPadding::OaepSha512, &damaged).is_none(), "byte {at}");
    }
    for len in [0, 1, wrapped.len() - 1, wrapped.len() + 1] {
        let mut odd = wrapped.clone();
        odd.resize(len, 0);
        assert!(key.unwrap_data_key(RsaPadding::OaepSha512, &odd).is_none(), "length {len}");
        assert!(fast.unwrap_data_key(RsaPadding::OaepSha512, &odd).is_none(), "length {len}");
    }
    // A different OAEP hash is a different padding: both refuse.
    assert!(key.unwrap_data_key(RsaPadding::OaepSha256, &wrapped).is_none());
    assert!(fast.unwrap_data_key(RsaPadding::OaepSha256, &wrapped).is_none());
    // The AWS-LC key does not offer PKCS#1 v1.5 at all.
    assert!(fast.unwrap_data_key(RsaPadding::Pkcs1v15, &wrapped).is_none());

    // Through the engine: the Key ID matches, the key does not; both paths give the same error.
    for keyring in
        [RawRsaKeyring::amazon_connect(KEY_ID, other.clone()), RawRsaKeyring::amazon_connect(KEY_ID, other_fast)]
    {
        match decrypt(&vectors[0].message, &[keyring], &DecryptOptions::default()) {
            Err(Error::UnwrapFailed { key_id, padding }) => {
                assert_eq!(key_id, KEY_ID);
                assert_eq!(padding, "OAEP-SHA512");
            }
            other => panic!("expected UnwrapFailed, got {other:?}"),
        }
    }
}

#[test]
fn pkcs1_pem_keys_reach_aws_lc_and_small_keys_are_refused_with_a_sentence() {
    // The engine reads PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`); AWS-LC gets it as PKCS#8.
    let pkcs1 = include_str!("../../flowkeys-esdk/tests/fixtures/keys/rsa2048.pkcs1.pem");
    let key = keys::load_private_key(pkcs1.as_bytes()).unwrap();
    let fast = AwsLcOaepKey::from_private_key(&key).unwrap();
    let message =
        flowkeys_esdk::connect::encrypt(&key.to_public_key(), KEY_ID, b"4111", &mut getrandom::SysRng).unwrap();
    let wrapped = wrapped_key(&message);
    assert_eq!(
        *key.unwrap_data_key(RsaPadding::OaepSha512, &wrapped).unwrap(),
        *fast.unwrap_data_key(RsaPadding::OaepSha512, &wrapped).unwrap()
    );

    // AWS-LC takes 2048 to 8192 bits; the Lambda then keeps the pure-Rust key (tests/handler.rs).
    let small = openssl_key(1536);
    match AwsLcOaepKey::from_private_key(&small) {
        Err(e @ AwsLcKeyError::Rejected { bits: 1536, .. }) => {
            assert!(e.to_string().contains("2048 to 8192 bits"), "{e}");
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
}

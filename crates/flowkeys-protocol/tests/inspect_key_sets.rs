//! The inspector tries every loaded key set, names the one that opened a message, and says why
//! none did when that can be known (size of the key the message was made for, a Key ID missing or
//! entered on the wrong set).
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used)]

use flowkeys_core::KeyId;
use flowkeys_protocol::*;

const ID_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
const ID_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";
/// A 3072-bit public key made with OpenSSL (the ESDK crate's test fixture).
const RSA3072_PUBLIC: &str = include_str!("../../flowkeys-esdk/tests/fixtures/keys/rsa3072.pub.pem");

fn clock() -> f64 {
    0.0
}

fn made(name: &str) -> KeySetMade {
    let form = FormFields {
        key_bits: 2048,
        common_name: name.into(),
        organization: String::new(),
        organizational_unit: String::new(),
        country: String::new(),
        state: String::new(),
        locality: String::new(),
        validity_days: "730".into(),
    };
    ops::generate_rust(&Generate { method: Method::Rust, form, now_ms: 1.8e12 }, &clock).expect("generates")
}

fn key(m: &KeySetMade, key_id: Option<&str>, label: &str, selected: bool) -> DecryptionKey {
    DecryptionKey {
        private_key: m.private_key.clone(),
        key_id: key_id.map(|k| KeyId::parse(k).expect("key id")),
        label: label.into(),
        selected,
    }
}

fn for_set(m: &KeySetMade, key_id: &str) -> Vec<u8> {
    flowkeys_esdk::connect::encrypt_for_certificate_der(
        &m.certificate.0,
        key_id,
        b"4111111111111111",
        &mut getrandom::SysRng,
    )
    .expect("encrypts")
    .into_bytes()
}

fn inspect(message: Vec<u8>, keys: Vec<DecryptionKey>) -> Inspected {
    ops::inspect(&Inspect { message: Bytes(message), keys }).expect("reads")
}

#[test]
fn every_key_set_is_tried_and_the_one_that_opened_the_message_is_named() {
    let (a, b) = (made("set-a"), made("set-b"));
    let keys = || vec![key(&a, Some(ID_A), "set-a (RSA 2048)", true), key(&b, Some(ID_B), "set-b (RSA 2048)", false)];

    // Made for the set that is not selected: it opens, and the answer says which set did.
    let out = inspect(for_set(&b, ID_B), keys());
    assert_eq!(out.decrypted, Some(Ok(SecretBytes::copy_of(b"4111111111111111"))));
    let by = out.opened_by.expect("named");
    assert_eq!(by.index, 1);
    assert!(!by.needs_fix);
    assert!(
        by.sentence.starts_with(&format!("Opened with key set set-b (RSA 2048), Key ID {ID_B}.")),
        "{}",
        by.sentence
    );
    assert!(by.sentence.contains("not the selected key set") && by.sentence.contains("set-a (RSA 2048)"));

    // Made for the selected set: named without a warning.
    let by = inspect(for_set(&a, ID_A), keys()).opened_by.expect("named");
    assert_eq!(by.index, 0);
    assert!(!by.sentence.contains("not the selected"), "{}", by.sentence);
}

#[test]
fn a_message_made_for_a_key_of_another_size_says_which_sizes() {
    let a = made("set-a");
    let public = flowkeys_esdk::keys::public_key_from_spki_pem(RSA3072_PUBLIC).expect("fixture");
    let message = flowkeys_esdk::connect::encrypt_to_base64(&public, ID_A, b"4111", &mut getrandom::SysRng)
        .expect("encrypts")
        .into_bytes();
    let out = inspect(message, vec![key(&a, Some(ID_A), "set-a (RSA 2048)", true)]);
    let Some(Err(sentence)) = out.decrypted else { panic!("{:?}", out.decrypted) };
    assert!(sentence.starts_with("Key set set-a (RSA 2048): The Key ID"), "{sentence}");
    assert!(
        sentence.contains("made for an RSA-3072 key") && sentence.contains("the loaded key is RSA-2048"),
        "{sentence}"
    );
    assert!(out.opened_by.is_none());
}

#[test]
fn a_set_without_its_key_id_still_opens_the_message_and_is_told_which_key_id_to_enter() {
    let (a, b) = (made("set-a"), made("set-b"));
    let out = inspect(for_set(&b, ID_B), vec![key(&a, Some(ID_A), "set-a", true), key(&b, None, "set-b", false)]);
    assert_eq!(out.decrypted, Some(Ok(SecretBytes::copy_of(b"4111111111111111"))));
    let by = out.opened_by.expect("named");
    assert_eq!(by.index, 1);
    assert!(by.needs_fix);
    assert!(by.sentence.contains("set-b, which has no Key ID yet") && by.sentence.contains(ID_B), "{}", by.sentence);
}

#[test]
fn a_key_id_entered_on_the_wrong_set_is_found_out() {
    let (a, b) = (made("set-a"), made("set-b"));
    // Connect has set-a's public key under ID_B, but the admin typed ID_B on set-b.
    let out = inspect(for_set(&a, ID_B), vec![key(&a, Some(ID_A), "set-a", true), key(&b, Some(ID_B), "set-b", false)]);
    assert_eq!(out.decrypted, Some(Ok(SecretBytes::copy_of(b"4111111111111111"))));
    let by = out.opened_by.expect("named");
    assert_eq!(by.index, 0);
    assert!(by.needs_fix);
    assert!(by.sentence.contains("entered on the wrong key set"), "{}", by.sentence);
    assert!(by.sentence.contains(&format!("set-a's private key, but that set's Key ID is {ID_A}")), "{}", by.sentence);
}

#[test]
fn when_nothing_opens_the_message_the_sentence_says_what_it_was_made_for() {
    let (a, b, c) = (made("set-a"), made("set-b"), made("set-c"));
    // No set has a Key ID, and the message belongs to none of them.
    let out = inspect(for_set(&c, ID_A), vec![key(&a, None, "set-a", true), key(&b, None, "set-b", false)]);
    let Some(Err(sentence)) = out.decrypted else { panic!("{:?}", out.decrypted) };
    assert!(sentence.starts_with("No loaded key set has a Key ID yet"), "{sentence}");
    assert!(sentence.contains(&format!("Key ID {ID_A}, an RSA-2048 key")), "{sentence}");

    // The Key ID matches a set of the same size whose key is another: the engine's sentence,
    // led by that set's name.
    let out = inspect(for_set(&c, ID_A), vec![key(&a, Some(ID_A), "set-a", true)]);
    let Some(Err(sentence)) = out.decrypted else { panic!("{:?}", out.decrypted) };
    assert!(sentence.starts_with("Key set set-a: The Key ID"), "{sentence}");
    assert!(sentence.contains("could not unwrap the data key"), "{sentence}");
}

//! Generators for hostile inputs (issue 11), made during the test run so no crafted file has to
//! be committed. Shared by `tests/hostile_inputs.rs` and `examples/hostile.rs` (which measures
//! time and memory in release builds).
//!
//! Each generator builds the structure with the same `der`/`pkcs5` types the engine reads, so
//! the files are well-formed and reach the expensive part of the engine, not a parse error.
#![allow(dead_code)]
// Test material: a panic is a failed test, and sizes and offsets are the tests' own, not input.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::indexing_slicing,
    clippy::unwrap_used
)]

use der::asn1::{Any, OctetString};
use der::{Decode, Encode, Sequence};
use pkcs5::pbes2;
use spki::AlgorithmIdentifierOwned;

use const_oid::db::rfc5911::{ID_DATA, ID_ENCRYPTED_DATA};

#[derive(Sequence)]
struct Pfx {
    version: u8,
    auth_safe: ContentInfo,
}

#[derive(Sequence)]
struct ContentInfo {
    content_type: der::oid::ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    content: Option<Any>,
}

#[derive(Sequence)]
struct EncryptedData {
    version: u8,
    enc_content_info: EncryptedContentInfo,
}

#[derive(Sequence)]
struct EncryptedContentInfo {
    content_type: der::oid::ObjectIdentifier,
    algorithm: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    encrypted_content: Option<OctetString>,
}

use pkcs12::pbe_params::EncryptedPrivateKeyInfo;

/// The PBKDF2 pseudo-random functions the generators use.
#[derive(Clone, Copy, Debug)]
pub enum Prf {
    /// HMAC-SHA1
    Sha1,
    /// HMAC-SHA256
    Sha256,
    /// HMAC-SHA512
    Sha512,
}

/// PBES2 parameters: PBKDF2 with `prf` and `iterations`, AES-256-CBC, fixed salt and IV.
pub fn pbkdf2_params(prf: Prf, iterations: u32) -> pbes2::Parameters {
    pbes2::Parameters {
        kdf: pbes2::Kdf::Pbkdf2(pbes2::Pbkdf2Params {
            salt: [7u8; 16][..].try_into().unwrap(),
            iteration_count: iterations,
            key_length: None,
            prf: match prf {
                Prf::Sha1 => pbes2::Pbkdf2Prf::HmacWithSha1,
                Prf::Sha256 => pbes2::Pbkdf2Prf::HmacWithSha256,
                Prf::Sha512 => pbes2::Pbkdf2Prf::HmacWithSha512,
            },
        }),
        encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [9; 16] },
    }
}

/// PBES2 parameters: scrypt with `n`, `r`, `p` (unchecked: hostile values welcome), AES-256-CBC.
pub fn scrypt_params(n: u64, r: u16, p: u16) -> pbes2::Parameters {
    pbes2::Parameters {
        kdf: pbes2::Kdf::Scrypt(pbes2::ScryptParams {
            salt: [7u8; 16][..].try_into().unwrap(),
            cost_parameter: n,
            block_size: r,
            parallelization: p,
            key_length: None,
        }),
        encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [9; 16] },
    }
}

fn alg(params: &pbes2::Parameters) -> AlgorithmIdentifierOwned {
    let der = pkcs5::EncryptionScheme::from(params.clone()).to_der().unwrap();
    AlgorithmIdentifierOwned::from_der(&der).unwrap()
}

/// An encrypted PKCS#8 key (DER) whose ciphertext is 48 filler bytes: any password is wrong,
/// but only after the full key derivation.
pub fn encrypted_pkcs8(params: &pbes2::Parameters) -> Vec<u8> {
    EncryptedPrivateKeyInfo {
        encryption_algorithm: alg(params),
        encrypted_data: OctetString::new(vec![0x5a; 48]).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// A PKCS#12 file without a MAC holding `count` encrypted safes under `params`.
///
/// With `decryptable`, every safe really is an (empty) SafeContents encrypted under the empty
/// password, so an importer that tries "" on drop pays the derivation once per safe. The
/// encryption is done once (same salt and IV everywhere) so making the file costs one
/// derivation. Without it, the safes hold filler that no password opens.
pub fn p12_without_mac(params: &pbes2::Parameters, count: usize, decryptable: bool) -> Vec<u8> {
    let ciphertext = if decryptable { params.encrypt(b"", &[0x30, 0x00]).unwrap() } else { vec![0x5a; 32] };
    let safe = ContentInfo {
        content_type: ID_ENCRYPTED_DATA,
        content: Some(
            Any::encode_from(&EncryptedData {
                version: 0,
                enc_content_info: EncryptedContentInfo {
                    content_type: ID_DATA,
                    algorithm: alg(params),
                    encrypted_content: Some(OctetString::new(ciphertext).unwrap()),
                },
            })
            .unwrap(),
        ),
    };
    let safes: Vec<ContentInfo> =
        (0..count).map(|_| ContentInfo { content_type: safe.content_type, content: safe.content.clone() }).collect();
    let auth = safes.to_der().unwrap();
    Pfx {
        version: 3,
        auth_safe: ContentInfo {
            content_type: ID_DATA,
            content: Some(Any::encode_from(&OctetString::new(auth).unwrap()).unwrap()),
        },
    }
    .to_der()
    .unwrap()
}

/// `count` certificates with one subject (and issuer), each with its own public key and none
/// signed by any of them: every self-signature check fails and every certificate is a
/// candidate issuer of every other, the worst case for a naive issuer search.
///
/// Made from one real self-signed certificate by rewriting the last bytes of its modulus
/// (and leaving the signature alone), so no key generation or signing per certificate.
pub fn same_subject_certificates(count: usize) -> String {
    let request = flowkeys_core::CertificateForm::default().validate().unwrap();
    let key = flowkeys_core::keys::generate(flowkeys_core::KeySize::Rsa2048).unwrap();
    let set =
        flowkeys_core::KeySet::create_self_signed(&key, &request, flowkeys_core::UnixTime(1_700_000_000)).unwrap();
    let base = set.certificate_der().to_vec();
    let spki = set.private_key().public_spki().unwrap();
    let at = base.windows(spki.as_bytes().len()).position(|w| w == spki.as_bytes()).unwrap();
    // SPKI ends with the modulus, then INTEGER 65537 (5 bytes): rewrite 4 modulus bytes just
    // before its last (odd) byte.
    let patch = at + spki.as_bytes().len() - 5 - 5;
    let mut pem = String::new();
    for i in 0..count {
        let mut der = base.clone();
        der[patch..patch + 4].copy_from_slice(&(i as u32).to_be_bytes());
        pem.push_str("-----BEGIN CERTIFICATE-----\n");
        let b64 = <base64ct::Base64 as base64ct::Encoding>::encode_string(&der);
        for line in b64.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(line).unwrap());
            pem.push('\n');
        }
        pem.push_str("-----END CERTIFICATE-----\n");
    }
    pem
}

/// About `size` bytes of the smallest PEM blocks there are.
pub fn tiny_pem_blocks(size: usize) -> String {
    let block = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";
    block.repeat(size / block.len() + 1)
}

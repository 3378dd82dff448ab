//! Shared loaders for the integration tests: fixture vectors, test keys and an independent
//! byte-layout walker used to aim mutations at specific fields.
#![allow(dead_code)]
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use flowkeys_esdk::{keys, EncryptionContext, RsaPadding, RsaPrivateKey, RsaPublicKey};
use serde_json::Value;

pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

pub fn fixture(rel: &str) -> String {
    std::fs::read_to_string(fixture_path(rel)).unwrap_or_else(|e| panic!("reading fixture {rel}: {e}"))
}

pub fn b64(s: &str) -> Vec<u8> {
    flowkeys_esdk::decode_base64_lenient(s).expect("fixture base64")
}

pub fn json(rel: &str) -> Value {
    serde_json::from_str(&fixture(rel)).expect("fixture json")
}

/// One official ESDK decrypt vector.
#[derive(Debug, Clone)]
pub struct Vector {
    pub id: String,
    pub suite: u16,
    pub message_version: u8,
    pub frame_length: u32,
    pub regular_frames: usize,
    pub final_frame_len: usize,
    pub provider_id: String,
    pub key_id: String,
    pub padding: RsaPadding,
    pub reproduced_ec: Option<EncryptionContext>,
    pub requires_reproduced_ec: bool,
    pub header_ec: EncryptionContext,
    pub edks: Vec<(String, String, usize)>,
    pub derived: bool,
    pub ciphertext: Vec<u8>,
    pub plaintext: Vec<u8>,
}

fn ec(v: &Value) -> EncryptionContext {
    v.as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().expect("ec value").to_owned())).collect())
        .unwrap_or_default()
}

pub fn official_vectors() -> &'static [Vector] {
    static V: OnceLock<Vec<Vector>> = OnceLock::new();
    V.get_or_init(|| {
        let text = fixture("esdk-official/vectors.jsonl");
        let mut pem: Option<String> = None;
        let vectors: Vec<Vector> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let r: Value = serde_json::from_str(line).expect("vector json");
                let s = |k: &str| r[k].as_str().unwrap_or_else(|| panic!("field {k}")).to_owned();
                let key_pem = s("private_key_pem");
                // All records share one key; the tests rely on that to load it once.
                assert_eq!(pem.get_or_insert_with(|| key_pem.clone()), &key_pem);
                Vector {
                    id: s("id"),
                    suite: u16::from_str_radix(s("suite").trim_start_matches("0x"), 16).expect("suite"),
                    message_version: r["message_version"].as_u64().expect("version") as u8,
                    frame_length: r["frame_length"].as_u64().expect("frame_length") as u32,
                    regular_frames: r["regular_frames"].as_u64().expect("regular_frames") as usize,
                    final_frame_len: r["final_frame_len"].as_u64().expect("final_frame_len") as usize,
                    provider_id: s("provider_id"),
                    key_id: s("key_id"),
                    padding: s("padding").parse().expect("padding"),
                    reproduced_ec: (!r["reproduced_encryption_context"].is_null())
                        .then(|| ec(&r["reproduced_encryption_context"])),
                    requires_reproduced_ec: r["requires_reproduced_ec"].as_bool().expect("requires"),
                    header_ec: ec(&r["header_encryption_context"]),
                    edks: r["edks"]
                        .as_array()
                        .expect("edks")
                        .iter()
                        .map(|e| {
                            (
                                e["provider_id"].as_str().expect("pid").to_owned(),
                                e["key_id"].as_str().expect("kid").to_owned(),
                                e["wrapped_len"].as_u64().expect("len") as usize,
                            )
                        })
                        .collect(),
                    derived: r["derived"].as_bool().unwrap_or(false),
                    ciphertext: b64(&s("ciphertext_b64")),
                    plaintext: b64(&s("plaintext_b64")),
                }
            })
            .collect();
        OFFICIAL_PEM.set(pem.expect("at least one vector")).ok();
        vectors
    })
}

static OFFICIAL_PEM: OnceLock<String> = OnceLock::new();

/// The RSA-4096 private key all official vectors use.
pub fn official_key() -> &'static RsaPrivateKey {
    static K: OnceLock<RsaPrivateKey> = OnceLock::new();
    K.get_or_init(|| {
        official_vectors();
        keys::load_private_key(OFFICIAL_PEM.get().expect("pem").as_bytes()).expect("official key")
    })
}

/// Finds the first official vector matching a predicate.
pub fn official(pred: impl Fn(&Vector) -> bool) -> &'static Vector {
    official_vectors().iter().find(|v| pred(v)).expect("no official vector matches")
}

/// Connect synthetic fixture: (key id, private key, certificate PEM, vectors (name, b64, plaintext)).
pub struct Synthetic {
    pub key_id: String,
    pub private_key: RsaPrivateKey,
    pub private_key_pem: String,
    pub certificate_pem: String,
    pub vectors: Vec<(String, String, String)>,
}

pub fn synthetic() -> &'static Synthetic {
    static S: OnceLock<Synthetic> = OnceLock::new();
    S.get_or_init(|| {
        let j = json("connect/connect-synthetic.json");
        let pem = j["private_key_pem"].as_str().expect("pem").to_owned();
        Synthetic {
            key_id: j["key_id"].as_str().expect("key_id").to_owned(),
            private_key: keys::load_private_key(pem.as_bytes()).expect("synthetic key"),
            private_key_pem: pem,
            certificate_pem: j["certificate_pem"].as_str().expect("cert").to_owned(),
            vectors: j["vectors"]
                .as_array()
                .expect("vectors")
                .iter()
                .map(|v| {
                    (
                        v["name"].as_str().expect("name").to_owned(),
                        v["ciphertext_b64"].as_str().expect("ct").to_owned(),
                        v["plaintext"].as_str().expect("pt").to_owned(),
                    )
                })
                .collect(),
        }
    })
}

/// Test key pair of the given size: 2048/3072 from `fixtures/keys`, 4096 = the synthetic Connect key.
pub fn key_pair(bits: usize) -> (RsaPrivateKey, RsaPublicKey) {
    let private = match bits {
        2048 | 3072 => keys::load_private_key(fixture(&format!("keys/rsa{bits}.key.pem")).as_bytes()).expect("key"),
        4096 => synthetic().private_key.clone(),
        _ => panic!("no fixture key of {bits} bits"),
    };
    let public = private.to_public_key();
    (private, public)
}

pub fn certificate_pem(bits: usize) -> String {
    match bits {
        2048 | 3072 => fixture(&format!("keys/rsa{bits}.cert.pem")),
        4096 => synthetic().certificate_pem.clone(),
        _ => panic!("no fixture certificate of {bits} bits"),
    }
}

pub fn rng() -> getrandom::SysRng {
    getrandom::SysRng
}

// ---------------------------------------------------------------------------------------------
// Independent layout walker (test-side; deliberately not using the crate's parser).

#[derive(Debug, Clone, Default)]
pub struct EdkAt {
    pub provider_len_at: usize,
    pub provider_at: usize,
    pub info_len_at: usize,
    pub info_at: usize,
    pub ct_len_at: usize,
    pub ct_at: usize,
    pub ct_len: usize,
}

#[derive(Debug, Clone, Default)]
pub struct FrameAt {
    pub start: usize,
    pub is_final: bool,
    pub seq_at: usize,
    pub iv_at: usize,
    pub len_at: Option<usize>,
    pub ct_at: usize,
    pub ct_len: usize,
    pub tag_at: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub version: u8,
    pub suite_at: usize,
    pub message_id_at: usize,
    pub aad_len_at: usize,
    pub ec_at: usize,
    pub ec_len: usize,
    pub edk_count_at: usize,
    pub edks: Vec<EdkAt>,
    pub content_type_at: usize,
    pub reserved_at: Option<usize>,
    pub iv_len_at: Option<usize>,
    pub frame_len_at: usize,
    pub suite_data_at: Option<usize>,
    pub header_iv_at: Option<usize>,
    pub header_tag_at: usize,
    pub body_at: usize,
    pub non_framed: bool,
    pub frames: Vec<FrameAt>,
    pub body_end: usize,
    pub footer_at: Option<usize>,
    pub end: usize,
}

fn be(b: &[u8]) -> usize {
    b.iter().fold(0usize, |a, x| (a << 8) | usize::from(*x))
}

pub fn layout(m: &[u8]) -> Layout {
    let mut l = Layout { version: m[0], ..Layout::default() };
    let v1 = m[0] == 1;
    let mut p = if v1 { 2 } else { 1 };
    l.suite_at = p;
    let suite = be(&m[p..p + 2]);
    p += 2;
    l.message_id_at = p;
    p += if v1 { 16 } else { 32 };
    l.aad_len_at = p;
    l.ec_len = be(&m[p..p + 2]);
    p += 2;
    l.ec_at = p;
    p += l.ec_len;
    l.edk_count_at = p;
    let n = be(&m[p..p + 2]);
    p += 2;
    for _ in 0..n {
        let mut e = EdkAt { provider_len_at: p, ..EdkAt::default() };
        let len = be(&m[p..p + 2]);
        e.provider_at = p + 2;
        p += 2 + len;
        e.info_len_at = p;
        let len = be(&m[p..p + 2]);
        e.info_at = p + 2;
        p += 2 + len;
        e.ct_len_at = p;
        e.ct_len = be(&m[p..p + 2]);
        e.ct_at = p + 2;
        p += 2 + e.ct_len;
        l.edks.push(e);
    }
    l.content_type_at = p;
    l.non_framed = m[p] == 1;
    p += 1;
    if v1 {
        l.reserved_at = Some(p);
        p += 4;
        l.iv_len_at = Some(p);
        p += 1;
    }
    l.frame_len_at = p;
    let frame_len = be(&m[p..p + 4]);
    p += 4;
    if !v1 {
        l.suite_data_at = Some(p);
        p += 32;
    }
    if v1 {
        l.header_iv_at = Some(p);
        p += 12;
    }
    l.header_tag_at = p;
    p += 16;
    l.body_at = p;
    if l.non_framed {
        let start = p;
        let iv_at = p;
        let len_at = p + 12;
        let len = be(&m[len_at..len_at + 8]);
        let ct_at = len_at + 8;
        l.frames.push(FrameAt {
            start,
            is_final: true,
            seq_at: usize::MAX,
            iv_at,
            len_at: Some(len_at),
            ct_at,
            ct_len: len,
            tag_at: ct_at + len,
            end: ct_at + len + 16,
        });
        p = ct_at + len + 16;
    } else {
        loop {
            let start = p;
            if m[p..p + 4] == [0xff; 4] {
                let seq_at = p + 4;
                let iv_at = p + 8;
                let len_at = p + 20;
                let len = be(&m[len_at..len_at + 4]);
                let ct_at = p + 24;
                p = ct_at + len + 16;
                l.frames.push(FrameAt {
                    start,
                    is_final: true,
                    seq_at,
                    iv_at,
                    len_at: Some(len_at),
                    ct_at,
                    ct_len: len,
                    tag_at: ct_at + len,
                    end: p,
                });
                break;
            }
            let ct_at = p + 16;
            p = ct_at + frame_len + 16;
            l.frames.push(FrameAt {
                start,
                is_final: false,
                seq_at: start,
                iv_at: start + 4,
                len_at: None,
                ct_at,
                ct_len: frame_len,
                tag_at: ct_at + frame_len,
                end: p,
            });
        }
    }
    l.body_end = p;
    let signed = matches!(suite, 0x0214 | 0x0346 | 0x0378 | 0x0578);
    if signed {
        l.footer_at = Some(p);
        p += 2 + be(&m[p..p + 2]);
    }
    l.end = p;
    assert_eq!(p, m.len(), "layout walker must consume the whole message");
    l
}

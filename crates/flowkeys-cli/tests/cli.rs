//! End-to-end tests of the `flowkeys` binary: commands, input forms and exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use base64ct::{Base64, Encoding};

fn keys_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../flowkeys-esdk/tests/fixtures/keys")
}

fn key(name: &str) -> String {
    keys_dir().join(name).to_string_lossy().into_owned()
}

fn flowkeys(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flowkeys"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn flowkeys");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or_default()).expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("wait")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn encrypt(plaintext: &str) -> String {
    let o = flowkeys(&["encrypt", "--certificate", &key("rsa2048.cert.pem"), "--key-id", "kid-1", plaintext], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    String::from_utf8(o.stdout).expect("utf8").trim().to_owned()
}

#[test]
fn encrypt_inspect_decrypt_round_trip() {
    let ct = encrypt("1236547891321456");
    assert!(ct.starts_with("AYAD"), "{ct}");
    let o = flowkeys(&["inspect", &ct], None);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("0x0378") && text.contains("Key ID kid-1") && text.contains("VALID"), "{text}");
    let o = flowkeys(&["inspect", "--json", "-"], Some(ct.as_bytes()));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["encrypted_data_keys"][0]["key_info"], "kid-1");
    assert_eq!(json["signature"]["valid"], true);
    // PKCS#1 private key, ciphertext from a file with line breaks.
    let dir = std::env::temp_dir().join(format!("flowkeys-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("ct.txt");
    let wrapped: Vec<String> = ct.as_bytes().chunks(64).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
    std::fs::write(&file, wrapped.join("\n")).expect("write");
    let at_file = format!("@{}", file.display());
    let o = flowkeys(&["decrypt", "--private-key", &key("rsa2048.pkcs1.pem"), "--key-id", "kid-1", &at_file], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, b"1236547891321456");
    // Several keys: the wrong one first.
    let o = flowkeys(
        &["decrypt", "--private-key", &key("rsa3072.key.pem"), "--key-id", "other", "--private-key", &key("rsa2048.key.pem"), "--key-id", "kid-1", &ct],
        None,
    );
    assert_eq!(o.stdout, b"1236547891321456", "{}", stderr(&o));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn binary_plaintext_from_stdin() {
    let plaintext: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let o = flowkeys(&["encrypt", "--public-key", &key("rsa3072.pub.pem"), "--key-id", "k3"], Some(&plaintext));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = flowkeys(&["decrypt", "--private-key", &key("rsa3072.key.pem"), "--key-id", "k3"], Some(&o.stdout));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, plaintext);
}

#[test]
fn exit_codes_per_error_class() {
    let ct = encrypt("42");
    let private = key("rsa2048.key.pem");
    let dk = |extra: &[&str], input: &str| {
        let mut args = vec!["decrypt", "--private-key", private.as_str(), "--key-id", "kid-1"];
        args.extend_from_slice(extra);
        args.push(input);
        flowkeys(&args, None)
    };
    // 2: usage.
    assert_eq!(flowkeys(&[], None).status.code(), Some(2));
    assert_eq!(flowkeys(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(flowkeys(&["decrypt", &ct], None).status.code(), Some(2));
    assert_eq!(dk(&["--padding", "oaep-md5"], &ct).status.code(), Some(2));
    assert_eq!(flowkeys(&["encrypt", "--key-id", "k", "x"], None).status.code(), Some(2));
    // 3: not base64.
    let o = dk(&[], "AYAD*garbage");
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("not valid base64"), "{}", stderr(&o));
    // 4: truncated message.
    let o = dk(&[], &ct[..ct.len() - 40]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("incomplete"), "{}", stderr(&o));
    // 5: key file is not a private key.
    let o = flowkeys(&["decrypt", "--private-key", &key("rsa2048.cert.pem"), "--key-id", "kid-1", &ct], None);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    // 6: wrong Key ID / provider / padding.
    let o = flowkeys(&["decrypt", "--private-key", &key("rsa2048.key.pem"), "--key-id", "kid-2", &ct], None);
    assert_eq!(o.status.code(), Some(6));
    assert!(stderr(&o).contains("This message was encrypted for Key ID kid-1; the loaded key set has Key ID kid-2."), "{}", stderr(&o));
    assert_eq!(dk(&["--provider-id", "Other"], &ct).status.code(), Some(6));
    assert_eq!(dk(&["--padding", "oaep-sha1"], &ct).status.code(), Some(6));
    // 7: tampered.
    let mut raw = flowkeys_esdk::decode_base64_lenient(&ct).expect("b64");
    let n = raw.len();
    raw[n - 30] ^= 0x40;
    let o = dk(&[], &Base64::encode_string(&raw));
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    // 9: missing input file.
    assert_eq!(dk(&[], "@/nonexistent/flowkeys-input").status.code(), Some(9));
    // Help documents the codes.
    let o = flowkeys(&["--help"], None);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    for code in ["2  usage", "3  input", "6  no loaded key", "7  authentication failed"] {
        assert!(help.contains(code), "help lacks {code:?}");
    }
}

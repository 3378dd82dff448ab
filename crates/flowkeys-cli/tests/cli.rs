//! End-to-end tests of the `flowkeys` binary: commands, input forms and exit codes.
// Test code: a panic is a failed test, and the offsets and lengths are the test's own.
#![allow(clippy::expect_used)]

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
        &[
            "decrypt",
            "--private-key",
            &key("rsa3072.key.pem"),
            "--key-id",
            "other",
            "--private-key",
            &key("rsa2048.key.pem"),
            "--key-id",
            "kid-1",
            &ct,
        ],
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
    assert!(
        stderr(&o).contains("This message was encrypted for Key ID kid-1; the loaded key set has Key ID kid-2."),
        "{}",
        stderr(&o)
    );
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
    for code in ["2 usage", "3 not base64", "6 no loaded key", "7 authentication failed", "check: 0 ready"] {
        assert!(help.contains(code), "help lacks {code:?}");
    }
}

#[test]
fn clap_gives_per_command_help_and_rejects_unknown_commands_and_flags() {
    let o = flowkeys(&["decrypt", "--help"], None);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("--key-id") && help.contains("--private-key") && !help.contains("--certificate"), "{help}");
    // A command that does not exist is an error even with --help (it used to print the
    // general help and exit 0).
    let o = flowkeys(&["frobnicate", "--help"], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("unrecognized subcommand"), "{}", stderr(&o));
    let o = flowkeys(&["inspect", "--jsn", "x"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--jsn"), "{}", stderr(&o));
    let o = flowkeys(&["completions", "bash"], None);
    assert_eq!(o.status.code(), Some(0));
    let script = String::from_utf8_lossy(&o.stdout);
    assert!(script.contains("flowkeys") && script.contains("decrypt") && script.contains("check"), "{script}");
}

/// Values from a message (Key ID, provider, encryption context) never reach the terminal raw:
/// no ESC, BEL, C1 or bidi control in text output or error messages; JSON keeps them exact.
#[test]
fn message_values_are_escaped_for_the_terminal() {
    let evil = "kid\u{1b}[1A\u{1b}[2KSignature VALID\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}";
    let o = flowkeys(&["encrypt", "--certificate", &key("rsa2048.cert.pem"), "--key-id", evil, "4111"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ct = String::from_utf8(o.stdout).expect("utf8").trim().to_owned();
    let unsafe_char = |c: char| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c);
    let o = flowkeys(&["inspect", &ct], None);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!text.chars().any(unsafe_char), "{text:?}");
    assert!(text.contains("kid\\u{1b}[1A"), "{text}");
    let o = flowkeys(&["inspect", "--json", &ct], None);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["encrypted_data_keys"][0]["key_info"], evil);
    let o = flowkeys(&["decrypt", "--private-key", &key("rsa2048.key.pem"), "--key-id", "kid-2", &ct], None);
    assert_eq!(o.status.code(), Some(6));
    let err = stderr(&o);
    assert!(!err.chars().any(unsafe_char), "{err:?}");
    assert!(err.contains("\\u{1b}]52;"), "{err}");
}

#[test]
fn check_reports_each_key_set_with_exit_codes() {
    // Certificate + private key: the checklist runs and the JSON names every line.
    let o = flowkeys(&["check", "--json", &key("rsa2048.cert.pem"), &key("rsa2048.key.pem")], None);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["inputs"].as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(json["key_sets"].as_array().map(Vec::len), Some(1), "{json}");
    let set = &json["key_sets"][0];
    assert_eq!(set["completeness"], "private key and certificate");
    assert!(
        set["lines"]
            .as_array()
            .is_some_and(|c| c.iter().any(|l| l["id"] == "private-key-works" && l["verdict"] == "pass")),
        "{json}"
    );
    assert_eq!(json["verdict"], "ready", "{json}");
    assert_eq!(o.status.code(), Some(0));
    // --warn-days beyond any validity makes it "expiring" → exit 1.
    let o = flowkeys(&["check", "--warn-days", "100000", &key("rsa2048.cert.pem")], None);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("--warn-days"));
    // Not key material → 3, with the import engine's sentence naming the file.
    let dir = tempfile::tempdir().expect("tmp");
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "hello").expect("write");
    let o = flowkeys(&["check", &junk.to_string_lossy()], None);
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("notes.txt"));
    // A missing file → 3; no file → usage (2).
    assert_eq!(flowkeys(&["check", "/nonexistent/key.pem"], None).status.code(), Some(3));
    assert_eq!(flowkeys(&["check"], None).status.code(), Some(2));
}

#[test]
fn check_asks_for_a_password_instead_of_guessing() {
    let dir = tempfile::tempdir().expect("tmp");
    let enc = dir.path().join("enc.pem");
    let status = Command::new("openssl")
        .args(["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:s3cret", "-in"])
        .arg(key("rsa2048.key.pem"))
        .arg("-out")
        .arg(&enc)
        .status()
        .expect("openssl");
    assert!(status.success());
    let enc = enc.to_string_lossy().into_owned();
    let o = flowkeys(&["check", &enc], None);
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stdout).contains("--password-file"), "{}", String::from_utf8_lossy(&o.stdout));
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "s3cret\n").expect("write");
    let o = flowkeys(&["check", "--json", "--password-file", &pw.to_string_lossy(), &enc], None);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["inputs"][0]["status"], "read", "{json}");
    let o = Command::new(env!("CARGO_BIN_EXE_flowkeys"))
        .args(["check", "--json", "--password-env", "FK_TEST_PW", &enc])
        .env("FK_TEST_PW", "wrong")
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["inputs"][0]["status"], "failed", "{json}");
    assert_eq!(o.status.code(), Some(3));
}

/// `flowkeys setup` prints the console's set-up script (one engine renderer): the Lambda's role,
/// function and invoke permission between the key and the flow, `--region` on every AWS
/// command, the files under the key set's download names and the key's own size in the notes.
#[test]
fn setup_prints_the_consoles_script_for_the_key_set() {
    let cert = key("rsa2048.cert.pem");
    let instance = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    let o = flowkeys(&["setup", "--instance", instance, "--region", "eu-west-2", "--certificate", &cert], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let script = String::from_utf8(o.stdout).expect("utf8");

    let text = std::fs::read_to_string(&cert).expect("cert");
    let files = flowkeys_connect::KeySetFiles::of_certificate(
        &flowkeys_connect::EncryptionCertificate::parse(&text).expect("pem"),
    );
    let mut spec = flowkeys_connect::SetupSpec::new(
        flowkeys_connect::ConnectInstanceId::parse(instance).expect("instance"),
        flowkeys_connect::SsmParameterName::parse("CONNECT_INPUT_DECRYPTION_KEY").expect("name"),
        "Secure card capture",
    )
    .with_files(&files);
    spec.region = Some(flowkeys_connect::AwsRegion::parse("eu-west-2").expect("region"));
    spec.key_bits = Some(2048);
    let expected = flowkeys_connect::commands::render_script(&flowkeys_connect::setup_commands(&spec));
    assert_eq!(script, expected);

    let order = [
        "put-parameter",
        "iam create-role",
        "lambda create-function",
        "lambda add-permission",
        "associate-lambda-function",
        "create-contact-flow",
    ];
    let at: Vec<usize> = order.iter().map(|s| script.find(s).unwrap_or_else(|| panic!("{s} missing"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    assert!(script.contains(&format!("fileb://{}", files.name(flowkeys_connect::FileKind::LambdaZip))));
    assert!(script.contains("2048-bit private key PEM is about 1.7 KB"));
    for line in script.lines().filter(|l| l.starts_with("aws ")) {
        assert!(line.ends_with("--region eu-west-2"), "{line}");
    }

    let o = flowkeys(&["setup", "--instance", "nope", "--region", "eu-west-2"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a Connect instance ID"), "{}", stderr(&o));
}

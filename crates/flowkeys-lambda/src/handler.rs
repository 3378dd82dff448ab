//! One invocation: the Connect event in, the contract's answer out.
//!
//! The steps and the answers are the engine's ([`flowkeys_connect::contract`]), the same the
//! generated Node.js and Python Lambdas give. Log lines are fixed sentences with Key IDs,
//! parameter names and error classes only: never the event, the ciphertext or the plaintext.

use flowkeys_connect::contract::{DecryptFailure, DecryptRequest, LambdaResponse};
use flowkeys_esdk::{DecryptOptions, Header};

use crate::config::{ConfigError, LambdaConfig};
use crate::keys::{KeyCache, KeySource};

/// Connect writes exactly one encrypted data key; refusing more bounds the RSA work an input
/// can cause.
const MAX_ENCRYPTED_DATA_KEYS: u16 = 1;

/// Everything an execution environment keeps between invocations.
pub struct Decryptor<S> {
    config: Result<LambdaConfig, ConfigError>,
    source: S,
    keys: KeyCache,
}

impl<S: KeySource> Decryptor<S> {
    /// A decryptor for `config` reading keys from `source`. A configuration error is kept and
    /// answered as `KEY_UNAVAILABLE` on every invocation (with the reason in the log), so the
    /// flow takes its failure branch instead of the function crashing.
    pub fn new(config: Result<LambdaConfig, ConfigError>, source: S) -> Self {
        Decryptor { config, source, keys: KeyCache::default() }
    }

    /// Loads the keys ahead of the first invocation (during the init phase, which runs at full
    /// CPU). A failure is logged and retried by the first invocation.
    pub async fn warm_up(&self) {
        if let Ok(config) = &self.config {
            if let Err(e) = self.keys.get(&config.keys, &self.source).await {
                log(&e.detail);
            }
        }
    }

    /// The key source (tests count its calls).
    pub fn source(&self) -> &S {
        &self.source
    }

    /// Whether the keys are loaded.
    pub fn is_warm(&self) -> bool {
        self.keys.is_loaded()
    }

    /// The answer to one Connect event.
    pub async fn handle(&self, event: &serde_json::Value) -> LambdaResponse {
        let request = DecryptRequest::from_event(event);
        let message = match request.message() {
            Ok(m) => m,
            Err(answer) => {
                if answer == LambdaResponse::NotEncrypted {
                    log("The input is not an Encryption SDK message: is Encrypt entry turned on in the Store customer input block?");
                }
                return answer;
            }
        };
        let config = match &self.config {
            Ok(c) => c,
            Err(e) => {
                log(&format!("The function is not configured: {e}"));
                return LambdaResponse::KeyUnavailable {
                    reason: flowkeys_connect::contract::KeyUnavailable::KeyLoadError,
                };
            }
        };
        let keyrings = match self.keys.get(&config.keys, &self.source).await {
            Ok(k) => k,
            Err(e) => {
                log(&e.detail);
                return LambdaResponse::KeyUnavailable { reason: e.reason };
            }
        };
        let options =
            DecryptOptions { max_encrypted_data_keys: Some(MAX_ENCRYPTED_DATA_KEYS), ..DecryptOptions::default() };
        let known: Vec<&str> = config.keys.iter().map(|k| k.key_id.as_str()).collect();
        let failed = |class: String| {
            let found = key_ids_in_message(&message);
            let mismatch = !found.is_empty() && !found.iter().any(|f| known.contains(&f.as_str()));
            if mismatch {
                log(&format!(
                    "The input was encrypted for Key ID {}, but this function has keys for {}. Make the flow's EncryptionKeyId and the function's {} agree.",
                    loggable(&found),
                    known.join(", "),
                    crate::config::ENV_KEY_ID
                ));
            } else {
                log(&format!(
                    "Decryption failed ({class}). Check that the private key in Parameter Store belongs to Key ID {}.",
                    known.join(" / ")
                ));
            }
            LambdaResponse::DecryptFailed {
                reason: if mismatch { DecryptFailure::KeyIdMismatch } else { DecryptFailure::DecryptError },
                input_key_ids: found,
            }
        };
        let decrypted = match flowkeys_esdk::decrypt(&message, keyrings, &options) {
            Ok(d) => d,
            Err(e) => return failed(format!("{:?}", e.class())),
        };
        match std::str::from_utf8(&decrypted.plaintext) {
            Ok(value) => request.describe(value, config.return_full_value),
            Err(_) => failed("the plaintext is not UTF-8 text".to_owned()),
        }
    }
}

/// The Key IDs a message names under provider `AmazonConnect` (empty when its header cannot be
/// read), to tell a Key ID mismatch from other failures.
fn key_ids_in_message(message: &[u8]) -> Vec<String> {
    Header::parse(message)
        .map(|h| {
            h.encrypted_data_keys
                .iter()
                .filter(|k| k.provider_id == b"AmazonConnect")
                .map(|k| String::from_utf8_lossy(&k.provider_info).into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Key names from the message as they may appear in a log line: UUIDs as they are, anything
/// else (the bytes come from the input, and could hold line breaks or be long) replaced.
fn loggable(found: &[String]) -> String {
    found
        .iter()
        .map(|f| match flowkeys_connect::KeyId::parse(f) {
            Ok(id) => id.to_string(),
            Err(_) => "(a key name that is not a Key ID)".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One log line on stderr, which Lambda sends to CloudWatch Logs.
fn log(line: &str) {
    eprintln!("{line}");
}

//! The private keys: fetched from Parameter Store once per execution environment, parsed, and
//! kept for warm invocations.
//!
//! A failure is not remembered: the next invocation tries again, so a parameter created after
//! the function (or a permission fixed later) takes effect without a redeploy.

use std::future::Future;

use flowkeys_connect::contract::KeyUnavailable;
use flowkeys_esdk::{RawRsaKeyring, RsaPrivateKey, Zeroizing};
use tokio::sync::OnceCell;

use crate::config::KeySlot;
use crate::unwrap::AwsLcOaepKey;

/// Why a parameter could not be read, as the contract names it, plus a sentence for the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchError {
    /// The contract's reason.
    pub reason: KeyUnavailable,
    /// For the function's log: what happened and what to check. Never holds key material.
    pub detail: String,
}

/// Where the private key PEMs come from: Parameter Store in production ([`crate::ssm`]), a map
/// in tests.
pub trait KeySource {
    /// The decrypted value of the SecureString parameter `name`.
    fn secure_string(&self, name: &str) -> impl Future<Output = Result<Zeroizing<String>, FetchError>> + Send;
}

/// The parsed keys, one keyring per Key ID, in configuration order.
pub struct KeyCache {
    keyrings: OnceCell<Vec<RawRsaKeyring>>,
}

impl Default for KeyCache {
    fn default() -> Self {
        KeyCache { keyrings: OnceCell::new() }
    }
}

impl KeyCache {
    /// The keyrings for `slots`, fetched and parsed on first use (and again after a failure).
    pub async fn get<S: KeySource>(&self, slots: &[KeySlot], source: &S) -> Result<&[RawRsaKeyring], FetchError> {
        self.keyrings.get_or_try_init(|| load(slots, source)).await.map(Vec::as_slice)
    }

    /// Whether the keys are loaded (a warm execution environment).
    pub fn is_loaded(&self) -> bool {
        self.keyrings.initialized()
    }
}

async fn load<S: KeySource>(slots: &[KeySlot], source: &S) -> Result<Vec<RawRsaKeyring>, FetchError> {
    let mut keyrings = Vec::with_capacity(slots.len());
    for slot in slots {
        let pem = source.secure_string(slot.parameter.as_str()).await?;
        let key = flowkeys_esdk::keys::load_private_key(pem.as_bytes()).map_err(|e| FetchError {
            reason: KeyUnavailable::KeyLoadError,
            detail: format!(
                "The parameter {} does not hold a usable RSA private key for Key ID {} ({:?}). Store the unencrypted PKCS#8 or PKCS#1 PEM of that key pair.",
                slot.parameter.as_str(),
                slot.key_id,
                e.class()
            ),
        })?;
        keyrings.push(keyring(slot, key));
    }
    Ok(keyrings)
}

/// The Connect keyring for `slot`: the unwrap done by AWS-LC ([`crate::unwrap`]), or by the
/// engine's pure-Rust key when AWS-LC refuses the key (a size outside 2048–8192 bits), so
/// every key the engine accepts still decrypts, only more slowly.
fn keyring(slot: &KeySlot, key: RsaPrivateKey) -> RawRsaKeyring {
    match AwsLcOaepKey::from_private_key(&key) {
        // `key` is dropped (and wiped) here: AWS-LC holds the only copy.
        Ok(fast) => flowkeys_esdk::RawRsaKeyring::amazon_connect(slot.key_id.as_str(), fast),
        Err(e) => {
            eprintln!("Key ID {}: {e} Unwrapping with the slower pure-Rust implementation.", slot.key_id);
            flowkeys_esdk::RawRsaKeyring::amazon_connect(slot.key_id.as_str(), key)
        }
    }
}

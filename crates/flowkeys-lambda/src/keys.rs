//! The private keys: fetched from Parameter Store once per execution environment, parsed, and
//! kept for warm invocations.
//!
//! A failure is not remembered: the next invocation tries again, so a parameter created after
//! the function (or a permission fixed later) takes effect without a redeploy.

use std::future::Future;

use flowkeys_connect::contract::KeyUnavailable;
use flowkeys_esdk::{RawRsaKeyring, Zeroizing};
use tokio::sync::OnceCell;

use crate::config::KeySlot;

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
        let keyring = flowkeys_esdk::connect::keyring_from_private_key(slot.key_id.as_str(), pem.as_bytes())
            .map_err(|e| FetchError {
                reason: KeyUnavailable::KeyLoadError,
                detail: format!(
                    "The parameter {} does not hold a usable RSA private key for Key ID {} ({:?}). Store the unencrypted PKCS#8 or PKCS#1 PEM of that key pair.",
                    slot.parameter.as_str(),
                    slot.key_id,
                    e.class()
                ),
            })?;
        keyrings.push(keyring);
    }
    Ok(keyrings)
}

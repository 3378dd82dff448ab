//! Opening a pasted message with every loaded key set, naming the one that opened it, and
//! saying why none did when that can be known.
//!
//! Two passes. First each set is tried under its own Key ID, exactly as a decrypt Lambda
//! configured with that Key ID would: success there is the normal case. If that fails, each
//! remaining set's private key is tried under the Key ID(s) the message names, but only where the
//! wrapped data key is as long as the set's modulus (an RSA ciphertext is exactly that long, so
//! other sizes cannot match and cost no RSA operation). Success there means the key is right and
//! its Key ID is missing or was entered on the wrong set: the message is shown, with what to fix,
//! because a Lambda configured with that set's Key ID would refuse it.

use crate::messages::{DecryptionKey, OpenedBy};
use flowkeys_esdk::MessageInfo;
use flowkeys_esdk::{decrypt, DecryptOptions, Error, RawRsaKeyring, RsaPrivateKey};
use zeroize::Zeroizing;

/// The provider ID Amazon Connect writes; the second pass only reads its data keys.
const CONNECT_PROVIDER: &str = "AmazonConnect";

/// The plaintext and the set that opened it, or the sentence saying why none did.
///
/// # Errors
/// A sentence naming the key set concerned where one is.
pub fn open_with_any(
    message: &[u8],
    info: &MessageInfo,
    keys: &[DecryptionKey],
    options: &DecryptOptions,
) -> Result<(Zeroizing<Vec<u8>>, OpenedBy), String> {
    let loaded: Vec<(usize, RsaPrivateKey)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| flowkeys_esdk::keys::load_private_key(k.private_key.expose()).ok().map(|p| (i, p)))
        .collect();

    // Pass 1: every set with a Key ID, under that Key ID.
    let own: Vec<(usize, RawRsaKeyring)> = loaded
        .iter()
        .filter_map(|(i, p)| {
            let key_id = keys.get(*i)?.key_id.as_ref()?;
            Some((*i, RawRsaKeyring::amazon_connect(key_id.as_ref(), p.clone())))
        })
        .collect();
    let first_error = if own.is_empty() {
        None
    } else {
        let rings: Vec<RawRsaKeyring> = own.iter().map(|(_, k)| k.clone()).collect();
        match decrypt(message, &rings, options) {
            Ok(d) => {
                let index = own.get(d.keyring_index).map_or(0, |(i, _)| *i);
                return Ok((d.plaintext, opened(keys, index, None)));
            }
            Err(e) => Some(e),
        }
    };

    // Pass 2: the other sets' private keys under the Key ID(s) the message names.
    let wanted: Vec<(&str, usize)> = info
        .encrypted_data_keys
        .iter()
        .filter(|e| e.provider_id == CONNECT_PROVIDER && e.key_info_is_text)
        .map(|e| (e.key_info.as_str(), e.wrapped_key_length))
        .collect();
    let mut borrowed: Vec<(usize, &str, RawRsaKeyring)> = Vec::new();
    for (i, private) in &loaded {
        let own_id = keys.get(*i).and_then(|k| k.key_id.as_ref()).map(|k| k.as_ref().to_owned());
        for (key_id, wrapped_len) in &wanted {
            let size = RawRsaKeyring::amazon_connect(*key_id, private.clone());
            if own_id.as_deref() != Some(*key_id) && size.modulus_len() == *wrapped_len {
                borrowed.push((*i, *key_id, size));
            }
        }
    }
    if !borrowed.is_empty() {
        let rings: Vec<RawRsaKeyring> = borrowed.iter().map(|(_, _, k)| k.clone()).collect();
        if let Ok(d) = decrypt(message, &rings, options) {
            if let Some((index, key_id, _)) = borrowed.get(d.keyring_index) {
                return Ok((d.plaintext, opened(keys, *index, Some(key_id))));
            }
        }
    }

    Err(match first_error {
        Some(e) => explain(&e, keys),
        None => none_has_a_key_id(&wanted, info),
    })
}

/// "Opened with key set X, Key ID K", plus what to fix when `borrowed_key_id` (the message's
/// Key ID, which the set does not carry) opened it.
fn opened(keys: &[DecryptionKey], index: usize, borrowed_key_id: Option<&str>) -> OpenedBy {
    let key = keys.get(index);
    let label = key.map_or("?", |k| k.label.as_str());
    let own_id = key.and_then(|k| k.key_id.as_ref()).map(|k| k.as_ref().to_owned());
    let not_selected = match (key.is_some_and(|k| k.selected), keys.iter().find(|k| k.selected)) {
        (false, Some(selected)) => {
            format!(" That is not the selected key set: the other screens work on {}.", selected.label)
        }
        _ => String::new(),
    };
    let (sentence, needs_fix) = match (borrowed_key_id, own_id) {
        (None, own) => {
            (format!("Opened with key set {label}, Key ID {}.{not_selected}", own.unwrap_or_default()), false)
        }
        (Some(wanted), None) => (
            format!("Opened with key set {label}, which has no Key ID yet: the message names Key ID {wanted}. Enter {wanted} as that set's Key ID on the Keys screen, so the flow and the Lambda use it.{not_selected}"),
            true,
        ),
        (Some(wanted), Some(own)) => (
            format!("Opened with key set {label}'s private key, but that set's Key ID is {own} while the message names Key ID {wanted}: the Key ID was entered on the wrong key set. A Lambda configured with {own} refuses this message; give this set Key ID {wanted}.{not_selected}"),
            true,
        ),
    };
    OpenedBy { index, sentence, needs_fix }
}

/// The engine's sentence, led by the name of the key set it concerns when one is concerned.
fn explain(error: &Error, keys: &[DecryptionKey]) -> String {
    let key_id = match error {
        Error::KeySizeMismatch { key_id, .. } | Error::UnwrapFailed { key_id, .. } => Some(key_id.as_str()),
        _ => None,
    };
    let owner = key_id.and_then(|id| keys.iter().find(|k| k.key_id.as_ref().is_some_and(|k| k.as_ref() == id)));
    match owner {
        Some(k) => format!("Key set {}: {error}", k.label),
        None => error.to_string(),
    }
}

/// Why nothing opened the message when no loaded set has a Key ID.
fn none_has_a_key_id(wanted: &[(&str, usize)], info: &MessageInfo) -> String {
    let made_for: Vec<String> =
        wanted.iter().map(|(id, len)| format!("Key ID {id}, an RSA-{} key", len.saturating_mul(8))).collect();
    if made_for.is_empty() {
        let providers: Vec<&str> = info.encrypted_data_keys.iter().map(|e| e.provider_id.as_str()).collect();
        return format!("No loaded key set opens this message: its data key is wrapped for provider {}, not Amazon Connect's \"AmazonConnect\".", providers.join(", "));
    }
    format!(
        "No loaded key set has a Key ID yet, and none of their private keys opens this message (made for {}). Load the key set registered in Connect under that Key ID, or enter each set's Key ID on the Keys screen.",
        made_for.join("; ")
    )
}

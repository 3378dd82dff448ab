//! Decryption with raw RSA keyrings.
//!
//! Order of operations (each step gates the next):
//! 1. parse the header (structure only; nothing in it is trusted yet);
//! 2. reconcile a caller-supplied encryption context with the stored one;
//! 3. for each EDK whose provider id *and* key name match a loaded key, unwrap the data key,
//!    derive the message key, check the key commitment (v2) and verify the header-auth tag —
//!    the first candidate that passes all three wins;
//! 4. only now use header data: the signing key, the body layout and the footer;
//! 5. decrypt every frame into a pre-sized, zeroizing buffer (each tag checked by AES-GCM);
//! 6. verify the ECDSA signature over all bytes before the footer;
//! 7. release the plaintext.
//!
//! Trying further candidates after a failed header-auth check (step 3) matters for PKCS#1 v1.5,
//! whose implicit rejection turns a wrong key into random bytes instead of an error.

use zeroize::Zeroizing;

use crate::body;
use crate::error::{Error, NameList, Result};
use crate::footer::{self, VerificationKey};
use crate::header::{serialize_encryption_context, EncryptionContext, Header};
use crate::kdf::{self, MessageKeys};
use crate::keyring::{RawRsaKeyring, RsaPadding};

/// How many encrypted data keys a message may carry when the caller does not say:
/// [`DecryptOptions::default`]'s limit. Amazon Connect writes exactly one (wrapped for the one
/// flow security key), and each EDK that names a loaded key can cost an RSA private-key
/// operation, so a library caller that forgets to set a limit must not be exposed to the
/// format's 65 535. Callers that read messages from other producers (several recipients) raise
/// it explicitly.
pub const DEFAULT_MAX_ENCRYPTED_DATA_KEYS: u16 = 1;

/// Decryption settings beyond the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecryptOptions {
    /// The encryption context the message was encrypted with, if the caller knows it. Entries
    /// the header stores must match exactly; entries it does not store are authenticated as
    /// "required encryption context" (the header-auth tag covers them).
    pub encryption_context: Option<EncryptionContext>,
    /// Refuse messages with more EDKs than this before trying any of them. The default is
    /// [`DEFAULT_MAX_ENCRYPTED_DATA_KEYS`] (one, as Connect sends); `None` removes the limit
    /// and is meant only for trusted input.
    pub max_encrypted_data_keys: Option<u16>,
    /// Refuse non-committing suites (the ESDK's `REQUIRE_ENCRYPT_REQUIRE_DECRYPT`). Off by
    /// default because Amazon Connect emits the non-committing suite 0x0378.
    pub require_key_commitment: bool,
}

impl Default for DecryptOptions {
    /// No encryption context, at most [`DEFAULT_MAX_ENCRYPTED_DATA_KEYS`] EDKs, non-committing
    /// suites allowed (Connect's 0x0378 is one).
    fn default() -> Self {
        DecryptOptions {
            encryption_context: None,
            max_encrypted_data_keys: Some(DEFAULT_MAX_ENCRYPTED_DATA_KEYS),
            require_key_commitment: false,
        }
    }
}

/// A successfully decrypted message. `Debug` shows the plaintext's length, never its bytes.
pub struct Decrypted {
    /// The plaintext, zeroized when dropped.
    pub plaintext: Zeroizing<Vec<u8>>,
    /// The (now authenticated) header.
    pub header: Header,
    /// Index into the keyring slice of the key that opened the message.
    pub keyring_index: usize,
    /// Index of the EDK that was unwrapped.
    pub edk_index: usize,
}

impl std::fmt::Debug for Decrypted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decrypted")
            .field("plaintext_len", &self.plaintext.len())
            .field("suite", &self.header.suite.id_hex())
            .field("keyring_index", &self.keyring_index)
            .field("edk_index", &self.edk_index)
            .finish_non_exhaustive()
    }
}

/// Decrypts a binary message with one or more loaded keys.
///
/// # Errors
/// Every failure has its own [`Error`] variant; no plaintext is returned unless every tag and the
/// signature verified.
pub fn decrypt(message: &[u8], keyrings: &[RawRsaKeyring], options: &DecryptOptions) -> Result<Decrypted> {
    let header = Header::parse(message)?;
    if let Some(max) = options.max_encrypted_data_keys {
        let count = u16::try_from(header.encrypted_data_keys.len()).unwrap_or(u16::MAX);
        if count > max {
            return Err(Error::TooManyEncryptedDataKeys { count, max });
        }
    }
    if options.require_key_commitment && !header.suite.committing {
        return Err(Error::CommitmentRequired(header.suite.id));
    }
    let extra_context = authenticate_only_context(&header, options.encryption_context.as_ref())?;
    let mut aad = header.body_bytes(message)?.to_vec();
    aad.extend_from_slice(&extra_context);

    let (keys, keyring_index, edk_index) = unlock(&header, &aad, keyrings, options.encryption_context.is_some())?;

    // The header is authentic from here on.
    let verification_key = VerificationKey::from_header(&header)?;
    let parsed_body = body::parse(message, &header)?;
    let footer = footer::parse(message, parsed_body.end, &header)?;

    let total = parsed_body.content_len();
    let mut plaintext = Zeroizing::new(Vec::with_capacity(total));
    for frame in &parsed_body.frames {
        let start = plaintext.len();
        // Capacity was reserved for the total, so this never reallocates (no stray copies).
        plaintext.extend_from_slice(frame.ciphertext);
        let chunk = plaintext.get_mut(start..).ok_or(Error::Crypto("addressing a frame buffer"))?;
        if !keys.cipher.open(&frame.iv, &frame.aad(&header.message_id), chunk, &frame.tag) {
            return Err(Error::FrameAuthFailed { sequence_number: frame.sequence_number });
        }
    }

    match (verification_key, footer) {
        (Some(key), Some(footer)) => {
            let signed = message.get(..parsed_body.end).ok_or(Error::Crypto("addressing the signed bytes"))?;
            key.verify(signed, footer.signature)?;
        }
        (None, None) => {}
        // footer::parse and VerificationKey::from_header both follow the suite, so a mismatch
        // here would be a bug; fail closed.
        _ => return Err(Error::Crypto("matching the footer to the algorithm suite")),
    }

    Ok(Decrypted { plaintext, header, keyring_index, edk_index })
}

/// Checks the supplied context against the stored one and serializes the entries the header
/// does not store (they are authenticated only, as "required encryption context").
fn authenticate_only_context(header: &Header, supplied: Option<&EncryptionContext>) -> Result<Vec<u8>> {
    let Some(supplied) = supplied else {
        return Ok(Vec::new());
    };
    let mut extra = EncryptionContext::new();
    for (key, value) in supplied {
        match header.encryption_context.get(key) {
            Some(stored) if stored == value => {}
            Some(_) => return Err(Error::EncryptionContextMismatch { key: key.clone() }),
            None => {
                extra.insert(key.clone(), value.clone());
            }
        }
    }
    serialize_encryption_context(&extra)
}

/// Finds a loaded key that opens the message: unwrap, derive, commitment, header auth.
fn unlock(
    header: &Header,
    header_aad: &[u8],
    keyrings: &[RawRsaKeyring],
    context_supplied: bool,
) -> Result<(MessageKeys, usize, usize)> {
    if keyrings.is_empty() {
        return Err(Error::NoKeysLoaded);
    }
    let mut provider_matched = false;
    let mut unwrap_failure: Option<&RawRsaKeyring> = None;
    let mut size_mismatch: Option<Error> = None;
    let mut auth_failure: Option<Error> = None;

    for (edk_index, edk) in header.encrypted_data_keys.iter().enumerate() {
        for (keyring_index, keyring) in keyrings.iter().enumerate() {
            if !keyring.provider_matches(edk) {
                continue;
            }
            provider_matched = true;
            if !keyring.matches(edk) {
                continue;
            }
            // An RSA ciphertext is as long as its key's modulus, so a wrapped key of another
            // length was made for another key: say which size, and spare the RSA operation.
            if edk.ciphertext.len() != keyring.modulus_len() {
                size_mismatch.get_or_insert(Error::KeySizeMismatch {
                    key_id: keyring.key_name().to_owned(),
                    message_bits: edk.ciphertext.len().saturating_mul(8),
                    loaded_bits: keyring.modulus_bits(),
                    wrapped_len: edk.ciphertext.len(),
                });
                continue;
            }
            let data_key = match keyring.unwrap_key(&edk.ciphertext) {
                Some(k) if k.len() == header.suite.data_key_len() => k,
                // OAEP output is authenticated by its padding check, so a wrong length means the
                // suite id was changed. PKCS#1 v1.5 (implicit rejection) returns pseudo-random
                // bytes of arbitrary length for a wrong key, so there it is an unwrap failure.
                Some(k) if keyring.padding() != RsaPadding::Pkcs1v15 => {
                    auth_failure.get_or_insert(Error::DataKeyLengthMismatch {
                        key_id: keyring.key_name().to_owned(),
                        expected: header.suite.data_key_len(),
                        found: k.len(),
                    });
                    continue;
                }
                _ => {
                    unwrap_failure.get_or_insert(keyring);
                    continue;
                }
            };
            let keys = kdf::derive(header.suite, &data_key, &header.message_id)?;
            if !keys.commitment_matches(header.suite_data.as_ref()) {
                auth_failure.get_or_insert(Error::KeyCommitmentMismatch);
                continue;
            }
            if !keys.cipher.open(&header.auth.iv, header_aad, &mut [], &header.auth.tag) {
                auth_failure.get_or_insert(Error::HeaderAuthFailed { context_supplied });
                continue;
            }
            return Ok((keys, keyring_index, edk_index));
        }
    }

    if let Some(err) = auth_failure.or(size_mismatch) {
        return Err(err);
    }
    if let Some(keyring) = unwrap_failure {
        return Err(Error::UnwrapFailed { key_id: keyring.key_name().to_owned(), padding: keyring.padding().label() });
    }
    let loaded_providers = dedup(keyrings.iter().map(|k| quote(k.provider_id())));
    if provider_matched {
        // Right namespace, wrong key name(s).
        let wanted = dedup(
            header
                .encrypted_data_keys
                .iter()
                .filter(|edk| keyrings.iter().any(|k| k.provider_matches(edk)))
                .map(|edk| edk.provider_info_text()),
        );
        let loaded = dedup(keyrings.iter().map(|k| k.key_name().to_owned()));
        return Err(Error::KeyIdMismatch { wanted, loaded });
    }
    let wanted = dedup(header.encrypted_data_keys.iter().map(|edk| quote(&edk.provider_id_text())));
    let wanted_key_ids = dedup(header.encrypted_data_keys.iter().map(|edk| edk.provider_info_text()));
    Err(Error::ProviderIdMismatch { wanted, wanted_key_ids, loaded: loaded_providers })
}

fn quote(s: &str) -> String {
    format!("{s:?}")
}

fn dedup(items: impl Iterator<Item = String>) -> NameList {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    NameList(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encrypt::{encrypt_with_hook, BodyLayout, ContextHook, EncryptRequest};
    use crate::header::PUBLIC_KEY_CONTEXT_KEY;
    use crate::keyring::RsaRecipient;
    use crate::suite::{
        AlgorithmSuite, AES_256_GCM_IV12_TAG16_HKDF_SHA256, AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
    };

    const KEY_PEM: &str = include_str!("../tests/fixtures/keys/rsa2048.key.pem");

    /// Encrypts with a forged stored context; header auth, frames and signature stay valid, so
    /// only the semantic signing-key checks can reject the result.
    fn forged(suite: &'static AlgorithmSuite, hook: ContextHook<'_>) -> (Vec<u8>, RawRsaKeyring) {
        let private = crate::keys::load_private_key(KEY_PEM.as_bytes()).expect("test key");
        let recipients = [RsaRecipient::amazon_connect("kid", private.to_public_key())];
        let request = EncryptRequest {
            suite,
            layout: BodyLayout::Framed { frame_length: 64 },
            encryption_context: EncryptionContext::new(),
            recipients: &recipients,
        };
        let msg = encrypt_with_hook(&request, b"forged context", &mut getrandom::SysRng, Some(hook)).expect("encrypt");
        (msg, RawRsaKeyring::amazon_connect("kid", private))
    }

    fn run(msg: &[u8], keyring: RawRsaKeyring) -> Result<Decrypted> {
        decrypt(msg, &[keyring], &DecryptOptions::default())
    }

    #[test]
    fn signing_suite_without_public_key_is_rejected() {
        let (msg, kr) = forged(&AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, &|ec| {
            ec.remove(PUBLIC_KEY_CONTEXT_KEY);
        });
        assert!(matches!(run(&msg, kr), Err(Error::MissingSigningKey { suite: 0x0378 })));
        let info = crate::inspect(&msg).expect("inspect");
        assert!(!info.signature.expect("footer present").valid);
    }

    #[test]
    fn non_signing_suite_with_public_key_is_rejected() {
        let (msg, kr) = forged(&AES_256_GCM_IV12_TAG16_HKDF_SHA256, &|ec| {
            ec.insert(PUBLIC_KEY_CONTEXT_KEY.into(), "A".repeat(68));
        });
        assert!(matches!(run(&msg, kr), Err(Error::UnexpectedSigningKey { suite: 0x0178 })));
    }

    #[test]
    fn invalid_public_key_is_rejected() {
        for bad in ["not base64!", "AAAA", "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
            let (msg, kr) = forged(&AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, &|ec| {
                ec.insert(PUBLIC_KEY_CONTEXT_KEY.into(), bad.into());
            });
            assert!(matches!(run(&msg, kr), Err(Error::InvalidSigningKey { curve: "P-384" })), "{bad}");
        }
    }

    #[test]
    fn substituted_signing_key_fails_signature() {
        // A different, valid compressed point: the message was signed with another key.
        let other = crate::footer::MessageSigningKey::generate(
            crate::suite::SignatureAlgorithm::EcdsaP384Sha384,
            &mut getrandom::SysRng,
        )
        .expect("key")
        .public_key_base64();
        let (msg, kr) = forged(&AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, &|ec| {
            ec.insert(PUBLIC_KEY_CONTEXT_KEY.into(), other.clone());
        });
        assert!(matches!(run(&msg, kr), Err(Error::SignatureInvalid)));
    }

    #[test]
    fn error_sentences_name_the_keys() {
        let e = Error::KeyIdMismatch {
            wanted: NameList(vec!["a".into()]),
            loaded: NameList(vec!["b".into(), "c".into(), "d".into()]),
        };
        assert_eq!(
            e.to_string(),
            "This message was encrypted for Key ID a; the loaded key set has Key ID b, c and d. Use the key set registered under that Key ID."
        );
        let e = Error::KeySizeMismatch { key_id: "k".into(), message_bits: 4096, loaded_bits: 2048, wrapped_len: 512 };
        assert!(e
            .to_string()
            .contains("made for an RSA-4096 key (its wrapped data key is 512 bytes) and the loaded key is RSA-2048"));
        assert_eq!(e.class(), crate::ErrorClass::KeyMismatch);
        let e = Error::UnwrapFailed { key_id: "k".into(), padding: "OAEP-SHA512" };
        assert!(e.to_string().starts_with("The Key ID k matches, but the private key could not unwrap the data key"));
    }
}

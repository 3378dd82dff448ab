//! The contract between the generated flow and the generated decrypt Lambda: the names of the
//! parameters the flow sends (`Details.Parameters.<name>` in the Lambda event) and of the values
//! the Lambda returns (`$.External.<name>` in the flow). Both generators read these constants, so
//! the flow and the Lambda cannot drift apart.

use serde::{Deserialize, Serialize};

/// Lambda parameter carrying the ciphertext (`$.StoredCustomerInput`).
pub const PARAM_ENCRYPTED_INPUT: &str = "EncryptedInput";
/// Lambda parameter naming what was collected (see [`CollectKind::wire_name`]); chooses masking.
pub const PARAM_INPUT_KIND: &str = "InputKind";
/// Lambda parameter: fewest digits accepted.
pub const PARAM_MIN_LENGTH: &str = "MinimumLength";
/// Lambda parameter: most digits accepted.
pub const PARAM_MAX_LENGTH: &str = "MaximumLength";

/// Result key: outcome, one of the `STATUS_*` values. The flow branches on `$.External.status`.
pub const RESULT_STATUS: &str = "status";
/// Result key: the value with all but (at most) the last four digits replaced by `*`.
pub const RESULT_MASKED: &str = "masked";
/// Result key: the last four digits, only for kinds where showing them is customary.
pub const RESULT_LAST4: &str = "last4";
/// Result key: number of digits entered.
pub const RESULT_LENGTH: &str = "length";
/// Result key: the full decrypted value, present only when the Lambda was generated with the
/// explicit full-value option.
pub const RESULT_VALUE: &str = "value";
/// Result key on failure: a machine-readable reason.
pub const RESULT_REASON: &str = "reason";

/// Decryption and validation succeeded.
pub const STATUS_OK: &str = "OK";
/// The caller entered nothing: Connect stores the literal text `Timeout`.
pub const STATUS_TIMEOUT: &str = "TIMEOUT";
/// No parameter arrived (the flow does not pass `$.StoredCustomerInput`).
pub const STATUS_NO_INPUT: &str = "NO_INPUT";
/// The input is not an Encryption SDK message (is "Encrypt entry" off in the block?).
pub const STATUS_NOT_ENCRYPTED: &str = "NOT_ENCRYPTED";
/// The message could not be decrypted; `reason` says `KEY_ID_MISMATCH` or `DECRYPT_ERROR`.
pub const STATUS_DECRYPT_FAILED: &str = "DECRYPT_FAILED";
/// Fewer or more digits than allowed.
pub const STATUS_INVALID_LENGTH: &str = "INVALID_LENGTH";
/// A card number that fails the Luhn check.
pub const STATUS_INVALID_CHECKSUM: &str = "INVALID_CHECKSUM";
/// `reason` when the ciphertext names a Key ID the Lambda was not generated for.
pub const REASON_KEY_ID_MISMATCH: &str = "KEY_ID_MISMATCH";
/// `reason` for any other decryption failure (wrong private key, damaged message).
pub const REASON_DECRYPT_ERROR: &str = "DECRYPT_ERROR";

/// What the caller is asked to type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CollectKind {
    /// A payment card number (PAN).
    CardNumber,
    /// The card security code.
    Cvv,
    /// The card expiry date as MMYY.
    ExpiryDate,
    /// A bank or customer account number.
    AccountNumber,
    /// Anything else, named by the admin.
    Custom {
        /// How the prompt names it, e.g. "membership PIN".
        label: String,
    },
}

impl CollectKind {
    /// The kind a form's choice names (a [`CollectKind::wire_name`]; `label` names a custom
    /// input). Anything else is a card number, the form's default.
    pub fn from_choice(choice: &str, label: &str) -> CollectKind {
        match choice {
            "cvv" => CollectKind::Cvv,
            "expiry_date" => CollectKind::ExpiryDate,
            "account_number" => CollectKind::AccountNumber,
            "custom" => CollectKind::Custom { label: label.to_owned() },
            _ => CollectKind::CardNumber,
        }
    }

    /// The `InputKind` value the flow passes to the Lambda.
    pub fn wire_name(&self) -> &'static str {
        match self {
            CollectKind::CardNumber => "card_number",
            CollectKind::Cvv => "cvv",
            CollectKind::ExpiryDate => "expiry_date",
            CollectKind::AccountNumber => "account_number",
            CollectKind::Custom { .. } => "custom",
        }
    }

    /// Usual digit counts: PANs are 12–19 digits, CVVs 3–4, expiry dates MMYY.
    pub fn default_lengths(&self) -> (u8, u8) {
        match self {
            CollectKind::CardNumber => (12, 19),
            CollectKind::Cvv => (3, 4),
            CollectKind::ExpiryDate => (4, 4),
            CollectKind::AccountNumber => (4, 20),
            CollectKind::Custom { .. } => (1, 20),
        }
    }

    /// A prompt that tells the caller what to type and how to finish.
    pub fn default_prompt(&self) -> String {
        match self {
            CollectKind::CardNumber => {
                "Please enter your card number using your telephone keypad, followed by the pound key.".into()
            }
            CollectKind::Cvv => "Please enter the three or four digit security code from your card, followed by the pound key.".into(),
            CollectKind::ExpiryDate => "Please enter your card's expiry date as four digits, two for the month and two for the year, followed by the pound key.".into(),
            CollectKind::AccountNumber => "Please enter your account number, followed by the pound key.".into(),
            CollectKind::Custom { label } => format!("Please enter your {}, followed by the pound key.", label.trim()),
        }
    }

    /// Whether the Lambda may return the last four digits by default. Never for a CVV (the
    /// last four digits would be the whole code) or an expiry date (four digits in total).
    pub fn reveals_last_four(&self) -> bool {
        !matches!(self, CollectKind::Cvv | CollectKind::ExpiryDate)
    }
}

/// The Lambda found no usable private key (the answer replaces an error, so the flow never sees
/// a stack trace); `reason` says [`REASON_PARAMETER_NOT_FOUND`], [`REASON_PARAMETER_ACCESS_DENIED`]
/// or [`REASON_KEY_LOAD_ERROR`]. Not cached: the next invocation reads Parameter Store again.
pub const STATUS_KEY_UNAVAILABLE: &str = "KEY_UNAVAILABLE";
/// `reason` when Parameter Store has no parameter of the configured name.
pub const REASON_PARAMETER_NOT_FOUND: &str = "PARAMETER_NOT_FOUND";
/// `reason` when the function's role may not read or decrypt the parameter.
pub const REASON_PARAMETER_ACCESS_DENIED: &str = "PARAMETER_ACCESS_DENIED";
/// `reason` for any other failure to obtain a private key (throttling, network, a parameter
/// that holds no RSA private key, missing configuration).
pub const REASON_KEY_LOAD_ERROR: &str = "KEY_LOAD_ERROR";
/// Result key on [`STATUS_DECRYPT_FAILED`]: the Key IDs the ciphertext names, comma-separated.
pub const RESULT_INPUT_KEY_IDS: &str = "inputKeyIds";

/// The literal text Connect stores in `$.StoredCustomerInput` when the caller typed nothing.
pub const TIMEOUT_TEXT: &str = "Timeout";

/// What the flow passes the Lambda (`LambdaInvocationAttributes`, arriving as
/// `Details.Parameters`): `input` is `$.StoredCustomerInput` in the flow and the ciphertext itself
/// in a test event, so the flow and the test event cannot name the parameters differently.
pub fn invocation_parameters(
    input: &str,
    collect: &CollectKind,
    min_length: u8,
    max_length: u8,
) -> serde_json::Map<String, serde_json::Value> {
    let mut params = serde_json::Map::new();
    params.insert(PARAM_ENCRYPTED_INPUT.into(), input.into());
    params.insert(PARAM_INPUT_KIND.into(), collect.wire_name().into());
    params.insert(PARAM_MIN_LENGTH.into(), min_length.to_string().into());
    params.insert(PARAM_MAX_LENGTH.into(), max_length.to_string().into());
    params
}

/// What the flow sent the Lambda, read from `Details.Parameters` of the Connect event.
///
/// Reading is forgiving in the same ways in all three Lambdas (Rust, Node.js, Python): a missing
/// or non-string input is "no input", a missing kind is `custom`, unreadable lengths fall back
/// to 1 and 20.
#[derive(Clone, PartialEq, Eq)]
pub struct DecryptRequest {
    /// The ciphertext text (trimmed), if any.
    pub encrypted_input: Option<String>,
    /// The `InputKind` wire name (`custom` when absent).
    pub input_kind: String,
    /// Fewest digits accepted.
    pub min_length: i64,
    /// Most digits accepted.
    pub max_length: i64,
}

impl std::fmt::Debug for DecryptRequest {
    /// Shows whether a ciphertext arrived, never the ciphertext itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecryptRequest")
            .field("has_encrypted_input", &self.encrypted_input.is_some())
            .field("input_kind", &self.input_kind)
            .field("min_length", &self.min_length)
            .field("max_length", &self.max_length)
            .finish()
    }
}

impl DecryptRequest {
    /// Reads the request from a Connect Lambda event (`Details.Parameters`).
    pub fn from_event(event: &serde_json::Value) -> DecryptRequest {
        let params = event.get("Details").and_then(|d| d.get("Parameters"));
        let get = |name: &str| params.and_then(|p| p.get(name));
        let encrypted_input = get(PARAM_ENCRYPTED_INPUT)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let input_kind = match get(PARAM_INPUT_KIND) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(true))) => v.to_string(),
            _ => "custom".to_owned(),
        };
        let int = |name: &str, fallback: i64| match get(name) {
            Some(serde_json::Value::String(s)) => s.trim().parse().unwrap_or(fallback),
            Some(serde_json::Value::Number(n)) => n.as_i64().unwrap_or(fallback),
            _ => fallback,
        };
        DecryptRequest {
            encrypted_input,
            input_kind,
            min_length: int(PARAM_MIN_LENGTH, 1),
            max_length: int(PARAM_MAX_LENGTH, 20),
        }
    }

    /// The message bytes to decrypt, or the answer when there is nothing to decrypt: no input,
    /// Connect's `Timeout` text, or text that is not a base64 Encryption SDK message (v1 starts
    /// with `01 80`, v2 with `02`). Whitespace inside the base64 is ignored, as in the
    /// generated Lambdas.
    pub fn message(&self) -> Result<Vec<u8>, LambdaResponse> {
        use base64ct::Encoding;
        let Some(text) = self.encrypted_input.as_deref() else {
            return Err(LambdaResponse::NoInput);
        };
        if text == TIMEOUT_TEXT {
            return Err(LambdaResponse::Timeout);
        }
        let compact: String = text.split_whitespace().collect();
        let bytes = base64ct::Base64::decode_vec(&compact).unwrap_or_default();
        match bytes.as_slice() {
            [0x01, 0x80, ..] | [0x02, ..] => Ok(bytes),
            _ => Err(LambdaResponse::NotEncrypted),
        }
    }

    /// The answer for a successfully decrypted `value`: length and Luhn checks, then the
    /// masked value (and the full value only when `return_full_value`).
    pub fn describe(&self, value: &str, return_full_value: bool) -> LambdaResponse {
        let length = value.chars().count();
        let signed = i64::try_from(length).unwrap_or(i64::MAX);
        if signed < self.min_length || signed > self.max_length {
            return LambdaResponse::InvalidLength { length };
        }
        if self.input_kind == CollectKind::CardNumber.wire_name() && !luhn_valid(value) {
            return LambdaResponse::InvalidChecksum { length };
        }
        let shows = crate::lambda::kinds_showing_last_four().contains(&self.input_kind.as_str());
        let visible = if shows && length >= 8 { 4 } else { 0 };
        let hidden = length.saturating_sub(visible);
        let tail: String = value.chars().skip(hidden).collect();
        LambdaResponse::Ok(Captured {
            masked: format!("{}{tail}", "*".repeat(hidden)),
            last4: (visible > 0).then_some(tail),
            length,
            value: return_full_value.then(|| value.to_owned()),
        })
    }
}

/// The Luhn check for card numbers (ASCII digits only).
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    // Every second digit from the right is doubled, and a two-digit result counts as the sum of
    // its digits: LUHN_DOUBLED[d] is that value for digit d.
    const LUHN_DOUBLED: [u8; 10] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
    let mut sum: u8 = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        // An ASCII digit (checked above), so 0..=9.
        let d = b.saturating_sub(b'0');
        let value = if i % 2 == 1 { LUHN_DOUBLED.get(usize::from(d)).copied().unwrap_or(d) } else { d };
        // Only the sum modulo 10 matters; keeping it below 10 means it can never overflow.
        sum = sum.saturating_add(value) % 10;
    }
    sum == 0
}

/// A successful capture.
#[derive(Clone, PartialEq, Eq)]
pub struct Captured {
    /// All but (at most) the last four digits replaced by `*`.
    pub masked: String,
    /// The last four digits, for kinds that may show them and values of 8+ digits.
    pub last4: Option<String>,
    /// Number of digits entered.
    pub length: usize,
    /// The full value, only when the Lambda was set up to return it.
    pub value: Option<String>,
}

/// Why a message could not be decrypted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecryptFailure {
    /// The ciphertext names only Key IDs the Lambda has no key for.
    KeyIdMismatch,
    /// Anything else: wrong private key for the Key ID, damaged message.
    DecryptError,
}

/// Why no private key was available.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUnavailable {
    /// The parameter does not exist.
    ParameterNotFound,
    /// The role may not read or decrypt the parameter.
    AccessDenied,
    /// Anything else.
    KeyLoadError,
}

/// The Lambda's answer, as all three decrypt Lambdas (Rust, Node.js, Python) give it: a flat
/// map of strings the flow reads as `$.External.<key>`.
///
/// Serialized by hand so the key names come from the constants above and nothing else; `Debug`
/// never shows digits.
#[derive(Clone, PartialEq, Eq)]
pub enum LambdaResponse {
    /// [`STATUS_OK`].
    Ok(Captured),
    /// [`STATUS_TIMEOUT`].
    Timeout,
    /// [`STATUS_NO_INPUT`].
    NoInput,
    /// [`STATUS_NOT_ENCRYPTED`].
    NotEncrypted,
    /// [`STATUS_DECRYPT_FAILED`].
    DecryptFailed {
        /// Mismatch or other error.
        reason: DecryptFailure,
        /// Key IDs the message names under provider `AmazonConnect`.
        input_key_ids: Vec<String>,
    },
    /// [`STATUS_INVALID_LENGTH`].
    InvalidLength {
        /// Digits entered.
        length: usize,
    },
    /// [`STATUS_INVALID_CHECKSUM`].
    InvalidChecksum {
        /// Digits entered.
        length: usize,
    },
    /// [`STATUS_KEY_UNAVAILABLE`].
    KeyUnavailable {
        /// What went wrong.
        reason: KeyUnavailable,
    },
}

impl LambdaResponse {
    /// The `status` value.
    pub fn status(&self) -> &'static str {
        match self {
            LambdaResponse::Ok(_) => STATUS_OK,
            LambdaResponse::Timeout => STATUS_TIMEOUT,
            LambdaResponse::NoInput => STATUS_NO_INPUT,
            LambdaResponse::NotEncrypted => STATUS_NOT_ENCRYPTED,
            LambdaResponse::DecryptFailed { .. } => STATUS_DECRYPT_FAILED,
            LambdaResponse::InvalidLength { .. } => STATUS_INVALID_LENGTH,
            LambdaResponse::InvalidChecksum { .. } => STATUS_INVALID_CHECKSUM,
            LambdaResponse::KeyUnavailable { .. } => STATUS_KEY_UNAVAILABLE,
        }
    }

    /// The flat key → string pairs, in a fixed order.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![(RESULT_STATUS, self.status().to_owned())];
        match self {
            LambdaResponse::Ok(c) => {
                out.push((RESULT_MASKED, c.masked.clone()));
                if let Some(last4) = &c.last4 {
                    out.push((RESULT_LAST4, last4.clone()));
                }
                out.push((RESULT_LENGTH, c.length.to_string()));
                if let Some(value) = &c.value {
                    out.push((RESULT_VALUE, value.clone()));
                }
            }
            LambdaResponse::DecryptFailed { reason, input_key_ids } => {
                let reason = match reason {
                    DecryptFailure::KeyIdMismatch => REASON_KEY_ID_MISMATCH,
                    DecryptFailure::DecryptError => REASON_DECRYPT_ERROR,
                };
                out.push((RESULT_REASON, reason.to_owned()));
                out.push((RESULT_INPUT_KEY_IDS, input_key_ids.join(",")));
            }
            LambdaResponse::InvalidLength { length } | LambdaResponse::InvalidChecksum { length } => {
                out.push((RESULT_LENGTH, length.to_string()));
            }
            LambdaResponse::KeyUnavailable { reason } => {
                let reason = match reason {
                    KeyUnavailable::ParameterNotFound => REASON_PARAMETER_NOT_FOUND,
                    KeyUnavailable::AccessDenied => REASON_PARAMETER_ACCESS_DENIED,
                    KeyUnavailable::KeyLoadError => REASON_KEY_LOAD_ERROR,
                };
                out.push((RESULT_REASON, reason.to_owned()));
            }
            LambdaResponse::Timeout | LambdaResponse::NoInput | LambdaResponse::NotEncrypted => {}
        }
        out
    }
}

impl Serialize for LambdaResponse {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let pairs = self.pairs();
        let mut map = serializer.serialize_map(Some(pairs.len()))?;
        for (k, v) in &pairs {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl std::fmt::Debug for LambdaResponse {
    /// The status only: the other fields can hold digits.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LambdaResponse({})", self.status())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(params: serde_json::Value) -> DecryptRequest {
        DecryptRequest::from_event(&json!({ "Details": { "Parameters": params } }))
    }

    #[test]
    fn reads_inputs_forgivingly() {
        let r = DecryptRequest::from_event(&json!({}));
        assert_eq!(r.encrypted_input, None);
        assert_eq!((r.input_kind.as_str(), r.min_length, r.max_length), ("custom", 1, 20));
        assert_eq!(r.message(), Err(LambdaResponse::NoInput));
        let r = request(json!({ "EncryptedInput": "  Timeout ", "MinimumLength": 3, "MaximumLength": "x" }));
        assert_eq!((r.min_length, r.max_length), (3, 20));
        assert_eq!(r.message(), Err(LambdaResponse::Timeout));
        for text in ["1234567890123456", "not base64!", "AAAA", "   "] {
            let r = request(json!({ "EncryptedInput": text }));
            assert!(matches!(r.message(), Err(LambdaResponse::NotEncrypted | LambdaResponse::NoInput)), "{text}");
        }
        // 0x01 0x80 → "AYA" in base64, with whitespace inside.
        assert_eq!(request(json!({ "EncryptedInput": "AY\nA=" })).message(), Ok(vec![0x01, 0x80]));
    }

    #[test]
    fn describes_like_the_generated_lambdas() {
        let card = request(json!({ "InputKind": "card_number", "MinimumLength": "12", "MaximumLength": "19" }));
        assert_eq!(
            serde_json::to_value(card.describe("4111111111111111", false)).unwrap(),
            json!({ "status": "OK", "masked": "************1111", "last4": "1111", "length": "16" })
        );
        assert_eq!(
            serde_json::to_value(card.describe("4111111111111112", false)).unwrap(),
            json!({ "status": "INVALID_CHECKSUM", "length": "16" })
        );
        assert_eq!(card.describe("41111", false), LambdaResponse::InvalidLength { length: 5 });
        let cvv = request(json!({ "InputKind": "cvv", "MinimumLength": "3", "MaximumLength": "4" }));
        assert_eq!(
            serde_json::to_value(cvv.describe("123", true)).unwrap(),
            json!({ "status": "OK", "masked": "***", "length": "3", "value": "123" })
        );
        let short = request(json!({ "InputKind": "account_number" }));
        assert_eq!(
            serde_json::to_value(short.describe("1234567", false)).unwrap(),
            json!({ "status": "OK", "masked": "*******", "length": "7" })
        );
        assert_eq!(format!("{:?}", card.describe("4111111111111111", true)), "LambdaResponse(OK)");
    }

    #[test]
    fn failure_shapes() {
        let r = LambdaResponse::DecryptFailed {
            reason: DecryptFailure::KeyIdMismatch,
            input_key_ids: vec!["a".into(), "b".into()],
        };
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            json!({ "status": "DECRYPT_FAILED", "reason": "KEY_ID_MISMATCH", "inputKeyIds": "a,b" })
        );
        let r = LambdaResponse::KeyUnavailable { reason: KeyUnavailable::ParameterNotFound };
        assert_eq!(
            serde_json::to_value(r).unwrap(),
            json!({ "status": "KEY_UNAVAILABLE", "reason": "PARAMETER_NOT_FOUND" })
        );
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid("4111111111111111"));
        assert!(luhn_valid("5555555555554444"));
        assert!(!luhn_valid("1236547891321456"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("4111-1111"));
    }
}

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

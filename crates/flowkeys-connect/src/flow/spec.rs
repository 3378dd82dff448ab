//! What the admin asks the generator for, and how each field can be wrong.

use serde::{Deserialize, Serialize};

use super::references::sensitive_reference_in;
use super::{MAX_LAMBDA_SECONDS, MAX_STORED_DIGITS};
use crate::certificate::{CertificateInputError, EncryptionCertificate};
use crate::contract::CollectKind;
use crate::inputs::{KeyId, KeyIdError, LambdaArn, LambdaArnError};

/// Longest prompt or message text the generator accepts. Not a documented Connect limit: a
/// spoken prompt this long has lost the caller long before it ends.
pub const MAX_PROMPT_CHARS: usize = 1000;
/// Longest custom label.
pub const MAX_LABEL_CHARS: usize = 50;

/// Inputs for [`generate_flow`](super::generate_flow). The validated newtypes (Key ID,
/// certificate, Lambda ARN) are checked when they are built; the rest is checked by
/// [`FlowSpec::problems`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowSpec {
    /// The Key ID of the registered flow security key (`EncryptionKeyId`).
    pub key_id: KeyId,
    /// The self-signed certificate made from the registered key pair (`InputEncryption.Key`).
    pub certificate_pem: EncryptionCertificate,
    /// The decrypt Lambda.
    pub lambda_arn: LambdaArn,
    /// What the caller is asked for.
    pub collect: CollectKind,
    /// Fewest digits accepted (checked by the Lambda; Connect only enforces a maximum).
    pub min_length: u8,
    /// Most digits accepted (`CustomValidation.MaximumLength`, at most 20).
    pub max_length: u8,
    /// What the caller hears before typing.
    pub prompt_text: String,
    /// `InvocationTimeLimitSeconds`, 1 to 8.
    pub lambda_timeout_seconds: u8,
    /// Played after a successful capture; a default is used when `None`.
    #[serde(default)]
    pub confirmation_text: Option<String>,
    /// Played when capture or decryption failed; a default is used when `None`.
    #[serde(default)]
    pub failure_text: Option<String>,
    /// Varies the action identifiers; the same seed always gives the same identifiers.
    #[serde(default)]
    pub id_seed: Option<String>,
}

/// The form field a [`FlowSpecError`] belongs to, so the UI can show it in the right place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowField {
    /// [`FlowSpec::key_id`].
    KeyId,
    /// [`FlowSpec::certificate_pem`].
    CertificatePem,
    /// [`FlowSpec::lambda_arn`].
    LambdaArn,
    /// [`FlowSpec::collect`].
    Collect,
    /// [`FlowSpec::min_length`].
    MinLength,
    /// [`FlowSpec::max_length`].
    MaxLength,
    /// [`FlowSpec::prompt_text`].
    PromptText,
    /// [`FlowSpec::lambda_timeout_seconds`].
    LambdaTimeoutSeconds,
    /// [`FlowSpec::confirmation_text`].
    ConfirmationText,
    /// [`FlowSpec::failure_text`].
    FailureText,
}

/// Why a flow cannot be generated from a spec.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FlowSpecError {
    /// The Key ID field.
    #[error(transparent)]
    KeyId(#[from] KeyIdError),
    /// The certificate field.
    #[error(transparent)]
    Certificate(#[from] CertificateInputError),
    /// The Lambda ARN field.
    #[error(transparent)]
    LambdaArn(#[from] LambdaArnError),
    /// Minimum length 0.
    #[error("The minimum length must be at least 1 digit.")]
    MinLengthZero,
    /// Maximum above the console's limit.
    #[error("The maximum length is {max} digits, but the Store customer input block accepts at most 20.")]
    MaxLengthTooLarge {
        /// The requested maximum.
        max: u8,
    },
    /// min > max.
    #[error("The minimum length ({min}) is greater than the maximum length ({max}).")]
    LengthRange {
        /// The requested minimum.
        min: u8,
        /// The requested maximum.
        max: u8,
    },
    /// Empty custom label.
    #[error("The custom label is empty: name what the caller should enter, for example “membership number”.")]
    CustomLabelEmpty,
    /// Long custom label.
    #[error("The custom label is {len} characters long; keep it to 50 or fewer.")]
    CustomLabelTooLong {
        /// Its length.
        len: usize,
    },
    /// Empty prompt or message.
    #[error("The {field_name} is empty. Write what the caller should hear.")]
    TextEmpty {
        /// The field.
        field: FlowField,
        /// Human name of the field.
        field_name: &'static str,
    },
    /// Overlong prompt or message.
    #[error("The {field_name} is {len} characters long; keep it under 1,000 characters.")]
    TextTooLong {
        /// The field.
        field: FlowField,
        /// Human name of the field.
        field_name: &'static str,
        /// Its length.
        len: usize,
    },
    /// A prompt that would read a captured or decrypted value aloud.
    #[error("The {field_name} contains “{reference}”. Prompts must never speak captured or decrypted values: they are read aloud and written to flow logs. Remove the reference.")]
    TextSpeaksSecret {
        /// The field.
        field: FlowField,
        /// Human name of the field.
        field_name: &'static str,
        /// The offending reference.
        reference: String,
    },
    /// Lambda time limit outside 1–8.
    #[error("The Lambda time limit is {given} seconds; Connect waits 1 to 8 seconds for a Lambda.")]
    LambdaTimeout {
        /// The requested limit.
        given: u8,
    },
}

impl FlowSpecError {
    /// The form field this error belongs to.
    pub fn field(&self) -> FlowField {
        match self {
            FlowSpecError::KeyId(_) => FlowField::KeyId,
            FlowSpecError::Certificate(_) => FlowField::CertificatePem,
            FlowSpecError::LambdaArn(_) => FlowField::LambdaArn,
            FlowSpecError::MinLengthZero | FlowSpecError::LengthRange { .. } => FlowField::MinLength,
            FlowSpecError::MaxLengthTooLarge { .. } => FlowField::MaxLength,
            FlowSpecError::CustomLabelEmpty | FlowSpecError::CustomLabelTooLong { .. } => FlowField::Collect,
            FlowSpecError::TextEmpty { field, .. }
            | FlowSpecError::TextTooLong { field, .. }
            | FlowSpecError::TextSpeaksSecret { field, .. } => *field,
            FlowSpecError::LambdaTimeout { .. } => FlowField::LambdaTimeoutSeconds,
        }
    }
}

/// Default message after a successful capture. Static on purpose: logging is back on when it
/// plays, so it must not contain any `$.External` value.
pub(crate) const DEFAULT_CONFIRMATION: &str = "Thank you. Your details have been received.";
/// Default message when capture or decryption failed.
pub(crate) const DEFAULT_FAILURE: &str = "Sorry, we could not process your entry. Please try again later. Goodbye.";

impl FlowSpec {
    /// A spec with the usual lengths, prompt and an 8-second Lambda limit for `collect`.
    pub fn new(
        key_id: KeyId,
        certificate_pem: EncryptionCertificate,
        lambda_arn: LambdaArn,
        collect: CollectKind,
    ) -> FlowSpec {
        let (min_length, max_length) = collect.default_lengths();
        FlowSpec {
            key_id,
            certificate_pem,
            lambda_arn,
            prompt_text: collect.default_prompt(),
            collect,
            min_length,
            max_length,
            lambda_timeout_seconds: MAX_LAMBDA_SECONDS,
            confirmation_text: None,
            failure_text: None,
            id_seed: None,
        }
    }

    /// Every problem with the plain fields, in form order (empty when the spec is usable), so a
    /// form can show them all at once.
    pub fn problems(&self) -> Vec<FlowSpecError> {
        let mut out = Vec::new();
        if let CollectKind::Custom { label } = &self.collect {
            let len = label.trim().chars().count();
            if len == 0 {
                out.push(FlowSpecError::CustomLabelEmpty);
            } else if len > MAX_LABEL_CHARS {
                out.push(FlowSpecError::CustomLabelTooLong { len });
            }
        }
        if self.min_length == 0 {
            out.push(FlowSpecError::MinLengthZero);
        }
        if self.max_length > MAX_STORED_DIGITS {
            out.push(FlowSpecError::MaxLengthTooLarge { max: self.max_length });
        }
        if self.min_length > self.max_length {
            out.push(FlowSpecError::LengthRange { min: self.min_length, max: self.max_length });
        }
        let texts = [
            (FlowField::PromptText, "prompt", Some(self.prompt_text.as_str())),
            (FlowField::ConfirmationText, "confirmation message", self.confirmation_text.as_deref()),
            (FlowField::FailureText, "failure message", self.failure_text.as_deref()),
        ];
        for (field, field_name, text) in texts {
            let Some(text) = text else { continue };
            let len = text.trim().chars().count();
            if len == 0 {
                out.push(FlowSpecError::TextEmpty { field, field_name });
            } else if len > MAX_PROMPT_CHARS {
                out.push(FlowSpecError::TextTooLong { field, field_name, len });
            } else if let Some(reference) = sensitive_reference_in(text) {
                out.push(FlowSpecError::TextSpeaksSecret { field, field_name, reference });
            }
        }
        if !(1..=MAX_LAMBDA_SECONDS).contains(&self.lambda_timeout_seconds) {
            out.push(FlowSpecError::LambdaTimeout { given: self.lambda_timeout_seconds });
        }
        out
    }
}

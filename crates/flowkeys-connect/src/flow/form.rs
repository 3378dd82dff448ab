//! The generator's form as the admin types it, read into a [`FlowSpec`].
//!
//! Every problem names its field, so a screen can show each message next to its input; the
//! console's worker runs this (with [`generate_flow`](super::generate_flow)), so the page holds
//! no rule about what a valid length, timeout or certificate is.

use serde::{Deserialize, Serialize};

use super::spec::{FlowField, FlowSpec};
use crate::certificate::EncryptionCertificate;
use crate::contract::CollectKind;
use crate::inputs::{KeyId, LambdaArn};

/// The form's fields as typed (lengths and timeout as text), plus what the console already
/// holds: the selected key set's Key ID and certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowForm {
    /// The Key ID Connect gave the key set's public key.
    pub key_id: KeyId,
    /// The key set's certificate, PEM.
    pub certificate_pem: String,
    /// The decrypt Lambda's ARN, as typed.
    pub lambda_arn: String,
    /// What the caller enters: a [`CollectKind::wire_name`] (any other value: a card number).
    pub collect: String,
    /// The custom input's name (used when `collect` is `custom`).
    pub label: String,
    /// Fewest digits, as typed.
    pub min_length: String,
    /// Most digits, as typed.
    pub max_length: String,
    /// The Lambda timeout in seconds, as typed.
    pub lambda_timeout_seconds: String,
    /// The prompt.
    pub prompt_text: String,
}

/// One problem with the form: the field it belongs next to (`None`: the form as a whole), and
/// the sentence to show there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The field, if it is one field's.
    pub field: Option<FlowField>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FieldProblem {
    fn at(field: FlowField, message: impl Into<String>) -> FieldProblem {
        FieldProblem { field: Some(field), message: message.into() }
    }
}

impl FlowForm {
    /// The spec the form describes, or every problem found (the first per field at least).
    pub fn to_spec(&self) -> Result<FlowSpec, Vec<FieldProblem>> {
        let lambda_arn = LambdaArn::parse(&self.lambda_arn)
            .map_err(|e| vec![FieldProblem::at(FlowField::LambdaArn, e.to_string())])?;
        let certificate = EncryptionCertificate::parse(&self.certificate_pem)
            .map_err(|e| vec![FieldProblem::at(FlowField::CertificatePem, e.to_string())])?;
        let collect = CollectKind::from_choice(&self.collect, &self.label);
        let mut spec = FlowSpec::new(self.key_id.clone(), certificate, lambda_arn, collect);
        let number = |text: &str, field| {
            text.trim()
                .parse::<u8>()
                .map_err(|_| vec![FieldProblem::at(field, format!("“{}” is not a whole number.", text.trim()))])
        };
        spec.min_length = number(&self.min_length, FlowField::MinLength)?;
        spec.max_length = number(&self.max_length, FlowField::MaxLength)?;
        spec.lambda_timeout_seconds = number(&self.lambda_timeout_seconds, FlowField::LambdaTimeoutSeconds)?;
        spec.prompt_text = self.prompt_text.clone();
        let problems = spec.problems();
        if problems.is_empty() {
            Ok(spec)
        } else {
            Err(problems.into_iter().map(|p| FieldProblem::at(p.field(), p.to_string())).collect())
        }
    }

    /// The flow the form describes.
    pub fn generate(&self) -> Result<super::GeneratedFlow, Vec<FieldProblem>> {
        let spec = self.to_spec()?;
        super::generate_flow(&spec).map_err(|e| vec![FieldProblem::at(e.field(), e.to_string())])
    }
}

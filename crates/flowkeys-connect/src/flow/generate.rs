//! Writing the secure-capture flow.
//!
//! Order of blocks, and why:
//! 1. Set logging behavior → Disabled: flow logs record Lambda inputs/outputs and attribute
//!    values, and the logging state is inherited from the calling flow, so it is switched off
//!    explicitly before anything sensitive happens.
//! 2. Store customer input (DTMF, ended by #) with encryption: the digits only ever exist as
//!    ciphertext in `$.StoredCustomerInput`. The prompt is inside the block (a separate Play
//!    prompt before it loses digits typed during the prompt).
//! 3. Invoke the decrypt Lambda with the ciphertext as a parameter; its answer is read as
//!    `$.External.status` and never copied into contact attributes (those end up in contact
//!    records, Contact search and the agent's screen).
//! 4. Set logging behavior → Enabled on every way out (success and each error branch), because
//!    the setting carries into whatever flow comes next.
//! 5. A static confirmation or failure message, then Disconnect.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::document::{
    ActionDocument, ConditionBody, ConditionDocument, ErrorDocument, FlowDocument, TransitionsDocument,
};
use super::ids::{identifier, Role};
use super::layout::{position, ENTRY_POINT};
use super::spec::{FlowSpec, FlowSpecError, DEFAULT_CONFIRMATION, DEFAULT_FAILURE};
use super::FLOW_LANGUAGE_VERSION;
use crate::contract::{
    PARAM_ENCRYPTED_INPUT, PARAM_INPUT_KIND, PARAM_MAX_LENGTH, PARAM_MIN_LENGTH, RESULT_STATUS, STATUS_OK,
};

/// Seconds the block waits for the first digit (the console's sample uses a few seconds).
const INPUT_TIME_LIMIT_SECONDS: &str = "5";

/// A generated flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedFlow {
    /// The flow JSON (pretty-printed), ready for import or `create-contact-flow --content`.
    pub json: String,
    /// Identifier of the first action.
    pub start_action: String,
    /// Each action with its role, so the UI can explain the flow block by block.
    pub actions: Vec<GeneratedAction>,
    /// Things the admin must know when using this flow.
    pub notes: Vec<String>,
}

/// One action of a generated flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedAction {
    /// Its role, e.g. `store-input`.
    pub role: String,
    /// Its Identifier in the flow.
    pub identifier: String,
    /// Its flow-language Type.
    pub action_type: String,
}

/// Generates the flow for `spec`. The same spec always gives byte-identical JSON.
pub fn generate_flow(spec: &FlowSpec) -> Result<GeneratedFlow, FlowSpecError> {
    if let Some(first) = spec.problems().into_iter().next() {
        return Err(first);
    }
    let seed = spec.id_seed.as_deref().unwrap_or("");
    let id = |role: Role| identifier(seed, role.name());
    let (logging_off, store, decrypt, check) =
        (id(Role::LoggingOff), id(Role::StoreInput), id(Role::Decrypt), id(Role::CheckResult));
    let (on_success, confirm, on_failure, failure, disconnect) = (
        id(Role::LoggingOnSuccess),
        id(Role::Confirm),
        id(Role::LoggingOnFailure),
        id(Role::FailurePrompt),
        id(Role::Disconnect),
    );

    let message = |text: Option<&str>, default: &str| json!({ "Text": text.map(str::trim).unwrap_or(default) });
    let planned: Vec<(Role, &'static str, Value, TransitionsDocument)> = vec![
        (
            Role::LoggingOff,
            "UpdateFlowLoggingBehavior",
            json!({ "FlowLoggingBehavior": "Disabled" }),
            TransitionsDocument::next(&store),
        ),
        (
            Role::StoreInput,
            "GetParticipantInput",
            json!({
                "Text": spec.prompt_text.trim(),
                "StoreInput": "True",
                "InputTimeLimitSeconds": INPUT_TIME_LIMIT_SECONDS,
                "InputValidation": { "CustomValidation": { "MaximumLength": spec.max_length.to_string() } },
                "DTMFConfiguration": { "InputTerminationSequence": "#", "DisableCancelKey": "False" },
                "InputEncryption": {
                    "EncryptionKeyId": spec.key_id.as_str(),
                    "Key": spec.certificate_pem.as_str(),
                },
            }),
            TransitionsDocument::next_or_error(&decrypt, &on_failure),
        ),
        (
            Role::Decrypt,
            "InvokeLambdaFunction",
            json!({
                "LambdaFunctionARN": spec.lambda_arn.as_str(),
                "InvocationTimeLimitSeconds": spec.lambda_timeout_seconds.to_string(),
                "LambdaInvocationAttributes": lambda_parameters(spec),
                "ResponseValidation": { "ResponseType": "STRING_MAP" },
            }),
            TransitionsDocument::next_or_error(&check, &on_failure),
        ),
        (
            Role::CheckResult,
            "Compare",
            json!({ "ComparisonValue": format!("$.External.{RESULT_STATUS}") }),
            TransitionsDocument {
                next_action: Some(on_failure.clone()),
                errors: vec![ErrorDocument { next_action: on_failure.clone(), error_type: "NoMatchingCondition" }],
                conditions: vec![ConditionDocument {
                    next_action: on_success.clone(),
                    condition: ConditionBody { operator: "Equals", operands: vec![STATUS_OK.to_owned()] },
                }],
            },
        ),
        (
            Role::LoggingOnSuccess,
            "UpdateFlowLoggingBehavior",
            json!({ "FlowLoggingBehavior": "Enabled" }),
            TransitionsDocument::next(&confirm),
        ),
        (
            Role::Confirm,
            "MessageParticipant",
            message(spec.confirmation_text.as_deref(), DEFAULT_CONFIRMATION),
            TransitionsDocument::next_or_error(&disconnect, &disconnect),
        ),
        (
            Role::LoggingOnFailure,
            "UpdateFlowLoggingBehavior",
            json!({ "FlowLoggingBehavior": "Enabled" }),
            TransitionsDocument::next(&failure),
        ),
        (
            Role::FailurePrompt,
            "MessageParticipant",
            message(spec.failure_text.as_deref(), DEFAULT_FAILURE),
            TransitionsDocument::next_or_error(&disconnect, &disconnect),
        ),
        (Role::Disconnect, "DisconnectParticipant", json!({}), TransitionsDocument::default()),
    ];

    let mut action_metadata = Map::new();
    let mut actions = Vec::new();
    let mut documents = Vec::new();
    for (role, action_type, parameters, transitions) in planned {
        let identifier = id(role);
        action_metadata.insert(identifier.clone(), designer_metadata(role, spec, seed));
        actions.push(GeneratedAction {
            role: role.name().to_owned(),
            identifier: identifier.clone(),
            action_type: action_type.to_owned(),
        });
        documents.push(ActionDocument { identifier, action_type, parameters, transitions });
    }
    let (x, y) = ENTRY_POINT;
    let document = FlowDocument {
        version: FLOW_LANGUAGE_VERSION,
        start_action: logging_off.clone(),
        metadata: json!({
            "entryPointPosition": { "x": x, "y": y },
            "ActionMetadata": Value::Object(action_metadata),
            "Annotations": [],
        }),
        actions: documents,
    };
    let json = serde_json::to_string_pretty(&document).unwrap_or_default();
    Ok(GeneratedFlow { json, start_action: logging_off, actions, notes: notes(spec) })
}

/// What the flow passes to the Lambda (`Details.Parameters` in its event).
fn lambda_parameters(spec: &FlowSpec) -> Value {
    Value::Object(crate::contract::invocation_parameters(
        "$.StoredCustomerInput",
        &spec.collect,
        spec.min_length,
        spec.max_length,
    ))
}

/// The designer's per-block metadata: a position for every block, plus the flags the console
/// writes for the blocks that have them (so the designer shows literal values as literals).
fn designer_metadata(role: Role, spec: &FlowSpec, seed: &str) -> Value {
    let (x, y) = position(role);
    let mut meta = json!({ "position": { "x": x, "y": y } });
    let extra = match role {
        Role::StoreInput => json!({
            "useDynamic": false,
            "useDynamicForEncryptionKeys": false,
            "useDynamicForTerminatorDigits": false,
            "countryCodePrefix": "+1",
        }),
        Role::Decrypt => json!({
            "parameters": { "LambdaFunctionARN": { "displayName": spec.lambda_arn.function_name() } },
            "dynamicMetadata": {
                PARAM_ENCRYPTED_INPUT: true,
                PARAM_INPUT_KIND: false,
                PARAM_MIN_LENGTH: false,
                PARAM_MAX_LENGTH: false,
            },
        }),
        Role::CheckResult => json!({
            "conditionMetadata": [{
                "id": identifier(seed, "check-result/condition-ok"),
                "operator": { "name": "Equals", "value": "Equals", "shortDisplay": "=" },
                "value": STATUS_OK,
            }],
        }),
        _ => Value::Null,
    };
    if let (Value::Object(meta), Value::Object(extra)) = (&mut meta, extra) {
        meta.extend(extra);
    }
    meta
}

fn notes(spec: &FlowSpec) -> Vec<String> {
    vec![
        format!(
            "The flow reads the decrypt Lambda's answer as $.External.{RESULT_STATUS} (and, if you add blocks, $.External.masked / $.External.last4). Never copy $.External values or $.StoredCustomerInput into contact attributes: attributes are stored in contact records, shown to agents and sent to every later Lambda."
        ),
        format!(
            "Add the Lambda function {} to the Connect instance (console: AWS Lambda section of the instance, or aws connect associate-lambda-function) before publishing, or the Invoke block cannot call it.",
            spec.lambda_arn.function_name()
        ),
        format!(
            "The certificate in the Store customer input block expires on {}; generate a new key pair and certificate before then, register the new public key (Connect allows two at a time), and switch the flow to the new Key ID.",
            spec.certificate_pem.info().not_after_text
        ),
        "Logging is turned off before the capture and back on at every exit, because the logging setting carries into the next flow. If you connect further blocks, turn logging back on before any transfer.".into(),
    ]
}

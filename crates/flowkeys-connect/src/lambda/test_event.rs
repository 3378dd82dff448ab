//! A ready test event for the decrypt Lambda: what Amazon Connect sends it, with a real
//! ciphertext in the parameter the generated flow fills from `$.StoredCustomerInput`.
//!
//! Testing the Lambda otherwise needs a phone call. Pasted into the Lambda console's Test tab
//! (or passed to `aws lambda invoke --payload fileb://…`), this event exercises the whole path:
//! Parameter Store, the Key ID check, the RSA unwrap and the masking.
//!
//! The shape is Connect's documented invocation event (`Name: "ContactFlowEvent"`,
//! `Details.ContactData` with the contact's data and attributes, `Details.Parameters` with the
//! block's invocation attributes; AWS Lambda Developer Guide, "Using Lambda with Amazon
//! Connect"). The contact's fields are sample values: the generated Lambdas read only
//! `Details.Parameters`.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::contract::{invocation_parameters, CollectKind};

/// What goes into the test event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestEventSpec {
    /// The base64 ciphertext, as `$.StoredCustomerInput` holds it (e.g. the console's preview).
    pub ciphertext: String,
    /// What was collected (the flow's `InputKind`).
    pub collect: CollectKind,
    /// Fewest digits the flow accepts.
    pub min_length: u8,
    /// Most digits the flow accepts.
    pub max_length: u8,
    /// The instance's ARN, when known; left empty otherwise (the Lambda does not read it).
    #[serde(default)]
    pub instance_arn: Option<String>,
}

impl TestEventSpec {
    /// A card-number event with the flow's default lengths.
    pub fn card_number(ciphertext: &str) -> TestEventSpec {
        let collect = CollectKind::CardNumber;
        let (min_length, max_length) = collect.default_lengths();
        TestEventSpec { ciphertext: ciphertext.trim().to_owned(), collect, min_length, max_length, instance_arn: None }
    }
}

/// Sample contact IDs: fixed, so the same ciphertext always gives the same event.
const SAMPLE_CONTACT_ID: &str = "5ca1ab1e-0000-4000-8000-000000000001";
/// A number from the range reserved for fiction (NANP 555-01xx).
const SAMPLE_CUSTOMER_NUMBER: &str = "+15555550100";
const SAMPLE_SYSTEM_NUMBER: &str = "+15555550199";

/// The event as pretty-printed JSON.
pub fn test_event(spec: &TestEventSpec) -> String {
    let parameters = invocation_parameters(spec.ciphertext.trim(), &spec.collect, spec.min_length, spec.max_length);
    let event = json!({
        "Name": "ContactFlowEvent",
        "Details": {
            "ContactData": {
                "Attributes": {},
                "Channel": "VOICE",
                "ContactId": SAMPLE_CONTACT_ID,
                "CustomerEndpoint": { "Address": SAMPLE_CUSTOMER_NUMBER, "Type": "TELEPHONE_NUMBER" },
                "InitialContactId": SAMPLE_CONTACT_ID,
                "InitiationMethod": "INBOUND",
                "InstanceARN": spec.instance_arn.as_deref().unwrap_or_default(),
                "PreviousContactId": SAMPLE_CONTACT_ID,
                "Queue": null,
                "SystemEndpoint": { "Address": SAMPLE_SYSTEM_NUMBER, "Type": "TELEPHONE_NUMBER" },
            },
            "Parameters": parameters,
        },
    });
    serde_json::to_string_pretty(&event).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{DecryptRequest, PARAM_ENCRYPTED_INPUT};

    #[test]
    fn the_event_carries_the_ciphertext_where_the_lambda_reads_it() {
        let event: serde_json::Value =
            serde_json::from_str(&test_event(&TestEventSpec::card_number("  AYADeHh0ZXN0  "))).expect("JSON");
        assert_eq!(event["Name"], "ContactFlowEvent");
        assert_eq!(event["Details"]["Parameters"][PARAM_ENCRYPTED_INPUT], "AYADeHh0ZXN0");
        assert!(event["Details"]["ContactData"]["Attributes"].as_object().is_some_and(|a| a.is_empty()));
        let request = DecryptRequest::from_event(&event);
        assert_eq!(request.encrypted_input.as_deref(), Some("AYADeHh0ZXN0"));
        assert_eq!((request.input_kind.as_str(), request.min_length, request.max_length), ("card_number", 12, 19));
    }
}

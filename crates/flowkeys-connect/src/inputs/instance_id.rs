//! The Amazon Connect instance the set-up commands act on.

use super::key_id::is_uuid;
use crate::text::shorten;

/// Why an instance ID was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InstanceIdError {
    /// Nothing was entered.
    #[error("Enter the Amazon Connect instance ID (the UUID at the end of the instance ARN, shown on the instance's overview page).")]
    Empty,
    /// Neither a UUID nor an instance ARN.
    #[error("“{shown}” is not a Connect instance ID. Use the UUID at the end of the instance ARN (arn:aws:connect:<region>:<account>:instance/<instance ID>), or paste the whole instance ARN.")]
    Invalid {
        /// The input, shortened for display.
        shown: String,
    },
}

/// A Connect instance ID (a UUID). An instance ARN is accepted too and reduced to its ID,
/// because the console shows the ARN more prominently than the bare ID.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConnectInstanceId(String);

impl ConnectInstanceId {
    /// Validates an instance ID or instance ARN.
    pub fn parse(input: &str) -> Result<ConnectInstanceId, InstanceIdError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(InstanceIdError::Empty);
        }
        let id = if text.starts_with("arn:") {
            let mut parts = text.split(':');
            let service = parts.nth(2);
            let resource = parts.nth(2).unwrap_or("");
            match (service, resource.strip_prefix("instance/")) {
                (Some("connect"), Some(id)) if !id.contains('/') => id,
                _ => return Err(InstanceIdError::Invalid { shown: shorten(text, 80) }),
            }
        } else {
            text
        };
        if is_uuid(id) {
            Ok(ConnectInstanceId(id.to_ascii_lowercase()))
        } else {
            Err(InstanceIdError::Invalid { shown: shorten(text, 80) })
        }
    }

    /// The instance ID.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

super::string_newtype!(ConnectInstanceId, InstanceIdError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_or_arn() {
        let id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        assert_eq!(ConnectInstanceId::parse(id).unwrap().as_str(), id);
        let arn = format!("arn:aws:connect:us-east-1:123456789012:instance/{id}");
        assert_eq!(ConnectInstanceId::parse(&arn).unwrap().as_str(), id);
        assert!(ConnectInstanceId::parse(&format!("{arn}/queue/x")).is_err());
        assert!(ConnectInstanceId::parse("my-instance").is_err());
        assert_eq!(ConnectInstanceId::parse(""), Err(InstanceIdError::Empty));
    }
}

//! The name of the SSM Parameter Store SecureString holding a decrypt private key.

use crate::text::shorten;

/// Why a parameter name was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SsmParameterError {
    /// Nothing was entered.
    #[error("Enter the name of the Parameter Store parameter that will hold the private key, for example /flowkeys/connect/decrypt-key.")]
    Empty,
    /// Longer than Parameter Store allows.
    #[error("The parameter name is {len} characters long; Parameter Store allows at most 1011.")]
    TooLong {
        /// Length of the input.
        len: usize,
    },
    /// Characters Parameter Store rejects.
    #[error("“{shown}” contains characters Parameter Store does not allow in a name. Use letters, digits and . - _ with / between path levels.")]
    Characters {
        /// The input, shortened for display.
        shown: String,
    },
    /// A reserved prefix.
    #[error("Parameter names may not begin with “aws” or “ssm” (any case); those prefixes are reserved by AWS. Choose a name such as /flowkeys/connect/decrypt-key.")]
    ReservedPrefix,
    /// Malformed hierarchy.
    #[error("“{shown}” is not a valid parameter path: a hierarchical name must start with /, must not end with / or contain //, and may have at most 15 levels.")]
    Path {
        /// The input, shortened for display.
        shown: String,
    },
}

/// A Parameter Store parameter name such as `/flowkeys/connect/decrypt-key` or `CONNECT_KEY`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SsmParameterName(String);

impl SsmParameterName {
    /// Validates a parameter name against Parameter Store's naming rules.
    pub fn parse(input: &str) -> Result<SsmParameterName, SsmParameterError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(SsmParameterError::Empty);
        }
        if name.len() > 1011 {
            return Err(SsmParameterError::TooLong { len: name.len() });
        }
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'/')) {
            return Err(SsmParameterError::Characters { shown: shorten(name, 60) });
        }
        let lower = name.trim_start_matches('/').to_ascii_lowercase();
        if lower.starts_with("aws") || lower.starts_with("ssm") {
            return Err(SsmParameterError::ReservedPrefix);
        }
        if name.contains('/') {
            let levels = name.split('/').skip(1).count();
            if !name.starts_with('/') || name.ends_with('/') || name.contains("//") || levels > 15 {
                return Err(SsmParameterError::Path { shown: shorten(name, 60) });
            }
        }
        Ok(SsmParameterName(name.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The parameter's ARN. A hierarchical name already starts with `/`, a flat one gets one,
    /// which is how Parameter Store spells both (`…:parameter/a/b` and `…:parameter/NAME`).
    pub fn arn(&self, partition: &str, region: &str, account: &str) -> String {
        let path = self.0.strip_prefix('/').unwrap_or(&self.0);
        format!("arn:{partition}:ssm:{region}:{account}:parameter/{path}")
    }
}

super::string_newtype!(SsmParameterName, SsmParameterError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_arns() {
        let flat = SsmParameterName::parse("CONNECT_INPUT_DECRYPTION_KEY").unwrap();
        assert_eq!(
            flat.arn("aws", "us-east-1", "123456789012"),
            "arn:aws:ssm:us-east-1:123456789012:parameter/CONNECT_INPUT_DECRYPTION_KEY"
        );
        let path = SsmParameterName::parse("/flowkeys/connect/key-a").unwrap();
        assert_eq!(
            path.arn("aws", "us-east-1", "123456789012"),
            "arn:aws:ssm:us-east-1:123456789012:parameter/flowkeys/connect/key-a"
        );
    }

    #[test]
    fn rejects_bad_names() {
        use SsmParameterError as E;
        assert_eq!(SsmParameterName::parse(""), Err(E::Empty));
        assert!(matches!(SsmParameterName::parse("a b"), Err(E::Characters { .. })));
        assert!(matches!(SsmParameterName::parse("a'b"), Err(E::Characters { .. })));
        assert_eq!(SsmParameterName::parse("/aws/x"), Err(E::ReservedPrefix));
        assert_eq!(SsmParameterName::parse("SSM_key"), Err(E::ReservedPrefix));
        assert!(matches!(SsmParameterName::parse("a/b"), Err(E::Path { .. })));
        assert!(matches!(SsmParameterName::parse("/a//b"), Err(E::Path { .. })));
        assert!(matches!(SsmParameterName::parse("/a/"), Err(E::Path { .. })));
        assert!(matches!(SsmParameterName::parse(&"x".repeat(1012)), Err(E::TooLong { .. })));
    }
}

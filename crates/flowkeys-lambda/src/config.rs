//! The function's settings, read once from its environment variables.
//!
//! The CloudFormation stack (see `flowkeys_connect::stack`) sets them; the names are the
//! engine's constants, shared with the stack and the Node.js and Python Lambdas.

use flowkeys_connect::inputs::SsmParameterError;
use flowkeys_connect::{KeyId, KeyIdError, SsmParameterName};

pub use flowkeys_connect::lambda::environment::{
    ENV_KEY_ID, ENV_KEY_PARAMETER, ENV_NEXT_KEY_ID, ENV_NEXT_KEY_PARAMETER, ENV_RETURN_FULL_VALUE,
};

/// One Key ID and the parameter holding its private key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySlot {
    /// The flow's `EncryptionKeyId`, byte for byte the ciphertext's key name.
    pub key_id: KeyId,
    /// Where its private key PEM is stored.
    pub parameter: SsmParameterName,
}

/// The function's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LambdaConfig {
    /// One key, or two during a rotation.
    pub keys: Vec<KeySlot>,
    /// Whether `value` is returned.
    pub return_full_value: bool,
}

/// Why the environment does not describe a usable function.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A required variable is missing or empty.
    #[error("The environment variable {name} is not set. Set it in the function's configuration (the Flowkeys stack sets it for you).")]
    Missing {
        /// The variable.
        name: &'static str,
    },
    /// Only one of the two rotation variables is set.
    #[error("Set both {ENV_NEXT_KEY_ID} and {ENV_NEXT_KEY_PARAMETER} for a rotation, or neither.")]
    HalfRotation,
    /// A Key ID that is not a UUID.
    #[error("{name}: {source}")]
    KeyId {
        /// The variable.
        name: &'static str,
        /// What is wrong with it.
        source: KeyIdError,
    },
    /// A malformed parameter name.
    #[error("{name}: {source}")]
    Parameter {
        /// The variable.
        name: &'static str,
        /// What is wrong with it.
        source: SsmParameterError,
    },
    /// The two keys share a Key ID or a parameter.
    #[error(
        "The current and the next key must differ in both Key ID and parameter name; {what} is the same for both."
    )]
    Duplicate {
        /// `the Key ID` or `the parameter`.
        what: &'static str,
    },
    /// Not `true` or `false`.
    #[error("{ENV_RETURN_FULL_VALUE} must be true or false.")]
    FullValueFlag,
}

impl LambdaConfig {
    /// Reads the settings through `var` (the process environment in production, a map in
    /// tests). Empty values count as unset, because CloudFormation cannot leave a variable out
    /// conditionally without duplicating the whole resource.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<LambdaConfig, ConfigError> {
        let get = |name: &str| var(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let required = |name: &'static str| get(name).ok_or(ConfigError::Missing { name });
        let slot = |id_var: &'static str, id: &str, param_var: &'static str, param: &str| {
            Ok::<_, ConfigError>(KeySlot {
                key_id: KeyId::parse(id).map_err(|source| ConfigError::KeyId { name: id_var, source })?,
                parameter: SsmParameterName::parse(param)
                    .map_err(|source| ConfigError::Parameter { name: param_var, source })?,
            })
        };
        let mut keys =
            vec![slot(ENV_KEY_ID, &required(ENV_KEY_ID)?, ENV_KEY_PARAMETER, &required(ENV_KEY_PARAMETER)?)?];
        match (get(ENV_NEXT_KEY_ID), get(ENV_NEXT_KEY_PARAMETER)) {
            (Some(id), Some(param)) => {
                let next = slot(ENV_NEXT_KEY_ID, &id, ENV_NEXT_KEY_PARAMETER, &param)?;
                if keys.iter().any(|k| k.key_id == next.key_id) {
                    return Err(ConfigError::Duplicate { what: "the Key ID" });
                }
                if keys.iter().any(|k| k.parameter == next.parameter) {
                    return Err(ConfigError::Duplicate { what: "the parameter" });
                }
                keys.push(next);
            }
            (None, None) => {}
            _ => return Err(ConfigError::HalfRotation),
        }
        let return_full_value = match get(ENV_RETURN_FULL_VALUE).map(|v| v.to_ascii_lowercase()).as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => return Err(ConfigError::FullValueFlag),
        };
        Ok(LambdaConfig { keys, return_full_value })
    }

    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<LambdaConfig, ConfigError> {
        LambdaConfig::from_vars(|name| std::env::var(name).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const A: &str = "11111111-2222-3333-4444-555555555555";
    const B: &str = "99999999-8888-7777-6666-555555555555";

    fn read(pairs: &[(&str, &str)]) -> Result<LambdaConfig, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        LambdaConfig::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn one_or_two_keys() {
        let one =
            read(&[(ENV_KEY_ID, A), (ENV_KEY_PARAMETER, "/k/a"), (ENV_NEXT_KEY_ID, ""), (ENV_NEXT_KEY_PARAMETER, " ")])
                .unwrap();
        assert_eq!(one.keys.len(), 1);
        assert!(!one.return_full_value);
        let two = read(&[
            (ENV_KEY_ID, A),
            (ENV_KEY_PARAMETER, "/k/a"),
            (ENV_NEXT_KEY_ID, B),
            (ENV_NEXT_KEY_PARAMETER, "/k/b"),
            (ENV_RETURN_FULL_VALUE, "TRUE"),
        ])
        .unwrap();
        assert_eq!(two.keys.len(), 2);
        assert!(two.return_full_value);
    }

    #[test]
    fn refusals_name_the_variable() {
        assert_eq!(read(&[]), Err(ConfigError::Missing { name: ENV_KEY_ID }));
        assert_eq!(
            read(&[(ENV_KEY_ID, A), (ENV_KEY_PARAMETER, "/k/a"), (ENV_NEXT_KEY_ID, B)]),
            Err(ConfigError::HalfRotation)
        );
        assert_eq!(
            read(&[
                (ENV_KEY_ID, A),
                (ENV_KEY_PARAMETER, "/k/a"),
                (ENV_NEXT_KEY_ID, A),
                (ENV_NEXT_KEY_PARAMETER, "/k/b")
            ]),
            Err(ConfigError::Duplicate { what: "the Key ID" })
        );
        let e = read(&[(ENV_KEY_ID, "nope"), (ENV_KEY_PARAMETER, "/k/a")]).unwrap_err();
        assert!(e.to_string().starts_with("FLOWKEYS_KEY_ID: "), "{e}");
        let e = read(&[(ENV_KEY_ID, A), (ENV_KEY_PARAMETER, "/k//a")]).unwrap_err();
        assert!(e.to_string().starts_with("FLOWKEYS_KEY_PARAMETER: "), "{e}");
        assert_eq!(
            read(&[(ENV_KEY_ID, A), (ENV_KEY_PARAMETER, "/k/a"), (ENV_RETURN_FULL_VALUE, "yes")]),
            Err(ConfigError::FullValueFlag)
        );
    }
}

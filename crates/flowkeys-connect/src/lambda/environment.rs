//! Decrypt Lambdas configured by environment variables instead of values written into the code.
//!
//! A CloudFormation stack learns the Key ID only when it creates the flow security key
//! (`Fn::GetAtt SecurityKey.AssociationId`), after any code was packaged, so the stack passes
//! the Key ID(s) and parameter name(s) to the function as environment variables. The Rust Lambda
//! always reads them; the Node.js and Python sources below are the generated Lambdas with their
//! key list read from the same variables. The names are defined here once.

use super::fill_template;

/// The Key ID of the current flow security key.
pub const ENV_KEY_ID: &str = "FLOWKEYS_KEY_ID";
/// The SecureString parameter holding the current key's private key PEM.
pub const ENV_KEY_PARAMETER: &str = "FLOWKEYS_KEY_PARAMETER";
/// During a rotation: the Key ID of the next flow security key (empty or unset otherwise).
pub const ENV_NEXT_KEY_ID: &str = "FLOWKEYS_NEXT_KEY_ID";
/// During a rotation: the parameter holding the next key's private key.
pub const ENV_NEXT_KEY_PARAMETER: &str = "FLOWKEYS_NEXT_KEY_PARAMETER";
/// `true` to return the full decrypted value as `value` (the Rust Lambda only; off by default).
pub const ENV_RETURN_FULL_VALUE: &str = "FLOWKEYS_RETURN_FULL_VALUE";

/// Node.js and Python Lambdas whose Key IDs come from [`ENV_KEY_ID`] and friends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvironmentLambdaCode {
    /// `index.js`, handler `index.handler`.
    pub node: String,
    /// `lambda_function.py`, handler `lambda_function.lambda_handler`.
    pub python: String,
}

/// The generated Lambdas reading their keys from the environment (full value never returned).
pub fn environment_lambda_code() -> EnvironmentLambdaCode {
    let pairs =
        format!("[[\"{ENV_KEY_ID}\", \"{ENV_KEY_PARAMETER}\"], [\"{ENV_NEXT_KEY_ID}\", \"{ENV_NEXT_KEY_PARAMETER}\"]]");
    let node_keys = format!(
        "  // Read from the function's environment (set by the Flowkeys stack); the second pair only during a rotation.\n  ...{pairs}\n    .filter(([id]) => (process.env[id] || '').trim())\n    .map(([id, parameter]) => ({{ keyId: process.env[id].trim().toLowerCase(), parameterName: (process.env[parameter] || '').trim() }})),\n"
    );
    let python_pairs =
        format!("((\"{ENV_KEY_ID}\", \"{ENV_KEY_PARAMETER}\"), (\"{ENV_NEXT_KEY_ID}\", \"{ENV_NEXT_KEY_PARAMETER}\"))");
    let python_keys = format!(
        "    # Read from the function's environment (set by the Flowkeys stack); the second pair only during a rotation.\n    *[\n        (os.environ[key_id].strip().lower(), os.environ.get(parameter, \"\").strip())\n        for key_id, parameter in {python_pairs}\n        if os.environ.get(key_id, \"\").strip()\n    ],\n"
    );
    EnvironmentLambdaCode {
        node: fill_template(super::node::TEMPLATE, &node_keys, "false"),
        python: fill_template(super::python::TEMPLATE, &python_keys, "False"),
    }
}

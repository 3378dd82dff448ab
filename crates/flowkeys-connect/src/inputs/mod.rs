//! Validated inputs: each newtype can only hold a value Connect, Lambda or IAM will accept, so the
//! generators downstream never have to re-check (or re-quote) them.
//!
//! Every parser trims surrounding whitespace (pasting from a console often adds some) and
//! returns an error whose message is a full sentence the UI can show under the field.

mod instance_id;
mod key_id;
mod kms_key;
mod lambda_arn;
mod region;
mod ssm_parameter;

pub use instance_id::{ConnectInstanceId, InstanceIdError};
pub(crate) use key_id::{is_placeholder_key_id as is_placeholder, is_uuid};
pub use key_id::{KeyId, KeyIdError};
pub use kms_key::{KmsKeyArn, KmsKeyArnError};
pub use lambda_arn::{LambdaArn, LambdaArnError};
pub use region::{AwsRegion, RegionError};
pub use ssm_parameter::{SsmParameterError, SsmParameterName};

/// Implements `Display`, `AsRef<str>`, serde (as the plain string, re-validated when read) for a
/// validated string newtype with a `parse` constructor and an `as_str` accessor.
macro_rules! string_newtype {
    ($ty:ident, $err:ty) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl core::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::parse(s)
            }
        }
        impl TryFrom<String> for $ty {
            type Error = $err;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $ty::parse(&s)
            }
        }
        impl From<$ty> for String {
            fn from(v: $ty) -> String {
                v.as_str().to_owned()
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                $ty::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_newtype;

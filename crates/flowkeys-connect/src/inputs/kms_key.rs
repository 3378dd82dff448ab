//! The KMS key that encrypts the SecureString parameter.

use super::key_id::is_uuid;
use super::region::is_region;
use crate::text::shorten;

/// Why a KMS key ARN was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KmsKeyArnError {
    /// An alias was given.
    #[error("This is a KMS alias. IAM grants kms:Decrypt on the key itself, so use the key ARN (arn:aws:kms:<region>:<account>:key/<key ID>), shown on the key's page in the KMS console.")]
    Alias,
    /// Not a KMS key ARN.
    #[error("“{shown}” is not a KMS key ARN. It should look like arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab.")]
    Invalid {
        /// The input, shortened for display.
        shown: String,
    },
}

/// A KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`), single- or multi-Region.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KmsKeyArn(String);

impl KmsKeyArn {
    /// Validates a KMS key ARN. Aliases are refused with their own message.
    pub fn parse(input: &str) -> Result<KmsKeyArn, KmsKeyArnError> {
        let text = input.trim();
        if text.starts_with("alias/") || text.contains(":alias/") {
            return Err(KmsKeyArnError::Alias);
        }
        let parts: Vec<&str> = text.split(':').collect();
        let ok = match parts.as_slice() {
            ["arn", partition, "kms", region, account, resource] => {
                matches!(*partition, "aws" | "aws-cn" | "aws-us-gov")
                    && is_region(region)
                    && account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && resource.strip_prefix("key/").is_some_and(|id| {
                        is_uuid(id)
                            || id
                                .strip_prefix("mrk-")
                                .is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
                    })
            }
            _ => false,
        };
        if ok {
            Ok(KmsKeyArn(text.to_owned()))
        } else {
            Err(KmsKeyArnError::Invalid { shown: shorten(text, 80) })
        }
    }

    /// The ARN as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ARN's partition, Region and account (checked by [`KmsKeyArn::parse`]).
    pub fn scope(&self) -> (&str, &str, &str) {
        let mut parts = self.0.split(':').skip(1);
        let partition = parts.next().unwrap_or_default();
        let region = parts.nth(1).unwrap_or_default();
        let account = parts.next().unwrap_or_default();
        (partition, region, account)
    }
}

super::string_newtype!(KmsKeyArn, KmsKeyArnError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_arns() {
        assert!(KmsKeyArn::parse("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab").is_ok());
        assert!(KmsKeyArn::parse("arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab").is_ok());
        assert_eq!(KmsKeyArn::parse("alias/aws/ssm"), Err(KmsKeyArnError::Alias));
        assert_eq!(KmsKeyArn::parse("arn:aws:kms:us-east-1:123456789012:alias/x"), Err(KmsKeyArnError::Alias));
        assert!(KmsKeyArn::parse("1234abcd-12ab-34cd-56ef-1234567890ab").is_err());
        let arn = KmsKeyArn::parse("arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assert_eq!(arn.unwrap().scope(), ("aws-cn", "cn-north-1", "123456789012"));
    }
}

//! The ARN of the decrypt Lambda function the flow invokes.

use super::region::is_region;
use crate::text::shorten;

/// Why a Lambda ARN was refused. Each message says what was wrong and where to find the right
/// value, because "invalid ARN" alone sends admins back to the console guessing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LambdaArnError {
    /// Nothing was entered.
    #[error("Enter the ARN of the decrypt Lambda function, like arn:aws:lambda:us-east-1:123456789012:function:connect-decrypt (shown at the top of the function's page in the Lambda console).")]
    Empty,
    /// A bare function name rather than an ARN.
    #[error("“{shown}” looks like a function name, not an ARN. The flow needs the full function ARN, like arn:aws:lambda:us-east-1:123456789012:function:{shown}; copy it from the top of the function's page in the Lambda console.")]
    BareName {
        /// The input, shortened for display.
        shown: String,
    },
    /// Not an ARN at all.
    #[error("“{shown}” is not an ARN. A Lambda function ARN has the form arn:aws:lambda:<region>:<12-digit account>:function:<name>.")]
    NotAnArn {
        /// The input, shortened for display.
        shown: String,
    },
    /// An ARN of another service.
    #[error("This is an ARN for the service “{service}”, not for Lambda. The flow needs the decrypt function's ARN, which contains “:lambda:” and “:function:”.")]
    WrongService {
        /// The service part of the ARN.
        service: String,
    },
    /// Unknown partition.
    #[error("“{partition}” is not a partition this tool supports. Lambda ARNs start with arn:aws:, arn:aws-cn: or arn:aws-us-gov:.")]
    Partition {
        /// The partition part.
        partition: String,
    },
    /// Not a Region code.
    #[error("“{region}” is not an AWS Region code (like us-east-1). Check the fourth part of the ARN.")]
    Region {
        /// The region part.
        region: String,
    },
    /// Region from another partition.
    #[error("The Region {region} does not belong to the partition {partition}: aws-cn ARNs use cn-… Regions, aws-us-gov ARNs use us-gov-… Regions, and aws uses the rest.")]
    RegionPartitionMismatch {
        /// The region part.
        region: String,
        /// The partition part.
        partition: String,
    },
    /// Account not 12 digits.
    #[error("The account ID “{account}” in the ARN must be exactly 12 digits.")]
    Account {
        /// The account part.
        account: String,
    },
    /// A layer, event-source mapping or other non-function Lambda resource.
    #[error("This Lambda ARN names a “{resource}”, not a function. Use the function's ARN (…:function:<name>).")]
    NotAFunction {
        /// The resource type part.
        resource: String,
    },
    /// Function name outside Lambda's rules.
    #[error("“{name}” is not a valid Lambda function name: use 1 to 64 letters, digits, hyphens or underscores.")]
    FunctionName {
        /// The name part, shortened.
        name: String,
    },
    /// Version/alias qualifier outside Lambda's rules.
    #[error("“{qualifier}” is not a valid version or alias. After the function name you may add :$LATEST, a version number, or an alias of letters, digits, hyphens and underscores.")]
    Qualifier {
        /// The qualifier part, shortened.
        qualifier: String,
    },
    /// More parts than a function ARN has.
    #[error("The ARN has extra parts after the function name and qualifier. A Lambda function ARN ends with function:<name> or function:<name>:<version or alias>.")]
    TrailingParts,
}

/// A validated Lambda function ARN:
/// `arn:aws(-cn|-us-gov)?:lambda:<region>:<12-digit account>:function:<name>[:<qualifier>]`.
///
/// The parts are kept so the IAM policy and the CLI commands can name the same partition,
/// Region and account as the function.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LambdaArn {
    text: String,
    partition: String,
    region: String,
    account: String,
    name: String,
    qualifier: Option<String>,
}

impl LambdaArn {
    /// Validates a pasted function ARN.
    pub fn parse(input: &str) -> Result<LambdaArn, LambdaArnError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(LambdaArnError::Empty);
        }
        if !text.starts_with("arn:") {
            return Err(if valid_function_name(text) {
                LambdaArnError::BareName { shown: shorten(text, 64) }
            } else {
                LambdaArnError::NotAnArn { shown: shorten(text, 80) }
            });
        }
        let parts: Vec<&str> = text.split(':').collect();
        let part = |i: usize| parts.get(i).copied().unwrap_or("");
        let (partition, service, region, account, resource) = (part(1), part(2), part(3), part(4), part(5));
        if parts.len() < 6 {
            return Err(LambdaArnError::NotAnArn { shown: shorten(text, 80) });
        }
        if service != "lambda" {
            return Err(LambdaArnError::WrongService { service: shorten(service, 40) });
        }
        if !matches!(partition, "aws" | "aws-cn" | "aws-us-gov") {
            return Err(LambdaArnError::Partition { partition: shorten(partition, 40) });
        }
        if !is_region(region) {
            return Err(LambdaArnError::Region { region: shorten(region, 40) });
        }
        let region_partition = if region.starts_with("cn-") {
            "aws-cn"
        } else if region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        };
        if region_partition != partition {
            return Err(LambdaArnError::RegionPartitionMismatch {
                region: region.to_owned(),
                partition: partition.to_owned(),
            });
        }
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LambdaArnError::Account { account: shorten(account, 40) });
        }
        if resource != "function" {
            return Err(LambdaArnError::NotAFunction { resource: shorten(resource, 40) });
        }
        let name = part(6);
        if !valid_function_name(name) {
            return Err(LambdaArnError::FunctionName { name: shorten(name, 80) });
        }
        let qualifier = match parts.get(7) {
            None => None,
            Some(q) if valid_qualifier(q) => Some((*q).to_owned()),
            Some(q) => return Err(LambdaArnError::Qualifier { qualifier: shorten(q, 80) }),
        };
        if parts.len() > 8 {
            return Err(LambdaArnError::TrailingParts);
        }
        Ok(LambdaArn {
            text: text.to_owned(),
            partition: partition.to_owned(),
            region: region.to_owned(),
            account: account.to_owned(),
            name: name.to_owned(),
            qualifier,
        })
    }

    /// The whole ARN.
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// `aws`, `aws-cn` or `aws-us-gov`.
    pub fn partition(&self) -> &str {
        &self.partition
    }
    /// The Region code.
    pub fn region(&self) -> &str {
        &self.region
    }
    /// The 12-digit account ID.
    pub fn account_id(&self) -> &str {
        &self.account
    }
    /// The function name.
    pub fn function_name(&self) -> &str {
        &self.name
    }
    /// The version or alias, if the ARN has one.
    pub fn qualifier(&self) -> Option<&str> {
        self.qualifier.as_deref()
    }
}

super::string_newtype!(LambdaArn, LambdaArnError);

fn valid_function_name(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn valid_qualifier(s: &str) -> bool {
    s == "$LATEST"
        || ((1..=128).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_function_arns_with_and_without_qualifier() {
        let arn = LambdaArn::parse(" arn:aws:lambda:eu-west-2:123456789012:function:decrypt ").unwrap();
        assert_eq!(
            (arn.partition(), arn.region(), arn.account_id(), arn.function_name()),
            ("aws", "eu-west-2", "123456789012", "decrypt")
        );
        assert_eq!(arn.qualifier(), None);
        for ok in [
            "arn:aws:lambda:us-east-1:123456789012:function:decrypt:prod",
            "arn:aws:lambda:us-east-1:123456789012:function:decrypt:7",
            "arn:aws:lambda:us-east-1:123456789012:function:decrypt:$LATEST",
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:d",
            "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:d",
        ] {
            assert!(LambdaArn::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn each_mistake_has_its_own_message() {
        use LambdaArnError as E;
        type Check = fn(&E) -> bool;
        let cases: Vec<(&str, Check)> = vec![
            ("", |e| matches!(e, E::Empty)),
            ("connect-decrypt", |e| matches!(e, E::BareName { .. })),
            ("https://console.aws.amazon.com/lambda", |e| matches!(e, E::NotAnArn { .. })),
            ("arn:aws:s3:::bucket", |e| matches!(e, E::WrongService { .. })),
            ("arn:aws-xx:lambda:us-east-1:123456789012:function:d", |e| matches!(e, E::Partition { .. })),
            ("arn:aws:lambda:useast1:123456789012:function:d", |e| matches!(e, E::Region { .. })),
            ("arn:aws:lambda:cn-north-1:123456789012:function:d", |e| matches!(e, E::RegionPartitionMismatch { .. })),
            ("arn:aws:lambda:us-east-1:12345:function:d", |e| matches!(e, E::Account { .. })),
            ("arn:aws:lambda:us-east-1:123456789012:layer:d:1", |e| matches!(e, E::NotAFunction { .. })),
            ("arn:aws:lambda:us-east-1:123456789012:function:bad name", |e| matches!(e, E::FunctionName { .. })),
            ("arn:aws:lambda:us-east-1:123456789012:function:d:bad.q", |e| matches!(e, E::Qualifier { .. })),
            ("arn:aws:lambda:us-east-1:123456789012:function:d:1:2", |e| matches!(e, E::TrailingParts)),
            ("arn:aws:lambda", |e| matches!(e, E::NotAnArn { .. })),
        ];
        for (input, check) in cases {
            let err = LambdaArn::parse(input).unwrap_err();
            assert!(check(&err), "{input:?} gave {err:?}");
            assert!(err.to_string().ends_with('.') || err.to_string().ends_with(')'), "{err}");
        }
    }
}

//! AWS Region codes, used in the ARNs the IAM policy and the CLI commands name.

use crate::text::shorten;

/// Why a Region code was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegionError {
    /// Not shaped like `us-east-1`.
    #[error("“{shown}” is not an AWS Region code. Region codes look like us-east-1, eu-west-2 or us-gov-west-1.")]
    Invalid {
        /// The input, shortened for display.
        shown: String,
    },
}

/// A Region code such as `eu-west-2`.
///
/// Checked by shape (letters, hyphens, a final number) rather than against a list, because new
/// Regions appear faster than a bundled list is updated.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AwsRegion(String);

impl AwsRegion {
    /// Validates a Region code.
    pub fn parse(input: &str) -> Result<AwsRegion, RegionError> {
        let trimmed = input.trim();
        if is_region(trimmed) {
            Ok(AwsRegion(trimmed.to_owned()))
        } else {
            Err(RegionError::Invalid { shown: shorten(trimmed, 40) })
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ARN partition the Region belongs to (`aws`, `aws-cn`, `aws-us-gov`): ARNs built for
    /// it, such as a managed policy's, must use it.
    pub fn partition(&self) -> &'static str {
        if self.0.starts_with("cn-") {
            "aws-cn"
        } else if self.0.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }
}

super::string_newtype!(AwsRegion, RegionError);

/// `[a-z]{2}(-[a-z]+)+-[0-9]{1,2}`, e.g. `us-east-1`, `us-gov-west-1`, `ap-southeast-4`.
pub(crate) fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return false;
    };
    parts.len() >= 3
        && first.len() == 2
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && (1..=2).contains(&last.len())
        && last.bytes().all(|b| b.is_ascii_digit())
        && parts
            .get(1..parts.len().saturating_sub(1))
            .is_some_and(|middle| middle.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_shapes() {
        for ok in ["us-east-1", "eu-west-2", "us-gov-west-1", "cn-north-1", "ap-southeast-4", "il-central-1"] {
            assert!(AwsRegion::parse(ok).is_ok(), "{ok}");
        }
        let partition = |r: &str| AwsRegion::parse(r).map(|r| r.partition()).unwrap_or_default();
        assert_eq!(
            (partition("eu-west-2"), partition("cn-north-1"), partition("us-gov-west-1")),
            ("aws", "aws-cn", "aws-us-gov")
        );
        for bad in ["", "us-east", "US-EAST-1", "useast1", "us-east-100", "u-east-1", "us--1"] {
            assert!(AwsRegion::parse(bad).is_err(), "{bad}");
        }
    }
}

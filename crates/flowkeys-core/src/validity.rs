//! How long the certificate is valid.

use crate::time::UnixTime;

/// The validity an admin asked for, in whole days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ValidityDays(u32);

/// Why a validity was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValidityError {
    /// Not a whole number.
    #[error("Validity must be a whole number of days between {min} and {max}; “{0}” is not a number.", min = ValidityDays::MIN, max = ValidityDays::MAX)]
    NotANumber(String),
    /// Out of range.
    #[error("Validity must be between {min} and {max} days (ten years); {0} is out of range.", min = ValidityDays::MIN, max = ValidityDays::MAX)]
    OutOfRange(i64),
}

impl ValidityDays {
    /// Shortest validity offered.
    pub const MIN: u32 = 1;
    /// Longest validity offered: ten years.
    pub const MAX: u32 = 3650;
    /// AWS's guide uses two years (`-days 730`).
    pub const DEFAULT: ValidityDays = ValidityDays(730);
    /// Beyond this the console warns: 825 days is the longest lifetime public CAs were allowed
    /// to issue, and a long-lived key is a long-lived risk.
    pub const WARN_ABOVE: u32 = 825;

    /// Validates a number of days.
    pub fn new(days: i64) -> Result<ValidityDays, ValidityError> {
        match u32::try_from(days) {
            Ok(d) if (Self::MIN..=Self::MAX).contains(&d) => Ok(ValidityDays(d)),
            _ => Err(ValidityError::OutOfRange(days)),
        }
    }

    /// Validates typed text.
    pub fn parse(text: &str) -> Result<ValidityDays, ValidityError> {
        let t = text.trim();
        match t.parse::<i64>() {
            Ok(days) => ValidityDays::new(days),
            Err(_) => Err(ValidityError::NotANumber(crate::text::shorten(t, 20))),
        }
    }

    /// The number of days.
    pub const fn days(self) -> u32 {
        self.0
    }

    /// A warning to show next to the field, if any.
    pub fn warning(self) -> Option<String> {
        (self.0 > Self::WARN_ABOVE).then(|| {
            format!(
                "{} days is longer than {} days. Long-lived keys give an attacker more time; plan a rotation well before the certificate expires.",
                self.0,
                Self::WARN_ABOVE
            )
        })
    }

    /// `notAfter` for a certificate whose `notBefore` is `from`.
    pub fn not_after(self, from: UnixTime) -> UnixTime {
        from.plus_days(self.0)
    }
}

impl Default for ValidityDays {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_and_warning() {
        assert_eq!(ValidityDays::parse("730").unwrap().days(), 730);
        assert_eq!(ValidityDays::parse(" 1 ").unwrap().days(), 1);
        assert_eq!(ValidityDays::parse("3650").unwrap().days(), 3650);
        assert_eq!(ValidityDays::parse("0"), Err(ValidityError::OutOfRange(0)));
        assert_eq!(ValidityDays::parse("5000"), Err(ValidityError::OutOfRange(5000)));
        assert_eq!(ValidityDays::parse("-3"), Err(ValidityError::OutOfRange(-3)));
        assert_eq!(ValidityDays::parse("2.5"), Err(ValidityError::NotANumber("2.5".into())));
        assert_eq!(ValidityDays::parse(""), Err(ValidityError::NotANumber("".into())));
        assert!(ValidityDays::parse("825").unwrap().warning().is_none());
        assert!(ValidityDays::parse("826").unwrap().warning().unwrap().contains("826 days"));
    }
}

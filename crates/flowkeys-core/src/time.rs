//! Time, passed in by the caller.
//!
//! `SystemTime::now()` panics on `wasm32-unknown-unknown`, so the engine never reads a clock:
//! the browser passes `Date.now()`, native callers pass the system time.

use core::fmt;
use core::time::Duration;
use der::DateTime;

/// Seconds since the Unix epoch (UTC). Certificates cannot express dates before 1950 or after
/// 9999; this type is only ever used for "now" and for certificate validity bounds.
///
/// Serialised as the plain number of seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct UnixTime(pub u64);

/// Seconds in a day.
pub const DAY: u64 = 86_400;

impl UnixTime {
    /// From JavaScript's `Date.now()` (milliseconds, as a float). Negative or non-finite values
    /// (a broken clock) become the epoch rather than panicking.
    pub fn from_js_millis(ms: f64) -> UnixTime {
        if ms.is_finite() && ms > 0.0 {
            // A float-to-integer `as` saturates in Rust (a value beyond u64::MAX seconds becomes
            // u64::MAX) and drops the fraction, which is the rounding wanted here.
            #[allow(clippy::cast_possible_truncation)]
            let seconds = (ms / 1000.0) as u64;
            UnixTime(seconds)
        } else {
            UnixTime(0)
        }
    }

    /// The current system time. Native targets only.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn now() -> UnixTime {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        UnixTime(since.as_secs())
    }

    /// This time plus a number of whole days (saturating).
    pub fn plus_days(self, days: u32) -> UnixTime {
        UnixTime(self.0.saturating_add(u64::from(days) * DAY))
    }

    /// The calendar date and time, if representable in a certificate (years 1970–9999).
    pub fn to_date_time(self) -> Option<DateTime> {
        DateTime::from_unix_duration(Duration::from_secs(self.0)).ok()
    }

    /// `YYYY-MM-DD` (UTC), used in file names.
    pub fn date_string(self) -> String {
        match self.to_date_time() {
            Some(dt) => format!("{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day()),
            None => "unknown-date".to_owned(),
        }
    }

    /// Whole days from `self` until `later` (negative when `later` is in the past), rounded
    /// towards negative infinity so "expires in 0 days" means "today".
    pub fn days_until(self, later: UnixTime) -> i64 {
        // Two 64-bit values: their difference always fits in an i128.
        let diff = i128::from(later.0).saturating_sub(i128::from(self.0));
        let days = diff.div_euclid(i128::from(DAY));
        i64::try_from(days).unwrap_or(if days < 0 { i64::MIN } else { i64::MAX })
    }
}

impl fmt::Display for UnixTime {
    /// `YYYY-MM-DD HH:MM:SS UTC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_date_time() {
            Some(dt) => write!(
                f,
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
                dt.year(),
                dt.month(),
                dt.day(),
                dt.hour(),
                dt.minutes(),
                dt.seconds()
            ),
            None => write!(f, "{} seconds after 1970-01-01 UTC", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        let t = UnixTime(1_795_450_430); // 2026-11-23 16:13:50 UTC
        assert_eq!(t.date_string(), "2026-11-23");
        assert_eq!(t.to_string(), "2026-11-23 16:13:50 UTC");
    }

    #[test]
    fn js_millis_are_clamped() {
        assert_eq!(UnixTime::from_js_millis(1_795_450_430_999.0), UnixTime(1_795_450_430));
        assert_eq!(UnixTime::from_js_millis(f64::NAN), UnixTime(0));
        assert_eq!(UnixTime::from_js_millis(-5.0), UnixTime(0));
    }

    #[test]
    fn days_until_rounds_down() {
        let now = UnixTime(10 * DAY);
        assert_eq!(now.days_until(UnixTime(10 * DAY + 5)), 0);
        assert_eq!(now.days_until(UnixTime(12 * DAY)), 2);
        assert_eq!(now.days_until(UnixTime(10 * DAY - 1)), -1);
        assert_eq!(now.days_until(now.plus_days(730)), 730);
    }
}

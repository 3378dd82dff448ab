//! The test value an admin types for an encryption preview.
//!
//! Connect stores exactly the digits a caller keys in, so the preview does the same: spaces and
//! dashes (how people write card numbers) are dropped, anything else is refused, and a number
//! that fails the Luhn check gets a warning, not a block — a caller can mistype, and the
//! decrypting Lambda must cope with that too.

use core::fmt;

/// Longest test value accepted (Connect's DTMF capture is far shorter; this only bounds input).
pub const MAX_DIGITS: usize = 64;

/// Why a test value was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TestInputError {
    /// Nothing but separators.
    #[error("Enter a test value: the digits a caller would key in, such as the test card number 4111 1111 1111 1111.")]
    Empty,
    /// A character a phone keypad cannot send.
    #[error("“{character}” cannot be keyed in on a phone keypad. Use digits only (spaces and dashes are removed).")]
    NotADigit {
        /// The offending character.
        character: char,
    },
    /// Longer than any capture.
    #[error("That is {0} digits; the preview accepts at most {MAX_DIGITS}.")]
    TooLong(usize),
}

/// A normalised test value: ASCII digits only.
#[derive(Clone, PartialEq, Eq)]
pub struct TestInput(String);

impl fmt::Debug for TestInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TestInput({})", self.masked())
    }
}

/// Removes spaces and dashes and checks that only digits remain. `*` and `#` are refused too:
/// Connect ends DTMF entry with `#` and never stores it.
pub fn normalise_digits(text: &str) -> Result<TestInput, TestInputError> {
    let mut digits = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '\u{a0}' | '\t' | '\n' | '\r' => {}
            other => return Err(TestInputError::NotADigit { character: other }),
        }
    }
    match digits.len() {
        0 => Err(TestInputError::Empty),
        n if n > MAX_DIGITS => Err(TestInputError::TooLong(n)),
        _ => Ok(TestInput(digits)),
    }
}

impl TestInput {
    /// The digits.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// Whether the digits pass the Luhn check (every payment card number does).
    pub fn luhn_valid(&self) -> bool {
        crate::contract::luhn_valid(&self.0)
    }

    /// A warning to show when the value does not look like a card number.
    pub fn luhn_warning(&self) -> Option<String> {
        (!self.luhn_valid()).then(|| {
            format!(
                "{} fails the Luhn check, so it is not a valid card number. Connect encrypts it anyway (it stores whatever is keyed in); the generated Lambda answers INVALID_CHECKSUM for such card numbers.",
                self.masked()
            )
        })
    }

    /// All but the last four digits replaced by `•`.
    pub fn masked(&self) -> String {
        flowkeys_core::text::mask(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_separators_and_refuses_other_characters() {
        assert_eq!(normalise_digits(" 4111-1111 1111 1111\n").unwrap().digits(), "4111111111111111");
        assert_eq!(normalise_digits("  - "), Err(TestInputError::Empty));
        assert_eq!(normalise_digits("4111x"), Err(TestInputError::NotADigit { character: 'x' }));
        assert_eq!(normalise_digits("123#"), Err(TestInputError::NotADigit { character: '#' }));
        assert_eq!(normalise_digits(&"1".repeat(65)), Err(TestInputError::TooLong(65)));
        assert_eq!(normalise_digits("٣"), Err(TestInputError::NotADigit { character: '٣' }));
    }

    #[test]
    fn luhn_known_answers() {
        for good in ["4111111111111111", "5555555555554444", "378282246310005", "0"] {
            assert!(normalise_digits(good).unwrap().luhn_valid(), "{good}");
        }
        for bad in ["4111111111111112", "1236547891321456", "1"] {
            let t = normalise_digits(bad).unwrap();
            assert!(!t.luhn_valid(), "{bad}");
            assert!(t.luhn_warning().unwrap().contains("fails the Luhn check"));
        }
        assert!(normalise_digits("4111111111111111").unwrap().luhn_warning().is_none());
    }

    #[test]
    fn masks_all_but_last_four() {
        assert_eq!(normalise_digits("4111111111111111").unwrap().masked(), "••••••••••••1111");
        assert_eq!(normalise_digits("123").unwrap().masked(), "123");
        assert_eq!(format!("{:?}", normalise_digits("987654321").unwrap()), "TestInput(•••••4321)");
    }
}

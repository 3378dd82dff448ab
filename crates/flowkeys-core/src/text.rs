//! Small text helpers for error messages.

/// At most `max` characters of `s`, with an ellipsis when cut (never splits a character), so an
/// error message quoting a pasted value stays readable even when the paste was a whole file.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Every character but the last four replaced by `•`: how a card number or other secret is
/// shown until the admin asks to see it.
pub fn mask(s: &str) -> String {
    let n = s.chars().count();
    let masked = n.saturating_sub(4);
    s.chars().enumerate().map(|(i, c)| if i < masked { '•' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::{mask, shorten};

    #[test]
    fn masks_all_but_the_last_four() {
        assert_eq!(mask("4111111111111111"), "••••••••••••1111");
        assert_eq!(mask("123"), "123");
        assert_eq!(mask("ééééé"), "•éééé");
    }

    #[test]
    fn shortens_on_character_boundaries() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("ééééé", 2), "éé…");
    }
}

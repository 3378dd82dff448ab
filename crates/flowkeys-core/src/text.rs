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

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shortens_on_character_boundaries() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("ééééé", 2), "éé…");
    }
}

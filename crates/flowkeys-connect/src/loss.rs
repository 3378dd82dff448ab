//! When taking a key set away could lose something that cannot be had back, and the sentence
//! that says so before the admin confirms.

/// Why removing a key set needs a confirmation, or `None` when nothing would be lost.
///
/// `saved`: its private key exists outside this tab (downloaded, copied, backed up, imported).
/// `registered`: it is marked as registered in Connect, so calls may be encrypted for it.
pub fn removal_warning(saved: bool, registered: bool) -> Option<&'static str> {
    match (saved, registered) {
        (false, true) => Some(
            "This is the only copy of the private key, and the key is registered in Connect: calls encrypted for it could never be decrypted.",
        ),
        (false, false) => Some("This is the only copy of the private key: it was never downloaded, copied or backed up."),
        (true, true) => Some(
            "This key set is registered in Connect: keep its private key where the Lambda reads it, or card numbers encrypted for it cannot be decrypted.",
        ),
        (true, false) => None,
    }
}

/// Why clearing everything needs a confirmation: the warning for the first key set (of
/// `(saved, registered)` pairs) that has one, with how many more are at risk.
pub fn clear_warning(sets: &[(bool, bool)]) -> Option<String> {
    let risky: Vec<&'static str> = sets.iter().filter_map(|(s, r)| removal_warning(*s, *r)).collect();
    let first = risky.first()?;
    Some(match risky.len() {
        1 => (*first).to_owned(),
        n => format!("{n} key sets would be lost. {first}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_saved_unregistered_set_goes_without_asking() {
        assert_eq!(removal_warning(true, false), None);
        assert!(removal_warning(false, false).is_some_and(|w| w.contains("only copy")));
        assert!(removal_warning(true, true).is_some_and(|w| w.contains("registered in Connect")));
        assert!(removal_warning(false, true).is_some_and(|w| w.contains("only copy") && w.contains("registered")));
    }

    #[test]
    fn clear_asks_when_any_set_is_at_risk() {
        assert_eq!(clear_warning(&[]), None);
        assert_eq!(clear_warning(&[(true, false), (true, false)]), None);
        assert!(clear_warning(&[(true, false), (false, false)]).is_some_and(|w| w.starts_with("This is the only copy")));
        assert!(clear_warning(&[(false, false), (true, true)]).is_some_and(|w| w.starts_with("2 key sets")));
    }
}

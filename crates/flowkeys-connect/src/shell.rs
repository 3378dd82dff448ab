//! POSIX shell quoting for the generated commands.

/// Quotes `value` as one shell word. Plain words stay as they are so commands remain readable;
/// anything else is wrapped in single quotes, inside which the shell expands nothing, with each
/// `'` written as `'\''`.
pub(crate) fn quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'_' | b'-' | b'.' | b'/' | b':' | b'@' | b'%' | b'+' | b'=' | b',')
        });
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(
            quote("arn:aws:lambda:us-east-1:123456789012:function:x"),
            "arn:aws:lambda:us-east-1:123456789012:function:x"
        );
        assert_eq!(quote("file://flow.json"), "file://flow.json");
        assert_eq!(quote("My flow"), "'My flow'");
        assert_eq!(quote("it's $(rm -rf ~)"), "'it'\\''s $(rm -rf ~)'");
        assert_eq!(quote(""), "''");
    }
}

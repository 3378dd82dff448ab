//! Splitting text into PEM blocks, leniently.
//!
//! Admins paste whatever they have: OpenSSL's `Bag Attributes` preamble, several blocks in one
//! file, Windows line endings, a PEM that went through JSON (`\n` as two characters), a block
//! with `Proc-Type` headers. This reader finds every `-----BEGIN X-----` … `-----END X-----`
//! pair, keeps the label and headers, and decodes the body with constant-time Base64 into a
//! zeroizing buffer (the body may be a private key). It is our own small loop rather than the
//! `pem` crate because that crate keeps decoded bodies in ordinary, never-wiped vectors.

use zeroize::Zeroizing;

/// One PEM block.
pub(crate) struct PemBlock {
    /// The type label, e.g. `PRIVATE KEY`.
    pub label: String,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`), in order.
    pub headers: Vec<(String, String)>,
    /// The decoded body.
    pub der: Zeroizing<Vec<u8>>,
}

/// Why a PEM block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PemProblem {
    /// A BEGIN line without its END line.
    Unterminated { label: String },
    /// The END label differs from the BEGIN label.
    MismatchedEnd { begin: String, end: String },
    /// The body is not valid Base64.
    BadBase64 { label: String },
}

/// Whether `text` contains at least one PEM BEGIN line.
pub(crate) fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// Undoes the damage of a PEM that travelled through JSON or a shell: surrounding quotes and
/// literal `\n` / `\r\n` sequences (as found in `aws ssm get-parameter` output or a
/// CloudFormation template). Only applied when the text holds no real line break inside a block.
pub(crate) fn unescape_if_json_like(text: &str) -> Option<Zeroizing<String>> {
    if !text.contains("\\n") {
        return None;
    }
    let begin = text.find("-----BEGIN ")?;
    let rest = text.get(begin..)?;
    // A genuine PEM body has a real newline right after the BEGIN line.
    let first_line_end = rest.find('\n').unwrap_or(rest.len());
    if !rest.get(..first_line_end)?.contains("\\n") {
        return None;
    }
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('n') => {
                    chars.next();
                    out.push('\n');
                    continue;
                }
                Some('r') => {
                    chars.next();
                    continue;
                }
                Some('/') => {
                    chars.next();
                    out.push('/');
                    continue;
                }
                _ => {}
            }
        }
        if c == '"' {
            continue;
        }
        out.push(c);
    }
    Some(out)
}

/// Every PEM block in `text`, in order. Text outside blocks is ignored.
///
/// Linear in the size of `text`: each block's lines are visited twice (once to find its END
/// line and size its body exactly, once to copy the body), so many tiny blocks cost no more
/// than one big one. The body buffer is sized exactly before it is filled because a growing
/// buffer would leave unwiped copies of a private key behind when it reallocates.
pub(crate) fn parse_blocks(text: &str) -> Result<Vec<PemBlock>, PemProblem> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(|l| l.trim());
    while let Some(line) = lines.next() {
        let Some(label) = boundary(line, "-----BEGIN ") else {
            continue;
        };
        let label = label.to_owned();
        // The block's lines up to its END line (borrowed views into `text`, not copies).
        let mut inner_lines = Vec::new();
        let mut ended = false;
        for inner in lines.by_ref() {
            if let Some(end) = boundary(inner, "-----END ") {
                if end != label {
                    return Err(PemProblem::MismatchedEnd { begin: label, end: end.to_owned() });
                }
                ended = true;
                break;
            }
            inner_lines.push(inner);
        }
        if !ended {
            return Err(PemProblem::Unterminated { label });
        }
        let mut headers = Vec::new();
        let mut body_start = inner_lines.len();
        for (i, inner) in inner_lines.iter().enumerate() {
            if let Some((k, v)) = header(inner) {
                headers.push((k, v));
                continue;
            }
            // `i` indexes `inner_lines`, so `i + 1` is at most its length.
            body_start = if inner.is_empty() { i.saturating_add(1) } else { i };
            break;
        }
        let body_lines = inner_lines.get(body_start..).unwrap_or_default();
        let size: usize =
            body_lines.iter().flat_map(|l| l.chars()).filter(|c| !c.is_whitespace()).map(char::len_utf8).sum();
        let mut body = Zeroizing::new(String::with_capacity(size));
        for inner in body_lines {
            body.extend(inner.chars().filter(|c| !c.is_whitespace()));
        }
        let der = decode_base64(&body).ok_or_else(|| PemProblem::BadBase64 { label: label.clone() })?;
        blocks.push(PemBlock { label, headers, der });
    }
    Ok(blocks)
}

/// `-----BEGIN LABEL-----` → `LABEL`.
fn boundary<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----").map(str::trim)
}

/// `Name: value` header lines (RFC 1421), only before the body starts.
fn header(line: &str) -> Option<(String, String)> {
    let (k, v) = line.split_once(':')?;
    let k = k.trim();
    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    Some((k.to_owned(), v.trim().to_owned()))
}

/// Standard Base64 with padding, whitespace already removed. Accepts a missing final padding.
pub(crate) fn decode_base64(body: &str) -> Option<Zeroizing<Vec<u8>>> {
    use base64ct::{Base64, Base64Unpadded, Encoding};
    if body.is_empty() {
        return None;
    }
    if let Ok(v) = Base64::decode_vec(body) {
        return Some(Zeroizing::new(v));
    }
    Base64Unpadded::decode_vec(body.trim_end_matches('=')).ok().map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_among_text_and_headers() {
        let text = "Bag Attributes\n    localKeyID: 01\nsubject=CN=x\r\n-----BEGIN CERTIFICATE-----\r\nAQID\r\nBA==\r\n-----END CERTIFICATE-----\r\n\
                    junk\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,00\n\nBQY=\n-----END RSA PRIVATE KEY-----\n";
        let blocks = parse_blocks(text).unwrap();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].label, "CERTIFICATE");
        assert_eq!(&blocks[0].der[..], &[1, 2, 3, 4]);
        assert_eq!(blocks[1].headers[0], ("Proc-Type".to_owned(), "4,ENCRYPTED".to_owned()));
        assert_eq!(&blocks[1].der[..], &[5, 6]);
    }

    #[test]
    fn reports_broken_blocks() {
        assert_eq!(
            parse_blocks("-----BEGIN X-----\nAQID\n").err(),
            Some(PemProblem::Unterminated { label: "X".into() })
        );
        assert!(matches!(
            parse_blocks("-----BEGIN X-----\nAQID\n-----END Y-----").err(),
            Some(PemProblem::MismatchedEnd { .. })
        ));
        assert!(matches!(
            parse_blocks("-----BEGIN X-----\n!!!!\n-----END X-----").err(),
            Some(PemProblem::BadBase64 { .. })
        ));
        assert!(matches!(parse_blocks("-----BEGIN X-----\n-----END X-----").err(), Some(PemProblem::BadBase64 { .. })));
    }

    #[test]
    fn four_megabytes_of_tiny_blocks_scan_in_linear_time() {
        // Issue 11, finding 4: each block used to allocate and wipe an input-sized buffer
        // (4 MB of tiny blocks: 4.2 s at opt-level 3; quadratic, so minutes in a debug build).
        let block = "-----BEGIN X-----\nAA==\n-----END X-----\n";
        let text = block.repeat((4 << 20) / block.len());
        let start = std::time::Instant::now();
        let blocks = parse_blocks(&text).unwrap();
        assert_eq!(blocks.len(), (4 << 20) / block.len());
        assert!(start.elapsed() < std::time::Duration::from_secs(15), "{:?}", start.elapsed());
        assert!(blocks.iter().all(|b| b.der.len() == 1));
    }

    #[test]
    fn json_escaped_pem_is_restored() {
        let text = "\"-----BEGIN PUBLIC KEY-----\\nAQID\\n-----END PUBLIC KEY-----\\n\"";
        let fixed = unescape_if_json_like(text).unwrap();
        let blocks = parse_blocks(&fixed).unwrap();
        assert_eq!(&blocks[0].der[..], &[1, 2, 3]);
        assert!(unescape_if_json_like("-----BEGIN X-----\nAQID\\n\n-----END X-----").is_none());
    }
}

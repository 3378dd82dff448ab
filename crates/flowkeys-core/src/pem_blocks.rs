//! The one PEM scanner of the engine: splitting text into PEM blocks, leniently.
//!
//! Admins paste whatever they have: OpenSSL's `Bag Attributes` preamble, several blocks in one
//! file, Windows line endings, a PEM that went through JSON (`\n` as two characters, quotes
//! around it, a `"Value": "-----BEGIN …` prefix on the BEGIN line), a block with `Proc-Type`
//! headers. This reader finds every `-----BEGIN X-----` … `-----END X-----` pair, keeps the
//! label and headers, and decodes the body with constant-time Base64 into a zeroizing buffer
//! (the body may be a private key). It is our own small loop rather than the `pem` crate because
//! that crate keeps decoded bodies in ordinary, never-wiped vectors, and because this loop is
//! linear in the size of its input however the blocks are shaped (see `tests/hostile_inputs.rs`).
//!
//! Every crate reads PEM through here: import (`crate::import`), the ESDK's key loader and
//! Connect's certificate check.

use zeroize::Zeroizing;

/// One PEM block. `Debug` shows the label and length only (the body may be a private key).
pub struct PemBlock {
    /// The type label, e.g. `PRIVATE KEY`.
    pub label: String,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`), in order.
    pub headers: Vec<(String, String)>,
    /// The decoded body, wiped on drop.
    pub der: Zeroizing<Vec<u8>>,
}

impl PemBlock {
    /// Whether the block carries OpenSSL's legacy encryption header (`Proc-Type: 4,ENCRYPTED`).
    pub fn is_legacy_encrypted(&self) -> bool {
        self.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("Proc-Type") && v.contains("ENCRYPTED"))
    }
}

impl std::fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PemBlock({}, {} bytes, redacted)", self.label, self.der.len())
    }
}

/// Why a PEM block could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemProblem {
    /// A BEGIN line without its END line.
    Unterminated {
        /// The BEGIN label.
        label: String,
    },
    /// The END label differs from the BEGIN label.
    MismatchedEnd {
        /// The BEGIN label.
        begin: String,
        /// The END label.
        end: String,
    },
    /// The body is not valid Base64.
    BadBase64 {
        /// The BEGIN label.
        label: String,
    },
}

/// Whether `text` contains at least one PEM BEGIN marker.
pub fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// The labels of every `-----BEGIN <label>-----` marker in `text`, in order, whether or not the
/// block is complete (enough to tell a certificate from a key without decoding anything).
pub fn labels(text: &str) -> Vec<&str> {
    let mut labels = Vec::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once("-----BEGIN ") {
        let Some((label, tail)) = after.split_once("-----") else {
            break;
        };
        labels.push(label.trim());
        rest = tail;
    }
    labels
}

/// Undoes the damage of a PEM that travelled through JSON or a shell: surrounding quotes and
/// literal `\n` / `\r\n` sequences (as found in `aws ssm get-parameter` output or a
/// CloudFormation template). Only applied when the text holds no real line break inside a block.
pub fn unescape_if_json_like(text: &str) -> Option<Zeroizing<String>> {
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

/// Every PEM block in `text`, JSON-escaped line breaks undone first ([`unescape_if_json_like`]):
/// the entry point for callers that take a pasted or stored PEM as it comes.
///
/// # Errors
/// As [`parse_blocks`].
pub fn read_blocks(text: &str) -> Result<Vec<PemBlock>, PemProblem> {
    let unescaped = unescape_if_json_like(text);
    parse_blocks(unescaped.as_ref().map_or(text, |s| s.as_str()))
}

/// Every PEM block in `text`, in order. Text outside blocks is ignored, and so is text before
/// the BEGIN marker on its line and after the END marker on its line (`key: "-----BEGIN …`).
///
/// Linear in the size of `text`: each block's lines are visited twice (once to find its END
/// line and size its body exactly, once to copy the body), so many tiny blocks cost no more
/// than one big one. The body buffer is sized exactly before it is filled because a growing
/// buffer would leave unwiped copies of a private key behind when it reallocates.
///
/// # Errors
/// The first block without END line, with another label on its END line, or whose body is not
/// Base64.
pub fn parse_blocks(text: &str) -> Result<Vec<PemBlock>, PemProblem> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line.find("-----BEGIN ").and_then(|at| line.get(at..)).and_then(|l| marker(l, "-----BEGIN "))
        else {
            continue;
        };
        let label = label.to_owned();
        // The block's lines up to its END line (borrowed views into `text`, not copies).
        let mut inner_lines = Vec::new();
        let mut ended = false;
        for inner in lines.by_ref() {
            if let Some(end) = marker(inner, "-----END ") {
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
        let mut body_lines = inner_lines.as_slice();
        while let Some((first, rest)) = body_lines.split_first() {
            if let Some((k, v)) = header(first) {
                headers.push((k, v));
                body_lines = rest;
                continue;
            }
            if first.is_empty() {
                // The blank line that ends the headers.
                body_lines = rest;
            }
            break;
        }
        let size: usize = body_lines
            .iter()
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .map(char::len_utf8)
            .fold(0, usize::saturating_add);
        let mut body = Zeroizing::new(String::with_capacity(size));
        for inner in body_lines {
            body.extend(inner.chars().filter(|c| !c.is_whitespace()));
        }
        let der = decode_base64(&body).ok_or_else(|| PemProblem::BadBase64 { label: label.clone() })?;
        blocks.push(PemBlock { label, headers, der });
    }
    Ok(blocks)
}

/// `-----BEGIN LABEL-----…` → `LABEL` (anything after the closing dashes is ignored).
fn marker<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let (label, _) = line.strip_prefix(prefix)?.split_once("-----")?;
    Some(label.trim())
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
pub fn decode_base64(body: &str) -> Option<Zeroizing<Vec<u8>>> {
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

    #[test]
    fn markers_may_share_their_line_with_other_text() {
        // `aws ssm get-parameter` output after unescaping: a key before BEGIN, a comma after END.
        let text = "\"Value\": \"-----BEGIN PUBLIC KEY-----\\nAQID\\n-----END PUBLIC KEY-----\",";
        let blocks = read_blocks(text).unwrap();
        assert_eq!(blocks[0].label, "PUBLIC KEY");
        assert_eq!(&blocks[0].der[..], &[1, 2, 3]);
        let plain = "key: -----BEGIN X-----\nAQID\n-----END X-----, trailing\n";
        assert_eq!(&parse_blocks(plain).unwrap()[0].der[..], &[1, 2, 3]);
    }

    #[test]
    fn labels_encryption_header_and_redacted_debug() {
        assert_eq!(
            labels("-----BEGIN CERTIFICATE-----\n-----BEGIN  RSA PRIVATE KEY -----"),
            ["CERTIFICATE", "RSA PRIVATE KEY"]
        );
        assert!(labels("-----BEGIN ").is_empty());
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nBQY=\n-----END RSA PRIVATE KEY-----";
        let block = parse_blocks(text).unwrap().remove(0);
        assert!(block.is_legacy_encrypted());
        assert_eq!(format!("{block:?}"), "PemBlock(RSA PRIVATE KEY, 2 bytes, redacted)");
    }
}

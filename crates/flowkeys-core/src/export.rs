//! Converting and packaging key material: password-encrypted PKCS#8, PKCS#12 bundles, PEM as a
//! JSON string, and a calendar reminder before the certificate expires.
//!
//! What goes where: the decrypting Lambda and the SSM SecureString want the **unencrypted**
//! PKCS#8 PEM ([`crate::PrivateKeyPem`]). The encrypted forms here are for backups and for
//! handing keys between people; they are useless to the Lambda without their password.

use crate::cert::{CertError, CertificateSummary};
use crate::keys::{KeyError, PrivateKeyDer};
use crate::keyset::KeySet;
use crate::pbe::{self, EXPORT_ITERATIONS};
use crate::pem::EncryptedPrivateKeyPem;
use crate::time::UnixTime;
use core::fmt;
use der::Encode;
use zeroize::Zeroizing;

/// Passwords shorter than this are refused for exports: the encryption is only as strong as
/// the password, and a backup may be attacked offline for as long as the attacker likes.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The password is too short.
    #[error("Choose a password of at least {MIN_PASSWORD_CHARS} characters. The file can be attacked offline, so a longer passphrase of several words is better.")]
    WeakPassword,
    /// A key problem.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A certificate problem.
    #[error(transparent)]
    Certificate(#[from] CertError),
    /// Encryption or encoding failed.
    #[error("The file could not be written: {0}. Try again.")]
    Encoding(String),
}

/// How to derive the encryption key from the password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProtection {
    /// PBKDF2-HMAC-SHA256 with this many iterations, AES-256-CBC. Every OpenSSL since 1.1
    /// reads it. Use [`EXPORT_ITERATIONS`] (600 000, OWASP's 2023 figure) unless a slow device
    /// forces fewer.
    Pbkdf2Sha256 {
        /// Iteration count (at least 100 000 is enforced).
        iterations: u32,
    },
    /// scrypt with N=16384, r=8, p=1, AES-256-CBC: memory-hard, so GPU guessing is costly.
    /// The parameters are OpenSSL's own: OpenSSL refuses to read scrypt needing more than
    /// 32 MiB, which rules out OWASP's N=2¹⁷.
    Scrypt,
}

impl Default for PasswordProtection {
    fn default() -> Self {
        PasswordProtection::Pbkdf2Sha256 { iterations: EXPORT_ITERATIONS }
    }
}

fn check_password(password: &str) -> Result<(), ExportError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err(ExportError::WeakPassword)
    } else {
        Ok(())
    }
}

fn iterations_ok(iterations: u32) -> Result<u32, ExportError> {
    // Capped below the import limit so that a file exported here always imports again.
    if (100_000..=pbe::MAX_EXPORT_ITERATIONS).contains(&iterations) {
        Ok(iterations)
    } else {
        Err(ExportError::Encoding(format!(
            "{iterations} iterations is outside the accepted range (100000 to {})",
            pbe::MAX_EXPORT_ITERATIONS
        )))
    }
}

fn random<const N: usize>() -> Result<[u8; N], ExportError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| {
        ExportError::Encoding("the browser or operating system refused to supply random numbers".into())
    })?;
    Ok(bytes)
}

impl PrivateKeyDer {
    /// `-----BEGIN ENCRYPTED PRIVATE KEY-----` (PKCS#8 with PBES2, AES-256-CBC), for backups.
    /// `openssl pkey -in key.pem -passin pass:…` reads it. Slow by design (see
    /// [`PasswordProtection`]): run it off the browser's main thread.
    pub fn to_encrypted_pkcs8_pem(
        &self,
        password: &str,
        protection: PasswordProtection,
    ) -> Result<EncryptedPrivateKeyPem, ExportError> {
        check_password(password)?;
        let salt = random::<16>()?;
        let iv = random::<16>()?;
        let params = match protection {
            PasswordProtection::Pbkdf2Sha256 { iterations } => {
                pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(iterations_ok(iterations)?, &salt, iv)
            }
            PasswordProtection::Scrypt => {
                let p = pkcs5::scrypt::Params::new(14, 8, 1).map_err(|e| ExportError::Encoding(e.to_string()))?;
                pkcs5::pbes2::Parameters::generate_scrypt_aes256cbc(p, &salt, iv)
            }
        }
        .map_err(|e| ExportError::Encoding(e.to_string()))?;
        let ciphertext =
            params.encrypt(password.as_bytes(), self.pkcs8_der()).map_err(|e| ExportError::Encoding(e.to_string()))?;
        let info = pkcs8::EncryptedPrivateKeyInfoRef {
            encryption_algorithm: pkcs5::EncryptionScheme::from(params),
            encrypted_data: der::asn1::OctetStringRef::new(&ciphertext)
                .map_err(|e| ExportError::Encoding(e.to_string()))?,
        };
        let der = Zeroizing::new(info.to_der().map_err(|e| ExportError::Encoding(e.to_string()))?);
        let pem = der::pem::encode_string("ENCRYPTED PRIVATE KEY", der::pem::LineEnding::LF, &der)
            .map_err(|e| ExportError::Encoding(e.to_string()))?;
        Ok(EncryptedPrivateKeyPem::new_unchecked(Zeroizing::new(pem)))
    }
}

/// A PKCS#12 (`.p12`/`.pfx`) file. It holds the private key (encrypted), so `Debug` only
/// shows its size.
#[derive(Clone, PartialEq, Eq)]
pub struct Pkcs12Der(Vec<u8>);

impl Pkcs12Der {
    /// The file's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Pkcs12Der {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pkcs12Der({} bytes)", self.0.len())
    }
}

/// Exports a key set as a PKCS#12 bundle in the layout OpenSSL 3 writes by default: key and
/// certificate each encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and an HMAC-SHA256
/// MAC, all with `iterations` rounds ([`EXPORT_ITERATIONS`] is the sensible value). The
/// friendly name is the certificate's Common Name. `openssl pkcs12 -in x.p12 -noenc` opens it.
///
/// A backup and transfer format (Windows, Java keystores, KeyStore Explorer); the Lambda wants
/// the unencrypted PKCS#8 PEM instead.
pub fn export_pkcs12(set: &KeySet, password: &str, iterations: u32) -> Result<Pkcs12Der, ExportError> {
    check_password(password)?;
    let cn = set.summary().subject.split(',').find_map(|rdn| rdn.strip_prefix("CN="));
    crate::p12::build(set.private_key().pkcs8_der(), set.certificate_der(), password, iterations_ok(iterations)?, cn)
        .map(Pkcs12Der)
        .map_err(ExportError::Encoding)
}

/// Any text (typically a PEM) as a JSON string literal, quotes included, line breaks as `\n`:
/// ready for a CloudFormation/CDK/Terraform parameter or `aws ssm put-parameter --cli-input-json`.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len().saturating_add(16));
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Legal in JSON but not in older JavaScript string literals.
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An RFC 5545 calendar file with one all-day event `days_before` days before the certificate
/// expires (or today, if that day has passed), with a display alarm at 09:00 that day.
///
/// Deterministic: the UID comes from the certificate's SHA-256 fingerprint and the lead time,
/// and `DTSTAMP` is `now`, so exporting twice gives the same file and calendars de-duplicate
/// it. CRLF line endings, lines folded at 75 octets, text escaped as RFC 5545 requires.
pub fn expiry_reminder_ics(summary: &CertificateSummary, days_before: u32, now: UnixTime) -> String {
    let expiry = summary.not_after;
    let remind = UnixTime(expiry.0.saturating_sub(u64::from(days_before) * crate::time::DAY)).max(now);
    let day = |t: UnixTime| match t.to_date_time() {
        Some(d) => format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
        None => "19700101".to_owned(),
    };
    let stamp = match now.to_date_time() {
        Some(d) => format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minutes(),
            d.seconds()
        ),
        None => "19700101T000000Z".to_owned(),
    };
    let name = summary.subject.split(',').find_map(|rdn| rdn.strip_prefix("CN=")).unwrap_or(&summary.subject);
    let title =
        format!("Rotate the Amazon Connect flow security key “{name}” (certificate expires {})", expiry.date_string());
    let description = format!(
        "The certificate {subject} (SHA-256 {fp}) expires on {expiry}.\n\
         Before then: generate a new key set, add its public key in Amazon Connect (Flows > Flow security keys > Add key), \
         put its certificate and Key ID in every Store customer input block, store its private key for the decrypting Lambda, \
         then remove the old key. Connect holds at most two keys, so both can be live during the switch.",
        subject = summary.subject,
        fp = summary.certificate_sha256,
        expiry = expiry,
    );
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Flowkeys//Certificate expiry reminder//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}-{days_before}d@flowkeys", summary.certificate_sha256.to_hex()),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", day(remind)),
        format!("DTEND;VALUE=DATE:{}", day(remind.plus_days(1))),
        format!("SUMMARY:{}", ics_text(&title)),
        format!("DESCRIPTION:{}", ics_text(&description)),
        "TRANSP:TRANSPARENT".to_owned(),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", ics_text(&title)),
        "TRIGGER;RELATED=START:PT9H".to_owned(),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut out = String::new();
    for l in &lines {
        fold(l, &mut out);
    }
    out
}

/// RFC 5545 TEXT escaping.
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a UTF-8 character), CRLF-terminated;
/// continuation lines start with one space.
fn fold(line: &str, out: &mut String) {
    let mut used = 0usize;
    for c in line.chars() {
        let len = c.len_utf8();
        // `used` is a position within one folded line (at most 75 + 4), far from overflowing.
        if used.saturating_add(len) > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used = used.saturating_add(len);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_string_escapes() {
        assert_eq!(json_string("a\"b\\c\nd\r\u{1}\u{2028}é"), "\"a\\\"b\\\\c\\nd\\r\\u0001\\u2028é\"");
        let pem = "-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----\n";
        assert_eq!(json_string(pem), "\"-----BEGIN PUBLIC KEY-----\\nAQID\\n-----END PUBLIC KEY-----\\n\"");
    }

    #[test]
    fn folding_respects_octets_and_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        fold(&long, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded: String = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(matches!(check_password("short"), Err(ExportError::WeakPassword)));
        assert!(check_password("eight ch").is_ok());
        assert!(iterations_ok(1000).is_err());
    }
}

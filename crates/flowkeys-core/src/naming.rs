//! File names for downloaded artefacts.

use crate::time::UnixTime;

/// Which artefact a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Artefact {
    /// SPKI public key PEM.
    PublicKey,
    /// Certificate PEM.
    Certificate,
    /// PKCS#8 private key PEM.
    PrivateKey,
    /// PKCS#1 private key PEM.
    Pkcs1PrivateKey,
    /// Password-encrypted PKCS#8 private key PEM (backup).
    EncryptedPrivateKey,
    /// PKCS#12 bundle (backup).
    Pkcs12,
    /// PKCS#10 certificate signing request PEM.
    CertificateRequest,
    /// Calendar reminder before the certificate expires.
    ExpiryReminder,
}

impl Artefact {
    /// The file-name suffix: says what is inside, so three files from one run never get mixed up.
    pub const fn suffix(self) -> &'static str {
        match self {
            Artefact::PublicKey => "public-key.pem",
            Artefact::Certificate => "certificate.pem",
            Artefact::PrivateKey => "private-key.pem",
            Artefact::Pkcs1PrivateKey => "private-key.pkcs1.pem",
            Artefact::EncryptedPrivateKey => "private-key.encrypted.pem",
            Artefact::Pkcs12 => "p12",
            Artefact::CertificateRequest => "csr.pem",
            Artefact::ExpiryReminder => "expiry-reminder.ics",
        }
    }
}

/// `<common-name-slug>-<YYYY-MM-DD>.<suffix>`, e.g.
/// `amazon-connect-secure-input-2026-11-23.public-key.pem`.
pub fn file_name(common_name: &str, date: UnixTime, artefact: Artefact) -> String {
    format!("{}-{}.{}", slug(common_name), date.date_string(), artefact.suffix())
}

/// Lower-case ASCII letters, digits and single hyphens; "flowkeys" if nothing is left.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "flowkeys".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_pattern() {
        let day = UnixTime(1_795_450_430);
        assert_eq!(
            file_name("amazon-connect-secure-input", day, Artefact::PublicKey),
            "amazon-connect-secure-input-2026-11-23.public-key.pem"
        );
        assert_eq!(
            file_name("Payments IVR / Prod", day, Artefact::Certificate),
            "payments-ivr-prod-2026-11-23.certificate.pem"
        );
        assert_eq!(file_name("../../etc/passwd", day, Artefact::PrivateKey), "etc-passwd-2026-11-23.private-key.pem");
        assert_eq!(file_name("名前", day, Artefact::Pkcs1PrivateKey), "flowkeys-2026-11-23.private-key.pkcs1.pem");
    }
}

//! What each downloaded artefact is called: its suffix, and the slug rule that turns a Common
//! Name into a safe file-name stem. The full name (stem plus a short public-key fingerprint, so
//! two key sets never share a name) is `flowkeys_connect::files`, the one naming rule for
//! downloads and commands.

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

/// Lower-case ASCII letters, digits and single hyphens (at most 48); "flowkeys" if nothing is
/// left — safe in a file name and in a shell command without quoting.
pub fn slug(text: &str) -> String {
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
    fn slugs_are_safe_file_name_stems() {
        assert_eq!(slug("amazon-connect-secure-input"), "amazon-connect-secure-input");
        assert_eq!(slug("Payments IVR / Prod"), "payments-ivr-prod");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("名前"), "flowkeys");
        assert_eq!(slug(&"a".repeat(100)).len(), 48);
    }
}

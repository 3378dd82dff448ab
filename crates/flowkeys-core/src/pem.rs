//! PEM artefacts as distinct types, so each can only go where it belongs.
//!
//! An admin juggles three PEM files and two Connect fields; a public key pasted where the
//! certificate belongs is the classic mistake. Each artefact here is its own type.

use core::fmt;
use zeroize::Zeroizing;

/// `AssociateSecurityKey` accepts a `Key` of at most this many characters.
pub const CONNECT_PUBLIC_KEY_LIMIT: usize = 1024;

macro_rules! public_pem {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The PEM type label (`-----BEGIN <label>-----`).
            pub const LABEL: &'static str = $label;

            /// Encodes DER bytes as PEM with 64-character lines and `\n` endings, like OpenSSL.
            pub fn from_der(der: &[u8]) -> Result<Self, der::pem::Error> {
                der::pem::encode_string($label, der::pem::LineEnding::LF, der).map($name)
            }

            /// The PEM text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Length in characters, as Connect counts it.
            pub fn char_len(&self) -> usize {
                self.0.chars().count()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({} chars)", stringify!($name), self.0.len())
            }
        }
    };
}

public_pem!(
    /// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo): paste into Amazon Connect →
    /// Flows → Flow security keys → Add key.
    PublicKeyPem,
    "PUBLIC KEY"
);

public_pem!(
    /// `-----BEGIN CERTIFICATE-----`: paste into the Store customer input block → Encrypt
    /// entry → Encryption certificate.
    CertificatePem,
    "CERTIFICATE"
);

public_pem!(
    /// `-----BEGIN CERTIFICATE REQUEST-----` (PKCS#10): send to a CA that wants the key on
    /// record. Not for Connect, which needs the self-signed certificate.
    CertificateRequestPem,
    "CERTIFICATE REQUEST"
);

impl PublicKeyPem {
    /// Whether Connect's 1024-character limit admits this key.
    pub fn fits_connect(&self) -> bool {
        self.char_len() <= CONNECT_PUBLIC_KEY_LIMIT
    }
}

macro_rules! secret_pem {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Zeroizing<String>);

        impl $name {
            pub(crate) fn new_unchecked(pem: Zeroizing<String>) -> Self {
                $name(pem)
            }

            /// The PEM text. Secret: do not log it.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}(redacted)", stringify!($name))
            }
        }
    };
}

secret_pem!(
    /// `-----BEGIN PRIVATE KEY-----` (unencrypted PKCS#8): store as a SecureString in AWS
    /// Systems Manager Parameter Store for the decrypting Lambda. Never paste it into Connect.
    /// Wiped from memory when dropped; `Debug` never prints it.
    PrivateKeyPem
);

secret_pem!(
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1), for older tools that want that form.
    /// Wiped from memory when dropped; `Debug` never prints it.
    Pkcs1PrivateKeyPem
);

secret_pem!(
    /// `-----BEGIN ENCRYPTED PRIVATE KEY-----` (PKCS#8 encrypted with a password): a backup
    /// form. The decrypting Lambda and the SSM parameter want the unencrypted
    /// [`PrivateKeyPem`]; keep this one where backups go, the password elsewhere.
    EncryptedPrivateKeyPem
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let pem = PrivateKeyPem::new_unchecked(Zeroizing::new("-----BEGIN PRIVATE KEY-----\nSECRET".into()));
        assert_eq!(format!("{pem:?}"), "PrivateKeyPem(redacted)");
    }

    #[test]
    fn public_pem_wraps_at_64_and_counts_characters() {
        let pem = PublicKeyPem::from_der(&[0x42; 100]).unwrap();
        let lines: Vec<_> = pem.as_str().lines().collect();
        assert_eq!(lines[0], "-----BEGIN PUBLIC KEY-----");
        assert_eq!(lines[1].len(), 64);
        assert_eq!(*lines.last().unwrap(), "-----END PUBLIC KEY-----");
        assert_eq!(pem.char_len(), pem.as_str().len());
        assert!(pem.fits_connect());
    }
}

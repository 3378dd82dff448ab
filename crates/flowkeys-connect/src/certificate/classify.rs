//! What kind of PEM a pasted text is, judged by its `-----BEGIN …-----` labels.

use serde::Serialize;

/// The kind of PEM text found in a field that should hold a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PemKind {
    /// `-----BEGIN CERTIFICATE-----`: what Connect wants.
    Certificate,
    /// `-----BEGIN PUBLIC KEY-----`: the key registered under Flow security keys, not the certificate.
    PublicKey,
    /// `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1): a public key in the older format.
    RsaPublicKey,
    /// Any private key (PKCS#8, PKCS#1, EC, encrypted). Never belongs in a flow.
    PrivateKey {
        /// The PEM label, e.g. `RSA PRIVATE KEY`.
        label: String,
    },
    /// A certificate signing request.
    CertificateRequest,
    /// Some other PEM type.
    Other {
        /// The PEM label.
        label: String,
    },
    /// No PEM markers at all (a placeholder, a JSONPath, random text).
    NotPem,
}

/// Classifies `text` by its PEM labels. A private key anywhere in the text wins over everything
/// else, because a certificate pasted together with its key still leaks the key.
pub fn classify_pem(text: &str) -> PemKind {
    let labels = flowkeys_core::pem_blocks::labels(text);
    if let Some(private) = labels.iter().find(|l| l.ends_with("PRIVATE KEY")) {
        return PemKind::PrivateKey { label: (*private).to_owned() };
    }
    match labels.first().copied() {
        None => PemKind::NotPem,
        Some("CERTIFICATE") | Some("X509 CERTIFICATE") | Some("TRUSTED CERTIFICATE") => PemKind::Certificate,
        Some("PUBLIC KEY") => PemKind::PublicKey,
        Some("RSA PUBLIC KEY") => PemKind::RsaPublicKey,
        Some("CERTIFICATE REQUEST") | Some("NEW CERTIFICATE REQUEST") => PemKind::CertificateRequest,
        Some(other) => PemKind::Other { label: other.to_owned() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_label() {
        assert_eq!(classify_pem("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----"), PemKind::Certificate);
        assert_eq!(classify_pem("-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----"), PemKind::PublicKey);
        assert_eq!(classify_pem("-----BEGIN RSA PUBLIC KEY-----"), PemKind::RsaPublicKey);
        assert_eq!(
            classify_pem("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----"),
            PemKind::PrivateKey { label: "RSA PRIVATE KEY".into() }
        );
        assert_eq!(classify_pem("-----BEGIN CERTIFICATE REQUEST-----"), PemKind::CertificateRequest);
        assert_eq!(classify_pem("-----BEGIN FOO-----"), PemKind::Other { label: "FOO".into() });
        assert_eq!(classify_pem("Certificate to use for encryption should be provided here"), PemKind::NotPem);
        assert_eq!(classify_pem("-----BEGIN "), PemKind::NotPem);
    }
}

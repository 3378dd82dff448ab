//! Everything in a certificate, decoded for people: what `openssl x509 -text` shows, minus
//! the hex dumps where a readable value exists.

use super::CertError;
use crate::fingerprint::Sha256Fingerprint;
use crate::time::UnixTime;
use const_oid::ObjectIdentifier;
use der::Decode;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::Certificate;

/// One extension.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExtensionDetail {
    /// Dotted OID.
    pub oid: String,
    /// Its name, e.g. "Basic constraints" (the OID when unknown).
    pub name: String,
    /// Whether a verifier that does not understand it must reject the certificate.
    pub critical: bool,
    /// A readable value ("CA: false", "Digital signature, Key encipherment"), or the value's
    /// hex when the extension is not decoded here.
    pub value: String,
}

/// A certificate, fully decoded for display.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CertificateDetail {
    /// X.509 version (1, 2 or 3).
    pub version: u8,
    /// Subject (RFC 4514).
    pub subject: String,
    /// Issuer (RFC 4514).
    pub issuer: String,
    /// Serial number, colon-separated hex.
    pub serial_hex: String,
    /// Start of validity.
    pub not_before: UnixTime,
    /// End of validity.
    pub not_after: UnixTime,
    /// Signature algorithm, e.g. `sha256WithRSAEncryption`.
    pub signature_algorithm: String,
    /// Public key algorithm in words, e.g. "RSA 2048 bits (exponent 65537)".
    pub public_key: String,
    /// Extensions in certificate order.
    pub extensions: Vec<ExtensionDetail>,
    /// SHA-256 of the certificate (as `openssl x509 -fingerprint -sha256`).
    pub sha256: Sha256Fingerprint,
    /// SHA-1 of the certificate, upper-case colon hex (OpenSSL's default fingerprint; Windows'
    /// "thumbprint").
    pub sha1: String,
    /// SHA-256 of the SubjectPublicKeyInfo: the key's identity.
    pub public_key_sha256: Sha256Fingerprint,
}

impl CertificateDetail {
    /// Decodes a certificate.
    pub fn from_der(der: &[u8]) -> Result<CertificateDetail, CertError> {
        let summary = super::CertificateSummary::from_der(der)?;
        let cert = Certificate::from_der(der).map_err(|e| CertError::NotACertificate(e.to_string()))?;
        let tbs = cert.tbs_certificate();
        let spki = tbs.subject_public_key_info();
        let public_key = if spki.algorithm.oid == pkcs1::ALGORITHM_OID {
            let exponent = spki
                .subject_public_key
                .as_bytes()
                .and_then(|b| pkcs1::RsaPublicKeyRef::from_der(b).ok())
                .map(|k| big_endian_to_string(k.public_exponent.as_bytes()))
                .unwrap_or_else(|| "?".to_owned());
            format!("RSA {} bits (exponent {exponent})", summary.key_bits)
        } else {
            format!("{} (not RSA)", algorithm_name(&spki.algorithm.oid))
        };
        let extensions = tbs
            .extensions()
            .map(|exts| {
                exts.iter()
                    .map(|e| ExtensionDetail {
                        oid: e.extn_id.to_string(),
                        name: extension_name(&e.extn_id),
                        critical: e.critical,
                        value: extension_value(&e.extn_id, e.extn_value.as_bytes()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sha1 = {
            use sha1::Digest;
            colon_hex(&sha1::Sha1::digest(der))
        };
        Ok(CertificateDetail {
            version: match tbs.version() {
                x509_cert::certificate::Version::V1 => 1,
                x509_cert::certificate::Version::V2 => 2,
                x509_cert::certificate::Version::V3 => 3,
            },
            subject: summary.subject,
            issuer: summary.issuer,
            serial_hex: summary.serial_hex,
            not_before: summary.not_before,
            not_after: summary.not_after,
            signature_algorithm: summary.signature_algorithm,
            public_key,
            extensions,
            sha256: summary.certificate_sha256,
            sha1,
            public_key_sha256: summary.public_key_sha256,
        })
    }

    /// The extension with this dotted OID.
    pub fn extension(&self, oid: &str) -> Option<&ExtensionDetail> {
        self.extensions.iter().find(|e| e.oid == oid)
    }
}

fn colon_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// A small unsigned big-endian integer in decimal; hex for long ones.
fn big_endian_to_string(bytes: &[u8]) -> String {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
    if trimmed.len() <= 8 {
        let v = trimmed.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        v.to_string()
    } else {
        format!("0x{}", trimmed.iter().map(|b| format!("{b:02x}")).collect::<String>())
    }
}

fn algorithm_name(oid: &ObjectIdentifier) -> String {
    use const_oid::db::{rfc5912, rfc8410};
    match *oid {
        rfc5912::ID_EC_PUBLIC_KEY => "EC".to_owned(),
        rfc8410::ID_ED_25519 => "Ed25519".to_owned(),
        rfc8410::ID_ED_448 => "Ed448".to_owned(),
        rfc5912::ID_DSA => "DSA".to_owned(),
        rfc5912::ID_RSASSA_PSS => "RSA-PSS".to_owned(),
        other => other.to_string(),
    }
}

/// `netscape-comment`: not among `const-oid`'s constants.
const NETSCAPE_COMMENT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.113730.1.13");

fn extension_name(oid: &ObjectIdentifier) -> String {
    use const_oid::db::{rfc5280 as ext, rfc6962};
    let name = match *oid {
        ext::ID_CE_BASIC_CONSTRAINTS => "Basic constraints",
        ext::ID_CE_KEY_USAGE => "Key usage",
        ext::ID_CE_EXT_KEY_USAGE => "Extended key usage",
        ext::ID_CE_SUBJECT_KEY_IDENTIFIER => "Subject key identifier",
        ext::ID_CE_AUTHORITY_KEY_IDENTIFIER => "Authority key identifier",
        ext::ID_CE_SUBJECT_ALT_NAME => "Subject alternative name",
        ext::ID_CE_ISSUER_ALT_NAME => "Issuer alternative name",
        ext::ID_CE_CRL_DISTRIBUTION_POINTS => "CRL distribution points",
        ext::ID_CE_CERTIFICATE_POLICIES => "Certificate policies",
        ext::ID_CE_NAME_CONSTRAINTS => "Name constraints",
        ext::ID_PE_AUTHORITY_INFO_ACCESS => "Authority information access",
        rfc6962::CT_PRECERT_SCTS => "Certificate transparency SCTs",
        NETSCAPE_COMMENT => "Netscape comment",
        other => return other.to_string(),
    };
    name.to_owned()
}

fn extension_value(oid: &ObjectIdentifier, value: &[u8]) -> String {
    use const_oid::db::rfc5280 as ext;
    let decoded = match *oid {
        ext::ID_CE_BASIC_CONSTRAINTS => {
            BasicConstraints::from_der(value).ok().map(|b| match (b.ca, b.path_len_constraint) {
                (true, Some(n)) => format!("CA: true, path length {n}"),
                (true, None) => "CA: true".to_owned(),
                (false, _) => "CA: false".to_owned(),
            })
        }
        ext::ID_CE_KEY_USAGE => KeyUsage::from_der(value).ok().map(key_usages),
        ext::ID_CE_EXT_KEY_USAGE => {
            ExtendedKeyUsage::from_der(value).ok().map(|eku| eku.0.iter().map(eku_name).collect::<Vec<_>>().join(", "))
        }
        ext::ID_CE_SUBJECT_KEY_IDENTIFIER => {
            SubjectKeyIdentifier::from_der(value).ok().map(|s| colon_hex(s.0.as_bytes()))
        }
        ext::ID_CE_AUTHORITY_KEY_IDENTIFIER => AuthorityKeyIdentifier::from_der(value).ok().map(|a| {
            let mut parts = Vec::new();
            if let Some(id) = &a.key_identifier {
                parts.push(format!("key ID {}", colon_hex(id.as_bytes())));
            }
            if let Some(serial) = &a.authority_cert_serial_number {
                parts.push(format!("issuer serial {}", colon_hex(serial.as_bytes())));
            }
            if parts.is_empty() {
                "empty".to_owned()
            } else {
                parts.join(", ")
            }
        }),
        ext::ID_CE_SUBJECT_ALT_NAME => SubjectAltName::from_der(value)
            .ok()
            .map(|san| san.0.iter().map(general_name).collect::<Vec<_>>().join(", ")),
        _ => None,
    };
    decoded.unwrap_or_else(|| {
        let hex = colon_hex(value);
        crate::text::shorten(&hex, 96)
    })
}

fn key_usages(ku: KeyUsage) -> String {
    let names = [
        (KeyUsages::DigitalSignature, "Digital signature"),
        (KeyUsages::NonRepudiation, "Non-repudiation"),
        (KeyUsages::KeyEncipherment, "Key encipherment"),
        (KeyUsages::DataEncipherment, "Data encipherment"),
        (KeyUsages::KeyAgreement, "Key agreement"),
        (KeyUsages::KeyCertSign, "Certificate signing"),
        (KeyUsages::CRLSign, "CRL signing"),
        (KeyUsages::EncipherOnly, "Encipher only"),
        (KeyUsages::DecipherOnly, "Decipher only"),
    ];
    let list: Vec<&str> = names.iter().filter(|(flag, _)| ku.0.contains(*flag)).map(|(_, n)| *n).collect();
    if list.is_empty() {
        "none".to_owned()
    } else {
        list.join(", ")
    }
}

fn eku_name(oid: &ObjectIdentifier) -> String {
    use const_oid::db::rfc5280 as kp;
    match *oid {
        kp::ID_KP_SERVER_AUTH => "TLS server authentication".to_owned(),
        kp::ID_KP_CLIENT_AUTH => "TLS client authentication".to_owned(),
        kp::ID_KP_CODE_SIGNING => "Code signing".to_owned(),
        kp::ID_KP_EMAIL_PROTECTION => "Email protection".to_owned(),
        kp::ID_KP_TIME_STAMPING => "Time stamping".to_owned(),
        kp::ID_KP_OCSP_SIGNING => "OCSP signing".to_owned(),
        kp::ANY_EXTENDED_KEY_USAGE => "Any extended key usage".to_owned(),
        other => other.to_string(),
    }
}

fn general_name(name: &GeneralName) -> String {
    match name {
        GeneralName::DnsName(s) => format!("DNS:{}", s.as_str()),
        GeneralName::Rfc822Name(s) => format!("email:{}", s.as_str()),
        GeneralName::UniformResourceIdentifier(s) => format!("URI:{}", s.as_str()),
        GeneralName::IpAddress(ip) => {
            let b = ip.as_bytes();
            if b.len() == 4 {
                format!("IP:{}", b.iter().map(u8::to_string).collect::<Vec<_>>().join("."))
            } else {
                format!("IP:{}", colon_hex(b))
            }
        }
        GeneralName::DirectoryName(n) => format!("DirName:{}", super::rfc4514(n)),
        GeneralName::RegisteredId(oid) => format!("RID:{oid}"),
        _ => "other name".to_owned(),
    }
}

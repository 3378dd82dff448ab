//! Encryption of stored customer input: present, attached to custom validation, with a real Key
//! ID and a certificate (not a public key, never a private key) as the Key.

use super::{Findings, Input, RuleId};
use crate::certificate::{classify_pem, inspect_certificate, PemKind};
use crate::flow::model::{Node, Op, Validation};
use crate::flow::references::is_dynamic;
use crate::inputs::is_uuid;

/// The sample flows' placeholder for the certificate.
const SAMPLE_PLACEHOLDER: &str = "certificate to use for encryption";

pub(super) fn check(input: &Input, out: &mut Findings) {
    for node in &input.flow.nodes {
        let Op::Capture(c) = &node.op else { continue };
        if !c.store {
            continue;
        }
        let Some(enc) = &c.encryption else {
            // Reported only if the input is judged secret (a phone number or an extension is
            // not); phone-number validation cannot be encrypted, hence the different fix.
            let fix = if c.validation == Validation::Phone {
                "Phone-number validation cannot be encrypted: switch to custom validation with a MaximumLength and turn on Encrypt entry (InputEncryption with the Key ID of your flow security key and the matching X.509 certificate)."
            } else {
                "Turn on Encrypt entry: add InputEncryption with the Key ID of your flow security key and the matching X.509 certificate."
            };
            out.about(
                node,
                [node.index],
                RuleId::EncMissing,
                format!("{} stores secret customer input without encryption, so the digits sit in plain text in $.StoredCustomerInput, where flow logs, attributes and Lambdas can pick them up.", node.label()),
                fix.into(),
            );
            continue;
        };
        // The touch-tone buffer form stores without InputValidation, as documented.
        let buffer_form = c.buffer && c.validation == Validation::None;
        if c.validation != Validation::Custom && !buffer_form {
            out.at(
                node,
                RuleId::EncNeedsCustomValidation,
                format!("{} encrypts the input but does not use custom validation; Connect allows encryption only together with CustomValidation (not with phone-number validation).", node.label()),
                "Use InputValidation → CustomValidation with a MaximumLength.".into(),
            );
        }
        let mut dynamic = Vec::new();
        check_key_id(node, enc.key_id.as_deref(), &mut dynamic, out);
        check_key(node, enc.key.as_deref(), &mut dynamic, out);
        if !dynamic.is_empty() {
            out.at(
                node,
                RuleId::EncDynamic,
                format!("{} takes its {} from a reference at run time, so it could not be checked here.", node.label(), dynamic.join(" and ")),
                "Make sure the referenced values hold the Key ID and the matching certificate, or enter them directly so they can be checked.".into(),
            );
        }
    }
}

fn check_key_id(node: &Node, key_id: Option<&str>, dynamic: &mut Vec<&'static str>, out: &mut Findings) {
    let key_id = key_id.map(str::trim).unwrap_or_default();
    let fix =
        "Copy the Key ID from Flows → Flow security keys (it appears after Add key) into EncryptionKeyId.".to_owned();
    if key_id.is_empty() {
        out.at(
            node,
            RuleId::EncKeyId,
            format!("{} has an empty EncryptionKeyId, so Connect cannot encrypt the input.", node.label()),
            fix,
        );
    } else if is_dynamic(key_id) {
        dynamic.push("Key ID");
    } else if crate::inputs::is_placeholder(key_id) {
        out.at(
            node,
            RuleId::EncKeyId,
            format!("{} still has the placeholder “{key_id}” as EncryptionKeyId.", node.label()),
            fix,
        );
    } else if key_id.chars().any(char::is_whitespace) {
        out.at(
            node,
            RuleId::EncKeyId,
            format!("{}'s EncryptionKeyId “{key_id}” contains spaces, so it cannot be a Key ID.", node.label()),
            fix,
        );
    } else if !is_uuid(key_id) {
        out.at(
            node,
            RuleId::EncKeyIdFormat,
            format!("{}'s EncryptionKeyId “{key_id}” is not shaped like the Key IDs Connect shows (a UUID such as 4cdb826a-24c9-443d-b78b-327c817073ce).", node.label()),
            fix,
        );
    }
}

fn check_key(node: &Node, key: Option<&str>, dynamic: &mut Vec<&'static str>, out: &mut Findings) {
    let key = key.unwrap_or_default();
    if is_dynamic(key) {
        dynamic.push("certificate");
        return;
    }
    let cert_fix = "Paste the X.509 certificate (-----BEGIN CERTIFICATE-----) made from the key pair whose public key is registered under this Key ID.".to_owned();
    match classify_pem(key) {
        PemKind::Certificate => {
            if let Err(e) = inspect_certificate(key) {
                out.at(node, RuleId::EncNotCertificate, format!("The certificate in {} cannot be read: {e}", node.label()), cert_fix);
            }
        }
        PemKind::PublicKey | PemKind::RsaPublicKey => out.at(
            node,
            RuleId::EncPublicKey,
            format!("{} has a public key as its encryption Key, not the certificate. Connect needs the X.509 certificate here; the public key is what you register under Flows → Flow security keys.", node.label()),
            "Replace it with the certificate (-----BEGIN CERTIFICATE-----) made from the same key pair.".into(),
        ),
        PemKind::PrivateKey { label } => out.at(
            node,
            RuleId::EncPrivateKey,
            format!("{} contains a private key (-----BEGIN {label}-----). Anyone who can read or export this flow can decrypt every captured value.", node.label()),
            "Remove it now, replace it with the certificate, and treat the key pair as compromised: make a new key pair, register it, and delete the old flow security key.".into(),
        ),
        PemKind::NotPem if key.trim().is_empty() => {
            out.at(node, RuleId::EncNotCertificate, format!("{} has an empty encryption Key.", node.label()), cert_fix)
        }
        PemKind::NotPem if key.to_ascii_lowercase().contains(SAMPLE_PLACEHOLDER) => out.at(
            node,
            RuleId::EncNotCertificate,
            format!("{} still has the sample flow's placeholder text instead of a certificate.", node.label()),
            cert_fix,
        ),
        other => {
            let what = match other {
                PemKind::CertificateRequest => "a certificate signing request".to_owned(),
                PemKind::Other { label } => format!("a PEM of type “{label}”"),
                _ => "text that is not a PEM certificate".to_owned(),
            };
            out.at(node, RuleId::EncNotCertificate, format!("{}'s encryption Key is {what}, not an X.509 certificate.", node.label()), cert_fix);
        }
    }
}

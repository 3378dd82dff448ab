//! The certificate in each encrypting block: dates (against the caller's "now"), key type,
//! self-signature, and whether its public key is one of the loaded flow security keys.

use super::{Findings, Input, RuleId, EXPIRY_WARNING_DAYS};
use crate::certificate::{canonical_spki_der, inspect_certificate, sha256_hex, CertificateInfo};
use crate::flow::model::{Node, Op};
use crate::flow::references::is_dynamic;

use flowkeys_core::time::DAY;
use flowkeys_core::UnixTime;

pub(super) fn check(input: &Input, out: &mut Findings, notices: &mut Vec<String>) {
    let mut loaded: Vec<(&str, Vec<u8>)> = Vec::new();
    for set in &input.ctx.key_sets {
        match canonical_spki_der(&set.spki_der) {
            Some(spki) => loaded.push((set.key_id.trim(), spki)),
            None => notices.push(format!(
                "The loaded key with Key ID “{}” is not a readable public key (SubjectPublicKeyInfo DER) and was ignored.",
                set.key_id
            )),
        }
    }
    let mut checked = 0usize;
    for node in &input.flow.nodes {
        let Op::Capture(c) = &node.op else { continue };
        let Some(enc) = c.encryption.as_ref().filter(|_| c.store) else {
            continue;
        };
        let Some(Ok(info)) = enc.key.as_deref().map(inspect_certificate) else {
            continue;
        };
        checked = checked.saturating_add(1);
        check_shape(node, &info, out);
        if let Some(now) = input.ctx.now_unix {
            check_dates(node, &info, now, out);
        }
        if !loaded.is_empty() {
            check_key_set(node, &info, enc.key_id.as_deref().map(str::trim), &loaded, out);
        }
    }
    if checked > 0 && input.ctx.now_unix.is_none() {
        notices.push("No current time was given, so certificate expiry was not checked.".into());
    }
    if checked > 0 && input.ctx.key_sets.is_empty() {
        notices.push("No flow security keys were loaded, so certificates were not matched to Key IDs.".into());
    }
}

fn check_shape(node: &Node, info: &CertificateInfo, out: &mut Findings) {
    if !info.rsa {
        out.at(
            node,
            RuleId::CertNotRsa,
            format!("The certificate in {} does not hold an RSA key; Connect wraps the data key with RSA-OAEP, so only RSA keys work.", node.label()),
            "Make an RSA key pair (2048, 3072 or 4096 bits) and a self-signed certificate from it.".into(),
        );
    }
    if !info.self_issued {
        out.at(
            node,
            RuleId::CertNotSelfSigned,
            format!("The certificate in {} ({}) was issued by someone else. Connect checks the certificate's signature with the registered public key, so it must be self-signed by the same key pair; a CA-issued certificate does not fit.", node.label(), info.subject),
            "Create a self-signed certificate from the registered key pair (for example with Flowkeys or openssl req -x509).".into(),
        );
    }
}

fn check_dates(node: &Node, info: &CertificateInfo, now: UnixTime, out: &mut Findings) {
    let renew = "Make a new key pair and certificate, register the new public key (Connect allows two keys, so both can be active), switch this block to the new Key ID and certificate, and update the decrypt Lambda.".to_owned();
    if now >= info.not_after_unix {
        out.at(
            node,
            RuleId::CertExpired,
            format!(
                "The certificate in {} expired on {}; encrypted capture with it fails.",
                node.label(),
                info.not_after_text
            ),
            renew,
        );
    } else if let Some(left) = seconds_left(info.not_after_unix, now) {
        let days = left / DAY;
        out.at(
            node,
            RuleId::CertExpiresSoon,
            format!("The certificate in {} expires on {} (in {days} days).", node.label(), info.not_after_text),
            renew,
        );
    }
    if now < info.not_before_unix {
        out.at(
            node,
            RuleId::CertNotYetValid,
            format!("The certificate in {} is not valid until Unix time {}; until then encryption may fail.", node.label(), info.not_before_unix.0),
            "Check the clock of the machine that made the certificate, or wait until it becomes valid before publishing.".into(),
        );
    }
}

/// Seconds from `now` until `not_after` when that is within the warning period; `None` when it
/// is longer or `not_after` has passed.
fn seconds_left(not_after: UnixTime, now: UnixTime) -> Option<u64> {
    not_after.0.checked_sub(now.0).filter(|s| *s <= u64::from(EXPIRY_WARNING_DAYS).saturating_mul(DAY))
}

fn check_key_set(
    node: &Node,
    info: &CertificateInfo,
    block_key_id: Option<&str>,
    loaded: &[(&str, Vec<u8>)],
    out: &mut Findings,
) {
    let Some(cert_spki) = canonical_spki_der(&info.spki_der) else {
        return;
    };
    let matching: Vec<&str> = loaded.iter().filter(|(_, spki)| *spki == cert_spki).map(|(id, _)| *id).collect();
    let block_key_id = block_key_id.filter(|k| !k.is_empty() && !is_dynamic(k));
    let short = |hex: &str| hex.get(..16).unwrap_or(hex).to_owned();
    if matching.is_empty() {
        let cert_fp = short(&info.spki_sha256);
        let named = block_key_id.and_then(|k| loaded.iter().find(|(id, _)| *id == k));
        let (message, fix) = match named {
            Some((id, spki)) => (
                format!(
                    "The certificate in {} does not belong to Key ID {id}: that key's public key (SHA-256 {}…) differs from the certificate's (SHA-256 {cert_fp}…). Connect will reject the certificate.",
                    node.label(),
                    short(&sha256_hex(spki))
                ),
                format!("Paste the certificate made from the key pair registered as Key ID {id}, or register this certificate's public key and use its Key ID."),
            ),
            None => {
                let ids: Vec<&str> = loaded.iter().map(|(id, _)| *id).collect();
                (
                    format!(
                        "The certificate in {} (public key SHA-256 {cert_fp}…) matches none of the loaded flow security keys ({}).",
                        node.label(),
                        ids.join(", ")
                    ),
                    "Register this certificate's public key under Flows → Flow security keys and use the Key ID Connect shows, or paste the certificate of a registered key.".into(),
                )
            }
        };
        out.at(node, RuleId::CertKeyUnknown, message, fix);
    } else if let Some(block) = block_key_id {
        if !matching.contains(&block) {
            let expected = matching.join(" or ");
            out.at(
                node,
                RuleId::CertKeyIdMismatch,
                format!("The certificate in {} belongs to Key ID {expected}, but the block's EncryptionKeyId is {block}. Connect checks the certificate against the key named by the Key ID, so encryption fails.", node.label()),
                format!("Set EncryptionKeyId to {expected}."),
            );
        }
    }
}

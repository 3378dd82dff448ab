//! The overall verdict on a key set: the checklist's lines, plus whether the set has every
//! piece the set-up needs.
//!
//! The engine's checklist only *warns* when an imported certificate comes without its private
//! key ("Connect can use it"), and its headline then reads "Ready for Connect, with warnings".
//! But the decrypting Lambda cannot work without the private key, so the whole set-up is not
//! ready: the verdict must name what is missing. This rule lives here, next to the view it
//! produces, rather than in `flowkeys_core::checklist` (being reworked on another branch); it
//! can move there unchanged.

use crate::views::ReadinessView;
use flowkeys_core::checklist::{Checklist, Readiness, Verdict};
use flowkeys_core::import::Completeness;

/// The readiness and headline for a key set with `completeness` and its `checklist`.
pub fn verdict(checklist: &Checklist, completeness: Completeness) -> (ReadinessView, String) {
    let count = |v| checklist.lines.iter().filter(|l| l.verdict == v).count();
    if checklist.readiness == Readiness::NotReady {
        return (ReadinessView::NotReady, checklist.headline());
    }
    let missing = match completeness {
        Completeness::Complete => None,
        Completeness::CertificateWithoutPrivateKey => Some(
            "Not ready for Connect: the private key is missing. Connect can use this certificate, but the decrypting Lambda cannot decrypt anything without its private key. Import the private key that goes with it, or generate a new key set.",
        ),
        Completeness::PrivateKeyOnly => Some(
            "Not ready for Connect: the certificate is missing. The Store customer input block needs it: re-issue a self-signed certificate for this key, or import the one that goes with it.",
        ),
        Completeness::PublicKeyOnly => Some(
            "Not ready for Connect: the certificate and the private key are missing. Import them, or generate a new key set.",
        ),
    };
    if let Some(text) = missing {
        return (ReadinessView::Incomplete, text.to_owned());
    }
    match checklist.readiness {
        Readiness::Ready => (ReadinessView::Ready, "Ready for Connect".to_owned()),
        _ => (ReadinessView::ReadyWithWarnings, format!("Ready for Connect, with {} warning(s)", count(Verdict::Warn))),
    }
}

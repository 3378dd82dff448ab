//! Fuzzes every import path (PEM, DER, Base64, PKCS#8, encrypted PKCS#8, PKCS#1, SPKI, X.509,
//! PKCS#12) and what the console does with the result (grouping, labels, certificate detail).
//!
//! Input layout: byte 0 holds flags (bit 0: supply the password "pw123456"; bit 1: supply an
//! empty password; bit 2: split the rest into two inputs at the position in byte 1). Seed the
//! corpus with real files: `scripts/fuzz-corpus.sh` in this directory makes them with OpenSSL.
#![no_main]

use flowkeys_core::import::{import, ImportInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let mut parts: Vec<&[u8]> = vec![rest];
    if flags & 4 != 0 {
        if let Some((&at, tail)) = rest.split_first() {
            let at = usize::from(at).min(tail.len());
            let (a, b) = tail.split_at(at);
            parts = vec![a, b];
        }
    }
    let inputs: Vec<ImportInput> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let input = ImportInput::file(format!("input-{i}"), p.to_vec());
            if flags & 1 != 0 {
                input.with_password("pw123456")
            } else if flags & 2 != 0 {
                input.with_password("")
            } else {
                input
            }
        })
        .collect();
    let result = import(&inputs);
    for report in &result.inputs {
        let _ = format!("{report:?}");
        if let flowkeys_core::InputOutcome::Failed(e) = &report.outcome {
            let _ = e.to_string();
        }
    }
    for set in &result.key_sets {
        let _ = set.label();
        let _ = set.public_key_pem();
        let _ = set.completeness();
        for cert in &set.certificates {
            let _ = flowkeys_core::CertificateDetail::from_der(cert.der());
            let _ = flowkeys_core::make::subject_input_from_certificate(cert.der());
        }
    }
    // Regrouping must be stable.
    let again = result.extend(&[]);
    assert_eq!(again.key_sets.len(), result.key_sets.len());
});

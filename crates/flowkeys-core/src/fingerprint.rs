//! SHA-256 fingerprints, shown the way OpenSSL prints them.

use core::fmt;
use sha2::{Digest, Sha256};

/// SHA-256 over DER bytes. Displays as upper-case hex pairs joined by colons, exactly like
/// `openssl x509 -noout -fingerprint -sha256`, so admins can compare the two by eye.
#[derive(Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Sha256Fingerprint(pub [u8; 32]);

impl Sha256Fingerprint {
    /// Hashes `der`.
    pub fn of(der: &[u8]) -> Sha256Fingerprint {
        Sha256Fingerprint(Sha256::digest(der).into())
    }

    /// Lower-case hex without separators.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Display for Sha256Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Sha256Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Fingerprint({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer() {
        let fp = Sha256Fingerprint::of(b"abc");
        assert_eq!(fp.to_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(fp.to_string().starts_with("BA:78:16:BF:"));
        assert_eq!(fp.to_string().len(), 32 * 3 - 1);
    }
}

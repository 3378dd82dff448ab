//! The RSA key sizes Connect can use.

use core::fmt;

/// An RSA modulus size that Amazon Connect accepts as a flow security key.
///
/// Only these three: an 8192-bit public key PEM is 1491 characters, over the 1024-character
/// limit of `AssociateSecurityKey`, and anything under 2048 bits is too weak to offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum KeySize {
    /// 2048-bit modulus (public key PEM: 451 characters).
    Rsa2048,
    /// 3072-bit modulus (public key PEM: 625 characters).
    Rsa3072,
    /// 4096-bit modulus (public key PEM: 800 characters). AWS's guide uses this size.
    #[default]
    Rsa4096,
}

impl KeySize {
    /// Every size, smallest first (for pickers).
    pub const ALL: [KeySize; 3] = [KeySize::Rsa2048, KeySize::Rsa3072, KeySize::Rsa4096];

    /// The modulus length in bits.
    pub const fn bits(self) -> usize {
        match self {
            KeySize::Rsa2048 => 2048,
            KeySize::Rsa3072 => 3072,
            KeySize::Rsa4096 => 4096,
        }
    }

    /// The size for a modulus of exactly `bits` bits, if Connect can use it.
    pub const fn from_bits(bits: usize) -> Option<KeySize> {
        match bits {
            2048 => Some(KeySize::Rsa2048),
            3072 => Some(KeySize::Rsa3072),
            4096 => Some(KeySize::Rsa4096),
            _ => None,
        }
    }
}

impl fmt::Display for KeySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RSA {} bits", self.bits())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip_and_reject_other_sizes() {
        for size in KeySize::ALL {
            assert_eq!(KeySize::from_bits(size.bits()), Some(size));
        }
        assert_eq!(KeySize::from_bits(1024), None);
        assert_eq!(KeySize::from_bits(8192), None);
        assert_eq!(KeySize::default(), KeySize::Rsa4096);
    }
}

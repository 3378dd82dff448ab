//! Grouping imported pieces into key sets by public key.

use super::{ImportedCertificate, ImportedPrivateKey, ImportedPublicKey, Piece};
use crate::fingerprint::Sha256Fingerprint;
use crate::keys::{KeyError, SpkiDer};
use crate::keyset::{KeySet, KeySetError};
use crate::pem::PublicKeyPem;

/// Which parts of a key set were imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completeness {
    /// Private key and certificate: everything Connect and the Lambda need.
    Complete,
    /// A private key without a certificate: make one (re-issue) before Connect can use it.
    PrivateKeyOnly,
    /// A certificate (and maybe the public key) without the private key: Connect can take it,
    /// but whoever decrypts needs the private key.
    CertificateWithoutPrivateKey,
    /// Only a public key: enough to register in Connect, not enough for the Store customer
    /// input block (it needs a certificate) or for decrypting.
    PublicKeyOnly,
}

impl Completeness {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Completeness::Complete => "private key and certificate",
            Completeness::PrivateKeyOnly => "private key only (no certificate)",
            Completeness::CertificateWithoutPrivateKey => "certificate only (no private key)",
            Completeness::PublicKeyOnly => "public key only",
        }
    }
}

/// One RSA key pair as far as it was imported: pieces matched by identical public key
/// (SubjectPublicKeyInfo, normalised), whatever file or order they came in.
#[derive(Clone, Debug)]
pub struct ImportedKeySet {
    spki: SpkiDer,
    bits: usize,
    /// The private key (the first one seen, if the same key came more than once).
    pub private_key: Option<ImportedPrivateKey>,
    /// Further copies of the same private key (from other files or encodings).
    pub duplicate_private_keys: Vec<ImportedPrivateKey>,
    /// Every distinct certificate for this key, most useful first (see [`ImportedKeySet::certificate`]).
    pub certificates: Vec<ImportedCertificate>,
    /// Stand-alone public keys that were imported for this key pair.
    pub public_keys: Vec<ImportedPublicKey>,
}

impl ImportedKeySet {
    /// The public key (SubjectPublicKeyInfo DER, `rsaEncryption` with NULL parameters).
    pub fn spki(&self) -> &SpkiDer {
        &self.spki
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// SHA-256 of the public key: the identity of this key set.
    pub fn public_key_sha256(&self) -> Sha256Fingerprint {
        Sha256Fingerprint::of(self.spki.as_bytes())
    }

    /// Which parts are present.
    pub fn completeness(&self) -> Completeness {
        match (self.private_key.is_some(), !self.certificates.is_empty()) {
            (true, true) => Completeness::Complete,
            (true, false) => Completeness::PrivateKeyOnly,
            (false, true) => Completeness::CertificateWithoutPrivateKey,
            (false, false) => Completeness::PublicKeyOnly,
        }
    }

    /// The certificate to use: the first one whose issuer is its subject (self-issued), else
    /// the first. Certificates are ordered by end date, latest first.
    pub fn certificate(&self) -> Option<&ImportedCertificate> {
        self.certificates.iter().find(|c| c.is_self_issued()).or_else(|| self.certificates.first())
    }

    /// The public key PEM for Connect (available for every key set).
    pub fn public_key_pem(&self) -> Result<PublicKeyPem, KeyError> {
        PublicKeyPem::from_der(self.spki.as_bytes()).map_err(|e| KeyError::Encoding(e.to_string()))
    }

    /// A short name: the certificate's subject, else the key size and fingerprint start.
    pub fn label(&self) -> String {
        match self.certificate() {
            Some(c) if !c.summary().subject.is_empty() => c.summary().subject.clone(),
            _ => {
                let fp = self.public_key_sha256().to_string();
                format!("RSA {}-bit key {}…", self.bits, fp.get(..11).unwrap_or(&fp))
            }
        }
    }

    /// A generated [`KeySet`] seen as an import, so the same checklist can run on it.
    pub fn from_key_set(set: &KeySet) -> Result<ImportedKeySet, KeySetError> {
        let result = super::import(&[
            super::ImportInput::file("generated private key", set.private_key().pkcs8_der().to_vec()),
            super::ImportInput::file("generated certificate", set.certificate_der().to_vec()),
        ]);
        let mut sets = result.key_sets;
        match sets.len() {
            1 => sets.pop().ok_or(KeySetError::Incomplete("nothing was read")),
            _ => Err(KeySetError::Incomplete("the private key and certificate do not form one key set")),
        }
    }

    /// A [`KeySet`] (the generator's type) from the private key and [`Self::certificate`],
    /// when both are present and the key is a size Connect accepts.
    pub fn to_key_set(&self) -> Result<KeySet, KeySetError> {
        let private = self.private_key.as_ref().ok_or(KeySetError::Incomplete("no private key was imported"))?;
        let cert = self.certificate().ok_or(KeySetError::Incomplete("no certificate was imported"))?;
        KeySet::from_parts(private.to_connect_key()?, cert.der().to_vec())
    }
}

/// For each piece, in order: its input's index and the index of the key set it joined.
pub(crate) type Placement = Vec<(usize, Option<usize>)>;

/// Groups pieces; returns the key sets, the non-RSA certificates, and the placement.
pub(crate) fn group(pieces: &[(usize, Piece)]) -> (Vec<ImportedKeySet>, Vec<ImportedCertificate>, Placement) {
    let mut sets: Vec<ImportedKeySet> = Vec::new();
    let mut others: Vec<ImportedCertificate> = Vec::new();
    let mut placement = Vec::with_capacity(pieces.len());
    // Hash lookups keep grouping linear in the number of pieces (an attacker picks the count).
    let mut set_of_spki: std::collections::HashMap<&[u8], usize> = std::collections::HashMap::new();
    let mut seen_certificates: std::collections::HashSet<&[u8]> = std::collections::HashSet::new();
    for (input, piece) in pieces {
        let (spki, bits) = match piece {
            Piece::Private(k) => (k.public_spki(), k.bits()),
            Piece::Public(k) => (k.spki(), k.bits()),
            Piece::Certificate(c, spki) => (spki, c.summary().key_bits),
            Piece::Other(c) => {
                if seen_certificates.insert(c.der()) {
                    others.push(c.clone());
                }
                placement.push((*input, None));
                continue;
            }
        };
        let index = match set_of_spki.get(spki.as_bytes()) {
            Some(&i) => i,
            None => {
                let index = sets.len();
                set_of_spki.insert(spki.as_bytes(), index);
                sets.push(ImportedKeySet {
                    spki: spki.clone(),
                    bits,
                    private_key: None,
                    duplicate_private_keys: Vec::new(),
                    certificates: Vec::new(),
                    public_keys: Vec::new(),
                });
                index
            }
        };
        placement.push((*input, Some(index)));
        let Some(set) = sets.get_mut(index) else {
            continue;
        };
        match piece {
            Piece::Private(k) => {
                if set.private_key.is_none() {
                    set.private_key = Some(k.clone());
                } else {
                    set.duplicate_private_keys.push(k.clone());
                }
            }
            Piece::Public(k) => {
                if !set.public_keys.iter().any(|p| p.source == k.source) {
                    set.public_keys.push(k.clone());
                }
            }
            Piece::Certificate(c, _) => {
                if seen_certificates.insert(c.der()) {
                    set.certificates.push(c.clone());
                }
            }
            Piece::Other(_) => {}
        }
    }
    for set in &mut sets {
        // Latest end date first (stable, so file order breaks ties).
        set.certificates.sort_by_key(|c| core::cmp::Reverse(c.summary().not_after));
    }
    (sets, others, placement)
}

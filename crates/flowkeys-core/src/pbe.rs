//! Password-based encryption of private keys: reading every scheme OpenSSL writes, writing one.
//!
//! Reading covers PBES2 (PBKDF2 with HMAC-SHA1/SHA-2, or scrypt; AES-CBC/GCM, 3DES, DES) as in
//! encrypted PKCS#8 and modern PKCS#12, and the PKCS#12 PBE schemes (`pbeWithSHA1And3-KeyTripleDES-CBC`,
//! `pbeWithSHA1And40BitRC2-CBC` and kin) that `openssl pkcs12 -legacy`, Java and Windows write.
//! All primitives are RustCrypto's (`pkcs5`, `pkcs12::kdf`, `cbc`, `des`, `rc2`); this module only
//! picks them and bounds their cost.
//!
//! Costs are bounded before any work, because the parameters come from the file: a hostile or
//! corrupted file could otherwise ask for 2³¹ PBKDF2 rounds or gigabytes of scrypt memory and
//! hang or crash the browser tab.

use core::fmt;
use der::asn1::{AnyRef, OctetString};
#[cfg(test)]
use der::Decode;
use der::{Encode, Sequence};
use pkcs5::pbes2;
use spki::AlgorithmIdentifierRef;
use zeroize::Zeroizing;

/// Most PBKDF2 / PKCS#12-KDF iterations accepted in one derivation when reading (OpenSSL writes
/// 2048; our own exports use [`EXPORT_ITERATIONS`]). A sanity bound only: what really limits
/// an input is the work budget ([`WORK_BUDGET_NS`], [`BROWSER_WORK_BUDGET_NS`]), which also
/// weighs the hash (10 M rounds of PBKDF2-SHA512 take about 9 s natively and are refused).
pub const MAX_ITERATIONS: u32 = 10_000_000;

/// Most iterations this engine writes into its own exports: a PKCS#12 export spends three
/// derivations (MAC, certificate safe, key bag), and re-importing it must fit the work budget
/// in the browser too (PBKDF2-SHA256 runs about four times slower there than natively).
pub const MAX_EXPORT_ITERATIONS: u32 = 1_500_000;

/// Most scrypt memory accepted for one derivation, counted as scrypt allocates it:
/// 128·r·N bytes for the V array plus 128·r·p for the p lanes plus 128·r of scratch. 256 MiB.
/// OpenSSL's default (N=16384, r=8, p=1) needs 16 MiB and OpenSSL itself refuses more than
/// 32 MiB unless told.
pub const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;

/// Largest scrypt block size r accepted (OpenSSL writes 8). Bounds the per-lane memory that
/// the memory formula would otherwise let through with a tiny N.
pub const MAX_SCRYPT_R: u16 = 32;

/// Largest scrypt parallelism p accepted (OpenSSL writes 1). Each lane is computed in turn here,
/// so p multiplies time as well as the 128·r·p memory.
pub const MAX_SCRYPT_P: u16 = 16;

/// The most key-derivation work one input may cause, summed over every derivation it triggers
/// (MAC checks, encrypted safes, key bags, each password candidate), in estimated nanoseconds
/// of native (opt-level 3, x86-64) computation: 2 s. An input must also fit
/// [`BROWSER_WORK_BUDGET_NS`]: the same input is refused or read alike by the console and the
/// CLI. An input over budget is refused before the derivation that would exceed it, and before
/// any derivation when its certain cost (what a correct password must pay) already exceeds it.
/// OpenSSL's defaults cost a few milliseconds; our own exports at [`EXPORT_ITERATIONS`] about a
/// third of a second natively and a second and a half in a browser.
pub const WORK_BUDGET_NS: u64 = 2_000_000_000;

/// The same budget in estimated nanoseconds of the console's worker (WebAssembly in Chromium):
/// 4.5 s, so the worst input an admin can drop stays under 5 s there. WebAssembly has no SHA
/// instructions, so the hashes that are cheap natively (SHA-1, SHA-256) cost 3–4 times more in
/// the browser, and this is the limit that binds for them; SHA-512 costs about the same.
pub const BROWSER_WORK_BUDGET_NS: u64 = 4_500_000_000;

/// Most password-encrypted containers (PKCS#12 encrypted safes, shrouded key bags, encrypted
/// PKCS#8 blocks) read from one input. OpenSSL writes two per `.p12`; more than a handful only
/// multiplies the work an attacker can ask for.
pub const MAX_ENCRYPTED_CONTAINERS: usize = 8;

/// PBKDF2-HMAC-SHA256 iterations for keys and PKCS#12 bundles this engine encrypts.
///
/// 600 000 is OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256: an exported backup may leak,
/// and then the iteration count is all that slows a password guesser. It costs about a quarter
/// of a second natively and a second or two in the browser, once per export or import.
pub const EXPORT_ITERATIONS: u32 = 600_000;

/// The key-derivation part of a password scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordKdf {
    /// PBKDF2 with an HMAC.
    Pbkdf2 {
        /// The hash inside the HMAC, e.g. `SHA256`.
        hash: &'static str,
        /// Iteration count.
        iterations: u32,
    },
    /// scrypt (RFC 7914).
    Scrypt {
        /// CPU/memory cost N.
        n: u64,
        /// Block size r.
        r: u16,
        /// Parallelism p.
        p: u16,
    },
    /// The PKCS#12 key derivation (RFC 7292 Appendix B) with SHA-1.
    Pkcs12Sha1 {
        /// Iteration count.
        iterations: u32,
    },
}

/// The cipher part of a password scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordCipher {
    /// AES-128-CBC
    Aes128Cbc,
    /// AES-192-CBC
    Aes192Cbc,
    /// AES-256-CBC
    Aes256Cbc,
    /// AES-128-GCM
    Aes128Gcm,
    /// AES-256-GCM
    Aes256Gcm,
    /// Three-key Triple DES in CBC mode.
    TripleDesCbc,
    /// Two-key Triple DES in CBC mode.
    TwoKeyTripleDesCbc,
    /// Single DES (56-bit keys: broken).
    DesCbc,
    /// RC2 with 128-bit keys.
    Rc2_128Cbc,
    /// RC2 with 40-bit keys (export grade: broken).
    Rc2_40Cbc,
}

impl PasswordCipher {
    /// The usual name, e.g. `AES-256-CBC`.
    pub const fn name(self) -> &'static str {
        match self {
            PasswordCipher::Aes128Cbc => "AES-128-CBC",
            PasswordCipher::Aes192Cbc => "AES-192-CBC",
            PasswordCipher::Aes256Cbc => "AES-256-CBC",
            PasswordCipher::Aes128Gcm => "AES-128-GCM",
            PasswordCipher::Aes256Gcm => "AES-256-GCM",
            PasswordCipher::TripleDesCbc => "3DES-CBC",
            PasswordCipher::TwoKeyTripleDesCbc => "2-key 3DES-CBC",
            PasswordCipher::DesCbc => "DES-CBC",
            PasswordCipher::Rc2_128Cbc => "RC2-128-CBC",
            PasswordCipher::Rc2_40Cbc => "RC2-40-CBC",
        }
    }
}

/// How something is protected by a password, for display and for weakness warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordScheme {
    /// Key derivation.
    pub kdf: PasswordKdf,
    /// Cipher.
    pub cipher: PasswordCipher,
}

impl PasswordScheme {
    /// Why this scheme is weak, if it is (shown as a warning; the key still imports).
    pub fn weakness(&self) -> Option<&'static str> {
        match self.cipher {
            PasswordCipher::DesCbc => return Some("single DES can be brute-forced"),
            PasswordCipher::Rc2_40Cbc => return Some("40-bit RC2 is export-grade encryption and can be brute-forced"),
            _ => {}
        }
        match self.kdf {
            PasswordKdf::Pbkdf2 { iterations, .. } | PasswordKdf::Pkcs12Sha1 { iterations } if iterations < 2048 => {
                Some("few key-derivation iterations make password guessing cheap")
            }
            _ => None,
        }
    }
}

impl fmt::Display for PasswordScheme {
    /// `PBES2, PBKDF2-SHA256, AES-256-CBC`, `PBES2, scrypt, AES-256-CBC` or, for the PKCS#12
    /// schemes, OpenSSL's name such as `pbeWithSHA1And3-KeyTripleDES-CBC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kdf {
            PasswordKdf::Pbkdf2 { hash, .. } => {
                write!(f, "PBES2, PBKDF2-{hash}, {}", self.cipher.name())
            }
            PasswordKdf::Scrypt { .. } => write!(f, "PBES2, scrypt, {}", self.cipher.name()),
            PasswordKdf::Pkcs12Sha1 { .. } => f.write_str(match self.cipher {
                PasswordCipher::TripleDesCbc => "pbeWithSHA1And3-KeyTripleDES-CBC",
                PasswordCipher::TwoKeyTripleDesCbc => "pbeWithSHA1And2-KeyTripleDES-CBC",
                PasswordCipher::Rc2_128Cbc => "pbeWithSHA1And128BitRC2-CBC",
                _ => "pbeWithSHA1And40BitRC2-CBC",
            }),
        }
    }
}

/// Why password-based decryption did not produce plaintext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PbeFailure {
    /// The password is wrong (or, indistinguishably, the ciphertext was altered).
    WrongPassword,
    /// A scheme this engine does not read (named).
    Unsupported(String),
    /// The parameters ask for more work or memory than we allow.
    TooExpensive(String),
    /// The parameters are malformed.
    Damaged(String),
}

/// A password in both forms the standards use: UTF-8 bytes for PBES2, and the PKCS#12
/// `BMPString` (UTF-16BE plus two zero bytes) for the PKCS#12 KDF.
pub(crate) struct Password {
    utf8: Zeroizing<Vec<u8>>,
    bmp: Zeroizing<Vec<u8>>,
}

impl Password {
    /// A typed password.
    pub fn new(text: &str) -> Password {
        let mut bmp = Zeroizing::new(Vec::with_capacity(text.len().saturating_mul(2).saturating_add(2)));
        for unit in text.encode_utf16() {
            bmp.extend_from_slice(&unit.to_be_bytes());
        }
        bmp.extend_from_slice(&[0, 0]);
        Password { utf8: Zeroizing::new(text.as_bytes().to_vec()), bmp }
    }

    /// "No password" as some PKCS#12 writers encode it: zero bytes, not even the terminator.
    pub fn absent() -> Password {
        Password { utf8: Zeroizing::new(Vec::new()), bmp: Zeroizing::new(Vec::new()) }
    }

    pub fn bmp(&self) -> &[u8] {
        &self.bmp
    }
}

/// PKCS#12 PBE parameters (RFC 7292 Appendix C).
#[derive(Sequence)]
struct Pkcs12PbeParams {
    salt: OctetString,
    iterations: u32,
}

/// `EncryptedPrivateKeyInfo` (RFC 5208) with any algorithm: the one type for encrypted PKCS#8
/// files and PKCS#12 shrouded key bags. It is the `pkcs12` crate's, not the `pkcs8` crate's: that
/// one only admits PBES1/2, but `openssl pkcs8 -v1 PBE-SHA1-3DES` and PKCS#12 key bags use the
/// PKCS#12 schemes. The algorithm is read and charged to the work budget before anything is
/// derived (see [`describe`]).
pub(crate) use pkcs12::pbe_params::EncryptedPrivateKeyInfo;

// The PKCS#12 password-based encryption schemes (RFC 7292 Appendix C), as the `pkcs12` crate
// declares them.
use pkcs12::{
    PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC as PKCS12_PBE_RC2_40,
    PKCS_12_PBE_WITH_SHAAND128_BIT_RC2_CBC as PKCS12_PBE_RC2_128,
    PKCS_12_PBE_WITH_SHAAND128_BIT_RC4 as PKCS12_PBE_RC4_128,
    PKCS_12_PBE_WITH_SHAAND2_KEY_TRIPLE_DES_CBC as PKCS12_PBE_2DES,
    PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC as PKCS12_PBE_3DES,
    PKCS_12_PBE_WITH_SHAAND40_BIT_RC4 as PKCS12_PBE_RC4_40,
};
/// PKCS#5 v1.5 PBES1 OIDs (`pbeWithMD5AndDES-CBC` and kin) all sit under this arc.
const PBES1_ARC: &str = "1.2.840.113549.1.5.";

fn pkcs12_cipher(oid: der::oid::ObjectIdentifier) -> Option<PasswordCipher> {
    match oid {
        PKCS12_PBE_3DES => Some(PasswordCipher::TripleDesCbc),
        PKCS12_PBE_2DES => Some(PasswordCipher::TwoKeyTripleDesCbc),
        PKCS12_PBE_RC2_128 => Some(PasswordCipher::Rc2_128Cbc),
        PKCS12_PBE_RC2_40 => Some(PasswordCipher::Rc2_40Cbc),
        _ => None,
    }
}

fn params_any<'a>(alg: &AlgorithmIdentifierRef<'a>) -> Result<AnyRef<'a>, PbeFailure> {
    alg.parameters.ok_or_else(|| PbeFailure::Damaged("the encryption parameters are missing".into()))
}

fn pbes2_params(alg: &AlgorithmIdentifierRef<'_>) -> Result<pbes2::Parameters, PbeFailure> {
    let any = params_any(alg)?;
    pbes2::Parameters::try_from(any).map_err(|e| match e.kind() {
        der::ErrorKind::OidUnknown { oid } => PbeFailure::Unsupported(format!("PBES2 with algorithm {oid}")),
        _ => PbeFailure::Damaged(format!("the PBES2 parameters are malformed ({e})")),
    })
}

fn describe_pbes2(params: &pbes2::Parameters) -> Result<PasswordScheme, PbeFailure> {
    let kdf = match &params.kdf {
        pbes2::Kdf::Pbkdf2(p) => PasswordKdf::Pbkdf2 {
            hash: match p.prf {
                pbes2::Pbkdf2Prf::HmacWithSha1 => "SHA1",
                pbes2::Pbkdf2Prf::HmacWithSha224 => "SHA224",
                pbes2::Pbkdf2Prf::HmacWithSha256 => "SHA256",
                pbes2::Pbkdf2Prf::HmacWithSha384 => "SHA384",
                pbes2::Pbkdf2Prf::HmacWithSha512 => "SHA512",
                _ => return Err(PbeFailure::Unsupported("PBKDF2 with an unknown hash".into())),
            },
            iterations: p.iteration_count,
        },
        pbes2::Kdf::Scrypt(s) => PasswordKdf::Scrypt { n: s.cost_parameter, r: s.block_size, p: s.parallelization },
        _ => return Err(PbeFailure::Unsupported("PBES2 with an unknown key derivation".into())),
    };
    let cipher = match params.encryption {
        pbes2::EncryptionScheme::Aes128Cbc { .. } => PasswordCipher::Aes128Cbc,
        pbes2::EncryptionScheme::Aes192Cbc { .. } => PasswordCipher::Aes192Cbc,
        pbes2::EncryptionScheme::Aes256Cbc { .. } => PasswordCipher::Aes256Cbc,
        pbes2::EncryptionScheme::Aes128Gcm { .. } => PasswordCipher::Aes128Gcm,
        pbes2::EncryptionScheme::Aes256Gcm { .. } => PasswordCipher::Aes256Gcm,
        pbes2::EncryptionScheme::DesEde3Cbc { .. } => PasswordCipher::TripleDesCbc,
        pbes2::EncryptionScheme::DesCbc { .. } => PasswordCipher::DesCbc,
        _ => return Err(PbeFailure::Unsupported("PBES2 with an unknown cipher".into())),
    };
    Ok(PasswordScheme { kdf, cipher })
}

/// Names the scheme behind an `AlgorithmIdentifier`, without any expensive work.
pub(crate) fn describe(alg: &AlgorithmIdentifierRef<'_>) -> Result<PasswordScheme, PbeFailure> {
    if alg.oid == pbes2::PBES2_OID {
        return describe_pbes2(&pbes2_params(alg)?);
    }
    if let Some(cipher) = pkcs12_cipher(alg.oid) {
        let params = pkcs12_params(alg)?;
        return Ok(PasswordScheme { kdf: PasswordKdf::Pkcs12Sha1 { iterations: params.iterations }, cipher });
    }
    Err(unsupported(alg))
}

fn unsupported(alg: &AlgorithmIdentifierRef<'_>) -> PbeFailure {
    let oid = alg.oid.to_string();
    PbeFailure::Unsupported(match alg.oid {
        PKCS12_PBE_RC4_128 => "pbeWithSHAAnd128BitRC4 (RC4)".to_owned(),
        PKCS12_PBE_RC4_40 => "pbeWithSHAAnd40BitRC4 (RC4)".to_owned(),
        _ if oid.starts_with(PBES1_ARC) => {
            format!("the PKCS#5 v1.5 scheme {oid} (PBES1, MD5 or SHA-1 with DES or RC2)")
        }
        _ => format!("the algorithm {oid}"),
    })
}

fn pkcs12_params(alg: &AlgorithmIdentifierRef<'_>) -> Result<Pkcs12PbeParams, PbeFailure> {
    let any = params_any(alg)?;
    any.decode_as::<Pkcs12PbeParams>()
        .map_err(|e| PbeFailure::Damaged(format!("the PKCS#12 encryption parameters are malformed ({e})")))
}

/// Bytes scrypt allocates: the V array (128·r·N), the p lanes (128·r·p) and one block of
/// scratch (128·r).
pub fn scrypt_memory(n: u64, r: u16, p: u16) -> u64 {
    let lanes = n.saturating_add(u64::from(p)).saturating_add(1);
    lanes.saturating_mul(u64::from(r)).saturating_mul(128)
}

/// Refuses one derivation's parameters that are malformed or beyond the per-derivation
/// limits (iterations, scrypt memory, r and p), before doing any work. The time all of an
/// input's derivations take together is [`WorkBudget`]'s job.
pub(crate) fn check_cost(scheme: &PasswordScheme) -> Result<(), PbeFailure> {
    match scheme.kdf {
        PasswordKdf::Pbkdf2 { iterations, .. } | PasswordKdf::Pkcs12Sha1 { iterations } => {
            if iterations == 0 {
                return Err(PbeFailure::Damaged("the iteration count is zero".into()));
            }
            if iterations > MAX_ITERATIONS {
                return Err(PbeFailure::TooExpensive(format!(
                    "it asks for {iterations} key-derivation iterations, and at most {MAX_ITERATIONS} are accepted"
                )));
            }
        }
        PasswordKdf::Scrypt { n, r, p } => {
            if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
                return Err(PbeFailure::Damaged(format!("the scrypt parameters N={n}, r={r}, p={p} are invalid")));
            }
            if r > MAX_SCRYPT_R || p > MAX_SCRYPT_P {
                return Err(PbeFailure::TooExpensive(format!(
                    "it asks for scrypt with N={n}, r={r}, p={p}, and at most r={MAX_SCRYPT_R} and p={MAX_SCRYPT_P} are accepted"
                )));
            }
            let memory = scrypt_memory(n, r, p);
            if memory > MAX_SCRYPT_MEMORY {
                return Err(PbeFailure::TooExpensive(format!(
                    "it asks for scrypt with N={n}, r={r}, p={p}, which needs {} MiB of memory, and at most {} MiB are accepted",
                    memory / (1024 * 1024),
                    MAX_SCRYPT_MEMORY / (1024 * 1024)
                )));
            }
        }
    }
    Ok(())
}

/// Estimated time of one unit of key-derivation work natively and in the console's worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct UnitCost {
    native_ns: u64,
    browser_ns: u64,
}

/// One PBKDF2 iteration and output block (one HMAC: two compression calls plus finalisation).
/// Native: measured with `examples/kdf_cost.rs` (opt-level 3, x86-64 with SHA-NI, 2026-11-30):
/// SHA-1 ≈ 187, SHA-256 ≈ 181, SHA-512 ≈ 917 (10 M rounds of PBKDF2-SHA512 take 9.1 s, of
/// PBKDF2-SHA256 1.8 s). Browser: the console's worker in headless Chromium, measured with
/// `scripts/bench-import.sh` (2026-11-30, 2-core EPYC, two runs): SHA-1 ≈ 580–620, SHA-256 ≈
/// 674–680, SHA-512 ≈ 1020–1090. Rounded up by 10–15 %: the budget should over- rather than
/// under-estimate.
const HMAC_SHA1: UnitCost = UnitCost { native_ns: 190, browser_ns: 700 };
/// See [`HMAC_SHA1`].
const HMAC_SHA256: UnitCost = UnitCost { native_ns: 190, browser_ns: 760 };
/// See [`HMAC_SHA1`]. SHA-512 has no hardware help anywhere: five times SHA-256 natively, and
/// WebAssembly's 64-bit arithmetic keeps it close to native in the browser.
const HMAC_SHA512: UnitCost = UnitCost { native_ns: 920, browser_ns: 1250 };
/// One SHA-1 call of the PKCS#12 KDF (RFC 7292 Appendix B) per iteration and output block:
/// measured ≈ 72 ns natively (counted as half an HMAC) and 263–293 ns in the worker.
const PKCS12_SHA1_CALL: UnitCost = UnitCost { native_ns: 95, browser_ns: 330 };
/// One Salsa20/8 core in scrypt's BlockMix (ROMix runs 4·N·r·p of them): 50–90 ns natively
/// depending on how much of V stays in cache, 270–273 ns in the worker.
const SALSA_CORE: UnitCost = UnitCost { native_ns: 90, browser_ns: 310 };

fn hmac_cost(hash: &str) -> UnitCost {
    match hash {
        "SHA1" => HMAC_SHA1,
        "SHA224" | "SHA256" => HMAC_SHA256,
        _ => HMAC_SHA512,
    }
}

/// Estimated time of some key-derivation work, natively and in the console's worker; an input
/// is read only if both fit their budget ([`WORK_BUDGET_NS`], [`BROWSER_WORK_BUDGET_NS`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkCost {
    /// Estimated native nanoseconds (the CLI, the Lambda).
    pub native_ns: u64,
    /// Estimated nanoseconds in the console's WebAssembly worker.
    pub browser_ns: u64,
}

impl WorkCost {
    /// `count` units of `unit`.
    fn of(unit: UnitCost, count: u64) -> WorkCost {
        WorkCost { native_ns: unit.native_ns.saturating_mul(count), browser_ns: unit.browser_ns.saturating_mul(count) }
    }

    /// Both estimates added, saturating (costs come from attacker-chosen counts).
    #[must_use]
    pub fn saturating_add(self, other: WorkCost) -> WorkCost {
        WorkCost {
            native_ns: self.native_ns.saturating_add(other.native_ns),
            browser_ns: self.browser_ns.saturating_add(other.browser_ns),
        }
    }

    /// Whether this much work fits one input's budget, natively and in the browser.
    pub fn fits_budget(self) -> bool {
        self.native_ns <= WORK_BUDGET_NS && self.browser_ns <= BROWSER_WORK_BUDGET_NS
    }
}

/// Output bytes of the hash named like [`PasswordKdf::Pbkdf2`]'s `hash`.
fn hash_len(hash: &str) -> u64 {
    match hash {
        "SHA1" => 20,
        "SHA224" => 28,
        "SHA256" => 32,
        "SHA384" => 48,
        _ => 64,
    }
}

impl PasswordCipher {
    /// Key length in bytes.
    const fn key_len(self) -> u64 {
        match self {
            PasswordCipher::Aes128Cbc | PasswordCipher::Aes128Gcm => 16,
            PasswordCipher::Aes192Cbc | PasswordCipher::TripleDesCbc => 24,
            PasswordCipher::Aes256Cbc | PasswordCipher::Aes256Gcm => 32,
            PasswordCipher::TwoKeyTripleDesCbc | PasswordCipher::Rc2_128Cbc => 16,
            PasswordCipher::DesCbc => 8,
            PasswordCipher::Rc2_40Cbc => 5,
        }
    }
}

impl PasswordScheme {
    /// Estimated time one password try costs (see [`WorkCost`]).
    pub fn cost(&self) -> WorkCost {
        let key_len = self.cipher.key_len();
        match self.kdf {
            PasswordKdf::Pbkdf2 { hash, iterations } => {
                let blocks = key_len.div_ceil(hash_len(hash));
                WorkCost::of(hmac_cost(hash), u64::from(iterations).saturating_mul(blocks))
            }
            PasswordKdf::Pkcs12Sha1 { iterations } => {
                // Key and IV are derived separately, one SHA-1 call per iteration and block.
                let blocks = key_len.div_ceil(20).saturating_add(1);
                WorkCost::of(PKCS12_SHA1_CALL, u64::from(iterations).saturating_mul(blocks))
            }
            PasswordKdf::Scrypt { n, r, p } => {
                WorkCost::of(SALSA_CORE, n.saturating_mul(4).saturating_mul(u64::from(r)).saturating_mul(u64::from(p)))
            }
        }
    }
}

/// Estimated time of a PKCS#12 MAC key derivation (RFC 7292 Appendix B, one output block: one
/// hash call per iteration, measured at a third of an HMAC iteration and counted as half).
pub(crate) fn mac_cost(hash: &str, iterations: u32) -> WorkCost {
    let hmac = hmac_cost(hash);
    let call = UnitCost { native_ns: hmac.native_ns / 2, browser_ns: hmac.browser_ns / 2 };
    WorkCost::of(call, u64::from(iterations))
}

/// "PBES2, PBKDF2-SHA512, AES-256-CBC at 10000000 iterations", for messages about cost.
pub(crate) fn scheme_with_parameters(scheme: &PasswordScheme) -> String {
    match scheme.kdf {
        PasswordKdf::Pbkdf2 { iterations, .. } | PasswordKdf::Pkcs12Sha1 { iterations } => {
            format!("{scheme} at {iterations} iterations")
        }
        PasswordKdf::Scrypt { n, r, p } => format!("{scheme} with N={n}, r={r}, p={p}"),
    }
}

/// "about 1.8 s" / "about 350 ms".
pub(crate) fn duration_phrase(ns: u64) -> String {
    if ns >= 1_000_000_000 {
        format!("about {:.1} s", ns as f64 / 1e9)
    } else {
        format!("about {} ms", ns.div_ceil(1_000_000))
    }
}

/// The key-derivation work one input has caused so far, with what it has already derived.
///
/// Created once per input and handed to every derivation that input triggers, so the limits
/// (the work budget, [`MAX_ENCRYPTED_CONTAINERS`]) hold for the input as a whole, whatever
/// mix of safes, bags, blocks and password candidates it contains. Results are remembered by a
/// digest of (scheme parameters, ciphertext, password bytes): PBES2 reads the empty password's
/// two PKCS#12 encodings as the same bytes, and such a repeat costs nothing the second time.
pub(crate) struct WorkBudget {
    spent: WorkCost,
    containers: usize,
    distinct_containers: Vec<[u8; 32]>,
    memo: Vec<([u8; 32], Memo)>,
}

#[derive(Clone)]
pub(crate) enum Memo {
    Decrypted(Result<Zeroizing<Vec<u8>>, PbeFailure>),
    Mac(bool),
}

impl WorkBudget {
    pub fn new() -> WorkBudget {
        WorkBudget { spent: WorkCost::default(), containers: 0, distinct_containers: Vec::new(), memo: Vec::new() }
    }

    /// Work done so far.
    #[cfg(test)]
    pub(crate) fn spent(&self) -> WorkCost {
        self.spent
    }

    /// Counts `n` more encrypted containers; refuses past [`MAX_ENCRYPTED_CONTAINERS`].
    pub fn add_containers(&mut self, n: usize) -> Result<(), PbeFailure> {
        self.containers = self.containers.saturating_add(n);
        if self.containers > MAX_ENCRYPTED_CONTAINERS {
            return Err(PbeFailure::TooExpensive(format!(
                "it holds more than {MAX_ENCRYPTED_CONTAINERS} password-encrypted containers (at least {}), and at most {MAX_ENCRYPTED_CONTAINERS} are read per input",
                self.containers
            )));
        }
        Ok(())
    }

    /// Counts a container met inside another (a key bag in an encrypted safe), once however
    /// many password candidates walk past it; `id` names it (digest of parameters and bytes).
    pub fn add_distinct_container(&mut self, id: [u8; 32]) -> Result<(), PbeFailure> {
        if self.distinct_containers.contains(&id) {
            return Ok(());
        }
        self.distinct_containers.push(id);
        self.add_containers(1)
    }

    /// Refuses, without charging, if `certain_ns` more work could not fit: for the work any
    /// successful read must do, so a hopeless input is refused before the first derivation.
    pub fn ensure_fits(&self, certain: WorkCost, what: &str) -> Result<(), PbeFailure> {
        let total = self.spent.saturating_add(certain);
        if !total.fits_budget() {
            return Err(over_budget(total, what));
        }
        Ok(())
    }

    /// Charges `cost` before doing the work; refuses if it would exceed the budget.
    pub fn charge(&mut self, cost: WorkCost, what: &str) -> Result<(), PbeFailure> {
        self.ensure_fits(cost, what)?;
        self.spent = self.spent.saturating_add(cost);
        Ok(())
    }

    pub fn recall(&self, key: &[u8; 32]) -> Option<Memo> {
        self.memo.iter().find(|(k, _)| k == key).map(|(_, m)| m.clone())
    }

    pub fn remember(&mut self, key: [u8; 32], memo: Memo) {
        self.memo.push((key, memo));
    }
}

impl Default for WorkBudget {
    fn default() -> Self {
        WorkBudget::new()
    }
}

fn over_budget(total: WorkCost, what: &str) -> PbeFailure {
    PbeFailure::TooExpensive(format!(
        "checking its password would take {} of key derivation in the console ({} on the command line) for {what}, and one input may take at most {} in the console and {} on the command line (the work limit per file)",
        duration_phrase(total.browser_ns),
        duration_phrase(total.native_ns),
        duration_phrase(BROWSER_WORK_BUDGET_NS),
        duration_phrase(WORK_BUDGET_NS)
    ))
}

/// A digest naming one derivation-and-decryption: domain, then each part length-prefixed.
pub(crate) fn memo_key(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.finalize().into()
}

/// Decrypts `ciphertext` protected by the scheme in `alg` with `password`, charging the key
/// derivation to `budget` first (or answering from its memory of an identical try).
///
/// A CBC padding error or (for GCM) a failed tag both mean "wrong password": PBES2 has no other
/// way to tell. Callers that then fail to parse the plaintext must also say "wrong password".
pub(crate) fn decrypt(
    alg: &AlgorithmIdentifierRef<'_>,
    ciphertext: &[u8],
    password: &Password,
    budget: &mut WorkBudget,
) -> Result<Zeroizing<Vec<u8>>, PbeFailure> {
    let scheme = describe(alg)?;
    check_cost(&scheme)?;
    let alg_der =
        alg.to_der().map_err(|e| PbeFailure::Damaged(format!("the encryption algorithm is malformed ({e})")))?;
    // PBES2 reads the UTF-8 password, the PKCS#12 schemes the BMPString: key on what is read.
    let password_bytes = if alg.oid == pbes2::PBES2_OID { &password.utf8[..] } else { password.bmp() };
    let key = memo_key(&[b"decrypt", &alg_der, ciphertext, password_bytes]);
    if let Some(Memo::Decrypted(result)) = budget.recall(&key) {
        return result;
    }
    budget.charge(scheme.cost(), &scheme_with_parameters(&scheme))?;
    let result = decrypt_unmetered(alg, ciphertext, password);
    budget.remember(key, Memo::Decrypted(result.clone()));
    result
}

fn decrypt_unmetered(
    alg: &AlgorithmIdentifierRef<'_>,
    ciphertext: &[u8],
    password: &Password,
) -> Result<Zeroizing<Vec<u8>>, PbeFailure> {
    if alg.oid == pbes2::PBES2_OID {
        let params = pbes2_params(alg)?;
        let mut buf = Zeroizing::new(ciphertext.to_vec());
        let len = match params.decrypt_in_place(&password.utf8[..], &mut buf) {
            Ok(plain) => plain.len(),
            Err(pkcs5::Error::DecryptFailed) => return Err(PbeFailure::WrongPassword),
            Err(pkcs5::Error::UnsupportedAlgorithm { oid }) => {
                return Err(PbeFailure::Unsupported(format!("PBES2 with algorithm {oid}")))
            }
            Err(other) => return Err(PbeFailure::Damaged(format!("the PBES2 parameters are invalid ({other})"))),
        };
        buf.truncate(len);
        return Ok(buf);
    }
    let Some(cipher) = pkcs12_cipher(alg.oid) else {
        return Err(unsupported(alg));
    };
    let params = pkcs12_params(alg)?;
    let rounds =
        i32::try_from(params.iterations).map_err(|_| PbeFailure::Damaged("the iteration count is too large".into()))?;
    let salt = params.salt.as_bytes();
    let key_len = match cipher {
        PasswordCipher::TripleDesCbc => 24,
        PasswordCipher::TwoKeyTripleDesCbc | PasswordCipher::Rc2_128Cbc => 16,
        _ => 5,
    };
    use pkcs12::kdf::{derive_key, Pkcs12KeyType};
    let key =
        Zeroizing::new(derive_key::<sha1::Sha1>(password.bmp(), salt, Pkcs12KeyType::EncryptionKey, rounds, key_len));
    let iv = derive_key::<sha1::Sha1>(password.bmp(), salt, Pkcs12KeyType::Iv, rounds, 8);
    let plain = match cipher {
        PasswordCipher::TripleDesCbc => cbc_decrypt::<des::TdesEde3>(&key, &iv, ciphertext),
        PasswordCipher::TwoKeyTripleDesCbc => cbc_decrypt::<des::TdesEde2>(&key, &iv, ciphertext),
        _ => {
            use cbc::cipher::{BlockModeDecrypt, InnerIvInit};
            let rc2 = rc2::Rc2::new_with_eff_key_len(&key, key_len.saturating_mul(8));
            cbc::Decryptor::<rc2::Rc2>::inner_iv_slice_init(rc2, &iv)
                .ok()
                .and_then(|d| d.decrypt_padded_vec::<cbc::cipher::block_padding::Pkcs7>(ciphertext).ok())
        }
    };
    plain.map(Zeroizing::new).ok_or(PbeFailure::WrongPassword)
}

fn cbc_decrypt<C>(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Vec<u8>>
where
    C: cbc::cipher::BlockCipherDecrypt + cbc::cipher::KeyInit,
{
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
    cbc::Decryptor::<C>::new_from_slices(key, iv)
        .ok()?
        .decrypt_padded_vec::<cbc::cipher::block_padding::Pkcs7>(ciphertext)
        .ok()
}

/// Encrypts `plaintext` with PBES2: PBKDF2-HMAC-SHA256 (`iterations`), AES-256-CBC, a fresh
/// 16-byte salt and IV. Returns the `AlgorithmIdentifier` DER and the ciphertext.
pub(crate) fn encrypt_pbes2(plaintext: &[u8], password: &str, iterations: u32) -> Result<(Vec<u8>, Vec<u8>), String> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| "the platform refused to supply random numbers".to_owned())?;
    getrandom::fill(&mut iv).map_err(|_| "the platform refused to supply random numbers".to_owned())?;
    let params =
        pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(iterations, &salt, iv).map_err(|e| e.to_string())?;
    let ciphertext = params.encrypt(password.as_bytes(), plaintext).map_err(|e| e.to_string())?;
    let alg = pkcs5::EncryptionScheme::from(params).to_der().map_err(|e| e.to_string())?;
    Ok((alg, ciphertext))
}

/// Decodes an `AlgorithmIdentifier` and decrypts, for callers holding DER.
#[cfg(test)]
pub(crate) fn decrypt_with_alg_der(
    alg_der: &[u8],
    ciphertext: &[u8],
    password: &Password,
) -> Result<Zeroizing<Vec<u8>>, PbeFailure> {
    let alg = AlgorithmIdentifierRef::from_der(alg_der)
        .map_err(|e| PbeFailure::Damaged(format!("the encryption algorithm is malformed ({e})")))?;
    decrypt(&alg, ciphertext, password, &mut WorkBudget::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbes2_round_trip_and_wrong_password() {
        let (alg, ct) = encrypt_pbes2(b"secret key bytes", "correct horse", 1000).unwrap();
        let plain = decrypt_with_alg_der(&alg, &ct, &Password::new("correct horse")).unwrap();
        assert_eq!(&plain[..], b"secret key bytes");
        assert_eq!(decrypt_with_alg_der(&alg, &ct, &Password::new("wrong")), Err(PbeFailure::WrongPassword));
        let a = AlgorithmIdentifierRef::from_der(&alg).unwrap();
        assert_eq!(describe(&a).unwrap().to_string(), "PBES2, PBKDF2-SHA256, AES-256-CBC");
    }

    #[test]
    fn cost_limits() {
        let s = |kdf| PasswordScheme { kdf, cipher: PasswordCipher::Aes256Cbc };
        assert!(check_cost(&s(PasswordKdf::Pbkdf2 { hash: "SHA256", iterations: 2048 })).is_ok());
        assert!(matches!(
            check_cost(&s(PasswordKdf::Pbkdf2 { hash: "SHA256", iterations: 0 })),
            Err(PbeFailure::Damaged(_))
        ));
        assert!(matches!(
            check_cost(&s(PasswordKdf::Pbkdf2 { hash: "SHA256", iterations: u32::MAX })),
            Err(PbeFailure::TooExpensive(_))
        ));
        assert!(check_cost(&s(PasswordKdf::Scrypt { n: 16384, r: 8, p: 1 })).is_ok());
        assert!(check_cost(&s(PasswordKdf::Pbkdf2 { hash: "SHA256", iterations: MAX_ITERATIONS })).is_ok());
        assert!(matches!(check_cost(&s(PasswordKdf::Scrypt { n: 0, r: 8, p: 1 })), Err(PbeFailure::Damaged(_))));
        assert!(matches!(check_cost(&s(PasswordKdf::Scrypt { n: 3, r: 8, p: 1 })), Err(PbeFailure::Damaged(_))));
        assert!(matches!(
            check_cost(&s(PasswordKdf::Scrypt { n: 1 << 40, r: 8, p: 1 })),
            Err(PbeFailure::TooExpensive(_))
        ));
    }

    #[test]
    fn scrypt_memory_counts_the_lanes_and_r_and_p_are_bounded() {
        // Issue 11, finding 3: 128·N·r alone let N=2, r=65535, p=64 through (551 MB peak).
        assert_eq!(scrypt_memory(2, 65535, 64), 128 * 65535 * (2 + 64 + 1));
        assert_eq!(scrypt_memory(16384, 8, 1), 128 * 8 * 16386);
        let s = |n, r, p| PasswordScheme { kdf: PasswordKdf::Scrypt { n, r, p }, cipher: PasswordCipher::Aes256Cbc };
        assert!(
            matches!(check_cost(&s(2, 65535, 64)), Err(PbeFailure::TooExpensive(w)) if w.contains("at most r=32 and p=16"))
        );
        assert!(matches!(check_cost(&s(2, 8, 17)), Err(PbeFailure::TooExpensive(_))));
        assert!(matches!(check_cost(&s(1 << 17, 8, 16)), Ok(())));
        assert!(matches!(check_cost(&s(1 << 18, 16, 1)), Err(PbeFailure::TooExpensive(w)) if w.contains("512 MiB")));
    }

    #[test]
    fn costs_weigh_the_hash_and_the_blocks() {
        let pbkdf2 =
            |hash, iterations, cipher| PasswordScheme { kdf: PasswordKdf::Pbkdf2 { hash, iterations }, cipher };
        // One SHA-512 block covers an AES-256 key; SHA-1 needs two.
        let sha512 = pbkdf2("SHA512", 10_000_000, PasswordCipher::Aes256Cbc).cost();
        assert_eq!(sha512, WorkCost { native_ns: 9_200_000_000, browser_ns: 12_500_000_000 });
        let sha256 = pbkdf2("SHA256", 10_000_000, PasswordCipher::Aes256Cbc).cost();
        assert_eq!(sha256, WorkCost { native_ns: 1_900_000_000, browser_ns: 7_600_000_000 });
        // Under the native budget but not the browser's: refused everywhere alike.
        assert!(sha256.native_ns <= WORK_BUDGET_NS && !sha256.fits_budget());
        assert_eq!(pbkdf2("SHA1", 1000, PasswordCipher::Aes256Cbc).cost(), WorkCost::of(HMAC_SHA1, 2 * 1000));
        assert_eq!(pbkdf2("SHA1", 1000, PasswordCipher::Aes128Cbc).cost(), WorkCost::of(HMAC_SHA1, 1000));
        // Our own PKCS#12 export at the highest iteration count it writes (MAC, certificate
        // safe, key bag) fits the import budget, even with the second empty-password MAC try.
        let export = pbkdf2("SHA256", MAX_EXPORT_ITERATIONS, PasswordCipher::Aes256Cbc).cost();
        let mac = mac_cost("SHA256", MAX_EXPORT_ITERATIONS);
        assert!(mac.saturating_add(mac).saturating_add(export).saturating_add(export).fits_budget());
        assert_eq!(duration_phrase(1_900_000_000), "about 1.9 s");
        assert_eq!(duration_phrase(57_000_001), "about 58 ms");
    }

    #[test]
    fn the_budget_charges_before_work_and_counts_containers() {
        let mut budget = WorkBudget::new();
        let half = WorkCost { native_ns: WORK_BUDGET_NS / 2, browser_ns: BROWSER_WORK_BUDGET_NS / 2 };
        assert!(budget.charge(half, "a").is_ok());
        assert!(budget.ensure_fits(half, "b").is_ok());
        let more_native = WorkCost { native_ns: half.native_ns + 1, browser_ns: 0 };
        assert!(
            matches!(budget.charge(more_native, "c"), Err(PbeFailure::TooExpensive(w)) if w.contains("for c,") && w.contains("at most about 4.5 s in the console and about 2.0 s on the command line"))
        );
        let more_browser = WorkCost { native_ns: 0, browser_ns: half.browser_ns + 1 };
        assert!(matches!(budget.charge(more_browser, "d"), Err(PbeFailure::TooExpensive(_))));
        assert_eq!(budget.spent(), half, "a refused charge costs nothing");
        assert!(budget.add_containers(MAX_ENCRYPTED_CONTAINERS).is_ok());
        assert!(matches!(budget.add_containers(1), Err(PbeFailure::TooExpensive(w)) if w.contains("more than 8")));
        let mut budget = WorkBudget::new();
        for _ in 0..20 {
            assert!(budget.add_distinct_container([1; 32]).is_ok(), "the same bag is counted once");
        }
    }

    #[test]
    fn an_identical_try_is_not_derived_twice() {
        let (alg, ct) = encrypt_pbes2(b"secret key bytes", "pw", 1000).unwrap();
        let alg = AlgorithmIdentifierRef::from_der(&alg).unwrap();
        let mut budget = WorkBudget::new();
        assert_eq!(decrypt(&alg, &ct, &Password::new(""), &mut budget), Err(PbeFailure::WrongPassword));
        let once = budget.spent();
        assert_eq!(once, WorkCost::of(HMAC_SHA256, 1000));
        // PBES2 reads both empty-password encodings as the same (empty) bytes.
        assert_eq!(decrypt(&alg, &ct, &Password::absent(), &mut budget), Err(PbeFailure::WrongPassword));
        assert_eq!(budget.spent(), once);
        assert_eq!(&decrypt(&alg, &ct, &Password::new("pw"), &mut budget).unwrap()[..], b"secret key bytes");
        assert_eq!(budget.spent(), once.saturating_add(once));
    }

    #[test]
    fn bmp_password_encoding() {
        assert_eq!(Password::new("ab").bmp(), &[0, b'a', 0, b'b', 0, 0]);
        assert_eq!(Password::new("").bmp(), &[0, 0]);
        assert!(Password::absent().bmp().is_empty());
    }
}

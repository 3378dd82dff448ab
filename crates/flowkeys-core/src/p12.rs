//! PKCS#12 (`.p12`/`.pfx`, RFC 7292): reading what OpenSSL, Java and Windows write, and writing
//! the modern OpenSSL 3 layout.
//!
//! The `pkcs12` crate (0.2.0-pre) supplies the RFC 7292 Appendix B key derivation, the OIDs and
//! `EncryptedPrivateKeyInfo`; its other ASN.1 types are not used because its `SafeBag` keeps the
//! `[0]` wrapper in `bag_value` and wraps it again when encoding, and its `ContentInfo` comes
//! from a pinned `cms` pre-release. The few structures below are plain `der` derives.

use crate::pbe::{self, EncryptedPrivateKeyInfo, Memo, PasswordScheme, PbeFailure, WorkBudget};
use const_oid::ObjectIdentifier;
use der::asn1::{Any, AnyRef, OctetString, OctetStringRef, SetOfVec};
use der::{Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;
use zeroize::Zeroizing;

// CMS content types (RFC 5911), PKCS#9 attributes (RFC 2985) and the PKCS#12 bag types (RFC 7292),
// as the `const-oid` and `pkcs12` crates declare them.
use const_oid::db::rfc2985::{PKCS_9_AT_FRIENDLY_NAME as FRIENDLY_NAME, PKCS_9_AT_LOCAL_KEY_ID as LOCAL_KEY_ID};
use const_oid::db::rfc5911::{ID_DATA, ID_ENCRYPTED_DATA, ID_ENVELOPED_DATA, ID_SIGNED_DATA};
use pkcs12::{
    PKCS_12_CERT_BAG_OID as CERT_BAG, PKCS_12_KEY_BAG_OID as KEY_BAG, PKCS_12_PKCS8_KEY_BAG_OID as SHROUDED_KEY_BAG,
    PKCS_12_SAFE_CONTENTS_BAG_OID as SAFE_CONTENTS_BAG, PKCS_12_X509_CERT_OID as X509_CERTIFICATE,
};

/// Nested `safeContentsBag`s deeper than this are refused (a loop guard for hostile files).
const MAX_NESTING: usize = 4;

#[derive(Sequence)]
struct Pfx {
    version: u8,
    auth_safe: ContentInfo,
    mac_data: Option<MacData>,
}

#[derive(Sequence)]
struct ContentInfo {
    content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    content: Option<Any>,
}

fn one() -> u32 {
    1
}

/// [`Pfx`] for reading: borrows from the file's (wiped) bytes instead of copying its content
/// into an ordinary, never-wiped buffer.
#[derive(Sequence)]
struct PfxRef<'a> {
    version: u8,
    auth_safe: ContentInfoRef<'a>,
    mac_data: Option<MacData>,
}

/// [`ContentInfo`] for reading (borrowed; a plain `data` safe may hold an unencrypted key bag).
#[derive(Sequence)]
struct ContentInfoRef<'a> {
    content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    content: Option<AnyRef<'a>>,
}

/// [`SafeBag`] for reading: the bag value is a view into the decrypted, wiped safe contents,
/// so a key bag is copied only once, straight into a wiped buffer.
#[derive(Sequence)]
struct SafeBagRef<'a> {
    bag_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    bag_value: AnyRef<'a>,
    /// Kept opaque when reading: writers do not always sort the SET as DER requires.
    bag_attributes: Option<AnyRef<'a>>,
}

#[derive(Sequence)]
struct MacData {
    mac: DigestInfo,
    mac_salt: OctetString,
    #[asn1(default = "one")]
    iterations: u32,
}

#[derive(Sequence)]
struct DigestInfo {
    algorithm: AlgorithmIdentifierOwned,
    digest: OctetString,
}

#[derive(Sequence)]
struct SafeBag {
    bag_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    bag_value: Any,
    /// Kept opaque when reading: writers do not always sort the SET as DER requires.
    bag_attributes: Option<Any>,
}

#[derive(Sequence)]
struct CertBag {
    cert_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    cert_value: OctetString,
}

#[derive(Sequence)]
struct EncryptedData {
    version: u8,
    enc_content_info: EncryptedContentInfo,
}

#[derive(Sequence)]
struct EncryptedContentInfo {
    content_type: ObjectIdentifier,
    algorithm: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    encrypted_content: Option<OctetString>,
}

/// What a PKCS#12 file held.
pub(crate) struct Contents {
    /// PKCS#8 `PrivateKeyInfo` DER of every key, with the scheme that protected it.
    pub keys: Vec<(Zeroizing<Vec<u8>>, Option<PasswordScheme>)>,
    /// Certificate DER, in file order.
    pub certificates: Vec<Vec<u8>>,
    /// Bags of other kinds (CRLs, secrets) that were skipped.
    pub skipped_bags: usize,
    /// The integrity MAC, e.g. `HMAC-SHA256`, if the file has one.
    pub mac: Option<&'static str>,
    /// Schemes protecting certificate containers.
    pub container_schemes: Vec<PasswordScheme>,
}

/// Why a PKCS#12 file could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum P12Error {
    /// No password was given and the empty password does not open it.
    NeedsPassword,
    /// The password does not open it.
    WrongPassword,
    /// A feature we do not read.
    Unsupported(String),
    /// Parameters too costly to honour.
    TooExpensive(String),
    /// Malformed.
    Damaged(String),
}

impl From<PbeFailure> for P12Error {
    fn from(f: PbeFailure) -> Self {
        match f {
            PbeFailure::WrongPassword => P12Error::WrongPassword,
            PbeFailure::Unsupported(s) => P12Error::Unsupported(s),
            PbeFailure::TooExpensive(s) => P12Error::TooExpensive(s),
            PbeFailure::Damaged(s) => P12Error::Damaged(s),
        }
    }
}

fn damaged(what: &str, e: impl core::fmt::Display) -> P12Error {
    P12Error::Damaged(format!("{what} ({e})"))
}

/// Whether `der` is shaped like a PFX (cheap: a SEQUENCE starting with INTEGER 3 and a
/// ContentInfo). Used to tell PKCS#12 from other DER before asking for a password.
pub(crate) fn looks_like_pfx(der: &[u8]) -> bool {
    PfxRef::from_der(der).map(|p| p.version == 3).unwrap_or(false)
}

/// Reads a PFX. `password: None` means the user has not typed one: the empty password is
/// tried (both encodings writers use), and [`P12Error::NeedsPassword`] returned if it fails.
///
/// Every key derivation is charged to `budget` (see [`pbe::WorkBudget`]): the encrypted safes
/// are counted and their certain cost (MAC once, every safe once) checked before the first
/// derivation, so a file that could never be read within the budget costs nothing.
pub(crate) fn read(der: &[u8], password: Option<&str>, budget: &mut WorkBudget) -> Result<Contents, P12Error> {
    let pfx = PfxRef::from_der(der).map_err(|e| damaged("the PKCS#12 structure is malformed", e))?;
    if pfx.version != 3 {
        return Err(P12Error::Unsupported(format!("PKCS#12 version {}", pfx.version)));
    }
    if pfx.auth_safe.content_type == ID_SIGNED_DATA {
        return Err(P12Error::Unsupported("public-key integrity mode (a signed PKCS#12)".into()));
    }
    if pfx.auth_safe.content_type != ID_DATA {
        return Err(P12Error::Unsupported(format!("an outer content of type {}", pfx.auth_safe.content_type)));
    }
    let auth_bytes = octets(pfx.auth_safe.content.as_ref(), "the PKCS#12 content")?;
    let safes = Vec::<ContentInfoRef<'_>>::from_der(&auth_bytes)
        .map_err(|e| damaged("the PKCS#12 safe list is malformed", e))?;
    check_certain_cost(&safes, pfx.mac_data.as_ref(), budget)?;

    let candidates: Vec<pbe::Password> = match password {
        Some(p) if !p.is_empty() => vec![pbe::Password::new(p)],
        _ => vec![pbe::Password::new(""), pbe::Password::absent()],
    };
    let no_password = password.is_none();
    let refuse = if no_password { P12Error::NeedsPassword } else { P12Error::WrongPassword };

    if let Some(mac) = &pfx.mac_data {
        let mut chosen = None;
        for (i, pw) in candidates.iter().enumerate() {
            match verify_mac(mac, &auth_bytes, pw, budget) {
                Ok(true) => {
                    chosen = Some(pw);
                    break;
                }
                Ok(false) => {}
                // Out of budget for a further guess at the empty password: ask for the real one.
                Err(P12Error::TooExpensive(_)) if no_password && i > 0 => return Err(refuse),
                Err(e) => return Err(e),
            }
        }
        let Some(pw) = chosen else { return Err(refuse) };
        let mut contents = read_auth_safe(&safes, pw, true, budget)?;
        contents.mac = Some(mac_name(&mac.mac.algorithm.oid).unwrap_or("HMAC"));
        return Ok(contents);
    }
    // No MAC: the only password check is whether decryption yields well-formed content.
    for (i, pw) in candidates.iter().enumerate() {
        match read_auth_safe(&safes, pw, false, budget) {
            Err(P12Error::WrongPassword) => continue,
            Err(P12Error::TooExpensive(_)) if no_password && i > 0 => return Err(refuse),
            other => return other,
        }
    }
    Err(refuse)
}

/// Counts the encrypted safes and refuses, before any derivation, a file whose reading would
/// exceed the budget even with the right password (MAC once, every encrypted safe once).
fn check_certain_cost(
    safes: &[ContentInfoRef<'_>],
    mac: Option<&MacData>,
    budget: &mut WorkBudget,
) -> Result<(), P12Error> {
    let mut certain = pbe::WorkCost::default();
    let mut parts = Vec::new();
    if let Some(mac) = mac {
        let hash = mac_hash_name(&mac.mac.algorithm.oid).unwrap_or("SHA512");
        certain = certain.saturating_add(pbe::mac_cost(hash, mac.iterations));
        parts.push(format!("an HMAC-{hash} integrity check at {} iterations", mac.iterations));
    }
    let mut encrypted = 0usize;
    for ci in safes.iter().filter(|ci| ci.content_type == ID_ENCRYPTED_DATA) {
        encrypted = encrypted.saturating_add(1);
        let Some(any) = ci.content.as_ref() else {
            continue;
        };
        let Ok(ed) = any.decode_as::<EncryptedData>() else {
            continue;
        };
        let Ok(alg_der) = ed.enc_content_info.algorithm.to_der() else {
            continue;
        };
        let Ok(alg) = spki::AlgorithmIdentifierRef::from_der(&alg_der) else {
            continue;
        };
        let scheme = pbe::describe(&alg)?;
        pbe::check_cost(&scheme)?;
        certain = certain.saturating_add(scheme.cost());
        parts.push(pbe::scheme_with_parameters(&scheme));
    }
    budget.add_containers(encrypted)?;
    parts.dedup();
    budget.ensure_fits(certain, &parts.join("; "))?;
    Ok(())
}

fn octets(content: Option<&AnyRef<'_>>, what: &str) -> Result<Zeroizing<Vec<u8>>, P12Error> {
    let any = content.ok_or_else(|| P12Error::Damaged(format!("{what} is missing")))?;
    let os = any.decode_as::<&OctetStringRef>().map_err(|e| damaged(&format!("{what} is not an OCTET STRING"), e))?;
    Ok(Zeroizing::new(os.as_bytes().to_vec()))
}

/// The MAC's hash as PBKDF2's names spell it (`SHA256`), for cost estimates and messages.
fn mac_hash_name(oid: &ObjectIdentifier) -> Option<&'static str> {
    mac_name(oid).and_then(|n| n.strip_prefix("HMAC-"))
}

fn mac_name(oid: &ObjectIdentifier) -> Option<&'static str> {
    use const_oid::db::rfc5912 as alg;
    Some(match *oid {
        alg::ID_SHA_1 => "HMAC-SHA1",
        alg::ID_SHA_224 => "HMAC-SHA224",
        alg::ID_SHA_256 => "HMAC-SHA256",
        alg::ID_SHA_384 => "HMAC-SHA384",
        alg::ID_SHA_512 => "HMAC-SHA512",
        _ => return None,
    })
}

macro_rules! hmac_check {
    ($digest:ty, $mac:expr, $data:expr, $pw:expr, $rounds:expr) => {{
        use hmac::{KeyInit, Mac};
        let len = <$digest as sha2::digest::OutputSizeUser>::output_size();
        let key = Zeroizing::new(pkcs12::kdf::derive_key::<$digest>(
            $pw.bmp(),
            $mac.mac_salt.as_bytes(),
            pkcs12::kdf::Pkcs12KeyType::Mac,
            $rounds,
            len,
        ));
        match hmac::Hmac::<$digest>::new_from_slice(&key) {
            Ok(mut h) => {
                h.update($data);
                h.verify_slice($mac.mac.digest.as_bytes()).is_ok()
            }
            Err(_) => false,
        }
    }};
}

fn verify_mac(mac: &MacData, data: &[u8], pw: &pbe::Password, budget: &mut WorkBudget) -> Result<bool, P12Error> {
    if mac.iterations == 0 {
        return Err(P12Error::Damaged("the MAC iteration count is zero".into()));
    }
    if mac.iterations > pbe::MAX_ITERATIONS {
        return Err(P12Error::TooExpensive(format!(
            "its integrity check asks for {} iterations, and at most {} are accepted",
            mac.iterations,
            pbe::MAX_ITERATIONS
        )));
    }
    let rounds =
        i32::try_from(mac.iterations).map_err(|_| P12Error::Damaged("the MAC iteration count is too large".into()))?;
    let Some(hash) = mac_hash_name(&mac.mac.algorithm.oid) else {
        return Err(P12Error::Unsupported(format!("a MAC with hash algorithm {}", mac.mac.algorithm.oid)));
    };
    let key = pbe::memo_key(&[
        b"mac",
        mac.mac.algorithm.oid.as_bytes(),
        mac.mac_salt.as_bytes(),
        &mac.iterations.to_be_bytes(),
        mac.mac.digest.as_bytes(),
        data,
        pw.bmp(),
    ]);
    if let Some(Memo::Mac(ok)) = budget.recall(&key) {
        return Ok(ok);
    }
    budget.charge(
        pbe::mac_cost(hash, mac.iterations),
        &format!("an HMAC-{hash} integrity check at {} iterations", mac.iterations),
    )?;
    use const_oid::db::rfc5912 as alg;
    let ok = match mac.mac.algorithm.oid {
        alg::ID_SHA_1 => hmac_check!(sha1::Sha1, mac, data, pw, rounds),
        alg::ID_SHA_224 => hmac_check!(sha2::Sha224, mac, data, pw, rounds),
        alg::ID_SHA_256 => hmac_check!(sha2::Sha256, mac, data, pw, rounds),
        alg::ID_SHA_384 => hmac_check!(sha2::Sha384, mac, data, pw, rounds),
        alg::ID_SHA_512 => hmac_check!(sha2::Sha512, mac, data, pw, rounds),
        other => return Err(P12Error::Unsupported(format!("a MAC with hash algorithm {other}"))),
    };
    budget.remember(key, Memo::Mac(ok));
    Ok(ok)
}

/// Walks the AuthenticatedSafe. `mac_verified` says whether a bad decryption can only mean
/// damage (the MAC already proved the password) or may mean a wrong password.
fn read_auth_safe(
    safes: &[ContentInfoRef<'_>],
    pw: &pbe::Password,
    mac_verified: bool,
    budget: &mut WorkBudget,
) -> Result<Contents, P12Error> {
    let mut contents = Contents {
        keys: Vec::new(),
        certificates: Vec::new(),
        skipped_bags: 0,
        mac: None,
        container_schemes: Vec::new(),
    };
    let wrong = |what: &str| {
        if mac_verified {
            P12Error::Damaged(what.to_owned())
        } else {
            P12Error::WrongPassword
        }
    };
    for ci in safes {
        let safe_contents = match ci.content_type {
            ID_DATA => octets(ci.content.as_ref(), "a PKCS#12 safe")?,
            ID_ENCRYPTED_DATA => {
                let any = ci
                    .content
                    .as_ref()
                    .ok_or_else(|| P12Error::Damaged("an encrypted PKCS#12 safe is empty".into()))?;
                let ed = any
                    .decode_as::<EncryptedData>()
                    .map_err(|e| damaged("an encrypted PKCS#12 safe is malformed", e))?;
                let eci = ed.enc_content_info;
                let alg_der = eci.algorithm.to_der().map_err(|e| damaged("an encryption algorithm is malformed", e))?;
                let alg = spki::AlgorithmIdentifierRef::from_der(&alg_der)
                    .map_err(|e| damaged("an encryption algorithm is malformed", e))?;
                contents.container_schemes.push(pbe::describe(&alg)?);
                let ct = eci
                    .encrypted_content
                    .ok_or_else(|| P12Error::Damaged("an encrypted PKCS#12 safe has no content".into()))?;
                match pbe::decrypt(&alg, ct.as_bytes(), pw, budget) {
                    Ok(plain) => plain,
                    Err(PbeFailure::WrongPassword) => return Err(wrong("an encrypted PKCS#12 safe does not decrypt")),
                    Err(other) => return Err(other.into()),
                }
            }
            ID_ENVELOPED_DATA => {
                return Err(P12Error::Unsupported(
                    "public-key privacy mode (certificates encrypted to a recipient)".into(),
                ))
            }
            other => return Err(P12Error::Unsupported(format!("a safe of content type {other}"))),
        };
        read_bags(&safe_contents, pw, mac_verified, 0, &mut contents, budget)?;
    }
    Ok(contents)
}

fn read_bags(
    der: &[u8],
    pw: &pbe::Password,
    mac_verified: bool,
    depth: usize,
    out: &mut Contents,
    budget: &mut WorkBudget,
) -> Result<(), P12Error> {
    if depth > MAX_NESTING {
        return Err(P12Error::Damaged("safe contents are nested too deeply".into()));
    }
    let wrong = |what: &str| {
        if mac_verified {
            P12Error::Damaged(what.to_owned())
        } else {
            P12Error::WrongPassword
        }
    };
    let bags = Vec::<SafeBagRef<'_>>::from_der(der).map_err(|_| wrong("a PKCS#12 safe's bag list is malformed"))?;
    for bag in bags {
        match bag.bag_id {
            KEY_BAG => {
                let key = Zeroizing::new(bag.bag_value.to_der().map_err(|e| damaged("a key bag is malformed", e))?);
                out.keys.push((key, None));
            }
            SHROUDED_KEY_BAG => {
                let epki = bag
                    .bag_value
                    .decode_as::<EncryptedPrivateKeyInfo>()
                    .map_err(|e| damaged("an encrypted key bag is malformed", e))?;
                let alg_der = epki
                    .encryption_algorithm
                    .to_der()
                    .map_err(|e| damaged("an encryption algorithm is malformed", e))?;
                let alg = spki::AlgorithmIdentifierRef::from_der(&alg_der)
                    .map_err(|e| damaged("an encryption algorithm is malformed", e))?;
                let scheme = pbe::describe(&alg)?;
                // Counted once per distinct bag, however many password candidates reach it.
                budget.add_distinct_container(pbe::memo_key(&[b"bag", &alg_der, epki.encrypted_data.as_bytes()]))?;
                let plain = match pbe::decrypt(&alg, epki.encrypted_data.as_bytes(), pw, budget) {
                    Ok(p) => p,
                    Err(PbeFailure::WrongPassword) => return Err(wrong("the private key bag does not decrypt")),
                    Err(other) => return Err(other.into()),
                };
                if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_err() {
                    return Err(wrong("the decrypted private key is not PKCS#8"));
                }
                out.keys.push((plain, Some(scheme)));
            }
            CERT_BAG => {
                let cb =
                    bag.bag_value.decode_as::<CertBag>().map_err(|e| damaged("a certificate bag is malformed", e))?;
                if cb.cert_id == X509_CERTIFICATE {
                    out.certificates.push(cb.cert_value.into_bytes().into_vec());
                } else {
                    out.skipped_bags = out.skipped_bags.saturating_add(1);
                }
            }
            SAFE_CONTENTS_BAG => {
                let inner =
                    Zeroizing::new(bag.bag_value.to_der().map_err(|e| damaged("a nested safe is malformed", e))?);
                // `depth` is at most MAX_NESTING here (checked above).
                read_bags(&inner, pw, mac_verified, depth.saturating_add(1), out, budget)?;
            }
            _ => out.skipped_bags = out.skipped_bags.saturating_add(1),
        }
    }
    Ok(())
}

/// Builds the modern OpenSSL 3 layout: the certificate in a PBES2-encrypted safe, the key in a
/// `pkcs8ShroudedKeyBag` (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC), both tagged with the same
/// `localKeyID` (SHA-1 of the certificate, as OpenSSL does) and an optional `friendlyName`,
/// and an HMAC-SHA256 integrity MAC. All three password uses take `iterations` rounds: a cheap
/// MAC or certificate safe would let a guesser test passwords without paying for the key's.
pub(crate) fn build(
    pkcs8_der: &[u8],
    cert_der: &[u8],
    password: &str,
    iterations: u32,
    friendly_name: Option<&str>,
) -> Result<Vec<u8>, String> {
    use sha1::Digest;
    let e = |e: der::Error| e.to_string();
    let local_key_id: Vec<u8> = sha1::Sha1::digest(cert_der).to_vec();
    let attributes = bag_attributes(&local_key_id, friendly_name)?;

    // Certificate safe.
    let cert_bag = CertBag { cert_id: X509_CERTIFICATE, cert_value: OctetString::new(cert_der).map_err(e)? };
    let cert_safe_bag = SafeBag {
        bag_id: CERT_BAG,
        bag_value: Any::encode_from(&cert_bag).map_err(e)?,
        bag_attributes: Some(attributes.clone()),
    };
    let cert_contents = vec![cert_safe_bag].to_der().map_err(e)?;
    let (alg_der, ct) = pbe::encrypt_pbes2(&cert_contents, password, iterations)?;
    let enc = EncryptedData {
        version: 0,
        enc_content_info: EncryptedContentInfo {
            content_type: ID_DATA,
            algorithm: AlgorithmIdentifierOwned::from_der(&alg_der).map_err(e)?,
            encrypted_content: Some(OctetString::new(ct).map_err(e)?),
        },
    };
    let cert_ci = ContentInfo { content_type: ID_ENCRYPTED_DATA, content: Some(Any::encode_from(&enc).map_err(e)?) };

    // Key safe.
    let (alg_der, ct) = pbe::encrypt_pbes2(pkcs8_der, password, iterations)?;
    let epki = EncryptedPrivateKeyInfo {
        encryption_algorithm: AlgorithmIdentifierOwned::from_der(&alg_der).map_err(e)?,
        encrypted_data: OctetString::new(ct).map_err(e)?,
    };
    let key_safe_bag = SafeBag {
        bag_id: SHROUDED_KEY_BAG,
        bag_value: Any::encode_from(&epki).map_err(e)?,
        bag_attributes: Some(attributes),
    };
    let key_contents = vec![key_safe_bag].to_der().map_err(e)?;
    let key_ci = ContentInfo {
        content_type: ID_DATA,
        content: Some(Any::encode_from(&OctetString::new(key_contents).map_err(e)?).map_err(e)?),
    };

    let auth_bytes = vec![cert_ci, key_ci].to_der().map_err(e)?;

    // MAC over the AuthenticatedSafe bytes.
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| "the platform refused to supply random numbers".to_owned())?;
    let rounds = i32::try_from(iterations).map_err(|_| "iteration count too large".to_owned())?;
    let pw = pbe::Password::new(password);
    let key = Zeroizing::new(pkcs12::kdf::derive_key::<sha2::Sha256>(
        pw.bmp(),
        &salt,
        pkcs12::kdf::Pkcs12KeyType::Mac,
        rounds,
        32,
    ));
    let mac = {
        use hmac::{KeyInit, Mac};
        let mut h = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).map_err(|e| e.to_string())?;
        h.update(&auth_bytes);
        h.finalize().into_bytes().to_vec()
    };
    let pfx = Pfx {
        version: 3,
        auth_safe: ContentInfo {
            content_type: ID_DATA,
            content: Some(Any::encode_from(&OctetString::new(auth_bytes).map_err(e)?).map_err(e)?),
        },
        mac_data: Some(MacData {
            mac: DigestInfo {
                algorithm: AlgorithmIdentifierOwned {
                    oid: const_oid::db::rfc5912::ID_SHA_256,
                    parameters: Some(Any::null()),
                },
                digest: OctetString::new(mac).map_err(e)?,
            },
            mac_salt: OctetString::new(salt.to_vec()).map_err(e)?,
            iterations,
        }),
    };
    pfx.to_der().map_err(e)
}

/// `localKeyID` and `friendlyName` attributes as one DER SET.
fn bag_attributes(local_key_id: &[u8], friendly_name: Option<&str>) -> Result<Any, String> {
    use x509_cert::attr::Attribute;
    let e = |e: der::Error| e.to_string();
    let mut attrs = SetOfVec::<Attribute>::new();
    let mut id_values = SetOfVec::new();
    id_values.insert(Any::encode_from(&OctetString::new(local_key_id).map_err(e)?).map_err(e)?).map_err(e)?;
    attrs.insert(Attribute { oid: LOCAL_KEY_ID, values: id_values }).map_err(e)?;
    if let Some(name) = friendly_name {
        let bmp = der::asn1::BmpString::from_utf8(name).map_err(e)?;
        let mut name_values = SetOfVec::new();
        name_values.insert(Any::encode_from(&bmp).map_err(e)?).map_err(e)?;
        attrs.insert(Attribute { oid: FRIENDLY_NAME, values: name_values }).map_err(e)?;
    }
    Any::encode_from(&attrs).map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hostile::{self, Prf};

    #[test]
    fn the_two_empty_password_encodings_cost_one_pbes2_derivation() {
        // Issue 11: both encodings are the same bytes for PBES2, so the second try is free.
        let params = hostile::pbkdf2_params(Prf::Sha256, 1000);
        let p12 = hostile::p12_without_mac(&params, 1, false);
        let mut budget = WorkBudget::new();
        assert_eq!(read(&p12, None, &mut budget).err(), Some(P12Error::NeedsPassword));
        assert_eq!(budget.spent(), pbe::WorkCost { native_ns: 1000 * 190, browser_ns: 1000 * 760 });
    }

    #[test]
    fn a_decryptable_safe_under_the_empty_password_is_read_once() {
        let params = hostile::pbkdf2_params(Prf::Sha256, 1000);
        let p12 = hostile::p12_without_mac(&params, 2, true);
        let mut budget = WorkBudget::new();
        let contents = read(&p12, None, &mut budget).map_err(|e| format!("{e:?}")).unwrap();
        assert!(contents.keys.is_empty() && contents.certificates.is_empty());
        // Two identical safes: one derivation, remembered for the second.
        assert_eq!(budget.spent(), pbe::WorkCost { native_ns: 1000 * 190, browser_ns: 1000 * 760 });
    }
}

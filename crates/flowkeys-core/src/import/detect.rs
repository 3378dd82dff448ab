//! Recognising one input: PEM, DER, Base64, PKCS#12, and everything that is not key material.

use super::{
    count_phrase, Container, Encoding, ImportError, ImportInput, ImportedCertificate, ImportedPrivateKey,
    ImportedPublicKey, InputSummary, ItemKind, ItemSummary, Piece, PrivateKeyFormat, PublicKeyFormat, Source,
};
use crate::cert::CertificateSummary;
use crate::fingerprint::Sha256Fingerprint;
use crate::keys::private::modulus_bits;
use crate::keys::{spki_der_from_pkcs1_public, SpkiDer};
use crate::p12::{self, P12Error};
use crate::pbe::{self, EncryptedPrivateKeyInfo, PbeFailure, WorkBudget};
use crate::pem_blocks::{self, PemProblem};
use crate::KeySize;
use const_oid::ObjectIdentifier;
use der::{Decode, Encode, Reader};
use zeroize::Zeroizing;

/// Why an input produced no pieces.
pub(crate) enum Failure {
    NeedsPassword(String),
    Error(ImportError),
}

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Self {
        Failure::Error(e)
    }
}

struct Ctx<'a> {
    name: &'a str,
    password: Option<&'a str>,
    pieces: Vec<Piece>,
    warnings: Vec<String>,
    /// Every key derivation this input triggers is charged here.
    budget: WorkBudget,
}

impl Ctx<'_> {
    fn damaged(&self, what: impl Into<String>) -> Failure {
        Failure::Error(ImportError::Damaged { input: self.name.to_owned(), what: what.into() })
    }

    fn not_rsa(&self, what: impl Into<String>) -> Failure {
        Failure::Error(ImportError::NotRsa { input: self.name.to_owned(), what: what.into() })
    }

    fn unsupported(&self, what: &str, advice: &str) -> Failure {
        Failure::Error(ImportError::UnsupportedFormat {
            input: self.name.to_owned(),
            what: what.to_owned(),
            advice: advice.to_owned(),
        })
    }

    fn pbe_failure(&self, f: PbeFailure) -> Failure {
        let input = self.name.to_owned();
        Failure::Error(match f {
            PbeFailure::WrongPassword => ImportError::WrongPassword { input },
            PbeFailure::Unsupported(scheme) => ImportError::UnsupportedEncryption { input, scheme },
            PbeFailure::TooExpensive(what) => {
                ImportError::TooExpensive { input, what, advice: pkcs8_advice(self.name) }
            }
            PbeFailure::Damaged(what) => ImportError::Damaged { input, what },
        })
    }

    fn source(&self) -> Source {
        Source { input: self.name.to_owned(), position: self.pieces.len().saturating_add(1) }
    }
}

pub(crate) fn read_input(input: &ImportInput) -> Result<(InputSummary, Vec<Piece>), Failure> {
    let mut ctx = Ctx {
        name: input.name(),
        password: input.password(),
        pieces: Vec::new(),
        warnings: Vec::new(),
        budget: WorkBudget::new(),
    };
    let bytes = input.bytes();
    if let Some(refused) = input.too_large() {
        return Err(refused.into());
    }
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf][..]).unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty { input: ctx.name.to_owned() }.into());
    }
    let text = core::str::from_utf8(bytes).ok();
    let (encoding, container) = if let Some(text) = text.filter(|t| pem_blocks::looks_like_pem(t)) {
        let unescaped = pem_blocks::unescape_if_json_like(text);
        let text = unescaped.as_ref().map_or(text, |s| s.as_str());
        let blocks = read_pem(&mut ctx, text)?;
        (Encoding::Pem, if blocks > 1 { Container::PemBundle } else { Container::Single })
    } else if bytes.first() == Some(&0x30) {
        (Encoding::Der, read_der(&mut ctx, bytes)?)
    } else if let Some(text) = text {
        check_other_text(&ctx, text)?;
        let der = base64_body(text).ok_or_else(|| not_key_material(&ctx, bytes))?;
        (Encoding::Base64, read_der(&mut ctx, &der)?)
    } else {
        return Err(not_key_material(&ctx, bytes));
    };
    if ctx.pieces.iter().all(|p| matches!(p, Piece::Other(_))) {
        // Only certificates for other algorithms: say so as an error, not an empty success.
        if let Some(Piece::Other(cert)) = ctx.pieces.first() {
            return Err(ctx.not_rsa(format!(
                "a certificate with {} ({})",
                key_algorithm_of_cert(cert.der()),
                cert.description()
            )));
        }
        return Err(ctx.damaged("no key or certificate was found in it"));
    }
    Ok(summarise(ctx, encoding, container))
}

fn summarise(mut ctx: Ctx<'_>, encoding: Encoding, container: Container) -> (InputSummary, Vec<Piece>) {
    let mut items = Vec::new();
    let (mut private, mut public, mut certs) = (0usize, 0usize, 0usize);
    for piece in &ctx.pieces {
        let (kind, description, fp) = match piece {
            Piece::Private(k) => {
                private = private.saturating_add(1);
                if KeySize::from_bits(k.bits()).is_none() {
                    ctx.warnings.push(size_warning("private key", k.bits()));
                }
                if let Some(weak) = scheme_weakness(&k.format) {
                    ctx.warnings.push(format!("The private key is protected with weak encryption: {weak}. Store it re-encrypted (this console exports PBES2 with AES-256)."));
                }
                (ItemKind::PrivateKey, k.description(), Some(Sha256Fingerprint::of(k.public_spki().as_bytes())))
            }
            Piece::Public(k) => {
                public = public.saturating_add(1);
                if KeySize::from_bits(k.bits()).is_none() {
                    ctx.warnings.push(size_warning("public key", k.bits()));
                }
                (ItemKind::PublicKey, k.description(), Some(Sha256Fingerprint::of(k.spki().as_bytes())))
            }
            Piece::Certificate(c, spki) => {
                certs = certs.saturating_add(1);
                if KeySize::from_bits(c.summary().key_bits).is_none() {
                    ctx.warnings.push(size_warning("certificate's key", c.summary().key_bits));
                }
                (ItemKind::Certificate, c.description(), Some(Sha256Fingerprint::of(spki.as_bytes())))
            }
            Piece::Other(c) => {
                ctx.warnings.push(format!(
                    "{} uses {}, not RSA; it is kept only to recognise the issuer of other certificates.",
                    c.description(),
                    key_algorithm_of_cert(c.der())
                ));
                (ItemKind::OtherCertificate, c.description(), None)
            }
        };
        items.push(ItemSummary { kind, description, public_key_sha256: fp, key_set: None });
    }
    let description = match &container {
        Container::Pkcs12 { .. } => {
            format!("PKCS#12 bundle: {}", count_phrase(private, public, certs))
        }
        Container::PemBundle => format!("PEM bundle: {}", count_phrase(private, public, certs)),
        Container::Single => items.first().map(|i| i.description.clone()).unwrap_or_default(),
    };
    if let Container::Pkcs12 { mac: None, .. } = &container {
        ctx.warnings
            .push("This PKCS#12 file has no integrity MAC, so tampering with it cannot be detected.".to_owned());
    }
    if let Container::Pkcs12 { certificate_protection, .. } = &container {
        for s in certificate_protection {
            if let Some(weak) = s.weakness() {
                ctx.warnings.push(format!(
                    "The certificates are encrypted with {s}: {weak}. Re-export the bundle with modern encryption."
                ));
            }
        }
    }
    ctx.warnings.dedup();
    (InputSummary { description, encoding, container, items, warnings: ctx.warnings }, ctx.pieces)
}

fn size_warning(what: &str, bits: usize) -> String {
    format!("The {what} is {bits} bits. Amazon Connect needs 2048, 3072 or 4096 bits, so it was imported for inspection only and cannot be used as a flow security key.")
}

fn scheme_weakness(format: &PrivateKeyFormat) -> Option<String> {
    match format {
        PrivateKeyFormat::EncryptedPkcs8(s) | PrivateKeyFormat::Pkcs12(Some(s)) => {
            s.weakness().map(|w| format!("{s} ({w})"))
        }
        _ => None,
    }
}

fn not_key_material(ctx: &Ctx<'_>, bytes: &[u8]) -> Failure {
    Failure::Error(ImportError::NotKeyMaterial { input: ctx.name.to_owned(), looks_like: looks_like(bytes) })
}

/// A guess at what non-key input is, for the error message.
fn looks_like(bytes: &[u8]) -> String {
    let starts = |p: &[u8]| bytes.starts_with(p);
    let s = if starts(&[0xff, 0xd8, 0xff]) {
        "a JPEG image"
    } else if starts(b"\x89PNG") {
        "a PNG image"
    } else if starts(b"GIF8") {
        "a GIF image"
    } else if starts(b"%PDF") {
        "a PDF document"
    } else if starts(b"PK\x03\x04") {
        "a ZIP archive (or an Office document)"
    } else if let Ok(text) = core::str::from_utf8(bytes) {
        let t = text.trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            "JSON"
        } else if t.starts_with('<') {
            "HTML or XML"
        } else {
            "plain text"
        }
    } else {
        "binary data of an unknown kind"
    };
    s.to_owned()
}

/// Recognisable non-PEM text formats that carry keys Connect cannot take as they are.
fn check_other_text(ctx: &Ctx<'_>, text: &str) -> Result<(), Failure> {
    let t = text.trim_start();
    if t.starts_with("ssh-rsa ") {
        return Err(ctx.unsupported(
            "an OpenSSH public key",
            "Connect takes PEM. Convert it with: ssh-keygen -e -m PKCS8 -f key.pub > key.pem, then import key.pem (you will still need the private key and a certificate).",
        ));
    }
    for (prefix, what) in [
        ("ssh-ed25519 ", "an OpenSSH Ed25519 public key"),
        ("ecdsa-sha2-", "an OpenSSH ECDSA public key"),
        ("ssh-dss ", "an OpenSSH DSA public key"),
    ] {
        if t.starts_with(prefix) {
            return Err(ctx.not_rsa(what));
        }
    }
    if t.starts_with("PuTTY-User-Key-File-") {
        return Err(ctx.unsupported(
            "a PuTTY private key (.ppk)",
            "Convert it to PKCS#8 PEM first, for example: puttygen key.ppk -O private-openssh -o key.pem, then ssh-keygen -p -m PKCS8 -f key.pem, and import key.pem.",
        ));
    }
    Ok(())
}

/// Headerless Base64 (at least one DER SEQUENCE's worth), as copied out of a PEM body.
fn base64_body(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    // Sized up front so no reallocation leaves an unwiped copy behind.
    let mut compact = Zeroizing::new(String::with_capacity(text.len()));
    compact.extend(text.chars().filter(|c| !c.is_whitespace()));
    if compact.len() < 32 || !compact.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
    {
        return None;
    }
    pem_blocks::decode_base64(&compact).filter(|d| d.first() == Some(&0x30))
}

/// Reads every PEM block; returns how many blocks carried pieces.
fn read_pem(ctx: &mut Ctx<'_>, text: &str) -> Result<usize, Failure> {
    let blocks = pem_blocks::parse_blocks(text).map_err(|p| match p {
        PemProblem::Unterminated { label } => ctx.damaged(format!("the “{label}” block has no END line")),
        PemProblem::MismatchedEnd { begin, end } => ctx.damaged(format!("a “{begin}” block ends with an “{end}” line")),
        PemProblem::BadBase64 { label } => ctx.damaged(format!("the “{label}” block is not valid Base64")),
    })?;
    if blocks.is_empty() {
        return Err(ctx.damaged("it mentions -----BEGIN but holds no complete PEM block"));
    }
    check_encrypted_blocks(ctx, &blocks)?;
    let mut counted = 0usize;
    for block in &blocks {
        let before = ctx.pieces.len();
        read_block(ctx, block)?;
        if ctx.pieces.len() > before {
            counted = counted.saturating_add(1);
        }
    }
    Ok(counted)
}

/// Counts the encrypted private keys of a PEM bundle and, when a password was given (only then
/// is anything derived), refuses before the first derivation a bundle whose keys together
/// would exceed the work budget.
fn check_encrypted_blocks(ctx: &mut Ctx<'_>, blocks: &[pem_blocks::PemBlock]) -> Result<(), Failure> {
    let encrypted: Vec<&pem_blocks::PemBlock> = blocks.iter().filter(|b| b.label == "ENCRYPTED PRIVATE KEY").collect();
    ctx.budget.add_containers(encrypted.len()).map_err(|f| ctx.pbe_failure(f))?;
    if ctx.password.is_none() {
        return Ok(());
    }
    let mut certain = pbe::WorkCost::default();
    let mut parts = Vec::new();
    for block in encrypted {
        let Ok(info) = EncryptedPrivateKeyInfo::from_der(&block.der) else {
            continue;
        };
        let Ok(alg_der) = info.encryption_algorithm.to_der() else {
            continue;
        };
        let Ok(alg) = spki::AlgorithmIdentifierRef::from_der(&alg_der) else {
            continue;
        };
        let Ok(scheme) = pbe::describe(&alg) else {
            continue;
        };
        certain = certain.saturating_add(scheme.cost());
        parts.push(pbe::scheme_with_parameters(&scheme));
    }
    parts.dedup();
    ctx.budget.ensure_fits(certain, &parts.join("; ")).map_err(|f| ctx.pbe_failure(f))
}

fn read_block(ctx: &mut Ctx<'_>, block: &pem_blocks::PemBlock) -> Result<(), Failure> {
    let der: &[u8] = &block.der;
    let label = block.label.as_str();
    match label {
        "PRIVATE KEY" => {
            let piece = private_from_pkcs8(ctx, Zeroizing::new(der.to_vec()), PrivateKeyFormat::Pkcs8)?;
            ctx.pieces.push(piece);
        }
        "RSA PRIVATE KEY" => {
            if let Some((_, v)) = block.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("Proc-Type")) {
                if v.contains("ENCRYPTED") {
                    let cipher = block
                        .headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("DEK-Info"))
                        .and_then(|(_, v)| v.split(',').next())
                        .unwrap_or("unknown cipher")
                        .to_owned();
                    return Err(Failure::Error(ImportError::LegacyPemEncryption {
                        input: ctx.name.to_owned(),
                        cipher,
                        file: shell_file_name(ctx.name),
                    }));
                }
            }
            let piece = private_from_pkcs1(ctx, der, PrivateKeyFormat::Pkcs1)?;
            ctx.pieces.push(piece);
        }
        "ENCRYPTED PRIVATE KEY" => {
            let piece = encrypted_pkcs8(ctx, der)?;
            ctx.pieces.push(piece);
        }
        "PUBLIC KEY" => {
            let piece = public_from_spki(ctx, der)?;
            ctx.pieces.push(piece);
        }
        "RSA PUBLIC KEY" => {
            let piece = public_from_pkcs1(ctx, der)?;
            ctx.pieces.push(piece);
        }
        "CERTIFICATE" | "X509 CERTIFICATE" => {
            let piece = certificate(ctx, der)?;
            ctx.pieces.push(piece);
        }
        "TRUSTED CERTIFICATE" => {
            // OpenSSL's trusted form: the certificate followed by trust settings.
            let cert = first_tlv(der).ok_or_else(|| ctx.damaged("the trusted certificate is malformed"))?;
            let piece = certificate(ctx, cert)?;
            ctx.pieces.push(piece);
        }
        "EC PRIVATE KEY" => return Err(ctx.not_rsa("an EC private key")),
        "DSA PRIVATE KEY" => return Err(ctx.not_rsa("a DSA private key")),
        "EC PARAMETERS" | "DH PARAMETERS" | "X9.42 DH PARAMETERS" => {}
        "OPENSSH PRIVATE KEY" => {
            return Err(ctx.unsupported(
                "an OpenSSH private key",
                "Convert a copy to PKCS#8 PEM with ssh-keygen -p -m PKCS8 -f copy-of-key (it rewrites the file in place), then import it. Connect also needs RSA.",
            ))
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            return Err(ctx.unsupported(
                "a certificate signing request (CSR)",
                "A CSR is what you send to get a certificate; import the certificate and private key instead. For Connect, a self-signed certificate made here is enough.",
            ))
        }
        "PKCS7" | "CMS" => {
            return Err(ctx.unsupported(
                "a PKCS#7 certificate bundle",
                "Extract its certificates as PEM with: openssl pkcs7 -print_certs -in bundle.p7b -out certs.pem, then import certs.pem.",
            ))
        }
        "X509 CRL" => {
            return Err(ctx.unsupported("a certificate revocation list", "Import keys and certificates instead."))
        }
        other if other.starts_with("PGP ") => {
            return Err(ctx.unsupported(
                "an OpenPGP block",
                "Amazon Connect uses X.509 certificates and PEM keys, not PGP keys.",
            ))
        }
        other => {
            return Err(ctx.unsupported(
                &format!("a PEM block labelled “{}”", crate::text::shorten(other, 40)),
                "Import PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY, PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE blocks, or a .p12/.pfx file.",
            ))
        }
    }
    Ok(())
}

/// How to re-encrypt an encrypted PKCS#8 key with standard settings.
fn pkcs8_advice(name: &str) -> String {
    format!(
        "Re-encrypt the key with standard settings and import the new file: openssl pkcs8 -in {} | openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000 -out key-pkcs8.pem",
        shell_file_name(name)
    )
}

/// How to re-export a PKCS#12 file with standard settings.
fn pkcs12_advice(name: &str) -> String {
    let file = match shell_file_name(name).as_str() {
        "key.pem" => "old.p12".to_owned(),
        other => other.to_owned(),
    };
    format!(
        "Re-export it with standard settings and import the new file: openssl pkcs12 -in {file} -noenc -out all.pem && openssl pkcs12 -export -iter 600000 -in all.pem -out new.p12 (then delete all.pem, which holds the key unencrypted)"
    )
}

/// The input name if it is safe to paste into a shell command, else a placeholder.
fn shell_file_name(name: &str) -> String {
    if !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) {
        name.to_owned()
    } else {
        "key.pem".to_owned()
    }
}

/// The first complete TLV of `der`.
fn first_tlv(der: &[u8]) -> Option<&[u8]> {
    let mut reader = der::SliceReader::new(der).ok()?;
    let header = der::Header::decode(&mut reader).ok()?;
    let header_len = usize::try_from(u32::from(reader.position())).ok()?;
    let body = usize::try_from(u32::from(header.length())).ok()?;
    der.get(..header_len.checked_add(body)?)
}

/// If the outer TLV claims more bytes than there are, a phrase saying so.
fn truncation(der: &[u8]) -> Option<String> {
    let mut reader = der::SliceReader::new(der).ok()?;
    let header = der::Header::decode(&mut reader).ok()?;
    let header_len = usize::try_from(u32::from(reader.position())).ok()?;
    let total = header_len.checked_add(usize::try_from(u32::from(header.length())).ok()?)?;
    if total > der.len() {
        Some(format!("it is cut short: its structure announces {total} bytes but only {} are there", der.len()))
    } else if total < der.len() {
        Some(format!("{} unexpected bytes follow the end of its structure", der.len().saturating_sub(total)))
    } else {
        None
    }
}

/// Classifies a DER structure and reads it.
fn read_der(ctx: &mut Ctx<'_>, der: &[u8]) -> Result<Container, Failure> {
    if let Some(what) = truncation(der) {
        return Err(ctx.damaged(what));
    }
    if x509_cert::Certificate::from_der(der).is_ok() {
        let piece = certificate(ctx, der)?;
        ctx.pieces.push(piece);
        return Ok(Container::Single);
    }
    if p12::looks_like_pfx(der) {
        return read_pkcs12(ctx, der);
    }
    if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        let piece = private_from_pkcs8(ctx, Zeroizing::new(der.to_vec()), PrivateKeyFormat::Pkcs8)?;
        ctx.pieces.push(piece);
        return Ok(Container::Single);
    }
    if EncryptedPrivateKeyInfo::from_der(der).is_ok() {
        ctx.budget.add_containers(1).map_err(|f| ctx.pbe_failure(f))?;
        let piece = encrypted_pkcs8(ctx, der)?;
        ctx.pieces.push(piece);
        return Ok(Container::Single);
    }
    if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        let piece = public_from_spki(ctx, der)?;
        ctx.pieces.push(piece);
        return Ok(Container::Single);
    }
    if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        let piece = private_from_pkcs1(ctx, der, PrivateKeyFormat::Pkcs1)?;
        ctx.pieces.push(piece);
        return Ok(Container::Single);
    }
    if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        let piece = public_from_pkcs1(ctx, der)?;
        ctx.pieces.push(piece);
        return Ok(Container::Single);
    }
    if x509_cert::request::CertReq::from_der(der).is_ok() {
        return Err(ctx.unsupported(
            "a certificate signing request (CSR)",
            "A CSR is what you send to get a certificate; import the certificate and private key instead.",
        ));
    }
    // Well-formed outer DER of an unknown kind, or a damaged certificate or key.
    Err(match x509_cert::Certificate::from_der(der) {
        Err(e) if looks_like_certificate(der) => ctx.damaged(format!("the certificate does not parse ({e})")),
        _ => Failure::Error(ImportError::NotKeyMaterial {
            input: ctx.name.to_owned(),
            looks_like: "DER data of an unrecognised kind".to_owned(),
        }),
    })
}

/// A SEQUENCE whose first element is a SEQUENCE whose first element is `[0]` (version) or an
/// INTEGER (serial): the shape of a certificate.
fn looks_like_certificate(der: &[u8]) -> bool {
    let inner = der.get(4..).unwrap_or_default();
    der.first() == Some(&0x30)
        && inner.iter().take(4).any(|&b| b == 0x30)
        && der.windows(2).take(12).any(|w| w == [0xa0, 0x03])
}

fn read_pkcs12(ctx: &mut Ctx<'_>, der: &[u8]) -> Result<Container, Failure> {
    let input = ctx.name.to_owned();
    let contents = p12::read(der, ctx.password, &mut ctx.budget).map_err(|e| match e {
        P12Error::NeedsPassword => Failure::NeedsPassword("PKCS#12 bundle (.p12/.pfx)".to_owned()),
        P12Error::WrongPassword => Failure::Error(ImportError::WrongPassword { input: input.clone() }),
        P12Error::Unsupported(what) => {
            Failure::Error(ImportError::UnsupportedEncryption { input: input.clone(), scheme: what })
        }
        P12Error::TooExpensive(what) => {
            Failure::Error(ImportError::TooExpensive { input: input.clone(), what, advice: pkcs12_advice(&input) })
        }
        P12Error::Damaged(what) => Failure::Error(ImportError::Damaged { input: input.clone(), what }),
    })?;
    for (key, scheme) in contents.keys {
        let piece = private_from_pkcs8(ctx, key, PrivateKeyFormat::Pkcs12(scheme))?;
        ctx.pieces.push(piece);
    }
    for cert in &contents.certificates {
        let piece = certificate(ctx, cert)?;
        ctx.pieces.push(piece);
    }
    if contents.skipped_bags > 0 {
        ctx.warnings.push(format!(
            "{} other item(s) in the bundle (revocation lists or secrets) were ignored.",
            contents.skipped_bags
        ));
    }
    if ctx.pieces.is_empty() {
        return Err(ctx.damaged("the PKCS#12 bundle holds no keys or certificates"));
    }
    Ok(Container::Pkcs12 { mac: contents.mac.map(str::to_owned), certificate_protection: contents.container_schemes })
}

fn encrypted_pkcs8(ctx: &mut Ctx<'_>, der: &[u8]) -> Result<Piece, Failure> {
    let info = EncryptedPrivateKeyInfo::from_der(der)
        .map_err(|e| ctx.damaged(format!("the encrypted private key is malformed ({e})")))?;
    let alg_der = info
        .encryption_algorithm
        .to_der()
        .map_err(|e| ctx.damaged(format!("the encryption algorithm is malformed ({e})")))?;
    let alg = spki::AlgorithmIdentifierRef::from_der(&alg_der)
        .map_err(|e| ctx.damaged(format!("the encryption algorithm is malformed ({e})")))?;
    let scheme = pbe::describe(&alg).map_err(|f| ctx.pbe_failure(f))?;
    let format = PrivateKeyFormat::EncryptedPkcs8(scheme);
    let Some(password) = ctx.password else {
        return Err(Failure::NeedsPassword(format.to_string()));
    };
    let plain = pbe::decrypt(&alg, info.encrypted_data.as_bytes(), &pbe::Password::new(password), &mut ctx.budget)
        .map_err(|f| ctx.pbe_failure(f))?;
    // A wrong password passes the CBC padding check one time in 256; the garbage then fails here.
    if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_err() {
        return Err(Failure::Error(ImportError::WrongPassword { input: ctx.name.to_owned() }));
    }
    private_from_pkcs8(ctx, plain, format)
}

/// Names a non-RSA key algorithm (with the curve for EC keys).
fn algorithm_phrase(oid: ObjectIdentifier, params: Option<der::asn1::AnyRef<'_>>) -> String {
    use const_oid::db::{rfc5912, rfc8410};
    // Not among `const-oid`'s constants: secp256k1 (SEC 2) and PKCS#3 dhKeyAgreement.
    const SECP_256_K_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
    const DH_KEY_AGREEMENT: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.3.1");
    match oid {
        rfc5912::ID_EC_PUBLIC_KEY => {
            let curve = match params.and_then(|p| p.decode_as::<ObjectIdentifier>().ok()) {
                Some(rfc5912::SECP_256_R_1) => " (P-256)",
                Some(rfc5912::SECP_384_R_1) => " (P-384)",
                Some(rfc5912::SECP_521_R_1) => " (P-521)",
                Some(SECP_256_K_1) => " (secp256k1)",
                _ => "",
            };
            format!("an EC{curve}")
        }
        rfc8410::ID_ED_25519 => "an Ed25519".to_owned(),
        rfc8410::ID_ED_448 => "an Ed448".to_owned(),
        rfc8410::ID_X_25519 => "an X25519".to_owned(),
        rfc8410::ID_X_448 => "an X448".to_owned(),
        rfc5912::ID_DSA => "a DSA".to_owned(),
        rfc5912::ID_RSASSA_PSS => "an RSA-PSS-only (signing-restricted; Connect needs RSA encryption)".to_owned(),
        DH_KEY_AGREEMENT | rfc5912::DHPUBLICNUMBER => "a Diffie-Hellman".to_owned(),
        other => format!("a {other}"),
    }
}

fn key_algorithm_of_cert(der: &[u8]) -> String {
    match x509_cert::Certificate::from_der(der) {
        Ok(cert) => {
            let alg = &cert.tbs_certificate().subject_public_key_info().algorithm;
            format!("{} key", algorithm_phrase(alg.oid, alg.parameters.as_ref().map(|p| p.into())))
        }
        Err(_) => "an unknown key".to_owned(),
    }
}

fn private_from_pkcs8(ctx: &Ctx<'_>, der: Zeroizing<Vec<u8>>, format: PrivateKeyFormat) -> Result<Piece, Failure> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(&der)
        .map_err(|e| ctx.damaged(format!("the PKCS#8 private key is malformed ({e})")))?;
    if info.algorithm.oid != pkcs1::ALGORITHM_OID {
        return Err(
            ctx.not_rsa(format!("{} private key", algorithm_phrase(info.algorithm.oid, info.algorithm.parameters)))
        );
    }
    let rsa = pkcs1::RsaPrivateKeyRef::from_der(info.private_key.as_bytes())
        .map_err(|e| ctx.damaged(format!("the RSA private key inside the PKCS#8 wrapper is malformed ({e})")))?;
    let bits = modulus_bits(rsa.modulus.as_bytes());
    let spki = spki_der_from_pkcs1_public(&rsa.public_key()).map_err(|e| ctx.damaged(e.to_string()))?;
    Ok(Piece::Private(ImportedPrivateKey { pkcs8: der, bits, spki, format, source: ctx.source() }))
}

fn private_from_pkcs1(ctx: &Ctx<'_>, der: &[u8], format: PrivateKeyFormat) -> Result<Piece, Failure> {
    pkcs1::RsaPrivateKeyRef::from_der(der)
        .map_err(|e| ctx.damaged(format!("the PKCS#1 RSA private key is malformed ({e})")))?;
    let inner = der::asn1::OctetStringRef::new(der).map_err(|e| ctx.damaged(e.to_string()))?;
    let info = pkcs8::PrivateKeyInfoRef::new(pkcs1::ALGORITHM_ID, inner);
    let pkcs8 = Zeroizing::new(info.to_der().map_err(|e| ctx.damaged(e.to_string()))?);
    private_from_pkcs8(ctx, pkcs8, format)
}

fn rsa_public(ctx: &Ctx<'_>, pkcs1_der: &[u8]) -> Result<(SpkiDer, usize), Failure> {
    let key = pkcs1::RsaPublicKeyRef::from_der(pkcs1_der)
        .map_err(|e| ctx.damaged(format!("the RSA public key is malformed ({e})")))?;
    let bits = modulus_bits(key.modulus.as_bytes());
    let spki = spki_der_from_pkcs1_public(&key).map_err(|e| ctx.damaged(e.to_string()))?;
    Ok((spki, bits))
}

fn public_from_spki(ctx: &Ctx<'_>, der: &[u8]) -> Result<Piece, Failure> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| ctx.damaged(format!("the public key is malformed ({e})")))?;
    if info.algorithm.oid != pkcs1::ALGORITHM_OID {
        return Err(
            ctx.not_rsa(format!("{} public key", algorithm_phrase(info.algorithm.oid, info.algorithm.parameters)))
        );
    }
    let bits_der = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| ctx.damaged("the public key's bit string is not whole bytes"))?;
    let (spki, bits) = rsa_public(ctx, bits_der)?;
    Ok(Piece::Public(ImportedPublicKey { spki, bits, format: PublicKeyFormat::Spki, source: ctx.source() }))
}

fn public_from_pkcs1(ctx: &Ctx<'_>, der: &[u8]) -> Result<Piece, Failure> {
    let (spki, bits) = rsa_public(ctx, der)?;
    Ok(Piece::Public(ImportedPublicKey { spki, bits, format: PublicKeyFormat::Pkcs1, source: ctx.source() }))
}

fn certificate(ctx: &Ctx<'_>, der: &[u8]) -> Result<Piece, Failure> {
    let summary =
        CertificateSummary::from_der(der).map_err(|e| ctx.damaged(format!("a certificate does not parse ({e})")))?;
    let cert = x509_cert::Certificate::from_der(der)
        .map_err(|e| ctx.damaged(format!("a certificate does not parse ({e})")))?;
    let spki_info = cert.tbs_certificate().subject_public_key_info();
    let key_ids = super::KeyIdentifiers::of(&cert);
    let imported = ImportedCertificate::new(der.to_vec(), summary, key_ids, ctx.source());
    if spki_info.algorithm.oid != pkcs1::ALGORITHM_OID {
        return Ok(Piece::Other(imported));
    }
    let key_bytes = spki_info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| ctx.damaged("the certificate's public key is not whole bytes"))?;
    let (spki, _) = rsa_public(ctx, key_bytes)?;
    Ok(Piece::Certificate(imported, spki))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_what_non_keys_are() {
        assert_eq!(looks_like(&[0xff, 0xd8, 0xff, 0xe0]), "a JPEG image");
        assert_eq!(looks_like(b"  {\"a\":1}"), "JSON");
        assert_eq!(looks_like(b"hello"), "plain text");
        assert_eq!(looks_like(&[0x00, 0xff, 0xfe]), "binary data of an unknown kind");
    }

    #[test]
    fn shell_names_are_safe() {
        assert_eq!(shell_file_name("server.key"), "server.key");
        assert_eq!(shell_file_name("my key.pem"), "key.pem");
        assert_eq!(shell_file_name("a;rm -rf"), "key.pem");
    }

    #[test]
    fn hostile_kdf_parameters_are_refused_before_any_work() {
        use pkcs5::pbes2;
        let scrypt = |n: u64| pbes2::Parameters {
            kdf: pbes2::Kdf::Scrypt(pbes2::ScryptParams {
                salt: [1u8; 8][..].try_into().unwrap(),
                cost_parameter: n,
                block_size: 8,
                parallelization: 1,
                key_length: None,
            }),
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
        };
        let pbkdf2 = pbes2::Parameters {
            kdf: pbes2::Kdf::Pbkdf2(pbes2::Pbkdf2Params {
                salt: [1u8; 8][..].try_into().unwrap(),
                iteration_count: 2_000_000_000,
                key_length: None,
                prf: pbes2::Pbkdf2Prf::HmacWithSha256,
            }),
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
        };
        for (params, expect_damaged) in [(scrypt(1 << 30), false), (scrypt(0), true), (pbkdf2, false)] {
            let alg = pkcs5::EncryptionScheme::from(params).to_der().unwrap();
            let info = EncryptedPrivateKeyInfo {
                encryption_algorithm: spki::AlgorithmIdentifierOwned::from_der(&alg).unwrap(),
                encrypted_data: der::asn1::OctetString::new(vec![0u8; 32]).unwrap(),
            };
            let input = ImportInput::file("hostile.der", info.to_der().unwrap()).with_password("x");
            let start = std::time::Instant::now();
            let result = crate::import::import(&[input]);
            assert!(start.elapsed().as_secs() < 2, "refused quickly");
            match &result.inputs[0].outcome {
                crate::import::InputOutcome::Failed(ImportError::TooExpensive { input, what, .. })
                    if !expect_damaged =>
                {
                    assert_eq!(input, "hostile.der");
                    assert!(what.contains("scrypt") || what.contains("iterations"), "{what}");
                }
                crate::import::InputOutcome::Failed(ImportError::Damaged { .. }) if expect_damaged => {}
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn truncation_is_described() {
        assert!(truncation(&[0x30, 0x82, 0x01, 0x00, 0x02]).unwrap().contains("cut short"));
        assert!(truncation(&[0x30, 0x00, 0x00]).unwrap().contains("unexpected bytes"));
        assert_eq!(truncation(&[0x30, 0x00]), None);
    }
}

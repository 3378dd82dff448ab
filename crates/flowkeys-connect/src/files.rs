//! One naming rule for every file of a key set: the names the console downloads under are the
//! names the set-up commands read (`file://…`), so what an admin saves is what they run.
//!
//! `<common-name-slug>-<first 8 hex digits of the public key's SHA-256>.<what>`, e.g.
//! `amazon-connect-secure-input-9f1c2d3e.private-key.pem`. The fingerprint makes the names
//! unique per key set (two sets with one Common Name, made the same day, no longer collide) and
//! stable: it does not change with the date or with a re-issued certificate, so a command
//! copied today still names the file downloaded yesterday.

use flowkeys_core::naming::{slug, Artefact};

/// What a file holds, beyond the key set's own artefacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// A PEM, backup, request or reminder of the key set.
    Artefact(Artefact),
    /// The generated secure-input flow.
    Flow,
    /// The set-up commands as a script.
    SetupScript,
    /// The `put-parameter` commands for the Lambda's keys.
    ParameterScript,
    /// A preview ciphertext (base64).
    PreviewCiphertext,
    /// The Node.js decrypt Lambda's source; packaging copies it to `index.js` in the zip.
    LambdaNode,
    /// The Python decrypt Lambda's source; packaging copies it to `lambda_function.py`.
    LambdaPython,
    /// The IAM policy of the decrypt Lambda's role.
    LambdaPolicy,
    /// A Connect invocation event carrying the preview ciphertext, for the Lambda console's Test.
    LambdaTestEvent,
    /// The deployment package `create-function` uploads, built by the set-up commands.
    LambdaZip,
}

impl FileKind {
    /// The suffix after the stem.
    pub const fn suffix(self) -> &'static str {
        match self {
            FileKind::Artefact(a) => a.suffix(),
            FileKind::Flow => "flow.json",
            FileKind::SetupScript => "setup.sh",
            FileKind::ParameterScript => "put-private-key.sh",
            FileKind::PreviewCiphertext => "preview.b64.txt",
            FileKind::LambdaNode => "lambda.index.js",
            FileKind::LambdaPython => "lambda_function.py",
            FileKind::LambdaPolicy => "lambda-policy.json",
            FileKind::LambdaTestEvent => "lambda-test-event.json",
            FileKind::LambdaZip => "lambda.zip",
        }
    }
}

/// The file names of one key set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySetFiles {
    stem: String,
    short_fingerprint: String,
}

impl KeySetFiles {
    /// The names for a key set with `common_name` whose public key (SPKI DER) has the SHA-256
    /// fingerprint `public_key_sha256` (hex, with or without `:` separators).
    pub fn new(common_name: &str, public_key_sha256: &str) -> KeySetFiles {
        let short: String =
            public_key_sha256.chars().filter(char::is_ascii_hexdigit).take(8).map(|c| c.to_ascii_lowercase()).collect();
        let slug = slug(common_name);
        let stem = if short.is_empty() { slug } else { format!("{slug}-{short}") };
        KeySetFiles { stem, short_fingerprint: short }
    }

    /// The names for `set`.
    pub fn of(set: &flowkeys_core::KeySet) -> KeySetFiles {
        let summary = set.summary();
        KeySetFiles::new(&common_name(&summary.subject), &summary.public_key_sha256.to_string())
    }

    /// The names for the key set of a certificate (e.g. one the CLI reads from a file).
    pub fn of_certificate(certificate: &crate::EncryptionCertificate) -> KeySetFiles {
        let info = certificate.info();
        KeySetFiles::new(&common_name(&info.subject), &info.spki_sha256)
    }

    /// `<stem>.<suffix>`.
    pub fn name(&self, kind: FileKind) -> String {
        format!("{}.{}", self.stem, kind.suffix())
    }

    /// The name of one of the key set's artefacts.
    pub fn artefact(&self, artefact: Artefact) -> String {
        self.name(FileKind::Artefact(artefact))
    }

    /// The first 8 hex digits of the public key's SHA-256 (lower case; empty if unknown).
    pub fn short_fingerprint(&self) -> &str {
        &self.short_fingerprint
    }

    /// The common part of every name.
    pub fn stem(&self) -> &str {
        &self.stem
    }
}

/// The Common Name of an RFC 4514 subject string, or "" when it has none.
pub fn common_name(subject: &str) -> String {
    subject.split(',').find_map(|r| r.trim().strip_prefix("CN=")).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_common_name_and_a_short_fingerprint() {
        let files = KeySetFiles::new("amazon-connect-secure-input", "9F:1C:2D:3E:AA:BB");
        assert_eq!(files.artefact(Artefact::PrivateKey), "amazon-connect-secure-input-9f1c2d3e.private-key.pem");
        assert_eq!(files.artefact(Artefact::PublicKey), "amazon-connect-secure-input-9f1c2d3e.public-key.pem");
        assert_eq!(files.name(FileKind::Flow), "amazon-connect-secure-input-9f1c2d3e.flow.json");
        assert_eq!(
            KeySetFiles::new("Payments IVR / Prod", "").artefact(Artefact::Certificate),
            "payments-ivr-prod.certificate.pem"
        );
        assert_eq!(KeySetFiles::new("///", "01234567ff").stem(), "flowkeys-01234567");
    }

    #[test]
    fn two_key_sets_with_one_common_name_get_different_names() {
        let a = KeySetFiles::new("same", "aaaaaaaa00");
        let b = KeySetFiles::new("same", "bbbbbbbb00");
        assert_ne!(a.artefact(Artefact::PrivateKey), b.artefact(Artefact::PrivateKey));
    }

    #[test]
    fn common_name_is_read_from_the_subject() {
        assert_eq!(common_name("O=Example,CN=payments"), "payments");
        assert_eq!(common_name("CN=a b, O=x"), "a b");
        assert_eq!(common_name("O=x"), "");
    }
}

//! "Download all": one ZIP holding a key set's files under exactly the names the set-up commands
//! read ([`KeySetFiles`]), with a README.txt that says where each one goes.

use crate::files::{FileKind, KeySetFiles};
use crate::zip::{write_zip, ZipEntry, ZipError};
use flowkeys_core::naming::Artefact;

/// Name of the bundle's read-me.
pub const README_NAME: &str = "README.txt";

/// The files of one bundle, gathered before it is written.
#[derive(Clone, Debug)]
pub struct Bundle {
    files: KeySetFiles,
    nickname: String,
    entries: Vec<(FileKind, Vec<u8>)>,
}

impl Bundle {
    /// An empty bundle for the key set named by `files`, called `nickname` in the read-me.
    pub fn new(files: KeySetFiles, nickname: &str) -> Bundle {
        Bundle { files, nickname: nickname.to_owned(), entries: Vec::new() }
    }

    /// Adds a file (a later one of the same kind replaces it).
    pub fn add(&mut self, kind: FileKind, contents: impl Into<Vec<u8>>) -> &mut Bundle {
        self.entries.retain(|(k, _)| *k != kind);
        self.entries.push((kind, contents.into()));
        self
    }

    /// The ZIP file's own name: `<stem>.bundle.zip`.
    pub fn zip_name(&self) -> String {
        format!("{}.bundle.zip", self.files.stem())
    }

    /// The names inside the ZIP, in order (read-me first).
    pub fn names(&self) -> Vec<String> {
        std::iter::once(README_NAME.to_owned()).chain(self.entries.iter().map(|(k, _)| self.files.name(*k))).collect()
    }

    /// Whether the private key is in it.
    pub fn has_private_key(&self) -> bool {
        self.entries.iter().any(|(k, _)| *k == FileKind::Artefact(Artefact::PrivateKey))
    }

    /// The read-me: each file with where it goes.
    pub fn readme(&self) -> String {
        let mut text = format!(
            "Flowkeys bundle for the key set \"{}\".\r\nThe file names are the names the set-up commands read (file://...): run the commands in this folder.\r\n\r\n",
            self.nickname
        );
        for (kind, _) in &self.entries {
            text.push_str(&format!("{}\r\n    {}\r\n", self.files.name(*kind), destination(*kind)));
        }
        if !self.has_private_key() {
            text.push_str("\r\nThe private key is not in this bundle: download it on its own, or tick \"include the private key\".\r\n");
        }
        text
    }

    /// The ZIP archive.
    pub fn to_zip(&self) -> Result<Vec<u8>, ZipError> {
        let mut entries = vec![ZipEntry { name: README_NAME.to_owned(), data: self.readme().into_bytes() }];
        entries.extend(
            self.entries.iter().map(|(kind, data)| ZipEntry { name: self.files.name(*kind), data: data.clone() }),
        );
        write_zip(&entries)
    }
}

/// Where a file goes, in one sentence.
fn destination(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Artefact(Artefact::PublicKey) => "Amazon Connect console -> your instance -> Flows -> Flow security keys -> Add key (or aws connect associate-security-key).",
        FileKind::Artefact(Artefact::Certificate) => "The Store customer input block -> Encrypt entry -> Encryption certificate (the generated flow already holds it).",
        FileKind::Artefact(Artefact::PrivateKey) => "AWS Systems Manager Parameter Store, as a SecureString the decrypt Lambda reads (aws ssm put-parameter). Never into Connect; delete this copy once stored and backed up.",
        FileKind::Artefact(Artefact::Pkcs1PrivateKey) => "Only for older tools that need PKCS#1; the Lambda and Parameter Store take the PKCS#8 file.",
        FileKind::Artefact(Artefact::EncryptedPrivateKey) | FileKind::Artefact(Artefact::Pkcs12) => "Your backup store (password-protected).",
        FileKind::Artefact(Artefact::CertificateRequest) => "Your certificate authority, if the certificate must be CA-signed.",
        FileKind::Artefact(Artefact::ExpiryReminder) => "Your calendar: a reminder before the certificate expires.",
        FileKind::Flow => "Amazon Connect console -> Routing -> Flows -> Import (or aws connect create-contact-flow).",
        FileKind::SetupScript => "Run on your machine with the AWS CLI, in this folder.",
        FileKind::ParameterScript => "Run on your machine with the AWS CLI, in this folder: stores the private key in Parameter Store.",
        FileKind::PreviewCiphertext => "A test value for the decrypt Lambda: what Connect would send for the test card number.",
        FileKind::LambdaNode | FileKind::LambdaPython => "The decrypt Lambda's code: the set-up commands package it into the Lambda zip.",
        FileKind::LambdaPolicy => "The decrypt Lambda role's inline policy (aws iam put-role-policy).",
        FileKind::LambdaTestEvent => "The Lambda console -> your function -> Test: a Connect event carrying the preview ciphertext.",
        FileKind::LambdaZip => "The decrypt Lambda's deployment package (aws lambda create-function).",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(with_key: bool) -> Bundle {
        let mut b = Bundle::new(KeySetFiles::new("cn", "9f1c2d3e00"), "cn · 9f1c2d3e");
        b.add(FileKind::Artefact(Artefact::PublicKey), "PUB");
        b.add(FileKind::Artefact(Artefact::Certificate), "CERT");
        if with_key {
            b.add(FileKind::Artefact(Artefact::PrivateKey), "KEY");
        }
        b
    }

    #[test]
    fn names_are_the_command_names() {
        let b = bundle(true);
        assert_eq!(
            b.names(),
            ["README.txt", "cn-9f1c2d3e.public-key.pem", "cn-9f1c2d3e.certificate.pem", "cn-9f1c2d3e.private-key.pem"]
        );
        assert_eq!(b.zip_name(), "cn-9f1c2d3e.bundle.zip");
        let readme = b.readme();
        for name in b.names().iter().skip(1) {
            assert!(readme.contains(name.as_str()), "{name} missing from {readme}");
        }
        assert!(!readme.contains("not in this bundle"));
        assert!(bundle(false).readme().contains("not in this bundle"));
    }

    /// The archive is checked by an outside reader: Python's `zipfile` (CRC of every entry,
    /// names, contents), when python3 is installed.
    #[test]
    fn python_zipfile_reads_the_bundle() {
        let Ok(zip) = bundle(true).to_zip() else { panic!("zip") };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("b.zip");
        std::fs::write(&path, &zip).unwrap_or_else(|e| panic!("{e}"));
        let script = "import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nfor i in z.infolist(): print(i.filename, len(z.read(i)), z.read(i)[:4].decode())";
        let Ok(out) = std::process::Command::new("python3").arg("-c").arg(script).arg(&path).output() else {
            eprintln!("python3 not found: skipped");
            return;
        };
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(lines.first().is_some_and(|l| l.starts_with("README.txt ")));
        assert_eq!(
            lines.get(1..),
            Some(
                &[
                    "cn-9f1c2d3e.public-key.pem 3 PUB",
                    "cn-9f1c2d3e.certificate.pem 4 CERT",
                    "cn-9f1c2d3e.private-key.pem 3 KEY"
                ][..]
            )
        );
    }
}

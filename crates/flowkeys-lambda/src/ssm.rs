//! Parameter Store through the official AWS SDK for Rust.
//!
//! Why the SDK and not the AWS Parameters and Secrets Lambda Extension: the extension is a
//! separate layer (an ARN that differs per Region and architecture, to be kept up to date), it
//! runs as a second process in the execution environment and adds its own start-up time and
//! memory, and its localhost HTTP API would need a hand-written client and a session-token
//! header. The SDK call is one request per cold start (the key is cached in this process anyway,
//! which is the extension's main benefit), signs with the function's own credentials, and honours
//! `AWS_ENDPOINT_URL`, which lets the tests serve Parameter Store from a local moto server.

use aws_sdk_ssm::error::ProvideErrorMetadata;
use aws_sdk_ssm::operation::get_parameter::GetParameterError;
use flowkeys_connect::contract::KeyUnavailable;
use flowkeys_esdk::Zeroizing;

use crate::keys::{FetchError, KeySource};

/// Reads SecureString parameters with `ssm:GetParameter` (`WithDecryption`).
pub struct SsmKeySource {
    client: aws_sdk_ssm::Client,
}

impl SsmKeySource {
    /// A client from the function's environment (Region, credentials, `AWS_ENDPOINT_URL`), with
    /// rustls on ring as its HTTPS client.
    pub async fn from_env() -> SsmKeySource {
        use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
        let mut builder = aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(CryptoMode::Ring));
        if let Some(bundle) = ca_bundle() {
            if let Ok(context) = tls::TlsContext::builder()
                .with_trust_store(tls::TrustStore::empty().with_pem_certificate(bundle))
                .build()
            {
                builder = builder.tls_context(context);
            }
        }
        let http = builder.build_https();
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(http)
            // Connect waits at most 8 seconds for the whole invocation: a hung connection must
            // turn into KEY_UNAVAILABLE well before that, not into a timeout on the caller's line.
            .timeout_config(
                aws_config::timeout::TimeoutConfig::builder()
                    .connect_timeout(std::time::Duration::from_secs(1))
                    .operation_attempt_timeout(std::time::Duration::from_secs(2))
                    .operation_timeout(std::time::Duration::from_secs(4))
                    .build(),
            )
            .load()
            .await;
        SsmKeySource { client: aws_sdk_ssm::Client::new(&config) }
    }
}

/// The system's CA bundle as one file, for the trust store: `SSL_CERT_FILE` when set, else
/// Amazon Linux 2023's (and RHEL's) bundle, else Debian's. The platform-roots loader would also
/// read every file of the certificate directory (about 280 on Debian), which was most of the
/// 10 ms the client took to build — paid on every cold start. `None` — no bundle, or one with a
/// certificate rustls cannot use (the SDK would panic on it, where the platform loader skips
/// it) — means the platform roots, as before.
fn ca_bundle() -> Option<Vec<u8>> {
    let explicit = std::env::var_os("SSL_CERT_FILE").map(std::path::PathBuf::from);
    explicit
        .into_iter()
        .chain(["/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/certs/ca-certificates.crt"].map(std::path::PathBuf::from))
        .find_map(|path| std::fs::read(path).ok())
        .filter(|pem| every_certificate_parses(pem))
}

fn every_certificate_parses(pem: &[u8]) -> bool {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let Ok(ders) = CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>() else {
        return false;
    };
    let (valid, invalid) = rustls::RootCertStore::empty().add_parsable_certificates(ders);
    valid > 0 && invalid == 0
}

impl KeySource for SsmKeySource {
    async fn secure_string(&self, name: &str) -> Result<Zeroizing<String>, FetchError> {
        let answer = self
            .client
            .get_parameter()
            .name(name)
            .with_decryption(true)
            .send()
            .await
            .map_err(|e| {
                let e = e.into_service_error();
                let code = e.code().unwrap_or("").to_owned();
                let reason = match &e {
                    GetParameterError::ParameterNotFound(_) => KeyUnavailable::ParameterNotFound,
                    _ if code.contains("AccessDenied") => KeyUnavailable::AccessDenied,
                    _ => KeyUnavailable::KeyLoadError,
                };
                let what = if code.is_empty() { "no answer from Parameter Store".to_owned() } else { code };
                FetchError {
                    reason,
                    detail: format!(
                        "Reading the parameter {name} failed ({what}). Check that it exists as a SecureString in this Region and that the function's role may call ssm:GetParameter on it (and kms:Decrypt with its KMS key)."
                    ),
                }
            })?;
        let value =
            answer.parameter.and_then(|p| p.value).map(Zeroizing::new).filter(|v| !v.trim().is_empty()).ok_or_else(
                || FetchError {
                    reason: KeyUnavailable::KeyLoadError,
                    detail: format!("The parameter {name} is empty. Store the private key PEM in it."),
                },
            )?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::every_certificate_parses;

    #[test]
    fn a_bundle_is_used_only_if_rustls_can_use_every_certificate() {
        let good = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
        assert!(!every_certificate_parses(good.as_bytes()), "a damaged certificate");
        assert!(!every_certificate_parses(b"no PEM at all"));
        if let Ok(system) = std::fs::read("/etc/ssl/certs/ca-certificates.crt") {
            assert!(every_certificate_parses(&system), "Debian's bundle");
        }
    }
}

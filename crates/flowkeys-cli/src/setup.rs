//! `flowkeys setup`: the AWS CLI set-up sequence — the key, the decrypt Lambda's role, function
//! and invoke permission, the flow — as the console writes it: the same engine call and the same
//! script renderer, so both print the same text for the same values.

use std::path::PathBuf;

use flowkeys_connect::commands::render_script;
use flowkeys_connect::{
    setup_commands, AwsRegion, ConnectInstanceId, EncryptionCertificate, KeySetFiles, KmsKeyArn, LambdaArn, SetupSpec,
    SsmParameterName,
};

use crate::failure::{code, CliResult, Failure};

/// Arguments of `flowkeys setup`.
#[derive(clap::Args, Debug)]
#[command(
    about = "Print the AWS CLI set-up commands: key, Parameter Store, Lambda role, function, invoke permission, flow",
    long_about = "Prints the set-up sequence as a bash script, in the order it can succeed: register the public key, store the private key as a SecureString, create the decrypt Lambda's role and attach its policies, package and create the function, let the instance invoke it, create the flow. With --certificate the files are named as the console downloads them for that key set. Nothing is run: read each step's notes and run the commands yourself."
)]
pub struct SetupArgs {
    /// The Connect instance ID or ARN.
    #[arg(long, value_name = "ID")]
    instance: String,
    /// The AWS Region of the instance (every command gets --region).
    #[arg(long)]
    region: String,
    /// The key set's certificate (PEM): names the files as the console downloads them.
    #[arg(long, value_name = "FILE")]
    certificate: Option<PathBuf>,
    /// The SecureString parameter for the private key.
    #[arg(long, default_value = "CONNECT_INPUT_DECRYPTION_KEY")]
    parameter: String,
    /// The flow's name in Connect.
    #[arg(long, default_value = "Secure card capture")]
    flow_name: String,
    /// A customer-managed KMS key encrypting the parameter (key ARN).
    #[arg(long, value_name = "ARN")]
    kms_key: Option<String>,
    /// The decrypt Lambda's ARN, once it exists.
    #[arg(long, value_name = "ARN")]
    lambda_arn: Option<String>,
    /// The AWS CLI profile to use.
    #[arg(long)]
    profile: Option<String>,
}

fn usage(e: impl std::fmt::Display) -> Failure {
    Failure { code: code::USAGE, message: e.to_string() }
}

/// Runs `flowkeys setup`.
pub fn run(args: &SetupArgs) -> CliResult<()> {
    let instance = ConnectInstanceId::parse(&args.instance).map_err(usage)?;
    let parameter = SsmParameterName::parse(&args.parameter).map_err(usage)?;
    let mut spec = SetupSpec::new(instance, parameter, &args.flow_name);
    spec.region = Some(AwsRegion::parse(&args.region).map_err(usage)?);
    spec.profile = args.profile.clone();
    spec.kms_key = args.kms_key.as_deref().map(KmsKeyArn::parse).transpose().map_err(usage)?;
    spec.lambda_arn = args.lambda_arn.as_deref().map(LambdaArn::parse).transpose().map_err(usage)?;
    if let Some(path) = &args.certificate {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::io(format!("Could not read {}: {e}.", path.display())))?;
        let certificate = EncryptionCertificate::parse(&text)
            .map_err(|e| Failure { code: code::KEY_FILE, message: format!("{}: {e}", path.display()) })?;
        spec = spec.with_files(&KeySetFiles::of_certificate(&certificate));
        spec.key_bits = flowkeys_esdk::keys::public_key_from_certificate_pem(&text)
            .ok()
            .and_then(|k| u32::try_from(flowkeys_esdk::keys::public_key_bits(&k)).ok());
    }
    print!("{}", render_script(&setup_commands(&spec)));
    Ok(())
}

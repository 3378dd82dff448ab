//! The rule catalogue: stable ids (the letter says the severity), groups, titles for the UI.

use serde::{Deserialize, Serialize};

use super::Severity;

/// Which question a rule answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleGroup {
    /// Can secret input leak, or will secure capture fail? Always checked and reported.
    Security,
    /// Will the flow import and behave well (error branches, unreachable actions, response
    /// validation, limits)? Off by default in the CLI, collapsed in the console.
    Quality,
}

macro_rules! rules {
    ($( $variant:ident = $id:literal, $sev:ident, $group:ident, $title:literal; )*) => {
        /// A lint rule. Serialised as its id, e.g. `"E-ENC-MISSING"`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum RuleId {
            $( #[doc = $title] #[serde(rename = $id)] $variant, )*
        }

        impl RuleId {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant),*];

            /// The stable id, e.g. `E-ENC-MISSING`.
            pub fn id(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)* }
            }

            /// The severity every finding of this rule has.
            pub fn severity(self) -> Severity {
                match self { $(RuleId::$variant => Severity::$sev,)* }
            }

            /// The group the rule belongs to.
            pub fn group(self) -> RuleGroup {
                match self { $(RuleId::$variant => RuleGroup::$group,)* }
            }

            /// A one-line title.
            pub fn title(self) -> &'static str {
                match self { $(RuleId::$variant => $title,)* }
            }
        }
    };
}

rules! {
    // Format and structure.
    LegacyFormat = "I-LEGACY-FORMAT", Info, Quality, "Older export format: only some checks apply";
    FlowVersion = "E-FLOW-VERSION", Error, Quality, "Version is not 2019-10-30";
    StartUnresolved = "E-START-UNRESOLVED", Error, Quality, "StartAction does not name an action";
    TargetUnresolved = "E-TARGET-UNRESOLVED", Error, Quality, "A transition names an action that does not exist";
    IdDuplicate = "E-ID-DUPLICATE", Error, Quality, "Two actions share an Identifier";
    IdInvalid = "E-ID-INVALID", Error, Quality, "Identifier breaks Connect's rules";
    ActionMalformed = "E-ACTION-MALFORMED", Error, Quality, "An action or transition could not be read";
    Unreachable = "I-UNREACHABLE-ACTION", Info, Quality, "Action cannot be reached from the start";
    TooManyActions = "E-TOO-MANY-ACTIONS", Error, Quality, "More than 250 actions";
    ContentTooLarge = "E-CONTENT-TOO-LARGE", Error, Quality, "Flow JSON longer than 256,000 characters";
    ErrorBranchMissing = "E-ERROR-BRANCH-MISSING", Error, Quality, "Required error branch missing";
    ErrorBranchMissingWarning = "W-ERROR-BRANCH-MISSING", Warning, Quality, "Error branch missing";
    StoreConditions = "E-STORE-CONDITIONS", Error, Quality, "Store customer input has conditions";
    StoreValidationMissing = "E-STORE-VALIDATION-MISSING", Error, Quality, "Store customer input without InputValidation";
    StoreMaxLength = "W-STORE-MAX-LENGTH", Warning, Quality, "Maximum length missing or outside 1-20";
    LogHasErrors = "E-LOG-HAS-ERRORS", Error, Quality, "Set logging behavior has error branches";
    LogValue = "E-LOG-VALUE", Error, Quality, "Set logging behavior value is not Enabled or Disabled";
    LambdaTimeout = "E-LAMBDA-TIMEOUT", Error, Quality, "Lambda time limit outside 1-8 seconds";
    LambdaResponseValidation = "I-LAMBDA-RESPONSE-VALIDATION", Info, Quality, "Lambda response type not set";
    // Sensitivity of stored input.
    InputSensitivityUnknown = "W-INPUT-SENSITIVITY-UNKNOWN", Warning, Security, "Stored input may be secret: mark it";
    InputNotSecret = "I-INPUT-NOT-SECRET", Info, Security, "Stored input judged not secret: secret checks skipped";
    // Encryption and certificates.
    EncMissing = "E-ENC-MISSING", Error, Security, "Secret input stored without encryption";
    EncNeedsCustomValidation = "E-ENC-NEEDS-CUSTOM-VALIDATION", Error, Security, "Encryption without custom validation";
    EncKeyId = "E-ENC-KEY-ID", Error, Security, "Encryption Key ID empty or a placeholder";
    EncKeyIdFormat = "W-ENC-KEY-ID-FORMAT", Warning, Security, "Encryption Key ID is not shaped like a Connect Key ID";
    EncPublicKey = "E-ENC-PUBLIC-KEY", Error, Security, "Public key pasted where the certificate belongs";
    EncPrivateKey = "E-ENC-PRIVATE-KEY", Error, Security, "Private key pasted into the flow";
    EncNotCertificate = "E-ENC-NOT-CERTIFICATE", Error, Security, "Encryption Key is not a certificate";
    EncDynamic = "I-ENC-DYNAMIC", Info, Security, "Encryption settings come from attributes and were not checked";
    CertExpired = "E-CERT-EXPIRED", Error, Security, "Certificate expired";
    CertExpiresSoon = "W-CERT-EXPIRES-SOON", Warning, Security, "Certificate expires within 60 days";
    CertNotYetValid = "W-CERT-NOT-YET-VALID", Warning, Security, "Certificate not valid yet";
    CertKeyUnknown = "E-CERT-KEY-UNKNOWN", Error, Security, "Certificate matches none of the loaded keys";
    CertKeyIdMismatch = "E-CERT-KEY-ID-MISMATCH", Error, Security, "Certificate belongs to a different Key ID";
    CertNotSelfSigned = "W-CERT-NOT-SELF-SIGNED", Warning, Security, "Certificate is not self-signed";
    CertNotRsa = "E-CERT-NOT-RSA", Error, Security, "Certificate key is not RSA";
    // Sensitive data.
    AttrPlaintext = "E-ATTR-PLAINTEXT", Error, Security, "Decrypted or unencrypted secret copied into a contact attribute";
    AttrCiphertext = "E-ATTR-CIPHERTEXT", Error, Security, "Encrypted secret copied into a contact attribute";
    LogOnDuringCapture = "E-LOG-ON-DURING-CAPTURE", Error, Security, "Flow logging on while secret input is handled";
    LogUnknownDuringCapture = "W-LOG-UNKNOWN-DURING-CAPTURE", Warning, Security, "Flow logging inherited (unknown) while secret input is handled";
    LogNotRestored = "W-LOG-NOT-RESTORED", Warning, Security, "Flow logging left off at a transfer or the end";
    PromptSpeaksSecret = "W-PROMPT-SPEAKS-SECRET", Warning, Security, "Prompt speaks a secret value while logging may be on";
}

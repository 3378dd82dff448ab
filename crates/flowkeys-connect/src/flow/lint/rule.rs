//! The rule catalogue: stable ids (the letter says the severity), titles for the UI.

use serde::{Deserialize, Serialize};

use super::Severity;

macro_rules! rules {
    ($( $variant:ident = $id:literal, $sev:ident, $title:literal; )*) => {
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

            /// A one-line title.
            pub fn title(self) -> &'static str {
                match self { $(RuleId::$variant => $title,)* }
            }
        }
    };
}

rules! {
    // Format and structure.
    LegacyFormat = "I-LEGACY-FORMAT", Info, "Older export format: only some checks apply";
    FlowVersion = "E-FLOW-VERSION", Error, "Version is not 2019-10-30";
    StartUnresolved = "E-START-UNRESOLVED", Error, "StartAction does not name an action";
    TargetUnresolved = "E-TARGET-UNRESOLVED", Error, "A transition names an action that does not exist";
    IdDuplicate = "E-ID-DUPLICATE", Error, "Two actions share an Identifier";
    IdInvalid = "E-ID-INVALID", Error, "Identifier breaks Connect's rules";
    ActionMalformed = "E-ACTION-MALFORMED", Error, "An action or transition could not be read";
    Unreachable = "I-UNREACHABLE-ACTION", Info, "Action cannot be reached from the start";
    TooManyActions = "E-TOO-MANY-ACTIONS", Error, "More than 250 actions";
    ContentTooLarge = "E-CONTENT-TOO-LARGE", Error, "Flow JSON longer than 256,000 characters";
    ErrorBranchMissing = "E-ERROR-BRANCH-MISSING", Error, "Required error branch missing";
    ErrorBranchMissingWarning = "W-ERROR-BRANCH-MISSING", Warning, "Error branch missing";
    StoreConditions = "E-STORE-CONDITIONS", Error, "Store customer input has conditions";
    StoreValidationMissing = "E-STORE-VALIDATION-MISSING", Error, "Store customer input without InputValidation";
    StoreMaxLength = "W-STORE-MAX-LENGTH", Warning, "Maximum length missing or outside 1-20";
    LogHasErrors = "E-LOG-HAS-ERRORS", Error, "Set logging behavior has error branches";
    LogValue = "E-LOG-VALUE", Error, "Set logging behavior value is not Enabled or Disabled";
    // Encryption and certificates.
    EncMissing = "E-ENC-MISSING", Error, "Customer input stored without encryption";
    EncNeedsCustomValidation = "E-ENC-NEEDS-CUSTOM-VALIDATION", Error, "Encryption without custom validation";
    EncKeyId = "E-ENC-KEY-ID", Error, "Encryption Key ID empty or a placeholder";
    EncKeyIdFormat = "W-ENC-KEY-ID-FORMAT", Warning, "Encryption Key ID is not shaped like a Connect Key ID";
    EncPublicKey = "E-ENC-PUBLIC-KEY", Error, "Public key pasted where the certificate belongs";
    EncPrivateKey = "E-ENC-PRIVATE-KEY", Error, "Private key pasted into the flow";
    EncNotCertificate = "E-ENC-NOT-CERTIFICATE", Error, "Encryption Key is not a certificate";
    EncDynamic = "I-ENC-DYNAMIC", Info, "Encryption settings come from attributes and were not checked";
    CertExpired = "E-CERT-EXPIRED", Error, "Certificate expired";
    CertExpiresSoon = "W-CERT-EXPIRES-SOON", Warning, "Certificate expires within 60 days";
    CertNotYetValid = "W-CERT-NOT-YET-VALID", Warning, "Certificate not valid yet";
    CertKeyUnknown = "E-CERT-KEY-UNKNOWN", Error, "Certificate matches none of the loaded keys";
    CertKeyIdMismatch = "E-CERT-KEY-ID-MISMATCH", Error, "Certificate belongs to a different Key ID";
    CertNotSelfSigned = "W-CERT-NOT-SELF-SIGNED", Warning, "Certificate is not self-signed";
    CertNotRsa = "E-CERT-NOT-RSA", Error, "Certificate key is not RSA";
    // Sensitive data.
    AttrPlaintext = "E-ATTR-PLAINTEXT", Error, "Decrypted or unencrypted input copied into a contact attribute";
    AttrCiphertext = "W-ATTR-CIPHERTEXT", Warning, "Encrypted input copied into a contact attribute";
    LogOnDuringCapture = "E-LOG-ON-DURING-CAPTURE", Error, "Flow logging on while sensitive input is handled";
    LogUnknownDuringCapture = "W-LOG-UNKNOWN-DURING-CAPTURE", Warning, "Flow logging inherited (unknown) while sensitive input is handled";
    LogNotRestored = "W-LOG-NOT-RESTORED", Warning, "Flow logging left off at a transfer or the end";
    PromptSpeaksSecret = "W-PROMPT-SPEAKS-SECRET", Warning, "Prompt speaks a sensitive value while logging may be on";
    LambdaTimeout = "E-LAMBDA-TIMEOUT", Error, "Lambda time limit outside 1-8 seconds";
    LambdaResponseValidation = "I-LAMBDA-RESPONSE-VALIDATION", Info, "Lambda response type not set";
}

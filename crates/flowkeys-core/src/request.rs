//! The "generate a key set" form, validated field by field.

use crate::subject::{Subject, SubjectAttr, SubjectInput};
use crate::validity::ValidityDays;
use crate::KeySize;

/// A form field that can carry an error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FormField {
    /// One of the subject attributes.
    Subject(SubjectAttr),
    /// The validity in days.
    Validity,
}

/// The form as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateForm {
    /// Chosen key size.
    pub key_size: KeySize,
    /// Subject fields.
    pub subject: SubjectInput,
    /// Validity in days, as typed.
    pub validity_days: String,
}

impl Default for CertificateForm {
    fn default() -> Self {
        CertificateForm {
            key_size: KeySize::default(),
            subject: SubjectInput {
                common_name: crate::subject::DEFAULT_COMMON_NAME.to_owned(),
                ..SubjectInput::default()
            },
            validity_days: ValidityDays::DEFAULT.days().to_string(),
        }
    }
}

/// Every problem in a form, each tied to its field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors(pub Vec<(FormField, String)>);

impl FormErrors {
    /// The message for `field`, if it has one.
    pub fn get(&self, field: FormField) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    /// Whether the form is clean.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A validated request for a key set: what the generator needs, nothing it must re-check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest {
    /// Key size.
    pub key_size: KeySize,
    /// Certificate subject.
    pub subject: Subject,
    /// Certificate validity.
    pub validity: ValidityDays,
}

impl CertificateForm {
    /// Validates every field, collecting all problems so each shows next to its field.
    pub fn validate(&self) -> Result<CertificateRequest, FormErrors> {
        let mut errors = Vec::new();
        let subject = Subject::new(&self.subject)
            .map_err(|errs| {
                errors.extend(errs.into_iter().map(|(attr, e)| (FormField::Subject(attr), e.to_string())));
            })
            .ok();
        let validity = ValidityDays::parse(&self.validity_days)
            .map_err(|e| errors.push((FormField::Validity, e.to_string())))
            .ok();
        match (subject, validity) {
            (Some(subject), Some(validity)) => Ok(CertificateRequest { key_size: self.key_size, subject, validity }),
            _ => Err(FormErrors(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_form_is_valid_with_guide_defaults() {
        let req = CertificateForm::default().validate().unwrap();
        assert_eq!(req.key_size, KeySize::Rsa4096);
        assert_eq!(req.validity.days(), 730);
        assert_eq!(req.subject.common_name(), "amazon-connect-secure-input");
    }

    #[test]
    fn errors_are_tied_to_fields() {
        let mut form = CertificateForm::default();
        form.subject.common_name = String::new();
        form.subject.country = "United States".into();
        form.validity_days = "5000".into();
        let errs = form.validate().unwrap_err();
        assert!(errs.get(FormField::Subject(SubjectAttr::CommonName)).unwrap().contains("Common Name"));
        assert!(errs.get(FormField::Subject(SubjectAttr::Country)).unwrap().contains("two-letter"));
        assert!(errs.get(FormField::Validity).unwrap().contains("5000"));
        assert_eq!(errs.get(FormField::Subject(SubjectAttr::Locality)), None);
        form.validity_days = "0".into();
        assert!(form.validate().unwrap_err().get(FormField::Validity).unwrap().contains("between 1 and 3650"));
    }
}

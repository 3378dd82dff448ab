//! The certificate subject an admin fills in.

use core::fmt;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

/// Upper bounds from RFC 5280 Appendix A (`ub-common-name` etc.). Strict parsers reject longer
/// values, so the console refuses them up front.
const MAX_CN: usize = 64;
const MAX_O: usize = 64;
const MAX_OU: usize = 64;
const MAX_ST: usize = 128;
const MAX_L: usize = 128;

/// The default Common Name: says what the certificate is for when someone finds it later.
pub const DEFAULT_COMMON_NAME: &str = "amazon-connect-secure-input";

/// Which subject attribute a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubjectAttr {
    /// CN
    CommonName,
    /// O
    Organization,
    /// OU
    OrganizationalUnit,
    /// C
    Country,
    /// ST
    State,
    /// L
    Locality,
}

impl SubjectAttr {
    /// The label the console shows for the attribute.
    pub const fn label(self) -> &'static str {
        match self {
            SubjectAttr::CommonName => "Common Name (CN)",
            SubjectAttr::Organization => "Organization (O)",
            SubjectAttr::OrganizationalUnit => "Organizational unit (OU)",
            SubjectAttr::Country => "Country (C)",
            SubjectAttr::State => "State or province (ST)",
            SubjectAttr::Locality => "Locality (L)",
        }
    }
}

/// Why a subject attribute was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SubjectError {
    /// The Common Name is required.
    #[error("Enter a Common Name. It names the certificate, for example {DEFAULT_COMMON_NAME}.")]
    MissingCommonName,
    /// A value longer than the standard allows.
    #[error("{} is {len} characters long; certificates allow at most {max}. Shorten it.", .attr.label())]
    TooLong {
        /// Which attribute.
        attr: SubjectAttr,
        /// Its length in characters.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// An optional attribute that holds only spaces.
    #[error("{} holds only spaces. Enter a value or clear the field.", .attr.label())]
    Blank {
        /// Which attribute.
        attr: SubjectAttr,
    },
    /// Control characters (tabs, line breaks…) have no place in a name.
    #[error("{} contains a line break, tab or other control character. Use plain text.", .attr.label())]
    ControlCharacter {
        /// Which attribute.
        attr: SubjectAttr,
    },
    /// The country is not a two-letter code.
    #[error("Country must be a two-letter ISO 3166 code such as US, GB or DE; “{0}” is not.")]
    BadCountry(String),
    /// The encoder refused the name (should not happen after validation).
    #[error("The subject could not be encoded as an X.509 name: {0}.")]
    Encoding(String),
}

/// A validated certificate subject. Construct it with [`Subject::new`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    common_name: String,
    organization: Option<String>,
    organizational_unit: Option<String>,
    country: Option<String>,
    state: Option<String>,
    locality: Option<String>,
}

/// The raw text of the subject fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubjectInput {
    /// CN
    pub common_name: String,
    /// O
    pub organization: String,
    /// OU
    pub organizational_unit: String,
    /// C
    pub country: String,
    /// ST
    pub state: String,
    /// L
    pub locality: String,
}

impl Subject {
    /// A subject with only a Common Name.
    pub fn common_name_only(cn: &str) -> Result<Subject, SubjectError> {
        Subject::new(&SubjectInput { common_name: cn.to_owned(), ..SubjectInput::default() })
            .map_err(|mut errs| errs.remove(0).1)
    }

    /// Validates every field; returns all problems, each tagged with its attribute, so the
    /// console can show each message next to its field.
    pub fn new(input: &SubjectInput) -> Result<Subject, Vec<(SubjectAttr, SubjectError)>> {
        let mut errors = Vec::new();
        let mut take = |attr, raw: &str, max, required: bool| match check(attr, raw, max, required) {
            Ok(v) => v,
            Err(e) => {
                errors.push((attr, e));
                None
            }
        };
        let common_name = take(SubjectAttr::CommonName, &input.common_name, MAX_CN, true);
        let organization = take(SubjectAttr::Organization, &input.organization, MAX_O, false);
        let organizational_unit = take(SubjectAttr::OrganizationalUnit, &input.organizational_unit, MAX_OU, false);
        let state = take(SubjectAttr::State, &input.state, MAX_ST, false);
        let locality = take(SubjectAttr::Locality, &input.locality, MAX_L, false);
        let country = match check_country(&input.country) {
            Ok(c) => c,
            Err(e) => {
                errors.push((SubjectAttr::Country, e));
                None
            }
        };
        match common_name {
            Some(common_name) if errors.is_empty() => {
                Ok(Subject { common_name, organization, organizational_unit, country, state, locality })
            }
            _ => Err(errors),
        }
    }

    /// The Common Name.
    pub fn common_name(&self) -> &str {
        &self.common_name
    }

    /// The subject as an X.509 `Name`, encoded in the conventional order C, ST, L, O, OU, CN
    /// (country as PrintableString, the rest as UTF8String, one attribute per RDN).
    ///
    /// Built from the attribute OIDs directly: x509-cert's RFC 4514 parser would look each
    /// attribute name up in const-oid's database of every OID name, which then lands in the
    /// page's WebAssembly module (see [`crate::cert::rfc4514`]).
    pub fn to_name(&self) -> Result<Name, SubjectError> {
        use const_oid::db::rfc4519;
        use der::{asn1::Any, Decode, Encode, Tag};
        let parts = [
            (rfc4519::C, Tag::PrintableString, self.country.as_ref()),
            (rfc4519::ST, Tag::Utf8String, self.state.as_ref()),
            (rfc4519::L, Tag::Utf8String, self.locality.as_ref()),
            (rfc4519::O, Tag::Utf8String, self.organization.as_ref()),
            (rfc4519::OU, Tag::Utf8String, self.organizational_unit.as_ref()),
            (rfc4519::CN, Tag::Utf8String, Some(&self.common_name)),
        ];
        let encoding = |e: der::Error| SubjectError::Encoding(e.to_string());
        let mut rdns = Vec::new();
        for (oid, tag, value) in parts {
            let Some(value) = value else { continue };
            let atv = AttributeTypeAndValue { oid, value: Any::new(tag, value.as_bytes()).map_err(encoding)? };
            rdns.push(RelativeDistinguishedName::try_from(vec![atv]).map_err(encoding)?);
        }
        // x509-cert builds a `Name` from parts only behind its "hazmat" feature; the DER of the
        // RDN sequence is the DER of the name.
        let der = RdnSequence::from(rdns).to_der().map_err(encoding)?;
        Name::from_der(&der).map_err(encoding)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_name() {
            Ok(name) => f.write_str(&crate::cert::rfc4514(&name)),
            Err(_) => write!(f, "CN={}", self.common_name),
        }
    }
}

fn check(attr: SubjectAttr, raw: &str, max: usize, required: bool) -> Result<Option<String>, SubjectError> {
    if raw.is_empty() {
        return if required { Err(SubjectError::MissingCommonName) } else { Ok(None) };
    }
    let value = raw.trim();
    if value.is_empty() {
        return if required { Err(SubjectError::MissingCommonName) } else { Err(SubjectError::Blank { attr }) };
    }
    if value.chars().any(char::is_control) {
        return Err(SubjectError::ControlCharacter { attr });
    }
    let len = value.chars().count();
    if len > max {
        return Err(SubjectError::TooLong { attr, len, max });
    }
    Ok(Some(value.to_owned()))
}

fn check_country(raw: &str) -> Result<Option<String>, SubjectError> {
    let value = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(Some(value.to_ascii_uppercase()))
    } else {
        Err(SubjectError::BadCountry(crate::text::shorten(value, 20)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(cn: &str) -> SubjectInput {
        SubjectInput { common_name: cn.into(), ..Default::default() }
    }

    /// Every field filled, one of them with a comma that must be escaped.
    fn full_subject(cn: &str) -> Subject {
        Subject::new(&SubjectInput {
            common_name: cn.into(),
            organization: "Example, Inc.".into(),
            organizational_unit: "Contact centre".into(),
            country: "gb".into(),
            state: "England".into(),
            locality: "London".into(),
        })
        .unwrap()
    }

    #[test]
    fn full_subject_encodes_in_conventional_order() {
        let s = full_subject("payments-ivr");
        let name = s.to_name().unwrap();
        assert_eq!(name.to_string(), "CN=payments-ivr,OU=Contact centre,O=Example\\, Inc.,L=London,ST=England,C=GB");
        assert_eq!(name.common_name().unwrap().unwrap().value(), "payments-ivr");
        assert_eq!(name.organization().unwrap().unwrap().value(), "Example, Inc.");
        assert_eq!(name.country().unwrap().unwrap().as_str(), "GB");
    }

    #[test]
    fn every_bad_field_is_reported_with_its_attribute() {
        let errs = Subject::new(&SubjectInput {
            common_name: "".into(),
            organization: "   ".into(),
            organizational_unit: "x".repeat(65),
            country: "USA".into(),
            state: "a\nb".into(),
            locality: "ok".into(),
        })
        .unwrap_err();
        let attrs: Vec<_> = errs.iter().map(|(a, _)| *a).collect();
        assert_eq!(
            attrs,
            [
                SubjectAttr::CommonName,
                SubjectAttr::Organization,
                SubjectAttr::OrganizationalUnit,
                SubjectAttr::State,
                SubjectAttr::Country
            ]
        );
        assert_eq!(errs[0].1, SubjectError::MissingCommonName);
        assert_eq!(errs[4].1, SubjectError::BadCountry("USA".into()));
        assert!(errs[2].1.to_string().contains("65 characters"));
    }

    #[test]
    fn common_name_limits() {
        assert!(Subject::new(&input(&"a".repeat(64))).is_ok());
        assert!(matches!(
            Subject::new(&input(&"a".repeat(65))).unwrap_err()[0].1,
            SubjectError::TooLong { len: 65, max: 64, .. }
        ));
        assert_eq!(Subject::new(&input("  \t ")).unwrap_err()[0].1, SubjectError::MissingCommonName);
        assert_eq!(Subject::new(&input("  spaced  ")).unwrap().common_name(), "spaced");
        for c in ["1A", "U", "ÜS", "U S"] {
            assert!(check_country(c).is_err(), "{c}");
        }
    }

    #[test]
    fn tricky_characters_survive_encoding() {
        for cn in ["#hash", "a+b=c;d", "quote\"back\\slash", "ünïcødé 名前", "<tag>"] {
            let name = Subject::common_name_only(cn).unwrap().to_name().unwrap();
            assert_eq!(name.common_name().unwrap().unwrap().value(), cn);
        }
    }

    /// The same bytes as x509-cert's own RFC 4514 parser gives for the escaped text (what
    /// `to_name` did before it built the name from OIDs).
    #[test]
    fn encodes_as_x509_certs_parser_would() {
        use core::str::FromStr;
        use der::Encode;
        fn escape(value: &str) -> String {
            let last = value.chars().count().saturating_sub(1);
            let mut out = String::new();
            for (i, c) in value.chars().enumerate() {
                if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
                    || (i == 0 && (c == '#' || c == ' '))
                    || (i == last && c == ' ')
                {
                    out.push('\\');
                }
                out.push(c);
            }
            out
        }
        for cn in ["payments-ivr", "#hash", "a+b=c;d", "quote\"back\\slash", "ünïcødé 名前"] {
            let s = full_subject(cn);
            let text =
                format!("CN={},OU=Contact centre,O={},L=London,ST=England,C=GB", escape(cn), escape("Example, Inc."));
            let parsed = Name::from_str(&text).unwrap();
            assert_eq!(s.to_name().unwrap().to_der().unwrap(), parsed.to_der().unwrap(), "{cn}");
            assert_eq!(s.to_string(), parsed.to_string(), "{cn}");
        }
        let only = Subject::common_name_only("x").unwrap();
        assert_eq!(only.to_name().unwrap().to_der().unwrap(), Name::from_str("CN=x").unwrap().to_der().unwrap());
    }
}

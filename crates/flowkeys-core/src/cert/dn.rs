//! Distinguished names as RFC 4514 text ("CN=flowkeys,O=Example,C=GB").
//!
//! x509-cert's own `Display` names each attribute by looking it up in const-oid's database of
//! every registered OID name — about 90 KB of tables in the page's WebAssembly module, for the
//! dozen attributes certificates actually carry. This formatter names those from a small table
//! and writes any other attribute as its dotted OID and the hex of its DER value (RFC 4514
//! §2.4), with the same escaping, so its output equals x509-cert's for every name the table
//! covers (the tests compare the two).

use const_oid::db::{rfc3280, rfc4519};
use const_oid::ObjectIdentifier;
use core::fmt::Write as _;
use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
use der::{Encode, Tag, Tagged};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::Name;

/// Attribute names as RFC 4514 writes them (the shortest registered name, upper-cased).
const SHORT_NAMES: &[(ObjectIdentifier, &str)] = &[
    (rfc4519::CN, "CN"),
    (rfc4519::C, "C"),
    (rfc4519::L, "L"),
    (rfc4519::ST, "ST"),
    (rfc4519::O, "O"),
    (rfc4519::OU, "OU"),
    (rfc4519::STREET, "STREET"),
    (rfc4519::SERIAL_NUMBER, "SERIALNUMBER"),
    (rfc4519::TITLE, "TITLE"),
    (rfc4519::SN, "SN"),
    (rfc4519::GIVEN_NAME, "GN"),
    (rfc4519::DC, "DC"),
    (rfc4519::UID, "UID"),
    (rfc3280::EMAIL_ADDRESS, "EMAIL"),
];

/// `name` as RFC 4514 text: most specific RDN first, multi-valued RDNs joined by `+`.
pub fn rfc4514(name: &Name) -> String {
    let mut out = String::new();
    for (i, rdn) in name.iter_rdn().collect::<Vec<_>>().into_iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            write_attribute(&mut out, atv);
        }
    }
    out
}

fn write_attribute(out: &mut String, atv: &AttributeTypeAndValue) {
    let text = match atv.value.tag() {
        Tag::PrintableString => PrintableStringRef::try_from(&atv.value).ok().map(|s| s.as_str()),
        Tag::Utf8String => Utf8StringRef::try_from(&atv.value).ok().map(|s| s.as_str()),
        Tag::Ia5String => Ia5StringRef::try_from(&atv.value).ok().map(|s| s.as_str()),
        Tag::TeletexString => TeletexStringRef::try_from(&atv.value).ok().map(|s| s.as_str()),
        _ => None,
    };
    let short = SHORT_NAMES.iter().find(|(oid, _)| *oid == atv.oid).map(|(_, n)| *n);
    match (short, text) {
        (Some(short), Some(text)) => {
            out.push_str(short);
            out.push('=');
            escape_into(out, text);
        }
        _ => {
            let _ = write!(out, "{}=#", atv.oid);
            for byte in atv.value.to_der().unwrap_or_default() {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
}

/// RFC 4514 §2.4 escaping: a leading `#`, leading or trailing spaces, the special characters,
/// and control characters as `\hh`.
fn escape_into(out: &mut String, value: &str) {
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || chars.peek().is_none() => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\x00'..='\x1f' | '\x7f' => {
                let _ = write!(out, "\\{:02x}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::str::FromStr;

    fn name(text: &str) -> Name {
        Name::from_str(text).unwrap()
    }

    #[test]
    fn equals_x509_certs_display_for_every_attribute_in_the_table() {
        for (oid, short) in SHORT_NAMES {
            let parsed = name(&format!("{oid}=#0c0568656c6c6f,CN=flowkeys")); // UTF8String "hello"
            assert_eq!(rfc4514(&parsed), parsed.to_string(), "{short}");
            assert!(rfc4514(&parsed).starts_with(&format!("{short}=hello,")), "{}", rfc4514(&parsed));
        }
    }

    #[test]
    fn escapes_and_orders_as_rfc_4514_says() {
        for text in [
            "CN=a\\,b\\+c,O=Example Ltd,C=GB",
            "CN=\\#hash\\ ,OU=x+OU=y,DC=example,DC=com",
            "CN=quote\\\"lt\\<gt\\>semi\\;back\\\\slash",
            "2.5.4.99=#0c0178,CN=unknown attribute",
        ] {
            let parsed = name(text);
            assert_eq!(rfc4514(&parsed), parsed.to_string(), "{text}");
        }
        assert_eq!(rfc4514(&name("CN=x,O=y")), "CN=x,O=y");
    }
}

//! A minimal ZIP writer: stored entries (no compression), one disk, no ZIP64.
//!
//! The "Download all" bundle holds a few kilobytes of PEM and JSON, so compression would save
//! nothing worth a deflate implementation in the page's wasm (the `zip` crate adds far more code
//! than these ~100 lines). Every unzip tool and OS reads stored entries.

use thiserror::Error;

/// Why a ZIP could not be written.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ZipError {
    /// More entries than the ZIP header can count.
    #[error("A bundle can hold at most 65535 files; this one has {0}.")]
    TooManyFiles(usize),
    /// A name or file too large for a plain (non-ZIP64) archive.
    #[error("\"{0}\" is too large for the bundle (names up to 65535 bytes, files and the whole bundle up to 4 GiB).")]
    TooLarge(String),
    /// Two entries with one name would overwrite each other when unpacked.
    #[error("The bundle would hold two files named \"{0}\".")]
    DuplicateName(String),
}

/// One file in the archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZipEntry {
    /// Name inside the archive (plain ASCII file name, no directories).
    pub name: String,
    /// Contents.
    pub data: Vec<u8>,
}

/// DOS date 1980-01-01, time 00:00: a fixed stamp, so the same files give the same bytes.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

/// Writes `entries`, in order, as a ZIP archive.
pub fn write_zip(entries: &[ZipEntry]) -> Result<Vec<u8>, ZipError> {
    let count = u16::try_from(entries.len()).map_err(|_| ZipError::TooManyFiles(entries.len()))?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if entries.iter().take(i).any(|e| e.name == entry.name) {
            return Err(ZipError::DuplicateName(entry.name.clone()));
        }
        let too_large = || ZipError::TooLarge(entry.name.clone());
        let name_len = u16::try_from(entry.name.len()).map_err(|_| too_large())?;
        let size = u32::try_from(entry.data.len()).map_err(|_| too_large())?;
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let crc = crc32(&entry.data);
        // Local file header.
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, 20); // version needed: 2.0
        common(&mut out, crc, size, name_len);
        put16(&mut out, 0); // extra field length
        out.extend_from_slice(entry.name.as_bytes());
        out.extend_from_slice(&entry.data);
        // Central directory record.
        put32(&mut central, 0x0201_4b50);
        put16(&mut central, 20); // made by: MS-DOS, 2.0
        put16(&mut central, 20); // version needed
        common(&mut central, crc, size, name_len);
        put16(&mut central, 0); // extra field length
        put16(&mut central, 0); // comment length
        put16(&mut central, 0); // disk number
        put16(&mut central, 0); // internal attributes
        put32(&mut central, 0); // external attributes
        put32(&mut central, offset);
        central.extend_from_slice(entry.name.as_bytes());
    }
    let too_large = || ZipError::TooLarge("the bundle".to_owned());
    let central_offset = u32::try_from(out.len()).map_err(|_| too_large())?;
    let central_size = u32::try_from(central.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&central);
    // End of central directory.
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, central_size);
    put32(&mut out, central_offset);
    put16(&mut out, 0); // comment length
    Ok(out)
}

/// The fields local header and central record share, from "flags" to "name length".
fn common(out: &mut Vec<u8>, crc: u32, size: u32, name_len: u16) {
    put16(out, 0); // flags
    put16(out, 0); // method: stored
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, crc);
    put32(out, size); // compressed size
    put32(out, size); // uncompressed size
    put16(out, name_len);
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// CRC-32 (IEEE 802.3, reflected, as ZIP uses), bit by bit: the bundle is a few kilobytes.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_check_value() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn duplicate_names_are_refused() {
        let e = ZipEntry { name: "a".into(), data: vec![] };
        assert_eq!(write_zip(&[e.clone(), e]), Err(ZipError::DuplicateName("a".into())));
    }

    #[test]
    fn an_empty_archive_is_just_the_end_record() {
        let z = write_zip(&[]).unwrap_or_default();
        assert_eq!(z.len(), 22);
        assert_eq!(z.get(..4), Some(&[0x50, 0x4b, 0x05, 0x06][..]));
    }
}

//! A bounds-checked cursor over untrusted bytes.
//!
//! All parsing goes through this type so that no length read from a message can cause an
//! out-of-bounds slice, an arithmetic overflow or an allocation larger than the input: every
//! read is `checked_add` + `slice::get`, and a short read becomes [`Error::Truncated`] naming the
//! field that was being read.

use crate::error::{Error, Result};

/// Forward-only reader over a byte slice.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Starts reading `data` at `pos` (a `pos` past the end just makes every read fail).
    pub(crate) fn new_at(data: &'a [u8], pos: usize) -> Self {
        Self { data, pos }
    }

    /// Starts reading at the beginning of `data`.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Self::new_at(data, 0)
    }

    /// Current offset from the start of the underlying slice.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// Takes the next `n` bytes, or fails naming `field`.
    pub(crate) fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8]> {
        let (pos, available) = (self.pos, self.data.len());
        let short = || Error::Truncated { field, offset: pos, needed: n, available };
        let end = pos.checked_add(n).ok_or_else(short)?;
        let bytes = self.data.get(pos..end).ok_or_else(short)?;
        self.pos = end;
        Ok(bytes)
    }

    /// Takes exactly `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N]> {
        let at = self.pos;
        let bytes = self.take(N, field)?;
        <[u8; N]>::try_from(bytes).map_err(|_| Error::Truncated {
            field,
            offset: at,
            needed: N,
            available: self.data.len(),
        })
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8> {
        Ok(u8::from_be_bytes(self.array::<1>(field)?))
    }

    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array::<2>(field)?))
    }

    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array::<4>(field)?))
    }

    pub(crate) fn u64(&mut self, field: &'static str) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array::<8>(field)?))
    }

    /// Reads a `u16` length followed by that many bytes.
    pub(crate) fn u16_prefixed(&mut self, len_field: &'static str, field: &'static str) -> Result<&'a [u8]> {
        let len = self.u16(len_field)?;
        self.take(usize::from(len), field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_bounds() {
        let data = [0u8, 1, 0, 0, 0, 2, 9];
        let mut r = Reader::new(&data);
        assert_eq!(r.u16("a").ok(), Some(1));
        assert_eq!(r.u32("b").ok(), Some(2));
        assert_eq!(r.remaining(), 1);
        match r.u16("c") {
            Err(Error::Truncated { field, offset, needed, available }) => {
                assert_eq!((field, offset, needed, available), ("c", 6, 2, 7));
            }
            other => panic!("unexpected {other:?}"),
        }
        // Position is unchanged after a failed read.
        assert_eq!(r.position(), 6);
        let mut r = Reader::new_at(&data, usize::MAX);
        assert!(matches!(r.take(5, "x"), Err(Error::Truncated { .. })));
    }
}

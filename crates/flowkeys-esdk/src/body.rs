//! Message body: framed and non-framed layouts, and the body AAD.
//!
//! Parsing locates every frame and checks the sequence numbers and lengths; it borrows the
//! ciphertext from the input so nothing is copied before authentication. IVs are taken from the
//! message: Amazon Connect writes random frame IVs, while the SDKs write the sequence number —
//! a decryptor that recomputed the IV would fail on real Connect output.

use crate::error::{Error, Result};
use crate::header::{ContentType, Header};
use crate::reader::Reader;
use crate::suite::{IV_LEN, TAG_LEN};

/// Marker that opens the final frame of a framed body.
pub const FINAL_FRAME_MARKER: u32 = 0xFFFF_FFFF;

/// Largest content a single GCM invocation (and thus a non-framed body) may hold: 2^36 - 32.
pub const MAX_NON_FRAMED_LEN: u64 = (1 << 36) - 32;

/// Body AAD label of regular frames.
pub const LABEL_FRAME: &[u8] = b"AWSKMSEncryptionClient Frame";
/// Body AAD label of the final frame.
pub const LABEL_FINAL_FRAME: &[u8] = b"AWSKMSEncryptionClient Final Frame";
/// Body AAD label of a non-framed body.
pub const LABEL_SINGLE_BLOCK: &[u8] = b"AWSKMSEncryptionClient Single Block";

/// What kind of body segment a [`Frame`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FrameKind {
    /// A full regular frame.
    Regular,
    /// The final frame of a framed body.
    Final,
    /// The only segment of a non-framed body.
    NonFramed,
}

impl FrameKind {
    /// `regular`, `final` or `non-framed`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Regular => "regular",
            Self::Final => "final",
            Self::NonFramed => "non-framed",
        }
    }
}

/// One authenticated-encryption unit of the body, borrowing its ciphertext from the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// Sequence number (1 for non-framed bodies).
    pub sequence_number: u32,
    /// Regular, final or non-framed.
    pub kind: FrameKind,
    /// IV as stored in the message.
    pub iv: [u8; IV_LEN],
    /// Encrypted content (same length as the plaintext).
    pub ciphertext: &'a [u8],
    /// GCM tag.
    pub tag: [u8; TAG_LEN],
}

impl Frame<'_> {
    /// The AAD this frame is authenticated with: message id ‖ label ‖ u32 sequence number ‖
    /// u64 content length.
    #[must_use]
    pub fn aad(&self, message_id: &[u8]) -> Vec<u8> {
        body_aad(message_id, self.kind, self.sequence_number, self.ciphertext.len())
    }
}

/// Builds the body AAD for a segment.
#[must_use]
pub fn body_aad(message_id: &[u8], kind: FrameKind, sequence_number: u32, content_len: usize) -> Vec<u8> {
    let label = match kind {
        FrameKind::Regular => LABEL_FRAME,
        FrameKind::Final => LABEL_FINAL_FRAME,
        FrameKind::NonFramed => LABEL_SINGLE_BLOCK,
    };
    let mut aad = Vec::with_capacity(message_id.len().saturating_add(label.len()).saturating_add(12));
    aad.extend_from_slice(message_id);
    aad.extend_from_slice(label);
    aad.extend_from_slice(&sequence_number.to_be_bytes());
    // usize → u64 cannot lose information on any supported target (≤ 64-bit).
    aad.extend_from_slice(&u64::try_from(content_len).unwrap_or(u64::MAX).to_be_bytes());
    aad
}

/// A parsed body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body<'a> {
    /// All segments in order; the last one is the final frame (or the single non-framed block).
    pub frames: Vec<Frame<'a>>,
    /// Offset just past the body (where the footer starts, if any).
    pub end: usize,
}

impl Body<'_> {
    /// Sum of the content lengths (equals the plaintext length).
    #[must_use]
    pub fn content_len(&self) -> usize {
        self.frames.iter().fold(0usize, |acc, f| acc.saturating_add(f.ciphertext.len()))
    }
}

/// Parses the body that starts at `header.total_len` in `message`.
///
/// # Errors
/// Truncation, wrong sequence numbers, oversize frames and non-framed length limits.
pub fn parse<'a>(message: &'a [u8], header: &Header) -> Result<Body<'a>> {
    let mut r = Reader::new_at(message, header.total_len);
    let mut frames = Vec::new();
    match header.content_type {
        ContentType::NonFramed => {
            let iv = r.array::<IV_LEN>("body IV")?;
            let len = r.u64("body content length")?;
            if len > MAX_NON_FRAMED_LEN {
                return Err(Error::NonFramedTooLong(len));
            }
            let at = r.position();
            let len = usize::try_from(len).map_err(|_| Error::Truncated {
                field: "body content",
                offset: at,
                needed: usize::MAX,
                available: message.len(),
            })?;
            let ciphertext = r.take(len, "body content")?;
            let tag = r.array::<TAG_LEN>("body authentication tag")?;
            frames.push(Frame { sequence_number: 1, kind: FrameKind::NonFramed, iv, ciphertext, tag });
        }
        ContentType::Framed => {
            let frame_len = usize::try_from(header.frame_length)
                .map_err(|_| Error::BadFrameLength { frame_length: header.frame_length, content: "framed" })?;
            let mut expected: u32 = 1;
            loop {
                let first = r.u32("frame sequence number")?;
                if first == FINAL_FRAME_MARKER {
                    let seq = r.u32("final frame sequence number")?;
                    if seq != expected {
                        return Err(Error::BadSequenceNumber { expected, found: seq });
                    }
                    let iv = r.array::<IV_LEN>("final frame IV")?;
                    let len = r.u32("final frame content length")?;
                    if len > header.frame_length {
                        return Err(Error::FrameTooLong {
                            sequence_number: seq,
                            length: len,
                            frame_length: header.frame_length,
                        });
                    }
                    let ciphertext = r.take(usize::try_from(len).unwrap_or(usize::MAX), "final frame content")?;
                    let tag = r.array::<TAG_LEN>("final frame authentication tag")?;
                    frames.push(Frame { sequence_number: seq, kind: FrameKind::Final, iv, ciphertext, tag });
                    break;
                }
                if first != expected {
                    return Err(Error::BadSequenceNumber { expected, found: first });
                }
                let iv = r.array::<IV_LEN>("frame IV")?;
                let ciphertext = r.take(frame_len, "frame content")?;
                let tag = r.array::<TAG_LEN>("frame authentication tag")?;
                frames.push(Frame { sequence_number: first, kind: FrameKind::Regular, iv, ciphertext, tag });
                expected = expected.checked_add(1).filter(|n| *n != FINAL_FRAME_MARKER).ok_or(Error::TooManyFrames)?;
            }
        }
    }
    Ok(Body { frames, end: r.position() })
}

/// Serializes one segment the way [`parse`] reads it.
pub(crate) fn serialize_frame(out: &mut Vec<u8>, frame: &Frame<'_>) -> Result<()> {
    match frame.kind {
        FrameKind::Regular => {
            out.extend_from_slice(&frame.sequence_number.to_be_bytes());
            out.extend_from_slice(&frame.iv);
        }
        FrameKind::Final => {
            out.extend_from_slice(&FINAL_FRAME_MARKER.to_be_bytes());
            out.extend_from_slice(&frame.sequence_number.to_be_bytes());
            out.extend_from_slice(&frame.iv);
            let len = u32::try_from(frame.ciphertext.len()).map_err(|_| Error::PlaintextTooLong)?;
            out.extend_from_slice(&len.to_be_bytes());
        }
        FrameKind::NonFramed => {
            out.extend_from_slice(&frame.iv);
            let len = u64::try_from(frame.ciphertext.len()).map_err(|_| Error::PlaintextTooLong)?;
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
    out.extend_from_slice(frame.ciphertext);
    out.extend_from_slice(&frame.tag);
    Ok(())
}

/// The IV the specification (and both official SDKs) write for a frame: the sequence number,
/// big-endian, left-padded with zeros to 12 bytes.
#[must_use]
pub fn sequence_iv(sequence_number: u32) -> [u8; IV_LEN] {
    let mut iv = [0u8; IV_LEN];
    let [a, b, c, d] = sequence_number.to_be_bytes();
    iv[8] = a;
    iv[9] = b;
    iv[10] = c;
    iv[11] = d;
    iv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aad_layout() {
        let aad = body_aad(&[7u8; 16], FrameKind::Final, 3, 16);
        assert_eq!(aad.len(), 16 + LABEL_FINAL_FRAME.len() + 4 + 8);
        assert_eq!(&aad[16..16 + LABEL_FINAL_FRAME.len()], LABEL_FINAL_FRAME);
        assert_eq!(&aad[aad.len() - 12..], &[0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 16]);
        assert_eq!(sequence_iv(0x0102_0304), [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    }
}

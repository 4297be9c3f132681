//! The decoding cursor: one contiguous input, a current position and a window end, so nested
//! messages are decoded in place and errors report absolute byte offsets.

use super::{DecodeOptions, ProtoMessage, WireType};
use crate::error::{DecodeError, DecodeErrorKind, Format};

/// A cursor over protobuf input.
#[derive(Debug)]
pub struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    /// End of the current message (the whole input at the top level).
    end: usize,
    depth: u32,
    options: DecodeOptions,
}

impl<'a> Reader<'a> {
    /// A reader over the whole input.
    pub fn new(input: &'a [u8], options: DecodeOptions) -> Reader<'a> {
        Reader {
            input,
            pos: 0,
            end: input.len(),
            depth: 0,
            options,
        }
    }

    /// The limits in force.
    #[inline]
    pub fn options(&self) -> &DecodeOptions {
        &self.options
    }

    /// Fails when a list or map that already holds `len` items would take one more.
    #[inline]
    pub fn check_collection_len(&self, len: usize) -> Result<(), DecodeError> {
        if len < self.options.max_collection_len {
            Ok(())
        } else {
            Err(self.error(DecodeErrorKind::TooManyItems {
                limit: self.options.max_collection_len,
            }))
        }
    }

    /// The current byte offset.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether the current message has no more bytes.
    #[inline]
    pub fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    #[inline]
    fn remaining(&self) -> usize {
        self.end - self.pos
    }

    /// An error at the current position.
    #[cold]
    pub fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError::new(Format::Protobuf, kind, Some(self.pos))
    }

    /// Reads a varint.
    #[inline(always)]
    pub fn read_varint(&mut self) -> Result<u64, DecodeError> {
        // One-byte varints (0 to 127) are the common case: decoded here, inline; longer ones
        // take the loop out of line.
        if let Some(&b) = self.input[..self.end].get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(u64::from(b));
        }
        self.read_varint_slow()
    }

    #[inline(never)]
    fn read_varint_slow(&mut self) -> Result<u64, DecodeError> {
        let bytes = &self.input[self.pos..self.end];
        let mut value: u64 = 0;
        for (i, &b) in bytes.iter().take(10).enumerate() {
            if i == 9 && b > 1 {
                return Err(self.error(DecodeErrorKind::VarintOverflow));
            }
            value |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.pos += i + 1;
                return Ok(value);
            }
        }
        if bytes.len() >= 10 {
            Err(self.error(DecodeErrorKind::VarintOverflow))
        } else {
            Err(self.error(DecodeErrorKind::Truncated))
        }
    }

    /// Reads `N` bytes.
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let Some(bytes) = self
            .input
            .get(self.pos..self.pos + N)
            .filter(|_| self.remaining() >= N)
        else {
            return Err(self.error(DecodeErrorKind::Truncated));
        };
        let mut out = [0; N];
        out.copy_from_slice(bytes);
        self.pos += N;
        Ok(out)
    }

    /// Reads a field key.
    #[inline]
    pub fn read_key(&mut self) -> Result<(u32, WireType), DecodeError> {
        // Fields 1 to 15 have one-byte keys: the common case, decoded without the loop.
        if let Some(&b) = self.input[..self.end].get(self.pos)
            && (8..0x80).contains(&b)
            && let Some(wire_type) = WireType::from_bits(b & 7)
        {
            self.pos += 1;
            return Ok((u32::from(b >> 3), wire_type));
        }
        self.read_key_slow()
    }

    fn read_key_slow(&mut self) -> Result<(u32, WireType), DecodeError> {
        let start = self.pos;
        let key = self.read_varint()?;
        let tag = key >> 3;
        let wire_type = WireType::from_bits((key & 7) as u8);
        match (u32::try_from(tag), wire_type) {
            (Ok(tag), Some(wire_type)) if (1..=super::MAX_TAG).contains(&tag) => {
                Ok((tag, wire_type))
            }
            _ => Err(DecodeError::new(
                Format::Protobuf,
                DecodeErrorKind::InvalidKey,
                Some(start),
            )),
        }
    }

    /// Reads a length prefix and returns that many bytes, checking first that they are there.
    #[inline]
    pub fn read_length_delimited(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = self.read_length()?;
        let bytes = &self.input[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    /// Reads a length prefix and checks it against the bytes that are left.
    #[inline]
    fn read_length(&mut self) -> Result<usize, DecodeError> {
        let start = self.pos;
        let declared = self.read_varint()?;
        let remaining = self.remaining();
        match usize::try_from(declared) {
            Ok(len) if len <= remaining => Ok(len),
            _ => Err(DecodeError::new(
                Format::Protobuf,
                DecodeErrorKind::LengthExceedsInput {
                    declared,
                    remaining,
                },
                Some(start),
            )),
        }
    }

    /// Runs `f` on the next length-delimited value as its own window: `f` sees only those bytes,
    /// one nesting level deeper.
    #[inline]
    pub fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Reader<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        let len = self.read_length()?;
        if self.depth >= self.options.max_depth {
            return Err(self.error(DecodeErrorKind::DepthLimitExceeded {
                limit: self.options.max_depth,
            }));
        }
        let outer_end = self.end;
        self.end = self.pos + len;
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        if result.is_ok() {
            debug_assert_eq!(self.pos, self.end);
        }
        self.pos = self.end;
        self.end = outer_end;
        result
    }

    /// Merges the fields of the current window into `message`, until the window ends.
    #[inline]
    pub fn merge_fields<M: ProtoMessage>(&mut self, message: &mut M) -> Result<(), DecodeError> {
        while !self.at_end() {
            let (tag, wire_type) = self.read_key()?;
            message.merge_field(tag, wire_type, self)?;
        }
        Ok(())
    }

    /// Skips a field's value (for unknown fields).
    pub fn skip_field(&mut self, tag: u32, wire_type: WireType) -> Result<(), DecodeError> {
        match wire_type {
            WireType::Varint => self.read_varint().map(drop),
            WireType::Fixed64 => self.read_array::<8>().map(drop),
            WireType::Fixed32 => self.read_array::<4>().map(drop),
            WireType::LengthDelimited => self.read_length_delimited().map(drop),
            WireType::StartGroup => self.skip_group(tag),
            WireType::EndGroup => Err(self.error(DecodeErrorKind::InvalidKey)),
        }
    }

    /// Skips a group up to its matching end key, bounded by the nesting limit.
    fn skip_group(&mut self, tag: u32) -> Result<(), DecodeError> {
        if self.depth >= self.options.max_depth {
            return Err(self.error(DecodeErrorKind::DepthLimitExceeded {
                limit: self.options.max_depth,
            }));
        }
        self.depth += 1;
        let result = loop {
            if self.at_end() {
                break Err(self.error(DecodeErrorKind::Truncated));
            }
            let (inner, wire_type) = match self.read_key() {
                Ok(key) => key,
                Err(e) => break Err(e),
            };
            if wire_type == WireType::EndGroup {
                break if inner == tag {
                    Ok(())
                } else {
                    Err(self.error(DecodeErrorKind::InvalidKey))
                };
            }
            if let Err(e) = self.skip_field(inner, wire_type) {
                break Err(e);
            }
        };
        self.depth -= 1;
        result
    }

    /// Checks that a field has the wire type its type needs.
    #[inline]
    pub fn expect(&self, tag: u32, found: WireType, expected: WireType) -> Result<(), DecodeError> {
        if found == expected {
            Ok(())
        } else {
            Err(self.error(DecodeErrorKind::WrongWireType {
                tag,
                found: found as u8,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(bytes: &[u8]) -> Reader<'_> {
        Reader::new(bytes, DecodeOptions::default())
    }

    #[test]
    fn varints_decode_and_reject_overflow_and_truncation() {
        assert_eq!(reader(&[0x96, 0x01]).read_varint().unwrap(), 150);
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(reader(&max).read_varint().unwrap(), u64::MAX);
        let too_big = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert_eq!(
            reader(&too_big).read_varint().unwrap_err().kind(),
            &DecodeErrorKind::VarintOverflow
        );
        let eleven = [0x80; 11];
        assert_eq!(
            reader(&eleven).read_varint().unwrap_err().kind(),
            &DecodeErrorKind::VarintOverflow
        );
        assert_eq!(
            reader(&[0x80, 0x80]).read_varint().unwrap_err().kind(),
            &DecodeErrorKind::Truncated
        );
        assert_eq!(
            reader(&[]).read_varint().unwrap_err().kind(),
            &DecodeErrorKind::Truncated
        );
    }

    #[test]
    fn a_huge_length_is_an_error_not_an_allocation() {
        // Length 2^60, then three bytes.
        let mut input = Vec::new();
        super::super::encode_varint(1 << 60, &mut input);
        input.extend_from_slice(b"abc");
        let err = reader(&input).read_length_delimited().unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::LengthExceedsInput {
                declared: 1 << 60,
                remaining: 3
            }
        );
        assert_eq!(err.offset(), Some(0));
    }

    #[test]
    fn keys_reject_tag_zero_and_bad_wire_types() {
        assert!(reader(&[0x00]).read_key().is_err());
        assert!(reader(&[0x0e]).read_key().is_err()); // wire type 6
        // Field number 2^29 (key 2^32): beyond protobuf's range.
        assert!(reader(&[0x80, 0x80, 0x80, 0x80, 0x10]).read_key().is_err());
        assert_eq!(
            reader(&[0xf8, 0xff, 0xff, 0xff, 0x0f]).read_key().unwrap(),
            ((1 << 29) - 1, WireType::Varint)
        );
        assert_eq!(reader(&[0x08]).read_key().unwrap(), (1, WireType::Varint));
    }

    #[test]
    fn groups_are_skipped_to_their_end() {
        // Group 1 holding field 2 varint 5, then end group 1, then field 3 varint 7.
        let input = [0x0b, 0x10, 0x05, 0x0c, 0x18, 0x07];
        let mut r = reader(&input);
        let (tag, wire) = r.read_key().unwrap();
        r.skip_field(tag, wire).unwrap();
        assert_eq!(r.read_key().unwrap(), (3, WireType::Varint));
        // A group without its end is truncated, and a mismatched end is invalid.
        let mut r = reader(&[0x0b, 0x10, 0x05]);
        let (tag, wire) = r.read_key().unwrap();
        assert!(r.skip_field(tag, wire).is_err());
        let mut r = reader(&[0x0b, 0x14]);
        let (tag, wire) = r.read_key().unwrap();
        assert!(r.skip_field(tag, wire).is_err());
    }

    #[test]
    fn deep_groups_hit_the_depth_limit() {
        let mut input = vec![0x0b; 200];
        input.extend(std::iter::repeat_n(0x0c, 200));
        let mut r = reader(&input);
        let (tag, wire) = r.read_key().unwrap();
        assert!(matches!(
            r.skip_field(tag, wire).unwrap_err().kind(),
            DecodeErrorKind::DepthLimitExceeded { limit: 100 }
        ));
    }
}

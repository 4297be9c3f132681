//! The Avro binary encoding's building blocks: zig-zag varints, length-prefixed bytes, and the
//! decoding cursor with its limits.

use bytes::BufMut;

use crate::error::{DecodeError, DecodeErrorKind, Format};

/// Limits for Avro decoding.
///
/// Lengths and block counts are checked against the bytes actually left before anything is
/// allocated whatever the limits; the limits bound what a well-formed but hostile input can make
/// the decoder build. The defaults: 100 levels of records, 64 MiB of input, 1,048,576 items in
/// any one array or map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AvroOptions {
    /// How deeply records may nest (every recursive type passes through a record, so this
    /// bounds the decoder's recursion; lists, maps and unions do not count).
    pub max_depth: u32,
    /// The most items an array or map may have when its items can be encoded in zero bytes
    /// (such as empty records or `null`), where the input size does not bound the count.
    pub max_zero_size_items: usize,
    /// The largest input accepted, in bytes.
    pub max_message_size: usize,
    /// The most items one array or map may hold (over all its blocks).
    pub max_collection_len: usize,
}

impl Default for AvroOptions {
    fn default() -> AvroOptions {
        AvroOptions {
            max_depth: 100,
            max_zero_size_items: 1 << 20,
            max_message_size: 64 << 20,
            max_collection_len: 1 << 20,
        }
    }
}

impl AvroOptions {
    /// Sets the nesting limit.
    pub fn max_depth(mut self, depth: u32) -> AvroOptions {
        self.max_depth = depth;
        self
    }

    /// Sets the largest input accepted, in bytes.
    pub fn max_message_size(mut self, bytes: usize) -> AvroOptions {
        self.max_message_size = bytes;
        self
    }

    /// Sets the most items one array or map may hold.
    pub fn max_collection_len(mut self, items: usize) -> AvroOptions {
        self.max_collection_len = items;
        self
    }

    /// Fails when `input` is larger than [`max_message_size`](AvroOptions::max_message_size).
    pub(crate) fn check_size(&self, input: &[u8]) -> Result<(), DecodeError> {
        DecodeError::check_size(Format::Avro, input.len(), self.max_message_size)
    }
}

/// Writes a `long` (or `int`): zig-zag, then a varint.
#[inline]
pub fn encode_long<B: BufMut>(value: i64, buf: &mut B) {
    let mut n = ((value << 1) ^ (value >> 63)) as u64;
    while n >= 0x80 {
        buf.put_u8((n as u8) | 0x80);
        n >>= 7;
    }
    buf.put_u8(n as u8);
}

/// The bytes [`encode_long`] writes.
#[inline]
pub const fn long_len(value: i64) -> usize {
    let n = ((value << 1) ^ (value >> 63)) as u64;
    (((64 - (n | 1).leading_zeros()) * 9 + 64) / 64) as usize
}

/// Writes `bytes` or a `string`: the length as a `long`, then the bytes.
#[inline]
pub fn encode_bytes<B: BufMut>(bytes: &[u8], buf: &mut B) {
    encode_long(bytes.len() as i64, buf);
    buf.put_slice(bytes);
}

/// A cursor over Avro input.
#[derive(Debug)]
pub struct AvroReader<'a> {
    input: &'a [u8],
    pos: usize,
    depth: u32,
    options: AvroOptions,
}

impl<'a> AvroReader<'a> {
    /// A reader over `input`.
    pub fn new(input: &'a [u8], options: AvroOptions) -> AvroReader<'a> {
        AvroReader {
            input,
            pos: 0,
            depth: 0,
            options,
        }
    }

    /// The current byte offset.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The limits in force.
    pub fn options(&self) -> AvroOptions {
        self.options
    }

    /// The bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    /// An error at the current position.
    #[cold]
    pub fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError::new(Format::Avro, kind, Some(self.pos))
    }

    /// Fails unless every byte has been read (a datum must use its whole input).
    pub fn finish(&self) -> Result<(), DecodeError> {
        if self.pos == self.input.len() {
            Ok(())
        } else {
            let left = self.remaining();
            let bytes = if left == 1 { "byte" } else { "bytes" };
            Err(self.error(DecodeErrorKind::InvalidValue(format!(
                "{left} {bytes} left after the value"
            ))))
        }
    }

    /// Reads a `long`.
    #[inline(always)]
    pub fn read_long(&mut self) -> Result<i64, DecodeError> {
        // One-byte values (-64 to 63) are decoded inline; longer ones out of line.
        if let Some(&b) = self.input.get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(i64::from(b >> 1) ^ -i64::from(b & 1));
        }
        self.read_long_slow()
    }

    #[inline(never)]
    fn read_long_slow(&mut self) -> Result<i64, DecodeError> {
        let bytes = &self.input[self.pos..];
        let mut n: u64 = 0;
        for (i, &b) in bytes.iter().take(10).enumerate() {
            if i == 9 && b > 1 {
                return Err(self.error(DecodeErrorKind::VarintOverflow));
            }
            n |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                self.pos += i + 1;
                return Ok(((n >> 1) as i64) ^ -((n & 1) as i64));
            }
        }
        if bytes.len() >= 10 {
            Err(self.error(DecodeErrorKind::VarintOverflow))
        } else {
            Err(self.error(DecodeErrorKind::Truncated))
        }
    }

    /// Reads an `int`: a `long` that must fit 32 bits.
    #[inline]
    pub fn read_int(&mut self) -> Result<i32, DecodeError> {
        let start = self.pos;
        let v = self.read_long()?;
        i32::try_from(v).map_err(|_| {
            DecodeError::new(
                Format::Avro,
                DecodeErrorKind::InvalidValue(format!("int {v} does not fit 32 bits")),
                Some(start),
            )
        })
    }

    /// Reads a `boolean`: one byte, 0 or 1.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool, DecodeError> {
        match self.input.get(self.pos) {
            Some(&b) if b <= 1 => {
                self.pos += 1;
                Ok(b == 1)
            }
            Some(&b) => Err(self.error(DecodeErrorKind::InvalidValue(format!(
                "boolean byte {b} is neither 0 nor 1"
            )))),
            None => Err(self.error(DecodeErrorKind::Truncated)),
        }
    }

    /// Reads `N` bytes (`float`, `double`, `fixed`).
    #[inline]
    pub fn read_array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let Some(bytes) = self.input.get(self.pos..self.pos + N) else {
            return Err(self.error(DecodeErrorKind::Truncated));
        };
        let mut out = [0; N];
        out.copy_from_slice(bytes);
        self.pos += N;
        Ok(out)
    }

    /// Reads `n` raw bytes (`fixed` of a size known only at run time).
    pub fn read_fixed(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let Some(bytes) = self.input.get(self.pos..self.pos.saturating_add(n)) else {
            return Err(self.error(DecodeErrorKind::Truncated));
        };
        self.pos += n;
        Ok(bytes)
    }

    /// Reads `bytes`: a length, checked against the input before anything is allocated.
    #[inline]
    pub fn read_bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let start = self.pos;
        let len = self.read_long()?;
        let remaining = self.remaining();
        match usize::try_from(len) {
            Ok(len) if len <= remaining => {
                let bytes = &self.input[self.pos..self.pos + len];
                self.pos += len;
                Ok(bytes)
            }
            Ok(_) => Err(DecodeError::new(
                Format::Avro,
                DecodeErrorKind::LengthExceedsInput {
                    declared: len as u64,
                    remaining,
                },
                Some(start),
            )),
            Err(_) => Err(DecodeError::new(
                Format::Avro,
                DecodeErrorKind::InvalidValue(format!("negative length {len}")),
                Some(start),
            )),
        }
    }

    /// Reads a `string`: `bytes` that must be UTF-8.
    #[inline]
    pub fn read_str(&mut self) -> Result<&'a str, DecodeError> {
        let start = self.pos;
        let bytes = self.read_bytes()?;
        std::str::from_utf8(bytes)
            .map_err(|_| DecodeError::new(Format::Avro, DecodeErrorKind::InvalidUtf8, Some(start)))
    }

    /// Reads the item count of the next block of an array or map (0 ends it). A negative count
    /// is followed by the block's size in bytes, which is read and checked. The count is checked
    /// against the input: each item takes at least `min_item_size` bytes, and items that can
    /// take zero bytes are bounded by [`AvroOptions::max_zero_size_items`].
    pub fn read_block_count(&mut self, min_item_size: usize) -> Result<usize, DecodeError> {
        let start = self.pos;
        let count = self.read_long()?;
        let count = if count < 0 {
            let size = self.read_long()?;
            if size < 0 {
                return Err(DecodeError::new(
                    Format::Avro,
                    DecodeErrorKind::InvalidValue(format!("negative block size {size}")),
                    Some(start),
                ));
            }
            if size as u64 > self.remaining() as u64 {
                return Err(DecodeError::new(
                    Format::Avro,
                    DecodeErrorKind::LengthExceedsInput {
                        declared: size as u64,
                        remaining: self.remaining(),
                    },
                    Some(start),
                ));
            }
            count.unsigned_abs()
        } else {
            count as u64
        };
        let Some(limit) = self.remaining().checked_div(min_item_size) else {
            // Items that take no bytes are not bounded by the input, only by the options.
            let limit = self.options.max_zero_size_items;
            if count > limit as u64 {
                return Err(DecodeError::new(
                    Format::Avro,
                    DecodeErrorKind::InvalidValue(format!(
                        "more than {limit} items that take no bytes"
                    )),
                    Some(start),
                ));
            }
            return Ok(count as usize);
        };
        let limit = limit as u64;
        if count > limit {
            return Err(DecodeError::new(
                Format::Avro,
                DecodeErrorKind::LengthExceedsInput {
                    declared: count,
                    remaining: self.remaining(),
                },
                Some(start),
            ));
        }
        Ok(count as usize)
    }

    /// Runs `f` one nesting level deeper, failing past the depth limit.
    #[inline]
    pub fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut AvroReader<'a>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        if self.depth >= self.options.max_depth {
            return Err(self.error(DecodeErrorKind::DepthLimitExceeded {
                limit: self.options.max_depth,
            }));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long_bytes(v: i64) -> Vec<u8> {
        let mut buf = Vec::new();
        encode_long(v, &mut buf);
        buf
    }

    #[test]
    fn longs_use_zig_zag_as_the_specification_shows() {
        // Examples from the specification.
        assert_eq!(long_bytes(0), [0x00]);
        assert_eq!(long_bytes(-1), [0x01]);
        assert_eq!(long_bytes(1), [0x02]);
        assert_eq!(long_bytes(-2), [0x03]);
        assert_eq!(long_bytes(2), [0x04]);
        assert_eq!(long_bytes(-64), [0x7f]);
        assert_eq!(long_bytes(64), [0x80, 0x01]);
        for v in [
            0,
            1,
            -1,
            63,
            -64,
            64,
            i64::MAX,
            i64::MIN,
            i64::from(i32::MIN),
        ] {
            let bytes = long_bytes(v);
            assert_eq!(bytes.len(), long_len(v));
            let mut r = AvroReader::new(&bytes, AvroOptions::default());
            assert_eq!(r.read_long().unwrap(), v);
            r.finish().unwrap();
        }
    }

    #[test]
    fn lengths_and_counts_are_checked_against_the_input() {
        let mut input = long_bytes(1 << 60);
        input.extend_from_slice(b"abc");
        let err = AvroReader::new(&input, AvroOptions::default())
            .read_bytes()
            .unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::LengthExceedsInput { .. }),
            "{err}"
        );
        let err = AvroReader::new(&long_bytes(-5), AvroOptions::default())
            .read_bytes()
            .unwrap_err();
        assert!(err.to_string().contains("negative length"), "{err}");
        let count = long_bytes(1 << 40);
        assert!(
            AvroReader::new(&count, AvroOptions::default())
                .read_block_count(1)
                .is_err()
        );
        assert!(
            AvroReader::new(&count, AvroOptions::default())
                .read_block_count(0)
                .is_err()
        );
        let mut block = long_bytes(-2);
        block.extend(long_bytes(2));
        block.extend([7, 8]);
        let mut r = AvroReader::new(&block, AvroOptions::default());
        assert_eq!(r.read_block_count(1).unwrap(), 2);
    }

    #[test]
    fn booleans_and_ints_are_strict() {
        assert!(
            AvroReader::new(&[2], AvroOptions::default())
                .read_bool()
                .is_err()
        );
        assert!(
            AvroReader::new(&long_bytes(1 << 40), AvroOptions::default())
                .read_int()
                .is_err()
        );
    }
}

//! How each kind of value is written in Avro binary: [`AvroValue`] for the built-in types,
//! collections and options, and the pieces generated records, enums and unions use.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use bytes::BufMut;

use super::binary::{AvroReader, encode_bytes, encode_long};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::{Date, Timestamp, Uuid};

/// A type with an Avro binary encoding, written directly (no intermediate value tree).
pub trait AvroValue: Sized {
    /// The fewest bytes a value can take, used to bound block counts by the input size.
    const MIN_SIZE: usize;
    /// Whether the type is a union (so that `optional` of it is one flat Avro union).
    const IS_UNION: bool = false;
    /// The branches the type takes in an enclosing union: its variants for a union, else 1.
    const BRANCHES: i64 = 1;

    /// Writes the value.
    fn write_avro<B: BufMut>(&self, buf: &mut B);

    /// Reads a value.
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError>;

    /// Writes the value as branch `offset` of an enclosing union (a union type writes its own
    /// branch index plus `offset`).
    #[inline]
    fn encode_in_union<B: BufMut>(&self, offset: i64, buf: &mut B) {
        encode_long(offset, buf);
        self.write_avro(buf);
    }

    /// Reads the value of branch `index` (counted from this type's first branch).
    #[inline]
    fn decode_in_union(index: i64, r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        if index == 0 {
            Self::read_avro(r)
        } else {
            Err(bad_branch(r.position(), index))
        }
    }
}

/// The error for a union branch index the type does not have, read at byte `start`.
#[cold]
pub fn bad_branch(start: usize, index: i64) -> DecodeError {
    DecodeError::new(
        crate::Format::Avro,
        DecodeErrorKind::InvalidValue(format!("union branch {index} does not exist")),
        Some(start),
    )
}

/// The error for an enum index the type does not have, read at byte `start`.
#[cold]
pub fn bad_symbol(start: usize, index: i32) -> DecodeError {
    DecodeError::new(
        crate::Format::Avro,
        DecodeErrorKind::InvalidValue(format!("enum symbol index {index} does not exist")),
        Some(start),
    )
}

impl AvroValue for bool {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        buf.put_u8(u8::from(*self));
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_bool()
    }
}

impl AvroValue for i32 {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_long(i64::from(*self), buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_int()
    }
}

impl AvroValue for i64 {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_long(*self, buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_long()
    }
}

/// `u32` is an Avro `long`.
impl AvroValue for u32 {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_long(i64::from(*self), buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        let start = r.position();
        let v = r.read_long()?;
        u32::try_from(v).map_err(|_| {
            DecodeError::new(
                crate::Format::Avro,
                DecodeErrorKind::InvalidValue(format!("{v} does not fit u32")),
                Some(start),
            )
        })
    }
}

/// `u64` is an Avro `long` holding the same 64 bits.
impl AvroValue for u64 {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_long(*self as i64, buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_long().map(|v| v as u64)
    }
}

impl AvroValue for f32 {
    const MIN_SIZE: usize = 4;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        buf.put_f32_le(*self);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_array().map(f32::from_le_bytes)
    }
}

impl AvroValue for f64 {
    const MIN_SIZE: usize = 8;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        buf.put_f64_le(*self);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_array().map(f64::from_le_bytes)
    }
}

impl AvroValue for String {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_bytes(self.as_bytes(), buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_str().map(str::to_owned)
    }
}

impl AvroValue for Vec<u8> {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_bytes(self, buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_bytes().map(<[u8]>::to_vec)
    }
}

/// `timestamp`: a `long` of microseconds (`timestamp-micros`).
impl AvroValue for Timestamp {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_long(self.unix_micros(), buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_long().map(Timestamp::from_unix_micros)
    }
}

/// `date`: an `int` of days since 1970-01-01.
impl AvroValue for Date {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_long(i64::from(self.days_since_epoch()), buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        r.read_int().map(Date::from_days_since_epoch)
    }
}

/// `uuid`: a `string` in the hyphenated form.
impl AvroValue for Uuid {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_bytes(self.to_string().as_bytes(), buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        let start = r.position();
        r.read_str()?.parse().map_err(|e: crate::UuidError| {
            DecodeError::new(
                crate::Format::Avro,
                DecodeErrorKind::InvalidValue(e.to_string()),
                Some(start),
            )
        })
    }
}

impl<T: AvroValue> AvroValue for Box<T> {
    const BRANCHES: i64 = T::BRANCHES;
    const MIN_SIZE: usize = T::MIN_SIZE;
    const IS_UNION: bool = T::IS_UNION;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        (**self).write_avro(buf);
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        T::read_avro(r).map(Box::new)
    }
    #[inline]
    fn encode_in_union<B: BufMut>(&self, offset: i64, buf: &mut B) {
        (**self).encode_in_union(offset, buf);
    }
    #[inline]
    fn decode_in_union(index: i64, r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        T::decode_in_union(index, r).map(Box::new)
    }
}

/// `optional<T>`: the union `["null", T]`, or `["null", …T's branches]` when `T` is a union.
impl<T: AvroValue> AvroValue for Option<T> {
    const MIN_SIZE: usize = 1;
    #[inline]
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        match self {
            None => encode_long(0, buf),
            Some(value) => value.encode_in_union(1, buf),
        }
    }
    #[inline]
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        let start = r.position();
        match r.read_long()? {
            0 => Ok(None),
            index if (1..=T::BRANCHES).contains(&index) => {
                T::decode_in_union(index - 1, r).map(Some)
            }
            index => Err(bad_branch(start, index)),
        }
    }
}

/// `list<T>`: an array, written as one block.
impl<T: AvroValue> AvroValue for Vec<T> {
    const MIN_SIZE: usize = 1;
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        if !self.is_empty() {
            encode_long(self.len() as i64, buf);
            for item in self {
                item.write_avro(buf);
            }
        }
        encode_long(0, buf);
    }
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        let mut out = Vec::new();
        loop {
            let count = r.read_block_count(T::MIN_SIZE)?;
            if count == 0 {
                return Ok(out);
            }
            check_total::<T>(r, out.len() + count)?;
            out.reserve(count);
            for _ in 0..count {
                let index = out.len();
                out.push(T::read_avro(r).map_err(|e| e.at_index(index))?);
            }
        }
    }
}

/// Fails when an array or map would hold more than
/// [`max_collection_len`](crate::avro::AvroOptions::max_collection_len) items, or (for items that
/// can take zero bytes, which the input size does not bound) more than
/// [`max_zero_size_items`](crate::avro::AvroOptions::max_zero_size_items).
fn check_total<T: AvroValue>(r: &AvroReader<'_>, total: usize) -> Result<(), DecodeError> {
    let options = r.options();
    if total > options.max_collection_len {
        return Err(r.error(DecodeErrorKind::TooManyItems {
            limit: options.max_collection_len,
        }));
    }
    let limit = options.max_zero_size_items;
    if T::MIN_SIZE == 0 && total > limit {
        return Err(r.error(DecodeErrorKind::InvalidValue(format!(
            "more than {limit} items that take no bytes"
        ))));
    }
    Ok(())
}

fn encode_map<'a, T: AvroValue + 'a, B: BufMut>(
    len: usize,
    entries: impl Iterator<Item = (&'a String, &'a T)>,
    buf: &mut B,
) {
    if len > 0 {
        encode_long(len as i64, buf);
        for (key, value) in entries {
            encode_bytes(key.as_bytes(), buf);
            value.write_avro(buf);
        }
    }
    encode_long(0, buf);
}

fn decode_map<T: AvroValue>(
    r: &mut AvroReader<'_>,
    mut insert: impl FnMut(String, T),
) -> Result<(), DecodeError> {
    let mut total = 0usize;
    loop {
        // A key takes at least its length byte.
        let count = r.read_block_count(1 + T::MIN_SIZE)?;
        if count == 0 {
            return Ok(());
        }
        total = total.saturating_add(count);
        check_total::<String>(r, total)?;
        for _ in 0..count {
            let key = r.read_str()?.to_owned();
            let value = T::read_avro(r).map_err(|e| e.at_key(&key))?;
            insert(key, value);
        }
    }
}

/// `map<string, T>`: a map, written as one block.
impl<T: AvroValue, S: BuildHasher + Default> AvroValue for HashMap<String, T, S> {
    const MIN_SIZE: usize = 1;
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_map(self.len(), self.iter(), buf);
    }
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        let mut out = HashMap::with_hasher(S::default());
        decode_map(r, |k, v| {
            out.insert(k, v);
        })?;
        Ok(out)
    }
}

impl<T: AvroValue> AvroValue for BTreeMap<String, T> {
    const MIN_SIZE: usize = 1;
    fn write_avro<B: BufMut>(&self, buf: &mut B) {
        encode_map(self.len(), self.iter(), buf);
    }
    fn read_avro(r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
        let mut out = BTreeMap::new();
        decode_map(r, |k, v| {
            out.insert(k, v);
        })?;
        Ok(out)
    }
}

/// Reads an enum's symbol index.
#[inline]
pub fn read_enum_index(r: &mut AvroReader<'_>) -> Result<i32, DecodeError> {
    r.read_int()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::avro::AvroOptions;

    fn read<T: AvroValue>(bytes: &[u8]) -> Result<T, DecodeError> {
        T::read_avro(&mut AvroReader::new(bytes, AvroOptions::default()))
    }

    #[test]
    fn option_branch_indexes_out_of_range_are_errors() {
        // i64::MIN as a branch index (zig-zag: all ones) must not overflow.
        let mut min = Vec::new();
        encode_long(i64::MIN, &mut min);
        assert!(read::<Option<i32>>(&min).is_err());
        assert!(read::<Option<i32>>(&[0x04, 0x02]).is_err());
        assert_eq!(read::<Option<i32>>(&[0x02, 0x0e]).unwrap(), Some(7));
        assert_eq!(read::<Option<i32>>(&[0x00]).unwrap(), None);
    }

    #[test]
    fn zero_size_items_are_bounded_over_all_blocks() {
        // Two blocks, each within the limit for items that take no bytes, together beyond it.
        struct Empty;
        impl AvroValue for Empty {
            const MIN_SIZE: usize = 0;
            fn write_avro<B: BufMut>(&self, _buf: &mut B) {}
            fn read_avro(_r: &mut AvroReader<'_>) -> Result<Self, DecodeError> {
                Ok(Empty)
            }
        }
        let half = (AvroOptions::default().max_zero_size_items / 2 + 1) as i64;
        let mut input = Vec::new();
        encode_long(half, &mut input);
        encode_long(half, &mut input);
        encode_long(0, &mut input);
        assert!(read::<Vec<Empty>>(&input).is_err());
    }
}

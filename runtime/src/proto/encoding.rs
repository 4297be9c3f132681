//! Integers written other than as plain varints (`#[proto(encoding = "…")]` in the schema):
//! zig-zag varints (`sint32`, `sint64`) and fixed-width little-endian (`fixed32`, `fixed64`,
//! `sfixed32`, `sfixed64`).
//!
//! Generated fields keep their plain Rust integers; [`Zigzag`] and [`Fixed`] wrap a value while
//! it is written or read, and the `*_as` functions do the same for whole fields (optional,
//! repeated and map fields), so no list or map is copied to change how it is encoded.

use bytes::BufMut;

use super::field::{ProtoMap, encode_implicit, len_implicit, merge, read_entry};
use super::{ProtoValue, Reader, WireType, encode_key, encode_varint, key_len, varint_len};
use crate::error::DecodeError;

/// A value that another [`ProtoValue`] writes: the integer of a field with a non-default
/// encoding.
pub trait Encoded<T: Copy>: ProtoValue {
    /// Wraps a field's value for writing or reading.
    fn wrap(value: T) -> Self;
    /// The value read.
    fn unwrap(self) -> T;
}

/// `sint32` and `sint64`: zig-zag varints, short for small negative numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Zigzag<T>(pub T);

/// `fixed32`, `fixed64` (unsigned) and `sfixed32`, `sfixed64` (signed): four or eight bytes,
/// little-endian.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fixed<T>(pub T);

macro_rules! zigzag_impl {
    ($ty:ty, $unsigned:ty, $bits:expr) => {
        impl ProtoValue for Zigzag<$ty> {
            const WIRE_TYPE: WireType = WireType::Varint;
            const PACKED: bool = true;

            #[inline]
            fn encode_value<B: BufMut>(&self, buf: &mut B) {
                encode_varint(zigzag_encode!(self.0, $ty, $unsigned, $bits), buf);
            }

            #[inline]
            fn value_len(&self) -> usize {
                varint_len(zigzag_encode!(self.0, $ty, $unsigned, $bits))
            }

            #[inline]
            fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
                // Like protobuf, a value too wide for the type keeps its low bits.
                let n = r.read_varint()? as $unsigned;
                self.0 = (n >> 1) as $ty ^ -((n & 1) as $ty);
                Ok(())
            }

            #[inline]
            fn is_default_value(&self) -> bool {
                self.0 == 0
            }
        }

        impl Encoded<$ty> for Zigzag<$ty> {
            #[inline]
            fn wrap(value: $ty) -> Self {
                Zigzag(value)
            }
            #[inline]
            fn unwrap(self) -> $ty {
                self.0
            }
        }
    };
}

macro_rules! zigzag_encode {
    ($v:expr, $ty:ty, $unsigned:ty, $bits:expr) => {
        u64::from((($v << 1) ^ ($v >> ($bits - 1))) as $unsigned)
    };
}

zigzag_impl!(i32, u32, 32);
zigzag_impl!(i64, u64, 64);

macro_rules! fixed_impl {
    ($ty:ty, $wire:expr, $width:expr) => {
        impl ProtoValue for Fixed<$ty> {
            const WIRE_TYPE: WireType = $wire;
            const PACKED: bool = true;

            #[inline]
            fn encode_value<B: BufMut>(&self, buf: &mut B) {
                buf.put_slice(&self.0.to_le_bytes());
            }

            #[inline]
            fn value_len(&self) -> usize {
                $width
            }

            #[inline]
            fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
                self.0 = <$ty>::from_le_bytes(r.read_array()?);
                Ok(())
            }

            #[inline]
            fn is_default_value(&self) -> bool {
                self.0 == 0
            }
        }

        impl Encoded<$ty> for Fixed<$ty> {
            #[inline]
            fn wrap(value: $ty) -> Self {
                Fixed(value)
            }
            #[inline]
            fn unwrap(self) -> $ty {
                self.0
            }
        }
    };
}

fixed_impl!(u32, WireType::Fixed32, 4);
fixed_impl!(i32, WireType::Fixed32, 4);
fixed_impl!(u64, WireType::Fixed64, 8);
fixed_impl!(i64, WireType::Fixed64, 8);

/// Reads a singular field's value, encoded as `W`.
#[inline]
pub fn merge_as<W: Encoded<T>, T: Copy>(
    tag: u32,
    wire_type: WireType,
    value: &mut T,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    let mut wrapped = W::wrap(*value);
    merge(tag, wire_type, &mut wrapped, r)?;
    *value = wrapped.unwrap();
    Ok(())
}

/// Reads an optional field's value, encoded as `W`.
#[inline]
pub fn merge_option_as<W: Encoded<T>, T: Copy + Default>(
    tag: u32,
    wire_type: WireType,
    value: &mut Option<T>,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    merge_as::<W, T>(tag, wire_type, value.get_or_insert_with(T::default), r)
}

/// Writes a repeated field of integers encoded as `W`, packed.
pub fn encode_repeated_as<W: Encoded<T>, T: Copy, B: BufMut>(tag: u32, values: &[T], buf: &mut B) {
    if values.is_empty() {
        return;
    }
    encode_key(tag, WireType::LengthDelimited, buf);
    let body: usize = values.iter().map(|v| W::wrap(*v).value_len()).sum();
    encode_varint(body as u64, buf);
    for value in values {
        W::wrap(*value).encode_value(buf);
    }
}

/// The bytes [`encode_repeated_as`] writes.
pub fn len_repeated_as<W: Encoded<T>, T: Copy>(tag: u32, values: &[T]) -> usize {
    if values.is_empty() {
        return 0;
    }
    let body: usize = values.iter().map(|v| W::wrap(*v).value_len()).sum();
    key_len(tag) + varint_len(body as u64) + body
}

/// Reads one element of a repeated field of integers encoded as `W`, or a packed run of them.
pub fn merge_repeated_as<W: Encoded<T>, T: Copy>(
    tag: u32,
    wire_type: WireType,
    values: &mut Vec<T>,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    let read_one = |values: &mut Vec<T>, r: &mut Reader<'_>| {
        r.check_collection_len(values.len())?;
        let mut value = W::default();
        let index = values.len();
        value.merge_value(r).map_err(|e| e.at_index(index))?;
        values.push(value.unwrap());
        Ok(())
    };
    if wire_type == WireType::LengthDelimited {
        return r.nested(|r| {
            while !r.at_end() {
                read_one(values, r)?;
            }
            Ok(())
        });
    }
    r.expect(tag, wire_type, W::WIRE_TYPE)?;
    read_one(values, r)
}

fn entry_len_as<W: Encoded<T>, T: Copy>(key: &String, value: T) -> usize {
    len_implicit(1, key) + len_implicit(2, &W::wrap(value))
}

/// Writes a map field whose integer values are encoded as `W`.
pub fn encode_map_as<W: Encoded<T>, T: Copy, M: ProtoMap<T>, B: BufMut>(
    tag: u32,
    map: &M,
    buf: &mut B,
) {
    for (key, value) in map.entries() {
        encode_key(tag, WireType::LengthDelimited, buf);
        encode_varint(entry_len_as::<W, T>(key, *value) as u64, buf);
        encode_implicit(1, key, buf);
        encode_implicit(2, &W::wrap(*value), buf);
    }
}

/// The bytes [`encode_map_as`] writes.
pub fn len_map_as<W: Encoded<T>, T: Copy, M: ProtoMap<T>>(tag: u32, map: &M) -> usize {
    map.entries()
        .map(|(key, value)| {
            let entry = entry_len_as::<W, T>(key, *value);
            key_len(tag) + varint_len(entry as u64) + entry
        })
        .sum()
}

/// Reads one entry of a map whose integer values are encoded as `W`, and inserts it.
pub fn merge_map_as<W: Encoded<T>, T: Copy, M: ProtoMap<T>>(
    tag: u32,
    wire_type: WireType,
    map: &mut M,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    let (key, value) = read_entry::<W>(tag, wire_type, map.entry_count(), r)?;
    map.insert_entry(key, value.unwrap());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::DecodeOptions;

    fn bytes<V: ProtoValue>(value: V) -> Vec<u8> {
        let mut out = Vec::new();
        value.encode_value(&mut out);
        assert_eq!(out.len(), value.value_len());
        out
    }

    fn read<V: ProtoValue>(input: &[u8]) -> V {
        let mut value = V::default();
        let mut r = Reader::new(input, DecodeOptions::default());
        value.merge_value(&mut r).expect("decodes");
        value
    }

    #[test]
    fn zigzag_maps_small_magnitudes_to_small_varints() {
        assert_eq!(bytes(Zigzag(0i32)), [0]);
        assert_eq!(bytes(Zigzag(-1i32)), [1]);
        assert_eq!(bytes(Zigzag(1i32)), [2]);
        assert_eq!(bytes(Zigzag(-2i64)), [3]);
        assert_eq!(bytes(Zigzag(i32::MAX)), [0xfe, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(bytes(Zigzag(i32::MIN)), [0xff, 0xff, 0xff, 0xff, 0x0f]);
        for v in [0, 1, -1, 63, -64, i64::MAX, i64::MIN] {
            assert_eq!(read::<Zigzag<i64>>(&bytes(Zigzag(v))).0, v);
        }
        for v in [0, 1, -1, i32::MAX, i32::MIN] {
            assert_eq!(read::<Zigzag<i32>>(&bytes(Zigzag(v))).0, v);
        }
    }

    #[test]
    fn fixed_is_little_endian_of_its_width() {
        assert_eq!(bytes(Fixed(1u32)), [1, 0, 0, 0]);
        assert_eq!(bytes(Fixed(-1i32)), [0xff; 4]);
        assert_eq!(bytes(Fixed(2u64)), [2, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(read::<Fixed<i64>>(&bytes(Fixed(i64::MIN))).0, i64::MIN);
        let mut r = Reader::new(&[1, 2], DecodeOptions::default());
        assert!(Fixed::<u32>::default().merge_value(&mut r).is_err());
    }
}

//! Protobuf binary encoding, written directly against the wire format.
//!
//! Generated code implements [`ProtoMessage`] for records and unions and [`ProtoValue`] for every
//! type that can be a field; the helpers in [`field`] turn those into the encoding of singular,
//! optional, repeated (packed where protobuf packs) and map fields, byte for byte as prost writes
//! them. Decoding reads from a [`Reader`] over one contiguous input, so every error knows its byte
//! offset, every length is checked against the bytes that are left before anything is allocated,
//! and nesting is bounded.

mod bridge;
pub mod encoding;
pub mod field;
mod lens;
mod reader;
mod value;

pub use bridge::merge_field as prost_merge_field;
pub use encoding::{Encoded, Fixed, Zigzag};
pub use lens::{Direct, Lens, Record, Replay, with_lengths};
pub use reader::Reader;
pub use value::{ProtoEnum, ProtoMessage, ProtoValue, enumeration, message};

use bytes::BufMut;

/// The six protobuf wire types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum WireType {
    /// Varint: int32, int64, uint32, uint64, bool, enum.
    Varint = 0,
    /// Eight little-endian bytes: double.
    Fixed64 = 1,
    /// Length prefix and bytes: string, bytes, messages, packed repeated fields.
    LengthDelimited = 2,
    /// Start of a (deprecated) group.
    StartGroup = 3,
    /// End of a (deprecated) group.
    EndGroup = 4,
    /// Four little-endian bytes: float.
    Fixed32 = 5,
}

impl WireType {
    #[inline]
    pub(crate) fn from_bits(bits: u8) -> Option<WireType> {
        Some(match bits {
            0 => WireType::Varint,
            1 => WireType::Fixed64,
            2 => WireType::LengthDelimited,
            3 => WireType::StartGroup,
            4 => WireType::EndGroup,
            5 => WireType::Fixed32,
            _ => return None,
        })
    }
}

/// The largest field number protobuf allows.
pub const MAX_TAG: u32 = (1 << 29) - 1;

/// Writes `value` as a varint.
#[inline]
pub fn encode_varint<B: BufMut>(mut value: u64, buf: &mut B) {
    while value >= 0x80 {
        buf.put_u8((value as u8) | 0x80);
        value >>= 7;
    }
    buf.put_u8(value as u8);
}

/// The number of bytes `value` takes as a varint (1 to 10).
#[inline]
pub const fn varint_len(value: u64) -> usize {
    // Every 7 significant bits take a byte; zero takes one byte.
    (((64 - (value | 1).leading_zeros()) * 9 + 64) / 64) as usize
}

/// Writes a field key: the field number and the wire type.
#[inline]
pub fn encode_key<B: BufMut>(tag: u32, wire_type: WireType, buf: &mut B) {
    encode_varint((u64::from(tag) << 3) | wire_type as u64, buf);
}

/// The number of bytes a field key takes.
#[inline]
pub const fn key_len(tag: u32) -> usize {
    varint_len((tag as u64) << 3)
}

/// Limits that protect a decoder from hostile input.
///
/// The defaults suit messages from untrusted peers: 100 levels of nesting (prost's limit),
/// 64 MiB of input, and 1,048,576 items in any one list or map. Lengths are checked against the
/// bytes actually left before anything is allocated whatever the limits, so the limits bound
/// what a well-formed but hostile message can make the decoder build: a list of a million empty
/// messages costs two bytes each on the wire and the size of the Rust struct each in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// How deeply messages may nest (a message inside a message counts one level).
    pub max_depth: u32,
    /// The largest input accepted, in bytes.
    pub max_message_size: usize,
    /// The most items one list or map may hold (over all occurrences of the field).
    pub max_collection_len: usize,
}

impl Default for DecodeOptions {
    fn default() -> DecodeOptions {
        DecodeOptions {
            max_depth: 100,
            max_message_size: 64 << 20,
            max_collection_len: 1 << 20,
        }
    }
}

impl DecodeOptions {
    /// Sets the nesting limit.
    pub fn max_depth(mut self, depth: u32) -> DecodeOptions {
        self.max_depth = depth;
        self
    }

    /// Sets the largest input accepted, in bytes.
    pub fn max_message_size(mut self, bytes: usize) -> DecodeOptions {
        self.max_message_size = bytes;
        self
    }

    /// Sets the most items one list or map may hold.
    pub fn max_collection_len(mut self, items: usize) -> DecodeOptions {
        self.max_collection_len = items;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_len_matches_encoding() {
        for value in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
            1 << 63,
        ] {
            let mut buf = Vec::new();
            encode_varint(value, &mut buf);
            assert_eq!(buf.len(), varint_len(value), "{value}");
        }
    }
}

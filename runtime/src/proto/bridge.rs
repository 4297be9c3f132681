//! The bridge to `prost::Message`: generated types implement prost's trait by delegating to
//! Trident's encoder and decoder, so they work with tonic and the rest of the prost ecosystem.

use bytes::Buf;

use super::{DecodeOptions, ProtoMessage, Reader, WireType};

/// `prost::Message::merge_field` for a Trident message: decodes the field's value with
/// Trident's decoder.
///
/// prost hands over a `Buf` positioned at the field's value. When the buffer is contiguous (a
/// slice, `Bytes`, `BytesMut`: everything prost and tonic decode from), the value is decoded in
/// place. Otherwise just this field's bytes are first copied out, so the result is the same.
pub fn merge_field<M: ProtoMessage>(
    message: &mut M,
    tag: u32,
    wire_type: prost::encoding::WireType,
    buf: &mut impl Buf,
) -> Result<(), prost::DecodeError> {
    let wire_type = match WireType::from_bits(wire_type as u8) {
        Some(w) => w,
        None => return Err(to_prost("invalid wire type".into())),
    };
    if buf.chunk().len() == buf.remaining() {
        let mut reader = Reader::new(buf.chunk(), DecodeOptions::default());
        let result = message.merge_field(tag, wire_type, &mut reader);
        let consumed = reader.position();
        result.map_err(|e| to_prost(e.to_string()))?;
        buf.advance(consumed);
        return Ok(());
    }
    let field = copy_field(wire_type, buf)?;
    let mut reader = Reader::new(&field, DecodeOptions::default());
    message
        .merge_field(tag, wire_type, &mut reader)
        .map_err(|e| to_prost(e.to_string()))
}

/// Copies one field value (with its length prefix) out of a non-contiguous buffer.
fn copy_field(wire_type: WireType, buf: &mut impl Buf) -> Result<Vec<u8>, prost::DecodeError> {
    let mut out = Vec::new();
    match wire_type {
        WireType::Varint => {
            let value = prost::encoding::decode_varint(buf)?;
            super::encode_varint(value, &mut out);
        }
        WireType::Fixed32 | WireType::Fixed64 => {
            let n = if wire_type == WireType::Fixed32 { 4 } else { 8 };
            if buf.remaining() < n {
                return Err(to_prost("input ends in the middle of a value".into()));
            }
            out.resize(n, 0);
            buf.copy_to_slice(&mut out);
        }
        WireType::LengthDelimited => {
            let len = prost::encoding::decode_varint(buf)?;
            let len = usize::try_from(len)
                .ok()
                .filter(|&len| len <= buf.remaining())
                .ok_or_else(|| to_prost("declared length exceeds the bytes left".into()))?;
            super::encode_varint(len as u64, &mut out);
            let start = out.len();
            out.resize(start + len, 0);
            buf.copy_to_slice(&mut out[start..]);
        }
        WireType::StartGroup | WireType::EndGroup => {
            return Err(to_prost("groups are not supported".into()));
        }
    }
    Ok(out)
}

#[allow(deprecated)] // prost offers no other way to build a DecodeError with a description.
fn to_prost(description: String) -> prost::DecodeError {
    prost::DecodeError::new(description)
}

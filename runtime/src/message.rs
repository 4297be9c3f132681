//! The trait every generated record and union implements: one API over every format.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::avro::{AvroOptions, AvroReader, AvroValue};
use crate::error::DecodeError;
use crate::json::{JsonCodec, JsonOptions};
use crate::proto::{DecodeOptions, ProtoMessage, Reader, with_lengths};

/// A generated record or union.
///
/// Encoding appends to a caller's buffer, so one buffer can be reused for many messages;
/// decoding takes a slice and returns an owned value or a [`DecodeError`] that says where the
/// input went wrong. The type also implements `prost::Message` (for tonic and the prost
/// ecosystem) and serde's `Serialize`/`Deserialize` (with Trident's JSON mapping).
pub trait Message:
    ProtoMessage
    + AvroValue
    + JsonCodec
    + prost::Message
    + Serialize
    + DeserializeOwned
    + Clone
    + Debug
    + PartialEq
    + Default
    + Send
    + Sync
    + 'static
{
    /// The fully qualified schema name, such as `acme.shop.Order`.
    const FULL_NAME: &'static str;

    /// The schema name without its package, such as `Order`.
    const NAME: &'static str;

    /// The type's Avro schema as JSON, with every named type it uses defined inside it (the
    /// same schema `trident export avro` writes).
    const AVRO_SCHEMA: &'static str;

    /// The type's Avro schema, parsed, with its canonical form and fingerprint.
    fn avro_type_schema() -> &'static crate::avro::TypeSchema;

    /// The CRC-64-AVRO (Rabin) fingerprint of the type's Avro schema.
    fn avro_fingerprint() -> u64 {
        Self::avro_type_schema().fingerprint
    }

    /// Appends the Avro single-object encoding (`C3 01`, the schema fingerprint, the value).
    fn encode_avro_single_object(&self, buf: &mut Vec<u8>) {
        crate::avro::encode_single_object(self, buf);
    }

    /// Decodes an Avro single-object encoding, resolving from the writer's schema (looked up in
    /// `store` by fingerprint) when it is not this type's.
    fn from_avro_single_object(
        bytes: &[u8],
        store: &crate::avro::SchemaStore,
    ) -> Result<Self, DecodeError> {
        crate::avro::decode_single_object(bytes, store)
    }

    /// Decodes Avro bytes written with `writer`'s schema, resolving it against this type's. To
    /// decode many values written with one schema, an [`AvroDecoder`](crate::AvroDecoder) works
    /// the resolution out once.
    fn from_avro_written_with(
        bytes: &[u8],
        writer: &crate::avro::Schema,
    ) -> Result<Self, DecodeError> {
        let decoder = crate::avro::AvroDecoder::<Self>::new(writer).map_err(|e| {
            DecodeError::new(
                crate::Format::Avro,
                crate::DecodeErrorKind::InvalidValue(format!(
                    "cannot resolve the writer's schema: {e}"
                )),
                None,
            )
            .with_root(Self::NAME)
        })?;
        decoder.decode(bytes)
    }

    /// Appends the Avro binary encoding (for this type's own schema) to `buf`.
    fn encode_avro(&self, buf: &mut Vec<u8>) {
        AvroValue::write_avro(self, buf);
    }

    /// The Avro binary encoding.
    fn to_avro(&self) -> Vec<u8> {
        let mut buf = Vec::new();
        AvroValue::write_avro(self, &mut buf);
        buf
    }

    /// Decodes Avro bytes written with this type's own schema (the whole input is one value).
    fn from_avro(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::from_avro_with(bytes, AvroOptions::default())
    }

    /// Decodes Avro bytes written with this type's own schema, with the given limits.
    fn from_avro_with(bytes: &[u8], options: AvroOptions) -> Result<Self, DecodeError> {
        options
            .check_size(bytes)
            .map_err(|e| e.with_root(Self::NAME))?;
        let mut reader = AvroReader::new(bytes, options);
        let value =
            <Self as AvroValue>::read_avro(&mut reader).map_err(|e| e.with_root(Self::NAME))?;
        reader.finish().map_err(|e| e.with_root(Self::NAME))?;
        Ok(value)
    }

    /// Appends the protobuf encoding to `buf`.
    ///
    /// The value is measured once, recording the length of every nested message, and then
    /// written with those lengths, so deep values are not measured again at every level.
    fn encode_protobuf(&self, buf: &mut Vec<u8>) {
        with_lengths(self, |len, lens| {
            buf.reserve(len);
            self.encode_fields_in(buf, lens);
        });
    }

    /// The protobuf encoding.
    fn to_protobuf(&self) -> Vec<u8> {
        with_lengths(self, |len, lens| {
            let mut buf = Vec::with_capacity(len);
            self.encode_fields_in(&mut buf, lens);
            buf
        })
    }

    /// The length of the protobuf encoding, in bytes.
    fn protobuf_len(&self) -> usize {
        self.fields_len()
    }

    /// Decodes protobuf bytes with the default limits.
    fn from_protobuf(bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::from_protobuf_with(bytes, DecodeOptions::default())
    }

    /// Decodes protobuf bytes with the given limits.
    fn from_protobuf_with(bytes: &[u8], options: DecodeOptions) -> Result<Self, DecodeError> {
        let mut message = Self::default();
        message.merge_protobuf_with(bytes, options)?;
        Ok(message)
    }

    /// Merges protobuf bytes into `self`, as protobuf merges: set fields replace scalars,
    /// extend lists and maps, and merge into messages.
    fn merge_protobuf_with(
        &mut self,
        bytes: &[u8],
        options: DecodeOptions,
    ) -> Result<(), DecodeError> {
        DecodeError::check_size(
            crate::Format::Protobuf,
            bytes.len(),
            options.max_message_size,
        )
        .map_err(|e| e.with_root(Self::NAME))?;
        Reader::new(bytes, options)
            .merge_fields(self)
            .map_err(|e| e.with_root(Self::NAME))
    }

    /// Appends the JSON encoding to `buf`.
    fn encode_json(&self, buf: &mut Vec<u8>) {
        self.write_json(buf);
    }

    /// The JSON encoding.
    fn to_json(&self) -> String {
        let mut buf = Vec::new();
        self.write_json(&mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }

    /// Decodes JSON text with the default limits.
    fn from_json(text: &str) -> Result<Self, DecodeError> {
        crate::json::read(text.as_bytes(), Self::NAME, JsonOptions::default())
    }

    /// Decodes JSON bytes (which must be UTF-8) with the default limits.
    fn from_json_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        crate::json::read(bytes, Self::NAME, JsonOptions::default())
    }

    /// Decodes JSON bytes (which must be UTF-8) with the given limits.
    fn from_json_slice_with(bytes: &[u8], options: JsonOptions) -> Result<Self, DecodeError> {
        crate::json::read(bytes, Self::NAME, options)
    }
}

//! Decoding Avro data written with another schema, and single-object encoding.

use std::marker::PhantomData;

use super::binary::{AvroOptions, AvroReader};
use super::resolve::{Resolution, ResolveError};
use super::schema::{Schema, SchemaStore};
use super::value::AvroValue;
use crate::error::{DecodeError, DecodeErrorKind, Format};
use crate::message::Message;

/// A type's parsed Avro schema, its Parsing Canonical Form and its fingerprint, computed once.
#[derive(Debug)]
pub struct TypeSchema {
    /// The parsed schema.
    pub schema: Schema,
    /// Parsing Canonical Form.
    pub canonical_form: String,
    /// CRC-64-AVRO (Rabin) fingerprint of the canonical form.
    pub fingerprint: u64,
}

impl TypeSchema {
    /// Parses a schema Trident generated.
    ///
    /// # Panics
    /// If the schema does not parse, which would be a bug in Trident's generator (every
    /// generated schema is parsed by the test suite).
    pub fn new(json: &str) -> TypeSchema {
        let schema = Schema::parse_str(json).unwrap_or_else(|e| {
            panic!("Trident generated an Avro schema that does not parse: {e}")
        });
        TypeSchema {
            canonical_form: schema.canonical_form(),
            fingerprint: schema.fingerprint(),
            schema,
        }
    }
}

/// Decodes values of `T` written with a given writer's schema: the resolution is worked out
/// once, and values written with `T`'s own schema take the direct path.
#[derive(Debug)]
pub struct AvroDecoder<T: Message> {
    resolution: Option<Resolution>,
    options: AvroOptions,
    _type: PhantomData<fn() -> T>,
}

impl<T: Message> AvroDecoder<T> {
    /// A decoder for data written with `writer`; fails when the schemas cannot be resolved.
    pub fn new(writer: &Schema) -> Result<Self, ResolveError> {
        let reader = T::avro_type_schema();
        let resolution = if writer.fingerprint() == reader.fingerprint {
            None
        } else {
            Some(Resolution::new(writer, &reader.schema)?)
        };
        Ok(AvroDecoder {
            resolution,
            options: AvroOptions::default(),
            _type: PhantomData,
        })
    }

    /// A decoder for data written with the schema that has `fingerprint` in `store` (as
    /// schema registries identify schemas); `None` when the store does not know it.
    pub fn for_fingerprint(
        fingerprint: u64,
        store: &SchemaStore,
    ) -> Option<Result<Self, ResolveError>> {
        if fingerprint == T::avro_type_schema().fingerprint {
            return Some(Ok(AvroDecoder {
                resolution: None,
                options: AvroOptions::default(),
                _type: PhantomData,
            }));
        }
        store.get(fingerprint).map(Self::new)
    }

    /// Uses the given limits.
    pub fn with_options(mut self, options: AvroOptions) -> Self {
        self.options = options;
        self
    }

    /// Whether the writer's schema differs from `T`'s (so values are resolved).
    pub fn resolves(&self) -> bool {
        self.resolution.is_some()
    }

    /// Decodes one value (the whole input).
    pub fn decode(&self, bytes: &[u8]) -> Result<T, DecodeError> {
        decode_with(self.resolution.as_ref(), bytes, self.options).map_err(|e| e.with_root(T::NAME))
    }
}

fn decode_with<T: AvroValue>(
    resolution: Option<&Resolution>,
    bytes: &[u8],
    options: AvroOptions,
) -> Result<T, DecodeError> {
    options.check_size(bytes)?;
    let mut reader = AvroReader::new(bytes, options);
    match resolution {
        None => {
            let value = T::read_avro(&mut reader)?;
            reader.finish()?;
            Ok(value)
        }
        Some(resolution) => {
            let mut resolved = Vec::new();
            resolution.transcode(&mut reader, &mut resolved)?;
            reader.finish()?;
            let mut resolved_reader = AvroReader::new(&resolved, options);
            let value = T::read_avro(&mut resolved_reader).map_err(DecodeError::without_offset)?;
            resolved_reader
                .finish()
                .map_err(DecodeError::without_offset)?;
            Ok(value)
        }
    }
}

/// The two bytes that start every single-object encoding.
pub const SINGLE_OBJECT_MARKER: [u8; 2] = [0xC3, 0x01];

/// Appends the single-object encoding of `value`: marker, fingerprint, value.
pub fn encode_single_object<T: Message>(value: &T, buf: &mut Vec<u8>) {
    buf.extend_from_slice(&SINGLE_OBJECT_MARKER);
    buf.extend_from_slice(&T::avro_type_schema().fingerprint.to_le_bytes());
    AvroValue::write_avro(value, buf);
}

/// Decodes a single-object encoding. Values written with `T`'s own schema are decoded
/// directly; others are resolved from the writer's schema, looked up in `store` by fingerprint.
pub fn decode_single_object<T: Message>(
    bytes: &[u8],
    store: &SchemaStore,
) -> Result<T, DecodeError> {
    let error = |offset: usize, message: String| {
        DecodeError::new(
            Format::Avro,
            DecodeErrorKind::InvalidValue(message),
            Some(offset),
        )
        .with_root(T::NAME)
    };
    let Some(header) = bytes.get(..10) else {
        return Err(
            DecodeError::new(Format::Avro, DecodeErrorKind::Truncated, Some(bytes.len()))
                .with_root(T::NAME),
        );
    };
    if header[..2] != SINGLE_OBJECT_MARKER {
        return Err(error(
            0,
            "not a single-object encoding (no C3 01 marker)".to_string(),
        ));
    }
    let mut fingerprint = [0; 8];
    fingerprint.copy_from_slice(&header[2..10]);
    let fingerprint = u64::from_le_bytes(fingerprint);
    let body = &bytes[10..];
    let own = T::avro_type_schema();
    if fingerprint == own.fingerprint {
        return decode_with::<T>(None, body, AvroOptions::default())
            .map_err(|e| e.with_root(T::NAME));
    }
    let writer = store.get(fingerprint).ok_or_else(|| {
        error(
            2,
            format!("no schema with fingerprint {fingerprint:016x} is known"),
        )
    })?;
    let resolution = Resolution::new(writer, &own.schema)
        .map_err(|e| error(2, format!("cannot resolve the writer's schema: {e}")))?;
    decode_with::<T>(Some(&resolution), body, AvroOptions::default())
        .map_err(|e| e.with_root(T::NAME))
}

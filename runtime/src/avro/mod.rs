//! Avro binary encoding, written directly against the specification: generated types implement
//! [`AvroValue`] and encode and decode without an intermediate value tree. Data written with
//! another schema is first resolved against the reader's schema (see `resolve`).

pub mod binary;
pub mod container;
mod decoder;
pub mod resolve;
pub mod schema;
pub mod value;

pub use binary::{AvroOptions, AvroReader, encode_bytes, encode_long};
pub use container::{Codec, ContainerOptions, ContainerReader, ContainerWriter};
pub use decoder::{
    AvroDecoder, SINGLE_OBJECT_MARKER, TypeSchema, decode_single_object, encode_single_object,
};
pub use resolve::{Resolution, ResolveError};
pub use schema::{Schema, SchemaError, SchemaStore};
pub use value::{AvroValue, bad_branch, bad_symbol, read_enum_index};

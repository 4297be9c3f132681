//! The per-format schema models of a checked Trident schema.
//!
//! [`avro`] turns every record, enum and union into a self-contained Avro schema (`.avsc`).
//! [`protobuf`] lowers a [`trident_idl::Schema`] to protobuf file descriptors (one file per
//! package) and prints them as `.proto` text. The exporters and the compatibility checker work on
//! these models, so what they say is about what really goes over the wire.

pub mod avro;
pub mod protobuf;

//! The per-format schema models of a checked Trident schema.
//!
//! [`avro`] turns every record, enum and union into a self-contained Avro schema (`.avsc`).
//! [`protobuf`] lowers a [`trident_idl::Schema`] to protobuf file descriptors (one file per
//! package) and prints them as `.proto` text. The exporters and the compatibility checker work on
//! these models, so what they say is about what really goes over the wire.
//!
//! `dynamic` (behind the feature of that name) encodes values of any record or union, given as
//! JSON, to the JSON, protobuf and Avro bytes the generated code would write, driven by the
//! schema alone (`trident size`).
//!
//! `import` (behind the feature of that name) converts Avro schemas (`.avsc`) to `.tri` files
//! (`trident import`).

pub mod avro;
#[cfg(feature = "dynamic")]
pub mod dynamic;
#[cfg(feature = "import")]
pub mod import;
pub mod protobuf;

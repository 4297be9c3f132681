//! A schema-driven encoder: values of any record or union, given as JSON in Trident's JSON
//! mapping, encoded to exactly the bytes the generated Rust code writes, without compiling it.
//!
//! [`encode`] takes the checked model, the id of a record or union and a [`serde_json::Value`];
//! [`encode_document`] does the same for a [`Document`] parsed from text, which also knows which
//! objects named a key twice. Both first *check* the value against the type, reading it as the
//! generated `Deserialize` impls read JSON (`value.rs`), into a typed value; then three encoders
//! walk that value next to the schema: `json.rs` (what `to_json()` writes), `protobuf.rs`
//! (`to_protobuf()`) and `avro.rs` (`to_avro()`). `trident size` is built on this, and the
//! workspace tests prove the three outputs byte-identical to the generated code's on random
//! values of every record and union of the example schemas.
//!
//! # How the generated code is mirrored
//!
//! The built-in types go through the runtime's own codecs (the `JsonCodec`, `ProtoValue` and
//! `AvroValue` impls of `bool`, the integers, floats, `String`, `Vec<u8>`, `Timestamp`, `Date` and
//! `Uuid` under `trident::__private`), so integer ranges and decimal strings, `"NaN"` and the
//! infinities, both base64 alphabets, RFC 3339, dates, UUID forms, float formatting, varints and
//! zig-zag are the runtime's by construction. Records, enums, unions, lists, maps and optionals,
//! which the generated code spells out per type, are mirrored here rule by rule:
//!
//! - **Reading JSON.** A record is an object; unknown keys are ignored whatever they hold; a key
//!   of a field given twice is an error. A required field (no default, not optional, list or
//!   map) that is missing is an error naming it; present and `null` it is an error of its type.
//!   A field with a default takes it when missing or `null`; an `optional` field is `None` when
//!   missing or `null`; lists and maps are empty when missing or `null`. An enum is its symbol
//!   or its number, and an unknown symbol or number is the value numbered 0; floats and other
//!   JSON types are errors. A union is an object with exactly one key, a variant name (none, an
//!   unknown first key or a second key are errors). A map is an object whose keys may not
//!   repeat; a list is an array.
//! - **JSON.** Record fields in declaration order, `None` optionals left out; defaults and empty
//!   collections written; a union as `{"variant": value}`; map entries in the order they were
//!   read (the generated code writes its map's iteration order; sizes do not depend on it).
//! - **Protobuf.** Fields in number order, each carried as [`crate::protobuf::presence`] says:
//!   implicit fields skipped when they hold protobuf's default (a `uuid` never does), explicit
//!   and message fields always written (optional ones when set), lists written when not empty
//!   (numbers, bools, enums and dates packed), maps as one entry message per key with a default
//!   key or value left out (a message value is "default" when it encodes to no bytes). A union
//!   is a message whose one variant is always written; enums are `int32` varints.
//! - **Avro.** Record fields in declaration order; an enum as its index in declaration order; a
//!   union as its variant's index and value; `optional<T>` as branch 0 (null) or 1, and
//!   `optional` of a union as one flat union (`1 +` the variant's index); lists and maps as one
//!   block followed by the end marker (just the marker when empty).
//!
//! Errors are [`EncodeError`]s holding the path of the offending value (`.items[2].sku`, map
//! keys as `["key"]`, `.` for the value itself) and the message the generated decoder gives. The
//! checker never panics on input: nesting is bounded by `serde_json`'s recursion limit (128) when
//! the value is parsed. That limit is the one difference in what is accepted: the generated
//! decoder skips the text of unknown fields without that limit, while a [`Document`] parses
//! everything, so an unknown field nested more than 128 levels deep is an error here only.

mod avro;
mod document;
mod json;
mod protobuf;
mod value;

use std::fmt;

use trident_idl::Schema;
use trident_idl::model::{TypeId, TypeKind};

pub use document::Document;

/// The encodings of one value, as the generated code writes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Encoded {
    /// Trident's compact JSON (`to_json()`).
    pub json: Vec<u8>,
    /// The protobuf encoding (`to_protobuf()`).
    pub protobuf: Vec<u8>,
    /// The Avro binary encoding for the type's own schema (`to_avro()`).
    pub avro: Vec<u8>,
}

/// A value that does not fit its type, with the path to the offending part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError {
    path: String,
    message: String,
}

impl EncodeError {
    pub(crate) fn new(path: &[Segment], message: impl Into<String>) -> EncodeError {
        EncodeError {
            path: path_string(path),
            message: message.into(),
        }
    }

    /// Where the problem is: `.items[2].sku`, `.labels["key"]`, or `.` for the value itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong, in the words of the generated decoder.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.message)
    }
}

impl std::error::Error for EncodeError {}

/// One step of a path into a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    /// A record field or a union variant: `.name`.
    Field(String),
    /// A map key: `["key"]`.
    Key(String),
    /// A list element: `[3]`.
    Index(usize),
}

impl Segment {
    /// The object key or array index this step reads, whatever it means in the schema.
    fn raw(&self) -> (&str, usize) {
        match self {
            Segment::Field(key) | Segment::Key(key) => (key, usize::MAX),
            Segment::Index(index) => ("", *index),
        }
    }
}

fn path_string(path: &[Segment]) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            Segment::Key(key) => {
                let quoted = serde_json::to_string(key).unwrap_or_default();
                out.push('[');
                out.push_str(&quoted);
                out.push(']');
            }
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// Checks `value` against the record or union `ty` and encodes it as the generated code does.
///
/// A `serde_json::Value` cannot hold an object that names a key twice, so the generated code's
/// errors for duplicate fields and map keys can only be raised for a [`Document`]; see
/// [`encode_document`].
pub fn encode(
    schema: &Schema,
    ty: TypeId,
    value: &serde_json::Value,
) -> Result<Encoded, EncodeError> {
    encode_checked(schema, ty, value, &document::Duplicates::default())
}

/// [`encode`] for a value parsed from text, with the generated code's errors for keys given
/// twice (in records and maps; in unions a second key of any name is an error).
pub fn encode_document(
    schema: &Schema,
    ty: TypeId,
    document: &Document,
) -> Result<Encoded, EncodeError> {
    encode_checked(schema, ty, document.value(), document.duplicates())
}

fn encode_checked(
    schema: &Schema,
    ty: TypeId,
    value: &serde_json::Value,
    duplicates: &document::Duplicates,
) -> Result<Encoded, EncodeError> {
    let def = schema
        .types()
        .get(ty.index())
        .ok_or_else(|| EncodeError::new(&[], "the type id is not in the schema"))?;
    if let TypeKind::Enum(_) = def.kind {
        return Err(EncodeError::new(
            &[],
            format!(
                "`{}` is an enum; only records and unions are messages",
                def.full_name()
            ),
        ));
    }
    let checked = value::check(schema, ty, value, duplicates)?;
    Ok(Encoded {
        json: json::encode(schema, ty, &checked)?,
        protobuf: protobuf::encode(schema, ty, &checked)?,
        avro: avro::encode(schema, ty, &checked)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_jq_with_map_keys_quoted() {
        assert_eq!(path_string(&[]), ".");
        let path = [
            Segment::Field("items".into()),
            Segment::Index(2),
            Segment::Field("labels".into()),
            Segment::Key("a \"b\"".into()),
        ];
        assert_eq!(path_string(&path), r#".items[2].labels["a \"b\""]"#);
        let e = EncodeError::new(&path[..1], "missing field `sku`");
        assert_eq!(e.to_string(), "at .items: missing field `sku`");
    }
}

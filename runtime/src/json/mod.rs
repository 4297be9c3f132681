//! Trident's JSON mapping, on serde.
//!
//! Every type a field can have implements [`JsonCodec`]: records and unions through their
//! generated serde impls, and the built-in types here — 64-bit and 32-bit integers written as
//! numbers and also read from decimal strings, floats with `"NaN"`, `"Infinity"` and
//! `"-Infinity"`, bytes as base64, timestamps as RFC 3339, dates as `YYYY-MM-DD`. Generated
//! serde impls wrap field values in [`Ser`] and [`De`] to use these encodings.
//!
//! [`Message`](crate::Message)'s JSON methods take a faster road to the same text: every
//! [`JsonCodec`] also writes itself straight into a byte buffer ([`JsonCodec::write_json`],
//! byte for byte what serde_json writes through the serde impls) and reads itself with the
//! direct [`JsonReader`] ([`JsonCodec::read_json`]), which leaves any input it does not take to
//! the serde path. See the [`read`](self::read) module for the rule that keeps the two paths
//! one decoder.

mod impls;
pub mod read;
pub mod write;

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{Serialize, Serializer};

use crate::error::{DecodeError, DecodeErrorKind, Format, PathSegment};
pub use read::{Declined, JsonReader, Number, Read};

/// Limits for JSON decoding.
///
/// The defaults: 64 MiB of input and 1,048,576 items in any one list or map. Nesting is bounded
/// by serde_json at 128 levels of arrays and objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JsonOptions {
    /// The largest input accepted, in bytes.
    pub max_message_size: usize,
    /// The most items one list or map may hold.
    pub max_collection_len: usize,
}

impl Default for JsonOptions {
    fn default() -> JsonOptions {
        JsonOptions {
            max_message_size: 64 << 20,
            max_collection_len: DEFAULT_MAX_COLLECTION_LEN,
        }
    }
}

impl JsonOptions {
    /// Sets the largest input accepted, in bytes.
    pub fn max_message_size(mut self, bytes: usize) -> JsonOptions {
        self.max_message_size = bytes;
        self
    }

    /// Sets the most items one list or map may hold.
    pub fn max_collection_len(mut self, items: usize) -> JsonOptions {
        self.max_collection_len = items;
        self
    }
}

const DEFAULT_MAX_COLLECTION_LEN: usize = 1 << 20;

thread_local! {
    /// The collection limit of the decode running on this thread. serde gives deserializers no
    /// context, so the limit travels here; serde impls used on their own get the default.
    static MAX_COLLECTION_LEN: Cell<usize> = const { Cell::new(DEFAULT_MAX_COLLECTION_LEN) };
}

/// Sets the thread's collection limit until dropped, then restores the previous one.
struct LimitGuard(usize);

impl LimitGuard {
    fn set(limit: usize) -> LimitGuard {
        // While the thread is being torn down the cell may be gone; then the default applies.
        LimitGuard(
            MAX_COLLECTION_LEN
                .try_with(|cell| cell.replace(limit))
                .unwrap_or(DEFAULT_MAX_COLLECTION_LEN),
        )
    }
}

impl Drop for LimitGuard {
    fn drop(&mut self) {
        let _ = MAX_COLLECTION_LEN.try_with(|cell| cell.set(self.0));
    }
}

/// Fails when a list or map that holds `len` items would take one more.
pub(crate) fn check_collection_len<E: de::Error>(len: usize) -> Result<(), E> {
    let limit = MAX_COLLECTION_LEN
        .try_with(Cell::get)
        .unwrap_or(DEFAULT_MAX_COLLECTION_LEN);
    if len < limit {
        Ok(())
    } else {
        Err(E::custom(format_args!(
            "list or map holds more than {limit} items"
        )))
    }
}

/// A type with a JSON encoding in Trident's mapping.
pub trait JsonCodec: Sized {
    /// Writes the value.
    fn serialize_json<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value.
    fn deserialize_json<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    /// Appends the value's JSON text to `out`: the text [`serialize_json`](Self::serialize_json)
    /// gives serde_json, written directly.
    fn write_json(&self, out: &mut Vec<u8>);
    /// Reads a value with the direct reader; [`Declined`] leaves the document to the serde path.
    fn read_json(reader: &mut JsonReader<'_>) -> Read<Self>;
}

/// Serializes a borrowed value with its [`JsonCodec`] encoding.
pub struct Ser<'a, T>(pub &'a T);

impl<T: JsonCodec> Serialize for Ser<'_, T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_json(serializer)
    }
}

/// Deserializes a value with its [`JsonCodec`] encoding.
pub struct De<T>(pub T);

impl<'de, T: JsonCodec> Deserialize<'de> for De<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_json(deserializer).map(De)
    }
}

/// An object key, borrowed from the input when it holds no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// The error for an object that names a field twice.
pub fn duplicate_field<E: de::Error>(field: &str) -> E {
    E::custom(format_args!("duplicate field `{field}`"))
}

/// The error for a required field that is missing (or `null`).
pub fn missing_field<E: de::Error>(field: &str) -> E {
    E::custom(format_args!("missing field `{field}`"))
}

/// The error for a union object without exactly one variant.
pub fn union_arity<E: de::Error>(union: &str, found: Option<&str>) -> E {
    match found {
        None => E::custom(format_args!(
            "union `{union}` needs exactly one variant, found none"
        )),
        Some(second) => E::custom(format_args!(
            "union `{union}` holds exactly one variant, found a second key `{second}`"
        )),
    }
}

/// Reads a whole JSON document (trailing whitespace allowed) as a `T`.
///
/// The direct reader reads it first. When it declines, serde_json reads the document without
/// path tracking, and only when that fails too is it read once more with the path recorded, to
/// say where the error is.
pub(crate) fn read<T: DeserializeOwned + JsonCodec>(
    bytes: &[u8],
    root: &'static str,
    options: JsonOptions,
) -> Result<T, DecodeError> {
    if bytes.len() > options.max_message_size {
        return Err(DecodeError::new(
            Format::Json,
            DecodeErrorKind::MessageTooLarge {
                size: bytes.len(),
                limit: options.max_message_size,
            },
            None,
        )
        .with_root(root)
        .with_line_column(1, 1));
    }
    let mut reader = JsonReader::new(bytes, options.max_collection_len);
    if let Ok(value) = T::read_json(&mut reader)
        && reader.at_end()
    {
        return Ok(value);
    }
    read_serde(bytes, root, options)
}

/// [`read`] through the type's serde impls.
#[cold]
fn read_serde<T: DeserializeOwned>(
    bytes: &[u8],
    root: &'static str,
    options: JsonOptions,
) -> Result<T, DecodeError> {
    let _limit = LimitGuard::set(options.max_collection_len);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    if let Ok(value) = T::deserialize(&mut deserializer)
        && deserializer.end().is_ok()
    {
        return Ok(value);
    }
    read_with_path(bytes, root)
}

/// [`read`] with the path of every value recorded, for the error.
#[cold]
fn read_with_path<T: DeserializeOwned>(bytes: &[u8], root: &'static str) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let segments = e.path().iter().filter_map(segment).collect();
        from_json_error(e.inner(), root).push_segments(segments)
    })?;
    deserializer.end().map_err(|e| from_json_error(&e, root))?;
    Ok(value)
}

/// A path segment; serde_path_to_error's "unknown" ones (such as the place after a trailing
/// comma, where no key was read) are left out.
fn segment(s: &serde_path_to_error::Segment) -> Option<PathSegment> {
    Some(match s {
        serde_path_to_error::Segment::Seq { index } => PathSegment::Index(*index),
        serde_path_to_error::Segment::Map { key } => PathSegment::Field(key.clone()),
        serde_path_to_error::Segment::Enum { variant } => PathSegment::Field(variant.clone()),
        serde_path_to_error::Segment::Unknown => return None,
    })
}

fn from_json_error(e: &serde_json::Error, root: &'static str) -> DecodeError {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the position is kept separately.
    let message = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_string(),
        _ => text,
    };
    let error =
        DecodeError::new(Format::Json, DecodeErrorKind::Json(message), None).with_root(root);
    if e.line() > 0 {
        // serde_json says column 0 when it failed before reading a character of the line.
        error.with_line_column(e.line(), e.column().max(1))
    } else {
        error
    }
}

//! The one error type of decoding, in every format: what went wrong and where.

use std::fmt;

/// The wire formats Trident-generated types speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Trident's JSON mapping.
    Json,
    /// Protobuf binary encoding (proto3).
    Protobuf,
    /// Avro binary encoding.
    Avro,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Protobuf => "protobuf",
            Format::Avro => "Avro",
        })
    }
}

/// One step of the path from the top-level value to where decoding failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// A field of a record or a variant of a union, by its schema name.
    Field(String),
    /// An element of a list, by position.
    Index(usize),
    /// An entry of a map, by key.
    Key(String),
}

/// Why decoding failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended in the middle of a value.
    Truncated,
    /// A varint longer than ten bytes, or one that does not fit 64 bits.
    VarintOverflow,
    /// A length prefix or count larger than the bytes that are left.
    LengthExceedsInput {
        /// The declared length.
        declared: u64,
        /// The bytes actually left.
        remaining: usize,
    },
    /// A field encoded with a wire type its type cannot have.
    WrongWireType {
        /// The field number.
        tag: u32,
        /// The wire type found.
        found: u8,
    },
    /// A field key that is not valid (tag 0, tag too large, wire type 6 or 7, stray end-group).
    InvalidKey,
    /// A string that is not UTF-8.
    InvalidUtf8,
    /// Messages nested deeper than the decoder allows.
    DepthLimitExceeded {
        /// The limit in force.
        limit: u32,
    },
    /// An input larger than the decoder accepts.
    MessageTooLarge {
        /// The input's size in bytes.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A list or map with more items than the decoder accepts.
    TooManyItems {
        /// The limit in force.
        limit: usize,
    },
    /// A value that does not fit its type, such as a malformed UUID or an invalid timestamp.
    InvalidValue(String),
    /// A JSON document that does not match the type (syntax errors, wrong types, missing fields).
    Json(String),
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::Truncated => f.write_str("input ends in the middle of a value"),
            DecodeErrorKind::VarintOverflow => f.write_str("varint is longer than 64 bits"),
            DecodeErrorKind::LengthExceedsInput {
                declared,
                remaining,
            } => write!(
                f,
                "declared length {declared} exceeds the {remaining} {} left",
                if *remaining == 1 { "byte" } else { "bytes" }
            ),
            DecodeErrorKind::WrongWireType { tag, found } => {
                write!(
                    f,
                    "field {tag} has wire type {found}, which its type cannot have"
                )
            }
            DecodeErrorKind::InvalidKey => f.write_str("invalid field key"),
            DecodeErrorKind::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            DecodeErrorKind::DepthLimitExceeded { limit } => {
                write!(f, "values are nested more than {limit} levels deep")
            }
            DecodeErrorKind::MessageTooLarge { size, limit } => {
                write!(
                    f,
                    "input of {size} bytes exceeds the limit of {limit} bytes"
                )
            }
            DecodeErrorKind::TooManyItems { limit } => {
                write!(f, "list or map holds more than {limit} items")
            }
            DecodeErrorKind::InvalidValue(message) | DecodeErrorKind::Json(message) => {
                f.write_str(message)
            }
        }
    }
}

/// Decoding failed: the format, what went wrong, the field path, and where in the input.
///
/// The error is one pointer wide, so `Result<T, DecodeError>` stays small on the success path.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    format: Format,
    kind: DecodeErrorKind,
    /// Innermost segment first while the error travels outwards.
    path: Vec<PathSegment>,
    /// The type the path starts at, set by the top-level decode call.
    root: Option<&'static str>,
    offset: Option<usize>,
    line_column: Option<(usize, usize)>,
}

impl DecodeError {
    /// Fails when an input of `size` bytes is over `limit`: the error every format's
    /// `max_message_size` gives, at byte 0.
    pub(crate) fn check_size(format: Format, size: usize, limit: usize) -> Result<(), DecodeError> {
        if size > limit {
            return Err(DecodeError::new(
                format,
                DecodeErrorKind::MessageTooLarge { size, limit },
                Some(0),
            ));
        }
        Ok(())
    }

    /// An error in `format` at byte `offset` of the input.
    pub fn new(format: Format, kind: DecodeErrorKind, offset: Option<usize>) -> DecodeError {
        DecodeError(Box::new(Inner {
            format,
            kind,
            path: Vec::new(),
            root: None,
            offset,
            line_column: None,
        }))
    }

    /// The format that was being decoded.
    pub fn format(&self) -> Format {
        self.0.format
    }

    /// What went wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0.kind
    }

    /// The byte offset in the input where the problem was found, for binary formats.
    pub fn offset(&self) -> Option<usize> {
        self.0.offset
    }

    /// The 1-based line and column in the input, for JSON.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        self.0.line_column
    }

    /// The path from the top-level value, outermost first.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> {
        self.0.path.iter().rev()
    }

    /// The path written out: `Order.items[2].sku`.
    pub fn path_string(&self) -> String {
        let mut out = String::from(self.0.root.unwrap_or(""));
        for segment in self.path() {
            match segment {
                PathSegment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
                PathSegment::Key(key) => out.push_str(&format!("[{key:?}]")),
            }
        }
        out
    }

    #[doc(hidden)]
    pub fn in_field(mut self, name: &str) -> DecodeError {
        self.0.path.push(PathSegment::Field(name.to_string()));
        self
    }

    #[doc(hidden)]
    pub fn at_index(mut self, index: usize) -> DecodeError {
        self.0.path.push(PathSegment::Index(index));
        self
    }

    #[doc(hidden)]
    pub fn at_key(mut self, key: &str) -> DecodeError {
        self.0.path.push(PathSegment::Key(key.to_string()));
        self
    }

    #[doc(hidden)]
    pub fn with_root(mut self, root: &'static str) -> DecodeError {
        self.0.root = Some(root);
        self
    }

    /// Drops the byte offset: for errors found in data Trident produced itself (a value
    /// resolved into the reader's schema), where it would not point into the caller's input.
    pub(crate) fn without_offset(mut self) -> DecodeError {
        self.0.offset = None;
        self
    }

    pub(crate) fn with_line_column(mut self, line: usize, column: usize) -> DecodeError {
        self.0.line_column = Some((line, column));
        self
    }

    pub(crate) fn push_segments(mut self, outermost_first: Vec<PathSegment>) -> DecodeError {
        self.0.path.extend(outermost_first.into_iter().rev());
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode {}", self.0.format)?;
        let path = self.path_string();
        if !path.is_empty() {
            write!(f, " at {path}")?;
        }
        write!(f, ": {}", self.0.kind)?;
        if let Some(offset) = self.0.offset {
            write!(f, " (byte {offset})")?;
        }
        if let Some((line, column)) = self.0.line_column {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("format", &self.0.format)
            .field("kind", &self.0.kind)
            .field("path", &self.path_string())
            .field("offset", &self.0.offset)
            .field("line_column", &self.0.line_column)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_outermost_first() {
        let e = DecodeError::new(Format::Protobuf, DecodeErrorKind::InvalidUtf8, Some(17))
            .in_field("sku")
            .at_index(2)
            .in_field("items")
            .with_root("Order");
        assert_eq!(e.path_string(), "Order.items[2].sku");
        assert_eq!(
            e.to_string(),
            "cannot decode protobuf at Order.items[2].sku: string is not valid UTF-8 (byte 17)"
        );
        assert_eq!(
            std::mem::size_of::<DecodeError>(),
            std::mem::size_of::<usize>()
        );
    }
}

//! The library behind the fuzz targets: Trident's generated types for the example and test
//! schemas, a way to pick one of them from an input byte ([`visit`]), the round-trip check every
//! decoder target applies to the values it decodes ([`check_value`]), the mutations of Avro
//! writer schemas that `avro_resolve` decodes with ([`writer_schema`]), the decoder targets
//! themselves ([`targets`]), and what the two checker targets share ([`checker`]).

// The example schemas deprecate some types and fields; the targets name them all.
#![allow(deprecated)]

pub mod checker;
pub mod targets;
pub mod writer_schema;

use trident::{DecodeError, Message};

/// Trident's types for `schemas/*.tri` and `tests/schemas/*.tri`.
#[allow(missing_docs, clippy::all)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

include!(concat!(env!("OUT_DIR"), "/types.rs"));

/// Something done with one generated type, chosen at run time by [`visit`].
pub trait Visit {
    /// What it gives back.
    type Output;
    /// Does it with `T`.
    fn visit<T: Message>(self) -> Self::Output;
}

/// The three encodings every generated type has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Protobuf binary.
    Protobuf,
    /// Avro binary, with the type's own schema.
    Avro,
    /// Trident's JSON.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Protobuf, Format::Avro, Format::Json];
}

/// `value` in `format`.
pub fn encode<T: Message>(value: &T, format: Format) -> Vec<u8> {
    match format {
        Format::Protobuf => value.to_protobuf(),
        Format::Avro => value.to_avro(),
        Format::Json => value.to_json().into_bytes(),
    }
}

/// Decodes `bytes` as `format`.
pub fn decode<T: Message>(bytes: &[u8], format: Format) -> Result<T, DecodeError> {
    match format {
        Format::Protobuf => T::from_protobuf(bytes),
        Format::Avro => T::from_avro(bytes),
        Format::Json => T::from_json_slice(bytes),
    }
}

/// Whether two values are the same: equal, or equal but for NaNs and the sign of zeros.
///
/// NaNs are never equal to themselves, so values holding one are compared as printed (every NaN
/// prints as `NaN`; the encodings, compared separately, tell NaNs apart bit by bit). Printed,
/// `-0.0` and `0.0` differ, but the comparison ignores the sign of a zero, as `==` on floats
/// does: the protobuf encoding, like prost's, leaves out a float field without presence that
/// holds `-0.0`, so the sign is lost by design (docs/fuzzing.md tells of the one case where that
/// was a bug).
pub fn same<T: Message>(a: &T, b: &T) -> bool {
    a == b || unsigned_zeros(&format!("{a:?}")) == unsigned_zeros(&format!("{b:?}"))
}

/// Two decoders of the same input agree: both fail, or both give the [`same`] value. `what`
/// names the two, as in "from_avro and AvroDecoder".
pub fn agree<T: Message, A: std::fmt::Debug, B: std::fmt::Debug>(
    what: &str,
    a: &Result<T, A>,
    b: &Result<T, B>,
) {
    match (a, b) {
        (Ok(a), Ok(b)) => assert!(same(a, b), "{what} disagree"),
        (Err(_), Err(_)) => {}
        _ => panic!(
            "{what} disagree: {:?} / {:?}",
            a.as_ref().err(),
            b.as_ref().err()
        ),
    }
}

/// `text` with every float `-0.0` printed as `0.0`.
fn unsigned_zeros(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("-0.0") {
        let after = &rest[at + 4..];
        let whole = !after.starts_with(|c: char| c.is_ascii_digit() || c == 'e');
        let before = &rest[..at];
        let in_number = before.ends_with(|c: char| c.is_ascii_digit() || c == 'e' || c == '.');
        out.push_str(before);
        out.push_str(if whole && !in_number { "0.0" } else { "-0.0" });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The checks on a value some decoder accepted. In every format, the value's encoding decodes
/// to the same value, and that value encodes to the same bytes; the protobuf length the encoder
/// predicts is the length it writes, and prost's `Message::encode` writes the same bytes.
///
/// # Panics
/// When one of these does not hold: that is the bug the targets look for.
pub fn check_value<T: Message>(value: &T) {
    for format in Format::ALL {
        let bytes = encode(value, format);
        let back: T = decode(&bytes, format).unwrap_or_else(|e| {
            panic!(
                "{}: the {format:?} encoding of a decoded value does not decode: {e}\nvalue: {value:?}\nbytes: {}",
                T::FULL_NAME,
                show(&bytes, format),
            )
        });
        assert!(
            same(value, &back),
            "{}: the {format:?} round trip changes the value\nbefore: {value:?}\nafter:  {back:?}\nbytes: {}",
            T::FULL_NAME,
            show(&bytes, format),
        );
        let again = encode(&back, format);
        assert!(
            again == bytes,
            "{}: the {format:?} encoding changes after a round trip\nvalue: {value:?}\nfirst:  {}\nsecond: {}",
            T::FULL_NAME,
            show(&bytes, format),
            show(&again, format),
        );
    }
    let protobuf = value.to_protobuf();
    assert_eq!(
        value.protobuf_len(),
        protobuf.len(),
        "{}: protobuf_len disagrees with the encoding\nvalue: {value:?}",
        T::FULL_NAME,
    );
    assert!(
        prost::Message::encode_to_vec(value) == protobuf,
        "{}: prost::Message::encode and to_protobuf write different bytes\nvalue: {value:?}",
        T::FULL_NAME,
    );
}

/// Bytes for a panic message: JSON as text, binary formats in hex.
fn show(bytes: &[u8], format: Format) -> String {
    match format {
        Format::Json => String::from_utf8_lossy(bytes).into_owned(),
        Format::Protobuf | Format::Avro => bytes.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

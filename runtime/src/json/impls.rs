//! [`JsonCodec`] for the built-in types, collections and logical types.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::BuildHasher;
use std::marker::PhantomData;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::read::{Declined, JsonReader, Number, Read};
use super::write::{write_display, write_float, write_int, write_str};
use super::{De, JsonCodec, Ser};
use crate::{Date, Timestamp, Uuid};

impl JsonCodec for bool {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*self)
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <bool as de::Deserialize>::deserialize(d)
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        r.bool()
    }
}

/// Integers: written as JSON numbers, read from numbers or decimal strings, range-checked.
struct IntVisitor<T>(PhantomData<T>);

macro_rules! int_impl {
    ($ty:ty, $serialize:ident, $name:literal) => {
        impl<'de> Visitor<'de> for IntVisitor<$ty> {
            type Value = $ty;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(
                    "an integer in the range of ",
                    $name,
                    " (a number or a decimal string)"
                ))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                <$ty>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                <$ty>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                v.parse::<$ty>()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
            /// `-0`, `1e2` and `3.0` are integers written with a sign, exponent or fraction;
            /// anything with a fractional part or out of range is not.
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                // Integral values below 1e30 convert to i128 exactly.
                if v.fract() == 0.0 && v.abs() < 1e30 {
                    if let Ok(x) = <$ty>::try_from(v as i128) {
                        return Ok(x);
                    }
                }
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }

        impl JsonCodec for $ty {
            #[inline]
            fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.$serialize(*self)
            }
            #[inline]
            fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IntVisitor::<$ty>(PhantomData))
            }
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) {
                write_int(out, *self);
            }
            /// Integers written as numbers or decimal strings (as proto3 JSON writes 64-bit
            /// ones), read as the visitor reads them; fractions and exponents are left to the
            /// serde path.
            #[inline]
            fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
                if r.peek() == Some(b'"') {
                    return r.str()?.parse::<$ty>().map_err(|_| Declined);
                }
                match r.number()? {
                    Number::U64(v) => <$ty>::try_from(v).map_err(|_| Declined),
                    Number::I64(v) => <$ty>::try_from(v).map_err(|_| Declined),
                    Number::F64(_) => Err(Declined),
                }
            }
        }
    };
}

int_impl!(i32, serialize_i32, "i32");
int_impl!(i64, serialize_i64, "i64");
int_impl!(u32, serialize_u32, "u32");
int_impl!(u64, serialize_u64, "u64");

/// Floats: numbers, with the non-finite values as the strings `"NaN"`, `"Infinity"` and
/// `"-Infinity"`; numeric strings are accepted too.
struct FloatVisitor<T>(PhantomData<T>);

fn special_float(v: &str) -> Option<f64> {
    match v {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

#[cold]
fn serialize_special_float<S: Serializer>(s: S, v: f64) -> Result<S::Ok, S::Error> {
    if v.is_nan() {
        s.serialize_str("NaN")
    } else if v == f64::INFINITY {
        s.serialize_str("Infinity")
    } else {
        s.serialize_str("-Infinity")
    }
}

/// The number a float's string stands for: `"NaN"`, `"Infinity"`, `"-Infinity"`, or a finite
/// decimal number.
fn float_text(v: &str) -> Option<f64> {
    special_float(v).or_else(|| v.parse::<f64>().ok().filter(|parsed| parsed.is_finite()))
}

macro_rules! float_impl {
    ($ty:ty, $serialize:ident, $name:literal) => {
        impl FloatVisitor<$ty> {
            /// `v` narrowed to the type, unless `v` is finite and out of its range.
            fn narrow(v: f64) -> Option<$ty> {
                let narrowed = v as $ty;
                (!v.is_finite() || narrowed.is_finite()).then_some(narrowed)
            }
        }

        impl<'de> Visitor<'de> for FloatVisitor<$ty> {
            type Value = $ty;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(
                    "a ",
                    $name,
                    " number, or \"NaN\", \"Infinity\" or \"-Infinity\""
                ))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                Self::narrow(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                Ok(v as $ty)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                Ok(v as $ty)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                match float_text(v) {
                    Some(number) => self.visit_f64(number),
                    None => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }

        impl JsonCodec for $ty {
            #[inline]
            fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let v = *self;
                if v.is_finite() {
                    s.$serialize(v)
                } else {
                    serialize_special_float(s, f64::from(v))
                }
            }
            #[inline]
            fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(FloatVisitor::<$ty>(PhantomData))
            }
            #[inline]
            fn write_json(&self, out: &mut Vec<u8>) {
                write_float(out, *self);
            }
            /// Numbers and strings, converted as the visitor converts what serde_json hands it.
            #[inline]
            fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
                let wide = if r.peek() == Some(b'"') {
                    float_text(&r.str()?).ok_or(Declined)?
                } else {
                    match r.number()? {
                        Number::U64(v) => return Ok(v as $ty),
                        Number::I64(v) => return Ok(v as $ty),
                        Number::F64(v) => v,
                    }
                };
                FloatVisitor::<$ty>::narrow(wide).ok_or(Declined)
            }
        }
    };
}

float_impl!(f32, serialize_f32, "f32");
float_impl!(f64, serialize_f64, "f64");

impl JsonCodec for String {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <String as de::Deserialize>::deserialize(d)
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        r.string()
    }
}

const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
const BASE64_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What is wrong with a base64 string, in words.
fn base64_problem(e: &base64::DecodeError) -> String {
    let character = |byte: u8| match char::from(byte) {
        c if c.is_ascii_graphic() => format!("`{c}`"),
        _ => format!("byte 0x{byte:02x}"),
    };
    match *e {
        base64::DecodeError::InvalidByte(at, byte) => {
            format!(
                "{} at character {at} is not a base64 digit",
                character(byte)
            )
        }
        base64::DecodeError::InvalidLength(len) => {
            format!("{len} base64 digits cannot encode whole bytes")
        }
        base64::DecodeError::InvalidLastSymbol(at, byte) => {
            format!(
                "the last digit, {} at character {at}, has bits set past the data",
                character(byte)
            )
        }
        base64::DecodeError::InvalidPadding => "the `=` padding is wrong".to_string(),
    }
}

/// Decodes base64 in the alphabet its digits show.
fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    let engine = if text.contains(['-', '_']) {
        &BASE64_URL_SAFE
    } else {
        &BASE64_STANDARD
    };
    engine.decode(text)
}

/// Bytes: standard base64 with padding; reading also takes the URL-safe alphabet and missing
/// padding.
impl JsonCodec for Vec<u8> {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&BASE64_STANDARD.encode(self))
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                decode_base64(v)
                    .map_err(|e| E::custom(format_args!("invalid base64: {}", base64_problem(&e))))
            }
        }
        d.deserialize_str(V)
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        out.extend_from_slice(BASE64_STANDARD.encode(self).as_bytes());
        out.push(b'"');
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        decode_base64(&r.str()?).map_err(|_| Declined)
    }
}

/// Logical types: strings in their text form.
macro_rules! text_impl {
    ($ty:ty, $expecting:literal) => {
        impl JsonCodec for $ty {
            fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
            fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
            fn write_json(&self, out: &mut Vec<u8>) {
                write_display(out, self);
            }
            fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
                r.str()?.parse().map_err(|_| Declined)
            }
        }
    };
}

text_impl!(Timestamp, "an RFC 3339 timestamp string");
text_impl!(Date, "a date string YYYY-MM-DD");
text_impl!(Uuid, "a UUID string");

impl<T: JsonCodec> JsonCodec for Box<T> {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_json(s)
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_json(d).map(Box::new)
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        (**self).write_json(out);
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        T::read_json(r).map(Box::new)
    }
}

/// `null` is `None`.
impl<T: JsonCodec> JsonCodec for Option<T> {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.serialize_json(s),
            None => s.serialize_none(),
        }
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Option<De<T>> as de::Deserialize>::deserialize(d).map(|v| v.map(|De(v)| v))
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_json(out),
            None => out.extend_from_slice(b"null"),
        }
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        if r.null() {
            Ok(None)
        } else {
            T::read_json(r).map(Some)
        }
    }
}

/// Lists: arrays.
impl<T: JsonCodec> JsonCodec for Vec<T> {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Ser(item))?;
        }
        seq.end()
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: JsonCodec> Visitor<'de> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // The hint comes from the input: trust it only up to a small bound.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(De(item)) = seq.next_element::<De<T>>()? {
                    super::check_collection_len(out.len())?;
                    out.push(item);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            item.write_json(out);
        }
        out.push(b']');
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        r.begin_array()?;
        let mut out = Vec::new();
        let mut first = true;
        while r.next_item(&mut first)? {
            r.check_len(out.len())?;
            out.push(T::read_json(r)?);
        }
        Ok(out)
    }
}

/// Maps: objects; a key given twice is an error.
fn visit_map_entries<'de, A: MapAccess<'de>, T: JsonCodec>(
    mut map: A,
    mut insert: impl FnMut(String, T) -> bool,
) -> Result<(), A::Error> {
    let mut count = 0;
    while let Some(key) = map.next_key::<String>()? {
        super::check_collection_len(count)?;
        count += 1;
        let De(value) = map.next_value::<De<T>>()?;
        let text = key.clone();
        if !insert(key, value) {
            return Err(de::Error::custom(format_args!("duplicate key `{text}`")));
        }
    }
    Ok(())
}

/// Reads an object's entries with the direct reader; a key given twice declines.
fn read_entries<T: JsonCodec>(
    r: &mut JsonReader<'_>,
    mut insert: impl FnMut(String, T) -> bool,
) -> Read<()> {
    r.begin_object()?;
    let mut first = true;
    let mut count = 0;
    while let Some(key) = r.next_map_key(&mut first)? {
        let key = key.into_owned();
        r.check_len(count)?;
        count += 1;
        if !insert(key, T::read_json(r)?) {
            return Err(Declined);
        }
    }
    Ok(())
}

fn write_entries<'a, T: JsonCodec + 'a>(
    out: &mut Vec<u8>,
    entries: impl Iterator<Item = (&'a String, &'a T)>,
) {
    out.push(b'{');
    for (i, (key, value)) in entries.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, key);
        out.push(b':');
        value.write_json(out);
    }
    out.push(b'}');
}

fn serialize_entries<'a, S: Serializer, T: JsonCodec + 'a>(
    s: S,
    len: usize,
    entries: impl Iterator<Item = (&'a String, &'a T)>,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(len))?;
    for (k, v) in entries {
        map.serialize_entry(k, &Ser(v))?;
    }
    map.end()
}

impl<T: JsonCodec, H: BuildHasher + Default> JsonCodec for HashMap<String, T, H> {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_entries(s, self.len(), self.iter())
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, H>(PhantomData<(T, H)>);
        impl<'de, T: JsonCodec, H: BuildHasher + Default> Visitor<'de> for V<T, H> {
            type Value = HashMap<String, T, H>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let mut out = HashMap::with_hasher(H::default());
                visit_map_entries(map, |k, v| out.insert(k, v).is_none())?;
                Ok(out)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_entries(out, self.iter());
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        let mut out = Self::default();
        read_entries(r, |k, v| out.insert(k, v).is_none())?;
        Ok(out)
    }
}

impl<T: JsonCodec> JsonCodec for BTreeMap<String, T> {
    #[inline]
    fn serialize_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_entries(s, self.len(), self.iter())
    }
    #[inline]
    fn deserialize_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: JsonCodec> Visitor<'de> for V<T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                visit_map_entries(map, |k, v| out.insert(k, v).is_none())?;
                Ok(out)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
    #[inline]
    fn write_json(&self, out: &mut Vec<u8>) {
        write_entries(out, self.iter());
    }
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Read<Self> {
        let mut out = Self::default();
        read_entries(r, |k, v| out.insert(k, v).is_none())?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: JsonCodec>(json: &str) -> Result<T, serde_json::Error> {
        let mut d = serde_json::Deserializer::from_str(json);
        T::deserialize_json(&mut d)
    }

    fn write<T: JsonCodec>(v: &T) -> String {
        serde_json::to_string(&Ser(v)).unwrap()
    }

    #[test]
    fn integers_read_numbers_and_strings_in_range() {
        assert_eq!(read::<i64>("-9223372036854775808").unwrap(), i64::MIN);
        assert_eq!(read::<i64>("\"9223372036854775807\"").unwrap(), i64::MAX);
        assert_eq!(read::<u64>("18446744073709551615").unwrap(), u64::MAX);
        assert_eq!(read::<i32>("\"-7\"").unwrap(), -7);
        assert!(read::<i32>("2147483648").is_err());
        assert!(read::<u32>("-1").is_err());
        assert!(read::<u64>("\"-1\"").is_err());
        assert!(read::<i64>("1.5").is_err());
        assert_eq!(read::<i64>("-0").unwrap(), 0);
        assert_eq!(read::<u32>("1e2").unwrap(), 100);
        assert!(read::<i32>("3e9").is_err());
        assert!(read::<u64>("1.8446744073709552e19").is_err());
        assert!(read::<i64>("\"12abc\"").is_err());
        assert_eq!(write(&i64::MAX), "9223372036854775807");
    }

    #[test]
    fn floats_use_strings_for_non_finite_values() {
        assert_eq!(write(&f64::NAN), "\"NaN\"");
        assert_eq!(write(&f32::INFINITY), "\"Infinity\"");
        assert_eq!(write(&f64::NEG_INFINITY), "\"-Infinity\"");
        assert_eq!(write(&0.1f32), "0.1");
        assert!(read::<f64>("\"NaN\"").unwrap().is_nan());
        assert_eq!(read::<f32>("\"-Infinity\"").unwrap(), f32::NEG_INFINITY);
        assert_eq!(read::<f64>("3").unwrap(), 3.0);
        assert_eq!(read::<f64>("\"2.5\"").unwrap(), 2.5);
        assert!(read::<f32>("1e39").is_err());
        assert!(read::<f64>("\"nan\"").is_err());
    }

    #[test]
    fn bytes_are_base64_in_either_alphabet() {
        assert_eq!(write(&vec![0xfbu8, 0xff]), "\"+/8=\"");
        assert_eq!(read::<Vec<u8>>("\"+/8=\"").unwrap(), vec![0xfb, 0xff]);
        assert_eq!(read::<Vec<u8>>("\"-_8\"").unwrap(), vec![0xfb, 0xff]);
        assert!(read::<Vec<u8>>("\"***\"").is_err());
    }

    #[test]
    fn maps_reject_duplicate_keys() {
        assert!(read::<BTreeMap<String, i32>>("{\"a\": 1, \"a\": 2}").is_err());
        let m = read::<HashMap<String, i32>>("{\"a\": 1, \"b\": \"2\"}").unwrap();
        assert_eq!(m["b"], 2);
    }

    #[test]
    fn options_read_null_as_none() {
        assert_eq!(read::<Option<i32>>("null").unwrap(), None);
        assert_eq!(read::<Option<i32>>("5").unwrap(), Some(5));
        assert_eq!(write(&None::<i32>), "null");
    }
}

//! How each kind of value is written on the wire: the [`ProtoValue`] implementations for the
//! built-in types, and the pieces generated enums and messages implement it with.

use bytes::BufMut;

use super::{Direct, Lens, Reader, WireType, encode_key, encode_varint, key_len, varint_len};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::{Date, Timestamp, Uuid};

/// A type that can be the value of a protobuf field.
pub trait ProtoValue: Default {
    /// The wire type of one value.
    const WIRE_TYPE: WireType;
    /// Whether repeated fields of this type are packed.
    const PACKED: bool = false;

    /// Writes the value without a key (with its length prefix, if it has one).
    fn encode_value<B: BufMut>(&self, buf: &mut B);

    /// The bytes [`encode_value`](ProtoValue::encode_value) writes.
    fn value_len(&self) -> usize;

    /// [`value_len`](ProtoValue::value_len), with nested message lengths from `lens`. Only
    /// messages (and boxes of them) use `lens`; the default ignores it.
    #[inline]
    fn value_len_in<L: Lens>(&self, lens: &mut L) -> usize {
        let _ = lens;
        self.value_len()
    }

    /// [`encode_value`](ProtoValue::encode_value), with nested message lengths from `lens`.
    #[inline]
    fn encode_value_in<B: BufMut, L: Lens>(&self, buf: &mut B, lens: &mut L) {
        let _ = lens;
        self.encode_value(buf);
    }

    /// Reads one value (whose key has been read and whose wire type is right) into `self`,
    /// replacing scalars and merging messages.
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError>;

    /// Whether the value is proto3's default, which a field with implicit presence omits.
    fn is_default_value(&self) -> bool;
}

/// A record or union: a protobuf message.
pub trait ProtoMessage: Default {
    /// Writes the message's fields (without a length prefix), taking the lengths of nested
    /// messages from `lens`.
    fn encode_fields_in<B: BufMut, L: Lens>(&self, buf: &mut B, lens: &mut L);

    /// The bytes [`encode_fields_in`](ProtoMessage::encode_fields_in) writes, taking (or
    /// recording) the lengths of nested messages through `lens`.
    fn fields_len_in<L: Lens>(&self, lens: &mut L) -> usize;

    /// Writes the message's fields (without a length prefix).
    #[inline]
    fn encode_fields<B: BufMut>(&self, buf: &mut B) {
        self.encode_fields_in(buf, &mut Direct);
    }

    /// The bytes [`encode_fields`](ProtoMessage::encode_fields) writes.
    #[inline]
    fn fields_len(&self) -> usize {
        self.fields_len_in(&mut Direct)
    }

    /// Reads the value of one field whose key has been read.
    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        r: &mut Reader<'_>,
    ) -> Result<(), DecodeError>;
}

/// A generated enum: open on the wire, closed in Rust.
pub trait ProtoEnum: Copy + Default {
    /// The value's protobuf number.
    fn number(self) -> i32;
    /// The value with the given number; unknown numbers give the 0 value.
    fn from_number_or_default(number: i32) -> Self;
}

/// [`ProtoValue`] for messages, for generated code to delegate to.
pub mod message {
    use super::*;

    /// Length prefix and fields.
    #[inline]
    pub fn encode_value<M: ProtoMessage, B: BufMut>(message: &M, buf: &mut B) {
        encode_varint(message.fields_len() as u64, buf);
        message.encode_fields(buf);
    }

    /// Length prefix and fields.
    #[inline]
    pub fn value_len<M: ProtoMessage>(message: &M) -> usize {
        let len = message.fields_len();
        varint_len(len as u64) + len
    }

    /// Length prefix and fields, with nested lengths from `lens`.
    #[inline]
    pub fn encode_value_in<M: ProtoMessage, B: BufMut, L: Lens>(
        message: &M,
        buf: &mut B,
        lens: &mut L,
    ) {
        encode_varint(lens.message_len(message) as u64, buf);
        message.encode_fields_in(buf, lens);
    }

    /// Length prefix and fields, with nested lengths from (or recorded into) `lens`.
    #[inline]
    pub fn value_len_in<M: ProtoMessage, L: Lens>(message: &M, lens: &mut L) -> usize {
        let len = lens.message_len(message);
        varint_len(len as u64) + len
    }

    /// Merges one length-delimited message into `message`.
    #[inline]
    pub fn merge_value<M: ProtoMessage>(
        message: &mut M,
        r: &mut Reader<'_>,
    ) -> Result<(), DecodeError> {
        r.nested(|r| r.merge_fields(message))
    }

    /// A message is proto3's default when it writes no bytes.
    #[inline]
    pub fn is_default_value<M: ProtoMessage>(message: &M) -> bool {
        message.fields_len() == 0
    }
}

/// [`ProtoValue`] for enums (as `int32`), for generated code to delegate to.
pub mod enumeration {
    use super::*;

    /// The number as an `int32` varint.
    #[inline]
    pub fn encode_value<E: ProtoEnum, B: BufMut>(value: E, buf: &mut B) {
        encode_varint(i64::from(value.number()) as u64, buf);
    }

    /// The bytes of the number as an `int32` varint.
    #[inline]
    pub fn value_len<E: ProtoEnum>(value: E) -> usize {
        varint_len(i64::from(value.number()) as u64)
    }

    /// Reads the number; unknown numbers give the 0 value.
    #[inline]
    pub fn merge_value<E: ProtoEnum>(value: &mut E, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        *value = E::from_number_or_default(r.read_varint()? as i32);
        Ok(())
    }
}

/// Recursive fields are boxed; the box is invisible on the wire.
impl<T: ProtoValue> ProtoValue for Box<T> {
    const WIRE_TYPE: WireType = T::WIRE_TYPE;
    const PACKED: bool = T::PACKED;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        (**self).encode_value(buf);
    }

    #[inline]
    fn value_len(&self) -> usize {
        (**self).value_len()
    }

    #[inline]
    fn value_len_in<L: Lens>(&self, lens: &mut L) -> usize {
        (**self).value_len_in(lens)
    }

    #[inline]
    fn encode_value_in<B: BufMut, L: Lens>(&self, buf: &mut B, lens: &mut L) {
        (**self).encode_value_in(buf, lens);
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        (**self).merge_value(r)
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        (**self).is_default_value()
    }
}

impl ProtoValue for bool {
    const WIRE_TYPE: WireType = WireType::Varint;
    const PACKED: bool = true;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        buf.put_u8(u8::from(*self));
    }

    #[inline]
    fn value_len(&self) -> usize {
        1
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        *self = r.read_varint()? != 0;
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        !*self
    }
}

/// Integers: varints, with `int32` sign-extended to 64 bits and truncated when read, as
/// protobuf does.
macro_rules! varint_impl {
    ($ty:ty, $to_u64:expr, $from_u64:expr) => {
        impl ProtoValue for $ty {
            const WIRE_TYPE: WireType = WireType::Varint;
            const PACKED: bool = true;

            #[inline]
            fn encode_value<B: BufMut>(&self, buf: &mut B) {
                encode_varint($to_u64(*self), buf);
            }

            #[inline]
            fn value_len(&self) -> usize {
                varint_len($to_u64(*self))
            }

            #[inline]
            fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
                *self = $from_u64(r.read_varint()?);
                Ok(())
            }

            #[inline]
            fn is_default_value(&self) -> bool {
                *self == 0
            }
        }
    };
}

varint_impl!(i32, |v: i32| i64::from(v) as u64, |v: u64| v as i32);
varint_impl!(i64, |v: i64| v as u64, |v: u64| v as i64);
varint_impl!(u32, u64::from, |v: u64| v as u32);
varint_impl!(u64, |v: u64| v, |v: u64| v);

impl ProtoValue for f32 {
    const WIRE_TYPE: WireType = WireType::Fixed32;
    const PACKED: bool = true;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        buf.put_f32_le(*self);
    }

    #[inline]
    fn value_len(&self) -> usize {
        4
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        *self = f32::from_le_bytes(r.read_array()?);
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        *self == 0.0
    }
}

impl ProtoValue for f64 {
    const WIRE_TYPE: WireType = WireType::Fixed64;
    const PACKED: bool = true;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        buf.put_f64_le(*self);
    }

    #[inline]
    fn value_len(&self) -> usize {
        8
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        *self = f64::from_le_bytes(r.read_array()?);
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        *self == 0.0
    }
}

impl ProtoValue for String {
    const WIRE_TYPE: WireType = WireType::LengthDelimited;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        encode_varint(self.len() as u64, buf);
        buf.put_slice(self.as_bytes());
    }

    #[inline]
    fn value_len(&self) -> usize {
        varint_len(self.len() as u64) + self.len()
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let start = r.position();
        let bytes = r.read_length_delimited()?;
        let text = std::str::from_utf8(bytes).map_err(|_| {
            DecodeError::new(
                crate::Format::Protobuf,
                DecodeErrorKind::InvalidUtf8,
                Some(start),
            )
        })?;
        self.clear();
        self.push_str(text);
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        self.is_empty()
    }
}

impl ProtoValue for Vec<u8> {
    const WIRE_TYPE: WireType = WireType::LengthDelimited;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        encode_varint(self.len() as u64, buf);
        buf.put_slice(self);
    }

    #[inline]
    fn value_len(&self) -> usize {
        varint_len(self.len() as u64) + self.len()
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let bytes = r.read_length_delimited()?;
        self.clear();
        self.extend_from_slice(bytes);
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        self.is_empty()
    }
}

/// `date`: an `int32` count of days since 1970-01-01.
impl ProtoValue for Date {
    const WIRE_TYPE: WireType = WireType::Varint;
    const PACKED: bool = true;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        self.days_since_epoch().encode_value(buf);
    }

    #[inline]
    fn value_len(&self) -> usize {
        self.days_since_epoch().value_len()
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let mut days = 0i32;
        days.merge_value(r)?;
        *self = Date::from_days_since_epoch(days);
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        self.days_since_epoch() == 0
    }
}

/// `uuid`: a `string` in the hyphenated form.
impl ProtoValue for Uuid {
    const WIRE_TYPE: WireType = WireType::LengthDelimited;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        encode_varint(36, buf);
        buf.put_slice(self.to_string().as_bytes());
    }

    #[inline]
    fn value_len(&self) -> usize {
        37
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let start = r.position();
        let mut text = String::new();
        text.merge_value(r)?;
        *self = if text.is_empty() {
            Uuid::NIL
        } else {
            text.parse().map_err(|e: crate::UuidError| {
                DecodeError::new(
                    crate::Format::Protobuf,
                    DecodeErrorKind::InvalidValue(e.to_string()),
                    Some(start),
                )
            })?
        };
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        false
    }
}

/// `timestamp`: the message `google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2; }`.
impl ProtoValue for Timestamp {
    const WIRE_TYPE: WireType = WireType::LengthDelimited;

    #[inline]
    fn encode_value<B: BufMut>(&self, buf: &mut B) {
        let (seconds, nanos) = self.to_seconds_nanos();
        encode_varint(timestamp_fields_len(seconds, nanos) as u64, buf);
        if seconds != 0 {
            encode_key(1, WireType::Varint, buf);
            seconds.encode_value(buf);
        }
        if nanos != 0 {
            encode_key(2, WireType::Varint, buf);
            nanos.encode_value(buf);
        }
    }

    #[inline]
    fn value_len(&self) -> usize {
        let (seconds, nanos) = self.to_seconds_nanos();
        let len = timestamp_fields_len(seconds, nanos);
        varint_len(len as u64) + len
    }

    #[inline]
    fn merge_value(&mut self, r: &mut Reader<'_>) -> Result<(), DecodeError> {
        let (mut seconds, mut nanos) = self.to_seconds_nanos();
        let start = r.position();
        r.nested(|r| {
            while !r.at_end() {
                let (tag, wire_type) = r.read_key()?;
                match tag {
                    1 => {
                        r.expect(tag, wire_type, WireType::Varint)?;
                        seconds.merge_value(r)?;
                    }
                    2 => {
                        r.expect(tag, wire_type, WireType::Varint)?;
                        nanos.merge_value(r)?;
                    }
                    _ => r.skip_field(tag, wire_type)?,
                }
            }
            Ok(())
        })?;
        *self = Timestamp::from_seconds_nanos(seconds, nanos).map_err(|e| {
            DecodeError::new(
                crate::Format::Protobuf,
                DecodeErrorKind::InvalidValue(e.to_string()),
                Some(start),
            )
        })?;
        Ok(())
    }

    #[inline]
    fn is_default_value(&self) -> bool {
        self.unix_micros() == 0
    }
}

fn timestamp_fields_len(seconds: i64, nanos: i32) -> usize {
    let mut len = 0;
    if seconds != 0 {
        len += key_len(1) + seconds.value_len();
    }
    if nanos != 0 {
        len += key_len(2) + nanos.value_len();
    }
    len
}

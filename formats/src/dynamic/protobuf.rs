//! The protobuf encoding of a checked value: what the generated `ProtoMessage` impls write.
//!
//! A record writes its fields in number order, each as [`presence`] says it is carried (the same
//! function the Rust generator follows): implicit fields only when they do not hold protobuf's
//! default, explicit and message fields always (optional ones when set), repeated fields when
//! not empty (packed for the types the runtime packs), and map fields one entry message per key
//! with a default key or value left out. A union writes its one variant. The built-in types are
//! written by the runtime's `ProtoValue` impls; enums as `int32` varints; nested messages with
//! their length in front.

use trident::__private::proto::{Fixed, ProtoValue, WireType, Zigzag, encode_key, encode_varint};
use trident::{Date, Timestamp, Uuid};
use trident_idl::Schema;
use trident_idl::model::{Encoding, Primitive, Type, TypeId, TypeKind};

use super::EncodeError;
use super::value::{Val, mismatch, with_builtin};
use crate::protobuf::{Presence, presence};

/// The protobuf encoding of the record or union `id` (its fields, without a length prefix).
pub(crate) fn encode(schema: &Schema, id: TypeId, value: &Val) -> Result<Vec<u8>, EncodeError> {
    let mut buf = Vec::new();
    Writer { schema }.message(id, value, &mut buf)?;
    Ok(buf)
}

struct Writer<'a> {
    schema: &'a Schema,
}

impl Writer<'_> {
    /// A record's or union's fields.
    fn message(&self, id: TypeId, value: &Val, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        let wrong = || mismatch(&Type::Named(id));
        match (&self.schema.get(id).kind, value) {
            (TypeKind::Record(record), Val::Record(values)) => {
                if values.len() != record.fields.len() {
                    return Err(wrong());
                }
                let mut fields: Vec<_> = record.fields.iter().zip(values).collect();
                fields.sort_by_key(|(field, _)| field.number);
                for (field, value) in fields {
                    let (tag, enc) = (field.number, field.encoding);
                    match (presence(self.schema, field), &field.ty, value) {
                        (Presence::Repeated, Type::List(inner), Val::List(items)) => {
                            self.repeated(tag, (inner, enc), items, buf)?;
                        }
                        (Presence::Map, Type::Map(inner), Val::Map(entries)) => {
                            for (key, value) in entries {
                                self.map_entry(tag, key, (inner, enc), value, buf)?;
                            }
                        }
                        (Presence::Explicit | Presence::Message, Type::Optional(inner), value) => {
                            match value {
                                Val::Optional(Some(value)) => {
                                    self.field(tag, (inner, enc), value, buf)?;
                                }
                                Val::Optional(None) => {}
                                _ => return Err(wrong()),
                            }
                        }
                        (Presence::Explicit | Presence::Message, ty, value) => {
                            self.field(tag, (ty, enc), value, buf)?;
                        }
                        (Presence::Implicit, ty, value) => {
                            if !self.is_default(ty, value)? {
                                self.field(tag, (ty, enc), value, buf)?;
                            }
                        }
                        _ => return Err(wrong()),
                    }
                }
                Ok(())
            }
            // A union's variant is always written, even when it holds its default.
            (TypeKind::Union(union), Val::Union { index, value }) => {
                let variant = union.variants.get(*index).ok_or_else(wrong)?;
                self.field(variant.number, (&variant.ty, variant.encoding), value, buf)
            }
            _ => Err(wrong()),
        }
    }

    /// A field's key and value; `enc` is the field's encoding of integers.
    fn field(
        &self,
        tag: u32,
        (ty, enc): (&Type, Encoding),
        value: &Val,
        buf: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        encode_key(tag, self.wire_type(ty, enc)?, buf);
        self.value((ty, enc), value, buf)
    }

    /// A value without a key (with its length prefix, if it has one).
    fn value(
        &self,
        (ty, enc): (&Type, Encoding),
        value: &Val,
        buf: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        match (ty, value) {
            (Type::Primitive(_), value) if enc != Encoding::Varint => {
                match (enc, value) {
                    (Encoding::Zigzag, Val::I32(v)) => Zigzag(*v).encode_value(buf),
                    (Encoding::Zigzag, Val::I64(v)) => Zigzag(*v).encode_value(buf),
                    (Encoding::Fixed, Val::I32(v)) => Fixed(*v).encode_value(buf),
                    (Encoding::Fixed, Val::I64(v)) => Fixed(*v).encode_value(buf),
                    (Encoding::Fixed, Val::U32(v)) => Fixed(*v).encode_value(buf),
                    (Encoding::Fixed, Val::U64(v)) => Fixed(*v).encode_value(buf),
                    _ => return Err(mismatch(ty)),
                }
                Ok(())
            }
            (Type::Primitive(_), value) => {
                with_builtin!(value, |v| v.encode_value(buf), _ => return Err(mismatch(ty)));
                Ok(())
            }
            (Type::Named(id), value) => match (&self.schema.get(*id).kind, value) {
                (TypeKind::Enum(_), Val::Enum { number, .. }) => {
                    // `int32`: sign-extended to 64 bits.
                    encode_varint(i64::from(*number) as u64, buf);
                    Ok(())
                }
                (TypeKind::Enum(_), _) => Err(mismatch(ty)),
                _ => {
                    let mut body = Vec::new();
                    self.message(*id, value, &mut body)?;
                    encode_varint(body.len() as u64, buf);
                    buf.extend_from_slice(&body);
                    Ok(())
                }
            },
            _ => Err(mismatch(ty)),
        }
    }

    /// A `list<T>` field: nothing when empty; packed for numbers, bools, enums and dates; one
    /// key per element otherwise.
    fn repeated(
        &self,
        tag: u32,
        (inner, enc): (&Type, Encoding),
        items: &[Val],
        buf: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        if items.is_empty() {
            return Ok(());
        }
        if self.packed(inner)? {
            let mut body = Vec::new();
            for item in items {
                self.value((inner, enc), item, &mut body)?;
            }
            encode_key(tag, WireType::LengthDelimited, buf);
            encode_varint(body.len() as u64, buf);
            buf.extend_from_slice(&body);
        } else {
            for item in items {
                self.field(tag, (inner, enc), item, buf)?;
            }
        }
        Ok(())
    }

    /// One entry of a `map<string, T>` field: a message with the key as field 1 and the value as
    /// field 2, each left out when it holds the default.
    fn map_entry(
        &self,
        tag: u32,
        key: &str,
        (inner, enc): (&Type, Encoding),
        value: &Val,
        buf: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        let mut entry = Vec::new();
        let key = Val::String(key.to_string());
        let string = Type::Primitive(Primitive::String);
        if !self.is_default(&string, &key)? {
            self.field(1, (&string, Encoding::Varint), &key, &mut entry)?;
        }
        if !self.is_default(inner, value)? {
            self.field(2, (inner, enc), value, &mut entry)?;
        }
        encode_key(tag, WireType::LengthDelimited, buf);
        encode_varint(entry.len() as u64, buf);
        buf.extend_from_slice(&entry);
        Ok(())
    }

    /// Whether a value is proto3's default, which implicit presence leaves out: the runtime's
    /// answer for built-in types, number 0 for enums, no bytes for messages.
    fn is_default(&self, ty: &Type, value: &Val) -> Result<bool, EncodeError> {
        match (ty, value) {
            (Type::Primitive(_), value) => {
                Ok(with_builtin!(value, |v| v.is_default_value(), _ => return Err(mismatch(ty))))
            }
            (Type::Named(id), value) => match (&self.schema.get(*id).kind, value) {
                (TypeKind::Enum(_), Val::Enum { number, .. }) => Ok(*number == 0),
                (TypeKind::Enum(_), _) => Err(mismatch(ty)),
                _ => {
                    let mut body = Vec::new();
                    self.message(*id, value, &mut body)?;
                    Ok(body.is_empty())
                }
            },
            _ => Err(mismatch(ty)),
        }
    }

    fn wire_type(&self, ty: &Type, enc: Encoding) -> Result<WireType, EncodeError> {
        Ok(match ty {
            Type::Primitive(p) => match (enc, p) {
                (Encoding::Varint, _) | (Encoding::Zigzag, _) => builtin_wire(*p).0,
                (Encoding::Fixed, Primitive::I32 | Primitive::U32) => WireType::Fixed32,
                (Encoding::Fixed, _) => WireType::Fixed64,
            },
            Type::Named(id) => match self.schema.get(*id).kind {
                TypeKind::Enum(_) => WireType::Varint,
                _ => WireType::LengthDelimited,
            },
            _ => return Err(mismatch(ty)),
        })
    }

    fn packed(&self, ty: &Type) -> Result<bool, EncodeError> {
        Ok(match ty {
            Type::Primitive(p) => builtin_wire(*p).1,
            Type::Named(id) => matches!(self.schema.get(*id).kind, TypeKind::Enum(_)),
            _ => return Err(mismatch(ty)),
        })
    }
}

/// The wire type of a built-in type, and whether its lists are packed: the runtime's.
fn builtin_wire(p: Primitive) -> (WireType, bool) {
    fn of<T: ProtoValue>() -> (WireType, bool) {
        (T::WIRE_TYPE, T::PACKED)
    }
    match p {
        Primitive::Bool => of::<bool>(),
        Primitive::I32 => of::<i32>(),
        Primitive::I64 => of::<i64>(),
        Primitive::U32 => of::<u32>(),
        Primitive::U64 => of::<u64>(),
        Primitive::F32 => of::<f32>(),
        Primitive::F64 => of::<f64>(),
        Primitive::String => of::<String>(),
        Primitive::Bytes => of::<Vec<u8>>(),
        Primitive::Timestamp => of::<Timestamp>(),
        Primitive::Date => of::<Date>(),
        Primitive::Uuid => of::<Uuid>(),
    }
}

//! The Avro binary encoding of a checked value: what the generated `AvroValue` impls write for
//! the type's exported schema.
//!
//! Records write their fields in declaration order; enums their index in declaration order;
//! unions their variant's index, then its value. `optional<T>` is the union `["null", T]`, or,
//! for a union `T`, the flat union `["null", …T's variants]`. Lists and maps are written as one
//! block and the end marker. The built-in types are written by the runtime's `AvroValue` impls.

use trident::__private::avro::{AvroValue, encode_bytes, encode_long};
use trident_idl::Schema;
use trident_idl::model::{Type, TypeId, TypeKind};

use super::EncodeError;
use super::value::{Val, mismatch, with_builtin};

/// The Avro encoding of the record or union `id`.
pub(crate) fn encode(schema: &Schema, id: TypeId, value: &Val) -> Result<Vec<u8>, EncodeError> {
    let mut buf = Vec::new();
    Writer { schema }.value(&Type::Named(id), value, &mut buf)?;
    Ok(buf)
}

struct Writer<'a> {
    schema: &'a Schema,
}

impl Writer<'_> {
    fn value(&self, ty: &Type, value: &Val, buf: &mut Vec<u8>) -> Result<(), EncodeError> {
        match (ty, value) {
            (Type::Primitive(_), value) => {
                with_builtin!(value, |v| v.write_avro(buf), _ => return Err(mismatch(ty)));
            }
            (Type::Named(id), value) => self.named(*id, value, 0, buf)?,
            (Type::List(inner), Val::List(items)) => {
                if !items.is_empty() {
                    encode_long(items.len() as i64, buf);
                    for item in items {
                        self.value(inner, item, buf)?;
                    }
                }
                encode_long(0, buf);
            }
            (Type::Map(inner), Val::Map(entries)) => {
                if !entries.is_empty() {
                    encode_long(entries.len() as i64, buf);
                    for (key, item) in entries {
                        encode_bytes(key.as_bytes(), buf);
                        self.value(inner, item, buf)?;
                    }
                }
                encode_long(0, buf);
            }
            (Type::Optional(_), Val::Optional(None)) => encode_long(0, buf),
            (Type::Optional(inner), Val::Optional(Some(value))) => match &**inner {
                // `optional` of a union is one flat union: its branches follow "null".
                Type::Named(id) => self.named(*id, value, 1, buf)?,
                other => {
                    encode_long(1, buf);
                    self.value(other, value, buf)?;
                }
            },
            _ => return Err(mismatch(ty)),
        }
        Ok(())
    }

    /// A record, enum or union. `offset` is the branch index of this type's first branch when it
    /// is a branch of an enclosing union (`optional`): a union adds it to its own variant's
    /// index; any other type writes it as its own index.
    fn named(
        &self,
        id: TypeId,
        value: &Val,
        offset: i64,
        buf: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        let wrong = || mismatch(&Type::Named(id));
        match (&self.schema.get(id).kind, value) {
            (TypeKind::Union(union), Val::Union { index, value }) => {
                let variant = union.variants.get(*index).ok_or_else(wrong)?;
                encode_long(offset + *index as i64, buf);
                self.value(&variant.ty, value, buf)
            }
            (TypeKind::Union(_), _) => Err(wrong()),
            (kind, value) => {
                if offset != 0 {
                    encode_long(offset, buf);
                }
                match (kind, value) {
                    (TypeKind::Record(record), Val::Record(fields))
                        if fields.len() == record.fields.len() =>
                    {
                        for (field, value) in record.fields.iter().zip(fields) {
                            self.value(&field.ty, value, buf)?;
                        }
                        Ok(())
                    }
                    (TypeKind::Enum(_), Val::Enum { index, .. }) => {
                        encode_long(*index as i64, buf);
                        Ok(())
                    }
                    _ => Err(wrong()),
                }
            }
        }
    }
}

//! Trident's compact JSON of a checked value: what the generated `Serialize` impls write.
//!
//! Records are written as the generated `serialize_struct` calls write them (fields in
//! declaration order, `None` optionals skipped), unions as a map of one entry, enums as their
//! symbol, lists and maps through the same serde calls as the runtime's collection impls, and
//! the built-in types through the runtime's `JsonCodec` impls, all into `serde_json`'s compact
//! writer.

use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};
use trident::__private::json::Ser;
use trident_idl::Schema;
use trident_idl::model::{Type, TypeId, TypeKind};

use super::EncodeError;
use super::value::{Val, mismatch, with_builtin};

/// The JSON of the record or union `id`.
pub(crate) fn encode(schema: &Schema, id: TypeId, value: &Val) -> Result<Vec<u8>, EncodeError> {
    let ty = Type::Named(id);
    let mut out = Vec::new();
    serde_json::to_writer(
        &mut out,
        &View {
            schema,
            ty: &ty,
            value,
        },
    )
    .map_err(|_| mismatch(&ty))?;
    Ok(out)
}

/// A value next to its type, serialized as the generated code serializes it.
struct View<'a> {
    schema: &'a Schema,
    ty: &'a Type,
    value: &'a Val,
}

impl<'a> View<'a> {
    fn of(&self, ty: &'a Type, value: &'a Val) -> View<'a> {
        View {
            schema: self.schema,
            ty,
            value,
        }
    }
}

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wrong = || S::Error::custom("a checked value does not match its type");
        match (self.ty, self.value) {
            (Type::Primitive(_), value) => {
                with_builtin!(value, |v| Ser(v).serialize(serializer), _ => Err(wrong()))
            }
            (Type::List(inner), Val::List(items)) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.of(inner, item))?;
                }
                seq.end()
            }
            (Type::Map(inner), Val::Map(entries)) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, item) in entries {
                    map.serialize_entry(key, &self.of(inner, item))?;
                }
                map.end()
            }
            (Type::Optional(inner), Val::Optional(value)) => match value {
                Some(value) => self.of(inner, value).serialize(serializer),
                None => serializer.serialize_none(),
            },
            (Type::Named(id), value) => match (&self.schema.get(*id).kind, value) {
                (TypeKind::Enum(e), Val::Enum { index, .. }) => {
                    let symbol = e.values.get(*index).ok_or_else(wrong)?;
                    serializer.serialize_str(&symbol.name)
                }
                (TypeKind::Record(record), Val::Record(fields)) => {
                    // `serialize_struct` is `serialize_map` in serde_json, with the field count.
                    let mut map = serializer.serialize_map(Some(record.fields.len()))?;
                    for (field, value) in record.fields.iter().zip(fields) {
                        if let Val::Optional(None) = value {
                            continue;
                        }
                        map.serialize_entry(&field.name, &self.of(&field.ty, value))?;
                    }
                    map.end()
                }
                (TypeKind::Union(union), Val::Union { index, value }) => {
                    let variant = union.variants.get(*index).ok_or_else(wrong)?;
                    let mut map = serializer.serialize_map(Some(1))?;
                    map.serialize_entry(&variant.name, &self.of(&variant.ty, value))?;
                    map.end()
                }
                _ => Err(wrong()),
            },
            _ => Err(wrong()),
        }
    }
}

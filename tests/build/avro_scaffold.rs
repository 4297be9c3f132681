//! The Avro half of the test scaffold, generated with `quote!` from the checked schema model.
//!
//! For every record, enum and union it writes `to_avro_value_<package>_<type>(&value)`:
//! apache-avro's generic value (`apache_avro::types::Value`) for the same logical value, built
//! field by field from the mapping `docs/rust.md` documents, without going through Trident's
//! encoder:
//!
//! - a record is `Value::Record` with the schema's field names in declaration order;
//! - an enum is `Value::Enum(index, symbol)`, the index being the symbol's position in the
//!   declaration;
//! - a union is `Value::Union(branch, value)`; `optional<T>` is `Union(0, Null)` or
//!   `Union(1, value)`, and `optional<U>` of a union `U` is flat: `Union(1 + branch, value)`;
//! - `list` is `Array`, `map` is `Map`;
//! - `i32` is `Int`; `i64` and `u32` are `Long`; `u64` is the `Long` with the same bits; `f32`
//!   is `Float` and `f64` `Double`; `timestamp` is `TimestampMicros`, `date` is `Date` (days)
//!   and `uuid` is `Uuid`, the variants apache-avro decodes those logical types to.
//!
//! For unions it also writes `avro_branch_<package>_<type>(&value) -> (branch, value)`, which
//! the flat `optional<U>` needs, and for records and unions an implementation of the library's
//! `AvroSample` trait.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use trident_idl::Schema;
use trident_idl::model::{Enum, Primitive, Record, Type, TypeDef, TypeKind, Union};

use crate::scaffold::{ident, ours_enum_variant, ours_path, suffix};

/// The whole Avro scaffold file.
pub(crate) fn generate(schema: &Schema) -> TokenStream {
    let mut items = TokenStream::new();
    for ty in schema.types() {
        items.extend(match &ty.kind {
            TypeKind::Record(record) => record_items(schema, ty, record),
            TypeKind::Union(union) => union_items(schema, ty, union),
            TypeKind::Enum(e) => enum_items(ty, e),
        });
    }
    quote! {
        use apache_avro::types::Value;

        #items
    }
}

fn converter(ty: &TypeDef) -> proc_macro2::Ident {
    format_ident!("to_avro_value_{}", suffix(ty))
}

fn brancher(ty: &TypeDef) -> proc_macro2::Ident {
    format_ident!("avro_branch_{}", suffix(ty))
}

/// The union `ty` names, if it names one.
fn union_of<'a>(schema: &'a Schema, ty: &Type) -> Option<&'a TypeDef> {
    match ty {
        Type::Named(id) if matches!(schema.get(*id).kind, TypeKind::Union(_)) => {
            Some(schema.get(*id))
        }
        _ => None,
    }
}

/// An expression of type `Value` for one value of `ty` (never a list, map or optional), given
/// `value`, an expression of type `&T` or `&Box<T>` where T is Trident's type.
fn element(schema: &Schema, ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::Primitive(p) => match p {
            Primitive::Bool => quote!(Value::Boolean(*#value)),
            Primitive::I32 => quote!(Value::Int(*#value)),
            Primitive::I64 => quote!(Value::Long(*#value)),
            Primitive::U32 => quote!(Value::Long(i64::from(*#value))),
            Primitive::U64 => quote!(Value::Long(*#value as i64)),
            Primitive::F32 => quote!(Value::Float(*#value)),
            Primitive::F64 => quote!(Value::Double(*#value)),
            Primitive::String => quote!(Value::String(::std::clone::Clone::clone(#value))),
            Primitive::Bytes => quote!(Value::Bytes(::std::clone::Clone::clone(#value))),
            Primitive::Timestamp => quote!(Value::TimestampMicros((*#value).unix_micros())),
            Primitive::Date => quote!(Value::Date((*#value).days_since_epoch())),
            Primitive::Uuid => quote!(Value::Uuid(apache_avro::Uuid::from_bytes(
                *(#value).as_bytes()
            ))),
        },
        Type::Named(id) => {
            let def = schema.get(*id);
            let f = converter(def);
            match def.kind {
                TypeKind::Enum(_) => quote!(#f(*#value)),
                _ => quote!(#f(::std::borrow::Borrow::borrow(#value))),
            }
        }
        Type::List(_) | Type::Map(_) | Type::Optional(_) => {
            unreachable!("lists, maps and optionals are fields, never elements")
        }
    }
}

/// The `Value` of a record field, from `access` (an expression of Trident's field).
fn field_value(schema: &Schema, ty: &Type, access: TokenStream) -> TokenStream {
    match ty {
        Type::List(inner) => {
            let item = element(schema, inner, quote!(x));
            quote!(Value::Array(#access.iter().map(|x| #item).collect()))
        }
        Type::Map(inner) => {
            let item = element(schema, inner, quote!(x));
            quote!(Value::Map(
                #access.iter().map(|(k, x)| (::std::clone::Clone::clone(k), #item)).collect()
            ))
        }
        Type::Optional(inner) => {
            let present = match union_of(schema, inner) {
                Some(union) => {
                    let f = brancher(union);
                    quote!({
                        let (branch, value) = #f(::std::borrow::Borrow::borrow(x));
                        Value::Union(branch + 1, ::std::boxed::Box::new(value))
                    })
                }
                None => {
                    let item = element(schema, inner, quote!(x));
                    quote!(Value::Union(1, ::std::boxed::Box::new(#item)))
                }
            };
            quote!(match &#access {
                ::std::option::Option::None => Value::Union(0, ::std::boxed::Box::new(Value::Null)),
                ::std::option::Option::Some(x) => #present,
            })
        }
        ty => element(schema, ty, quote!(&#access)),
    }
}

fn sample_impl(ty: &TypeDef) -> TokenStream {
    let ours = ours_path(ty);
    let convert = converter(ty);
    quote! {
        impl crate::AvroSample for #ours {
            fn to_avro_value(&self) -> Value {
                #convert(self)
            }
        }
    }
}

fn record_items(schema: &Schema, ty: &TypeDef, record: &Record) -> TokenStream {
    let ours = ours_path(ty);
    let convert = converter(ty);
    let fields = record.fields.iter().map(|f| {
        let name = &f.name;
        let rust = ident(&f.name.to_snake_case());
        let value = field_value(schema, &f.ty, quote!(v.#rust));
        quote!((::std::string::String::from(#name), #value))
    });
    let doc = format!(" apache-avro's value of a `{}`.", ty.full_name());
    let sample = sample_impl(ty);
    quote! {
        #[doc = #doc]
        #[allow(deprecated)]
        pub fn #convert(v: &#ours) -> Value {
            let _ = v;
            Value::Record(::std::vec![#(#fields),*])
        }

        #sample
    }
}

fn union_items(schema: &Schema, ty: &TypeDef, union: &Union) -> TokenStream {
    let ours = ours_path(ty);
    let convert = converter(ty);
    let branch = brancher(ty);
    let arms = union.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.name.to_upper_camel_case());
        let index = i as u32;
        let value = element(schema, &v.ty, quote!(x));
        quote!(#ours::#variant(x) => (#index, #value))
    });
    let doc = format!(
        " The branch of `{}`'s Avro union a value takes, and apache-avro's value in it.",
        ty.full_name()
    );
    let doc_value = format!(" apache-avro's value of a `{}`.", ty.full_name());
    let sample = sample_impl(ty);
    quote! {
        #[doc = #doc]
        #[allow(deprecated)]
        pub fn #branch(v: &#ours) -> (u32, Value) {
            match v {
                #(#arms,)*
            }
        }

        #[doc = #doc_value]
        pub fn #convert(v: &#ours) -> Value {
            let (branch, value) = #branch(v);
            Value::Union(branch, ::std::boxed::Box::new(value))
        }

        #sample
    }
}

fn enum_items(ty: &TypeDef, e: &Enum) -> TokenStream {
    let ours = ours_path(ty);
    let convert = converter(ty);
    let arms = e.values.iter().enumerate().map(|(i, v)| {
        let variant = ours_enum_variant(&ty.name, &v.name);
        let index = i as u32;
        let symbol = &v.name;
        quote!(#ours::#variant => Value::Enum(#index, ::std::string::String::from(#symbol)))
    });
    let doc = format!(
        " apache-avro's value of a `{}`: its index in the declaration and its symbol.",
        ty.full_name()
    );
    quote! {
        #[doc = #doc]
        #[allow(deprecated)]
        pub fn #convert(v: #ours) -> Value {
            match v {
                #(#arms,)*
            }
        }
    }
}

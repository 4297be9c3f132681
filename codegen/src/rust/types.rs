//! Rust names and types for schema types: relative paths between package modules, extern
//! paths, `Box` where recursion needs it, and the Rust spelling of every field type.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use trident_idl::Schema;
use trident_idl::model::{Primitive, Type, TypeId};

use super::boxed_members;
use crate::options::Options;
use crate::{CodegenError, names};

/// What code generation needs to know about every type.
pub(crate) struct Types<'a> {
    pub(crate) schema: &'a Schema,
    /// The Rust name of each type.
    names: Vec<String>,
    /// Members (fields, variants) that hold a value of their own cycle and need a `Box`.
    boxed: HashSet<(TypeId, usize)>,
    /// Types generated elsewhere.
    externs: HashMap<TypeId, syn::Path>,
}

impl<'a> Types<'a> {
    pub(crate) fn new(schema: &'a Schema, options: &'a Options) -> Result<Types<'a>, CodegenError> {
        let mut names = vec![String::new(); schema.types().len()];
        for ids in schema.packages().values() {
            let camel: Vec<String> = ids
                .iter()
                .map(|&id| names::camel(&schema.get(id).name))
                .collect();
            for (&id, name) in ids.iter().zip(names::dedupe(camel)) {
                names[id.index()] = name;
            }
        }
        let mut externs = HashMap::new();
        for ty in schema.types() {
            if let Some(path) = options.extern_type(schema, &ty.full_name())? {
                externs.insert(ty.id, path);
            }
        }
        Ok(Types {
            schema,
            names,
            boxed: boxed_members(schema),
            externs,
        })
    }

    pub(crate) fn is_extern(&self, id: TypeId) -> bool {
        self.externs.contains_key(&id)
    }

    /// The Rust name of a generated type.
    pub(crate) fn name(&self, id: TypeId) -> Ident {
        names::ident(&self.names[id.index()])
    }

    /// Whether member `index` of type `owner` is boxed.
    pub(crate) fn is_boxed(&self, owner: TypeId, index: usize) -> bool {
        self.boxed.contains(&(owner, index))
    }

    /// The path to a type from the module of package `from`.
    pub(crate) fn path(&self, from: &str, id: TypeId) -> TokenStream {
        if let Some(path) = self.externs.get(&id) {
            return quote!(#path);
        }
        let target = &self.schema.get(id).package;
        let from_parts: Vec<&str> = from.split('.').filter(|s| !s.is_empty()).collect();
        let to_parts: Vec<&str> = target.split('.').filter(|s| !s.is_empty()).collect();
        let common = from_parts
            .iter()
            .zip(&to_parts)
            .take_while(|(a, b)| a == b)
            .count();
        let supers = (common..from_parts.len()).map(|_| quote!(super::));
        let downs = to_parts[common..].iter().map(|p| {
            let m = names::ident(&names::snake(p));
            quote!(#m::)
        });
        let name = self.name(id);
        quote!(#(#supers)* #(#downs)* #name)
    }

    /// The Rust type of a schema type, seen from package `from`. `boxed` wraps a named type
    /// (directly or inside `Option`) in a `Box`; `btree` picks `BTreeMap` for maps.
    pub(crate) fn rust_type(&self, from: &str, ty: &Type, boxed: bool, btree: bool) -> TokenStream {
        match ty {
            Type::Primitive(p) => primitive(*p),
            Type::Named(id) => {
                let path = self.path(from, *id);
                if boxed {
                    quote!(::std::boxed::Box<#path>)
                } else {
                    path
                }
            }
            Type::List(inner) => {
                let inner = self.rust_type(from, inner, false, btree);
                quote!(::std::vec::Vec<#inner>)
            }
            Type::Map(inner) => {
                let inner = self.rust_type(from, inner, false, btree);
                if btree {
                    quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
                } else {
                    quote!(::std::collections::HashMap<::std::string::String, #inner>)
                }
            }
            Type::Optional(inner) => {
                let inner = self.rust_type(from, inner, boxed, btree);
                quote!(::std::option::Option<#inner>)
            }
        }
    }

    /// Whether a type (directly) refers to a deprecated declared type.
    pub(crate) fn mentions_deprecated(&self, ty: &Type) -> bool {
        match ty {
            Type::Primitive(_) => false,
            Type::Named(id) => self.schema.get(*id).deprecated.is_some(),
            Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => {
                self.mentions_deprecated(inner)
            }
        }
    }
}

/// The Rust type of a built-in schema type.
pub(crate) fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::Bool => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::U32 => quote!(u32),
        Primitive::U64 => quote!(u64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::String => quote!(::std::string::String),
        Primitive::Bytes => quote!(::std::vec::Vec<u8>),
        Primitive::Timestamp => quote!(::trident::Timestamp),
        Primitive::Date => quote!(::trident::Date),
        Primitive::Uuid => quote!(::trident::Uuid),
    }
}

/// The runtime type that writes a field's integers when `#[proto(encoding = "…")]` chooses
/// other than varints.
pub(crate) fn encoding_wrapper(encoding: trident_idl::model::Encoding) -> Option<TokenStream> {
    match encoding {
        trident_idl::model::Encoding::Varint => None,
        trident_idl::model::Encoding::Zigzag => Some(quote!(::trident::__private::proto::Zigzag)),
        trident_idl::model::Encoding::Fixed => Some(quote!(::trident::__private::proto::Fixed)),
    }
}

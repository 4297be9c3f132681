//! Rust code generation: one module per package, each type as plain Rust data plus the impls
//! that give it Trident's JSON, protobuf and prost behaviour.
//!
//! Everything is built with `quote!`; [`crate::output`] formats it with prettyplease. Generated
//! code names every outside item by its full path (`::std::string::String`,
//! `::trident::__private::…`), so user type names like `Result` or `Option` cannot shadow
//! anything.

mod avro;
mod enumeration;
mod record;
mod types;
mod union;

use std::collections::{BTreeMap, HashSet};

use proc_macro2::TokenStream;
use quote::quote;
use trident_idl::Schema;
use trident_idl::model::{TypeDef, TypeId, TypeKind};

use crate::options::Options;
use crate::{CodegenError, names};

pub(crate) use types::Types;

/// The generated items of one package.
#[derive(Debug)]
pub(crate) struct PackageCode {
    /// The package name.
    pub(crate) package: String,
    /// The package's doc comments.
    pub(crate) docs: Option<String>,
    /// The items, unformatted.
    pub(crate) items: TokenStream,
}

/// Generates the items of every package of `schema` (except types mapped to extern paths).
pub(crate) fn generate(
    schema: &Schema,
    options: &Options,
) -> Result<Vec<PackageCode>, CodegenError> {
    let types = Types::new(schema, options)?;
    let mut packages: BTreeMap<&str, TokenStream> = BTreeMap::new();
    for file in schema.files() {
        packages.entry(file.package.as_str()).or_default();
    }
    for ty in schema.types() {
        if types.is_extern(ty.id) {
            continue;
        }
        let item = generate_type(&types, ty, options)?;
        packages
            .entry(ty.package.as_str())
            .or_default()
            .extend(item);
    }
    let docs: BTreeMap<&str, String> = schema
        .files()
        .iter()
        .filter_map(|f| Some((f.package.as_str(), f.package_docs.clone()?)))
        .collect();
    Ok(packages
        .into_iter()
        .map(|(package, items)| PackageCode {
            package: package.to_string(),
            docs: docs.get(package).cloned(),
            items,
        })
        .collect())
}

fn generate_type(
    types: &Types<'_>,
    ty: &TypeDef,
    options: &Options,
) -> Result<TokenStream, CodegenError> {
    let full_name = ty.full_name();
    let attributes = options.type_attributes(&full_name)?;
    let body = match &ty.kind {
        TypeKind::Record(record) => record::generate(types, ty, record, &attributes, options)?,
        TypeKind::Enum(e) => enumeration::generate(types, ty, e, &attributes),
        TypeKind::Union(u) => union::generate(types, ty, u, &attributes),
    };
    Ok(body)
}

/// `#[doc = "…"]` attributes for schema docs, made safe for rustdoc: brackets are escaped (they
/// would be read as intra-doc links) and text with indented lines is fenced as a `text` block
/// (it would otherwise be a Rust code block, and a failing doctest).
pub(crate) fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let Some(docs) = docs else {
        return TokenStream::new();
    };
    let lines: Vec<String> = docs
        .lines()
        .map(|l| l.replace('[', "\\[").replace(']', "\\]"))
        .collect();
    let fenced = lines
        .iter()
        .any(|l| l.starts_with("    ") || l.starts_with('\t') || l.trim_start().starts_with("```"));
    let mut out = Vec::new();
    if fenced {
        out.push(" ```text".to_string());
        out.extend(
            lines
                .iter()
                .map(|l| format!(" {}", l.replace("```", "'''"))),
        );
        out.push(" ```".to_string());
    } else {
        out.extend(lines.iter().map(|l| format!(" {l}")));
    }
    quote!(#(#[doc = #out])*)
}

/// `#[deprecated]` or `#[deprecated(note = "…")]`.
pub(crate) fn deprecated_attr(
    deprecation: Option<&trident_idl::model::Deprecation>,
) -> TokenStream {
    match deprecation {
        None => TokenStream::new(),
        Some(d) => match &d.note {
            Some(note) => quote!(#[deprecated(note = #note)]),
            None => quote!(#[deprecated]),
        },
    }
}

/// The set of types reachable from each type through fields held by value (plain and optional
/// fields, union variants): fields on such a cycle must be boxed.
pub(crate) fn boxed_members(schema: &Schema) -> HashSet<(TypeId, usize)> {
    use trident_idl::model::Type;
    fn by_value(ty: &Type) -> Option<TypeId> {
        match ty {
            Type::Named(id) => Some(*id),
            Type::Optional(inner) => match &**inner {
                Type::Named(id) => Some(*id),
                _ => None,
            },
            _ => None,
        }
    }
    let edges: Vec<Vec<(usize, TypeId)>> = schema
        .types()
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Record(r) => r
                .fields
                .iter()
                .enumerate()
                .filter_map(|(i, f)| Some((i, by_value(&f.ty)?)))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((i, by_value(&v.ty)?)))
                .collect(),
            TypeKind::Enum(_) => Vec::new(),
        })
        .collect();
    let reaches = |from: TypeId, to: TypeId| {
        let mut stack = vec![from];
        let mut seen = HashSet::new();
        while let Some(t) = stack.pop() {
            if t == to {
                return true;
            }
            if seen.insert(t) {
                stack.extend(edges[t.index()].iter().map(|&(_, target)| target));
            }
        }
        false
    };
    let mut boxed = HashSet::new();
    for ty in schema.types() {
        for &(member, target) in &edges[ty.id.index()] {
            if reaches(target, ty.id) {
                boxed.insert((ty.id, member));
            }
        }
    }
    boxed
}

/// The names of a package's modules.
pub(crate) fn module_idents(package: &str) -> Vec<proc_macro2::Ident> {
    package
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|s| names::ident(&names::snake(s)))
        .collect()
}

/// The impls every record and union gets besides its own encoding: `ProtoValue` (as a
/// length-delimited message), `prost::Message`, `JsonCodec` (with the type's direct JSON
/// methods, `json_direct`) and `trident::Message`.
pub(crate) fn message_impls(
    types: &Types<'_>,
    name: &proc_macro2::Ident,
    ty: &TypeDef,
    json_direct: TokenStream,
) -> TokenStream {
    let full_name = ty.full_name();
    let avro_schema =
        serde_json::to_string(&trident_formats::avro::type_schema(types.schema, ty.id))
            .unwrap_or_default();
    let simple_name = &ty.name;
    let json_codec = json_codec_impl(name, json_direct);
    quote! {
        #[allow(deprecated)]
        impl ::trident::__private::proto::ProtoValue for #name {
            const WIRE_TYPE: ::trident::__private::proto::WireType = ::trident::__private::proto::WireType::LengthDelimited;
            fn encode_value<B: ::trident::__private::bytes::BufMut>(&self, buf: &mut B) {
                ::trident::__private::proto::message::encode_value(self, buf)
            }
            fn value_len(&self) -> usize {
                ::trident::__private::proto::message::value_len(self)
            }
            #[inline]
            fn encode_value_in<B: ::trident::__private::bytes::BufMut, L: ::trident::__private::proto::Lens>(&self, buf: &mut B, lens: &mut L) {
                ::trident::__private::proto::message::encode_value_in(self, buf, lens)
            }
            #[inline]
            fn value_len_in<L: ::trident::__private::proto::Lens>(&self, lens: &mut L) -> usize {
                ::trident::__private::proto::message::value_len_in(self, lens)
            }
            fn merge_value(&mut self, r: &mut ::trident::__private::proto::Reader<'_>) -> ::core::result::Result<(), ::trident::DecodeError> {
                ::trident::__private::proto::message::merge_value(self, r)
            }
            fn is_default_value(&self) -> bool {
                ::trident::__private::proto::message::is_default_value(self)
            }
        }

        #[allow(deprecated)]
        impl ::trident::__private::prost::Message for #name {
            fn encode_raw(&self, buf: &mut impl ::trident::__private::bytes::BufMut) {
                ::trident::__private::proto::with_lengths(self, |_, lens| {
                    ::trident::__private::proto::ProtoMessage::encode_fields_in(self, buf, lens)
                })
            }
            fn merge_field(
                &mut self,
                tag: u32,
                wire_type: ::trident::__private::prost::encoding::WireType,
                buf: &mut impl ::trident::__private::bytes::Buf,
                _ctx: ::trident::__private::prost::encoding::DecodeContext,
            ) -> ::core::result::Result<(), ::trident::__private::prost::DecodeError> {
                ::trident::__private::proto::prost_merge_field(self, tag, wire_type, buf)
            }
            fn encoded_len(&self) -> usize {
                ::trident::__private::proto::ProtoMessage::fields_len(self)
            }
            fn clear(&mut self) {
                *self = ::core::default::Default::default();
            }
        }

        #json_codec

        #[allow(deprecated)]
        impl ::trident::Message for #name {
            const FULL_NAME: &'static str = #full_name;
            const NAME: &'static str = #simple_name;
            const AVRO_SCHEMA: &'static str = #avro_schema;
            fn avro_type_schema() -> &'static ::trident::__private::avro::TypeSchema {
                static SCHEMA: ::std::sync::OnceLock<::trident::__private::avro::TypeSchema> = ::std::sync::OnceLock::new();
                SCHEMA.get_or_init(|| ::trident::__private::avro::TypeSchema::new(<Self as ::trident::Message>::AVRO_SCHEMA))
            }
        }
    }
}

/// `JsonCodec`: serde through the type's own serde impls, and `direct`, the type's
/// `write_json` and `read_json` methods.
pub(crate) fn json_codec_impl(name: &proc_macro2::Ident, direct: TokenStream) -> TokenStream {
    quote! {
        #[allow(deprecated)]
        impl ::trident::__private::json::JsonCodec for #name {
            #[inline]
            fn serialize_json<S: ::trident::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::trident::__private::serde::Serialize::serialize(self, serializer)
            }
            #[inline]
            fn deserialize_json<'de, D: ::trident::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                <#name as ::trident::__private::serde::Deserialize<'de>>::deserialize(deserializer)
            }
            #direct
        }
    }
}

/// `Deserialize` from a JSON object: a visitor whose `visit_map` runs `body` (which reads from
/// `map` and returns the value).
pub(crate) fn deserialize_from_map(
    name: &proc_macro2::Ident,
    expecting: &str,
    body: TokenStream,
) -> TokenStream {
    quote! {
        #[allow(deprecated)]
        impl<'de> ::trident::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::trident::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<#name, D::Error> {
                struct Visitor;
                impl<'de> ::trident::__private::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::trident::__private::serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<#name, A::Error> {
                        #body
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

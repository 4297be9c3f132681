//! Unions: a Rust enum with one tuple variant per union variant. In protobuf it is a message
//! with one `oneof`; in JSON an object with exactly one key, the variant's name.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use trident_idl::model::{TypeDef, Union};

use super::{Types, deprecated_attr, deserialize_from_map, doc_attrs, message_impls};
use crate::names;

pub(crate) fn generate(
    types: &Types<'_>,
    ty: &TypeDef,
    union: &Union,
    attributes: &[syn::Attribute],
) -> TokenStream {
    let name = types.name(ty.id);
    let package = ty.package.as_str();
    let variants: Vec<_> = names::dedupe(
        union
            .variants
            .iter()
            .map(|v| names::camel(&v.name))
            .collect(),
    )
    .iter()
    .map(|v| names::ident(v))
    .collect();
    let rust_types: Vec<TokenStream> = union
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| types.rust_type(package, &v.ty, types.is_boxed(ty.id, i), false))
        .collect();
    let keys: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
    let tags: Vec<u32> = union.variants.iter().map(|v| v.number).collect();
    let definitions =
        union
            .variants
            .iter()
            .zip(&variants)
            .zip(&rust_types)
            .map(|((v, variant), rust_ty)| {
                let docs = doc_attrs(v.docs.as_deref());
                let deprecated = deprecated_attr(v.deprecated.as_ref());
                quote! {
                    #docs
                    #deprecated
                    #variant(#rust_ty),
                }
            });
    let docs = doc_attrs(ty.docs.as_deref());
    let deprecated = deprecated_attr(ty.deprecated.as_ref());
    let allow_deprecated = if union
        .variants
        .iter()
        .any(|v| types.mentions_deprecated(&v.ty))
    {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    let first = &variants[0];
    let union_name = &ty.name;
    let expecting = format!("an object with exactly one key (union {})", ty.full_name());
    let common = message_impls(types, &name, ty, json_direct(&name, &keys, &variants));
    let avro = super::avro::union(&name, union, &variants);
    let deserialize = deserialize_from_map(
        &name,
        &expecting,
        quote! {
            let ::std::option::Option::Some(key) = map.next_key::<::trident::__private::json::Key<'de>>()? else {
                            return ::core::result::Result::Err(::trident::__private::json::union_arity(#union_name, ::std::option::Option::None));
                        };
                        let value = match key.as_str() {
                            #(#keys => #name::#variants(map.next_value::<::trident::__private::json::De<#rust_types>>()?.0),)*
                            other => return ::core::result::Result::Err(
                                ::trident::__private::serde::de::Error::unknown_variant(other, &[#(#keys),*]),
                            ),
                        };
                        if let ::std::option::Option::Some(extra) = map.next_key::<::trident::__private::json::Key<'de>>()? {
                            return ::core::result::Result::Err(::trident::__private::json::union_arity(#union_name, ::std::option::Option::Some(extra.as_str())));
                        }
                        ::core::result::Result::Ok(value)
        },
    );
    // Merging into the variant already set; with one variant, it always is.
    // A variant whose integers have another encoding is read through its wrapper.
    let merge_calls: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|v| match super::types::encoding_wrapper(v.encoding) {
            Some(w) => quote!(::trident::__private::proto::encoding::merge_as::<#w<_>, _>),
            None => quote!(::trident::__private::field::merge),
        })
        .collect();
    let encoded_values: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|v| match super::types::encoding_wrapper(v.encoding) {
            Some(w) => quote!(&#w(*value)),
            None => quote!(value),
        })
        .collect();
    let merges = variants
        .iter()
        .zip(&keys)
        .zip(&merge_calls)
        .map(|((variant, key), merge)| {
            if variants.len() == 1 {
                quote! {
                    {
                        let #name::#variant(value) = self;
                        #merge(tag, wire_type, value, r).map_err(|e| e.in_field(#key))
                    }
                }
            } else {
                quote! {
                    {
                        if let #name::#variant(value) = self {
                            #merge(tag, wire_type, value, r)
                        } else {
                            let mut value = ::core::default::Default::default();
                            let result = #merge(tag, wire_type, &mut value, r);
                            *self = #name::#variant(value);
                            result
                        }
                        .map_err(|e| e.in_field(#key))
                    }
                }
            }
        });
    quote! {
        #docs
        #deprecated
        #(#attributes)*
        #allow_deprecated
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#definitions)*
        }

        /// The first variant, holding its default value.
        #[allow(deprecated)]
        impl ::core::default::Default for #name {
            fn default() -> #name {
                #name::#first(::core::default::Default::default())
            }
        }

        #[allow(deprecated)]
        impl ::trident::__private::proto::ProtoMessage for #name {
            fn encode_fields_in<B: ::trident::__private::bytes::BufMut, L: ::trident::__private::proto::Lens>(&self, buf: &mut B, lens: &mut L) {
                match self {
                    #(#name::#variants(value) => ::trident::__private::field::encode(#tags, #encoded_values, buf, lens),)*
                }
            }
            fn fields_len_in<L: ::trident::__private::proto::Lens>(&self, lens: &mut L) -> usize {
                match self {
                    #(#name::#variants(value) => ::trident::__private::field::len(#tags, #encoded_values, lens),)*
                }
            }
            fn merge_field(
                &mut self,
                tag: u32,
                wire_type: ::trident::__private::proto::WireType,
                r: &mut ::trident::__private::proto::Reader<'_>,
            ) -> ::core::result::Result<(), ::trident::DecodeError> {
                match tag {
                    #(#tags => #merges)*
                    _ => r.skip_field(tag, wire_type),
                }
            }
        }

        #[allow(deprecated)]
        impl ::trident::__private::serde::Serialize for #name {
            fn serialize<S: ::trident::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use ::trident::__private::serde::ser::SerializeMap as _;
                let mut state = serializer.serialize_map(::std::option::Option::Some(1))?;
                match self {
                    #(#name::#variants(value) => state.serialize_entry(#keys, &::trident::__private::json::Ser(value))?,)*
                }
                state.end()
            }
        }

        #deserialize

        #avro
        #common
    }
}

/// `write_json` and `read_json`: an object with the variant's name as its one key.
fn json_direct(name: &Ident, keys: &[&str], variants: &[Ident]) -> TokenStream {
    let prefixes = keys
        .iter()
        .map(|key| proc_macro2::Literal::byte_string(format!("{{\"{key}\":").as_bytes()));
    let names = keys
        .iter()
        .map(|key| proc_macro2::Literal::byte_string(key.as_bytes()));
    quote! {
        fn write_json(&self, out: &mut ::std::vec::Vec<u8>) {
            match self {
                #(#name::#variants(value) => {
                    out.extend_from_slice(#prefixes);
                    ::trident::__private::json::JsonCodec::write_json(value, out);
                })*
            }
            out.push(b'}');
        }
        fn read_json(r: &mut ::trident::__private::json::JsonReader<'_>) -> ::trident::__private::json::Read<Self> {
            r.begin_object()?;
            let mut first = true;
            let value = match r.next_key(&mut first)? {
                #(::std::option::Option::Some(#names) => #name::#variants(::trident::__private::json::JsonCodec::read_json(r)?),)*
                _ => return ::core::result::Result::Err(::trident::__private::json::Declined),
            };
            match r.next_key(&mut first)? {
                ::std::option::Option::None => ::core::result::Result::Ok(value),
                ::std::option::Option::Some(_) => ::core::result::Result::Err(::trident::__private::json::Declined),
            }
        }
    }
}

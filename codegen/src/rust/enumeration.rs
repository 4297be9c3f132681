//! Enums: a Rust enum with the protobuf numbers as discriminants, symbol and number
//! conversions, and the JSON (symbol) and protobuf (`int32`) encodings. Unknown numbers and
//! symbols decode as the value numbered 0.

use proc_macro2::TokenStream;
use quote::quote;
use trident_idl::model::{Enum, TypeDef};

use super::{Types, deprecated_attr, doc_attrs, json_codec_impl};
use crate::names;

pub(crate) fn generate(
    types: &Types<'_>,
    ty: &TypeDef,
    e: &Enum,
    attributes: &[syn::Attribute],
) -> TokenStream {
    let name = types.name(ty.id);
    let docs = doc_attrs(ty.docs.as_deref());
    let deprecated = deprecated_attr(ty.deprecated.as_ref());
    let full_name = ty.full_name();
    let symbols: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    let variants: Vec<_> = names::enum_variants(&ty.name, &symbols)
        .iter()
        .map(|v| names::ident(v))
        .collect();
    let numbers: Vec<i32> = e.values.iter().map(|v| v.number).collect();
    let definitions = e
        .values
        .iter()
        .zip(&variants)
        .enumerate()
        .map(|(i, (value, variant))| {
            let docs = doc_attrs(value.docs.as_deref());
            let deprecated = deprecated_attr(value.deprecated.as_ref());
            let number = value.number;
            let default = if i == 0 {
                quote!(#[default])
            } else {
                TokenStream::new()
            };
            quote! {
                #docs
                #deprecated
                #default
                #variant = #number,
            }
        });
    let expecting = format!("a symbol of enum {full_name}");
    // As the serde impl: the symbol, or the number; unknown ones give the default.
    let json_codec = json_codec_impl(
        &name,
        quote! {
            #[inline]
            fn write_json(&self, out: &mut ::std::vec::Vec<u8>) {
                ::trident::__private::json::write::write_str(out, self.symbol());
            }
            #[inline]
            fn read_json(r: &mut ::trident::__private::json::JsonReader<'_>) -> ::trident::__private::json::Read<Self> {
                if r.peek() == ::std::option::Option::Some(b'"') {
                    let symbol = r.str()?;
                    return ::core::result::Result::Ok(#name::from_symbol(&symbol).unwrap_or_default());
                }
                let number = match r.number()? {
                    ::trident::__private::json::Number::U64(n) => i32::try_from(n).ok(),
                    ::trident::__private::json::Number::I64(n) => i32::try_from(n).ok(),
                    ::trident::__private::json::Number::F64(_) => {
                        return ::core::result::Result::Err(::trident::__private::json::Declined);
                    }
                };
                ::core::result::Result::Ok(number.and_then(#name::from_number).unwrap_or_default())
            }
        },
    );
    let avro = super::avro::enumeration(&name, e, &variants);
    quote! {
        #docs
        #deprecated
        #(#attributes)*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[repr(i32)]
        #[allow(clippy::enum_variant_names)]
        pub enum #name {
            #(#definitions)*
        }

        #[allow(deprecated)]
        impl #name {
            /// Every value, in declaration order.
            pub const VALUES: &'static [#name] = &[#(#name::#variants),*];

            /// The protobuf number.
            pub const fn number(self) -> i32 {
                self as i32
            }

            /// The value with the given protobuf number.
            pub const fn from_number(number: i32) -> ::std::option::Option<#name> {
                match number {
                    #(#numbers => ::std::option::Option::Some(#name::#variants),)*
                    _ => ::std::option::Option::None,
                }
            }

            /// The schema symbol (the JSON and Avro name).
            pub const fn symbol(self) -> &'static str {
                match self {
                    #(#name::#variants => #symbols,)*
                }
            }

            /// The value with the given schema symbol.
            pub fn from_symbol(symbol: &str) -> ::std::option::Option<#name> {
                match symbol {
                    #(#symbols => ::std::option::Option::Some(#name::#variants),)*
                    _ => ::std::option::Option::None,
                }
            }
        }

        #[allow(deprecated)]
        impl ::trident::__private::proto::ProtoEnum for #name {
            fn number(self) -> i32 {
                #name::number(self)
            }
            fn from_number_or_default(number: i32) -> #name {
                #name::from_number(number).unwrap_or_default()
            }
        }

        #[allow(deprecated)]
        impl ::trident::__private::proto::ProtoValue for #name {
            const WIRE_TYPE: ::trident::__private::proto::WireType = ::trident::__private::proto::WireType::Varint;
            const PACKED: bool = true;
            fn encode_value<B: ::trident::__private::bytes::BufMut>(&self, buf: &mut B) {
                ::trident::__private::proto::enumeration::encode_value(*self, buf)
            }
            fn value_len(&self) -> usize {
                ::trident::__private::proto::enumeration::value_len(*self)
            }
            fn merge_value(&mut self, r: &mut ::trident::__private::proto::Reader<'_>) -> ::core::result::Result<(), ::trident::DecodeError> {
                ::trident::__private::proto::enumeration::merge_value(self, r)
            }
            fn is_default_value(&self) -> bool {
                self.number() == 0
            }
        }

        #[allow(deprecated)]
        impl ::trident::__private::serde::Serialize for #name {
            fn serialize<S: ::trident::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.symbol())
            }
        }

        #[allow(deprecated)]
        impl<'de> ::trident::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::trident::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<#name, D::Error> {
                struct Visitor;
                impl ::trident::__private::serde::de::Visitor<'_> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_str<E: ::trident::__private::serde::de::Error>(self, v: &str) -> ::core::result::Result<#name, E> {
                        ::core::result::Result::Ok(#name::from_symbol(v).unwrap_or_default())
                    }
                    fn visit_i64<E: ::trident::__private::serde::de::Error>(self, v: i64) -> ::core::result::Result<#name, E> {
                        let number = i32::try_from(v).ok();
                        ::core::result::Result::Ok(number.and_then(#name::from_number).unwrap_or_default())
                    }
                    fn visit_u64<E: ::trident::__private::serde::de::Error>(self, v: u64) -> ::core::result::Result<#name, E> {
                        let number = i32::try_from(v).ok();
                        ::core::result::Result::Ok(number.and_then(#name::from_number).unwrap_or_default())
                    }
                }
                deserializer.deserialize_any(Visitor)
            }
        }

        #json_codec
        #avro
    }
}

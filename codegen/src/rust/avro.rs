//! The Avro binary encoding of generated types: `AvroValue` impls written field by field, in
//! the order and with the branch and symbol indexes of the exported `.avsc`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use trident_idl::model::{Enum, Record, Union};

/// `AvroValue` for a record: fields in declaration order.
pub(crate) fn record(
    name: &Ident,
    record: &Record,
    fields: &[Ident],
    rust_types: &[TokenStream],
) -> TokenStream {
    let keys = record.fields.iter().map(|f| f.name.as_str());
    let min_size = if rust_types.is_empty() {
        quote!(0)
    } else {
        quote!(#(<#rust_types as ::trident::__private::avro::AvroValue>::MIN_SIZE)+*)
    };
    let (buf, reader) = if fields.is_empty() {
        (quote!(_buf), quote!(_r))
    } else {
        (quote!(buf), quote!(r))
    };
    quote! {
        #[allow(deprecated)]
        impl ::trident::__private::avro::AvroValue for #name {
            const MIN_SIZE: usize = #min_size;
            fn write_avro<B: ::trident::__private::bytes::BufMut>(&self, #buf: &mut B) {
                #(::trident::__private::avro::AvroValue::write_avro(&self.#fields, buf);)*
            }
            fn read_avro(r: &mut ::trident::__private::avro::AvroReader<'_>) -> ::core::result::Result<Self, ::trident::DecodeError> {
                r.nested(|#reader| {
                    ::core::result::Result::Ok(#name {
                        #(#fields: ::trident::__private::avro::AvroValue::read_avro(r).map_err(|e| e.in_field(#keys))?,)*
                    })
                })
            }
        }
    }
}

/// `AvroValue` for an enum: the symbol's index in declaration order.
pub(crate) fn enumeration(name: &Ident, e: &Enum, variants: &[Ident]) -> TokenStream {
    let indexes: Vec<i32> = (0..e.values.len() as i32).collect();
    let longs = indexes.iter().map(|&i| i64::from(i));
    quote! {
        #[allow(deprecated)]
        impl ::trident::__private::avro::AvroValue for #name {
            const MIN_SIZE: usize = 1;
            fn write_avro<B: ::trident::__private::bytes::BufMut>(&self, buf: &mut B) {
                let index: i64 = match self {
                    #(#name::#variants => #longs,)*
                };
                ::trident::__private::avro::encode_long(index, buf);
            }
            fn read_avro(r: &mut ::trident::__private::avro::AvroReader<'_>) -> ::core::result::Result<Self, ::trident::DecodeError> {
                let start = r.position();
                match ::trident::__private::avro::read_enum_index(r)? {
                    #(#indexes => ::core::result::Result::Ok(#name::#variants),)*
                    other => ::core::result::Result::Err(::trident::__private::avro::bad_symbol(start, other)),
                }
            }
        }
    }
}

/// `AvroValue` for a union: the branch index, then the variant's value. As a branch of an
/// enclosing union (`optional` of this union), the indexes shift by the offset.
pub(crate) fn union(name: &Ident, union: &Union, variants: &[Ident]) -> TokenStream {
    let keys: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
    let indexes: Vec<i64> = (0..union.variants.len() as i64).collect();
    let count = union.variants.len() as i64;
    let branch = indexes.iter().map(|&i| {
        if i == 0 {
            quote!(offset)
        } else {
            quote!(offset + #i)
        }
    });
    quote! {
        #[allow(deprecated)]
        impl ::trident::__private::avro::AvroValue for #name {
            const MIN_SIZE: usize = 1;
            const IS_UNION: bool = true;
            const BRANCHES: i64 = #count;
            fn write_avro<B: ::trident::__private::bytes::BufMut>(&self, buf: &mut B) {
                self.encode_in_union(0, buf);
            }
            fn read_avro(r: &mut ::trident::__private::avro::AvroReader<'_>) -> ::core::result::Result<Self, ::trident::DecodeError> {
                let start = r.position();
                let index = r.read_long()?;
                if !(0..#count).contains(&index) {
                    return ::core::result::Result::Err(::trident::__private::avro::bad_branch(start, index));
                }
                Self::decode_in_union(index, r)
            }
            fn encode_in_union<B: ::trident::__private::bytes::BufMut>(&self, offset: i64, buf: &mut B) {
                match self {
                    #(#name::#variants(value) => {
                        ::trident::__private::avro::encode_long(#branch, buf);
                        ::trident::__private::avro::AvroValue::write_avro(value, buf);
                    })*
                }
            }
            fn decode_in_union(index: i64, r: &mut ::trident::__private::avro::AvroReader<'_>) -> ::core::result::Result<Self, ::trident::DecodeError> {
                match index {
                    #(#indexes => ::core::result::Result::Ok(#name::#variants(
                        ::trident::__private::avro::AvroValue::read_avro(r).map_err(|e| e.in_field(#keys))?,
                    )),)*
                    other => ::core::result::Result::Err(::trident::__private::avro::bad_branch(r.position(), other)),
                }
            }
        }
    }
}

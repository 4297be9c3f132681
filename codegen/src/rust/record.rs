//! Records: a plain struct with public fields, a `Default` holding the schema defaults, and the
//! JSON and protobuf encodings field by field.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use trident_formats::protobuf::{Presence, presence};
use trident_idl::model::{Field, Record, Type, TypeDef, TypeKind, Value};

use super::{Types, deprecated_attr, deserialize_from_map, doc_attrs, message_impls};
use crate::options::Options;
use crate::{CodegenError, names};

/// How a field behaves in JSON.
#[derive(Clone, Copy, PartialEq)]
enum JsonKind {
    /// Must be present.
    Required,
    /// Takes its schema default when absent or `null`.
    Defaulted,
    /// `Option`: absent or `null` is `None`, and `None` is omitted when writing.
    Optional,
    /// Lists and maps: absent or `null` is empty.
    Collection,
}

struct FieldGen<'a> {
    field: &'a Field,
    ident: Ident,
    slot: Ident,
    ty: TokenStream,
    json: JsonKind,
    presence: Presence,
    default: TokenStream,
    /// Whether the default is a constant (no allocation), so it needs no closure.
    cheap_default: bool,
}

pub(crate) fn generate(
    types: &Types<'_>,
    ty: &TypeDef,
    record: &Record,
    attributes: &[syn::Attribute],
    options: &Options,
) -> Result<TokenStream, CodegenError> {
    let name = types.name(ty.id);
    let package = ty.package.as_str();
    let rust_names = names::dedupe(
        record
            .fields
            .iter()
            .map(|f| names::snake(&f.name))
            .collect(),
    );
    let fields: Vec<FieldGen<'_>> = record
        .fields
        .iter()
        .zip(rust_names)
        .enumerate()
        .map(|(i, (field, rust_name))| {
            let full = format!("{}.{}", ty.full_name(), field.name);
            let btree = options.uses_btree_map(&full);
            let rust_ty = types.rust_type(package, &field.ty, types.is_boxed(ty.id, i), btree);
            let json = match (&field.ty, &field.default) {
                (Type::Optional(_), _) => JsonKind::Optional,
                (Type::List(_) | Type::Map(_), _) => JsonKind::Collection,
                (_, Some(_)) => JsonKind::Defaulted,
                _ => JsonKind::Required,
            };
            let default = match &field.default {
                Some(value) => default_value(types, package, &field.ty, &value.value),
                None => quote!(::core::default::Default::default()),
            };
            FieldGen {
                field,
                ident: names::ident(&rust_name),
                slot: format_ident!("field_{}", i),
                ty: rust_ty,
                json,
                presence: presence(types.schema, field),
                default,
                cheap_default: !matches!(
                    field.default.as_ref().map(|d| &d.value),
                    Some(Value::String(_) | Value::Bytes(_))
                ),
            }
        })
        .collect();

    let docs = doc_attrs(ty.docs.as_deref());
    let deprecated = deprecated_attr(ty.deprecated.as_ref());
    let allow_deprecated = if record
        .fields
        .iter()
        .any(|f| types.mentions_deprecated(&f.ty))
    {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    let mut definitions = Vec::new();
    for f in &fields {
        let field_docs = doc_attrs(f.field.docs.as_deref());
        let field_deprecated = deprecated_attr(f.field.deprecated.as_ref());
        let extra = options.field_attributes(&format!("{}.{}", ty.full_name(), f.field.name))?;
        let (ident, rust_ty) = (&f.ident, &f.ty);
        definitions.push(quote! {
            #field_docs
            #field_deprecated
            #(#extra)*
            pub #ident: #rust_ty,
        });
    }
    // With no schema defaults, every field's default is its type's: derive it.
    let (derives, default_impl) = if record
        .fields
        .iter()
        .all(|f| f.default.as_ref().is_none_or(|d| is_type_default(&d.value)))
    {
        (
            quote!(#[derive(Clone, Debug, PartialEq, Default)]),
            TokenStream::new(),
        )
    } else {
        let defaults = fields.iter().map(|f| {
            let (ident, default) = (&f.ident, &f.default);
            quote!(#ident: #default,)
        });
        let default_impl = quote! {
            #[allow(deprecated)]
            impl ::core::default::Default for #name {
                fn default() -> #name {
                    #name {
                        #(#defaults)*
                    }
                }
            }
        };
        (quote!(#[derive(Clone, Debug, PartialEq)]), default_impl)
    };
    let proto = proto_impl(&name, &fields);
    let json = json_impls(&name, ty, &fields);
    let common = message_impls(types, &name, ty, json_direct(&name, &fields));
    let field_idents: Vec<Ident> = fields.iter().map(|f| f.ident.clone()).collect();
    let field_types: Vec<TokenStream> = fields.iter().map(|f| f.ty.clone()).collect();
    let avro = super::avro::record(&name, record, &field_idents, &field_types);
    Ok(quote! {
        #docs
        #deprecated
        #(#attributes)*
        #allow_deprecated
        #derives
        pub struct #name {
            #(#definitions)*
        }

        #default_impl

        #proto
        #json
        #avro
        #common
    })
}

/// The Rust expression for a schema default.
fn default_value(types: &Types<'_>, package: &str, ty: &Type, value: &Value) -> TokenStream {
    use trident_idl::model::Primitive;
    match (ty, value) {
        (_, Value::Bool(b)) => quote!(#b),
        (Type::Primitive(Primitive::I32), Value::Int(i)) => {
            signed(*i, |v| Literal::i32_suffixed(v as i32), quote!(i32::MIN))
        }
        (_, Value::Int(i)) => signed(*i, Literal::i64_suffixed, quote!(i64::MIN)),
        (Type::Primitive(Primitive::U32), Value::UInt(u)) => {
            let lit = Literal::u32_suffixed(*u as u32);
            quote!(#lit)
        }
        (_, Value::UInt(u)) => {
            let lit = Literal::u64_suffixed(*u);
            quote!(#lit)
        }
        (Type::Primitive(Primitive::F32), Value::Float(f)) => {
            float(*f as f32 as f64, |v| Literal::f32_suffixed(v as f32))
        }
        (_, Value::Float(f)) => float(*f, Literal::f64_suffixed),
        (_, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (_, Value::Bytes(b)) => {
            let lit = Literal::byte_string(b);
            quote!(#lit.to_vec())
        }
        (Type::Named(id), Value::Enum { symbol, .. }) => {
            let path = types.path(package, *id);
            let variant = enum_variant(types, *id, symbol);
            quote!(#path::#variant)
        }
        _ => quote!(::core::default::Default::default()),
    }
}

/// Whether a schema default equals the Rust type's `Default` (so `Default` can be derived).
fn is_type_default(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Int(i) => *i == 0,
        Value::UInt(u) => *u == 0,
        Value::Float(f) => *f == 0.0 && f.is_sign_positive(),
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        // The enum's `Default` is its first value, which is numbered 0.
        Value::Enum { number, .. } => *number == 0,
    }
}

fn signed(v: i64, lit: impl Fn(i64) -> Literal, min: TokenStream) -> TokenStream {
    if v == i64::MIN {
        return min;
    }
    let magnitude = lit(v.unsigned_abs() as i64);
    if v < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn float(v: f64, lit: impl Fn(f64) -> Literal) -> TokenStream {
    let magnitude = lit(v.abs());
    if v.is_sign_negative() {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// The Rust variant of an enum symbol.
pub(crate) fn enum_variant(
    types: &Types<'_>,
    id: trident_idl::model::TypeId,
    symbol: &str,
) -> Ident {
    let ty = types.schema.get(id);
    let TypeKind::Enum(e) = &ty.kind else {
        return names::ident("Default");
    };
    let symbols: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
    let variants = names::enum_variants(&ty.name, &symbols);
    let index = symbols.iter().position(|s| *s == symbol).unwrap_or(0);
    names::ident(&variants[index])
}

fn proto_impl(name: &Ident, fields: &[FieldGen<'_>]) -> TokenStream {
    let mut by_number: Vec<&FieldGen<'_>> = fields.iter().collect();
    by_number.sort_by_key(|f| f.field.number);
    let optional = |f: &FieldGen<'_>| matches!(f.field.ty, Type::Optional(_));
    let encode = by_number.iter().map(|f| {
        let (ident, tag) = (&f.ident, f.field.number);
        if let Some(w) = super::types::encoding_wrapper(f.field.encoding) {
            let enc = quote!(::trident::__private::proto::encoding);
            return match (f.presence, optional(f)) {
                (Presence::Implicit, _) => {
                    quote!(::trident::__private::field::encode_implicit(#tag, &#w(self.#ident), buf);)
                }
                (Presence::Explicit | Presence::Message, true) => {
                    quote!(::trident::__private::field::encode_option(#tag, self.#ident.map(#w).as_ref(), buf, lens);)
                }
                (Presence::Explicit | Presence::Message, false) => {
                    quote!(::trident::__private::field::encode(#tag, &#w(self.#ident), buf, lens);)
                }
                (Presence::Repeated, _) => {
                    quote!(#enc::encode_repeated_as::<#w<_>, _, _>(#tag, &self.#ident, buf);)
                }
                (Presence::Map, _) => {
                    quote!(#enc::encode_map_as::<#w<_>, _, _, _>(#tag, &self.#ident, buf);)
                }
            };
        }
        match (f.presence, optional(f)) {
            (Presence::Implicit, _) => {
                quote!(::trident::__private::field::encode_implicit(#tag, &self.#ident, buf);)
            }
            (Presence::Explicit | Presence::Message, true) => {
                quote!(::trident::__private::field::encode_option(#tag, self.#ident.as_ref(), buf, lens);)
            }
            (Presence::Explicit | Presence::Message, false) => {
                quote!(::trident::__private::field::encode(#tag, &self.#ident, buf, lens);)
            }
            (Presence::Repeated, _) => {
                quote!(::trident::__private::field::encode_repeated(#tag, &self.#ident, buf, lens);)
            }
            (Presence::Map, _) => {
                quote!(::trident::__private::field::encode_map(#tag, &self.#ident, buf);)
            }
        }
    });
    let terms: Vec<TokenStream> = by_number
        .iter()
        .map(|f| {
            let (ident, tag) = (&f.ident, f.field.number);
            if let Some(w) = super::types::encoding_wrapper(f.field.encoding) {
                let enc = quote!(::trident::__private::proto::encoding);
                return match (f.presence, optional(f)) {
                    (Presence::Implicit, _) => {
                        quote!(::trident::__private::field::len_implicit(#tag, &#w(self.#ident)))
                    }
                    (Presence::Explicit | Presence::Message, true) => {
                        quote!(::trident::__private::field::len_option(#tag, self.#ident.map(#w).as_ref(), lens))
                    }
                    (Presence::Explicit | Presence::Message, false) => {
                        quote!(::trident::__private::field::len(#tag, &#w(self.#ident), lens))
                    }
                    (Presence::Repeated, _) => {
                        quote!(#enc::len_repeated_as::<#w<_>, _>(#tag, &self.#ident))
                    }
                    (Presence::Map, _) => quote!(#enc::len_map_as::<#w<_>, _, _>(#tag, &self.#ident)),
                };
            }
            match (f.presence, optional(f)) {
                (Presence::Implicit, _) => {
                    quote!(::trident::__private::field::len_implicit(#tag, &self.#ident))
                }
                (Presence::Explicit | Presence::Message, true) => {
                    quote!(::trident::__private::field::len_option(#tag, self.#ident.as_ref(), lens))
                }
                (Presence::Explicit | Presence::Message, false) => {
                    quote!(::trident::__private::field::len(#tag, &self.#ident, lens))
                }
                (Presence::Repeated, _) => {
                    quote!(::trident::__private::field::len_repeated(#tag, &self.#ident, lens))
                }
                (Presence::Map, _) => {
                    quote!(::trident::__private::field::len_map(#tag, &self.#ident))
                }
            }
        })
        .collect();
    let len = if terms.is_empty() {
        quote!(0)
    } else {
        quote!(#(#terms)+*)
    };
    let merge = by_number.iter().map(|f| {
        let (ident, tag, schema_name) = (&f.ident, f.field.number, &f.field.name);
        if let Some(w) = super::types::encoding_wrapper(f.field.encoding) {
            let call = match (f.presence, optional(f)) {
                (Presence::Explicit | Presence::Message, true) => quote!(merge_option_as),
                (Presence::Repeated, _) => quote!(merge_repeated_as),
                (Presence::Map, _) => quote!(merge_map_as),
                _ => quote!(merge_as),
            };
            let generics = if f.presence == Presence::Map {
                quote!(<#w<_>, _, _>)
            } else {
                quote!(<#w<_>, _>)
            };
            return quote! {
                #tag => ::trident::__private::proto::encoding::#call::#generics(tag, wire_type, &mut self.#ident, r)
                    .map_err(|e| e.in_field(#schema_name)),
            };
        }
        let call = match (f.presence, optional(f)) {
            (Presence::Explicit | Presence::Message, true) => quote!(merge_option),
            (Presence::Repeated, _) => quote!(merge_repeated),
            (Presence::Map, _) => quote!(merge_map),
            _ => quote!(merge),
        };
        quote! {
            #tag => ::trident::__private::field::#call(tag, wire_type, &mut self.#ident, r)
                .map_err(|e| e.in_field(#schema_name)),
        }
    });
    // A record without fields writes nothing and skips whatever it reads; one without
    // length-delimited values never needs the lengths of nested messages.
    let buf = if fields.is_empty() {
        quote!(_buf)
    } else {
        quote!(buf)
    };
    let uses_lens = by_number
        .iter()
        .any(|f| !matches!(f.presence, Presence::Implicit | Presence::Map));
    let lens = if uses_lens {
        quote!(lens)
    } else {
        quote!(_lens)
    };
    let merge = if fields.is_empty() {
        quote!(r.skip_field(tag, wire_type))
    } else {
        quote! {
            match tag {
                #(#merge)*
                _ => r.skip_field(tag, wire_type),
            }
        }
    };
    quote! {
        #[allow(deprecated)]
        impl ::trident::__private::proto::ProtoMessage for #name {
            fn encode_fields_in<B: ::trident::__private::bytes::BufMut, L: ::trident::__private::proto::Lens>(&self, #buf: &mut B, #lens: &mut L) {
                #(#encode)*
            }
            fn fields_len_in<L: ::trident::__private::proto::Lens>(&self, #lens: &mut L) -> usize {
                #len
            }
            fn merge_field(
                &mut self,
                tag: u32,
                wire_type: ::trident::__private::proto::WireType,
                r: &mut ::trident::__private::proto::Reader<'_>,
            ) -> ::core::result::Result<(), ::trident::DecodeError> {
                #merge
            }
        }
    }
}

/// The local each JSON reader keeps a field's value in while reading an object: `Some` once
/// the field has been read. An optional field's type is already an `Option`; lists, maps and
/// fields with defaults read `null` as absent, so they add one.
fn json_slots(fields: &[FieldGen<'_>]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let (slot, rust_ty) = (&f.slot, &f.ty);
            if matches!(f.json, JsonKind::Required | JsonKind::Optional) {
                quote!(let mut #slot: ::std::option::Option<#rust_ty> = ::std::option::Option::None;)
            } else {
                quote!(let mut #slot: ::std::option::Option<::std::option::Option<#rust_ty>> = ::std::option::Option::None;)
            }
        })
        .collect()
}

fn json_impls(name: &Ident, ty: &TypeDef, fields: &[FieldGen<'_>]) -> TokenStream {
    let type_name = &ty.name;
    let count = fields.len();
    let serialize = fields.iter().map(|f| {
        let (ident, key) = (&f.ident, &f.field.name);
        if f.json == JsonKind::Optional {
            quote! {
                match &self.#ident {
                    ::std::option::Option::Some(value) => state.serialize_field(#key, &::trident::__private::json::Ser(value))?,
                    ::std::option::Option::None => state.skip_field(#key)?,
                }
            }
        } else {
            quote!(state.serialize_field(#key, &::trident::__private::json::Ser(&self.#ident))?;)
        }
    });
    let slots = json_slots(fields);
    let arms = fields.iter().map(|f| {
        let (slot, rust_ty, key) = (&f.slot, &f.ty, &f.field.name);
        let read = match f.json {
            // An optional field's type is already an `Option`, which reads `null` as `None`.
            JsonKind::Required | JsonKind::Optional => {
                quote!(map.next_value::<::trident::__private::json::De<#rust_ty>>()?.0)
            }
            _ => quote!(map.next_value::<::trident::__private::json::De<::std::option::Option<#rust_ty>>>()?.0),
        };
        quote! {
            #key => {
                if #slot.is_some() {
                    return ::core::result::Result::Err(::trident::__private::json::duplicate_field(#key));
                }
                #slot = ::std::option::Option::Some(#read);
            }
        }
    });
    let finish = fields.iter().map(|f| {
        let (ident, slot, key, default) = (&f.ident, &f.slot, &f.field.name, &f.default);
        let value = match f.json {
            JsonKind::Required => quote! {
                match #slot {
                    ::std::option::Option::Some(value) => value,
                    ::std::option::Option::None => return ::core::result::Result::Err(::trident::__private::json::missing_field(#key)),
                }
            },
            JsonKind::Optional => quote!(#slot.flatten()),
            JsonKind::Collection => quote!(#slot.flatten().unwrap_or_default()),
            JsonKind::Defaulted if f.cheap_default => quote!(#slot.flatten().unwrap_or(#default)),
            JsonKind::Defaulted => quote!(#slot.flatten().unwrap_or_else(|| #default)),
        };
        quote!(#ident: #value,)
    });
    let expecting = format!("an object (record {})", ty.full_name());
    let state = if fields.is_empty() {
        quote!(state)
    } else {
        quote!(mut state)
    };
    let dispatch = if fields.is_empty() {
        quote! {
            map.next_value::<::trident::__private::serde::de::IgnoredAny>()?;
        }
    } else {
        quote! {
            match key.as_str() {
                #(#arms)*
                _ => {
                    map.next_value::<::trident::__private::serde::de::IgnoredAny>()?;
                }
            }
        }
    };
    let key = if fields.is_empty() {
        quote!(_key)
    } else {
        quote!(key)
    };
    let deserialize = deserialize_from_map(
        name,
        &expecting,
        quote! {
            #(#slots)*
            while let ::std::option::Option::Some(#key) = map.next_key::<::trident::__private::json::Key<'de>>()? {
                #dispatch
            }
            ::core::result::Result::Ok(#name {
                #(#finish)*
            })
        },
    );
    quote! {
        #[allow(deprecated)]
        impl ::trident::__private::serde::Serialize for #name {
            fn serialize<S: ::trident::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use ::trident::__private::serde::ser::SerializeStruct as _;
                let #state = serializer.serialize_struct(#type_name, #count)?;
                #(#serialize)*
                state.end()
            }
        }

        #deserialize
    }
}

/// `write_json` and `read_json`: the same object, field names and presence rules as the serde
/// impls, with the names and punctuation written as constants and matched as bytes.
fn json_direct(name: &Ident, fields: &[FieldGen<'_>]) -> TokenStream {
    // Whether a field has been written before this one: known when every field before it is
    // always written (or there is none), found at run time after an optional field.
    let mut some_written = Some(false);
    let mut needs_start = false;
    let mut writes = Vec::with_capacity(fields.len());
    for f in fields {
        let (ident, key) = (&f.ident, &f.field.name);
        let named = |comma: bool| {
            let text = format!("{}\"{key}\":", if comma { "," } else { "" });
            proc_macro2::Literal::byte_string(text.as_bytes())
        };
        let prefix = match some_written {
            Some(comma) => {
                let literal = named(comma);
                quote!(out.extend_from_slice(#literal);)
            }
            None => {
                needs_start = true;
                let (with, without) = (named(true), named(false));
                quote! {
                    out.extend_from_slice(if out.len() == start { #without } else { #with });
                }
            }
        };
        writes.push(if f.json == JsonKind::Optional {
            if some_written == Some(false) {
                some_written = None;
            }
            quote! {
                if let ::std::option::Option::Some(value) = &self.#ident {
                    #prefix
                    ::trident::__private::json::JsonCodec::write_json(value, out);
                }
            }
        } else {
            some_written = Some(true);
            quote! {
                #prefix
                ::trident::__private::json::JsonCodec::write_json(&self.#ident, out);
            }
        });
    }
    let start = if needs_start {
        quote!(let start = out.len();)
    } else {
        TokenStream::new()
    };
    let slots = json_slots(fields);
    let arms = fields.iter().map(|f| {
        let slot = &f.slot;
        let key = proc_macro2::Literal::byte_string(f.field.name.as_bytes());
        quote! {
            #key => {
                if #slot.is_some() {
                    return ::core::result::Result::Err(::trident::__private::json::Declined);
                }
                #slot = ::std::option::Option::Some(::trident::__private::json::JsonCodec::read_json(r)?);
            }
        }
    });
    let finish = fields.iter().map(|f| {
        let (ident, slot, default) = (&f.ident, &f.slot, &f.default);
        let value = match f.json {
            JsonKind::Required => {
                quote!(#slot.ok_or(::trident::__private::json::Declined)?)
            }
            JsonKind::Optional => quote!(#slot.flatten()),
            JsonKind::Collection => quote!(#slot.flatten().unwrap_or_default()),
            JsonKind::Defaulted if f.cheap_default => quote!(#slot.flatten().unwrap_or(#default)),
            JsonKind::Defaulted => quote!(#slot.flatten().unwrap_or_else(|| #default)),
        };
        quote!(#ident: #value,)
    });
    let dispatch = if fields.is_empty() {
        quote!(r.skip_field(key)?;)
    } else {
        quote! {
            match key {
                #(#arms)*
                _ => r.skip_field(key)?,
            }
        }
    };
    quote! {
        fn write_json(&self, out: &mut ::std::vec::Vec<u8>) {
            out.push(b'{');
            #start
            #(#writes)*
            out.push(b'}');
        }
        fn read_json(r: &mut ::trident::__private::json::JsonReader<'_>) -> ::trident::__private::json::Read<Self> {
            r.begin_object()?;
            #(#slots)*
            let mut first = true;
            while let ::std::option::Option::Some(key) = r.next_key(&mut first)? {
                #dispatch
            }
            ::core::result::Result::Ok(#name {
                #(#finish)*
            })
        }
    }
}

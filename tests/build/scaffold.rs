//! The test scaffold, generated with `quote!` from the checked schema model.
//!
//! For every record and union it writes:
//!
//! - `gen_<package>_<type>(rng, depth)`: a random value of Trident's type, built from the value
//!   generators in the test library (`values`), which favour edge cases. Lists, maps and
//!   optionals stay empty once `depth` reaches the library's `MAX_DEPTH`; since every cycle of
//!   types passes through one of them, recursion ends.
//! - `to_prost_<package>_<type>(&value)`: prost's value for the same logical value, built field
//!   by field from what the `.proto` export promises (enums as numbers, `timestamp` as
//!   `prost_types::Timestamp`, `date` as days, `uuid` as its hyphenated text, a union as a
//!   message holding one `oneof`), without going through Trident's encoder. Where prost boxes a
//!   field, `IntoTarget` lets type inference add the box.
//! - an implementation of the library's `Sample` trait tying both together.
//!
//! For every enum it writes a generator over all values, the conversion to the protobuf number
//! (through prost's own enum, so names and numbers are checked at compile time), and a row of
//! `ENUM_NUMBERS`. `MESSAGE_NAMES` lists every record and union, and the macro
//! `for_each_message!` calls a macro once for each of them.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use trident_idl::Schema;
use trident_idl::model::{Enum, Field, Primitive, Record, Type, TypeDef, TypeKind, Union};

/// The whole scaffold file.
pub(crate) fn generate(schema: &Schema) -> TokenStream {
    let mut items = TokenStream::new();
    let mut messages = Vec::new();
    let mut enum_rows = Vec::new();
    for ty in schema.types() {
        match &ty.kind {
            TypeKind::Record(record) => {
                items.extend(record_items(schema, ty, record));
                messages.push(ty);
            }
            TypeKind::Union(union) => {
                items.extend(union_items(schema, ty, union));
                messages.push(ty);
            }
            TypeKind::Enum(e) => {
                items.extend(enum_items(ty, e));
                enum_rows.extend(enum_rows_of(ty, e));
            }
        }
    }
    let calls = messages.iter().map(|ty| {
        let test = format_ident!("{}", suffix(ty));
        let path = ours_path_from(quote!($crate), ty);
        quote!($callback!(#test, #path);)
    });
    let names = messages.iter().map(|ty| ty.full_name());
    quote! {
        #items

        /// `(enum, symbol, number in the schema, number of Trident's variant, number of prost's
        /// variant)` for every enum value.
        pub const ENUM_NUMBERS: &[(&str, &str, i32, i32, i32)] = &[#(#enum_rows),*];

        /// The full name of every record and union the scaffold covers.
        pub const MESSAGE_NAMES: &[&str] = &[#(#names),*];

        /// Calls `$callback!(test_name, Type)` once per record and union of the schemas.
        #[macro_export]
        macro_rules! for_each_message {
            ($callback:ident) => {
                #(#calls)*
            };
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Names and paths

/// `acme_shop_order` for `acme.shop.Order`: the suffix of the generated functions.
pub(crate) fn suffix(ty: &TypeDef) -> String {
    let package = ty.package.replace('.', "_").to_snake_case();
    format!("{}_{}", package, ty.name.to_snake_case())
}

fn package_modules(ty: &TypeDef) -> Vec<Ident> {
    ty.package
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|s| ident(&s.to_snake_case()))
        .collect()
}

fn ours_path_from(krate: TokenStream, ty: &TypeDef) -> TokenStream {
    let modules = package_modules(ty);
    let name = ident(&ty.name.to_upper_camel_case());
    quote!(#krate::ours #(::#modules)* ::#name)
}

pub(crate) fn ours_path(ty: &TypeDef) -> TokenStream {
    ours_path_from(quote!(crate), ty)
}

/// prost-build's module of a package and its name for a message or enum.
fn prost_path(ty: &TypeDef) -> TokenStream {
    let modules = package_modules(ty);
    let name = ident(&ty.name.to_upper_camel_case());
    quote!(crate::reference #(::#modules)* ::#name)
}

/// The module prost-build puts a message's oneof enums in.
fn prost_nested_module(ty: &TypeDef) -> TokenStream {
    let modules = package_modules(ty);
    let module = ident(&ty.name.to_snake_case());
    quote!(crate::reference #(::#modules)* ::#module)
}

/// An identifier, raw when it is a keyword (as Trident and prost-build both escape them).
pub(crate) fn ident(name: &str) -> Ident {
    match syn::parse_str::<Ident>(name) {
        Ok(_) => Ident::new(name, Span::call_site()),
        Err(_) if matches!(name, "self" | "Self" | "super" | "crate" | "extern") => {
            Ident::new(&format!("{name}_"), Span::call_site())
        }
        Err(_) => Ident::new_raw(name, Span::call_site()),
    }
}

fn generator(ty: &TypeDef) -> Ident {
    format_ident!("gen_{}", suffix(ty))
}

fn converter(ty: &TypeDef) -> Ident {
    format_ident!("to_prost_{}", suffix(ty))
}

/// Trident's variant names for an enum's symbols: the enum's name in SCREAMING_SNAKE_CASE and
/// `_` is dropped from the front when what is left starts with a letter (the documented rule).
pub(crate) fn ours_enum_variant(enum_name: &str, symbol: &str) -> Ident {
    let prefix = format!("{}_", enum_name.to_shouty_snake_case());
    let rest = symbol.strip_prefix(&prefix).unwrap_or(symbol);
    let usable = rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    ident(&(if usable { rest } else { symbol }).to_upper_camel_case())
}

/// prost-build's variant name for an exported enum value: the value name in UpperCamelCase
/// without the enum's name in front.
fn prost_enum_variant(ty: &TypeDef, symbol: &str) -> Ident {
    let exported = trident_formats::protobuf::enum_value_name(ty, symbol).to_upper_camel_case();
    let prefix = ty.name.to_upper_camel_case();
    let stripped = exported.strip_prefix(&prefix).unwrap_or(&exported);
    if stripped.chars().next().is_some_and(char::is_uppercase) {
        ident(stripped)
    } else {
        ident(&exported)
    }
}

// ---------------------------------------------------------------------------------------------
// Random values

/// An expression of type T (Trident's Rust type for `ty`), in a scope with `rng` and `depth`.
fn random(schema: &Schema, ty: &Type) -> TokenStream {
    match ty {
        Type::Primitive(p) => {
            let f = format_ident!("{}", primitive_generator(*p));
            quote!(crate::values::#f(rng))
        }
        Type::Named(id) => {
            let def = schema.get(*id);
            let f = generator(def);
            match def.kind {
                TypeKind::Enum(_) => quote!(#f(rng)),
                _ => quote!(crate::IntoTarget::into_target(#f(rng, depth + 1))),
            }
        }
        Type::List(inner) => {
            let inner = random(schema, inner);
            quote!(crate::values::list(rng, depth, |rng| #inner))
        }
        Type::Map(inner) => {
            let inner = random(schema, inner);
            quote!(crate::values::map(rng, depth, |rng| #inner))
        }
        Type::Optional(inner) => {
            let inner = random(schema, inner);
            quote!(crate::values::option(rng, depth, |rng| #inner))
        }
    }
}

fn primitive_generator(p: Primitive) -> &'static str {
    match p {
        Primitive::Bool => "boolean",
        Primitive::I32 => "int32",
        Primitive::I64 => "int64",
        Primitive::U32 => "uint32",
        Primitive::U64 => "uint64",
        Primitive::F32 => "float32",
        Primitive::F64 => "float64",
        Primitive::String => "string",
        Primitive::Bytes => "bytes",
        Primitive::Timestamp => "timestamp",
        Primitive::Date => "date",
        Primitive::Uuid => "uuid",
    }
}

// ---------------------------------------------------------------------------------------------
// Conversion to prost's values

/// Whether values of `ty` are protobuf messages (records, unions, timestamps).
fn is_message(schema: &Schema, ty: &Type) -> bool {
    match ty {
        Type::Primitive(p) => *p == Primitive::Timestamp,
        Type::Named(id) => !matches!(schema.get(*id).kind, TypeKind::Enum(_)),
        _ => false,
    }
}

/// An expression of prost's type for one value of `ty`, given `value`, an expression of type
/// `&T` or `&Box<T>` where T is Trident's type.
fn to_prost(schema: &Schema, ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::Primitive(p) => match p {
            Primitive::Bool
            | Primitive::I32
            | Primitive::I64
            | Primitive::U32
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64 => quote!(*#value),
            Primitive::String | Primitive::Bytes => quote!(::std::clone::Clone::clone(#value)),
            Primitive::Timestamp => quote!(crate::timestamp_to_prost(*#value)),
            Primitive::Date => quote!((*#value).days_since_epoch()),
            Primitive::Uuid => quote!(crate::hyphenated(#value)),
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

/// prost's value of a record field, from `access` (an expression of Trident's field).
fn field_to_prost(schema: &Schema, field: &Field, access: TokenStream) -> TokenStream {
    match &field.ty {
        Type::List(inner) => {
            let element = to_prost(schema, inner, quote!(x));
            quote!(#access.iter().map(|x| #element).collect())
        }
        Type::Map(inner) => {
            let element = to_prost(schema, inner, quote!(x));
            quote!(#access.iter().map(|(k, x)| (::std::clone::Clone::clone(k), #element)).collect())
        }
        Type::Optional(inner) => {
            let element = to_prost(schema, inner, quote!(x));
            quote!(#access.as_ref().map(|x| crate::IntoTarget::into_target(#element)))
        }
        ty if is_message(schema, ty) => {
            let value = to_prost(schema, ty, quote!(&#access));
            quote!(::std::option::Option::Some(crate::IntoTarget::into_target(#value)))
        }
        ty => {
            let value = to_prost(schema, ty, quote!(&#access));
            let explicit = trident_formats::protobuf::presence(schema, field)
                == trident_formats::protobuf::Presence::Explicit;
            if explicit {
                quote!(::std::option::Option::Some(#value))
            } else {
                value
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Items

fn sample_impl(ty: &TypeDef) -> TokenStream {
    let ours = ours_path(ty);
    let prost = prost_path(ty);
    let generate = generator(ty);
    let convert = converter(ty);
    quote! {
        impl crate::Sample for #ours {
            type Reference = #prost;
            fn generate(rng: &mut crate::Rng, depth: u32) -> Self {
                #generate(rng, depth)
            }
            fn to_reference(&self) -> #prost {
                #convert(self)
            }
        }
    }
}

fn record_items(schema: &Schema, ty: &TypeDef, record: &Record) -> TokenStream {
    let ours = ours_path(ty);
    let prost = prost_path(ty);
    let generate = generator(ty);
    let convert = converter(ty);
    let random_fields = record.fields.iter().map(|f| {
        let name = ident(&f.name.to_snake_case());
        let value = random(schema, &f.ty);
        quote!(#name: #value)
    });
    let prost_fields = record.fields.iter().map(|f| {
        let ours_name = ident(&f.name.to_snake_case());
        let prost_name = ident(&f.name.to_snake_case());
        let value = field_to_prost(schema, f, quote!(v.#ours_name));
        quote!(#prost_name: #value)
    });
    let doc = format!(" A random `{}`.", ty.full_name());
    let sample = sample_impl(ty);
    quote! {
        #[doc = #doc]
        pub fn #generate(rng: &mut crate::Rng, depth: u32) -> #ours {
            let _ = (&rng, depth);
            #ours { #(#random_fields,)* }
        }

        /// prost's value for the same logical value.
        pub fn #convert(v: &#ours) -> #prost {
            let _ = v;
            #prost { #(#prost_fields,)* }
        }

        #sample
    }
}

fn union_items(schema: &Schema, ty: &TypeDef, union: &Union) -> TokenStream {
    let ours = ours_path(ty);
    let prost = prost_path(ty);
    let generate = generator(ty);
    let convert = converter(ty);
    let count = union.variants.len() as u64;
    let arms = union.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.name.to_upper_camel_case());
        let value = random(schema, &v.ty);
        let index = i as u64;
        if i + 1 == union.variants.len() {
            quote!(_ => #ours::#variant(#value))
        } else {
            quote!(#index => #ours::#variant(#value))
        }
    });
    let oneof = trident_formats::protobuf::oneof_name(union);
    let oneof_field = ident(&oneof.to_snake_case());
    let oneof_enum = ident(&oneof.to_upper_camel_case());
    let module = prost_nested_module(ty);
    let conversions = union.variants.iter().map(|v| {
        let variant = ident(&v.name.to_upper_camel_case());
        let value = to_prost(schema, &v.ty, quote!(x));
        quote!(#ours::#variant(x) => #module::#oneof_enum::#variant(crate::IntoTarget::into_target(#value)))
    });
    let doc = format!(" A random `{}`, any variant.", ty.full_name());
    let sample = sample_impl(ty);
    quote! {
        #[doc = #doc]
        pub fn #generate(rng: &mut crate::Rng, depth: u32) -> #ours {
            let _ = depth;
            match rng.below(#count) {
                #(#arms,)*
            }
        }

        /// prost's value for the same logical value: the message with its oneof set.
        pub fn #convert(v: &#ours) -> #prost {
            #prost {
                #oneof_field: ::std::option::Option::Some(match v {
                    #(#conversions,)*
                }),
            }
        }

        #sample
    }
}

fn enum_items(ty: &TypeDef, e: &Enum) -> TokenStream {
    let ours = ours_path(ty);
    let prost = prost_path(ty);
    let generate = generator(ty);
    let convert = converter(ty);
    let count = e.values.len();
    let all = e.values.iter().map(|v| {
        let variant = ours_enum_variant(&ty.name, &v.name);
        quote!(#ours::#variant)
    });
    let arms = e.values.iter().map(|v| {
        let variant = ours_enum_variant(&ty.name, &v.name);
        let prost_variant = prost_enum_variant(ty, &v.name);
        quote!(#ours::#variant => #prost::#prost_variant as i32)
    });
    let doc = format!(" A random value of `{}`.", ty.full_name());
    quote! {
        #[doc = #doc]
        pub fn #generate(rng: &mut crate::Rng) -> #ours {
            const ALL: [#ours; #count] = [#(#all),*];
            ALL[rng.below(#count as u64) as usize]
        }

        /// The protobuf number, as prost's enum has it.
        pub fn #convert(v: #ours) -> i32 {
            match v {
                #(#arms,)*
            }
        }
    }
}

fn enum_rows_of(ty: &TypeDef, e: &Enum) -> Vec<TokenStream> {
    let ours = ours_path(ty);
    let prost = prost_path(ty);
    let full_name = ty.full_name();
    e.values
        .iter()
        .map(|v| {
            let variant = ours_enum_variant(&ty.name, &v.name);
            let prost_variant = prost_enum_variant(ty, &v.name);
            let symbol = &v.name;
            let number = v.number;
            quote!((#full_name, #symbol, #number, #ours::#variant as i32, #prost::#prost_variant as i32))
        })
        .collect()
}

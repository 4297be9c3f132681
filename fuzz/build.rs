//! Generates the types the decoder targets decode, into `OUT_DIR`:
//!
//! - `generated.rs`: Trident's Rust types for the example schemas (`../schemas`) and the test
//!   schemas (`../tests/schemas`: every field type, and evolved types with aliases), with
//!   `BTreeMap` maps so that encoding a value twice gives the same bytes;
//! - `types.rs`: `TYPES`, the full name of every record and union, and `visit`, which calls a
//!   [`Visit`] with the type at an index (the targets take the index from the input's first
//!   byte).

use std::path::{Path, PathBuf};

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use quote::quote;
use trident_idl::model::TypeKind;

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let roots = [
        manifest.join("../schemas"),
        manifest.join("../tests/schemas"),
    ];
    for root in &roots {
        println!("cargo:rerun-if-changed={}", root.display());
    }
    let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &roots)
        .unwrap_or_else(|e| panic!("cannot list the schemas: {e}"));
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
    let Some(schema) = checked.schema else {
        panic!(
            "the schemas have errors:\n{}",
            trident_idl::render(
                checked.diagnostics.iter(),
                &checked.sources,
                trident_idl::RenderStyle::Narrated,
            )
        );
    };

    let generated = trident_codegen::rust_single_file(
        &schema,
        &trident_codegen::Options::new().btree_map(["."]),
    )
    .unwrap_or_else(|e| panic!("Trident cannot generate Rust for the schemas: {e}"));
    write(&out.join("generated.rs"), &generated);

    let mut names = Vec::new();
    let mut paths = Vec::new();
    for ty in schema.types() {
        if matches!(ty.kind, TypeKind::Enum(_)) {
            continue;
        }
        let modules = ty
            .package
            .split('.')
            .filter(|s| !s.is_empty())
            .map(|s| ident(&s.to_snake_case()));
        let name = ident(&ty.name.to_upper_camel_case());
        names.push(ty.full_name());
        paths.push(quote!(crate::generated #(::#modules)* ::#name));
    }
    let count = names.len();
    let (last, rest) = paths.split_last().expect("the schemas declare records");
    let indices = 0..rest.len();
    let types = quote! {
        /// The full name of every record and union, in declaration order.
        pub const TYPES: [&str; #count] = [#(#names),*];

        /// Calls `visitor` with the record or union at `index` (modulo their number).
        pub fn visit<V: Visit>(index: usize, visitor: V) -> V::Output {
            match index % #count {
                #(#indices => visitor.visit::<#rest>(),)*
                _ => visitor.visit::<#last>(),
            }
        }
    };
    let file: syn::File = syn::parse2(types).expect("the type table parses");
    write(&out.join("types.rs"), &prettyplease::unparse(&file));
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

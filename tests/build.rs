//! Generates the code the interop tests compare, into `OUT_DIR`:
//!
//! - `ours.rs`: Trident's Rust types for the example schemas (`../schemas`) and the coverage
//!   schema (`schemas/`), with `BTreeMap` maps so that encodings are deterministic;
//! - `prost/_prost.rs` (and one file per package): prost's types, built by prost-build from the
//!   `.proto` text Trident exports, compiled by protox (no system `protoc`). The reference types
//!   therefore come from the exported text only, never from Trident's own descriptors;
//! - `scaffold.rs`: per record and union a random-value generator and an independent conversion
//!   to the prost type (see `build/scaffold.rs`);
//! - `avro_scaffold.rs`: per record, enum and union an independent conversion to apache-avro's
//!   generic value (see `build/avro_scaffold.rs`).

use std::path::{Path, PathBuf};

#[path = "build/avro_scaffold.rs"]
mod avro_scaffold;
#[path = "build/scaffold.rs"]
mod scaffold;

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let roots = [manifest.join("../schemas"), manifest.join("schemas")];
    println!("cargo:rerun-if-changed=build");
    for root in &roots {
        println!("cargo:rerun-if-changed={}", root.display());
    }

    let schema = check(&roots);

    let ours = trident_codegen::rust_single_file(
        &schema,
        &trident_codegen::Options::new().btree_map(["."]),
    )
    .unwrap_or_else(|e| panic!("Trident cannot generate Rust for the schemas: {e}"));
    write(&out.join("ours.rs"), &ours);

    compile_reference(&schema, &out);

    let scaffold = scaffold::generate(&schema);
    let file: syn::File = syn::parse2(scaffold)
        .unwrap_or_else(|e| panic!("the generated test scaffold does not parse: {e}"));
    write(&out.join("scaffold.rs"), &prettyplease::unparse(&file));

    let avro_scaffold = avro_scaffold::generate(&schema);
    let file: syn::File = syn::parse2(avro_scaffold)
        .unwrap_or_else(|e| panic!("the generated Avro scaffold does not parse: {e}"));
    write(&out.join("avro_scaffold.rs"), &prettyplease::unparse(&file));
}

/// Checks every schema under the roots; a schema error fails the build with the diagnostics.
fn check(roots: &[PathBuf]) -> trident_idl::Schema {
    let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, roots)
        .unwrap_or_else(|e| panic!("cannot list the schemas: {e}"));
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
    match checked.schema {
        Some(schema) => schema,
        None => panic!(
            "the schemas have errors:\n{}",
            trident_idl::render(
                checked.diagnostics.iter(),
                &checked.sources,
                trident_idl::RenderStyle::Narrated,
            )
        ),
    }
}

/// Exports the `.proto` text, compiles it with protox and generates prost's types from it.
fn compile_reference(schema: &trident_idl::Schema, out: &Path) {
    let proto_dir = out.join("proto");
    let prost_dir = out.join("prost");
    for dir in [&proto_dir, &prost_dir] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).expect("cannot clear an output folder");
        }
        std::fs::create_dir_all(dir).expect("cannot create an output folder");
    }
    let exported = trident_formats::protobuf::export(schema);
    for (name, text) in &exported {
        write(&proto_dir.join(name), text);
    }
    let mut compiler =
        protox::Compiler::new([&proto_dir]).unwrap_or_else(|e| panic!("protox cannot start: {e}"));
    // prost-build needs every file the exported ones import (google/protobuf/timestamp.proto)
    // in the set to know the messages; it still refers to prost_types for that one.
    compiler.include_imports(true);
    compiler
        .open_files(exported.iter().map(|(name, _)| name))
        .unwrap_or_else(|e| panic!("protox rejects the exported .proto files: {e:?}"));
    prost_build::Config::new()
        .btree_map(["."])
        .out_dir(&prost_dir)
        .include_file("_prost.rs")
        .compile_fds(compiler.file_descriptor_set())
        .unwrap_or_else(|e| panic!("prost-build fails on the exported .proto files: {e}"));
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("cannot create an output folder");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

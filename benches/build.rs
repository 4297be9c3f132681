//! Generates the types the format benchmarks compare, into `OUT_DIR`:
//!
//! - `trident.rs`: Trident's Rust types for the datasets' schemas (`schemas/`);
//! - `prost/_prost.rs`: prost's types, built by prost-build from the `.proto` text Trident
//!   exports for the same schemas, compiled by protox (no system `protoc`).

use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let root = manifest.join("schemas");
    println!("cargo:rerun-if-changed={}", root.display());

    let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &[root])
        .unwrap_or_else(|e| panic!("cannot list the schemas: {e}"));
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
    let Some(schema) = checked.schema else {
        panic!(
            "the benchmark schemas have errors:\n{}",
            trident_idl::render(
                checked.diagnostics.iter(),
                &checked.sources,
                trident_idl::RenderStyle::Narrated,
            )
        );
    };

    let ours = trident_codegen::rust_single_file(&schema, &trident_codegen::Options::new())
        .unwrap_or_else(|e| panic!("Trident cannot generate Rust for the schemas: {e}"));
    write(&out.join("trident.rs"), &ours);

    let proto_dir = out.join("proto");
    let prost_dir = out.join("prost");
    for dir in [&proto_dir, &prost_dir] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).expect("cannot clear an output folder");
        }
        std::fs::create_dir_all(dir).expect("cannot create an output folder");
    }
    let exported = trident_formats::protobuf::export(&schema);
    for (name, text) in &exported {
        write(&proto_dir.join(name), text);
    }
    let mut compiler =
        protox::Compiler::new([&proto_dir]).unwrap_or_else(|e| panic!("protox cannot start: {e}"));
    compiler.include_imports(true);
    compiler
        .open_files(exported.iter().map(|(name, _)| name))
        .unwrap_or_else(|e| panic!("protox rejects the exported .proto files: {e:?}"));
    prost_build::Config::new()
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

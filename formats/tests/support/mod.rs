//! Helpers shared by the protobuf tests: checking schemas and compiling `.proto` text with
//! protox, entirely in memory.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use prost_types::source_code_info::Location;
use prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    FileDescriptorSet,
};
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};
use trident_formats::protobuf::ProtoSchema;
use trident_idl::Schema;

/// Checks one schema file given as text; panics with the rendered diagnostics on any.
pub(crate) fn schema(text: &str) -> Schema {
    let checked = trident_idl::check_source("t.tri", text);
    assert_no_diagnostics(&checked);
    checked.schema.expect("no errors, so a schema")
}

/// Checks several files given as `(path, text)`, all of them inputs.
pub(crate) fn schema_files(files: &[(&str, &str)]) -> Schema {
    let mut fs = trident_idl::MemoryFileSystem::new();
    for (path, text) in files {
        fs = fs.with(path, *text);
    }
    let inputs: Vec<PathBuf> = files.iter().map(|(path, _)| PathBuf::from(path)).collect();
    let checked = trident_idl::check(&fs, &inputs, &trident_idl::Options::new());
    assert_no_diagnostics(&checked);
    checked.schema.expect("no errors, so a schema")
}

/// Every example schema of the repository, checked together.
pub(crate) fn examples() -> Schema {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    check_dir(dir)
}

/// Every `.tri` file under `dir`, checked together.
pub(crate) fn check_dir(dir: PathBuf) -> Schema {
    let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &[dir])
        .expect("the folder can be read");
    let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
    assert_no_diagnostics(&checked);
    checked.schema.expect("no errors, so a schema")
}

fn assert_no_diagnostics(checked: &trident_idl::Checked) {
    let rendered = trident_idl::render(
        &checked.diagnostics,
        &checked.sources,
        trident_idl::RenderStyle::Narrated,
    );
    assert!(checked.diagnostics.is_empty(), "{rendered}");
}

/// `.proto` files held in memory.
struct Memory(BTreeMap<String, String>);

impl FileResolver for Memory {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        match self.0.get(name) {
            Some(source) => File::from_source(name, source),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Compiles `(file name, text)` pairs with protox (well-known types built in), keeping source
/// info; returns the descriptors of the given files, in the order given.
pub(crate) fn compile(files: &[(String, String)]) -> Result<Vec<FileDescriptorProto>, String> {
    let mut resolver = ChainFileResolver::new();
    resolver.add(Memory(files.iter().cloned().collect()));
    resolver.add(GoogleFileResolver::new());
    let mut compiler = protox::Compiler::with_file_resolver(resolver);
    compiler.include_source_info(true);
    for (name, _) in files {
        compiler.open_file(name).map_err(|e| format!("{e:?}"))?;
    }
    let set: FileDescriptorSet = compiler.file_descriptor_set();
    Ok(files
        .iter()
        .map(|(name, _)| {
            set.file
                .iter()
                .find(|f| f.name() == name)
                .cloned()
                .expect("every opened file is in the set")
        })
        .collect())
}

/// The descriptor without its source info.
pub(crate) fn without_source_info(file: &FileDescriptorProto) -> FileDescriptorProto {
    FileDescriptorProto {
        source_code_info: None,
        ..file.clone()
    }
}

/// Asserts that protox, compiling the exported text, builds exactly the descriptors `lower`
/// built, and that every location `lower` wrote (span and comments) is one protox found.
pub(crate) fn assert_round_trip(schema: &Schema) {
    let lowered = trident_formats::protobuf::lower(schema);
    let exported = trident_formats::protobuf::export(schema);
    let names: Vec<&str> = exported.iter().map(|(n, _)| n.as_str()).collect();
    let lowered_names: Vec<&str> = lowered.files.file.iter().map(|f| f.name()).collect();
    assert_eq!(names, lowered_names);
    let compiled = match compile(&exported) {
        Ok(compiled) => compiled,
        Err(e) => {
            let texts: Vec<String> = exported
                .iter()
                .map(|(n, t)| format!("== {n}\n{t}"))
                .collect();
            panic!("protox rejects the export: {e}\n{}", texts.join("\n"));
        }
    };
    for ((name, text), (ours, theirs)) in exported
        .iter()
        .zip(lowered.files.file.iter().zip(&compiled))
    {
        assert_eq!(
            without_source_info(ours),
            without_source_info(theirs),
            "descriptors of {name} differ; text:\n{text}"
        );
        let their_locations = &theirs
            .source_code_info
            .as_ref()
            .expect("protox keeps source info")
            .location;
        for location in &ours
            .source_code_info
            .as_ref()
            .expect("lower writes source info")
            .location
        {
            let found = their_locations.iter().find(|l| l.path == location.path);
            let found = found
                .unwrap_or_else(|| panic!("{name}: protox has no location {:?}", location.path));
            assert_eq!(
                (
                    &location.span,
                    &location.leading_comments,
                    &location.trailing_comments,
                    &location.leading_detached_comments
                ),
                (
                    &found.span,
                    &found.leading_comments,
                    &found.trailing_comments,
                    &found.leading_detached_comments
                ),
                "{name}: location {:?} differs; text:\n{text}",
                location.path
            );
        }
    }
}

/// Checks a one-file schema, lowers it, and checks that protox agrees with the lowering.
pub(crate) fn lowered(text: &str) -> (Schema, ProtoSchema) {
    let schema = schema(text);
    assert_round_trip(&schema);
    let proto = trident_formats::protobuf::lower(&schema);
    (schema, proto)
}

/// The only `.proto` file of a one-package schema, as text.
pub(crate) fn exported(schema: &Schema) -> String {
    let mut files = trident_formats::protobuf::export(schema);
    assert_eq!(files.len(), 1, "one package, one file");
    files.remove(0).1
}

/// The only file of a one-package schema.
pub(crate) fn only_file(proto: &ProtoSchema) -> &FileDescriptorProto {
    assert_eq!(proto.files.file.len(), 1);
    &proto.files.file[0]
}

/// The top-level message called `name`.
pub(crate) fn message<'a>(file: &'a FileDescriptorProto, name: &str) -> &'a DescriptorProto {
    file.message_type
        .iter()
        .find(|m| m.name() == name)
        .unwrap_or_else(|| panic!("no message {name}"))
}

/// The top-level enum called `name`.
pub(crate) fn enum_<'a>(file: &'a FileDescriptorProto, name: &str) -> &'a EnumDescriptorProto {
    file.enum_type
        .iter()
        .find(|e| e.name() == name)
        .unwrap_or_else(|| panic!("no enum {name}"))
}

/// The field of `message` called `name`.
pub(crate) fn field<'a>(message: &'a DescriptorProto, name: &str) -> &'a FieldDescriptorProto {
    message
        .field
        .iter()
        .find(|f| f.name() == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// The source location of the element at `path`.
pub(crate) fn location<'a>(file: &'a FileDescriptorProto, path: &[i32]) -> &'a Location {
    file.source_code_info
        .as_ref()
        .and_then(|info| info.location.iter().find(|l| l.path == path))
        .unwrap_or_else(|| panic!("no location {path:?}"))
}

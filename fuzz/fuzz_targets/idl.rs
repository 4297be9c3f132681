//! Fuzzes the schema front end: the input, as text (invalid UTF-8 replaced), is a `.tri` file
//! checked beside the example schemas (so that it can import them), and every diagnostic is
//! rendered, graphically and narrated, and turned into its JSON record.
//!
//! Nothing may panic, and the front end's promises must hold: a model exactly when there are
//! no errors, every label inside its file on character boundaries, every message non-empty, a
//! rendering exactly when there are diagnostics. When the file checks clean, the protobuf and
//! Avro exporters and the Rust generator must accept the model, and every exported Avro schema
//! must parse with the runtime's parser (generated code parses it at run time).

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use trident_idl::{MemoryFileSystem, Options, RenderStyle};

const EXAMPLES: [(&str, &str); 4] = [
    ("common.tri", include_str!("../../schemas/common.tri")),
    ("shop.tri", include_str!("../../schemas/shop.tri")),
    ("telemetry.tri", include_str!("../../schemas/telemetry.tri")),
    ("documents.tri", include_str!("../../schemas/documents.tri")),
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fs = MemoryFileSystem::new();
    for (name, example) in EXAMPLES {
        fs.insert(name, example);
    }
    fs.insert("fuzz.tri", text.as_ref());
    let checked = trident_idl::check(&fs, &[PathBuf::from("fuzz.tri")], &Options::new());

    assert_eq!(checked.schema.is_some(), !checked.diagnostics.has_errors());
    for d in &checked.diagnostics {
        assert!(!d.message().is_empty(), "{:?} has no message", d.code());
        for label in std::iter::once(d.primary()).chain(d.secondary()) {
            let file = checked.sources.file(label.span.file).text();
            let (start, end) = (label.span.start as usize, label.span.end as usize);
            assert!(
                start <= end && end <= file.len(),
                "{:?}: label {start}..{end} outside its file",
                d.code()
            );
            assert!(
                file.is_char_boundary(start) && file.is_char_boundary(end),
                "{:?}: label {start}..{end} not on character boundaries",
                d.code()
            );
        }
        let record = d.to_record(&checked.sources);
        serde_json::to_string(&record).expect("a diagnostic record serializes");
    }
    for style in [
        RenderStyle::Graphical { color: true },
        RenderStyle::Narrated,
    ] {
        let rendered = trident_idl::render(&checked.diagnostics, &checked.sources, style);
        assert_eq!(rendered.is_empty(), checked.diagnostics.is_empty());
    }

    let Some(schema) = checked.schema else {
        return;
    };
    trident_formats::protobuf::export(&schema);
    for (name, avsc) in trident_formats::avro::export(&schema) {
        if let Err(e) = trident::AvroSchema::parse_str(&avsc) {
            panic!("the exported {name} does not parse: {e}\n{avsc}");
        }
    }
    if let Err(e) = trident_codegen::rust_single_file(&schema, &trident_codegen::Options::new()) {
        panic!("code generation fails on a clean schema: {e}");
    }
});

//! The generated benchmark schema is valid, about as large as asked for, and deterministic.

use std::path::PathBuf;

use trident_benches::{large_schema, line_count};
use trident_idl::{MemoryFileSystem, Options};

#[test]
fn the_generated_schema_checks_clean_and_has_the_requested_size() {
    let files = large_schema(100_000, 8);
    let lines = line_count(&files);
    assert!((100_000..110_000).contains(&lines), "{lines} lines");
    let mut fs = MemoryFileSystem::new();
    for f in &files {
        fs.insert(&f.path, f.text.clone());
    }
    let inputs: Vec<PathBuf> = files.iter().map(|f| PathBuf::from(&f.path)).collect();
    let checked = trident_idl::check(&fs, &inputs, &Options::new());
    let rendered = trident_idl::render(
        &checked.diagnostics,
        &checked.sources,
        trident_idl::RenderStyle::Narrated,
    );
    assert!(
        checked.diagnostics.is_empty(),
        "{}",
        &rendered[..rendered.len().min(2000)]
    );
    let schema = checked.schema.unwrap();
    assert!(
        schema.types().len() > 5_000,
        "{} types",
        schema.types().len()
    );
    assert_eq!(schema.packages().len(), 8);
}

#[test]
fn generation_is_deterministic() {
    let a = large_schema(5_000, 3);
    let b = large_schema(5_000, 3);
    assert_eq!(
        a.iter().map(|f| &f.text).collect::<Vec<_>>(),
        b.iter().map(|f| &f.text).collect::<Vec<_>>()
    );
}

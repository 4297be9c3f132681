//! `trident import` round trips: every `.avsc` of the compatibility corpus (`compat/tests/avsc`,
//! both sides of each case) and every record and enum exported from `schemas/` is imported to
//! `.tri`, checked, exported to Avro again and compared with the original by the compatibility
//! checker (Avro, full mode: both directions must hold). Inputs that are refused must be refused
//! as unsupported constructs, and the list of refusals is a snapshot, so that nothing is refused
//! by accident.

use std::path::{Path, PathBuf};

use serde_json::Value;
use trident_compat::{CheckOptions, Format, Mode, Version};
use trident_formats::import::{ErrorKind, ImportOptions, import_avro};

/// The package of the corpus's types without a namespace.
const DEFAULT_PACKAGE: &str = "imported";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `.avsc` files of one side of a corpus case: `old.avsc`, or the files of `old/`.
fn side(dir: &Path, which: &str) -> Vec<(String, String)> {
    let file = dir.join(format!("{which}.avsc"));
    let paths = if file.is_file() {
        vec![file]
    } else {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join(which))
            .expect("a side folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "avsc"))
            .collect();
        paths.sort();
        paths
    };
    paths
        .iter()
        .map(|p| {
            let name = p
                .strip_prefix(dir)
                .expect("inside the case")
                .display()
                .to_string();
            (name, std::fs::read_to_string(p).expect("readable"))
        })
        .collect()
}

/// The full name of a file's top-level named type, as the import names it.
fn root_name(text: &str) -> Option<String> {
    let json: Value = serde_json::from_str(text).ok()?;
    let name = json.get("name")?.as_str()?;
    if name.contains('.') {
        return Some(name.to_string());
    }
    let namespace = json
        .get("namespace")
        .and_then(Value::as_str)
        .filter(|ns| !ns.is_empty())
        .unwrap_or(DEFAULT_PACKAGE);
    Some(format!("{namespace}.{name}"))
}

/// Imports the files, checks the `.tri` result and exports it to Avro again: the `.avsc` files
/// of the original top-level types. `Err` holds the refusal, as one line.
fn round_trip(files: &[(String, String)]) -> Result<Vec<(String, String)>, String> {
    let inputs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let options = ImportOptions::new().default_package(DEFAULT_PACKAGE);
    let tri = match import_avro(&inputs, &options) {
        Ok(tri) => tri,
        Err(e) => match e.kind {
            ErrorKind::Unsupported(construct) => return Err(format!("{}: {e}", construct.name())),
            ErrorKind::Invalid => panic!("refused as invalid, not as unsupported: {e}"),
        },
    };
    let mut fs = trident_idl::MemoryFileSystem::new();
    for (path, text) in &tri {
        fs.insert(path, text.as_str());
    }
    let paths: Vec<PathBuf> = tri.iter().map(|(p, _)| p.into()).collect();
    let checked = trident_idl::check(&fs, &paths, &trident_idl::Options::new());
    assert!(
        !checked.diagnostics.has_errors(),
        "the imported .tri has errors: {:?}\n{tri:#?}",
        checked.diagnostics
    );
    let schema = checked.schema.expect("a checked schema");
    let wanted: Vec<String> = files.iter().filter_map(|(_, t)| root_name(t)).collect();
    Ok(trident_formats::avro::export(&schema)
        .into_iter()
        .filter(|(name, _)| wanted.iter().any(|w| format!("{w}.avsc") == *name))
        .collect())
}

/// Asserts that the re-exported schemas and the originals resolve in both directions.
fn assert_equivalent(label: &str, original: &[(String, String)], again: &[(String, String)]) {
    let as_refs = |files: &[(String, String)]| -> Vec<(String, String)> { files.to_vec() };
    let load = |which: &str, files: &[(String, String)]| {
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Version::from_sources(which, &refs)
            .unwrap_or_else(|e| panic!("{label}: the {which} schemas do not load: {e}"))
    };
    let old = load("original", &as_refs(original));
    let new = load("reimported", &as_refs(again));
    assert!(old.is_avsc() && new.is_avsc(), "{label}: not read as .avsc");
    let options = CheckOptions {
        mode: Mode::Full,
        formats: vec![Format::Avro],
        ..CheckOptions::default()
    };
    let report = trident_compat::check(&new, &[old], &options);
    assert!(
        report.compatible,
        "{label}: the re-exported schemas do not resolve with the originals:\n{}\n{again:#?}",
        report.render(trident_idl::RenderStyle::Narrated)
    );
}

#[test]
fn every_importable_corpus_schema_survives_the_round_trip_and_refusals_are_documented() {
    let corpus = root().join("compat/tests/avsc");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("the corpus")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let (mut imported, mut refused) = (0, Vec::new());
    for dir in &dirs {
        let case = dir
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        for which in ["old", "new"] {
            let files = side(dir, which);
            match round_trip(&files) {
                Ok(again) => {
                    assert_equivalent(&format!("{case}/{which}"), &files, &again);
                    imported += 1;
                }
                Err(why) => refused.push(format!("{case}/{which}: {why}")),
            }
        }
    }
    assert!(imported >= 80, "only {imported} sides imported");
    insta::assert_snapshot!("refused", refused.join("\n"));
}

#[test]
fn the_example_schemas_exported_to_avro_survive_the_round_trip() {
    let files =
        trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &[root().join("schemas")])
            .expect("the examples");
    let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
    let schema = checked.schema.expect("the examples check");
    // A `.tri` union is exported as a file of its own, a top-level union, which `.tri` does not
    // declare: it is imported through the fields that use it.
    let exported: Vec<(String, String)> = trident_formats::avro::export(&schema)
        .into_iter()
        .filter(|(_, text)| root_name(text).is_some())
        .collect();
    assert!(exported.len() > 10);
    let again = round_trip(&exported).unwrap_or_else(|e| panic!("refused: {e}"));
    assert_eq!(again.len(), exported.len());
    assert_equivalent("schemas/", &exported, &again);
}

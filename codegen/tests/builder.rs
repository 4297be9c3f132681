//! The build.rs `Builder`: what it writes, the cargo instructions it prints, and how it fails.

use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn compile_writes_one_file_and_asks_to_rerun_for_every_schema_and_import() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "schemas/shop.tri",
        "package shop;\nimport \"common.tri\";\nrecord Order { total @1: common.Money; }\n",
    );
    write(
        dir.path(),
        "schemas/common.tri",
        "package common;\nrecord Money { units @1: i64; }\n",
    );
    write(
        dir.path(),
        "unused.tri",
        "package unused;\nimport \"schemas/common.tri\";\nrecord U {}\n",
    );
    let mut cargo = Vec::new();
    let path = trident_codegen::Builder::new()
        .schema(dir.path().join("schemas/shop.tri"))
        .schema(dir.path().join("unused.tri"))
        .out_dir(dir.path().join("out"))
        .compile_with_output(&mut cargo)
        .unwrap();
    assert_eq!(path, dir.path().join("out/trident.rs"));
    let code = std::fs::read_to_string(&path).unwrap();
    assert!(code.contains("pub mod shop {") && code.contains("pub struct Money {"));
    let cargo = String::from_utf8(cargo).unwrap();
    let reruns: Vec<&str> = cargo
        .lines()
        .filter(|l| l.starts_with("cargo:rerun-if-changed="))
        .collect();
    for file in ["schemas/shop.tri", "schemas/common.tri", "unused.tri"] {
        assert!(
            reruns.iter().any(|l| l.ends_with(file)),
            "{file} in {reruns:?}"
        );
    }
    // The unused import is a warning, passed on to cargo.
    assert!(
        cargo.contains("cargo:warning=") && cargo.contains("[W001]"),
        "{cargo}"
    );
}

#[test]
fn schema_errors_fail_with_the_rendered_report() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.tri",
        "package p;\nrecord R { a @1: i32; b @1: i32; }\n",
    );
    let err = trident_codegen::Builder::new()
        .schema(dir.path().join("bad.tri"))
        .out_dir(dir.path().join("out"))
        .compile_with_output(&mut Vec::new())
        .unwrap_err();
    let text = format!("{err:?}");
    assert!(text.contains("E201"), "{text}");
    assert!(text.contains("field number 1 is used twice"), "{text}");
    assert!(text.contains("bad.tri:2:"), "{text}");
    assert!(!dir.path().join("out/trident.rs").exists());
}

#[test]
fn a_missing_schema_path_is_an_io_error() {
    let err = trident_codegen::Builder::new()
        .schema("/nonexistent/schemas")
        .out_dir(std::env::temp_dir())
        .compile_with_output(&mut Vec::new())
        .unwrap_err();
    assert!(err.to_string().contains("cannot read the schemas"), "{err}");
}

#[test]
fn an_unchanged_file_is_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.tri", "package a;\nrecord A {}\n");
    let build = || {
        trident_codegen::Builder::new()
            .schema(dir.path().join("a.tri"))
            .out_dir(dir.path())
            .file_name("gen.rs")
            .compile_with_output(&mut Vec::new())
            .unwrap()
    };
    let path = build();
    let first = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    build();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), first);
}

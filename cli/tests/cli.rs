//! The `trident` binary end to end: exit statuses, text and JSON output, include roots, help.

mod support;

use std::path::Path;
use std::process::Command;
use support::{stderr, trident, write};

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_example_schemas_check_clean() {
    let out = trident(&["check", "schemas"], workspace());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("checked 4 files: no problems"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn errors_exit_1_with_narrated_text_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.tri",
        "package p;\nrecord R {\n  a @1: i32;\n  b @1: i32;\n}\n",
    );
    let out = trident(&["check", "bad.tri"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("field number 1 is used twice"), "{text}");
    assert!(text.contains("diagnostic code: E201"), "{text}");
    assert!(text.contains("bad.tri"), "{text}");
    assert!(
        text.contains("label at line 4, columns 5 to 6: used again here"),
        "{text}"
    );
    assert!(
        text.contains("checked 1 file: 1 error, 0 warnings"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes in narrated output"
    );
}

#[test]
fn json_output_lists_every_diagnostic_with_position() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.tri",
        "package p;\nrecord R {\n  a @1: Strng;\n}\n",
    );
    write(
        dir.path(),
        "b.tri",
        "package q;\nimport \"a.tri\";\nenum E { A = 1; }\n",
    );
    let out = trident(&["check", ".", "--output", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = json.as_array().unwrap();
    let summary: Vec<(String, String, u64, u64)> = items
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("E105".to_string(), "a.tri".to_string(), 3, 9),
            ("W001".to_string(), "b.tri".to_string(), 2, 1),
            ("E209".to_string(), "b.tri".to_string(), 3, 14),
        ]
    );
    assert_eq!(items[0]["severity"], "error");
    assert_eq!(items[1]["severity"], "warning");
    assert_eq!(items[0]["message"], "unknown type `Strng`");
    assert_eq!(items[0]["help"], "did you mean `string`?");
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn clean_json_is_an_empty_array() {
    let out = trident(&["check", "schemas", "--output", "json"], workspace());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

#[test]
fn warnings_alone_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.tri", "package a;\nrecord A {}\n");
    write(
        dir.path(),
        "b.tri",
        "package b;\nimport \"a.tri\";\nrecord B {}\n",
    );
    let out = trident(&["check", "b.tri"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("W001"), "{}", stderr(&out));
}

#[test]
fn include_roots_come_from_dash_i() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "protos/common/money.tri",
        "package common;\nrecord Money { units @1: i64; }\n",
    );
    write(
        dir.path(),
        "app/order.tri",
        "package app;\nimport \"common/money.tri\";\nrecord Order { total @1: common.Money; }\n",
    );
    let without = trident(&["check", "app"], dir.path());
    assert_eq!(without.status.code(), Some(1));
    assert!(stderr(&without).contains("E003"), "{}", stderr(&without));
    let with = trident(&["check", "app", "-I", "protos"], dir.path());
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
}

#[test]
fn no_paths_means_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "nested/x.tri",
        "package x;\nrecord X { broken @0: i32; }\n",
    );
    let out = trident(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("E204"), "{}", stderr(&out));
}

#[test]
fn usage_problems_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = trident(&["check", "nope.tri"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("nope.tri: no such file or directory"),
        "{}",
        stderr(&missing)
    );
    let empty = trident(&["check", "."], dir.path());
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("no .tri files found"),
        "{}",
        stderr(&empty)
    );
    let flag = trident(&["check", "--bogus"], dir.path());
    assert_eq!(flag.status.code(), Some(2));
    let format = trident(&["check", "--output", "xml"], dir.path());
    assert_eq!(format.status.code(), Some(2));
    let include = trident(&["check", "-I", "missing-dir", "."], dir.path());
    assert_eq!(include.status.code(), Some(2));
}

#[test]
fn no_color_switches_to_narrated_text() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.tri",
        "package p;\nrecord R { a @1: i32; a @2: i32; }\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_trident"))
        .args(["check", "bad.tri"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("diagnostic code: E102"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_texts() {
    let top = trident(&["--help"], workspace());
    assert_eq!(top.status.code(), Some(0));
    insta::assert_snapshot!("help", String::from_utf8_lossy(&top.stdout));
    let check = trident(&["check", "--help"], workspace());
    insta::assert_snapshot!("check_help", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn gen_rust_writes_a_module_tree() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = workspace().join("schemas");
    let out = trident(
        &["gen", "rust", schemas.to_str().unwrap(), "-o", "gen"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for file in [
        "mod.rs",
        "acme/mod.rs",
        "acme/shop/mod.rs",
        "acme/common/mod.rs",
    ] {
        let text = std::fs::read_to_string(dir.path().join("gen").join(file)).unwrap();
        assert!(text.starts_with("// @generated by Trident."), "{file}");
    }
    let shop = std::fs::read_to_string(dir.path().join("gen/acme/shop/mod.rs")).unwrap();
    assert!(shop.contains("pub struct Order {"));
    let single = trident(
        &[
            "gen",
            "rust",
            schemas.to_str().unwrap(),
            "-o",
            "one",
            "--single-file",
        ],
        dir.path(),
    );
    assert_eq!(single.status.code(), Some(0), "{}", stderr(&single));
    let text = std::fs::read_to_string(dir.path().join("one/trident.rs")).unwrap();
    assert!(text.contains("pub mod shop {"));
}

#[test]
fn export_proto_writes_one_file_per_package() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = workspace().join("schemas");
    let out = trident(
        &["export", "proto", schemas.to_str().unwrap(), "-o", "proto"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shop = std::fs::read_to_string(dir.path().join("proto/acme/shop.proto")).unwrap();
    assert!(shop.contains("package acme.shop;"));
    assert!(shop.contains("import \"google/protobuf/timestamp.proto\";"));
    assert!(dir.path().join("proto/acme/telemetry.proto").is_file());
}

#[test]
fn build_checks_then_writes_rust_and_proto() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = workspace().join("schemas");
    let out = trident(
        &["build", schemas.to_str().unwrap(), "-o", "out"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("out/rust/acme/shop/mod.rs").is_file());
    assert!(dir.path().join("out/proto/acme/shop.proto").is_file());
    assert!(
        stderr(&out).contains("wrote 6 Rust file(s)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn generating_from_broken_schemas_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.tri",
        "package p;\nrecord R { a @1: Missing; }\n",
    );
    for args in [
        &["gen", "rust", "bad.tri", "-o", "out"][..],
        &["export", "proto", "bad.tri", "-o", "out"],
        &["build", "bad.tri", "-o", "out"],
    ] {
        let out = trident(args, dir.path());
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("E105"), "{}", stderr(&out));
        assert!(!dir.path().join("out").exists(), "{args:?} wrote output");
    }
}

fn breaking_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "old/shop.tri",
        "package shop;\nrecord Order {\n  id @1: string;\n  coupon @2: optional<string>;\n}\n",
    );
    write(
        dir.path(),
        "new/shop.tri",
        "package shop;\nrecord Order {\n  id @1: string;\n}\n",
    );
    dir
}

#[test]
fn breaking_exits_1_and_reports_json_in_the_documented_shape() {
    let dir = breaking_fixture();
    let out = trident(
        &["breaking", "new", "--against", "old", "--output", "json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["compatible"], false);
    assert_eq!(json["verdicts"]["protobuf"]["backward"], false);
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "FIELD_REMOVED");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["type"], "shop.Order");
    assert_eq!(finding["field"], "coupon");
    assert_eq!(finding["old"]["file"], "old/shop.tri");
    assert_eq!(finding["old"]["line"], 4);
    assert_eq!(finding["old"]["column"], 3);
    assert_eq!(
        finding["new"],
        serde_json::Value::Null,
        "the field has no place in the new version"
    );
    let keys: Vec<&String> = finding.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "rule", "severity", "breaks", "message", "type", "field", "old", "new"
        ],
        "exactly the documented keys, in the documented order"
    );
    assert!(
        finding["breaks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["format"] == "protobuf" && b["direction"] == "forward")
    );
}

#[test]
fn breaking_exits_0_when_compatible_and_2_when_it_cannot_run() {
    let dir = breaking_fixture();
    let same = trident(&["breaking", "old", "--against", "old"], dir.path());
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert!(
        stderr(&same).contains("compatible: 0 breaking"),
        "{}",
        stderr(&same)
    );
    let missing = trident(&["breaking", "new", "--against", "nowhere"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
    write(
        dir.path(),
        "bad/shop.tri",
        "package shop;\nrecord Order { id @1: Strng; }\n",
    );
    let bad = trident(&["breaking", "new", "--against", "bad"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("E105"), "{}", stderr(&bad));
    let no_against = trident(&["breaking", "new"], dir.path());
    assert_eq!(no_against.status.code(), Some(2));
}

#[test]
fn allowed_breaks_are_reported_but_do_not_fail() {
    let dir = breaking_fixture();
    write(
        dir.path(),
        "allow.txt",
        "# accepted in review\nFIELD_REMOVED shop.Order.coupon # coupons are gone for good\n",
    );
    let out = trident(
        &[
            "breaking",
            "new",
            "--against",
            "old",
            "--allow-file",
            "allow.txt",
            "--output",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["compatible"], true);
    assert_eq!(json["findings"][0]["severity"], "allowed");
    let flag = trident(
        &[
            "breaking",
            "new",
            "--against",
            "old",
            "--allow",
            "FIELD_REMOVED=shop.Order",
        ],
        dir.path(),
    );
    assert_eq!(flag.status.code(), Some(0), "{}", stderr(&flag));
    let unknown = trident(
        &[
            "breaking",
            "new",
            "--against",
            "old",
            "--allow",
            "NO_SUCH_RULE=x",
        ],
        dir.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn breaking_writes_github_annotations() {
    let dir = breaking_fixture();
    let out = trident(
        &["breaking", "new", "--against", "old", "--output", "github"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("::error file=new/shop.tri,line=2,col=8,title=FIELD_REMOVED::field `coupon` (@2) of `shop.Order` was removed"), "{text}");
}

#[test]
fn modes_and_formats_select_what_counts() {
    let dir = tempfile::tempdir().unwrap();
    // A required field added: breaks backward readers in Avro and JSON, not protobuf.
    write(
        dir.path(),
        "old/a.tri",
        "package p;\nrecord R { a @1: i32; }\n",
    );
    write(
        dir.path(),
        "new/a.tri",
        "package p;\nrecord R { a @1: i32; b @2: i32; }\n",
    );
    let forward = trident(
        &["breaking", "new", "--against", "old", "--mode", "forward"],
        dir.path(),
    );
    assert_eq!(forward.status.code(), Some(0), "{}", stderr(&forward));
    // The finding is still reported, as a warning, with what it breaks.
    let forward_json = trident(
        &[
            "breaking",
            "new",
            "--against",
            "old",
            "--mode",
            "forward",
            "--output",
            "json",
        ],
        dir.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&forward_json.stdout).unwrap();
    assert_eq!(report["compatible"], true);
    assert_eq!(report["verdicts"]["avro"]["backward"], false);
    assert_eq!(report["findings"][0]["rule"], "FIELD_ADDED");
    assert_eq!(report["findings"][0]["severity"], "warning");
    assert_eq!(report["findings"][0]["breaks"][0]["direction"], "backward");
    let proto = trident(
        &[
            "breaking",
            "new",
            "--against",
            "old",
            "--formats",
            "protobuf",
        ],
        dir.path(),
    );
    assert_eq!(proto.status.code(), Some(0), "{}", stderr(&proto));
    let full = trident(&["breaking", "new", "--against", "old"], dir.path());
    assert_eq!(full.status.code(), Some(1), "{}", stderr(&full));
}

#[test]
fn transitive_checks_every_earlier_version() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "v1/a.tri",
        "package p;\nrecord R { a @1: i32; b @2: string; }\n",
    );
    write(
        dir.path(),
        "v2/a.tri",
        "package p;\nrecord R { a @1: i32; reserved @2; }\n",
    );
    write(
        dir.path(),
        "v3/a.tri",
        "package p;\nrecord R { a @1: i32; b @2: bytes; }\n",
    );
    let latest = trident(
        &[
            "breaking",
            "v3",
            "--against",
            "v2",
            "--against",
            "v1",
            "--formats",
            "protobuf",
        ],
        dir.path(),
    );
    assert!(
        stderr(&latest).contains("RESERVED_REUSED"),
        "{}",
        stderr(&latest)
    );
    let all = trident(
        &[
            "breaking",
            "v3",
            "--against",
            "v2",
            "--against",
            "v1",
            "--transitive",
            "--formats",
            "protobuf",
            "--output",
            "json",
        ],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"FIELD_TYPE_CHANGED"),
        "v1 → v3 string → bytes: {rules:?}"
    );
}

//! `trident breaking` on plain protobuf schemas (`.proto` files and folders): exit statuses, JSON
//! output with positions in the `.proto` files, imports through `-I`, proto2, services, load
//! errors, comparing with `.tri` schemas, and git references.

mod support;

use std::path::Path;
use std::process::Output;
use support::{git, stderr, stdout, trident, write};

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", stdout(out), stderr(out)))
}

const COMMON: &str = "syntax = \"proto3\";\npackage acme.common;\n\nmessage Money {\n  int64 \
                      units = 1;\n  string currency = 2;\n}\n";

const OLD_ORDER: &str = r#"syntax = "proto3";
package acme.shop;

import "acme/common/money.proto";

message Order {
  string id = 1;
  acme.common.Money total = 2;
  repeated string tags = 3;
}

service Orders {
  rpc Get(Order) returns (Order);
}
"#;

/// Field 3 removed without reserving it; `Get` now streams its response.
const NEW_ORDER: &str = r#"syntax = "proto3";
package acme.shop;

import "acme/common/money.proto";

message Order {
  string id = 1;
  acme.common.Money total = 2;
}

service Orders {
  rpc Get(Order) returns (stream Order);
}
"#;

/// `old/` and `new/` hold `order.proto`, which imports `acme/common/money.proto` from the
/// include folder `include/`.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "include/acme/common/money.proto", COMMON);
    write(dir.path(), "old/order.proto", OLD_ORDER);
    write(dir.path(), "new/order.proto", NEW_ORDER);
    dir
}

#[test]
fn proto_folders_report_protobuf_and_json_with_positions_in_the_proto_files() {
    let dir = fixture();
    let out = trident(
        &[
            "breaking",
            "new",
            "--against",
            "old",
            "-I",
            "include",
            "--output",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json = json(&out);
    assert_eq!(json["compatible"], false);
    assert_eq!(json["skipped"], serde_json::json!(["avro"]));
    let verdicts = &json["verdicts"];
    assert_eq!(verdicts["protobuf"]["backward"], false);
    assert_eq!(verdicts["json"]["forward"], false);
    assert!(verdicts.get("avro").is_none());
    let findings = json["findings"].as_array().expect("findings");
    let rules: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(
        rules,
        ["FIELD_REMOVED", "RPC_STREAMING_CHANGED"],
        "{findings:#?}"
    );
    let removed = &findings[0];
    assert_eq!(removed["type"], "acme.shop.Order");
    assert_eq!(removed["field"], "tags");
    // `repeated string tags = 3;` is line 9 of the old file; `tags` starts at column 19.
    assert_eq!(removed["old"]["file"], "old/order.proto");
    assert_eq!(removed["old"]["line"], 9);
    assert_eq!(removed["old"]["column"], 19);
    // The new version has no such field (the text output labels the message that lost it).
    assert_eq!(removed["new"], serde_json::Value::Null);
    let streaming = &findings[1];
    assert_eq!(streaming["type"], "acme.shop.Orders");
    assert_eq!(streaming["field"], "Get");
    assert_eq!(streaming["new"]["line"], 12);
}

#[test]
fn a_change_in_an_imported_file_is_judged_through_the_fields_that_use_it() {
    let dir = fixture();
    write(dir.path(), "new/order.proto", OLD_ORDER);
    // The new include folder's Money changes `units` to a string; Money itself is not an input.
    write(
        dir.path(),
        "include2/acme/common/money.proto",
        &COMMON.replace("int64 units", "string units"),
    );
    let old = trident(
        &["breaking", "new", "--against", "old", "-I", "include"],
        dir.path(),
    );
    assert_eq!(old.status.code(), Some(0), "{}", stderr(&old));
    // Imported types are not compared on their own: the same import on both sides is compatible,
    // and only input files are judged.
    let out = trident(
        &[
            "breaking",
            "include2",
            "--against",
            "include",
            "--output",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json = json(&out);
    assert_eq!(json["findings"][0]["rule"], "FIELD_TYPE_CHANGED");
    assert_eq!(json["findings"][0]["type"], "acme.common.Money");
}

#[test]
fn proto2_required_fields_and_defaults_are_compared() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "old.proto",
        "syntax = \"proto2\";\nmessage M {\n  optional int32 a = 1 [default = 5];\n  required \
         string b = 2;\n}\n",
    );
    write(
        dir.path(),
        "new.proto",
        "syntax = \"proto2\";\nmessage M {\n  optional int32 a = 1 [default = 6];\n  optional \
         string b = 2;\n  required bool c = 3;\n}\n",
    );
    let out = trident(
        &[
            "breaking",
            "new.proto",
            "--against",
            "old.proto",
            "--output",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json = json(&out);
    let found: Vec<(String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["rule"].to_string(), f["field"].to_string()))
        .collect();
    let expect = |rule: &str, field: &str| {
        assert!(
            found.contains(&(format!("\"{rule}\""), format!("\"{field}\""))),
            "no {rule} on {field}: {found:?}"
        );
    };
    expect("DEFAULT_CHANGED", "a");
    expect("CARDINALITY_CHANGED", "b");
    expect("FIELD_ADDED", "c");
    // Required → optional breaks old readers only; a new required field new readers only.
    assert_eq!(json["verdicts"]["protobuf"]["backward"], false);
    assert_eq!(json["verdicts"]["protobuf"]["forward"], false);
}

#[test]
fn malformed_proto_exits_2_with_the_file_and_position() {
    let dir = fixture();
    write(
        dir.path(),
        "new/order.proto",
        "syntax = \"proto3\";\nmessage Order {\n  string id = 1\n}\n",
    );
    let out = trident(&["breaking", "new", "--against", "old"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("new/order.proto"), "{err}");
    assert!(err.contains("line 4"), "{err}");
    // A missing import is named, at the import.
    let out = trident(&["breaking", "old", "--against", "old"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("import 'acme/common/money.proto' not found"),
        "{err}"
    );
    assert!(err.contains("line 4"), "{err}");
}

#[test]
fn tri_schemas_and_their_exported_proto_files_are_compatible_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().expect("temp dir");
    let exported = dir.path().join("proto");
    let schemas = root.join("schemas");
    let out = trident(
        &[
            "export",
            "proto",
            schemas.to_str().expect("UTF-8 path"),
            "-o",
            exported.to_str().expect("UTF-8 path"),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    for (new, old) in [(&schemas, &exported), (&exported, &schemas)] {
        let out = trident(
            &[
                "breaking",
                new.to_str().expect("UTF-8 path"),
                "--against",
                old.to_str().expect("UTF-8 path"),
                "--output",
                "json",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        let json = json(&out);
        assert_eq!(json["findings"], serde_json::json!([]));
        assert_eq!(json["skipped"], serde_json::json!(["avro", "json"]));
    }
}

#[test]
fn mixing_proto_and_avsc_is_refused() {
    let dir = fixture();
    write(
        dir.path(),
        "avsc/order.avsc",
        r#"{"type": "record", "name": "Order", "fields": []}"#,
    );
    let out = trident(
        &["breaking", "new", "--against", "avsc", "-I", "include"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot compare .avsc schemas"));
    // One version holding both kinds is refused too.
    write(
        dir.path(),
        "both/order.avsc",
        r#"{"type": "record", "name": "Order", "fields": []}"#,
    );
    write(dir.path(), "both/order.proto", OLD_ORDER);
    let out = trident(&["breaking", "both", "--against", "old"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("both .avsc and .proto"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn git_references_read_proto_files_and_their_imports() {
    let dir = fixture();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "old", "include"]);
    git(dir.path(), &["commit", "-q", "-m", "old"]);
    let out = trident(
        &[
            "breaking",
            "new",
            "--against",
            "git:HEAD:old",
            "-I",
            "include",
            "--output",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json = json(&out);
    assert_eq!(json["findings"][0]["rule"], "FIELD_REMOVED");
    assert_eq!(json["findings"][0]["old"]["file"], "HEAD:old/order.proto");
    assert_eq!(json["findings"][1]["new"]["file"], "new/order.proto");
}

#[test]
fn two_inputs_with_one_name_are_refused_unless_an_include_folder_tells_them_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "a/x.proto",
        "syntax = \"proto3\";\npackage a;\nmessage A {}\n",
    );
    write(
        dir.path(),
        "b/x.proto",
        "syntax = \"proto3\";\npackage b;\nmessage B {}\n",
    );
    let out = trident(
        &[
            "breaking",
            "a/x.proto",
            "b/x.proto",
            "--against",
            "a/x.proto",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("are both named `x.proto`"),
        "{}",
        stderr(&out)
    );
    // With the common folder as an include root they are `a/x.proto` and `b/x.proto`.
    let out = trident(
        &[
            "breaking",
            "a/x.proto",
            "b/x.proto",
            "--against",
            "a/x.proto",
            "-I",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

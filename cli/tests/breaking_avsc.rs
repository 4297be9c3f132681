//! `trident breaking` on plain Avro schemas (`.avsc` files and folders): exit statuses, text and
//! JSON output with positions in the `.avsc` files, load errors, mixing with `.tri`, and git
//! references.

mod support;

use support::{git, stderr, stdout, trident, write};

const OLD_ORDER: &str = r#"{
  "type": "record",
  "name": "Order",
  "namespace": "acme",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "customer", "type": "Customer"}
  ]
}
"#;

const NEW_ORDER: &str = r#"{
  "type": "record",
  "name": "Order",
  "namespace": "acme",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "customer", "type": "Customer"},
    {"name": "note", "type": "string"}
  ]
}
"#;

const CUSTOMER: &str = r#"{"type": "record", "name": "Customer", "namespace": "acme", "fields": [{"name": "name", "type": "string"}]}
"#;

/// `old/` and `new/` folders: Order refers to Customer in another file; the new Order has a
/// field without a default; `ids.avsc` (an array, paired by path) is unchanged.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (version, order) in [("old", OLD_ORDER), ("new", NEW_ORDER)] {
        write(dir.path(), &format!("{version}/order.avsc"), order);
        write(dir.path(), &format!("{version}/customer.avsc"), CUSTOMER);
        write(
            dir.path(),
            &format!("{version}/ids.avsc"),
            "{\"type\": \"array\", \"items\": \"long\"}\n",
        );
    }
    dir
}

#[test]
fn avsc_folders_report_json_with_positions_in_the_avsc_files() {
    let dir = fixture();
    let out = trident(
        &["breaking", "new", "--against", "old", "--output", "json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["compatible"], false);
    assert_eq!(
        json["verdicts"],
        serde_json::json!({"avro": {"backward": false, "forward": true}})
    );
    assert_eq!(json["skipped"], serde_json::json!(["protobuf", "json"]));
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "FIELD_ADDED");
    assert_eq!(finding["type"], "acme.Order");
    assert_eq!(finding["field"], "note");
    assert_eq!(
        finding["new"],
        serde_json::json!({"file": "new/order.avsc", "line": 8, "column": 14})
    );
    assert_eq!(finding["old"], serde_json::Value::Null);
}

#[test]
fn avsc_text_output_labels_the_avsc_text_and_says_what_was_skipped() {
    let dir = fixture();
    let out = trident(&["breaking", "new", "--against", "old"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(
        text.contains("field `note` was added to `acme.Order` (breaks avro backward)"),
        "{text}"
    );
    assert!(text.contains("new/order.avsc"), "{text}");
    assert!(
        text.contains(r#"{"name": "note", "type": "string"}"#),
        "{text}"
    );
    assert!(
        text.contains("note: protobuf and json not checked: .avsc input has only Avro schemas"),
        "{text}"
    );
    assert!(
        text.contains(
            "NOT compatible: 1 breaking, 0 allowed, 0 warnings (avro backward BREAKS, forward ok)"
        ),
        "{text}"
    );
    // Forward alone holds.
    let forward = trident(
        &["breaking", "new", "--against", "old", "--mode", "forward"],
        dir.path(),
    );
    assert_eq!(forward.status.code(), Some(0), "{}", stderr(&forward));
}

#[test]
fn single_avsc_files_are_compared_whatever_their_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "v1.avsc", "[\"null\", \"int\"]\n");
    write(dir.path(), "v2.avsc", "[\"null\", \"long\"]\n");
    let out = trident(&["breaking", "v2.avsc", "--against", "v1.avsc"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("(avro backward ok, forward BREAKS)"),
        "{}",
        stderr(&out)
    );
    let same = trident(&["breaking", "v1.avsc", "--against", "v1.avsc"], dir.path());
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
}

#[test]
fn malformed_avsc_exits_2_with_file_line_and_reason() {
    let dir = fixture();
    write(
        dir.path(),
        "bad/a.avsc",
        "{\n  \"type\": \"record\",\n  \"name\": \"A\"\n  \"fields\": []\n}\n",
    );
    let out = trident(&["breaking", "new", "--against", "bad"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad/a.avsc:4:3: not valid JSON"),
        "{}",
        stderr(&out)
    );

    write(
        dir.path(),
        "unknown/a.avsc",
        "{\"type\": \"record\", \"name\": \"A\",\n \"fields\": [{\"name\": \"b\", \"type\": \"Missing\"}]}\n",
    );
    let out = trident(&["breaking", "new", "--against", "unknown"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown/a.avsc:2:35: invalid Avro schema: unknown type `Missing`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mixing_tri_and_avsc_is_refused() {
    let dir = fixture();
    write(
        dir.path(),
        "tri/a.tri",
        "package acme;\nrecord Order {\n  id @1: i64;\n}\n",
    );
    let out = trident(&["breaking", "new", "--against", "tri"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("cannot compare .avsc schemas (new) with .tri or .proto schemas (tri)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn git_references_read_avsc_files() {
    let dir = fixture();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "old"]);
    git(dir.path(), &["commit", "-q", "-m", "old"]);
    let out = trident(
        &[
            "breaking",
            "new",
            "--against",
            "git:HEAD:old",
            "--output",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["findings"][0]["rule"], "FIELD_ADDED");
    assert_eq!(json["findings"][0]["new"]["file"], "new/order.avsc");
}

#[test]
fn a_name_defined_differently_in_two_files_exits_2() {
    let dir = fixture();
    // `old/order.avsc` uses `acme.Customer` from `old/customer.avsc`; a second file defines it
    // again with another field.
    write(
        dir.path(),
        "old/other.avsc",
        r#"{"type": "record", "name": "Customer", "namespace": "acme",
  "fields": [{"name": "email", "type": "string"}]}
"#,
    );
    let out = trident(&["breaking", "new", "--against", "old"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("old/other.avsc:1:28: named type `acme.Customer` is defined differently"),
        "{err}"
    );
    // The same definition in two files is one type.
    write(dir.path(), "old/other.avsc", CUSTOMER);
    let out = trident(&["breaking", "new", "--against", "old"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

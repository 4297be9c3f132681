//! `.avsc` → `.tri` (the `import` feature): snapshots of the `.tri` text for representative
//! schemas, and the refusals of what `.tri` cannot say, each naming the construct, the file and
//! the JSON path.

#![cfg(feature = "import")]

use trident_formats::import::{Construct, ErrorKind, ImportOptions, import_avro};

fn import(files: &[(&str, &str)]) -> String {
    let out = import_avro(files, &ImportOptions::new()).unwrap_or_else(|e| panic!("{e}"));
    out.iter()
        .map(|(path, text)| format!("==> {path}\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn refusal(text: &str) -> (Construct, String) {
    let e = import_avro(&[("t.avsc", text)], &ImportOptions::new()).expect_err("refused");
    match e.kind {
        ErrorKind::Unsupported(construct) => (construct, e.to_string()),
        ErrorKind::Invalid => panic!("invalid, not unsupported: {e}"),
    }
}

#[test]
fn a_record_with_every_mapped_type_docs_aliases_and_defaults() {
    let order = r#"{
      "type": "record", "name": "Order", "namespace": "acme.shop",
      "doc": "A customer order.\nPlaced at checkout.", "aliases": ["Purchase", "old.Order"],
      "fields": [
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}, "doc": "The key."},
        {"name": "placed_at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "due", "type": {"type": "int", "logicalType": "date"}},
        {"name": "paid", "type": "boolean", "default": false},
        {"name": "count", "type": "int", "default": 1},
        {"name": "total", "type": "long", "aliases": ["amount", "sum"]},
        {"name": "ratio", "type": "float", "default": 0.5},
        {"name": "scale", "type": "double", "default": 1e-7},
        {"name": "label", "type": "string", "default": "say \"hi\"\n"},
        {"name": "token", "type": "bytes", "default": "\u0000\u00ffA"},
        {"name": "note", "type": ["null", "string"], "default": null},
        {"name": "later", "type": ["string", "null"]},
        {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
        {"name": "attrs", "type": {"type": "map", "values": "long"}},
        {"name": "status", "type": {"type": "enum", "name": "Status",
          "symbols": ["UNKNOWN", "OPEN", "DONE"], "default": "UNKNOWN", "doc": "Where it is."},
          "default": "OPEN"},
        {"name": "history", "type": {"type": "array", "items": "Status"}},
        {"name": "single", "type": ["double"]}
      ]
    }"#;
    insta::assert_snapshot!(import(&[("order.avsc", order)]));
}

#[test]
fn unions_become_named_unions_and_files_use_each_others_types() {
    let payment = r#"{
      "type": "record", "name": "Payment", "namespace": "acme.shop",
      "fields": [
        {"name": "method", "type": ["Card", "string", "long"]},
        {"name": "backup", "type": ["null", "Card", "acme.common.Money"], "default": null},
        {"name": "history", "type": {"type": "array", "items": ["long", "string"]}}
      ]
    }"#;
    let card = r#"{
      "type": "record", "name": "Card", "namespace": "acme.shop",
      "fields": [
        {"name": "limit", "type": {"type": "record", "name": "Money", "namespace": "acme.common",
          "fields": [{"name": "cents", "type": "long"}]}},
        {"name": "next", "type": ["null", "Card"], "default": null}
      ]
    }"#;
    insta::assert_snapshot!(import(&[("payment.avsc", payment), ("card.avsc", card)]));
}

#[test]
fn types_without_a_namespace_go_to_the_default_package_when_one_is_given() {
    let text = r#"{"type": "record", "name": "Point", "fields": [{"name": "x", "type": "int"}]}"#;
    let (construct, message) = refusal(text);
    assert_eq!(construct, Construct::NullNamespace);
    assert!(
        message.starts_with("t.avsc: top level: `Point` has no namespace"),
        "{message}"
    );
    let out = import_avro(
        &[("t.avsc", text)],
        &ImportOptions::new().default_package("geo"),
    )
    .expect("imported");
    assert_eq!(out[0].0, "geo.tri");
    assert!(
        out[0]
            .1
            .contains("package geo;\n\nrecord Point {\n    x @1: i32;\n}\n")
    );
}

#[test]
fn what_tri_cannot_say_is_refused_with_the_construct_and_where() {
    let record = |fields: &str| {
        format!(r#"{{"type": "record", "name": "R", "namespace": "n", "fields": [{fields}]}}"#)
    };
    let cases = [
        (
            record(
                r#"{"name": "a", "type": "int"}, {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}}"#,
            ),
            Construct::LogicalType,
            "t.avsc: fields[1] (\"price\").type: logical type `decimal` on bytes",
        ),
        (
            record(
                r#"{"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}"#,
            ),
            Construct::LogicalType,
            "t.avsc: fields[0] (\"at\").type: logical type `timestamp-millis`",
        ),
        (
            record(r#"{"name": "h", "type": {"type": "fixed", "name": "H", "size": 4}}"#),
            Construct::Fixed,
            "t.avsc: fields[0] (\"h\").type: fixed `n.H` (4 bytes)",
        ),
        (
            record(
                r#"{"name": "m", "type": {"type": "array", "items": {"type": "array", "items": "int"}}}"#,
            ),
            Construct::NestedContainer,
            "t.avsc: fields[0] (\"m\").type: an array of an array",
        ),
        (
            record(r#"{"name": "m", "type": ["null", {"type": "map", "values": "int"}]}"#),
            Construct::NestedContainer,
            "t.avsc: fields[0] (\"m\").type: a nullable a map",
        ),
        (
            record(
                r#"{"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "B"}}"#,
            ),
            Construct::EnumDefault,
            "t.avsc: fields[0] (\"e\").type.default: enum `n.E` falls back to `B`",
        ),
        (
            record(
                r#"{"name": "at", "type": {"type": "int", "logicalType": "date"}, "default": 0}"#,
            ),
            Construct::Default,
            "t.avsc: fields[0] (\"at\").default: default 0: a .tri `date` field takes no default",
        ),
        (
            record(r#"{"name": "x", "type": ["string", "null"], "default": "a"}"#),
            Construct::Default,
            "t.avsc: fields[0] (\"x\").default: default \"a\"",
        ),
        (
            record(r#"{"name": "x", "type": "null"}"#),
            Construct::Null,
            "t.avsc: fields[0] (\"x\").type: a `null` type outside a union",
        ),
        (
            r#"["int", "string"]"#.to_string(),
            Construct::TopLevel,
            "t.avsc: top level: a top-level union",
        ),
        (
            r#"{"type": "record", "name": "timestamp", "namespace": "n", "fields": []}"#
                .to_string(),
            Construct::Name,
            "t.avsc: top level: `timestamp` is the name of a .tri built-in type",
        ),
        (
            record(r#"{"name": "order_id", "type": "int"}, {"name": "orderId", "type": "int"}"#),
            Construct::TriRule,
            "n.tri:",
        ),
    ];
    for (text, construct, start) in cases {
        let (got, message) = refusal(&text);
        assert_eq!(got, construct, "{message}");
        assert!(
            message.starts_with(start),
            "{message}\ndoes not start with\n{start}"
        );
    }
}

#[test]
fn invalid_avro_is_reported_as_invalid() {
    // Avro itself forbids two branches of one type (a logical type does not make another type).
    let text = r#"{"type": "record", "name": "R", "namespace": "n", "fields": [
        {"name": "d", "type": ["int", {"type": "int", "logicalType": "date"}]}]}"#;
    let e = import_avro(&[("t.avsc", text)], &ImportOptions::new()).expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert!(e.to_string().contains("two `int` branches"), "{e}");
    let e = import_avro(&[("t.avsc", "{")], &ImportOptions::new()).expect_err("refused");
    assert_eq!(e.kind, ErrorKind::Invalid);
}

#[test]
fn importing_twice_gives_identical_text() {
    let text = r#"{"type": "record", "name": "A", "namespace": "n", "fields": [
        {"name": "u", "type": ["int", "string", "n.A"]}]}"#;
    assert_eq!(import(&[("a.avsc", text)]), import(&[("a.avsc", text)]));
}

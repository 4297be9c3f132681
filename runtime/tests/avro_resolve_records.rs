//! Avro schema resolution: for each rule of the specification, data written by apache-avro with
//! the writer's schema is transcoded, and the output must be exactly what apache-avro writes for
//! the expected value with the reader's schema.
//!
//! This file: promotions, records, defaults, aliases, named types and enums.
use apache_avro::types::Value as V;
use std::collections::HashMap;
use trident::DecodeErrorKind;
use trident::avro::{AvroOptions, encode_long};
mod support;

use support::*;

#[test]
fn identical_schemas_copy_every_shape() {
    let cases: Vec<(&str, V)> = vec![
        (r#""null""#, V::Null),
        (r#""boolean""#, V::Boolean(true)),
        (r#""int""#, V::Int(-123_456)),
        (r#""long""#, V::Long(i64::MIN)),
        (r#""float""#, V::Float(1.5)),
        (r#""double""#, V::Double(-2.25e300)),
        (r#""bytes""#, V::Bytes(vec![0, 255, 7])),
        (r#""string""#, string("héllo")),
        (
            r#"{"type": "fixed", "name": "F", "size": 3}"#,
            V::Fixed(3, vec![1, 2, 3]),
        ),
        (
            r#"{"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}"#,
            V::Enum(2, "C".into()),
        ),
        (
            r#"{"type": "array", "items": "long"}"#,
            V::Array(vec![V::Long(1), V::Long(-2), V::Long(3)]),
        ),
        (r#"{"type": "array", "items": "long"}"#, V::Array(vec![])),
        (
            r#"{"type": "map", "values": "string"}"#,
            V::Map(HashMap::from([("k".into(), string("v"))])),
        ),
        (
            r#"{"type": "map", "values": "int"}"#,
            V::Map(HashMap::from([
                ("a".into(), V::Int(1)),
                ("b".into(), V::Int(2)),
                ("c".into(), V::Int(3)),
            ])),
        ),
        (r#"["null", "string"]"#, union(1, string("x"))),
        (r#"["null", "string"]"#, union(0, V::Null)),
        (
            r#"{"type": "record", "name": "R", "fields": [
                {"name": "a", "type": "int"}, {"name": "b", "type": ["null", "R"]}]}"#,
            record(&[
                ("a", V::Int(1)),
                (
                    "b",
                    union(1, record(&[("a", V::Int(2)), ("b", union(0, V::Null))])),
                ),
            ]),
        ),
        (
            r#"{"type": "record", "name": "Empty", "fields": []}"#,
            record(&[]),
        ),
    ];
    for (schema, value) in cases {
        check(schema, value.clone(), schema, value);
    }
}

#[test]
fn promotions_follow_the_specification() {
    check(r#""int""#, V::Int(-7), r#""long""#, V::Long(-7));
    check(
        r#""int""#,
        V::Int(16_777_217),
        r#""float""#,
        V::Float(16_777_216.0),
    );
    check(
        r#""int""#,
        V::Int(i32::MIN),
        r#""double""#,
        V::Double(f64::from(i32::MIN)),
    );
    check(
        r#""long""#,
        V::Long(1 << 40),
        r#""float""#,
        V::Float((1u64 << 40) as f32),
    );
    check(
        r#""long""#,
        V::Long(-(1 << 60) - 1),
        r#""double""#,
        V::Double((-(1i64 << 60) - 1) as f64),
    );
    check(
        r#""float""#,
        V::Float(0.1),
        r#""double""#,
        V::Double(f64::from(0.1f32)),
    );
    check(
        r#""string""#,
        string("abc"),
        r#""bytes""#,
        V::Bytes(b"abc".to_vec()),
    );
    check(
        r#""bytes""#,
        V::Bytes(b"abc".to_vec()),
        r#""string""#,
        string("abc"),
    );
    // Applied recursively: array items, map values, record fields, union branches.
    check(
        r#"{"type": "array", "items": "int"}"#,
        V::Array(vec![V::Int(1), V::Int(2)]),
        r#"{"type": "array", "items": "double"}"#,
        V::Array(vec![V::Double(1.0), V::Double(2.0)]),
    );
    check(
        r#"{"type": "map", "values": "float"}"#,
        V::Map(HashMap::from([("x".into(), V::Float(2.5))])),
        r#"{"type": "map", "values": "double"}"#,
        V::Map(HashMap::from([("x".into(), V::Double(2.5))])),
    );
    check(
        r#"{"type": "record", "name": "R", "fields": [{"name": "n", "type": "int"}]}"#,
        record(&[("n", V::Int(9))]),
        r#"{"type": "record", "name": "R", "fields": [{"name": "n", "type": "long"}]}"#,
        record(&[("n", V::Long(9))]),
    );
    check(
        r#"["null", "int"]"#,
        union(1, V::Int(3)),
        r#"["null", "long"]"#,
        union(1, V::Long(3)),
    );
    check(
        r#"{"type": "array", "items": {"type": "array", "items": "string"}}"#,
        V::Array(vec![V::Array(vec![string("a")])]),
        r#"{"type": "array", "items": {"type": "array", "items": "bytes"}}"#,
        V::Array(vec![V::Array(vec![V::Bytes(b"a".to_vec())])]),
    );
}

#[test]
fn bytes_read_as_a_string_must_be_utf8() {
    let err = datum_error(r#""bytes""#, V::Bytes(vec![0xff, 0xfe]), r#""string""#);
    assert_eq!(err.kind(), &DecodeErrorKind::InvalidUtf8);
}

#[test]
fn there_is_no_demotion_or_conversion_between_other_types() {
    let pairs = [
        ("long", "int"),
        ("float", "int"),
        ("float", "long"),
        ("double", "int"),
        ("double", "long"),
        ("double", "float"),
        ("int", "string"),
        ("string", "int"),
        ("null", "int"),
        ("int", "null"),
        ("boolean", "int"),
        ("int", "boolean"),
        ("bytes", "int"),
        ("string", "boolean"),
    ];
    for (writer, reader) in pairs {
        let message = resolve_error(&format!(r#""{writer}""#), &format!(r#""{reader}""#));
        assert_eq!(
            message,
            format!("reader expects {reader}, writer has {writer}")
        );
    }
    let shapes = [
        r#"{"type": "array", "items": "int"}"#,
        r#"{"type": "map", "values": "int"}"#,
        r#"{"type": "record", "name": "R", "fields": []}"#,
        r#"{"type": "enum", "name": "R", "symbols": ["A"]}"#,
        r#"{"type": "fixed", "name": "R", "size": 1}"#,
        r#""bytes""#,
        r#""int""#,
    ];
    for (i, writer) in shapes.iter().enumerate() {
        for (j, reader) in shapes.iter().enumerate() {
            if i != j {
                assert!(plan(writer, reader).is_err(), "{writer} -> {reader}");
            }
        }
    }
    assert_eq!(
        resolve_error(
            r#"{"type": "array", "items": "long"}"#,
            r#"{"type": "array", "items": "int"}"#
        ),
        "array items: reader expects int, writer has long"
    );
    assert_eq!(
        resolve_error(
            r#"{"type": "map", "values": "long"}"#,
            r#"{"type": "map", "values": "int"}"#
        ),
        "map values: reader expects int, writer has long"
    );
}

#[test]
fn records_match_fields_by_name_skip_writer_fields_and_fill_reader_defaults() {
    let writer_value = record(&[
        ("id", V::Long(7)),
        ("note", string("hi")),
        ("total", string("12.50")),
        ("tags", V::Array(vec![string("a"), string("b")])),
        (
            "extra",
            V::Map(HashMap::from([(
                "k".into(),
                union(2, record(&[("x", V::Double(1.0))])),
            )])),
        ),
        ("status", V::Enum(1, "DONE".into())),
        ("hash", V::Fixed(2, vec![9, 9])),
        ("flag", V::Boolean(true)),
        ("price", V::Float(3.5)),
    ]);
    // Only `id`, `price` and `note` are read (in another order); the rest is skipped, and the
    // reader's new fields take their defaults.
    let reader = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
        {"name": "price", "type": "double"},
        {"name": "added_null", "type": "null", "default": null},
        {"name": "id", "type": "long"},
        {"name": "added_bool", "type": "boolean", "default": true},
        {"name": "added_int", "type": "int", "default": -3},
        {"name": "added_long", "type": "long", "default": 9007199254740993},
        {"name": "added_float", "type": "float", "default": 1.25},
        {"name": "added_double", "type": "double", "default": 1e-3},
        {"name": "added_bytes", "type": "bytes", "default": "\u00ff\u0000A"},
        {"name": "added_string", "type": "string", "default": "été"},
        {"name": "added_record", "type": {"type": "record", "name": "P", "fields": [
            {"name": "a", "type": "int"}, {"name": "b", "type": "string", "default": "bee"}]},
         "default": {"a": 4}},
        {"name": "added_enum", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"]}, "default": "Y"},
        {"name": "added_array", "type": {"type": "array", "items": "long"}, "default": [1, 2]},
        {"name": "added_empty", "type": {"type": "array", "items": "long"}, "default": []},
        {"name": "added_map", "type": {"type": "map", "values": "string"}, "default": {"k": "v"}},
        {"name": "added_fixed", "type": {"type": "fixed", "name": "F2", "size": 2}, "default": "\u0001\u00fe"},
        {"name": "added_union_first", "type": ["null", "string"], "default": null},
        {"name": "added_union_later", "type": ["null", "string"], "default": "later"},
        {"name": "added_union_int", "type": ["string", "int", "long"], "default": 3000000000},
        {"name": "note", "type": "string"}
    ]}"#;
    let expected = record(&[
        ("price", V::Double(3.5)),
        ("added_null", V::Null),
        ("id", V::Long(7)),
        ("added_bool", V::Boolean(true)),
        ("added_int", V::Int(-3)),
        ("added_long", V::Long(9_007_199_254_740_993)),
        ("added_float", V::Float(1.25)),
        ("added_double", V::Double(1e-3)),
        ("added_bytes", V::Bytes(vec![0xff, 0, b'A'])),
        ("added_string", string("été")),
        (
            "added_record",
            record(&[("a", V::Int(4)), ("b", string("bee"))]),
        ),
        ("added_enum", V::Enum(1, "Y".into())),
        ("added_array", V::Array(vec![V::Long(1), V::Long(2)])),
        ("added_empty", V::Array(vec![])),
        (
            "added_map",
            V::Map(HashMap::from([("k".into(), string("v"))])),
        ),
        ("added_fixed", V::Fixed(2, vec![1, 0xfe])),
        ("added_union_first", union(0, V::Null)),
        ("added_union_later", union(1, string("later"))),
        ("added_union_int", union(2, V::Long(3_000_000_000))),
        ("note", string("hi")),
    ]);
    check(ORDER_V1, writer_value.clone(), reader, expected);

    // The same fields in the writer's relative order (the streaming plan).
    let reader = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
        {"name": "first", "type": "int", "default": 1},
        {"name": "id", "type": "long"},
        {"name": "middle", "type": "string", "default": "m"},
        {"name": "note", "type": "string"},
        {"name": "price", "type": "float"},
        {"name": "last", "type": ["null", "long"], "default": null}
    ]}"#;
    let expected = record(&[
        ("first", V::Int(1)),
        ("id", V::Long(7)),
        ("middle", string("m")),
        ("note", string("hi")),
        ("price", V::Float(3.5)),
        ("last", union(0, V::Null)),
    ]);
    check(ORDER_V1, writer_value.clone(), reader, expected);

    // A reader that keeps nothing of the writer's.
    let reader = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": []}"#;
    check(ORDER_V1, writer_value, reader, record(&[]));
}

#[test]
fn a_missing_field_without_a_default_does_not_resolve() {
    let reader = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
        {"name": "id", "type": "long"}, {"name": "customer", "type": "string"}]}"#;
    assert_eq!(
        resolve_error(ORDER_V1, reader),
        "field `customer` of record acme.shop.Order: the writer's record has no such field and \
         the reader's field has no default"
    );
    let reader = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
        {"name": "total", "type": "long"}]}"#;
    assert_eq!(
        resolve_error(ORDER_V1, reader),
        "field `total` of record acme.shop.Order: reader expects long, writer has string"
    );
    // Nested: the path names every level, outermost first.
    let writer = r#"{"type": "record", "name": "Envelope", "namespace": "acme", "fields": [
        {"name": "order", "type": {"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
            {"name": "total", "type": "string"}]}}]}"#;
    let reader = r#"{"type": "record", "name": "Envelope", "namespace": "acme", "fields": [
        {"name": "order", "type": {"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
            {"name": "total", "type": "long"}]}}]}"#;
    let err = plan(writer, reader).unwrap_err();
    assert_eq!(
        err.to_string(),
        "field `order` of record acme.Envelope: field `total` of record acme.shop.Order: reader \
         expects long, writer has string"
    );
    assert_eq!(err.message(), "reader expects long, writer has string");
    assert_eq!(err.path().count(), 2);
}

#[test]
fn invalid_defaults_do_not_resolve_when_they_are_needed() {
    let writer = r#"{"type": "record", "name": "R", "fields": []}"#;
    for (ty, default) in [
        (r#""int""#, "1.5"),
        (r#""int""#, "3000000000"),
        (r#""long""#, r#""1""#),
        (r#""boolean""#, r#""true""#),
        (r#""bytes""#, r#""\u0100""#),
        (r#""string""#, "1"),
        (r#"{"type": "fixed", "name": "F", "size": 2}"#, r#""abc""#),
        (
            r#"{"type": "enum", "name": "E", "symbols": ["A"]}"#,
            r#""B""#,
        ),
        (
            r#"{"type": "record", "name": "P", "fields": [{"name": "a", "type": "int"}]}"#,
            "{}",
        ),
        (r#"{"type": "array", "items": "int"}"#, r#"["x"]"#),
        (r#"{"type": "map", "values": "int"}"#, r#"{"k": null}"#),
        (r#"["null", "int"]"#, r#""x""#),
        (r#""null""#, "0"),
    ] {
        let reader = format!(
            r#"{{"type": "record", "name": "R", "fields": [{{"name": "f", "type": {ty}, "default": {default}}}]}}"#
        );
        let message = resolve_error(writer, &reader);
        assert!(
            message.starts_with("field `f` of record R: the default"),
            "{message}"
        );
    }
    // A default is not checked when the writer has the field (apache-avro rejects the schema).
    check_as(
        r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": "int"}]}"#,
        record(&[("f", V::Int(1))]),
        r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": "int", "default": "bad"}]}"#,
        r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": "int"}]}"#,
        record(&[("f", V::Int(1))]),
    );
    // A recursive default that never ends is an error, not a stack overflow.
    let reader = r#"{"type": "record", "name": "R", "fields": [
        {"name": "r", "type": {"type": "record", "name": "S", "fields": [{"name": "s", "type": "S", "default": {}}]}, "default": {}}]}"#;
    assert!(resolve_error(writer, reader).contains("levels deep"));
    // Float defaults may be written as Java writes non-finite numbers.
    let reader = r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": "double", "default": "-Infinity"}]}"#;
    check(
        writer,
        record(&[]),
        reader,
        record(&[("f", V::Double(f64::NEG_INFINITY))]),
    );
}

#[test]
fn field_aliases_of_the_reader_rename_writer_fields() {
    let writer = r#"{"type": "record", "name": "R", "fields": [
        {"name": "old", "type": "int"}, {"name": "other", "type": "string"}]}"#;
    let reader = r#"{"type": "record", "name": "R", "fields": [
        {"name": "new", "type": "long", "aliases": ["gone", "old"]}]}"#;
    check(
        writer,
        record(&[("old", V::Int(5)), ("other", string("x"))]),
        reader,
        record(&[("new", V::Long(5))]),
    );
    // A name match wins over an alias, and one writer field feeds one reader field. (apache-avro
    // rejects an alias that is another field's name; the specification asks for unique
    // aliases, but parsing here does not check them.)
    let reader = r#"{"type": "record", "name": "R", "fields": [
        {"name": "copy", "type": "int", "aliases": ["old"], "default": 0},
        {"name": "old", "type": "int"}]}"#;
    check_as(
        writer,
        record(&[("old", V::Int(5)), ("other", string("x"))]),
        reader,
        r#"{"type": "record", "name": "R", "fields": [{"name": "copy", "type": "int"}, {"name": "old", "type": "int"}]}"#,
        record(&[("copy", V::Int(0)), ("old", V::Int(5))]),
    );
    // Writer aliases are ignored.
    let writer = r#"{"type": "record", "name": "R", "fields": [{"name": "old", "type": "int", "aliases": ["new"]}]}"#;
    let reader = r#"{"type": "record", "name": "R", "fields": [{"name": "new", "type": "int"}]}"#;
    assert!(resolve_error(writer, reader).contains("field `new` of record R"));
}

#[test]
fn named_types_match_by_unqualified_name_or_reader_alias() {
    let value = record(&[("a", V::Int(1))]);
    let writer = r#"{"type": "record", "name": "Rec", "namespace": "one", "fields": [{"name": "a", "type": "int"}]}"#;
    for reader in [
        r#"{"type": "record", "name": "Rec", "namespace": "two", "fields": [{"name": "a", "type": "int"}]}"#,
        r#"{"type": "record", "name": "Rec", "fields": [{"name": "a", "type": "int"}]}"#,
        // A fully qualified alias.
        r#"{"type": "record", "name": "New", "namespace": "two", "aliases": ["one.Rec"], "fields": [{"name": "a", "type": "int"}]}"#,
        // A relative alias, in the reader type's namespace.
        r#"{"type": "record", "name": "New", "namespace": "one", "aliases": ["Rec"], "fields": [{"name": "a", "type": "int"}]}"#,
    ] {
        check(writer, value.clone(), reader, value.clone());
    }
    // A relative alias in another namespace names another type.
    let reader = r#"{"type": "record", "name": "New", "namespace": "two", "aliases": ["Rec"], "fields": [{"name": "a", "type": "int"}]}"#;
    assert_eq!(
        resolve_error(writer, reader),
        "reader expects record two.New, writer has record one.Rec"
    );
    // Writer aliases are ignored.
    let writer = r#"{"type": "record", "name": "Old", "aliases": ["New"], "fields": [{"name": "a", "type": "int"}]}"#;
    let reader = r#"{"type": "record", "name": "New", "fields": [{"name": "a", "type": "int"}]}"#;
    assert!(plan(writer, reader).is_err());

    let enum_writer = r#"{"type": "enum", "name": "a.Suit", "symbols": ["S"]}"#;
    check(
        enum_writer,
        V::Enum(0, "S".into()),
        r#"{"type": "enum", "name": "b.Suit", "symbols": ["S"]}"#,
        V::Enum(0, "S".into()),
    );
    check(
        enum_writer,
        V::Enum(0, "S".into()),
        r#"{"type": "enum", "name": "Card", "aliases": ["a.Suit"], "symbols": ["S"]}"#,
        V::Enum(0, "S".into()),
    );
    assert!(
        plan(
            enum_writer,
            r#"{"type": "enum", "name": "Card", "symbols": ["S"]}"#
        )
        .is_err()
    );

    let fixed_writer = r#"{"type": "fixed", "name": "x.Md5", "size": 2}"#;
    check(
        fixed_writer,
        V::Fixed(2, vec![1, 2]),
        r#"{"type": "fixed", "name": "Md5", "size": 2}"#,
        V::Fixed(2, vec![1, 2]),
    );
    check(
        fixed_writer,
        V::Fixed(2, vec![1, 2]),
        r#"{"type": "fixed", "name": "Hash", "aliases": ["x.Md5"], "size": 2}"#,
        V::Fixed(2, vec![1, 2]),
    );
    assert_eq!(
        resolve_error(
            fixed_writer,
            r#"{"type": "fixed", "name": "Md5", "size": 3}"#
        ),
        "reader expects fixed Md5 (3 bytes), writer has fixed x.Md5 (2 bytes)"
    );
    assert!(
        plan(
            fixed_writer,
            r#"{"type": "fixed", "name": "Other", "size": 2}"#
        )
        .is_err()
    );
}

#[test]
fn enums_map_symbols_by_name_and_use_the_reader_default() {
    let writer = r#"{"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}"#;
    let reader = r#"{"type": "enum", "name": "E", "symbols": ["C", "B", "D"], "default": "D"}"#;
    check(
        writer,
        V::Enum(0, "A".into()),
        reader,
        V::Enum(2, "D".into()),
    );
    check(
        writer,
        V::Enum(1, "B".into()),
        reader,
        V::Enum(1, "B".into()),
    );
    check(
        writer,
        V::Enum(2, "C".into()),
        reader,
        V::Enum(0, "C".into()),
    );

    // Without a default, only the data with a missing symbol fails.
    let reader = r#"{"type": "enum", "name": "E", "symbols": ["B", "C"]}"#;
    check(
        writer,
        V::Enum(2, "C".into()),
        reader,
        V::Enum(1, "C".into()),
    );
    let err = datum_error(writer, V::Enum(0, "A".into()), reader);
    assert!(
        err.to_string()
            .contains("the writer's symbol `A` is not a symbol of the reader's enum E"),
        "{err}"
    );
    assert_eq!(err.offset(), Some(0));

    // A field default does not stand in for an enum default.
    let writer = r#"{"type": "record", "name": "R", "fields": [{"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}}]}"#;
    let reader = r#"{"type": "record", "name": "R", "fields": [{"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["B"]}, "default": "B"}]}"#;
    let err = datum_error(writer, record(&[("e", V::Enum(0, "A".into()))]), reader);
    assert_eq!(err.path_string(), "e");
    // An out-of-range index is an error too.
    let plan = plan(writer, reader).expect("resolves");
    let mut data = Vec::new();
    encode_long(5, &mut data);
    assert!(run(&plan, &data, AvroOptions::default()).is_err());
}

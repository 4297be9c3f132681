//! Avro schema resolution: for each rule of the specification, data written by apache-avro with
//! the writer's schema is transcoded, and the output must be exactly what apache-avro writes for
//! the expected value with the reader's schema.
//!
//! This file: arrays, maps, unions, fixed and logical types, recursion, errors and limits.
use apache_avro::types::Value as V;
use proptest::prelude::*;
use std::collections::HashMap;
use trident::DecodeErrorKind;
use trident::avro::resolve::{Resolution, ResolveError};
use trident::avro::schema::Schema;
use trident::avro::{AvroOptions, AvroReader, encode_long};
mod support;

use support::*;

#[test]
fn arrays_and_maps_are_written_as_one_block_whatever_the_writer_did() {
    let schema = r#"{"type": "array", "items": "int"}"#;
    let expected = write(schema, V::Array(vec![V::Int(1), V::Int(2), V::Int(3)]));
    // Blocks of 2 and 1 items, the first with a negative count and a byte size.
    let mut data = Vec::new();
    encode_long(-2, &mut data);
    encode_long(2, &mut data);
    encode_long(1, &mut data);
    encode_long(2, &mut data);
    encode_long(1, &mut data);
    encode_long(3, &mut data);
    encode_long(0, &mut data);
    assert_eq!(
        transcode(schema, schema, &data).expect("transcodes"),
        expected
    );
    assert_eq!(
        transcode(schema, r#"{"type": "array", "items": "long"}"#, &data).expect("transcodes"),
        write(
            r#"{"type": "array", "items": "long"}"#,
            V::Array(vec![V::Long(1), V::Long(2), V::Long(3)])
        )
    );
    // An empty array is just the end marker.
    assert_eq!(transcode(schema, schema, &[0]).expect("transcodes"), [0]);

    let schema = r#"{"type": "map", "values": "string"}"#;
    let mut data = Vec::new();
    for (key, value) in [("a", "1"), ("b", "2")] {
        encode_long(-1, &mut data);
        encode_long(4, &mut data);
        trident::avro::encode_bytes(key.as_bytes(), &mut data);
        trident::avro::encode_bytes(value.as_bytes(), &mut data);
    }
    encode_long(0, &mut data);
    let out =
        transcode(schema, r#"{"type": "map", "values": "bytes"}"#, &data).expect("transcodes");
    let mut want = Vec::new();
    encode_long(2, &mut want);
    for (key, value) in [("a", "1"), ("b", "2")] {
        trident::avro::encode_bytes(key.as_bytes(), &mut want);
        trident::avro::encode_bytes(value.as_bytes(), &mut want);
    }
    encode_long(0, &mut want);
    assert_eq!(out, want);
}

#[test]
fn block_counts_are_checked_against_the_input() {
    let schema = r#"{"type": "array", "items": "long"}"#;
    let mut data = Vec::new();
    encode_long(1 << 40, &mut data);
    let err = transcode(schema, schema, &data).unwrap_err();
    assert!(
        matches!(err.kind(), DecodeErrorKind::LengthExceedsInput { .. }),
        "{err}"
    );
    // A negative count's byte size is checked too.
    let mut data = Vec::new();
    encode_long(-1, &mut data);
    encode_long(100, &mut data);
    encode_long(1, &mut data);
    assert!(transcode(schema, schema, &data).is_err());

    // Items that take no bytes: each block is bounded, and so is the whole array, however
    // many blocks claim items.
    let nulls = r#"{"type": "array", "items": "null"}"#;
    let mut data = Vec::new();
    encode_long(1 << 30, &mut data);
    assert!(transcode(nulls, nulls, &data).is_err());
    let limit = AvroOptions::default().max_zero_size_items as i64;
    let mut data = Vec::new();
    for _ in 0..3 {
        encode_long(limit / 2, &mut data);
    }
    encode_long(0, &mut data);
    let err = transcode(
        nulls,
        r#"{"type": "array", "items": ["null", "int"]}"#,
        &data,
    )
    .unwrap_err();
    assert!(err.to_string().contains("take no bytes"), "{err}");
    // Within the limit it works, and each null becomes a reader union branch.
    let mut data = Vec::new();
    encode_long(3, &mut data);
    encode_long(0, &mut data);
    check(
        nulls,
        V::Array(vec![V::Null; 3]),
        r#"{"type": "array", "items": ["null", "int"]}"#,
        V::Array(vec![union(0, V::Null); 3]),
    );
    let empty = r#"{"type": "array", "items": {"type": "record", "name": "E", "fields": []}}"#;
    let with_default = r#"{"type": "array", "items": {"type": "record", "name": "E", "fields": [
        {"name": "s", "type": "string", "default": "x"}]}}"#;
    check(
        empty,
        V::Array(vec![record(&[]); 2]),
        with_default,
        V::Array(vec![record(&[("s", string("x"))]); 2]),
    );
}

#[test]
fn union_branches_map_to_the_first_matching_reader_branch() {
    let writer = r#"["null", "int", "string", {"type": "record", "name": "a.R", "fields": [{"name": "x", "type": "int"}]}]"#;
    let reader = r#"[{"type": "record", "name": "b.R", "fields": [{"name": "x", "type": "long"}]}, "bytes", "long", "null"]"#;
    check(writer, union(0, V::Null), reader, union(3, V::Null));
    check(writer, union(1, V::Int(4)), reader, union(2, V::Long(4)));
    check(
        writer,
        union(2, string("s")),
        reader,
        union(1, V::Bytes(b"s".to_vec())),
    );
    check(
        writer,
        union(3, record(&[("x", V::Int(1))])),
        reader,
        union(0, record(&[("x", V::Long(1))])),
    );

    // The branch of the writer's very type wins over an earlier one it could be promoted to
    // (as Java and apache-avro choose); otherwise the first match.
    check(
        r#""int""#,
        V::Int(5),
        r#"["null", "long", "int"]"#,
        union(2, V::Int(5)),
    );
    check(
        r#""int""#,
        V::Int(5),
        r#"["null", "int", "long"]"#,
        union(1, V::Int(5)),
    );
    check(
        r#"["int", "string"]"#,
        union(0, V::Int(5)),
        r#"["string", "double", "int"]"#,
        union(2, V::Int(5)),
    );
    check(
        r#"["int", "string"]"#,
        union(0, V::Int(5)),
        r#"["string", "double"]"#,
        union(1, V::Double(5.0)),
    );
    // Logical types count: a date goes to the date branch, not to an earlier long.
    check(
        r#"{"type": "int", "logicalType": "date"}"#,
        V::Date(7),
        r#"["long", {"type": "int", "logicalType": "date"}]"#,
        union(1, V::Date(7)),
    );
    check(
        r#""bytes""#,
        V::Bytes(vec![0xff]),
        r#"["string", "bytes"]"#,
        union(1, V::Bytes(vec![0xff])),
    );
}

#[test]
fn a_writer_branch_the_reader_cannot_read_fails_only_for_its_data() {
    let writer = r#"["null", "string", "int"]"#;
    let reader = r#"["null", "long"]"#;
    check(writer, union(0, V::Null), reader, union(0, V::Null));
    check(writer, union(2, V::Int(1)), reader, union(1, V::Long(1)));
    let err = datum_error(writer, union(1, string("x")), reader);
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::InvalidValue(
            "branch 1 (string) of the writer's union cannot be read: the reader's union has no \
             branch that matches string"
                .to_owned()
        )
    );

    // A writer union read as a non-union: each branch on its own.
    let reader = r#""long""#;
    check(writer, union(2, V::Int(-1)), reader, V::Long(-1));
    let err = datum_error(writer, union(0, V::Null), reader);
    assert!(
        err.to_string()
            .contains("reader expects long, writer has null"),
        "{err}"
    );

    // If no branch can be read, the schemas do not resolve.
    assert_eq!(
        resolve_error(r#"["null", "string"]"#, r#""int""#),
        "branch 0 (null) of the writer's union cannot be read: reader expects int, writer has \
         null; branch 1 (string) of the writer's union cannot be read: reader expects int, writer \
         has string"
    );
    assert!(plan(r#"["string"]"#, r#"["int", "null"]"#).is_err());
    // A non-union writer needs a matching reader branch.
    assert_eq!(
        resolve_error(r#""string""#, r#"["int", "null"]"#),
        "the reader's union has no branch that matches string"
    );
    assert!(plan(r#""int""#, "[]").is_err());
    // An empty writer union has no data; it resolves with anything.
    assert!(plan("[]", r#""int""#).is_ok());
    assert!(plan("[]", "[]").is_ok());

    // An index the writer's union does not have.
    let plan = plan(r#"["null", "int"]"#, r#"["null", "int"]"#).expect("resolves");
    let mut data = Vec::new();
    encode_long(2, &mut data);
    let err = run(&plan, &data, AvroOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("union branch 2 does not exist"),
        "{err}"
    );
    let mut data = Vec::new();
    encode_long(-1, &mut data);
    assert!(run(&plan, &data, AvroOptions::default()).is_err());
}

#[test]
fn the_first_matching_branch_is_used_even_if_a_later_one_would_resolve() {
    // The specification's match is shallow: the reader's `R` matches the writer's `R` by name
    // and is then resolved (and fails), even though `S` (alias `R`) would read it. Java and
    // apache-avro pick a branch that resolves completely; the specification does not.
    let writer = r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}]}"#;
    let reader = r#"[{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]},
                     {"type": "record", "name": "S", "aliases": ["R"], "fields": [{"name": "a", "type": "string"}]}]"#;
    assert_eq!(
        resolve_error(writer, reader),
        "field `a` of record R: reader expects long, writer has string"
    );
}

#[test]
fn null_fixed_and_logical_types_resolve_by_their_underlying_types() {
    check(r#""null""#, V::Null, r#""null""#, V::Null);
    check(
        r#"{"type": "long", "logicalType": "timestamp-millis"}"#,
        V::TimestampMillis(1_700_000_000_000),
        r#""long""#,
        V::Long(1_700_000_000_000),
    );
    check(
        r#"{"type": "int", "logicalType": "date"}"#,
        V::Date(19_000),
        r#"{"type": "long", "logicalType": "timestamp-micros"}"#,
        V::TimestampMicros(19_000),
    );
    check(
        r#"{"type": "string", "logicalType": "something-new"}"#,
        string("x"),
        r#""string""#,
        string("x"),
    );
    let decimal = r#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}"#;
    check(
        decimal,
        V::Decimal(vec![1u8, 2].into()),
        decimal,
        V::Decimal(vec![1u8, 2].into()),
    );
    check(
        decimal,
        V::Decimal(vec![1u8, 2].into()),
        r#""bytes""#,
        V::Bytes(vec![1, 2]),
    );
    // Two decimals match only with the same precision and scale (the specification's Decimal
    // section).
    assert_eq!(
        resolve_error(
            decimal,
            r#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 3}"#
        ),
        "reader expects decimal(4, 3), writer has decimal(4, 2)"
    );
    assert!(
        plan(
            decimal,
            r#"["null", {"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 2}]"#
        )
        .is_err()
    );
}

const LIST_V1: &str = r#"{"type": "record", "name": "LongList", "fields": [
    {"name": "value", "type": "long"},
    {"name": "next", "type": ["null", "LongList"]}]}"#;

fn list(values: &[i64]) -> V {
    match values.split_first() {
        None => unreachable!(),
        Some((first, rest)) => record(&[
            ("value", V::Long(*first)),
            (
                "next",
                if rest.is_empty() {
                    union(0, V::Null)
                } else {
                    union(1, list(rest))
                },
            ),
        ]),
    }
}

#[test]
fn recursive_schemas_are_planned_once_and_read_to_any_depth_allowed() {
    let reader = r#"{"type": "record", "name": "Linked", "aliases": ["LongList"], "fields": [
        {"name": "label", "type": "string", "default": "-"},
        {"name": "next", "type": ["null", "Linked"]},
        {"name": "value", "type": "double"}]}"#;
    fn linked(values: &[i64]) -> V {
        let (first, rest) = values.split_first().expect("values");
        record(&[
            ("label", string("-")),
            (
                "next",
                if rest.is_empty() {
                    union(0, V::Null)
                } else {
                    union(1, linked(rest))
                },
            ),
            ("value", V::Double(*first as f64)),
        ])
    }
    check(LIST_V1, list(&[1, 2, 3]), reader, linked(&[1, 2, 3]));
    check(LIST_V1, list(&[1, 2, 3]), LIST_V1, list(&[1, 2, 3]));

    // Each record and union level counts against the depth limit.
    let data = write(LIST_V1, list(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    let plan = plan(LIST_V1, reader).expect("resolves");
    assert!(run(&plan, &data, AvroOptions::default()).is_ok());
    let err = run(&plan, &data, AvroOptions::default().max_depth(8)).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::DepthLimitExceeded { limit: 8 }
    );
    assert!(
        err.path_string().starts_with("next.next.next"),
        "{}",
        err.path_string()
    );
    // Skipped values count too.
    let skipping =
        r#"{"type": "record", "name": "LongList", "fields": [{"name": "value", "type": "long"}]}"#;
    let plan = self::plan(LIST_V1, skipping).expect("resolves");
    assert!(run(&plan, &data, AvroOptions::default().max_depth(8)).is_err());
    assert_eq!(
        run(&plan, &data, AvroOptions::default()).expect("transcodes"),
        write(skipping, record(&[("value", V::Long(1))]))
    );
}

#[test]
fn a_failed_plan_referred_to_from_elsewhere_fails_only_its_data() {
    // `X` (fine) refers back to `R` (which does not resolve) through a union; `X` is also a
    // branch of the top-level union, so its plan outlives the failure of `R`.
    let writer = r#"[
        {"type": "record", "name": "R", "fields": [
            {"name": "x", "type": {"type": "record", "name": "X", "fields": [{"name": "r", "type": ["null", "R"]}]}},
            {"name": "b", "type": "string"}]},
        "X"]"#;
    let reader = r#"[
        {"type": "record", "name": "R", "fields": [
            {"name": "x", "type": {"type": "record", "name": "X", "fields": [{"name": "r", "type": ["null", "R"]}]}},
            {"name": "b", "type": "long"}]},
        "X"]"#;
    let x_without_r = union(1, record(&[("r", union(0, V::Null))]));
    check(writer, x_without_r.clone(), reader, x_without_r);
    let x_with_r = union(
        1,
        record(&[(
            "r",
            union(
                1,
                record(&[
                    ("x", record(&[("r", union(0, V::Null))])),
                    ("b", string("s")),
                ]),
            ),
        )]),
    );
    let err = datum_error(writer, x_with_r, reader);
    assert!(
        err.to_string()
            .contains("reader expects long, writer has string"),
        "{err}"
    );
    let err = datum_error(
        writer,
        union(
            0,
            record(&[
                ("x", record(&[("r", union(0, V::Null))])),
                ("b", string("s")),
            ]),
        ),
        reader,
    );
    assert!(err.to_string().contains("cannot be read"), "{err}");
}

#[test]
fn errors_name_the_path_in_the_data() {
    let writer = r#"{"type": "record", "name": "Shop", "fields": [
        {"name": "orders", "type": {"type": "array", "items": {"type": "record", "name": "O", "fields": [
            {"name": "meta", "type": {"type": "map", "values": ["int", "bytes"]}}]}}}]}"#;
    let reader = r#"{"type": "record", "name": "Shop", "fields": [
        {"name": "orders", "type": {"type": "array", "items": {"type": "record", "name": "O", "fields": [
            {"name": "meta", "type": {"type": "map", "values": ["int", "string"]}}]}}}]}"#;
    let order = |value: V| record(&[("meta", V::Map(HashMap::from([("k".into(), value)])))]);
    let value = record(&[(
        "orders",
        V::Array(vec![
            order(union(0, V::Int(1))),
            order(union(1, V::Bytes(vec![0xff]))),
        ]),
    )]);
    let err = datum_error(writer, value, reader);
    assert_eq!(err.kind(), &DecodeErrorKind::InvalidUtf8);
    assert_eq!(err.path_string(), r#"orders[1].meta["k"].bytes"#);
    // `["null", T]` unions do not add a segment.
    let writer =
        r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": ["null", "bytes"]}]}"#;
    let reader =
        r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": ["null", "string"]}]}"#;
    let err = datum_error(
        writer,
        record(&[("f", union(1, V::Bytes(vec![0xff])))]),
        reader,
    );
    assert_eq!(err.path_string(), "f");
}

#[test]
fn truncated_input_is_an_error_and_output_is_left_as_it_was() {
    let reader = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
        {"name": "price", "type": "double"}, {"name": "note", "type": "bytes"},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["DONE", "NEW"]}}]}"#;
    let value = record(&[
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
    let data = write(ORDER_V1, value);
    let plan = plan(ORDER_V1, reader).expect("resolves");
    assert!(run(&plan, &data, AvroOptions::default()).is_ok());
    for len in 0..data.len() {
        let mut input = AvroReader::new(&data[..len], AvroOptions::default());
        let mut out = vec![42];
        assert!(
            plan.transcode(&mut input, &mut out).is_err(),
            "prefix of {len} bytes"
        );
        assert_eq!(out, [42]);
    }
}

#[test]
fn deeply_nested_schemas_resolve_without_overflowing_the_stack() {
    // Built as a value: serde_json does not parse text nested this deeply.
    let mut value = serde_json::json!("int");
    for i in 0..200 {
        let mut field = serde_json::Map::new();
        field.insert("name".to_owned(), "f".into());
        field.insert("type".to_owned(), value);
        let mut record = serde_json::Map::new();
        record.insert("type".to_owned(), "record".into());
        record.insert("name".to_owned(), format!("R{i}").into());
        record.insert(
            "fields".to_owned(),
            vec![serde_json::Value::Object(field)].into(),
        );
        value = serde_json::Value::Object(record);
    }
    let schema = Schema::parse(&value).expect("parses");
    assert!(!schema.canonical_form().is_empty());
    let plan = Resolution::new(&schema, &schema).expect("resolves");
    let out = run(&plan, &[2], AvroOptions::default().max_depth(500)).expect("transcodes");
    assert_eq!(out, [2]);
    assert!(run(&plan, &[2], AvroOptions::default()).is_err());
}

#[test]
fn completeness_says_whether_any_datum_can_fail() {
    let complete =
        |writer: &str, reader: &str| plan(writer, reader).expect("resolves").is_complete();
    assert!(complete(LIST_V1, LIST_V1));
    assert!(complete(
        ORDER_V1,
        r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": []}"#
    ));
    let abc = r#"{"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}"#;
    assert!(!complete(
        abc,
        r#"{"type": "enum", "name": "E", "symbols": ["A", "B"]}"#
    ));
    assert!(complete(
        abc,
        r#"{"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "A"}"#
    ));
    assert!(complete(
        abc,
        r#"{"type": "enum", "name": "E", "symbols": ["C", "B", "A", "D"]}"#
    ));
    assert!(!complete(r#"["null", "string"]"#, r#"["null", "int"]"#));
    assert!(!complete(r#"["null", "int"]"#, r#""int""#));
    assert!(complete(r#"["int", "long"]"#, r#""double""#));
    assert!(complete(r#""int""#, r#"["null", "long"]"#));
    assert!(complete("[]", r#""int""#));
}

#[test]
fn plans_are_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_send_sync::<Resolution>();
    assert_send_sync::<ResolveError>();
    let plan = plan(LIST_V1, LIST_V1).expect("resolves");
    let data = write(LIST_V1, list(&[1, 2]));
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| assert_eq!(run(&plan, &data, AvroOptions::default()).expect("ok"), data));
        }
    });
}

/// Writer/reader pairs for the fuzz test: the output of a successful transcode must be valid
/// for the reader's schema.
const FUZZ_PAIRS: &[(&str, &str)] = &[
    (
        ORDER_V1,
        r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
        {"name": "price", "type": "double"}, {"name": "note", "type": "bytes"},
        {"name": "tags", "type": {"type": "array", "items": "bytes"}},
        {"name": "missing", "type": ["null", "string"], "default": null},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["DONE"], "default": "DONE"}}]}"#,
    ),
    (
        LIST_V1,
        r#"{"type": "record", "name": "LongList", "fields": [
        {"name": "next", "type": ["null", "LongList"]}, {"name": "value", "type": "double"}]}"#,
    ),
    (
        r#"["null", "int", "string", {"type": "map", "values": {"type": "array", "items": "float"}}]"#,
        r#"["string", {"type": "map", "values": {"type": "array", "items": "double"}}, "long", "null"]"#,
    ),
    (
        r#"{"type": "array", "items": ["null", {"type": "record", "name": "E", "fields": []}]}"#,
        r#"{"type": "array", "items": ["null", {"type": "record", "name": "E", "fields": [{"name": "d", "type": "int", "default": 1}]}]}"#,
    ),
];

proptest! {
    #[test]
    fn arbitrary_input_never_panics_and_any_output_is_valid(pair in 0..FUZZ_PAIRS.len(), data in prop::collection::vec(any::<u8>(), 0..64)) {
        let (writer, reader) = FUZZ_PAIRS[pair];
        let plan = plan(writer, reader).expect("resolves");
        let mut input = AvroReader::new(&data, AvroOptions::default());
        let mut out = Vec::new();
        if plan.transcode(&mut input, &mut out).is_ok() {
            let _ = read(reader, &out);
        } else {
            prop_assert!(out.is_empty());
        }
    }

    #[test]
    fn lists_of_any_length_transcode_like_apache_avro(values in prop::collection::vec(any::<i64>(), 1..20)) {
        let reader = r#"{"type": "record", "name": "LongList", "fields": [
            {"name": "next", "type": ["null", "LongList"]}, {"name": "value", "type": "double"}]}"#;
        fn expected(values: &[i64]) -> V {
            let (first, rest) = values.split_first().expect("values");
            record(&[
                ("next", if rest.is_empty() { union(0, V::Null) } else { union(1, expected(rest)) }),
                ("value", V::Double(*first as f64)),
            ])
        }
        check(LIST_V1, list(&values), reader, expected(&values));
    }
}

//! The protobuf lowering rules for declarations (enums, unions, reserved, deprecation,
//! comments, order, files and imports, positions), each on a small inline schema. Every schema
//! is also exported, compiled with protox and checked to give back the lowered descriptors.

mod support;

use prost_types::EnumDescriptorProto;
use prost_types::field_descriptor_proto::Label;
use support::{enum_, exported, field, location, lowered, message, only_file};
use trident_formats::protobuf::{enum_value_name, export, file_name, lower, oneof_name};
use trident_idl::model::TypeKind;

#[test]
fn enum_values_are_prefixed_with_the_enum_name() {
    let (schema, proto) = lowered(
        "package t;
enum Status { UNKNOWN = 0; PENDING = 1; STATUS_DONE = 2; STATUS = 3; reserved 9, \"OLD\", \"STATUS_GONE\"; }
enum CardBrand { CARD_BRAND_UNKNOWN = 0; VISA = 1; }
enum HTTPCode { OK = 0; NOT_FOUND = 404; }
record R { s @1: Status = PENDING; c @2: CardBrand = VISA; }
",
    );
    let def = |name: &str| schema.lookup(name).unwrap();
    assert_eq!(
        enum_value_name(def("t.Status"), "PENDING"),
        "STATUS_PENDING"
    );
    assert_eq!(
        enum_value_name(def("t.Status"), "STATUS_DONE"),
        "STATUS_DONE"
    );
    assert_eq!(enum_value_name(def("t.Status"), "STATUS"), "STATUS_STATUS");
    assert_eq!(
        enum_value_name(def("t.CardBrand"), "CARD_BRAND_UNKNOWN"),
        "CARD_BRAND_UNKNOWN"
    );
    assert_eq!(
        enum_value_name(def("t.CardBrand"), "VISA"),
        "CARD_BRAND_VISA"
    );
    assert_eq!(enum_value_name(def("t.HTTPCode"), "OK"), "HTTP_CODE_OK");

    let file = only_file(&proto);
    let names = |e: &EnumDescriptorProto| {
        e.value
            .iter()
            .map(|v| v.name().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(enum_(file, "Status")),
        [
            "STATUS_UNKNOWN",
            "STATUS_PENDING",
            "STATUS_DONE",
            "STATUS_STATUS"
        ]
    );
    assert_eq!(
        enum_(file, "Status").reserved_name,
        ["STATUS_OLD", "STATUS_GONE"]
    );
    assert_eq!(
        names(enum_(file, "CardBrand")),
        ["CARD_BRAND_UNKNOWN", "CARD_BRAND_VISA"]
    );
    assert_eq!(
        names(enum_(file, "HTTPCode")),
        ["HTTP_CODE_OK", "HTTP_CODE_NOT_FOUND"]
    );
    let text = exported(&schema);
    assert!(
        text.contains("  reserved \"STATUS_OLD\", \"STATUS_GONE\";\n"),
        "{text}"
    );
    assert!(
        text.contains("optional Status s = 1; // default: STATUS_PENDING\n"),
        "{text}"
    );
    assert!(
        text.contains("optional CardBrand c = 2; // default: CARD_BRAND_VISA\n"),
        "{text}"
    );
}

#[test]
fn a_union_is_a_message_with_one_oneof() {
    let (schema, proto) = lowered(
        "package t;
union U { a @1: i32; b @2: Inner; c @3: timestamp; }
record Inner { x @1: i32; }
",
    );
    let TypeKind::Union(union) = &schema.lookup("t.U").unwrap().kind else {
        panic!("U is a union")
    };
    assert_eq!(oneof_name(union), "value");
    let u = message(only_file(&proto), "U");
    assert_eq!(u.oneof_decl.len(), 1);
    assert_eq!(u.oneof_decl[0].name(), "value");
    for f in &u.field {
        assert_eq!(f.oneof_index, Some(0));
        assert_eq!(f.label(), Label::Optional);
        assert_eq!(f.proto3_optional, None);
    }
    let text = exported(&schema);
    assert!(
        text.contains(
            "message U {\n  oneof value {\n    int32 a = 1;\n    Inner b = 2;\n    .google.protobuf.Timestamp c = 3;\n  }\n}\n"
        ),
        "{text}"
    );
}

#[test]
fn the_oneof_name_avoids_variant_names() {
    let (schema, proto) = lowered("package t;\nunion One { value @1: i32; other @2: string; }\n");
    assert_eq!(
        message(only_file(&proto), "One").oneof_decl[0].name(),
        "value_"
    );
    let TypeKind::Union(union) = &schema.lookup("t.One").unwrap().kind else {
        panic!("One is a union")
    };
    assert_eq!(oneof_name(union), "value_");

    // `value` and `value_` have one JSON name, which protoc rejects: the checker refuses them,
    // so the oneof name never needs a second `_`.
    let checked = trident_idl::check_source(
        "t.tri",
        "package t;\nunion Two { value_ @1: i32; value @2: string; }\n",
    );
    assert!(checked.schema.is_none());
    assert_eq!(
        checked.diagnostics.iter().next().unwrap().code().as_str(),
        "E110"
    );
}

#[test]
fn reserved_ranges_end_exclusive_in_messages_and_inclusive_in_enums() {
    let (schema, proto) = lowered(
        "package t;
record R { x @1: i32; reserved @3, @5..7, @100..max, \"old\", \"older\"; }
union U { a @1: i32; reserved @2..4; }
enum E { Z = 0; reserved 3, 5..7, -4, 100..max, \"GONE\"; }
",
    );
    let file = only_file(&proto);
    let r = message(file, "R");
    let ranges: Vec<(i32, i32)> = r
        .reserved_range
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect();
    assert_eq!(ranges, [(3, 4), (5, 8), (100, 536_870_912)]);
    assert_eq!(r.reserved_name, ["old", "older"]);
    let u = message(file, "U");
    let ranges: Vec<(i32, i32)> = u
        .reserved_range
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect();
    assert_eq!(ranges, [(2, 5)]);
    let e = enum_(file, "E");
    let ranges: Vec<(i32, i32)> = e
        .reserved_range
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect();
    assert_eq!(ranges, [(3, 3), (5, 7), (-4, -4), (100, i32::MAX)]);
    assert_eq!(e.reserved_name, ["E_GONE"]);

    let text = exported(&schema);
    assert!(
        text.contains("message R {\n  reserved 3, 5 to 7, 100 to max;\n  reserved \"old\", \"older\";\n\n  int32 x = 1;\n}\n"),
        "{text}"
    );
    assert!(
        text.contains("message U {\n  reserved 2 to 4;\n\n  oneof value {"),
        "{text}"
    );
    assert!(
        text.contains("enum E {\n  reserved 3, 5 to 7, -4, 100 to max;\n  reserved \"E_GONE\";\n\n  E_Z = 0;\n}\n"),
        "{text}"
    );
}

#[test]
fn deprecation_sets_options_and_keeps_the_note() {
    let (schema, proto) = lowered(
        "package t;
#[deprecated(\"use S\")]
record R { #[deprecated] a @1: i32; #[deprecated(\"gone\")] b @2: optional<string>; }
#[deprecated]
union U { #[deprecated] a @1: i32; b @2: string; }
/// Colours.
#[deprecated(\"no more colours\")]
enum E { Z = 0; #[deprecated] RED = 1; }
",
    );
    let file = only_file(&proto);
    let r = message(file, "R");
    assert_eq!(r.options.as_ref().and_then(|o| o.deprecated), Some(true));
    assert_eq!(
        field(r, "a").options.as_ref().and_then(|o| o.deprecated),
        Some(true)
    );
    let u = message(file, "U");
    assert_eq!(u.options.as_ref().and_then(|o| o.deprecated), Some(true));
    assert_eq!(
        field(u, "a").options.as_ref().and_then(|o| o.deprecated),
        Some(true)
    );
    assert_eq!(field(u, "b").options, None);
    let e = enum_(file, "E");
    assert_eq!(e.options.as_ref().and_then(|o| o.deprecated), Some(true));
    assert_eq!(
        e.value[1].options.as_ref().and_then(|o| o.deprecated),
        Some(true)
    );
    assert_eq!(e.value[0].options, None);
    assert_eq!(
        location(file, &[4, 0]).leading_comments.as_deref(),
        Some(" Deprecated: use S\n")
    );
    assert_eq!(
        location(file, &[5, 0]).leading_comments.as_deref(),
        Some(" Colours.\n\n Deprecated: no more colours\n")
    );

    let text = exported(&schema);
    assert!(
        text.contains(
            "// Deprecated: use S\nmessage R {\n  option deprecated = true;\n\n  int32 a = 1 [deprecated = true];\n\n  // Deprecated: gone\n  optional string b = 2 [deprecated = true];\n}\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("message U {\n  option deprecated = true;\n\n  oneof value {\n    int32 a = 1 [deprecated = true];\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "// Colours.\n//\n// Deprecated: no more colours\nenum E {\n  option deprecated = true;\n\n  E_Z = 0;\n  E_RED = 1 [deprecated = true];\n}\n"
        ),
        "{text}"
    );
}

#[test]
fn doc_comments_become_leading_comments() {
    let (schema, proto) = lowered(
        "/// The package.
///
/// Second paragraph.
package t;
/// A record.
record R {
    /// A field.
    ///   indented
    a @1: i32;
}
/// A union.
union U {
    /// A variant.
    a @1: i32;
}
/// An enum.
enum E {
    /// The zero value.
    Z = 0;
}
",
    );
    let file = only_file(&proto);
    let comment = |path: &[i32]| location(file, path).leading_comments.clone();
    assert_eq!(
        comment(&[2]).as_deref(),
        Some(" The package.\n\n Second paragraph.\n")
    );
    assert_eq!(comment(&[4, 0]).as_deref(), Some(" A record.\n"));
    assert_eq!(
        comment(&[4, 0, 2, 0]).as_deref(),
        Some(" A field.\n   indented\n")
    );
    assert_eq!(comment(&[4, 1]).as_deref(), Some(" A union.\n"));
    assert_eq!(comment(&[4, 1, 8, 0]), None);
    assert_eq!(comment(&[4, 1, 2, 0]).as_deref(), Some(" A variant.\n"));
    assert_eq!(comment(&[5, 0]).as_deref(), Some(" An enum.\n"));
    assert_eq!(
        comment(&[5, 0, 2, 0]).as_deref(),
        Some(" The zero value.\n")
    );

    let text = exported(&schema);
    assert_eq!(
        text,
        "// Generated by Trident. Do not edit.
syntax = \"proto3\";

// The package.
//
// Second paragraph.
package t;

// A record.
message R {
  // A field.
  //   indented
  int32 a = 1;
}

// A union.
message U {
  oneof value {
    // A variant.
    int32 a = 1;
  }
}

// An enum.
enum E {
  // The zero value.
  E_Z = 0;
}
"
    );
}

#[test]
fn types_keep_declaration_order_across_messages_and_enums() {
    let (schema, _) = lowered(
        "package t;\nenum A { Z = 0; }\nrecord B { }\nenum C { Z = 0; }\nunion D { x @1: i32; }\n",
    );
    let text = exported(&schema);
    let positions: Vec<usize> = ["enum A", "message B", "enum C", "message D"]
        .iter()
        .map(|needle| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} in {text}"))
        })
        .collect();
    assert!(positions.is_sorted(), "{text}");
}

#[test]
fn timestamp_is_imported_only_when_used() {
    let (schema, proto) = lowered("package t;\nrecord R { x @1: i32; d @2: date; }\n");
    assert!(only_file(&proto).dependency.is_empty());
    assert!(!exported(&schema).contains("import"));

    for body in [
        "x @1: timestamp;",
        "x @1: optional<timestamp>;",
        "x @1: list<timestamp>;",
        "x @1: map<string, timestamp>;",
    ] {
        let (schema, proto) = lowered(&format!("package t;\nrecord R {{ {body} }}\n"));
        assert_eq!(
            only_file(&proto).dependency,
            ["google/protobuf/timestamp.proto"],
            "{body}"
        );
        assert!(exported(&schema).contains("\nimport \"google/protobuf/timestamp.proto\";\n"));
    }
    let (_, proto) = lowered("package t;\nunion U { at @1: timestamp; n @2: i32; }\n");
    assert_eq!(
        only_file(&proto).dependency,
        ["google/protobuf/timestamp.proto"]
    );
}

#[test]
fn other_packages_are_imported_only_when_used() {
    let schema = support::schema_files(&[
        (
            "a.tri",
            "package p.a;\nimport \"b.tri\";\nimport \"a2.tri\";\nrecord A { b @1: map<string, p.b.B>; a2 @2: A2; t @3: timestamp; }\n",
        ),
        ("a2.tri", "package p.a;\nrecord A2 { x @1: i32; }\n"),
        (
            "b.tri",
            "package p.b;\nimport \"c.tri\";\nunion B { c @1: p.c.C; n @2: i32; }\n",
        ),
        ("c.tri", "package p.c;\nenum C { Z = 0; }\n"),
        (
            "d.tri",
            "package p.d;\nimport \"c.tri\";\nrecord D { x @1: i32; }\n#[deprecated]\nrecord D2 { c @1: list<p.c.C>; }\n",
        ),
        ("e.tri", "package p.e;\n"),
    ]);
    support::assert_round_trip(&schema);
    let proto = lower(&schema);
    let files: Vec<(&str, Vec<&str>)> = proto
        .files
        .file
        .iter()
        .map(|f| (f.name(), f.dependency.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        files,
        [
            (
                "p/a.proto",
                vec!["google/protobuf/timestamp.proto", "p/b.proto"]
            ),
            ("p/b.proto", vec!["p/c.proto"]),
            ("p/c.proto", vec![]),
            ("p/d.proto", vec!["p/c.proto"]),
            ("p/e.proto", vec![]),
        ]
    );
    let a = &proto.files.file[0];
    assert_eq!(a.package(), "p.a");
    let names: Vec<&str> = a.message_type.iter().map(|m| m.name()).collect();
    assert_eq!(names, ["A", "A2"], "a package's files in the order read");
    let text = &export(&schema)[0].1;
    assert!(
        text.contains("  map<string, .p.b.B> b = 1;\n  A2 a2 = 2;\n"),
        "{text}"
    );
    assert_eq!(
        export(&schema)[4].1,
        "// Generated by Trident. Do not edit.\nsyntax = \"proto3\";\n\npackage p.e;\n"
    );
}

#[test]
fn package_docs_of_several_files_are_joined() {
    let schema = support::schema_files(&[
        (
            "a.tri",
            "/// From a.\npackage p;\nrecord A { x @1: i32; }\n",
        ),
        (
            "b.tri",
            "/// From b.\npackage p;\nrecord B { x @1: i32; }\n",
        ),
        (
            "c.tri",
            "/// From a.\npackage p;\nrecord C { x @1: i32; }\n",
        ),
    ]);
    support::assert_round_trip(&schema);
    let proto = lower(&schema);
    assert_eq!(
        location(&proto.files.file[0], &[2])
            .leading_comments
            .as_deref(),
        Some(" From a.\n\n From b.\n")
    );
}

#[test]
fn spans_point_at_the_tri_names() {
    let (schema, proto) = lowered(
        "package t;
record R { a @1: i32; b @2: optional<string>; m @3: map<string, i32>; }
union U { x @1: i32; }
enum E { Z = 0; ONE = 1; }
",
    );
    let text_at = |path: &[i32]| {
        let span = proto.spans[&("t.proto".to_owned(), path.to_vec())];
        schema.sources().text(span).to_owned()
    };
    assert_eq!(text_at(&[4, 0]), "R");
    assert_eq!(text_at(&[4, 0, 2, 0]), "a");
    assert_eq!(text_at(&[4, 0, 2, 1]), "b");
    assert_eq!(text_at(&[4, 0, 8, 0]), "b", "the synthetic oneof of b");
    assert_eq!(text_at(&[4, 0, 3, 0]), "map<string, i32>", "the map entry");
    assert_eq!(text_at(&[4, 0, 3, 0, 2, 1]), "map<string, i32>");
    assert_eq!(text_at(&[4, 1]), "U");
    assert_eq!(text_at(&[4, 1, 8, 0]), "U", "a union's oneof");
    assert_eq!(text_at(&[4, 1, 2, 0]), "x");
    assert_eq!(text_at(&[5, 0]), "E");
    assert_eq!(text_at(&[5, 0, 2, 1]), "ONE");
    assert_eq!(proto.spans.len(), 14);
}

#[test]
fn source_code_info_spans_locate_elements_in_the_printed_text() {
    let (schema, proto) = lowered("package t;\nrecord R {\n  a @1: i32;\n}\n");
    let file = only_file(&proto);
    let text = exported(&schema);
    let lines: Vec<&str> = text.lines().collect();
    // [line, start column, end column] or [start line, start column, end line, end column].
    let span = &location(file, &[4, 0, 2, 0]).span;
    assert_eq!(span.len(), 3);
    let line = lines[usize::try_from(span[0]).unwrap()];
    let (start, end) = (
        usize::try_from(span[1]).unwrap(),
        usize::try_from(span[2]).unwrap(),
    );
    assert_eq!(&line[start..end], "int32 a = 1;");
    assert_eq!(location(file, &[4, 0]).span.len(), 4);
    assert_eq!(location(file, &[2]).span, [3, 0, 10]);
}

#[test]
fn file_names_follow_packages() {
    assert_eq!(file_name("acme.shop"), "acme/shop.proto");
    assert_eq!(file_name("shop"), "shop.proto");
    let (_, proto) = lowered("package acme.shop.v1;\nrecord R { x @1: i32; }\n");
    let file = only_file(&proto);
    assert_eq!(file.name(), "acme/shop/v1.proto");
    assert_eq!(file.package(), "acme.shop.v1");
    assert_eq!(file.syntax(), "proto3");
}

#[test]
fn empty_doc_lines_survive_the_round_trip() {
    let (schema, proto) = lowered(
        "package t;\n///\nrecord A { x @1: i32; }\n/// Trailing empty line.\n///\nrecord B {\n    ///\n    ///\n    x @1: i32;\n}\n",
    );
    let file = only_file(&proto);
    assert!(exported(&schema).contains("\n//\nmessage A {\n"));
    let comment = |path: &[i32]| location(file, path).leading_comments.clone();
    assert_eq!(comment(&[4, 0]).as_deref(), Some("\n"));
    assert_eq!(
        comment(&[4, 1]).as_deref(),
        Some(" Trailing empty line.\n\n")
    );
    assert_eq!(comment(&[4, 1, 2, 0]).as_deref(), Some("\n\n"));
}

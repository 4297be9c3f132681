//! Every language construct, parsed and checked into the model: each test writes a small schema
//! and asserts what the model holds.

use trident_idl::model::{Primitive, Type, TypeKind, Value};
use trident_idl::{MemoryFileSystem, Options, Schema};

fn schema(text: &str) -> Schema {
    let checked = trident_idl::check_source("test.tri", text);
    let rendered = trident_idl::render(
        &checked.diagnostics,
        &checked.sources,
        trident_idl::RenderStyle::Narrated,
    );
    assert!(checked.diagnostics.is_empty(), "{rendered}");
    checked.schema.expect("no errors, so a schema")
}

fn record<'a>(schema: &'a Schema, name: &str) -> &'a trident_idl::model::Record {
    match &schema.lookup(name).unwrap().kind {
        TypeKind::Record(r) => r,
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn package_and_doc_comments() {
    let s = schema(
        "/// Line one.\n///   indented\n////  not a doc comment\npackage a.b;\n\n/// A record.\n/// Second line.\nrecord R {\n    /// The id.\n    id @1: string;\n}\n",
    );
    let file = &s.files()[0];
    assert_eq!(file.package, "a.b");
    assert_eq!(file.package_docs.as_deref(), Some("Line one.\n  indented"));
    let r = s.lookup("a.b.R").unwrap();
    assert_eq!(r.docs.as_deref(), Some("A record.\nSecond line."));
    assert_eq!(
        record(&s, "a.b.R").fields[0].docs.as_deref(),
        Some("The id.")
    );
}

#[test]
fn every_builtin_type() {
    let names = [
        "bool",
        "i32",
        "i64",
        "u32",
        "u64",
        "f32",
        "f64",
        "string",
        "bytes",
        "timestamp",
        "date",
        "uuid",
    ];
    let fields: String = names
        .iter()
        .enumerate()
        .map(|(i, t)| format!("  f{i} @{}: {t};\n", i + 1))
        .collect();
    let s = schema(&format!("package p;\nrecord R {{\n{fields}}}\n"));
    let r = record(&s, "p.R");
    for (field, name) in r.fields.iter().zip(names) {
        assert_eq!(
            field.ty,
            Type::Primitive(Primitive::from_name(name).unwrap())
        );
    }
}

#[test]
fn containers_and_references() {
    let s = schema(
        "package p;\nrecord R {\n  a @1: list<string>;\n  b @2: map<string, R>;\n  c @3: optional<E>;\n  d @4: list<p.E>;\n}\nenum E { Z = 0; }\n",
    );
    let e = s.lookup("p.E").unwrap().id;
    let me = s.lookup("p.R").unwrap().id;
    let r = record(&s, "p.R");
    assert_eq!(
        r.fields[0].ty,
        Type::List(Box::new(Type::Primitive(Primitive::String)))
    );
    assert_eq!(r.fields[1].ty, Type::Map(Box::new(Type::Named(me))));
    assert_eq!(r.fields[2].ty, Type::Optional(Box::new(Type::Named(e))));
    assert_eq!(r.fields[3].ty, Type::List(Box::new(Type::Named(e))));
}

#[test]
fn defaults_of_every_kind() {
    let s = schema(concat!(
        "package p;\nrecord R {\n",
        "  a @1: bool = true;\n  b @2: i32 = -0x10;\n  c @3: u64 = 18446744073709551615;\n",
        "  d @4: f32 = 2.5e-1;\n  e @5: f64 = 3;\n  f @6: string = \"a\\\"b\\n\\u{e9}\";\n",
        "  g @7: bytes = \"\\x00\\xff\";\n  h @8: E = TWO;\n  i @9: i64 = -9223372036854775808;\n}\n",
        "enum E { ZERO = 0; TWO = 2; }\n",
    ));
    let r = record(&s, "p.R");
    let d: Vec<Value> = r
        .fields
        .iter()
        .map(|f| f.default.clone().unwrap().value)
        .collect();
    assert_eq!(
        d,
        vec![
            Value::Bool(true),
            Value::Int(-16),
            Value::UInt(u64::MAX),
            Value::Float(0.25),
            Value::Float(3.0),
            Value::String("a\"b\né".into()),
            Value::Bytes(vec![0, 255]),
            Value::Enum {
                symbol: "TWO".into(),
                number: 2
            },
            Value::Int(i64::MIN),
        ]
    );
}

#[test]
fn reserved_numbers_ranges_and_names() {
    let s = schema(
        "package p;\nrecord R {\n  x @1: i32;\n  reserved @2, @4..6, \"old\";\n  reserved @100..max;\n}\nenum E {\n  A = 0;\n  reserved -5..-1, 7, 10..max, \"GONE\";\n}\nunion U {\n  a @1: string;\n  reserved @3;\n}\n",
    );
    let r = record(&s, "p.R");
    let ranges: Vec<(i64, i64)> = r.reserved.ranges.iter().map(|x| (x.start, x.end)).collect();
    assert_eq!(ranges, vec![(2, 2), (4, 6), (100, (1 << 29) - 1)]);
    assert!(r.reserved.contains_name("old"));
    assert!(r.reserved.contains_number(5) && !r.reserved.contains_number(7));
    let TypeKind::Enum(e) = &s.lookup("p.E").unwrap().kind else {
        panic!()
    };
    let ranges: Vec<(i64, i64)> = e.reserved.ranges.iter().map(|x| (x.start, x.end)).collect();
    assert_eq!(ranges, vec![(-5, -1), (7, 7), (10, i64::from(i32::MAX))]);
    assert!(e.reserved.contains_name("GONE"));
    let TypeKind::Union(u) = &s.lookup("p.U").unwrap().kind else {
        panic!()
    };
    assert!(u.reserved.contains_number(3));
}

#[test]
fn enums_keep_declaration_order_and_numbers() {
    let s = schema("package p;\nenum E {\n  Z = 0;\n  B = 5;\n  A = -2;\n}\n");
    let TypeKind::Enum(e) = &s.lookup("p.E").unwrap().kind else {
        panic!()
    };
    let values: Vec<(&str, i32)> = e
        .values
        .iter()
        .map(|v| (v.name.as_str(), v.number))
        .collect();
    assert_eq!(values, vec![("Z", 0), ("B", 5), ("A", -2)]);
}

#[test]
fn unions_hold_variants_in_order() {
    let s = schema(
        "package p;\nunion U {\n  text @2: string;\n  data @1: bytes;\n  rec @3: R;\n}\nrecord R {}\n",
    );
    let TypeKind::Union(u) = &s.lookup("p.U").unwrap().kind else {
        panic!()
    };
    let v: Vec<(&str, u32)> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.number))
        .collect();
    assert_eq!(v, vec![("text", 2), ("data", 1), ("rec", 3)]);
}

#[test]
fn attributes_become_deprecation_and_aliases() {
    let s = schema(concat!(
        "package p;\n#[deprecated(\"use S\")]\n#[alias(\"Old\", \"q.Older\")]\nrecord R {\n",
        "  #[deprecated]\n  #[alias(\"was\")]\n  #[alias(\"earlier\")]\n  x @1: i32;\n}\n",
        "enum E {\n  #[deprecated] Z = 0;\n}\nunion U {\n  #[deprecated(\"gone\")] a @1: string;\n}\n",
    ));
    let r = s.lookup("p.R").unwrap();
    assert_eq!(
        r.deprecated.as_ref().unwrap().note.as_deref(),
        Some("use S")
    );
    let aliases: Vec<&str> = r.aliases.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(aliases, vec!["Old", "q.Older"]);
    let f = &record(&s, "p.R").fields[0];
    assert_eq!(f.deprecated.as_ref().unwrap().note, None);
    let aliases: Vec<&str> = f.aliases.iter().map(|a| a.value.as_str()).collect();
    assert_eq!(aliases, vec!["was", "earlier"]);
    let TypeKind::Enum(e) = &s.lookup("p.E").unwrap().kind else {
        panic!()
    };
    assert!(e.values[0].deprecated.is_some());
    let TypeKind::Union(u) = &s.lookup("p.U").unwrap().kind else {
        panic!()
    };
    assert_eq!(
        u.variants[0].deprecated.as_ref().unwrap().note.as_deref(),
        Some("gone")
    );
}

#[test]
fn comments_and_empty_statements_are_ignored() {
    let s = schema(
        "package p; ;\n/* block /* not nested */\nrecord R { ; x @1: i32; // trailing\n ; }\n;\n",
    );
    assert_eq!(record(&s, "p.R").fields.len(), 1);
}

#[test]
fn keywords_are_valid_field_names() {
    let s = schema(
        "package p;\nrecord R {\n  record @1: i32;\n  reserved @2: i32;\n  map @3: string;\n  reserved @4;\n}\n",
    );
    let names: Vec<&str> = record(&s, "p.R")
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, vec!["record", "reserved", "map"]);
}

#[test]
fn recursion_through_list_map_optional_and_unions_is_allowed() {
    schema(concat!(
        "package p;\nrecord Node { kids @1: list<Node>; next @2: optional<Node>; named @3: map<string, Node>; v @4: V; }\n",
        "union V { leaf @1: string; node @2: Node; }\n",
    ));
}

#[test]
fn imports_across_packages_resolve_by_full_name() {
    let fs = MemoryFileSystem::new()
        .with("s/common.tri", "package acme.common;\nrecord Money { units @1: i64; }\n")
        .with("s/sub/shop.tri", "package acme.shop;\nimport \"../common.tri\";\nrecord Order { total @1: acme.common.Money; }\n");
    let checked = trident_idl::check(&fs, &["s/sub/shop.tri".into()], &Options::new());
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let s = checked.schema.unwrap();
    let money = s.lookup("acme.common.Money").unwrap().id;
    assert_eq!(
        record(&s, "acme.shop.Order").fields[0].ty,
        Type::Named(money)
    );
    assert_eq!(s.files().len(), 2);
    assert!(s.files()[0].is_input && !s.files()[1].is_input);
    assert_eq!(s.files()[0].imports, vec![s.files()[1].id]);
    assert_eq!(s.file(s.files()[1].id).package, "acme.common");
    let packages: Vec<&str> = s.packages().keys().copied().collect();
    assert_eq!(packages, vec!["acme.common", "acme.shop"]);
}

#[test]
fn include_roots_are_searched_in_order() {
    let fs = MemoryFileSystem::new()
        .with("first/x.tri", "package one;\nrecord X {}\n")
        .with("second/x.tri", "package two;\nrecord X {}\n")
        .with(
            "main.tri",
            "package m;\nimport \"x.tri\";\nrecord M { x @1: two.X; }\n",
        );
    let options = Options::new().include_root("second").include_root("first");
    let checked = trident_idl::check(&fs, &["main.tri".into()], &options);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

#[test]
fn a_file_reached_twice_is_read_once() {
    let fs = MemoryFileSystem::new()
        .with(
            "a.tri",
            "package a;\nimport \"c.tri\";\nrecord A { c @1: c.C; }\n",
        )
        .with(
            "b.tri",
            "package b;\nimport \"./c.tri\";\nrecord B { c @1: c.C; }\n",
        )
        .with("c.tri", "package c;\nrecord C {}\n");
    let checked = trident_idl::check(
        &fs,
        &["a.tri".into(), "b.tri".into(), "c.tri".into()],
        &Options::new(),
    );
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert_eq!(checked.sources.len(), 3);
    assert!(checked.schema.unwrap().files().iter().all(|f| f.is_input));
}

#[test]
fn spans_point_at_the_written_text() {
    let s = schema("package p;\nrecord Order {\n    total @12: i64 = 5;\n}\n");
    let f = &record(&s, "p.Order").fields[0];
    let src = s.sources();
    assert_eq!(src.text(f.name_span), "total");
    assert_eq!(src.text(f.number_span), "@12");
    assert_eq!(src.text(f.type_span), "i64");
    assert_eq!(src.text(f.default.as_ref().unwrap().span), "5");
    assert_eq!(s.location(f.name_span), "test.tri:3:5");
    assert_eq!(src.text(s.lookup("p.Order").unwrap().name_span), "Order");
}

#[test]
fn the_example_schemas_check_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &[root]).unwrap();
    assert!(files.len() >= 3);
    let checked = trident_idl::check_paths(&files, &Options::new());
    let rendered = trident_idl::render(
        &checked.diagnostics,
        &checked.sources,
        trident_idl::RenderStyle::Narrated,
    );
    assert!(checked.diagnostics.is_empty(), "{rendered}");
    let s = checked.schema.unwrap();
    assert!(s.packages().len() >= 3);
}

#[test]
fn checking_twice_gives_identical_results() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/shop.tri"))
        .unwrap();
    let broken = text.replace("@2:", "@1:");
    let a = trident_idl::check_source("x.tri", &broken);
    let b = trident_idl::check_source("x.tri", &broken);
    assert!(!a.diagnostics.is_empty());
    assert_eq!(
        a.diagnostics.iter().collect::<Vec<_>>(),
        b.diagnostics.iter().collect::<Vec<_>>()
    );
}

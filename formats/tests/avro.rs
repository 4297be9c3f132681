//! The Avro export: snapshots of the example schemas' `.avsc` files, every one parsed by
//! apache-avro, and the mapping rules on small schemas.

use std::path::Path;

use serde_json::{Value, json};
use trident_formats::avro::{export, type_schema};

fn examples() -> trident_idl::Schema {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &[root]).unwrap();
    let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
    checked.schema.unwrap()
}

fn schema(text: &str) -> trident_idl::Schema {
    let checked = trident_idl::check_source("t.tri", text);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    checked.schema.unwrap()
}

fn avsc(text: &str, name: &str) -> Value {
    let s = schema(text);
    let id = s.lookup(name).unwrap().id;
    type_schema(&s, id)
}

#[test]
fn every_exported_file_parses_with_apache_avro_and_matches_its_snapshot() {
    let files = export(&examples());
    assert_eq!(files.len(), 28);
    for (name, text) in files {
        let parsed =
            apache_avro::Schema::parse_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let full_name = name.trim_end_matches(".avsc");
        if let apache_avro::Schema::Record(r) = &parsed {
            assert_eq!(r.name.fullname(None), full_name);
        }
        insta::assert_snapshot!(full_name.to_string(), text);
    }
}

#[test]
fn types_map_as_the_reference_says() {
    let record = avsc(
        "package p;\nrecord R {\n  a @1: bool;\n  b @2: i32;\n  c @3: i64;\n  d @4: u32;\n  e @5: u64;\n  f @6: f32;\n  g @7: f64;\n  h @8: string;\n  i @9: bytes;\n  j @10: timestamp;\n  k @11: date;\n  l @12: uuid;\n}\n",
        "p.R",
    );
    let types: Vec<&Value> = record["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["type"])
        .collect();
    assert_eq!(
        types,
        [
            &json!("boolean"),
            &json!("int"),
            &json!("long"),
            &json!("long"),
            &json!("long"),
            &json!("float"),
            &json!("double"),
            &json!("string"),
            &json!("bytes"),
            &json!({"type": "long", "logicalType": "timestamp-micros"}),
            &json!({"type": "int", "logicalType": "date"}),
            &json!({"type": "string", "logicalType": "uuid"}),
        ]
    );
    assert_eq!(record["namespace"], "p");
    // Required fields have no default.
    assert!(
        record["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("default").is_none())
    );
}

#[test]
fn defaults_are_written_in_avro_form() {
    let record = avsc(
        "package p;\nrecord R {\n  a @1: u64 = 18446744073709551615;\n  b @2: f32 = 0.1;\n  c @3: bytes = \"\\x00\\xff\";\n  d @4: E = B;\n  e @5: optional<i32>;\n  f @6: list<i32>;\n  g @7: map<string, i32>;\n  h @8: bool = true;\n}\nenum E { A = 0; B = 1; }\n",
        "p.R",
    );
    let defaults: Vec<&Value> = record["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["default"])
        .collect();
    // u64 keeps its 64 bits in a long; bytes are code points 0–255.
    assert_eq!(
        defaults,
        [
            &json!(-1),
            &json!(0.1),
            &json!("\u{0}\u{ff}"),
            &json!("B"),
            &json!(null),
            &json!([]),
            &json!({}),
            &json!(true)
        ]
    );
    assert_eq!(
        record["fields"][3]["type"]["default"], "A",
        "enum default is the 0 value"
    );
}

#[test]
fn unions_are_flat_and_optional_unions_put_null_first() {
    let record = avsc(
        "package p;\nrecord R {\n  u @1: U;\n  o @2: optional<U>;\n  l @3: list<U>;\n}\nunion U { s @1: string; n @2: i64; r @3: X; }\nrecord X {}\n",
        "p.R",
    );
    let fields = record["fields"].as_array().unwrap();
    assert_eq!(fields[0]["type"][0], "string");
    assert_eq!(fields[0]["type"][2]["type"], "record");
    assert_eq!(fields[1]["type"], json!(["null", "string", "long", "p.X"]));
    assert_eq!(fields[1]["default"], json!(null));
    assert_eq!(fields[2]["type"]["items"], json!(["string", "long", "p.X"]));
    let union = avsc("package p;\nunion U { s @1: string; n @2: i64; }\n", "p.U");
    assert_eq!(union, json!(["string", "long"]));
}

#[test]
fn named_types_are_defined_once_then_referenced_and_recursion_works() {
    let record = avsc(
        "package p;\nrecord Node {\n  kids @1: list<Node>;\n  next @2: optional<Node>;\n  a @3: Leaf;\n  b @4: Leaf;\n}\nrecord Leaf {}\n",
        "p.Node",
    );
    let fields = record["fields"].as_array().unwrap();
    assert_eq!(fields[0]["type"]["items"], "p.Node");
    assert_eq!(fields[1]["type"], json!(["null", "p.Node"]));
    assert_eq!(fields[2]["type"]["type"], "record");
    assert_eq!(fields[3]["type"], "p.Leaf");
    apache_avro::Schema::parse(&record).unwrap();
}

#[test]
fn docs_and_aliases_are_carried_over() {
    let record = avsc(
        "package p;\n/// A thing.\n#[alias(\"Old\")]\nrecord R {\n  /// The id.\n  #[alias(\"key\")]\n  id @1: string;\n}\n",
        "p.R",
    );
    assert_eq!(record["doc"], "A thing.");
    assert_eq!(record["aliases"], json!(["Old"]));
    assert_eq!(record["fields"][0]["doc"], "The id.");
    assert_eq!(record["fields"][0]["aliases"], json!(["key"]));
}

#[test]
fn canonical_forms_and_fingerprints_are_stable_for_the_examples() {
    // apache-avro's view of the exported schemas, for reference in review.
    let s = examples();
    let order = s.lookup("acme.shop.Order").unwrap().id;
    let parsed = apache_avro::Schema::parse(&type_schema(&s, order)).unwrap();
    let canonical = parsed.canonical_form();
    assert!(
        canonical.starts_with("{\"name\":\"acme.shop.Order\",\"type\":\"record\",\"fields\":["),
        "{canonical}"
    );
}

//! Avro schema evolution with generated reader types: data written by apache-avro with an older
//! schema ("v1", written inline below as `.avsc`) is decoded as the generated types of
//! `tests/schemas/evolution.tri` ("v2") through `from_avro_written_with` and an `AvroDecoder`,
//! and the exact Rust values are checked. Between v1 and v2 lies every rule of the
//! specification's schema resolution: added fields with defaults, removed fields, a renamed
//! field (`#[alias]`), a renamed nested record (a type alias), all promotions (`int` to `long`,
//! `float` and `double`, `long` to `float` and `double`, `float` to `double`, `string` to
//! `bytes` and back), enum symbols added, removed and moved, a union with an added branch,
//! lists and maps whose items are promoted. Schemas that cannot be resolved fail when the
//! decoder is made; data that needs what cannot be resolved fails for that datum only.
//!
//! apache-avro's own resolution of the same data is compared where it supports the rule.

// The example schemas deprecate some types; `for_each_message!` names them all.
#![allow(deprecated)]

use apache_avro::types::Value;
use serde_json::{Value as Json, json};
use trident::{AvroDecoder, DecodeError, Message};
use trident_tests::AvroSample;
use trident_tests::avro::{apache_resolve, apache_schema, apache_write, map_value};
use trident_tests::ours::evolution::v2::{Kind, Payload, Place, Point, Profile};

fn kind_v1() -> Json {
    json!({
        "type": "enum", "name": "Kind",
        "symbols": ["KIND_UNKNOWN", "ALPHA", "BETA", "GAMMA"],
        "default": "KIND_UNKNOWN"
    })
}

fn location_v1() -> Json {
    json!({"type": "record", "name": "Location", "fields": [
        {"name": "street", "type": "string"},
        {"name": "zip", "type": "int"},
        {"name": "city", "type": "string"}
    ]})
}

fn point_v1() -> Json {
    json!({"type": "record", "name": "Point", "fields": [
        {"name": "x", "type": "float"},
        {"name": "y", "type": "int"}
    ]})
}

/// The first version of `Profile`, in the namespace `evolution.v1`.
fn profile_v1() -> Json {
    json!({
        "type": "record", "name": "Profile", "namespace": "evolution.v1",
        "fields": [
            {"name": "name", "type": "string"},
            {"name": "age", "type": "int"},
            {"name": "height", "type": "int"},
            {"name": "weight", "type": "long"},
            {"name": "mass", "type": "long"},
            {"name": "ratio", "type": "float"},
            {"name": "blob", "type": "string"},
            {"name": "text", "type": "bytes"},
            {"name": "legacy", "type": "string"},
            {"name": "kind", "type": kind_v1()},
            {"name": "home", "type": location_v1()},
            {"name": "nick", "type": "string"},
            {"name": "payload", "type": ["string", "int", point_v1()]},
            {"name": "counts", "type": {"type": "array", "items": "int"}},
            {"name": "sizes", "type": {"type": "map", "values": "float"}},
            {"name": "places", "type": {"type": "array", "items": "Location"}},
            {"name": "history", "type": {"type": "array", "items": {
                "type": "record", "name": "Visit", "fields": [
                    {"name": "at", "type": "long"},
                    {"name": "where", "type": ["null", "Location"]},
                    {"name": "tags", "type": {"type": "map", "values": "Kind"}}
                ]}}},
            {"name": "at", "type": "long"},
            {"name": "visits", "type": "int"}
        ]
    })
}

/// `schema` with field `name`'s type replaced (or the field removed when `ty` is `None`).
fn with_field(mut schema: Json, name: &str, ty: Option<Json>) -> Json {
    let fields = schema["fields"].as_array_mut().expect("a record");
    let at = fields
        .iter()
        .position(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    match ty {
        Some(ty) => fields[at]["type"] = ty,
        None => {
            fields.remove(at);
        }
    }
    schema
}

fn location(street: &str, zip: i32, city: &str) -> Value {
    Value::Record(vec![
        ("street".into(), Value::String(street.into())),
        ("zip".into(), Value::Int(zip)),
        ("city".into(), Value::String(city.into())),
    ])
}

/// A v1 profile, as apache-avro's value.
fn profile_v1_value() -> Vec<(String, Value)> {
    let visit = |at, place: Option<Value>| {
        Value::Record(vec![
            ("at".into(), Value::Long(at)),
            (
                "where".into(),
                match place {
                    Some(place) => Value::Union(1, Box::new(place)),
                    None => Value::Union(0, Box::new(Value::Null)),
                },
            ),
            (
                "tags".into(),
                map_value([("k", Value::Enum(2, "BETA".into()))]),
            ),
        ])
    };
    vec![
        ("name".into(), Value::String("Ada".into())),
        ("age".into(), Value::Int(36)),
        ("height".into(), Value::Int(170)),
        ("weight".into(), Value::Long(9_000_000_000)),
        ("mass".into(), Value::Long((1 << 40) + 1)),
        ("ratio".into(), Value::Float(0.1)),
        ("blob".into(), Value::String("héllo".into())),
        ("text".into(), Value::Bytes(b"bytes".to_vec())),
        ("legacy".into(), Value::String("gone".into())),
        ("kind".into(), Value::Enum(2, "BETA".into())),
        ("home".into(), location("Hauptstraße 1", 10115, "Berlin")),
        ("nick".into(), Value::String("ada".into())),
        ("payload".into(), Value::Union(1, Box::new(Value::Int(-5)))),
        (
            "counts".into(),
            Value::Array(vec![Value::Int(1), Value::Int(-2), Value::Int(i32::MAX)]),
        ),
        ("sizes".into(), map_value([("a", Value::Float(1.5))])),
        (
            "places".into(),
            Value::Array(vec![
                location("Rue 2", 75001, "Paris"),
                location("", 0, "Oslo"),
            ]),
        ),
        (
            "history".into(),
            Value::Array(vec![visit(1, Some(location("x", 1, "y"))), visit(2, None)]),
        ),
        ("at".into(), Value::Long(1_714_566_605_120_000)),
        ("visits".into(), Value::Int(7)),
    ]
}

fn set(fields: &mut [(String, Value)], name: &str, value: Value) {
    let field = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    field.1 = value;
}

fn place(city: &str, street: &str) -> Place {
    Place {
        city: city.into(),
        street: street.into(),
        country: "DE".into(),
    }
}

/// What [`profile_v1_value`] reads as.
fn expected_profile() -> Profile {
    Profile {
        name: "Ada".into(),
        age: 36,
        height: 170.0,
        weight: 9e9,
        // 2^40 + 1 has no f32; the nearest is 2^40.
        mass: 1_099_511_627_776.0,
        // The f32 nearest 0.1, widened.
        ratio: f64::from(0.1f32),
        blob: "héllo".as_bytes().to_vec(),
        text: "bytes".into(),
        nickname: "ada".into(),
        kind: Kind::Unknown,
        home: place("Berlin", "Hauptstraße 1"),
        payload: Payload::Number(-5),
        counts: vec![1, -2, i64::from(i32::MAX)],
        sizes: [("a".to_string(), 1.5)].into_iter().collect(),
        places: vec![place("Paris", "Rue 2"), place("Oslo", "")],
        at: trident::Timestamp::from_unix_micros(1_714_566_605_120_000),
        visits: 7,
        // The defaults of the fields v1 lacks.
        added: 42,
        label: "none".into(),
        note: None,
        tags: vec![],
        extra: Default::default(),
        maybe: None,
        big: u64::MAX,
        signature: vec![0x00, 0xff],
        scale: 1.5,
        on: true,
        level: Kind::Gamma,
        spot: None,
    }
}

/// Decodes `data` written with `writer` as `T` through both entry points, which must agree.
fn decode<T: Message>(writer: &Json, data: &[u8]) -> Result<T, DecodeError> {
    let schema = trident::AvroSchema::parse_str(&writer.to_string()).expect("the writer parses");
    let direct = T::from_avro_written_with(data, &schema);
    let decoder = AvroDecoder::<T>::new(&schema).expect("the schemas resolve");
    assert!(decoder.resolves());
    let through_decoder = decoder.decode(data);
    match (&direct, &through_decoder) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("the entry points disagree: {direct:?} / {through_decoder:?}"),
    }
    direct
}

fn write(writer: &Json, value: Value) -> Vec<u8> {
    apache_write(&apache_schema(&writer.to_string()), &value).expect("apache-avro writes v1")
}

/// Why the schemas do not resolve, from the decoder and from `from_avro_written_with`.
fn resolve_error<T: Message>(writer: &Json) -> String {
    let schema = trident::AvroSchema::parse_str(&writer.to_string()).expect("the writer parses");
    let message = match AvroDecoder::<T>::new(&schema) {
        Ok(_) => panic!("{writer} resolves against {}", T::FULL_NAME),
        Err(e) => e.to_string(),
    };
    let e = T::from_avro_written_with(&[], &schema).unwrap_err();
    assert!(
        e.to_string().contains("cannot resolve the writer's schema")
            && e.to_string().contains(&message),
        "{e}"
    );
    message
}

#[test]
fn a_v1_profile_reads_as_v2_by_every_resolution_rule() {
    let writer = profile_v1();
    let data = write(&writer, Value::Record(profile_v1_value()));
    let profile = decode::<Profile>(&writer, &data).unwrap();
    let expected = expected_profile();
    assert_eq!(profile, expected);
    // Equality does not see the sign of zero or NaN payloads; these are plain numbers anyway.
    assert_eq!(profile.mass.to_bits(), expected.mass.to_bits());
    assert_eq!(profile.ratio.to_bits(), expected.ratio.to_bits());
}

/// apache-avro's resolution of `data` as `T`, compared with Trident's value. apache-avro 0.22
/// reads a `bytes` default as the UTF-8 encoding of its code points (`"\u00ff"` as `C3 BF`)
/// where the specification takes each code point as one byte (`FF`): the fields named in
/// `bytes_defaults` are compared modulo that.
fn apache_agrees<T: AvroSample>(writer: &Json, data: &[u8], expected: &T, bytes_defaults: &[&str]) {
    let theirs = apache_resolve(
        &apache_schema(&writer.to_string()),
        &apache_schema(T::AVRO_SCHEMA),
        data,
    )
    .unwrap_or_else(|e| panic!("apache-avro cannot resolve {}: {e}", T::FULL_NAME));
    let mut want = expected.to_avro_value();
    if let Value::Record(fields) = &mut want {
        for (name, value) in fields.iter_mut() {
            if let (true, Value::Bytes(bytes)) = (bytes_defaults.contains(&name.as_str()), &*value)
            {
                let text: String = bytes.iter().map(|&b| char::from(b)).collect();
                *value = Value::Bytes(text.into_bytes());
            }
        }
    }
    assert_eq!(theirs, want, "{}", T::FULL_NAME);
}

#[test]
fn apache_avro_resolves_the_v1_profile_alike_but_ignores_the_readers_field_aliases() {
    let writer = profile_v1();
    let data = write(&writer, Value::Record(profile_v1_value()));
    // apache-avro 0.22 does not apply the reader's field aliases (`nick` is now `nickname`).
    let e = apache_resolve(
        &apache_schema(&writer.to_string()),
        &apache_schema(Profile::AVRO_SCHEMA),
        &data,
    )
    .unwrap_err();
    assert!(e.contains("nickname"), "{e}");

    // With the field renamed in the writer too, it resolves everything else (the record
    // renamed through the type alias included) as Trident does.
    let renamed: Json = serde_json::from_str(
        &serde_json::to_string(&writer)
            .unwrap()
            .replace("\"nick\"", "\"nickname\""),
    )
    .unwrap();
    let mut fields = profile_v1_value();
    fields
        .iter_mut()
        .filter(|(name, _)| name == "nick")
        .for_each(|(name, _)| *name = "nickname".into());
    let data = write(&renamed, Value::Record(fields));
    assert_eq!(
        decode::<Profile>(&renamed, &data).unwrap(),
        expected_profile()
    );
    apache_agrees(&renamed, &data, &expected_profile(), &["signature"]);
}

#[test]
fn enum_symbols_resolve_by_name_and_unknown_ones_take_the_enum_default() {
    for (index, symbol, expected) in [
        (0, "KIND_UNKNOWN", Kind::Unknown),
        (1, "ALPHA", Kind::Alpha),
        // Removed in v2: the enum's default, its value numbered 0.
        (2, "BETA", Kind::Unknown),
        // Index 3 in v1, index 2 in v2.
        (3, "GAMMA", Kind::Gamma),
    ] {
        let mut fields = profile_v1_value();
        set(&mut fields, "kind", Value::Enum(index, symbol.into()));
        let data = write(&profile_v1(), Value::Record(fields));
        let profile = decode::<Profile>(&profile_v1(), &data).unwrap();
        assert_eq!(profile.kind, expected, "{symbol}");
    }
    // A symbol v2 never had, from a writer without an enum default.
    let writer = with_field(
        profile_v1(),
        "kind",
        Some(json!({"type": "enum", "name": "Kind", "symbols": ["OMEGA", "ALPHA", "BETA"]})),
    );
    let mut fields = profile_v1_value();
    set(&mut fields, "kind", Value::Enum(0, "OMEGA".into()));
    let data = write(&writer, Value::Record(fields));
    assert_eq!(
        decode::<Profile>(&writer, &data).unwrap().kind,
        Kind::Unknown
    );
}

#[test]
fn a_union_reads_its_v1_branches_and_a_non_union_writer_reads_as_its_branch() {
    let union_v1 = json!(["string", "int", {
        "type": "record", "name": "Point", "namespace": "evolution.v1",
        "fields": [{"name": "x", "type": "float"}, {"name": "y", "type": "int"}]
    }]);
    let point = Value::Record(vec![
        ("x".into(), Value::Float(0.5)),
        ("y".into(), Value::Int(-1)),
    ]);
    for (value, expected) in [
        (
            Value::Union(0, Box::new(Value::String("hi".into()))),
            Payload::Text("hi".into()),
        ),
        (
            Value::Union(1, Box::new(Value::Int(i32::MIN))),
            Payload::Number(i64::from(i32::MIN)),
        ),
        (
            Value::Union(2, Box::new(point)),
            Payload::Point(Point { x: 0.5, y: -1.0 }),
        ),
    ] {
        let data = write(&union_v1, value);
        assert_eq!(decode::<Payload>(&union_v1, &data).unwrap(), expected);
    }
    // A writer that is not a union is read as the first branch that matches.
    let data = write(&json!("string"), Value::String("plain".into()));
    assert_eq!(
        decode::<Payload>(&json!("string"), &data).unwrap(),
        Payload::Text("plain".into())
    );
    let data = write(&json!("boolean"), Value::Boolean(true));
    assert_eq!(
        decode::<Payload>(&json!("boolean"), &data).unwrap(),
        Payload::Flag(true)
    );
}

#[test]
fn a_writer_union_reads_into_an_optional_union_whose_branches_come_after_null() {
    // v1 had `maybe` as the required union; v2's `optional<Payload>` is the flat union
    // ["null", "string", "long", Point, "boolean"].
    let mut writer = profile_v1();
    writer["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "maybe", "type": ["int", "string"]}));
    for (value, expected) in [
        (Value::Union(0, Box::new(Value::Int(9))), Payload::Number(9)),
        (
            Value::Union(1, Box::new(Value::String("s".into()))),
            Payload::Text("s".into()),
        ),
    ] {
        let mut fields = profile_v1_value();
        fields.push(("maybe".into(), value));
        let data = write(&writer, Value::Record(fields));
        let profile = decode::<Profile>(&writer, &data).unwrap();
        assert_eq!(profile.maybe, Some(expected));
    }
    // A writer's plain `string` field read as an optional string.
    let writer = with_field(profile_v1(), "legacy", None);
    let mut writer = writer;
    writer["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "note", "type": "string"}));
    let mut fields: Vec<(String, Value)> = profile_v1_value()
        .into_iter()
        .filter(|(name, _)| name != "legacy")
        .collect();
    fields.push(("note".into(), Value::String("kept".into())));
    let data = write(&writer, Value::Record(fields));
    let profile = decode::<Profile>(&writer, &data).unwrap();
    assert_eq!(profile.note.as_deref(), Some("kept"));
}

#[test]
fn a_writer_union_branch_the_reader_cannot_read_fails_only_for_data_in_it() {
    let writer = with_field(profile_v1(), "payload", Some(json!(["string", "double"])));
    let mut fields = profile_v1_value();
    set(
        &mut fields,
        "payload",
        Value::Union(0, Box::new(Value::String("ok".into()))),
    );
    let data = write(&writer, Value::Record(fields.clone()));
    let profile = decode::<Profile>(&writer, &data).unwrap();
    assert_eq!(profile.payload, Payload::Text("ok".into()));

    set(
        &mut fields,
        "payload",
        Value::Union(1, Box::new(Value::Double(2.5))),
    );
    let data = write(&writer, Value::Record(fields));
    let e = decode::<Profile>(&writer, &data).unwrap_err();
    assert!(e.to_string().contains("branch 1 (double)"), "{e}");
    assert!(e.path_string().contains("payload"), "{}", e.path_string());

    // A writer's optional read as a required field: only `null` fails.
    let nullable = json!(["null", "string"]);
    let data = write(
        &nullable,
        Value::Union(1, Box::new(Value::String("x".into()))),
    );
    assert_eq!(
        decode::<Payload>(&nullable, &data).unwrap(),
        Payload::Text("x".into())
    );
    let data = write(&nullable, Value::Union(0, Box::new(Value::Null)));
    let e = decode::<Payload>(&nullable, &data).unwrap_err();
    assert!(e.to_string().contains("null"), "{e}");

    let point = json!({"type": "record", "name": "Point", "fields": [
        {"name": "x", "type": ["null", "float"]}, {"name": "y", "type": "int"}
    ]});
    let value = |x| Value::Record(vec![("x".into(), x), ("y".into(), Value::Int(2))]);
    let data = write(&point, value(Value::Union(1, Box::new(Value::Float(1.5)))));
    assert_eq!(
        decode::<Point>(&point, &data).unwrap(),
        Point { x: 1.5, y: 2.0 }
    );
    let data = write(&point, value(Value::Union(0, Box::new(Value::Null))));
    let e = decode::<Point>(&point, &data).unwrap_err();
    assert!(e.path_string().contains('x'), "{e}");
}

#[test]
fn a_u32_read_from_an_int_rejects_negative_values_for_that_datum() {
    let mut fields = profile_v1_value();
    set(&mut fields, "visits", Value::Int(-1));
    let data = write(&profile_v1(), Value::Record(fields));
    let e = decode::<Profile>(&profile_v1(), &data).unwrap_err();
    assert!(e.to_string().contains("does not fit u32"), "{e}");
    assert!(e.path_string().contains("visits"), "{}", e.path_string());
}

#[test]
fn a_new_required_field_without_default_makes_the_schemas_unresolvable() {
    let message = resolve_error::<Profile>(&with_field(profile_v1(), "name", None));
    assert!(message.contains("field `name`"), "{message}");
    assert!(message.contains("no default"), "{message}");
    assert!(message.contains("evolution.v2.Profile"), "{message}");
}

#[test]
fn incompatible_types_make_the_schemas_unresolvable() {
    let message = resolve_error::<Profile>(&with_field(profile_v1(), "age", Some(json!("string"))));
    assert!(message.contains("field `age`"), "{message}");
    assert!(
        message.contains("reader expects long, writer has string"),
        "{message}"
    );

    // `double` is no promotion of anything v2 reads as `f32`.
    let message =
        resolve_error::<Profile>(&with_field(profile_v1(), "height", Some(json!("double"))));
    assert!(
        message.contains("reader expects float, writer has double"),
        "{message}"
    );

    // A nested record under a name the reader does not know (nor alias).
    let spot = json!({"type": "record", "name": "Spot", "fields": [
        {"name": "street", "type": "string"}, {"name": "city", "type": "string"}
    ]});
    let writer = with_field(profile_v1(), "history", None);
    let writer = with_field(
        writer,
        "places",
        Some(json!({"type": "array", "items": "Spot"})),
    );
    let message = resolve_error::<Profile>(&with_field(writer, "home", Some(spot)));
    assert!(message.contains("Spot"), "{message}");

    // The top-level record under another name.
    let mut renamed = profile_v1();
    renamed["name"] = json!("Person");
    let message = resolve_error::<Profile>(&renamed);
    assert!(message.contains("Person"), "{message}");

    // A union no branch of which the reader can read.
    let message = resolve_error::<Payload>(&json!(["double", "null"]));
    assert!(message.contains("double"), "{message}");
}

#[test]
fn a_writer_schema_that_only_differs_in_docs_aliases_and_defaults_takes_the_direct_path() {
    let mut same: Json = serde_json::from_str(Profile::AVRO_SCHEMA).unwrap();
    same["doc"] = json!("another doc");
    same["fields"][0]["default"] = json!("someone");
    same["fields"][0]["aliases"] = json!(["fullname"]);
    let schema = trident::AvroSchema::parse_str(&same.to_string()).unwrap();
    assert_eq!(schema.fingerprint(), Profile::avro_fingerprint());
    assert!(!AvroDecoder::<Profile>::new(&schema).unwrap().resolves());
    let value = expected_profile();
    assert_eq!(
        Profile::from_avro_written_with(&value.to_avro(), &schema).unwrap(),
        value
    );
}

#[test]
fn records_whose_fields_all_have_defaults_read_from_an_empty_writer_record() {
    let mut checked = Vec::new();
    macro_rules! one_type {
        ($name:ident, $ty:ty) => {
            check_defaults::<$ty>(&mut checked);
        };
    }
    trident_tests::for_each_message!(one_type);
    checked.sort();
    assert_eq!(
        checked,
        [
            "testing.coverage.Defaults",
            "testing.coverage.Empty",
            "testing.coverage.Lists",
            "testing.coverage.Maps",
            "testing.coverage.Optionals",
        ]
    );
}

fn check_defaults<T: AvroSample>(checked: &mut Vec<&'static str>) {
    let reader: Json = serde_json::from_str(T::AVRO_SCHEMA).unwrap();
    let Some(fields) = reader["fields"].as_array() else {
        return;
    };
    if !fields.iter().all(|f| f.get("default").is_some()) {
        return;
    }
    checked.push(T::FULL_NAME);
    let writer = json!({
        "type": "record", "name": reader["name"], "namespace": reader["namespace"], "fields": []
    });
    let schema = trident::AvroSchema::parse_str(&writer.to_string()).unwrap();
    let value = T::from_avro_written_with(&[], &schema).unwrap();
    assert_eq!(value, T::default(), "{}", T::FULL_NAME);
    // Zeros keep their sign, bytes their code points.
    assert_eq!(value.to_avro(), T::default().to_avro(), "{}", T::FULL_NAME);
    apache_agrees(&writer, &[], &T::default(), &["blob"]);
}

#[test]
fn single_objects_written_with_v1_resolve_through_the_schema_store() {
    let writer = profile_v1();
    let apache = apache_schema(&writer.to_string());
    let mut single = Vec::new();
    apache_avro::GenericSingleObjectWriter::new_with_capacity(&apache, 1024)
        .unwrap()
        .write_value(Value::Record(profile_v1_value()), &mut single)
        .unwrap();

    let mut store = trident::SchemaStore::new();
    let e = Profile::from_avro_single_object(&single, &store).unwrap_err();
    assert!(e.to_string().contains("no schema with fingerprint"), "{e}");

    let fingerprint = store.insert(trident::AvroSchema::parse_str(&writer.to_string()).unwrap());
    // v1 uses no logical types, so apache-avro's fingerprint is the specification's.
    assert_eq!(single[2..10], fingerprint.to_le_bytes());
    assert_eq!(
        Profile::from_avro_single_object(&single, &store).unwrap(),
        expected_profile()
    );
    // A store holding schemas that cannot be read as the type says so.
    let mut store = trident::SchemaStore::new();
    store.insert(
        trident::AvroSchema::parse_str(&with_field(writer, "name", None).to_string()).unwrap(),
    );
    let mut other = single.clone();
    let fingerprint = store.insert(
        trident::AvroSchema::parse_str(&with_field(profile_v1(), "name", None).to_string())
            .unwrap(),
    );
    other[2..10].copy_from_slice(&fingerprint.to_le_bytes());
    let e = Profile::from_avro_single_object(&other, &store).unwrap_err();
    assert!(e.to_string().contains("cannot resolve"), "{e}");
}

//! Trident's Avro encoding against the reference implementation, apache-avro, on the schemas
//! Trident generates (`AVRO_SCHEMA`, the same text `trident export avro` writes).
//!
//! For every record and union of the example schemas (and of the coverage and evolution schemas
//! in `tests/schemas`), random values are encoded by Trident and, converted independently to
//! apache-avro's generic value, by apache-avro: the bytes must be equal, and each side must
//! decode the other's bytes to the same value. The same values written in several blocks
//! (negative counts included), written with a schema whose fields come in another order, and
//! written as single objects must decode too. Every generated schema parses with both
//! implementations, with the same Parsing Canonical Form and fingerprint.
//!
//! Where apache-avro departs from the specification the tests say so, and compare modulo that:
//! apache-avro 0.22 keeps a primitive with a logical type as `{"type":"long"}` in its canonical
//! form (the specification's `[PRIMITIVES]` rule makes it `"long"`), so its fingerprints, and
//! with them its single-object headers, differ from the specification's for every schema that
//! uses `timestamp`, `date` or `uuid`.

// The example schemas deprecate some types and fields; the tests use them on purpose.
#![allow(deprecated)]

use std::collections::{BTreeMap, HashMap};

use apache_avro::types::Value;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use trident::{AvroDecoder, Message};
use trident_tests::avro::{
    Blocks, apache_read, apache_resolve, apache_schema, apache_write, encode_to_vec,
    has_multi_entry_map, takes_later_record_branch, with_fields_reversed,
    with_record_fields_reversed, without_logical_types,
};
use trident_tests::fixtures::full_order;
use trident_tests::ours::testing::coverage::{Choice, Color, Empty, Holder, Logical, Optionals};
use trident_tests::wire::hex;
use trident_tests::{AvroSample, Rng, sample};

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

/// Both encoders agree, each decoder reads the other's bytes, and an encoder written for the
/// tests agrees with both.
fn agrees_with_apache_avro<T: AvroSample>(seed: u64) -> Result<(), TestCaseError> {
    let ours: T = sample(seed);
    let value = ours.to_avro_value();
    let schema = apache_schema(T::AVRO_SCHEMA);
    // apache-avro validates the value against the schema before writing it.
    let expected = apache_write(&schema, &value).map_err(fail)?;
    let bytes = ours.to_avro();

    // apache-avro writes a map in hash order; Trident (with BTreeMap) and the tests' encoder
    // in key order.
    let independent = encode_to_vec(&value, Blocks::One);
    prop_assert!(
        bytes == independent,
        "Trident and the tests' encoder differ for {ours:?}\ntrident: {}\ntests:   {}",
        hex(&bytes),
        hex(&independent)
    );
    if has_multi_entry_map(&value) {
        prop_assert_eq!(bytes.len(), expected.len());
    } else {
        prop_assert!(
            bytes == expected,
            "encodings differ for {ours:?}\ntrident:     {}\napache-avro: {}",
            hex(&bytes),
            hex(&expected)
        );
    }

    prop_assert_eq!(&apache_read(&schema, &bytes).map_err(fail)?, &value);
    prop_assert_eq!(&T::from_avro(&expected).map_err(fail)?, &ours);

    // Appending to a buffer that already holds bytes keeps them.
    let mut buf = vec![0xa5, 0x5a];
    ours.encode_avro(&mut buf);
    prop_assert_eq!(&buf[..2], &[0xa5, 0x5a]);
    prop_assert_eq!(&buf[2..], bytes.as_slice());
    // A byte after the value is an error: a datum uses its whole input.
    let mut longer = bytes.clone();
    longer.push(0);
    prop_assert!(T::from_avro(&longer).is_err());
    Ok(())
}

/// The value written with arrays and maps split into blocks of random sizes, some with
/// negative counts and byte sizes, decodes to the same value in both implementations.
fn reads_any_blocking<T: AvroSample>(seed: u64) -> Result<(), TestCaseError> {
    let ours: T = sample(seed);
    let value = ours.to_avro_value();
    let mut rng = Rng::new(seed ^ 0x5eed);
    let blocked = encode_to_vec(&value, Blocks::Split(&mut rng));
    prop_assert_eq!(
        &T::from_avro(&blocked).map_err(fail)?,
        &ours,
        "{}",
        hex(&blocked)
    );
    let schema = apache_schema(T::AVRO_SCHEMA);
    prop_assert_eq!(&apache_read(&schema, &blocked).map_err(fail)?, &value);

    // The same through schema resolution: the value in a writer's schema whose record fields
    // come in reverse order.
    let writer_json = with_fields_reversed(&json(T::AVRO_SCHEMA), false);
    let writer = trident::AvroSchema::parse_str(&writer_json.to_string()).map_err(fail)?;
    let reversed = with_record_fields_reversed(&value);
    let blocked = encode_to_vec(&reversed, Blocks::Split(&mut rng));
    {
        prop_assert_eq!(
            &T::from_avro_written_with(&blocked, &writer).map_err(fail)?,
            &ours,
            "{}",
            hex(&blocked)
        );
    }
    let apache_writer = apache_schema(&writer_json.to_string());
    prop_assert_eq!(
        &apache_read(&apache_writer, &blocked).map_err(fail)?,
        &reversed
    );
    Ok(())
}

/// apache-avro's own writer splits arrays into blocks with negative counts when asked to (for
/// serde values); Trident reads them.
#[test]
fn blocks_apache_avro_writes_with_negative_counts_decode() {
    #[derive(serde::Serialize)]
    struct SpanSer {
        start: u32,
        end: u32,
        bold: bool,
        italic: bool,
        link: Option<String>,
    }
    #[derive(serde::Serialize)]
    struct ParagraphSer {
        text: String,
        spans: Vec<SpanSer>,
    }
    use trident_tests::ours::acme::documents::{Paragraph, Span};

    let spans = (0..20u32).map(|i| (i, i + 1, i % 2 == 0, (i % 3 == 0).then(|| format!("l{i}"))));
    let serde_value = ParagraphSer {
        text: "t".into(),
        spans: spans
            .clone()
            .map(|(start, end, bold, link)| SpanSer {
                start,
                end,
                bold,
                italic: false,
                link,
            })
            .collect(),
    };
    let expected = Paragraph {
        text: "t".into(),
        spans: spans
            .map(|(start, end, bold, link)| Span {
                start,
                end,
                bold,
                italic: false,
                link,
            })
            .collect(),
    };
    let schema = apache_schema(Paragraph::AVRO_SCHEMA);
    let bytes = apache_avro::writer::datum::GenericDatumWriter::builder(&schema)
        .target_block_size(16)
        .build()
        .unwrap()
        .write_ser_to_vec(&serde_value)
        .unwrap();
    // The text, then a block with a negative count (odd in zig-zag) and its size.
    assert_eq!(&bytes[..2], &[0x02, b't'], "{}", hex(&bytes));
    assert_eq!(bytes[2] & 1, 1, "a negative count: {}", hex(&bytes));
    assert_eq!(Paragraph::from_avro(&bytes).unwrap(), expected);
    assert_eq!(
        apache_read(&schema, &bytes).unwrap(),
        expected.to_avro_value()
    );
}

/// The branch index a top-level union value takes once the union's branches are reversed.
fn reverse_root_branch(value: &Value, branches: usize) -> Value {
    match value {
        Value::Union(i, v) => Value::Union(branches as u32 - 1 - i, v.clone()),
        other => other.clone(),
    }
}

/// Data written by apache-avro with a schema whose record fields (and top-level union
/// branches) come in reverse order resolves, field by field, to the same value; apache-avro's
/// own resolution agrees.
fn resolves_a_reordered_writer<T: AvroSample>(seed: u64) -> Result<(), TestCaseError> {
    let ours: T = sample(seed);
    let reader_json = json(T::AVRO_SCHEMA);
    let writer_json = with_fields_reversed(&reader_json, true);
    let writer_text = writer_json.to_string();
    let apache_writer = apache_schema(&writer_text);
    let value = match &writer_json {
        serde_json::Value::Array(branches) => {
            reverse_root_branch(&ours.to_avro_value(), branches.len())
        }
        _ => ours.to_avro_value(),
    };
    let data = apache_write(&apache_writer, &value).map_err(fail)?;

    let writer = trident::AvroSchema::parse_str(&writer_text).map_err(fail)?;
    let decoder = AvroDecoder::<T>::new(&writer).map_err(fail)?;
    prop_assert_eq!(
        decoder.resolves(),
        writer.fingerprint() != T::avro_fingerprint()
    );
    let reader = &T::avro_type_schema().schema;
    let expected = ours.to_avro_value();
    {
        prop_assert_eq!(
            &T::from_avro_written_with(&data, &writer).map_err(fail)?,
            &ours
        );
        prop_assert_eq!(&decoder.decode(&data).map_err(fail)?, &ours);
    }
    // Known apache-avro limitation: it resolves a record in a union to the first record branch
    // the value fits, whatever its name.
    if !takes_later_record_branch(reader, &expected) {
        let resolved = apache_resolve(&apache_writer, &apache_schema(T::AVRO_SCHEMA), &data);
        prop_assert_eq!(&resolved.map_err(fail)?, &expected);
    }
    Ok(())
}

/// The single-object header apache-avro's reader expects for the specification's fingerprint
/// of `T`'s schema: `C3 01`, then the fingerprint apache-avro computes for the schema without
/// its logical types (which is the specification's fingerprint of the schema).
fn specification_header<T: Message>() -> Vec<u8> {
    let stripped = apache_schema(&without_logical_types(&json(T::AVRO_SCHEMA)).to_string());
    let mut header = vec![0xc3, 0x01];
    header.extend(stripped.fingerprint::<apache_avro::rabin::Rabin>().bytes);
    header
}

/// Single objects: Trident's are read by apache-avro, apache-avro's by Trident.
fn single_objects_interoperate<T: AvroSample>(seed: u64) -> Result<(), TestCaseError> {
    let ours: T = sample(seed);
    let value = ours.to_avro_value();
    let schema = apache_schema(T::AVRO_SCHEMA);
    let header = specification_header::<T>();

    let mut single = Vec::new();
    ours.encode_avro_single_object(&mut single);
    prop_assert_eq!(&single[..10], header.as_slice());
    let body = ours.to_avro();
    prop_assert_eq!(&single[10..], body.as_slice());
    let reader = apache_avro::GenericSingleObjectReader::builder()
        .schema(schema.clone())
        .header(header.clone())
        .build()
        .map_err(fail)?;
    prop_assert_eq!(&reader.read_value(&mut &single[..]).map_err(fail)?, &value);

    let mut theirs = Vec::new();
    apache_avro::GenericSingleObjectWriter::new_with_capacity(&schema, 1024)
        .map_err(fail)?
        .write_value_ref(&value, &mut theirs)
        .map_err(fail)?;
    let store = trident::SchemaStore::new();
    if theirs[..10] == header[..] {
        prop_assert_eq!(
            &T::from_avro_single_object(&theirs, &store).map_err(fail)?,
            &ours
        );
    } else {
        // apache-avro's fingerprint of a schema with logical types is not the specification's
        // (see `apache_avro_fingerprints_logical_types_unlike_the_specification`): Trident does
        // not know it, and says so; with the specification's header the body reads.
        prop_assert!(T::AVRO_SCHEMA.contains("logicalType"));
        let e = T::from_avro_single_object(&theirs, &store).unwrap_err();
        prop_assert!(e.to_string().contains("no schema with fingerprint"), "{e}");
        let mut fixed = header.clone();
        fixed.extend_from_slice(&theirs[10..]);
        prop_assert_eq!(
            &T::from_avro_single_object(&fixed, &store).map_err(fail)?,
            &ours
        );
    }
    Ok(())
}

mod trident_and_apache_avro_encode_and_decode_alike {
    use super::*;
    trident_tests::proptest_per_message!(agrees_with_apache_avro, 128);
}

mod arrays_and_maps_in_several_blocks_decode_alike {
    use super::*;
    trident_tests::proptest_per_message!(reads_any_blocking, 64);
}

mod a_writer_schema_with_fields_in_another_order_resolves_to_the_same_value {
    use super::*;
    trident_tests::proptest_per_message!(resolves_a_reordered_writer, 48);
}

mod single_objects_are_read_across_implementations {
    use super::*;
    trident_tests::proptest_per_message!(single_objects_interoperate, 32);
}

// ---------------------------------------------------------------------------------------------
// Schemas

/// Parses a schema with both implementations and checks that their canonical forms and
/// fingerprints agree with each other (modulo apache-avro's logical types) and with what the
/// generated type precomputed.
fn schemas_agree(name: &str, text: &str) {
    let ours = trident::AvroSchema::parse_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let apache = apache_schema(text);
    let stripped = apache_schema(&without_logical_types(&json(text)).to_string());
    assert_eq!(
        stripped.canonical_form(),
        ours.canonical_form(),
        "{name}: canonical forms differ"
    );
    let fingerprint = stripped.fingerprint::<apache_avro::rabin::Rabin>().bytes;
    assert_eq!(
        fingerprint,
        ours.fingerprint().to_le_bytes(),
        "{name}: fingerprints differ"
    );
    // apache-avro's own form differs only in writing logical types' bases as objects.
    let mut normalized = apache.canonical_form();
    for base in ["int", "long", "string"] {
        normalized = normalized.replace(&format!(r#"{{"type":"{base}"}}"#), &format!("\"{base}\""));
    }
    assert_eq!(normalized, ours.canonical_form(), "{name}");
}

fn type_schema_agrees<T: Message>() {
    schemas_agree(T::FULL_NAME, T::AVRO_SCHEMA);
    let parsed = trident::AvroSchema::parse_str(T::AVRO_SCHEMA).expect("parses");
    assert_eq!(
        T::avro_type_schema().canonical_form,
        parsed.canonical_form()
    );
    assert_eq!(T::avro_fingerprint(), parsed.fingerprint());
    assert_eq!(T::avro_type_schema().schema, parsed);
}

mod every_generated_schema_parses_with_both_and_fingerprints_alike {
    use super::*;

    macro_rules! one_type {
        ($name:ident, $ty:ty) => {
            #[test]
            fn $name() {
                type_schema_agrees::<$ty>();
            }
        };
    }
    trident_tests::for_each_message!(one_type);
}

/// The example, coverage and evolution schemas, checked.
fn checked_schemas() -> trident_idl::Schema {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let roots = [manifest.join("../schemas"), manifest.join("schemas")];
    let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &roots)
        .expect("the schemas list");
    let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
    checked.schema.expect("the schemas check clean")
}

#[test]
fn every_exported_avsc_including_enums_parses_with_both_and_fingerprints_alike() {
    let files = trident_formats::avro::export(&checked_schemas());
    assert!(files.len() > 40, "{} files", files.len());
    for (name, text) in &files {
        schemas_agree(name, text);
    }
}

#[test]
fn avro_schema_is_the_exported_avsc() {
    let files: HashMap<String, serde_json::Value> =
        trident_formats::avro::export(&checked_schemas())
            .into_iter()
            .map(|(name, text)| (name, json(&text)))
            .collect();
    macro_rules! one_type {
        ($name:ident, $ty:ty) => {
            let file = format!("{}.avsc", <$ty as Message>::FULL_NAME);
            assert_eq!(
                files.get(&file),
                Some(&json(<$ty as Message>::AVRO_SCHEMA)),
                "{file}"
            );
        };
    }
    trident_tests::for_each_message!(one_type);
}

#[test]
fn apache_avro_fingerprints_logical_types_unlike_the_specification() {
    // The specification's [PRIMITIVES] rule: `{"type":"long", ...}` becomes `"long"`, and
    // `logicalType` is not among the attributes the canonical form keeps.
    let text = r#"{"type": "long", "logicalType": "timestamp-micros"}"#;
    let ours = trident::AvroSchema::parse_str(text).unwrap();
    assert_eq!(ours.canonical_form(), r#""long""#);
    let apache = apache_schema(text);
    assert_eq!(
        apache.canonical_form(),
        r#"{"type":"long"}"#,
        "apache-avro now follows the specification: the single-object tests can drop their \
         workaround"
    );
    // So apache-avro's single-object header for such a schema names a fingerprint no other
    // implementation computes; Trident reports it as unknown.
    let mut theirs = Vec::new();
    apache_avro::GenericSingleObjectWriter::new_with_capacity(&apache, 16)
        .unwrap()
        .write_value_ref(&Value::TimestampMicros(5), &mut theirs)
        .unwrap();
    assert_ne!(theirs[2..10], ours.fingerprint().to_le_bytes());
}

// ---------------------------------------------------------------------------------------------
// Fixed values

#[test]
fn the_scaffold_converts_as_the_mapping_says() {
    // Written out by hand, to check the generated conversion itself.
    let value = Optionals {
        small: Some(-3),
        total: Some(u64::MAX),
        day: Some(trident::Date::from_days_since_epoch(-1)),
        color: Some(Color::Blue),
        choice: Some(Choice::Color(Color::Negative)),
        nothing: Some(Empty {}),
        ..Optionals::default()
    };
    let none = || Value::Union(0, Box::new(Value::Null));
    let some = |v| Value::Union(1, Box::new(v));
    let expected = Value::Record(vec![
        ("flag".into(), none()),
        ("small".into(), some(Value::Int(-3))),
        ("big".into(), none()),
        ("count".into(), none()),
        ("total".into(), some(Value::Long(-1))),
        ("ratio".into(), none()),
        ("precise".into(), none()),
        ("text".into(), none()),
        ("blob".into(), none()),
        ("at".into(), none()),
        ("day".into(), some(Value::Date(-1))),
        ("id".into(), none()),
        ("color".into(), some(Value::Enum(3, "BLUE".into()))),
        ("scalars".into(), none()),
        // optional<Choice> is one flat union: null, then Choice's ten branches; `color` is
        // Choice's eighth.
        (
            "choice".into(),
            Value::Union(8, Box::new(Value::Enum(4, "NEGATIVE".into()))),
        ),
        ("nothing".into(), some(Value::Record(vec![]))),
    ]);
    assert_eq!(value.to_avro_value(), expected);
    let schema = apache_schema(Optionals::AVRO_SCHEMA);
    assert_eq!(value.to_avro(), apache_write(&schema, &expected).unwrap());

    let holder = Holder {
        maybe: Some(Logical::Id(trident::Uuid::from_bytes([0xab; 16]))),
        ..Holder::default()
    };
    let Value::Record(fields) = holder.to_avro_value() else {
        panic!("a record")
    };
    let uuid = apache_avro::Uuid::from_bytes([0xab; 16]);
    assert_eq!(fields[4].1, Value::Union(3, Box::new(Value::Uuid(uuid))));
}

/// The bytes of [`full_order`] with its schema, as apache-avro writes them (the labels map
/// has two entries, which apache-avro writes in hash order, so the value is read back and
/// compared rather than the bytes).
#[test]
fn a_fully_populated_order_reads_back_in_apache_avro() {
    let order = full_order();
    let schema = apache_schema(trident_tests::ours::acme::shop::Order::AVRO_SCHEMA);
    let read = apache_read(&schema, &order.to_avro()).unwrap();
    assert_eq!(read, order.to_avro_value());
    let Value::Record(fields) = read else {
        panic!("a record")
    };
    let fields: BTreeMap<&str, &Value> = fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
    assert_eq!(fields["status"], &Value::Enum(3, "SHIPPED".into()));
    assert_eq!(
        fields["placed_at"],
        &Value::TimestampMicros(1_714_566_605_000_001)
    );
    let Value::Record(customer) = fields["customer"] else {
        panic!("a record")
    };
    assert_eq!(
        customer[0].1,
        Value::Uuid("0f8fad5b-d9cb-469f-a165-70867728950e".parse().unwrap())
    );
}

#[test]
fn an_enum_index_outside_the_symbols_is_an_error_in_both() {
    // Scalars' `color` comes after fourteen other fields; write a valid value and replace the
    // enum index by 5 (Color has five symbols, 0 to 4).
    use trident_tests::ours::testing::coverage::Scalars;
    let value = Scalars::default();
    let mut fields = match value.to_avro_value() {
        Value::Record(fields) => fields,
        _ => unreachable!(),
    };
    fields[12].1 = Value::Int(5);
    let bytes = encode_to_vec(&Value::Record(fields), Blocks::One);
    let e = Scalars::from_avro(&bytes).unwrap_err();
    assert!(e.to_string().contains("enum symbol index 5"), "{e}");
    assert!(e.path_string().contains("color"), "{}", e.path_string());
    assert!(apache_read(&apache_schema(Scalars::AVRO_SCHEMA), &bytes).is_err());
}

//! The schema-driven encoder behind `trident size` (`trident_formats::dynamic`) against the
//! generated code.
//!
//! For random values of every record and union of the example, coverage and evolution schemas
//! (recursive documents, unions, optionals, lists, maps, enums, timestamps, bytes, every
//! built-in type at its edges), the generated `to_json()` text is fed to the dynamic encoder,
//! whose JSON, protobuf and Avro bytes must equal `to_json()`, `to_protobuf()` and `to_avro()`
//! byte for byte. Randomly damaged JSON must be accepted by the dynamic encoder exactly when the
//! generated `from_json` accepts it, and then give the bytes of the value `from_json` read.
//! Hand-written inputs pin the reading rules (defaults, `null`, integers as strings, enums by
//! number, unknown keys, keys given twice) and the error paths.

// The example schemas deprecate some types and fields; the tests use them on purpose.
#![allow(deprecated)]

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{Value, json};
use trident::Message;
use trident_formats::dynamic::{self, Document, EncodeError, Encoded};
use trident_tests::fixtures::full_order;
use trident_tests::ours::acme::common::Money;
use trident_tests::ours::acme::documents::Node;
use trident_tests::ours::acme::shop::{Order, Payment};
use trident_tests::ours::acme::telemetry::{Event, Heartbeat, LogLine, Payload};
use trident_tests::ours::testing::coverage::{Defaults, Holder, Optionals, Scalars};
use trident_tests::wire::hex;
use trident_tests::{Rng, Sample, sample};

/// The schemas the generated types come from (as the build script checks them).
fn schema() -> &'static trident_idl::Schema {
    static SCHEMA: OnceLock<trident_idl::Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let roots = [manifest.join("../schemas"), manifest.join("schemas")];
        let files = trident_idl::collect_schema_files(&trident_idl::OsFileSystem, &roots).unwrap();
        let checked = trident_idl::check_paths(&files, &trident_idl::Options::new());
        checked.schema.expect("the test schemas check clean")
    })
}

/// The dynamic encoding of `text` (parsed as the CLI parses it) as the type `T`.
fn dynamic<T: Message>(text: &str) -> Result<Encoded, EncodeError> {
    let id = schema()
        .lookup(T::FULL_NAME)
        .unwrap_or_else(|| panic!("{} is in the schema", T::FULL_NAME))
        .id;
    let document: Document = serde_json::from_str(text).expect("valid JSON");
    dynamic::encode_document(schema(), id, &document)
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// The three encodings equal the generated code's for `value`, byte for byte.
fn same_bytes<T: Message>(value: &T, encoded: &Encoded) -> Result<(), TestCaseError> {
    let json = value.to_json();
    prop_assert!(
        encoded.json == json.as_bytes(),
        "JSON differs for {value:?}\ngenerated: {json}\ndynamic:   {}",
        String::from_utf8_lossy(&encoded.json)
    );
    let protobuf = value.to_protobuf();
    prop_assert!(
        encoded.protobuf == protobuf,
        "protobuf differs for {value:?}\ngenerated: {}\ndynamic:   {}",
        hex(&protobuf),
        hex(&encoded.protobuf)
    );
    let avro = value.to_avro();
    prop_assert!(
        encoded.avro == avro,
        "Avro differs for {value:?}\ngenerated: {}\ndynamic:   {}",
        hex(&avro),
        hex(&encoded.avro)
    );
    Ok(())
}

/// The generated `to_json()` of a random value, through the dynamic encoder: the same bytes in
/// all three formats, from a `Value`, from a `Document` and from the re-indented text.
fn agrees_with_generated<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let json = value.to_json();
    let id = schema()
        .lookup(T::FULL_NAME)
        .map(|t| t.id)
        .ok_or_else(|| fail("no type"))?;

    let parsed: Value = serde_json::from_str(&json).map_err(fail)?;
    let from_value = dynamic::encode(schema(), id, &parsed).map_err(fail)?;
    same_bytes(&value, &from_value)?;

    let from_document = dynamic::<T>(&json).map_err(fail)?;
    prop_assert_eq!(&from_document, &from_value);

    let pretty = serde_json::to_string_pretty(&parsed).map_err(fail)?;
    prop_assert_eq!(&dynamic::<T>(&pretty).map_err(fail)?, &from_value);
    Ok(())
}

mod every_message_type {
    use super::*;

    trident_tests::proptest_per_message!(agrees_with_generated, 96);
}

/// Damages one random place of a JSON value: `null`, another JSON type, a number as a string,
/// or a key removed. Keys are never added, so map entries keep the generated code's order.
fn damage(value: &mut Value, rng: &mut Rng) {
    let children = match value {
        Value::Array(items) => items.len(),
        Value::Object(object) => object.len(),
        _ => 0,
    };
    if children > 0 && !rng.one_in(3) {
        let index = rng.below(children as u64) as usize;
        let child = match value {
            Value::Array(items) => items.get_mut(index),
            Value::Object(object) => object.values_mut().nth(index),
            _ => None,
        };
        if let Some(child) = child {
            return damage(child, rng);
        }
    }
    match rng.below(8) {
        0 => *value = Value::Null,
        1 => *value = json!("x"),
        2 => *value = json!(1.5),
        3 => *value = json!(-7),
        4 => *value = json!([]),
        5 => *value = json!({}),
        6 => {
            if let Value::Number(n) = value {
                *value = Value::String(n.to_string());
            } else {
                *value = json!(true);
            }
        }
        _ => {
            if let Value::Object(object) = value {
                let count = object.len().max(1) as u64;
                let index = rng.below(count) as usize;
                if let Some(key) = object.keys().nth(index).cloned() {
                    object.retain(|k, _| *k != key);
                }
            } else {
                *value = Value::Null;
            }
        }
    }
}

/// Damaged JSON is accepted by the dynamic encoder exactly when the generated decoder accepts
/// it, and then encodes as the value the generated decoder read.
fn damage_is_judged_alike<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let mut parsed: Value = serde_json::from_str(&value.to_json()).map_err(fail)?;
    damage(&mut parsed, &mut Rng::new(seed.rotate_left(17)));
    let text = parsed.to_string();
    match (T::from_json(&text), dynamic::<T>(&text)) {
        (Ok(read), Ok(encoded)) => same_bytes(&read, &encoded),
        (Err(_), Err(_)) => Ok(()),
        (Ok(read), Err(e)) => Err(fail(format!(
            "the generated decoder reads {text}\nas {read:?}\nbut the dynamic encoder says {e}"
        ))),
        (Err(e), Ok(_)) => Err(fail(format!(
            "the dynamic encoder accepts {text}\nbut the generated decoder says {e}"
        ))),
    }
}

mod damaged_input {
    use super::*;

    trident_tests::proptest_per_message!(damage_is_judged_alike, 96);
}

/// `text` is read by both sides and encodes to the same bytes.
fn accepted_alike<T: Message>(text: &str) {
    let read = T::from_json(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let encoded = dynamic::<T>(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    if let Err(e) = same_bytes(&read, &encoded) {
        panic!("{text}: {e}");
    }
}

/// `text` is refused by both sides; the dynamic encoder's error.
fn refused_alike<T: Message>(text: &str) -> EncodeError {
    assert!(
        T::from_json(text).is_err(),
        "the generated decoder reads {text}"
    );
    match dynamic::<T>(text) {
        Ok(_) => panic!("the dynamic encoder accepts {text}"),
        Err(e) => e,
    }
}

#[test]
fn a_fully_populated_order_encodes_as_the_generated_code_does() {
    let order = full_order();
    accepted_alike::<Order>(&order.to_json());
    let mut reversed: Vec<(String, Value)> = match serde_json::from_str(&order.to_json()) {
        Ok(Value::Object(object)) => object.into_iter().collect(),
        other => panic!("{other:?}"),
    };
    reversed.reverse();
    let text = Value::Object(reversed.into_iter().collect()).to_string();
    let encoded = dynamic::<Order>(&text).unwrap();
    assert_eq!(
        encoded.json,
        order.to_json().into_bytes(),
        "record fields are written in declaration order whatever the input order"
    );
}

#[test]
fn absent_and_null_fields_take_defaults_none_and_empty() {
    accepted_alike::<Money>(r#"{"minor_units":1}"#);
    accepted_alike::<Money>(r#"{"currency":null,"minor_units":"-9223372036854775808"}"#);
    accepted_alike::<Heartbeat>(
        r#"{"uptime_seconds":"18446744073709551615","free_memory":1e2,"last_boot":"1970-01-01"}"#,
    );
    accepted_alike::<Defaults>("{}");
    accepted_alike::<Defaults>(
        r#"{"flag":null,"small":null,"big":null,"total":null,"ratio":null,"text":null,"blob":null,"color":null}"#,
    );
    accepted_alike::<Optionals>(r#"{"flag":null,"scalars":null,"choice":null,"nothing":{}}"#);
    accepted_alike::<Node>(r#"{"id":1,"content":{"picture":""},"children":null,"style":null}"#);
}

#[test]
fn built_in_types_accept_what_the_runtime_accepts() {
    accepted_alike::<Scalars>(
        r#"{"flag":true,"small":"-7","big":-0,"count":3.0,"total":"0","ratio":"NaN",
            "precise":"-Infinity","text":"é\u0000","blob":"-_8","at":"2024-05-01T14:30:05.12+02:00",
            "day":"2024-02-29","id":"0F8FAD5BD9CB469FA16570867728950E","color":"BLUE",
            "far":4294967295,"high":""}"#,
    );
    accepted_alike::<Scalars>(
        r#"{"flag":false,"small":0,"big":0,"count":0,"total":0,"ratio":-0.0,"precise":0,
            "text":"","blob":"","at":"1970-01-01T00:00:00Z","day":"1970-01-01",
            "id":"00000000-0000-0000-0000-000000000000","color":-5,"far":0,"high":""}"#,
    );
}

#[test]
fn enums_read_symbols_and_numbers_and_unknown_ones_give_the_zero_value() {
    for level in [
        r#""WARN""#,
        "3",
        r#""LOUD""#,
        "77",
        "-1",
        "4294967296",
        r#""warn""#,
    ] {
        accepted_alike::<LogLine>(&format!(r#"{{"message":"m","level":{level}}}"#));
    }
    let e = refused_alike::<LogLine>(r#"{"message":"m","level":1.5}"#);
    assert_eq!(e.path(), ".level");
    assert!(
        e.message()
            .contains("expected a symbol of enum acme.telemetry.Level"),
        "{e}"
    );
}

#[test]
fn unknown_keys_are_ignored_whatever_they_hold() {
    accepted_alike::<Money>(r#"{"extra":{"deep":[1,{"x":null,"x":2}]},"minor_units":7,"zz":true}"#);
    accepted_alike::<Payment>(r#"{"points":"12"}"#);
}

#[test]
fn unions_hold_exactly_one_known_variant() {
    accepted_alike::<Payload>(r#"{"crash":"AAE="}"#);
    accepted_alike::<Holder>(
        r#"{"logical":{"day":"2024-05-01"},"instant":{"at":"1969-12-31T23:59:59.999999Z"},
            "counter":{"total":0},"named":{"other":{}},"maybe":{"count":0},
            "many":[{"at":"1970-01-01T00:00:00Z"}],"keyed":{"":{"total":1}}}"#,
    );
    let e = refused_alike::<Payload>("{}");
    assert_eq!(
        e.to_string(),
        "at .: union `Payload` needs exactly one variant, found none"
    );
    let e = refused_alike::<Payload>(r#"{"log":{"message":"m"},"crash":"AA=="}"#);
    assert_eq!(
        e.message(),
        "union `Payload` holds exactly one variant, found a second key `crash`"
    );
    let e = refused_alike::<Payload>(r#"{"log":{"message":"m"},"log":{"message":"n"}}"#);
    assert!(e.message().contains("found a second key `log`"), "{e}");
    let e = refused_alike::<Payload>(r#"{"nope":1}"#);
    assert_eq!(
        e.message(),
        "unknown variant `nope`, expected one of `metric`, `log`, `heartbeat`, `crash`, `legacy`"
    );
    let e = refused_alike::<Event>(
        r#"{"device_id":"0f8fad5b-d9cb-469f-a165-70867728950e","sequence":1,
            "sent_at":"2024-05-01T12:00:00Z","payload":{"log":null},"firmware":{"major":1}}"#,
    );
    assert_eq!(e.path(), ".payload.log");
}

#[test]
fn errors_name_the_path_and_say_what_the_generated_decoder_says() {
    let e = refused_alike::<Money>("{}");
    assert_eq!(e.to_string(), "at .: missing field `minor_units`");
    let e = refused_alike::<Money>(r#"{"minor_units":null}"#);
    assert_eq!(e.path(), ".minor_units");
    assert!(e.message().starts_with("invalid type: null"), "{e}");

    let e = refused_alike::<Order>(r#"{"items":[{"sku":5}]}"#);
    assert_eq!(
        e.to_string(),
        "at .items[0].sku: invalid type: integer `5`, expected a string"
    );
    let e = refused_alike::<Node>(r#"{"id":1,"content":{"picture":""},"style":{"a b":7}}"#);
    assert_eq!(e.path(), r#".style["a b"]"#);
    let e = refused_alike::<Scalars>(r#"{"at":"2024-05-01T12:00:60Z"}"#);
    assert_eq!(e.path(), ".at");
    let e = refused_alike::<Heartbeat>(
        r#"{"uptime_seconds":1,"free_memory":-1,"last_boot":"1970-01-01"}"#,
    );
    assert_eq!(e.path(), ".free_memory");
    assert!(e.message().contains("in the range of u32"), "{e}");
    let e = refused_alike::<Order>("[]");
    assert_eq!(
        e.to_string(),
        "at .: invalid type: sequence, expected an object (record acme.shop.Order)"
    );
}

#[test]
fn a_field_or_map_key_given_twice_is_an_error() {
    let e = refused_alike::<Money>(r#"{"minor_units":1,"minor_units":2}"#);
    assert_eq!(e.to_string(), "at .: duplicate field `minor_units`");
    let e = refused_alike::<Node>(r#"{"id":1,"content":{"picture":""},"style":{"a":"1","a":"2"}}"#);
    assert_eq!(e.to_string(), r#"at .style: duplicate key `a`"#);
    let e = refused_alike::<Node>(
        r#"{"id":1,"content":{"picture":""},"children":[{"id":2,"id":3,"content":{"picture":""}}]}"#,
    );
    assert_eq!(e.to_string(), "at .children[0]: duplicate field `id`");
}

#[test]
fn enums_are_not_messages() {
    let id = schema().lookup("acme.shop.Status").unwrap().id;
    let e = dynamic::encode(schema(), id, &json!("PAID")).unwrap_err();
    assert!(e.message().contains("is an enum"), "{e}");
}

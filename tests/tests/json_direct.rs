//! The direct JSON codec against the serde path, for every record and union.
//!
//! `encode_json` writes through the generated `write_json` methods and `from_json` reads with
//! the direct reader first; the serde impls are the reference. The writer must give serde_json's
//! bytes exactly. The reader must take every document an encoder writes (pretty-printed,
//! reordered, or with unknown fields too) without falling back, and whatever it accepts —
//! from valid or from corrupted input — the serde path must accept with the same value.

// The example schemas deprecate some types and fields; the tests use them on purpose.
#![allow(deprecated)]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use trident::Message;
use trident::json::JsonReader;
use trident_tests::fixtures::full_order;
use trident_tests::ours::acme::shop::Order;
use trident_tests::ours::testing::coverage::Optionals;
use trident_tests::{Rng, Sample, proptest_config, sample};

/// The direct reader's value for a whole document, or `None` when it declines.
fn direct<T: Message>(input: &[u8]) -> Option<T> {
    let mut reader = JsonReader::new(input, 1 << 20);
    let value = T::read_json(&mut reader).ok()?;
    reader.at_end().then_some(value)
}

/// Whatever the direct reader accepts, serde accepts with the same value (compared as JSON
/// text, which tells NaN and -0.0 apart).
fn agrees_with_serde<T: Message>(input: &[u8]) -> Result<(), TestCaseError> {
    if let Some(value) = direct::<T>(input) {
        let reference: T = serde_json::from_slice(input).map_err(|e| {
            TestCaseError::fail(format!(
                "the direct reader accepts what serde rejects ({e}): {}",
                String::from_utf8_lossy(input)
            ))
        })?;
        prop_assert_eq!(value.to_json(), reference.to_json());
    }
    Ok(())
}

fn writer_matches_serde_json<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let reference = serde_json::to_string(&value).expect("serde_json writes the value");
    prop_assert_eq!(&value.to_json(), &reference);
    let mut buf = b"prefix".to_vec();
    value.encode_json(&mut buf);
    prop_assert_eq!(&buf[6..], reference.as_bytes());
    Ok(())
}

fn reader_takes_what_encoders_write<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let json = value.to_json();
    // Pretty-printed, with the fields in another order and a field the type does not know.
    let mut tree: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    if let serde_json::Value::Object(fields) = &mut tree
        && fields.len() > 1
    {
        fields.insert(
            "zz_unknown".into(),
            serde_json::json!({"a": [1, 2.5e-3, "\u{e9}\n", null, true], "b": {}}),
        );
    }
    let pretty = serde_json::to_string_pretty(&tree).expect("serde_json writes the tree");
    for text in [&json, &pretty] {
        agrees_with_serde::<T>(text.as_bytes())?;
        let read = direct::<T>(text.as_bytes());
        prop_assert!(read.is_some(), "the direct reader declines {}", text);
        prop_assert_eq!(read.map(|v| v.to_json()), Some(json.clone()));
    }
    Ok(())
}

fn corrupted_input_agrees<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let mut rng = Rng::new(seed.rotate_left(23));
    let mut bytes = value.to_json().into_bytes();
    for _ in 0..=rng.below(3) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len() as u64) as usize;
        match rng.below(5) {
            0 => bytes.truncate(at),
            1 => bytes[at] = rng.pick(b"{}[],:\"\\-0123456789.eEntfu \xff"),
            2 => {
                bytes.remove(at);
            }
            3 => bytes.insert(at, rng.pick(b"{}[],:\"\\-0.e ")),
            _ => {
                let end = (at + 1 + rng.below(12) as usize).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    agrees_with_serde::<T>(&bytes)
}

mod the_writer_gives_serde_json_bytes {
    use super::*;
    trident_tests::proptest_per_message!(writer_matches_serde_json, 64);
}

mod the_reader_takes_what_encoders_write {
    use super::*;
    trident_tests::proptest_per_message!(reader_takes_what_encoders_write, 48);
}

mod the_reader_accepts_only_what_serde_accepts {
    use super::*;
    trident_tests::proptest_per_message!(corrupted_input_agrees, 192);
}

proptest! {
    #![proptest_config(proptest_config(512))]

    /// Arbitrary JSON-ish text into a type with every scalar as an optional field: numbers of
    /// every shape, strings with escapes, literals, structure.
    #[test]
    fn arbitrary_text_is_read_as_serde_reads_it(
        text in r#"\{("(flag|small|big|count|total|ratio|precise|text|blob|color|day|zz)": ?(-?[0-9]{1,21}(\.[0-9]{0,3})?([eE][+-]?[0-9]{1,3})?|"[+-]?[0-9]{1,3}(\.[0-9])?"|"-?Infinity"|"NaN"|"([a-z\\"/]|\\u[0-9a-fA-F]{4}){0,6}"|true|false|null|\[\]|\{\}), ?){0,6}\}"#
    ) {
        agrees_with_serde::<Optionals>(text.as_bytes())?;
    }
}

#[test]
fn what_the_direct_reader_leaves_to_serde_still_decodes() {
    // An integral float for an integer and an escaped field name are valid input the direct
    // reader declines; `from_json` still reads them, through the serde path. Integers written
    // as strings, as proto3 JSON writes 64-bit ones, the direct reader takes itself.
    let order = full_order();
    let json = order.to_json();
    let units = format!("\"minor_units\":{}", order.total.minor_units);
    assert!(
        json.contains(&units) && json.contains("\"gift\":"),
        "{json}"
    );
    for (from, to, direct_reads) in [
        (
            units.clone(),
            format!("\"minor_units\":\"{}\"", order.total.minor_units),
            true,
        ),
        (
            units.clone(),
            format!("\"minor_units\":{}.0", order.total.minor_units),
            false,
        ),
        (
            "\"gift\":".to_string(),
            "\"g\\u0069ft\":".to_string(),
            false,
        ),
    ] {
        let changed = json.replacen(&from, &to, 1);
        assert_eq!(
            direct::<Order>(changed.as_bytes()).is_some(),
            direct_reads,
            "{changed}"
        );
        assert_eq!(Order::from_json(&changed).expect("it decodes"), order);
    }
}

#[test]
fn a_decline_reports_the_serde_paths_error_with_its_position() {
    let e = Order::from_json(r#"{"id": "x", "id": "y"}"#).expect_err("a duplicate field");
    assert!(e.to_string().contains("duplicate field `id`"), "{e}");
    assert!(e.to_string().contains("line 1"), "{e}");
}

//! Decoders facing hostile input: arbitrary bytes and text, and corrupted valid encodings, fed
//! to every record and union never panic; a length prefix far beyond the input is an error
//! before anything is allocated; nesting past the limit is an error, not a stack overflow; and
//! each kind of malformed protobuf gets its own error kind, field path and byte offset.

// The example schemas deprecate some types and fields; the tests use them on purpose.
#![allow(deprecated)]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use prost::Message as _;
use trident::{DecodeError, DecodeErrorKind, DecodeOptions, Format, Message};
use trident_tests::fixtures::full_order;
use trident_tests::ours::acme::documents::Node;
use trident_tests::ours::acme::shop::{Card, Order};
use trident_tests::ours::acme::telemetry::Metric;
use trident_tests::ours::testing::coverage::Scalars;
use trident_tests::wire::{self, key, length_delimited, varint};
use trident_tests::{Rng, Sample, reference, sample};

/// A protobuf error must say where it happened, inside the input, under the type's name.
fn check_protobuf_error<T: Message>(e: &DecodeError, input: &[u8]) -> Result<(), TestCaseError> {
    prop_assert_eq!(e.format(), Format::Protobuf);
    let offset = e.offset();
    prop_assert!(
        offset.is_some_and(|o| o <= input.len()),
        "offset {offset:?} of {} bytes",
        input.len()
    );
    prop_assert!(e.path_string().starts_with(T::NAME), "{}", e.path_string());
    Ok(())
}

/// Decodes `input` through every protobuf entry point; whatever is accepted must re-encode to
/// bytes that decode and encode to the same bytes again (compared as bytes: corrupted input
/// may hold NaN).
fn decode_protobuf<T: Message>(input: &[u8]) -> Result<(), TestCaseError> {
    match T::from_protobuf(input) {
        Ok(value) => {
            let bytes = value.to_protobuf();
            let again = T::from_protobuf(&bytes)
                .map_err(|e| TestCaseError::fail(format!("re-encoding fails to decode: {e}")))?;
            prop_assert_eq!(wire::hex(&again.to_protobuf()), wire::hex(&bytes));
        }
        Err(e) => check_protobuf_error::<T>(&e, input)?,
    }
    let _ = <T as prost::Message>::decode(input);
    let _ = T::from_protobuf_with(input, DecodeOptions::default().max_depth(3));
    Ok(())
}

fn decode_json<T: Message>(input: &str) -> Result<(), TestCaseError> {
    if let Err(e) = T::from_json(input) {
        prop_assert_eq!(e.format(), Format::Json);
        prop_assert!(e.path_string().starts_with(T::NAME), "{}", e.path_string());
    }
    let _ = T::from_json_slice(input.as_bytes());
    Ok(())
}

/// Corrupts `input` in one of several ways chosen by `rng`.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    if input.is_empty() {
        input.push(rng.next_u64() as u8);
        return;
    }
    let at = rng.below(input.len() as u64) as usize;
    match rng.below(6) {
        0 => input.truncate(at),
        1 => input[at] ^= 1 << rng.below(8),
        2 => input[at] = rng.pick(&[0x00, 0x7f, 0x80, 0xff]),
        3 => {
            input.remove(at);
        }
        4 => input.insert(at, rng.next_u64() as u8),
        _ => {
            let end = (at + 1 + rng.below(8) as usize).min(input.len());
            let copy = input[at..end].to_vec();
            input.splice(at..at, copy);
        }
    }
}

fn corrupted_protobuf<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let mut rng = Rng::new(seed.rotate_left(17));
    let mut bytes = value.to_protobuf();
    for _ in 0..=rng.below(3) {
        mutate(&mut rng, &mut bytes);
    }
    decode_protobuf::<T>(&bytes)?;
    // Every prefix of a valid encoding: an error or a value, never a panic.
    let valid = value.to_protobuf();
    let step = (valid.len() / 16).max(1);
    for end in (0..valid.len()).step_by(step) {
        decode_protobuf::<T>(&valid[..end])?;
    }
    Ok(())
}

fn corrupted_json<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let mut rng = Rng::new(seed.rotate_left(29));
    let mut bytes = value.to_json().into_bytes();
    for _ in 0..=rng.below(3) {
        mutate(&mut rng, &mut bytes);
    }
    decode_json::<T>(&String::from_utf8_lossy(&bytes))?;
    let _ = T::from_json_slice(&bytes);
    Ok(())
}

mod arbitrary_bytes_never_panic_the_protobuf_decoder {
    use super::*;
    fn check<T: Message>(input: Vec<u8>) -> Result<(), TestCaseError> {
        decode_protobuf::<T>(&input)
    }
    trident_tests::proptest_per_message!(
        check,
        128,
        proptest::collection::vec(any::<u8>(), 0..200)
    );
}

mod corrupted_encodings_never_panic_the_protobuf_decoder {
    use super::*;
    fn check<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
        corrupted_protobuf::<T>(seed)
    }
    trident_tests::proptest_per_message!(check, 96, any::<u64>());
}

mod arbitrary_text_never_panics_the_json_decoder {
    use super::*;
    fn check<T: Message>(text: String) -> Result<(), TestCaseError> {
        decode_json::<T>(&text)
    }
    trident_tests::proptest_per_message!(check, 64, "[\\[\\]{}\",:0-9a-z\\-\\\\. \n]{0,60}");
}

mod corrupted_json_never_panics_the_json_decoder {
    use super::*;
    fn check<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
        corrupted_json::<T>(seed)
    }
    trident_tests::proptest_per_message!(check, 64, any::<u64>());
}

// ---------------------------------------------------------------------------------------------
// Lengths

fn protobuf_error<T: Message>(input: &[u8]) -> DecodeError {
    match T::from_protobuf(input) {
        Ok(value) => panic!("{} decoded as {value:?}", wire::hex(input)),
        Err(e) => e,
    }
}

#[test]
fn a_length_prefix_of_2_to_the_60_in_ten_bytes_is_an_error_not_an_allocation() {
    let declared = 1u64 << 60;
    // One key byte and a nine-byte varint: a string, a message, a packed list, a map entry,
    // bytes — each field kind checks the length before it takes anything.
    let cases: [(&str, u8, &str); 5] = [
        ("Order", 0x0a, "Order.id"),
        ("Order", 0x12, "Order.customer"),
        ("Order", 0x32, "Order.labels"),
        ("Metric", 0x1a, "Metric.samples"),
        ("Card", 0x22, "Card.token"),
    ];
    for (ty, key, path) in cases {
        let mut input = vec![key];
        input.extend(varint(declared));
        assert_eq!(input.len(), 10);
        let e = match ty {
            "Order" => protobuf_error::<Order>(&input),
            "Metric" => protobuf_error::<Metric>(&input),
            _ => protobuf_error::<Card>(&input),
        };
        assert_eq!(
            e.kind(),
            &DecodeErrorKind::LengthExceedsInput {
                declared,
                remaining: 0
            },
            "{path}"
        );
        assert_eq!(e.path_string(), path);
        assert_eq!(e.offset(), Some(1), "{path}");
    }
}

#[test]
fn a_gigabyte_length_prefix_in_ten_bytes_is_an_error() {
    let mut input = vec![0x0a];
    input.extend(varint(1 << 30));
    input.extend(b"abcd");
    assert_eq!(input.len(), 10);
    let e = protobuf_error::<Order>(&input);
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::LengthExceedsInput {
            declared: 1 << 30,
            remaining: 4
        }
    );
    assert_eq!(
        e.to_string(),
        "cannot decode protobuf at Order.id: declared length 1073741824 exceeds the 4 bytes \
         left (byte 1)"
    );
    // Through the prost::Message impl too.
    assert!(<Order as prost::Message>::decode(input.as_slice()).is_err());
}

#[test]
fn lengths_no_machine_could_allocate_are_rejected_inside_nested_messages() {
    // If the decoder reserved before checking, these would abort the process (64 TiB) or
    // overflow the capacity (2^62), instead of returning errors.
    for declared in [1u64 << 46, 1 << 62, u64::MAX] {
        let mut name = vec![0x12];
        name.extend(varint(declared));
        let input = length_delimited(2, &name);
        let e = protobuf_error::<Order>(&input);
        assert_eq!(
            e.kind(),
            &DecodeErrorKind::LengthExceedsInput {
                declared,
                remaining: 0
            }
        );
        assert_eq!(e.path_string(), "Order.customer.name");
        assert_eq!(e.offset(), Some(3));
        assert!(reference::acme::shop::Order::decode(input.as_slice()).is_err());
    }
}

#[test]
fn a_length_running_past_its_enclosing_message_is_an_error() {
    // customer (4 bytes) holds name with length 10: more than the customer's window, less
    // than the whole input.
    let mut input = length_delimited(2, &[0x12, 0x0a, b'a', b'b']);
    input.extend(length_delimited(1, b"padding padding"));
    let e = protobuf_error::<Order>(&input);
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::LengthExceedsInput {
            declared: 10,
            remaining: 2
        }
    );
    assert_eq!(e.path_string(), "Order.customer.name");
}

// ---------------------------------------------------------------------------------------------
// Nesting

/// A `Node` whose `origin` chain is `depth` messages deep, built without recursion.
fn nested_origins(depth: usize) -> Vec<u8> {
    // Lengths from the innermost message outwards.
    let mut lengths = vec![0usize; depth + 1];
    for level in 1..=depth {
        let inner = lengths[level - 1];
        lengths[level] = 1 + varint(inner as u64).len() + inner;
    }
    let mut out = Vec::with_capacity(lengths[depth]);
    for level in (0..depth).rev() {
        out.extend(key(4, 2));
        out.extend(varint(lengths[level] as u64));
    }
    out
}

#[test]
fn nesting_up_to_the_default_limit_decodes_and_one_more_level_is_an_error_as_in_prost() {
    let within = nested_origins(100);
    let node = Node::from_protobuf(&within).unwrap();
    let mut depth = 0;
    let mut current = &node;
    while let Some(origin) = &current.origin {
        depth += 1;
        current = origin;
    }
    assert_eq!(depth, 100);
    assert!(reference::acme::documents::Node::decode(within.as_slice()).is_ok());

    let beyond = nested_origins(101);
    let e = protobuf_error::<Node>(&beyond);
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::DepthLimitExceeded { limit: 100 }
    );
    assert!(e.path_string().starts_with("Node.origin.origin."), "{e}");
    assert_eq!(e.path().count(), 101);
    assert!(reference::acme::documents::Node::decode(beyond.as_slice()).is_err());
}

#[test]
fn a_lower_depth_limit_applies() {
    let options = DecodeOptions::default().max_depth(10);
    assert!(Node::from_protobuf_with(&nested_origins(10), options).is_ok());
    let e = Node::from_protobuf_with(&nested_origins(11), options).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::DepthLimitExceeded { limit: 10 });
    // Every message counts, whatever field leads to it: Order > customer > addresses[0].
    let order = full_order().to_protobuf();
    assert!(Order::from_protobuf_with(&order, DecodeOptions::default().max_depth(2)).is_ok());
    let e = Order::from_protobuf_with(&order, DecodeOptions::default().max_depth(1)).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::DepthLimitExceeded { limit: 1 });
    assert_eq!(e.path_string(), "Order.customer.addresses[0]");
}

#[test]
fn nesting_a_hundred_thousand_levels_deep_is_an_error_not_a_stack_overflow() {
    let input = nested_origins(100_000);
    let e = protobuf_error::<Node>(&input);
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::DepthLimitExceeded { limit: 100 }
    );
    // Groups of unknown fields nest too.
    let mut groups = Vec::new();
    for _ in 0..100_000 {
        groups.extend(key(99, 3));
    }
    let e = protobuf_error::<Order>(&groups);
    assert!(
        matches!(e.kind(), DecodeErrorKind::DepthLimitExceeded { .. }),
        "{e}"
    );
}

#[test]
fn json_nested_ten_thousand_levels_deep_is_an_error_not_a_stack_overflow() {
    let level = r#"{"id":1,"content":{"picture":""},"origin":"#;
    let depth = 10_000;
    let mut json = level.repeat(depth);
    json.push_str("null");
    json.push_str(&"}".repeat(depth));
    let e = Node::from_json(&json).unwrap_err();
    assert!(e.to_string().contains("recursion limit"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Kinds of malformed input

#[test]
fn each_kind_of_malformed_protobuf_gets_its_own_error_kind_path_and_offset() {
    // Invalid UTF-8 in a nested string.
    let input = length_delimited(2, &length_delimited(2, &[b'o', 0xff]));
    let e = protobuf_error::<Order>(&input);
    assert_eq!(e.kind(), &DecodeErrorKind::InvalidUtf8);
    assert_eq!(e.path_string(), "Order.customer.name");
    assert_eq!(e.offset(), Some(3));

    // A UUID that is not one.
    let input = length_delimited(1, b"not-a-uuid");
    let e = protobuf_error::<Scalars>(&wire::length_delimited(12, b"not-a-uuid"));
    assert!(matches!(e.kind(), DecodeErrorKind::InvalidValue(_)), "{e}");
    assert_eq!(e.path_string(), "Scalars.id");
    assert!(trident_tests::ours::acme::common::Customer::from_protobuf(&input).is_err());

    // A timestamp whose nanoseconds are out of range (prost accepts the raw pair).
    let mut timestamp = key(2, 0);
    timestamp.extend(varint(1_000_000_000));
    let input = length_delimited(10, &timestamp);
    let e = protobuf_error::<Scalars>(&input);
    assert!(matches!(e.kind(), DecodeErrorKind::InvalidValue(_)), "{e}");
    assert_eq!(e.path_string(), "Scalars.at");

    // A string field sent as a varint.
    let e = protobuf_error::<Order>(&[0x08, 0x01]);
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::WrongWireType { tag: 1, found: 0 }
    );
    assert_eq!(e.path_string(), "Order.id");

    // Field number 0, and wire types 6 and 7.
    for input in [&[0x00, 0x00][..], &[0x0e], &[0x0f]] {
        let e = protobuf_error::<Order>(input);
        assert_eq!(e.kind(), &DecodeErrorKind::InvalidKey, "{input:?}");
        assert_eq!(e.offset(), Some(0));
    }
    // A stray end-group key.
    let e = protobuf_error::<Order>(&key(99, 4));
    assert_eq!(e.kind(), &DecodeErrorKind::InvalidKey);

    // An eleven-byte varint, and a ten-byte one past 64 bits.
    let mut input = vec![0x20];
    input.extend([0xff; 10]);
    input.push(0x01);
    assert_eq!(
        protobuf_error::<Order>(&input).kind(),
        &DecodeErrorKind::VarintOverflow
    );
    let mut input = vec![0x20];
    input.extend([0xff; 9]);
    input.push(0x02);
    assert_eq!(
        protobuf_error::<Order>(&input).kind(),
        &DecodeErrorKind::VarintOverflow
    );

    // Input that ends inside a fixed64, a varint, a key.
    let e = protobuf_error::<Metric>(&[0x19, 1, 2, 3]);
    assert_eq!(e.kind(), &DecodeErrorKind::Truncated);
    assert_eq!(e.path_string(), "Metric.samples[0]");
    assert_eq!(
        protobuf_error::<Order>(&[0x98, 0x01, 0x80]).kind(),
        &DecodeErrorKind::Truncated
    );
    assert_eq!(
        protobuf_error::<Order>(&[0x98]).kind(),
        &DecodeErrorKind::Truncated
    );

    // A packed run whose last element is cut off.
    let e = protobuf_error::<Metric>(&length_delimited(3, &[0; 12]));
    assert_eq!(e.kind(), &DecodeErrorKind::Truncated);
    assert_eq!(e.path_string(), "Metric.samples[1]");
}

//! Avro decoders facing hostile input: arbitrary bytes and corrupted valid encodings, fed to
//! every record and union directly and through schema resolution, never panic; lengths and
//! block counts far beyond the input are errors before anything is allocated; items of no bytes
//! are bounded by the options; nesting past the limit is an error, not a stack overflow; and
//! each kind of malformed datum gets an error that names the field and the byte.

// The example schemas deprecate some types and fields; the tests use them on purpose.
#![allow(deprecated)]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use trident::{AvroDecoder, AvroOptions, DecodeError, DecodeErrorKind, Format, Message};
use trident_tests::avro::{bytes, long, with_fields_reversed};
use trident_tests::ours::acme::common::Money;
use trident_tests::ours::acme::documents::Node;
use trident_tests::ours::testing::coverage::{Choice, Lists, Scalars};
use trident_tests::wire::hex;
use trident_tests::{Rng, Sample, sample};

/// `T`'s schema with the fields of every record reversed: decoding through it takes the
/// resolving path.
fn reordered_writer<T: Message>() -> trident::AvroSchema {
    let json: serde_json::Value = serde_json::from_str(T::AVRO_SCHEMA).expect("JSON");
    trident::AvroSchema::parse_str(&with_fields_reversed(&json, true).to_string())
        .expect("the reordered schema parses")
}

/// An Avro error must say where it happened, inside the input, under the type's name.
fn check_error<T: Message>(e: &DecodeError, input: &[u8]) -> Result<(), TestCaseError> {
    prop_assert_eq!(e.format(), Format::Avro);
    prop_assert!(e.path_string().starts_with(T::NAME), "{}", e.path_string());
    if let Some(offset) = e.offset() {
        prop_assert!(
            offset <= input.len(),
            "offset {offset} of {} bytes",
            input.len()
        );
    }
    Ok(())
}

/// Decodes `input` through every Avro entry point; whatever is accepted must re-encode to bytes
/// that decode and encode to the same bytes again (compared as bytes: corrupted input may hold
/// NaN).
fn decode_avro<T: Message>(
    input: &[u8],
    writer: &trident::AvroSchema,
) -> Result<(), TestCaseError> {
    match T::from_avro(input) {
        Ok(value) => {
            let bytes = value.to_avro();
            let again = T::from_avro(&bytes)
                .map_err(|e| TestCaseError::fail(format!("re-encoding fails to decode: {e}")))?;
            prop_assert_eq!(hex(&again.to_avro()), hex(&bytes));
        }
        Err(e) => check_error::<T>(&e, input)?,
    }
    let _ = T::from_avro_with(input, AvroOptions::default().max_depth(3));
    let mut single = vec![0xc3, 0x01];
    single.extend(T::avro_fingerprint().to_le_bytes());
    single.extend_from_slice(input);
    let _ = T::from_avro_single_object(&single, &trident::SchemaStore::new());
    let _ = T::from_avro_single_object(input, &trident::SchemaStore::new());
    decode_resolving::<T>(input, writer)
}

/// Decodes `input` written with `writer`, through both entry points.
fn decode_resolving<T: Message>(
    input: &[u8],
    writer: &trident::AvroSchema,
) -> Result<(), TestCaseError> {
    match T::from_avro_written_with(input, writer) {
        Ok(value) => {
            let again = T::from_avro(&value.to_avro())
                .map_err(|e| TestCaseError::fail(format!("re-encoding fails to decode: {e}")))?;
            prop_assert_eq!(hex(&again.to_avro()), hex(&value.to_avro()));
        }
        Err(e) => {
            prop_assert_eq!(e.format(), Format::Avro);
            prop_assert!(e.path_string().starts_with(T::NAME), "{}", e.path_string());
        }
    }
    let decoder = AvroDecoder::<T>::new(writer)
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .with_options(AvroOptions::default().max_depth(4));
    let _ = decoder.decode(input);
    Ok(())
}

/// Corrupts `input` in one of several ways chosen by `rng`.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>) {
    if input.is_empty() {
        input.push(rng.next_u64() as u8);
        return;
    }
    let at = rng.below(input.len() as u64) as usize;
    match rng.below(7) {
        0 => input.truncate(at),
        1 => input[at] ^= 1 << rng.below(8),
        2 => input[at] = rng.pick(&[0x00, 0x01, 0x7f, 0x80, 0xff]),
        3 => {
            input.remove(at);
        }
        4 => input.insert(at, rng.next_u64() as u8),
        5 => {
            // A large varint: a length, count or index far beyond the input.
            let big = long(rng.pick(&[-1, -(1 << 40), 1 << 30, 1 << 62, i64::MAX, i64::MIN]));
            input.splice(at..at, big);
        }
        _ => {
            let end = (at + 1 + rng.below(8) as usize).min(input.len());
            let copy = input[at..end].to_vec();
            input.splice(at..at, copy);
        }
    }
}

fn arbitrary_bytes<T: Message>(input: Vec<u8>) -> Result<(), TestCaseError> {
    decode_avro::<T>(&input, &reordered_writer::<T>())
}

fn corrupted_encodings<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = sample(seed);
    let writer = reordered_writer::<T>();
    let mut rng = Rng::new(seed.rotate_left(23));
    let valid = value.to_avro();
    let mut bytes = valid.clone();
    for _ in 0..=rng.below(3) {
        mutate(&mut rng, &mut bytes);
    }
    decode_avro::<T>(&bytes, &writer)?;
    // Every prefix of a valid encoding: an error or a value, never a panic.
    let step = (valid.len() / 16).max(1);
    for end in (0..valid.len()).step_by(step) {
        decode_avro::<T>(&valid[..end], &writer)?;
    }
    Ok(())
}

mod arbitrary_bytes_never_panic {
    use super::*;
    trident_tests::proptest_per_message!(
        arbitrary_bytes,
        64,
        proptest::collection::vec(any::<u8>(), 0..64)
    );
}

mod corrupted_encodings_never_panic {
    use super::*;
    trident_tests::proptest_per_message!(corrupted_encodings, 64, any::<u64>());
}

// ---------------------------------------------------------------------------------------------
// Lengths and counts

fn avro_error<T: Message>(input: &[u8]) -> DecodeError {
    match T::from_avro(input) {
        Ok(value) => panic!("{} decoded as {value:?}", hex(input)),
        Err(e) => {
            assert_eq!(e.format(), Format::Avro);
            e
        }
    }
}

#[test]
fn a_length_of_2_to_the_60_in_ten_bytes_is_an_error_not_an_allocation() {
    // Money starts with its currency, a string.
    let mut input = long(1 << 60);
    input.extend(b"EUR");
    assert!(input.len() <= 12);
    let e = avro_error::<Money>(&input);
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::LengthExceedsInput {
                declared: 1_152_921_504_606_846_976,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(e.offset(), Some(0));
    assert_eq!(e.path_string(), "Money.currency");
}

#[test]
fn a_gigabyte_length_and_a_negative_length_are_errors() {
    let mut input = long(1 << 30);
    input.extend([0; 5]);
    let e = avro_error::<Money>(&input);
    assert!(
        matches!(e.kind(), DecodeErrorKind::LengthExceedsInput { .. }),
        "{e}"
    );
    let e = avro_error::<Money>(&long(-3));
    assert!(e.to_string().contains("negative length"), "{e}");
}

/// The encoding of a `Lists` whose first `skip` lists are empty, followed by `rest`.
fn lists_input(skip: usize, rest: &[u8]) -> Vec<u8> {
    let mut input = vec![0; skip];
    input.extend_from_slice(rest);
    input
}

#[test]
fn a_huge_block_count_in_ten_bytes_is_an_error() {
    // Lists starts with a list<bool>.
    for count in [1 << 60, i64::MAX, 1 << 20, 11] {
        let mut input = long(count);
        input.extend([1; 10]);
        let input = &input[..input.len().min(10 + long(count).len())];
        let e = avro_error::<Lists>(input);
        assert!(e.path_string().starts_with("Lists.flag"), "{e}");
    }
    // A negative count whose block size runs past the input.
    let mut input = long(-2);
    input.extend(long(1 << 40));
    input.extend([1, 1]);
    let e = avro_error::<Lists>(&input);
    assert!(
        matches!(e.kind(), DecodeErrorKind::LengthExceedsInput { .. }),
        "{e}"
    );
    // And through schema resolution, where the writer's first list is `nothing`, whose empty
    // records take no bytes: the options bound the count, not the input.
    let writer = reordered_writer::<Lists>();
    let e = Lists::from_avro_written_with(&lists_input(0, &long(1 << 60)), &writer).unwrap_err();
    assert!(e.to_string().contains("items that take no bytes"), "{e}");
}

#[test]
fn items_of_no_bytes_are_bounded_by_the_options_over_all_blocks() {
    // `nothing`, a list of empty records, is the sixteenth list of Lists.
    let limit = AvroOptions::default().max_zero_size_items as i64;
    let mut at_limit = long(limit);
    at_limit.push(0);
    let lists = Lists::from_avro(&lists_input(15, &at_limit)).unwrap();
    assert_eq!(lists.nothing.len(), limit as usize);

    let mut over = long(limit + 1);
    over.push(0);
    let e = avro_error::<Lists>(&lists_input(15, &over));
    assert!(e.path_string().starts_with("Lists.nothing"), "{e}");

    // Two blocks of 600 000 each: each within the limit, together past it. (With the defaults
    // the limit on items per list, equal to this one, says so first.)
    let mut blocks = long(600_000);
    blocks.extend(long(600_000));
    blocks.push(0);
    let e = avro_error::<Lists>(&lists_input(15, &blocks));
    assert!(e.to_string().contains("more than 1048576 items"), "{e}");
    let any_length = AvroOptions::default().max_collection_len(usize::MAX);
    let e = Lists::from_avro_with(&lists_input(15, &blocks), any_length).unwrap_err();
    assert!(e.to_string().contains("take no bytes"), "{e}");

    // Through schema resolution, where `nothing` comes first.
    let writer = reordered_writer::<Lists>();
    let e = Lists::from_avro_written_with(&lists_input(0, &blocks), &writer).unwrap_err();
    assert!(e.to_string().contains("take no bytes"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Nesting

/// A `Node` whose `origin` holds a node `depth - 1` times: `depth` nodes, each with an empty
/// paragraph, in the type's own field order (id, content, children, origin, style).
fn nested_origins(depth: usize) -> Vec<u8> {
    // id 0, content: branch 0 (paragraph) with empty text and no spans, no children.
    let head = [0u8, 0, 0, 0, 0];
    let mut out = Vec::with_capacity(depth * 7);
    for _ in 1..depth {
        out.extend(head);
        out.extend(long(1)); // origin: branch 1 of ["null", Node]
    }
    out.extend(head);
    out.push(0); // the innermost origin is null
    out.extend(std::iter::repeat_n(0, depth)); // each node's empty style map
    out
}

/// The same nodes in the reordered writer's field order (style, origin, children, content
/// with a paragraph's fields reversed, id).
fn nested_origins_reordered(depth: usize) -> Vec<u8> {
    let tail = [0u8, 0, 0, 0, 0]; // children, content branch 0, spans, text, id
    let mut out = Vec::with_capacity(depth * 7);
    for _ in 1..depth {
        out.push(0); // style
        out.extend(long(1));
    }
    out.extend([0, 0]); // style, null origin
    for _ in 0..depth {
        out.extend(tail);
    }
    out
}

fn origin_depth(node: &Node) -> usize {
    let mut depth = 1;
    let mut at = node;
    while let Some(next) = &at.origin {
        depth += 1;
        at = next;
    }
    depth
}

#[test]
fn nesting_up_to_the_default_limit_decodes_and_one_more_level_is_an_error() {
    // Records count as levels (lists, maps and unions do not): node n is at depth n and its
    // paragraph at n + 1, so 99 nodes reach depth 100, the default limit. Decoding directly and
    // resolving a writer's schema count alike.
    let node = Node::from_avro(&nested_origins(99)).unwrap();
    assert_eq!(origin_depth(&node), 99);
    let e = avro_error::<Node>(&nested_origins(100));
    assert!(
        matches!(e.kind(), DecodeErrorKind::DepthLimitExceeded { limit: 100 }),
        "{e}"
    );
    let writer = reordered_writer::<Node>();
    let node = Node::from_avro_written_with(&nested_origins_reordered(99), &writer).unwrap();
    assert_eq!(origin_depth(&node), 99);
    let e = Node::from_avro_written_with(&nested_origins_reordered(100), &writer).unwrap_err();
    assert!(
        matches!(e.kind(), DecodeErrorKind::DepthLimitExceeded { limit: 100 }),
        "{e}"
    );
}

#[test]
fn a_lower_depth_limit_applies() {
    let input = nested_origins(10);
    assert!(Node::from_avro(&input).is_ok());
    let e = Node::from_avro_with(&input, AvroOptions::default().max_depth(5)).unwrap_err();
    assert!(
        matches!(e.kind(), DecodeErrorKind::DepthLimitExceeded { limit: 5 }),
        "{e}"
    );
    let writer = reordered_writer::<Node>();
    let decoder = AvroDecoder::<Node>::new(&writer)
        .unwrap()
        .with_options(AvroOptions::default().max_depth(5));
    let e = decoder.decode(&nested_origins_reordered(10)).unwrap_err();
    assert!(
        matches!(e.kind(), DecodeErrorKind::DepthLimitExceeded { limit: 5 }),
        "{e}"
    );
}

#[test]
fn nesting_a_hundred_thousand_levels_deep_is_an_error_not_a_stack_overflow() {
    let e = avro_error::<Node>(&nested_origins(100_000));
    assert!(
        matches!(e.kind(), DecodeErrorKind::DepthLimitExceeded { .. }),
        "{e}"
    );
    let writer = reordered_writer::<Node>();
    let e = Node::from_avro_written_with(&nested_origins_reordered(100_000), &writer).unwrap_err();
    assert!(
        matches!(e.kind(), DecodeErrorKind::DepthLimitExceeded { .. }),
        "{e}"
    );
    // Even with no limit to speak of, the input bounds the work.
    let _ = Node::from_avro_with(
        &nested_origins(2_000),
        AvroOptions::default().max_depth(500),
    );
}

// ---------------------------------------------------------------------------------------------
// Malformed data

/// A valid `Scalars` encoding with field `index` replaced by `field`.
fn scalars_with(index: usize, field: &[u8]) -> Vec<u8> {
    let fields: [Vec<u8>; 15] = [
        vec![1],
        long(-7),
        long(9),
        long(7),
        long(-1),
        1.5f32.to_le_bytes().to_vec(),
        2.5f64.to_le_bytes().to_vec(),
        bytes("héllo".as_bytes()),
        bytes(&[0, 255]),
        long(1_714_566_605_120_000),
        long(19_844),
        bytes(b"0f8fad5b-d9cb-469f-a165-70867728950e"),
        long(3),
        long(u32::MAX.into()),
        bytes(b""),
    ];
    let mut out = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        out.extend(if i == index { field } else { f });
    }
    out
}

#[test]
fn each_kind_of_malformed_avro_gets_an_error_naming_the_field_and_the_byte() {
    let valid = Scalars::from_avro(&scalars_with(99, &[])).unwrap();
    assert_eq!(
        valid.color,
        trident_tests::ours::testing::coverage::Color::Blue
    );
    assert_eq!(valid.far, u32::MAX);
    let cases: [(usize, Vec<u8>, &str); 10] = [
        (0, vec![2], "boolean byte 2"),
        (1, long(1 << 40), "does not fit 32 bits"),
        (3, long(-1), "does not fit u32"),
        (3, long(1 << 33), "does not fit u32"),
        (7, bytes(&[0xc3]), "UTF-8"),
        (10, long(1 << 31), "does not fit 32 bits"),
        (11, bytes(b"not a uuid"), "uuid"),
        (12, long(5), "enum symbol index 5"),
        (12, long(-1), "enum symbol index -1"),
        (2, vec![0xff; 11], "varint"),
    ];
    let names = [
        "flag", "small", "big", "count", "total", "ratio", "precise", "text", "blob", "at", "day",
        "id", "color", "far", "high",
    ];
    for (index, field, expected) in cases {
        let input = scalars_with(index, &field);
        let e = avro_error::<Scalars>(&input);
        assert!(
            e.to_string()
                .to_lowercase()
                .contains(&expected.to_lowercase()),
            "{expected}: {e}"
        );
        assert_eq!(e.path_string(), format!("Scalars.{}", names[index]), "{e}");
        assert!(e.offset().is_some_and(|o| o <= input.len()), "{e}");
    }
    // Truncated inside `ratio`, a float after five one-byte fields.
    let input = scalars_with(99, &[]);
    let e = avro_error::<Scalars>(&input[..7]);
    assert!(matches!(e.kind(), DecodeErrorKind::Truncated), "{e}");
}

#[test]
fn union_branches_outside_the_union_are_errors() {
    for index in [10, -1, 1 << 40] {
        let mut input = long(index);
        input.push(0);
        let e = avro_error::<Choice>(&input);
        assert!(e.to_string().contains("union branch"), "{index}: {e}");
        let writer = reordered_writer::<Choice>();
        let e = Choice::from_avro_written_with(&input, &writer).unwrap_err();
        assert!(e.to_string().contains("union branch"), "{index}: {e}");
    }
}

#[test]
fn single_objects_shorter_than_their_header_or_with_another_marker_are_errors() {
    for input in [&[][..], &[0xc3], &[0xc3, 0x01, 1, 2, 3]] {
        let e = Money::from_avro_single_object(input, &trident::SchemaStore::new()).unwrap_err();
        assert!(matches!(e.kind(), DecodeErrorKind::Truncated), "{e}");
    }
    let mut input = vec![0xc3, 0x02];
    input.extend(Money::avro_fingerprint().to_le_bytes());
    input.extend(Money::default().to_avro());
    let e = Money::from_avro_single_object(&input, &trident::SchemaStore::new()).unwrap_err();
    assert!(e.to_string().contains("C3 01"), "{e}");
}

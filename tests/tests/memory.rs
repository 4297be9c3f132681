//! A gigabyte declared in ten bytes costs no gigabyte: every decoder is run with the process
//! allowed only a few MiB more than it already holds, so reserving the declared size (or
//! anything in proportion to it) would abort the test.
//!
//! This file holds one test on purpose: the allocator is process-wide, and another test
//! running in parallel would spend from the same budget.

use std::alloc::System;

use cap::Cap;
use trident::Message;
use trident_tests::ours::acme::shop::Order;
use trident_tests::ours::testing::coverage::Lists;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

/// How much more than the baseline the decoders may hold at once.
const BUDGET: usize = 4 << 20;

fn varint(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
    out
}

fn ten_bytes(prefix: &[u8], declared: u64) -> Vec<u8> {
    let mut input = prefix.to_vec();
    input.extend(varint(declared));
    input.resize(10, b'a');
    input
}

/// A named input and a decode that says whether the input was refused.
type Case = (&'static str, Vec<u8>, fn(&[u8]) -> bool);

#[test]
fn a_gigabyte_declared_in_ten_bytes_is_refused_within_a_few_mebibytes() {
    const GIB: u64 = 1 << 30;
    let cases: Vec<Case> = vec![
        // Field 1 (`id`, a string) of 1 GiB.
        ("protobuf string", ten_bytes(&[0x0a], GIB), |b| {
            Order::from_protobuf(b).is_err()
        }),
        // Field 2 (`small`, packed int32) of 1 GiB.
        ("protobuf packed list", ten_bytes(&[0x12], GIB), |b| {
            Lists::from_protobuf(b).is_err()
        }),
        // `id` (the first field) as an Avro string of 1 GiB: zig-zag doubles the length.
        ("Avro string", ten_bytes(&[], 2 * GIB), |b| {
            Order::from_avro(b).is_err()
        }),
        // `flag` (the first field) as an Avro array with a block of 2^30 items.
        ("Avro array block", ten_bytes(&[], 2 * GIB), |b| {
            Lists::from_avro(b).is_err()
        }),
        // The same block, negative count with a 1 GiB block size.
        (
            "Avro sized block",
            {
                let mut input = varint(1); // count -1, zig-zag
                input.extend(varint(2 * GIB));
                input.resize(10, 0);
                input
            },
            |b| Lists::from_avro(b).is_err(),
        ),
    ];
    let baseline = ALLOCATOR.allocated();
    for (name, input, decode) in &cases {
        assert_eq!(input.len(), 10, "{name}");
        ALLOCATOR
            .set_limit(ALLOCATOR.allocated() + BUDGET)
            .expect("the limit is above what is allocated");
        let refused = decode(input);
        let used = ALLOCATOR.allocated();
        ALLOCATOR.set_limit(usize::MAX).expect("no limit");
        assert!(refused, "{name}: a 10-byte input declaring 1 GiB decoded");
        assert!(
            used <= baseline + BUDGET,
            "{name}: {used} bytes held after decoding"
        );
    }
}

//! Random values of the built-in types, biased towards the edge cases that break codecs: zero,
//! -1, the ends of every integer range, signed zeros and infinities (never NaN, which is not
//! equal to itself), empty and non-ASCII strings, empty and long bytes, instants and dates
//! across their whole range. Collections hold 0 to 3 elements.

use std::collections::BTreeMap;

use crate::{MAX_DEPTH, Rng};

/// Either one of `edges` or `random`, half the time each.
fn edge_or<T: Copy>(rng: &mut Rng, edges: &[T], random: impl FnOnce(&mut Rng) -> T) -> T {
    if rng.one_in(2) {
        rng.pick(edges)
    } else {
        random(rng)
    }
}

/// Random bits with a random number of them kept, so small and large magnitudes both occur.
fn some_bits(rng: &mut Rng) -> u64 {
    let keep = rng.below(65) as u32;
    rng.next_u64().checked_shr(64 - keep).unwrap_or(0)
}

/// A random `bool`.
pub fn boolean(rng: &mut Rng) -> bool {
    rng.one_in(2)
}

/// A random `i32`.
pub fn int32(rng: &mut Rng) -> i32 {
    edge_or(
        rng,
        &[0, -1, 1, i32::MIN, i32::MAX, 127, 128, -128],
        |rng| {
            let v = some_bits(rng) as i32;
            if rng.one_in(2) { v } else { v.wrapping_neg() }
        },
    )
}

/// A random `i64`.
pub fn int64(rng: &mut Rng) -> i64 {
    edge_or(
        rng,
        &[0, -1, 1, i64::MIN, i64::MAX, 1 << 53, -(1 << 53) - 1],
        |rng| {
            let v = some_bits(rng) as i64;
            if rng.one_in(2) { v } else { v.wrapping_neg() }
        },
    )
}

/// A random `u32`.
pub fn uint32(rng: &mut Rng) -> u32 {
    edge_or(rng, &[0, 1, u32::MAX, 127, 128], |rng| {
        some_bits(rng) as u32
    })
}

/// A random `u64`.
pub fn uint64(rng: &mut Rng) -> u64 {
    edge_or(rng, &[0, 1, u64::MAX, 1 << 63, (1 << 53) + 1], some_bits)
}

/// A random `f32`, never NaN.
pub fn float32(rng: &mut Rng) -> f32 {
    let edges = [
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN,
        f32::MAX,
        f32::MIN_POSITIVE,
        f32::EPSILON,
        f32::from_bits(1),
        16_777_217.0,
    ];
    edge_or(rng, &edges, |rng| {
        loop {
            let v = if rng.one_in(2) {
                f32::from_bits(rng.next_u64() as u32)
            } else {
                (int32(rng) as f32) / 1000.0
            };
            if !v.is_nan() {
                break v;
            }
        }
    })
}

/// A random `f64`, never NaN.
pub fn float64(rng: &mut Rng) -> f64 {
    let edges = [
        0.0,
        -0.0,
        1.0,
        -2.5,
        0.1,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::EPSILON,
        f64::from_bits(1),
        9_007_199_254_740_993.0,
    ];
    edge_or(rng, &edges, |rng| {
        loop {
            let v = if rng.one_in(2) {
                f64::from_bits(rng.next_u64())
            } else {
                (int64(rng) as f64) / 1000.0
            };
            if !v.is_nan() {
                break v;
            }
        }
    })
}

/// A random string: empty, ASCII, or mixed with multi-byte characters, escapes and controls.
pub fn string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        " ",
        "é",
        "ß",
        "日本",
        "🦀",
        "\u{0}",
        "\"",
        "\\",
        "\n",
        "\t",
        "\u{7f}",
        "\u{1f}",
        "\u{2028}",
        "\u{fffd}",
        "\u{10ffff}",
        "/",
        "<>",
        "&",
    ];
    match rng.below(6) {
        0 => String::new(),
        1 => (0..rng.below(12))
            .map(|_| char::from(b'a' + rng.below(26) as u8))
            .collect(),
        // Long enough for a two-byte length prefix.
        2 => "long text ".repeat(14 + rng.below(4) as usize),
        _ => (0..rng.below(8)).map(|_| rng.pick(PIECES)).collect(),
    }
}

/// Random bytes: empty, short, or long enough for a two-byte length prefix.
pub fn bytes(rng: &mut Rng) -> Vec<u8> {
    let len = match rng.below(4) {
        0 => 0,
        1 => 1 + rng.below(3),
        2 => rng.below(16),
        _ => 128 + rng.below(200),
    };
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

/// A random instant anywhere in `Timestamp`'s range (microseconds as an `i64`).
pub fn timestamp(rng: &mut Rng) -> trident::Timestamp {
    let micros = edge_or(
        rng,
        &[
            0,
            -1,
            1,
            i64::MIN,
            i64::MAX,
            999_999,
            -1_000_000,
            1_000_000,
            1_714_566_605_120_000,
        ],
        |rng| {
            if rng.one_in(2) {
                rng.next_u64() as i64
            } else {
                // Within a few thousand years of 1970.
                (rng.next_u64() % (200_000_000_000_000_000)) as i64 - 100_000_000_000_000_000
            }
        },
    );
    trident::Timestamp::from_unix_micros(micros)
}

/// A random date anywhere in `Date`'s range (days as an `i32`).
pub fn date(rng: &mut Rng) -> trident::Date {
    let days = edge_or(
        rng,
        &[0, -1, 1, i32::MIN, i32::MAX, -719_528, 2_932_896, 19_844],
        |rng| {
            if rng.one_in(2) {
                rng.next_u64() as i32
            } else {
                (rng.below(2_000_000) as i32) - 1_000_000
            }
        },
    );
    trident::Date::from_days_since_epoch(days)
}

/// A random UUID: nil, all ones, or random bits.
pub fn uuid(rng: &mut Rng) -> trident::Uuid {
    let bytes = match rng.below(4) {
        0 => [0; 16],
        1 => [0xff; 16],
        _ => {
            let (a, b) = (rng.next_u64(), rng.next_u64());
            let mut out = [0; 16];
            out[..8].copy_from_slice(&a.to_le_bytes());
            out[8..].copy_from_slice(&b.to_le_bytes());
            out
        }
    };
    trident::Uuid::from_bytes(bytes)
}

/// `None` or a value; always `None` at the depth limit.
pub fn option<T>(rng: &mut Rng, depth: u32, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
    if depth >= MAX_DEPTH || rng.one_in(2) {
        None
    } else {
        Some(f(rng))
    }
}

/// 0 to 3 values; none at the depth limit.
pub fn list<T>(rng: &mut Rng, depth: u32, mut f: impl FnMut(&mut Rng) -> T) -> Vec<T> {
    let len = if depth >= MAX_DEPTH { 0 } else { rng.below(4) };
    (0..len).map(|_| f(rng)).collect()
}

/// 0 to 3 entries with random keys; none at the depth limit.
pub fn map<T>(rng: &mut Rng, depth: u32, mut f: impl FnMut(&mut Rng) -> T) -> BTreeMap<String, T> {
    let len = if depth >= MAX_DEPTH { 0 } else { rng.below(4) };
    (0..len).map(|_| (string(rng), f(rng))).collect()
}

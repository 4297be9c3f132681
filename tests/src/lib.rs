//! Shared pieces of the workspace-level tests.
//!
//! The build script generates four files from the example schemas (and the coverage and
//! evolution schemas in `tests/schemas`): Trident's Rust types ([`ours`]), prost's types for the
//! `.proto` text Trident exports ([`reference`]), the [`scaffold`] that makes random values of
//! every record and union and converts them to prost's values independently of Trident's
//! encoder, and the [`avro_scaffold`] that converts them to apache-avro's generic values. They
//! live in this library so that every test binary shares one compiled copy.
//!
//! The tests themselves are in `tests/`: `protobuf_interop` (Trident against prost, byte for
//! byte), `avro_interop`, `avro_containers` and `avro_evolution` (Trident against apache-avro),
//! `json_mapping` (the JSON mapping of the design), `decode_robustness` and `avro_robustness`
//! (hostile input), `bad_inputs` (the checked-in corpus of bad inputs in `bad-inputs/`, each
//! with the exact error it must produce), `limits` (the decode limits of every format), `memory`
//! (inputs declaring a gigabyte, decoded under a capped allocator), `size` (`trident size`'s
//! encoder against the generated code) and `tidy` (repository hygiene).

pub mod avro;
pub mod fixtures;
pub mod values;
pub mod wire;

/// Trident's generated types.
#[allow(missing_docs)]
pub mod ours {
    include!(concat!(env!("OUT_DIR"), "/ours.rs"));
}

/// prost's generated types for the exported `.proto` files: the reference implementation.
#[allow(missing_docs, deprecated, clippy::all)]
pub mod reference {
    include!(concat!(env!("OUT_DIR"), "/prost/_prost.rs"));
}

/// Random values of every record and union, and their prost counterparts.
#[allow(deprecated, clippy::all)]
pub mod scaffold {
    include!(concat!(env!("OUT_DIR"), "/scaffold.rs"));
}

/// apache-avro's generic values of every record, enum and union.
#[allow(deprecated, clippy::all)]
pub mod avro_scaffold {
    include!(concat!(env!("OUT_DIR"), "/avro_scaffold.rs"));
}

/// How deep generated values nest before lists, maps and optionals are left empty.
pub const MAX_DEPTH: u32 = 3;

/// A small, fast, deterministic random number generator (splitmix64), seeded by proptest.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose whole output follows from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// One of `items`, chosen uniformly.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Converts a value into the type a context expects, adding a `Box` when the target is boxed.
///
/// Trident and prost box recursive fields by different rules; converting through this trait
/// lets type inference pick the right impl instead of the scaffold having to know either rule.
pub trait IntoTarget<T> {
    /// The value as `T`.
    fn into_target(self) -> T;
}

impl<T> IntoTarget<T> for T {
    fn into_target(self) -> T {
        self
    }
}

impl<T> IntoTarget<Box<T>> for T {
    fn into_target(self) -> Box<T> {
        Box::new(self)
    }
}

/// A generated record or union with its random generator and its prost counterpart.
pub trait Sample: trident::Message {
    /// prost's type for the same schema type.
    type Reference: prost::Message + Clone + PartialEq + Default + std::fmt::Debug;

    /// A random value; `depth` is how deep it already is inside another value.
    fn generate(rng: &mut Rng, depth: u32) -> Self;

    /// prost's value for the same logical value.
    fn to_reference(&self) -> Self::Reference;
}

/// A generated record or union with its apache-avro counterpart.
pub trait AvroSample: Sample {
    /// apache-avro's generic value for the same logical value, built from the documented
    /// mapping rather than by Trident's encoder.
    fn to_avro_value(&self) -> apache_avro::types::Value;
}

/// The settings of the workspace's property tests: `cases` cases, and no failure files (a
/// failing seed is printed instead).
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// Defines one property test per record and union: `proptest_per_message!(check, CASES)` calls
/// `check::<Type>(seed)` with a random `u64`, and `proptest_per_message!(check, CASES, STRATEGY)`
/// calls `check::<Type>(input)` with values of the strategy. Use it once per module: the tests
/// are named after the types.
#[macro_export]
macro_rules! proptest_per_message {
    ($check:ident, $cases:expr) => {
        $crate::proptest_per_message!($check, $cases, ::proptest::prelude::any::<u64>());
    };
    ($check:ident, $cases:expr, $input:expr) => {
        macro_rules! one_type {
            ($name:ident, $ty:ty) => {
                ::proptest::proptest! {
                    #![proptest_config($crate::proptest_config($cases))]
                    #[test]
                    fn $name(input in $input) {
                        $check::<$ty>(input)?;
                    }
                }
            };
        }
        $crate::for_each_message!(one_type);
    };
}

/// A random value of `T` for the given seed.
pub fn sample<T: Sample>(seed: u64) -> T {
    T::generate(&mut Rng::new(seed), 0)
}

/// A random value of `T` for the given seed, for JSON tests.
pub fn json_sample<T: Sample>(seed: u64) -> T {
    T::generate(&mut Rng::new(seed), 0)
}

/// The hyphenated lower-case text of a UUID, written here rather than by Trident.
pub fn hyphenated(uuid: &trident::Uuid) -> String {
    let mut out = String::with_capacity(36);
    for (i, byte) in uuid.as_bytes().iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// `google.protobuf.Timestamp` for an instant: seconds rounded down and the nanoseconds after
/// them, computed here from the microsecond count rather than by Trident.
pub fn timestamp_to_prost(timestamp: trident::Timestamp) -> prost_types::Timestamp {
    let micros = timestamp.unix_micros();
    prost_types::Timestamp {
        seconds: micros.div_euclid(1_000_000),
        nanos: (micros.rem_euclid(1_000_000) * 1_000) as i32,
    }
}

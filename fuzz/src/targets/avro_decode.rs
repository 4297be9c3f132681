//! The `avro_decode` target: the Avro decoders of every generated record and union of the example
//! and test schemas. The first byte picks the type, the second how to decode, the rest is the
//! input:
//!
//! - `from_avro` (the type's own schema), and an `AvroDecoder` made for the type's own schema,
//!   which must agree;
//! - `from_avro_single_object`, with a schema store that knows every type's schema (so a
//!   fingerprint of another type is resolved against this one);
//! - the input as an object container file read by `ContainerReader`: a header with any writer
//!   schema and codec (null or deflate), then blocks of values.
//!
//! Errors are fine; a panic, an abort, a timeout or running out of memory is a bug. Every value
//! decoded passes [`check_value`](crate::check_value) (round trips in every format).

use std::sync::OnceLock;

use trident::{AvroDecoder, ContainerReader, Message, SchemaStore};

use crate::{TYPES, Visit, agree, check_value, visit};

/// The most container values checked per input, so that one input stays fast.
const MAX_CONTAINER_VALUES: usize = 64;

struct Decode<'a> {
    mode: u8,
    input: &'a [u8],
}

impl Visit for Decode<'_> {
    type Output = ();

    fn visit<T: Message>(self) {
        let input = self.input;
        match self.mode % 3 {
            0 => {
                let direct = T::from_avro(input);
                let decoder = AvroDecoder::<T>::new(&T::avro_type_schema().schema)
                    .expect("a type's own schema resolves");
                agree("from_avro and AvroDecoder", &direct, &decoder.decode(input));
                if let Ok(value) = direct {
                    check_value(&value);
                }
            }
            1 => {
                if let Ok(value) = T::from_avro_single_object(input, store()) {
                    check_value(&value);
                }
            }
            _ => {
                let Ok(reader) = ContainerReader::<T>::new(input) else {
                    return;
                };
                for value in reader.take(MAX_CONTAINER_VALUES) {
                    match value {
                        Ok(value) => check_value(&value),
                        Err(_) => break,
                    }
                }
            }
        }
    }
}

/// Puts a type's schema into the store.
struct Register<'a>(&'a mut SchemaStore);

impl Visit for Register<'_> {
    type Output = ();

    fn visit<T: Message>(self) {
        self.0.insert(T::avro_type_schema().schema.clone());
    }
}

/// Every type's schema, by fingerprint.
fn store() -> &'static SchemaStore {
    static STORE: OnceLock<SchemaStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = SchemaStore::new();
        for i in 0..TYPES.len() {
            visit(i, Register(&mut store));
        }
        store
    })
}

/// Runs one input.
pub fn run(data: &[u8]) {
    if let [pick, mode, input @ ..] = data {
        visit(usize::from(*pick), Decode { mode: *mode, input });
    }
}

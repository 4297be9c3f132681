//! The `avro_resolve` target, Avro schema resolution: data written with one schema, decoded as a
//! generated type of the example and test schemas whose schema differs. The input is
//!
//! - a byte that picks the reader type;
//! - a byte that picks the writer's starting schema: the reader's own (high bit clear) or another
//!   type's;
//! - a byte `n`, then `n % 5` mutations of that schema, three bytes each (see
//!   [`writer_schema`](crate::writer_schema)), which evolve it the ways schemas evolve;
//! - the data, decoded with `from_avro_written_with` and an `AvroDecoder` for the writer's schema,
//!   which must agree.
//!
//! A writer schema that does not parse or does not resolve is fine, and so is data that does not
//! decode; a panic, an abort, a timeout or running out of memory is a bug. Every value decoded
//! passes [`check_value`](crate::check_value) (round trips in every format).

use std::sync::OnceLock;

use serde_json::Value;
use trident::{AvroDecoder, AvroSchema, Message};

use crate::writer_schema::{MUTATION_LEN, mutate};
use crate::{TYPES, Visit, agree, check_value, visit};

/// The Avro schema of the type visited, as JSON.
struct SchemaOf;

impl Visit for SchemaOf {
    type Output = Value;

    fn visit<T: Message>(self) -> Value {
        serde_json::from_str(T::AVRO_SCHEMA).expect("a generated Avro schema is JSON")
    }
}

/// Every type's Avro schema, parsed once.
fn schemas() -> &'static [Value] {
    static SCHEMAS: OnceLock<Vec<Value>> = OnceLock::new();
    SCHEMAS.get_or_init(|| (0..TYPES.len()).map(|i| visit(i, SchemaOf)).collect())
}

struct Resolve<'a> {
    writer: &'a AvroSchema,
    data: &'a [u8],
}

impl Visit for Resolve<'_> {
    type Output = ();

    fn visit<T: Message>(self) {
        let Ok(decoder) = AvroDecoder::<T>::new(self.writer) else {
            return;
        };
        let decoded = decoder.decode(self.data);
        agree(
            "AvroDecoder and from_avro_written_with",
            &decoded,
            &T::from_avro_written_with(self.data, self.writer),
        );
        if let Ok(value) = decoded {
            check_value(&value);
        }
    }
}

/// Runs one input.
pub fn run(data: &[u8]) {
    let [reader, writer, count, rest @ ..] = data else {
        return;
    };
    let reader = usize::from(*reader);
    let base = if writer & 0x80 == 0 {
        reader
    } else {
        usize::from(writer & 0x7f)
    };
    let ops_len = (usize::from(*count) % 5) * MUTATION_LEN;
    let Some((ops, data)) = rest.split_at_checked(ops_len) else {
        return;
    };
    let mut json = schemas()[base % TYPES.len()].clone();
    mutate(&mut json, ops);
    let Ok(writer) = AvroSchema::parse(&json) else {
        return;
    };
    visit(
        reader,
        Resolve {
            writer: &writer,
            data,
        },
    );
}

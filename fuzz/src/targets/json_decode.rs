//! The `json_decode` target: the JSON decoder of every generated record and union of the example
//! and test schemas. The first byte picks the type, the second how to decode (`from_json_slice`, or
//! `from_json` on text, which must agree with it, and serde's `Deserialize` through serde_json,
//! which must not panic), the rest is the input. Whatever the direct reader accepts on its own,
//! serde's `Deserialize` must accept with the same value: the reader may only decline.
//!
//! Errors are fine; a panic, an abort, a timeout or running out of memory is a bug. Every value
//! decoded passes [`check_value`](crate::check_value) (round trips in every format).

use trident::Message;
use trident::json::JsonReader;

use crate::{Visit, agree, check_value, visit};

struct Decode<'a> {
    mode: u8,
    input: &'a [u8],
}

impl Visit for Decode<'_> {
    type Output = ();

    fn visit<T: Message>(self) {
        let decoded = T::from_json_slice(self.input);
        if self.mode % 2 == 1 {
            if let Ok(text) = std::str::from_utf8(self.input) {
                agree(
                    "from_json and from_json_slice",
                    &decoded,
                    &T::from_json(text),
                );
            }
            let serde = serde_json::from_slice::<T>(self.input);
            let mut reader = JsonReader::new(self.input, 1 << 20);
            if let Ok(direct) = T::read_json(&mut reader)
                && reader.at_end()
            {
                match serde {
                    // Compared as JSON text, which tells NaN and -0.0 apart.
                    Ok(serde) => assert_eq!(
                        direct.to_json(),
                        serde.to_json(),
                        "the direct reader and serde disagree"
                    ),
                    Err(e) => panic!("the direct reader accepts what serde rejects: {e}"),
                }
            }
        }
        if let Ok(value) = decoded {
            check_value(&value);
        }
    }
}

/// Runs one input.
pub fn run(data: &[u8]) {
    if let [pick, mode, input @ ..] = data {
        visit(usize::from(*pick), Decode { mode: *mode, input });
    }
}

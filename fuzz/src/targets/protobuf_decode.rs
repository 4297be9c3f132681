//! The `protobuf_decode` target: the protobuf decoder of every generated record and union of the
//! example and test schemas. The first byte picks the type, the second how to decode, the rest is
//! the input:
//!
//! - `from_protobuf`, and prost's `Message::decode` (the bridge), which must agree;
//! - decoding the input in two pieces, the second merged into the first with `merge_protobuf_with`,
//!   which must give what decoding it whole gives (protobuf's concatenation rule);
//! - decoding with a small nesting limit.
//!
//! Errors are fine; a panic, an abort, a timeout or running out of memory is a bug. Every value
//! decoded passes [`check_value`](crate::check_value) (round trips in every format).

use trident::{DecodeOptions, Message};

use crate::{Visit, agree, check_value, same, visit};

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
                let ours = T::from_protobuf(input);
                let bridged = <T as prost::Message>::decode(input);
                agree("from_protobuf and prost's decode", &ours, &bridged);
                if let Ok(value) = ours {
                    check_value(&value);
                }
            }
            1 => {
                let at = usize::from(self.mode >> 2) % (input.len() + 1);
                let (first, second) = input.split_at(at);
                let Ok(mut merged) = T::from_protobuf(first) else {
                    return;
                };
                if merged
                    .merge_protobuf_with(second, DecodeOptions::default())
                    .is_err()
                {
                    return;
                }
                let whole = T::from_protobuf(input).unwrap_or_else(|e| {
                    panic!("both pieces decode, but the whole input does not: {e}")
                });
                assert!(
                    same(&merged, &whole),
                    "merging the second piece gives another value than decoding the whole\nmerged: {merged:?}\nwhole:  {whole:?}"
                );
                check_value(&whole);
            }
            _ => {
                let mut options = DecodeOptions::default();
                options.max_depth = u32::from(self.mode >> 2) % 8;
                if let Ok(value) = T::from_protobuf_with(input, options) {
                    check_value(&value);
                }
            }
        }
    }
}

/// Runs one input.
pub fn run(data: &[u8]) {
    if let [pick, mode, input @ ..] = data {
        visit(usize::from(*pick), Decode { mode: *mode, input });
    }
}

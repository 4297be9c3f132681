//! Where the encoder gets the length of a nested message.
//!
//! A message field is written as its length and then its fields, so an encoder that works the
//! length out when it reaches the field walks every nested message once per level above it:
//! a tree of depth 12 is measured 12 times. [`Message::encode_protobuf`](crate::Message) instead
//! measures the whole value once, [`Record`]ing every nested message's length in the order the
//! encoder meets them, and then writes it, [`Replay`]ing those lengths. [`Direct`] measures on the
//! spot, for callers that encode without the first pass (`prost::Message`, map values).
//!
//! The order is the same in both passes because `fields_len_in` and `encode_fields_in` visit the
//! same fields in the same order (by field number, list elements in order), and a message writes
//! its own length before its fields'. Should the recorded lengths run out anyway, [`Replay`]
//! measures on the spot rather than fail.

use std::cell::Cell;

use super::ProtoMessage;

/// A source of nested message lengths.
pub trait Lens {
    /// The length of `message`'s fields (without its own length prefix).
    fn message_len<M: ProtoMessage>(&mut self, message: &M) -> usize;
}

/// Measures every nested message where it is met.
#[derive(Clone, Copy, Debug, Default)]
pub struct Direct;

impl Lens for Direct {
    #[inline]
    fn message_len<M: ProtoMessage>(&mut self, message: &M) -> usize {
        message.fields_len_in(&mut Direct)
    }
}

/// Measures every nested message once and records its length, parents before children.
#[derive(Debug)]
pub struct Record<'a>(pub &'a mut Vec<usize>);

impl Lens for Record<'_> {
    #[inline]
    fn message_len<M: ProtoMessage>(&mut self, message: &M) -> usize {
        let slot = self.0.len();
        self.0.push(0);
        let len = message.fields_len_in(self);
        self.0[slot] = len;
        len
    }
}

/// Hands out the lengths a [`Record`] pass wrote, in the same order.
#[derive(Debug)]
pub struct Replay<'a> {
    lens: &'a [usize],
    next: usize,
}

impl<'a> Replay<'a> {
    /// Replays `lens` from the start.
    pub fn new(lens: &'a [usize]) -> Replay<'a> {
        Replay { lens, next: 0 }
    }
}

impl Lens for Replay<'_> {
    #[inline]
    fn message_len<M: ProtoMessage>(&mut self, message: &M) -> usize {
        match self.lens.get(self.next) {
            Some(&len) => {
                self.next += 1;
                len
            }
            None => message.fields_len_in(&mut Direct),
        }
    }
}

thread_local! {
    /// The record buffer, reused across calls on one thread.
    static LENGTHS: Cell<Vec<usize>> = const { Cell::new(Vec::new()) };
}

/// Above this many recorded lengths the buffer is not kept for the next call.
const KEEP_AT_MOST: usize = 1 << 16;

/// Runs `f` with the lengths of every nested message of `message` recorded: `f` gets the length
/// of the message's fields and a [`Replay`] of the nested lengths.
pub fn with_lengths<M: ProtoMessage, T>(
    message: &M,
    f: impl FnOnce(usize, &mut Replay<'_>) -> T,
) -> T {
    // Taking the buffer out of the cell leaves an empty one behind, so a call that starts
    // while this one runs (from inside `f`) gets its own buffer. While the thread is being torn
    // down the cell may be gone: then a fresh buffer serves, and is dropped.
    let mut lens = LENGTHS.try_with(Cell::take).unwrap_or_default();
    lens.clear();
    let len = message.fields_len_in(&mut Record(&mut lens));
    let result = f(len, &mut Replay::new(&lens));
    if lens.capacity() <= KEEP_AT_MOST {
        // Failing only when the thread is being torn down, when there is nothing to keep it for.
        let _ = LENGTHS.try_with(|cell| cell.set(lens));
    }
    result
}

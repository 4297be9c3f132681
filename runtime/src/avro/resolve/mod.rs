//! Avro schema resolution: reading data written with a writer's schema as a reader's schema.
//!
//! [`Resolution::new`] compares the two schemas once and builds a plan; [`Resolution::transcode`]
//! then reads each datum in the writer's encoding and writes the same datum in the reader's
//! encoding, which the reader's decoder (generated code) reads as if nothing had changed.
//!
//! The rules are the specification's "Schema Resolution" section:
//!
//! - Named types match by their unqualified names, or when one of the reader type's aliases
//!   (resolved against the reader type's namespace) is the writer type's full name, which is how
//!   the specification's "rewriting the writer's schema" with the reader's aliases works out.
//!   Writer aliases are ignored. Fixed types also need the same size.
//! - Promotions: `int` to `long`, `float` or `double`; `long` to `float` or `double`; `float` to
//!   `double`; `string` to `bytes` and `bytes` to `string` (which checks UTF-8). Logical types
//!   resolve as their underlying types, except that two valid `decimal`s match only with the same
//!   precision and scale (the specification's "Decimal" section; Java checks only the underlying
//!   type).
//! - Records: fields match by name, then a reader field that is still unmatched matches a
//!   writer field named by one of its aliases (one writer field feeds at most one reader field).
//!   Writer-only fields are skipped. A reader-only field takes its default, encoded with the
//!   reader's type (a union's default is encoded with the first branch it fits; `bytes` and
//!   `fixed` defaults are strings of code points 0–255); without a default, or with one that fits
//!   no branch of the type, the schemas do not resolve.
//! - Enums: symbols match by name; a writer symbol the reader lacks becomes the reader enum's
//!   `default`, or is an error for the datum that holds it (an enum-level default, not a field
//!   default).
//! - Unions: each writer branch is read as the first reader branch that *matches* it (the
//!   specification's shallow match, not "the first branch that resolves completely", which is
//!   what Java and apache-avro check), and a non-union writer as the first matching reader
//!   branch. A writer branch that cannot be read is an error only for the data that uses it;
//!   if no branch of a non-empty writer union can be read, the schemas do not resolve.
//!
//! Arrays and maps are written as one block (or just the end marker when empty) whatever blocks
//! the writer used. Errors name the path in the *writer's* terms: the writer's field names (a
//! skipped field has no reader name), indexes and map keys.

mod default;
mod plan;

use std::fmt;

use super::binary::{AvroReader, encode_bytes, encode_long};
use super::schema::Schema;
use crate::error::{DecodeError, DecodeErrorKind, Format};
use plan::{Branch, Builder, Piece, RecordOp, RecordStep, Step, StepId};

/// The schemas do not resolve: the reader cannot read any data written with the writer's schema
/// (or reading it would fail for every datum).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    /// Where, innermost first while the error travels outwards.
    context: Vec<String>,
    message: String,
}

impl ResolveError {
    fn new(message: impl Into<String>) -> ResolveError {
        ResolveError {
            context: Vec::new(),
            message: message.into(),
        }
    }

    fn within(mut self, context: impl Into<String>) -> ResolveError {
        self.context.push(context.into());
        self
    }

    /// What cannot be resolved, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where the problem is, outermost first: `field `order` of record acme.Envelope`, ...
    pub fn path(&self) -> impl Iterator<Item = &str> {
        self.context.iter().rev().map(String::as_str)
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for context in self.path() {
            write!(f, "{context}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveError {}

/// A plan for reading data written with one schema as another, built once per pair of schemas
/// and reusable for every datum (and across threads).
#[derive(Clone, Debug)]
pub struct Resolution {
    steps: Vec<Step>,
    root: StepId,
}

impl Resolution {
    /// Compares the writer's schema with the reader's and builds the plan, or says why data
    /// written with `writer` can never be read as `reader`. Problems that depend on the data (a
    /// writer enum symbol the reader lacks, a writer union branch the reader cannot read) are
    /// reported by [`Resolution::transcode`] for the data that has them.
    pub fn new(writer: &Schema, reader: &Schema) -> Result<Resolution, ResolveError> {
        let mut builder = Builder::new(writer, reader);
        let root = builder.resolve(writer.root(), reader.root())?;
        Ok(Resolution {
            steps: builder.into_steps(),
            root,
        })
    }

    /// Whether every datum the writer's schema allows can be read: `false` when some writer union
    /// branch has no readable reader branch, or some writer enum symbol is neither a reader
    /// symbol nor covered by the reader's enum default. [`Resolution::transcode`] then fails for
    /// the data that uses those (and only for it). Java's `SchemaCompatibility` calls the pair
    /// compatible when this is `true`.
    pub fn is_complete(&self) -> bool {
        self.steps.iter().all(|step| match step {
            Step::Fail(_) => false,
            Step::Enum(e) => e.map.iter().all(Option::is_some),
            Step::WriterUnion { branches, .. } => {
                branches.iter().all(|b| matches!(b, Branch::Read { .. }))
            }
            _ => true,
        })
    }

    /// Reads one datum written with the writer's schema and appends the same datum encoded with
    /// the reader's schema. It does not check that the input ends after the datum
    /// ([`AvroReader::finish`] does). On error, `out` is left as it was.
    ///
    /// The input's limits apply: each record of the writer's data (read or skipped) is one level
    /// of [`AvroReader::nested`] (as in direct decoding, where records count and lists, maps and
    /// unions do not: every recursion passes through a record), and block counts are checked with
    /// [`AvroReader::read_block_count`] against the smallest encoding of the writer's items.
    /// An array or map of items that take no bytes (nulls, empty records) may also have at most
    /// [`crate::avro::AvroOptions::max_zero_size_items`] items in all, since the reader's encoding of each may
    /// take bytes.
    pub fn transcode(
        &self,
        input: &mut AvroReader<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), DecodeError> {
        let len = out.len();
        let result = self.run(self.root, input, out);
        if result.is_err() {
            out.truncate(len);
        }
        result
    }

    fn run(
        &self,
        id: StepId,
        input: &mut AvroReader<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), DecodeError> {
        let Some(step) = self.steps.get(id) else {
            return Err(input.error(DecodeErrorKind::InvalidValue(
                "invalid resolution plan".to_owned(),
            )));
        };
        match step {
            Step::Null => {}
            Step::Boolean => out.push(u8::from(input.read_bool()?)),
            Step::Int => encode_long(i64::from(input.read_int()?), out),
            Step::IntToLong => encode_long(i64::from(input.read_int()?), out),
            Step::IntToFloat => out.extend_from_slice(&(input.read_int()? as f32).to_le_bytes()),
            Step::IntToDouble => out.extend_from_slice(&f64::from(input.read_int()?).to_le_bytes()),
            Step::Long => encode_long(input.read_long()?, out),
            Step::LongToFloat => out.extend_from_slice(&(input.read_long()? as f32).to_le_bytes()),
            Step::LongToDouble => out.extend_from_slice(&(input.read_long()? as f64).to_le_bytes()),
            Step::Float => out.extend_from_slice(&input.read_array::<4>()?),
            Step::FloatToDouble => {
                let value = f32::from_le_bytes(input.read_array::<4>()?);
                out.extend_from_slice(&f64::from(value).to_le_bytes());
            }
            Step::Double => out.extend_from_slice(&input.read_array::<8>()?),
            Step::Bytes => encode_bytes(input.read_bytes()?, out),
            Step::String => encode_bytes(input.read_str()?.as_bytes(), out),
            Step::Fixed(size) => out.extend_from_slice(input.read_fixed(*size)?),
            Step::Enum(e) => {
                let start = input.position();
                let index = input.read_int()?;
                let found = usize::try_from(index)
                    .ok()
                    .and_then(|i| Some((i, e.map.get(i)?)));
                match found {
                    Some((_, Some(reader_index))) => encode_long(i64::from(*reader_index), out),
                    Some((i, None)) => {
                        return Err(invalid(
                            start,
                            format!(
                                "the writer's symbol `{}` is not a symbol of the reader's enum {}, \
                                 which has no default",
                                e.writer_symbols.get(i).map_or("?", String::as_str),
                                e.reader_name
                            ),
                        ));
                    }
                    None => {
                        return Err(invalid(
                            start,
                            format!("enum symbol index {index} does not exist"),
                        ));
                    }
                }
            }
            Step::Array {
                items,
                min_item_size,
            } => {
                self.array(*items, *min_item_size, input, out)?;
            }
            Step::Map {
                values,
                min_value_size,
            } => {
                self.map(*values, *min_value_size, input, out)?;
            }
            Step::Record(record) => input.nested(|input| self.record(record, input, out))?,
            Step::WriterUnion {
                branches,
                label_branches,
            } => {
                let start = input.position();
                let index = input.read_long()?;
                match usize::try_from(index).ok().and_then(|i| branches.get(i)) {
                    Some(Branch::Read {
                        reader_index,
                        step,
                        label,
                    }) => {
                        if let Some(reader_index) = reader_index {
                            encode_long(*reader_index as i64, out);
                        }
                        self.run(*step, input, out).map_err(|e| {
                            if *label_branches {
                                e.in_field(label)
                            } else {
                                e
                            }
                        })
                    }
                    Some(Branch::Fail(message)) => Err(invalid(start, message.clone())),
                    None => Err(invalid(
                        start,
                        format!("union branch {index} does not exist"),
                    )),
                }?
            }
            Step::ReaderUnion { index, step } => {
                encode_long(*index as i64, out);
                self.run(*step, input, out)?;
            }
            Step::Fail(message) => {
                return Err(input.error(DecodeErrorKind::InvalidValue(message.clone())));
            }
            Step::SkipInt => {
                input.read_int()?;
            }
            Step::SkipLong => {
                input.read_long()?;
            }
            Step::SkipBytes => {
                input.read_bytes()?;
            }
            Step::SkipFixed(size) => {
                input.read_fixed(*size)?;
            }
            Step::SkipEnum(symbols) => {
                let start = input.position();
                let index = input.read_int()?;
                if usize::try_from(index).map_or(true, |i| i >= *symbols) {
                    return Err(invalid(
                        start,
                        format!("enum symbol index {index} does not exist"),
                    ));
                }
            }
            Step::SkipArray {
                items,
                min_item_size,
            } => {
                self.blocks(*min_item_size, input, |input, i| {
                    self.run(*items, input, out).map_err(|e| e.at_index(i))
                })?;
            }
            Step::SkipMap {
                values,
                min_value_size,
            } => {
                self.blocks(min_value_size.saturating_add(1), input, |input, _| {
                    let key = input.read_str()?;
                    self.run(*values, input, out).map_err(|e| e.at_key(key))
                })?;
            }
            Step::SkipRecord(fields) => input.nested(|input| {
                for (name, step) in fields {
                    self.run(*step, input, out).map_err(|e| e.in_field(name))?;
                }
                Ok(())
            })?,
            Step::SkipUnion(branches) => {
                let start = input.position();
                let index = input.read_long()?;
                match usize::try_from(index).ok().and_then(|i| branches.get(i)) {
                    Some((label, step)) => {
                        self.run(*step, input, out).map_err(|e| e.in_field(label))
                    }
                    None => Err(invalid(
                        start,
                        format!("union branch {index} does not exist"),
                    )),
                }
            }?,
        }
        Ok(())
    }

    /// Reads the blocks of an array or map, calling `item` for each item with its index.
    fn blocks<'a>(
        &self,
        min_item_size: usize,
        input: &mut AvroReader<'a>,
        mut item: impl FnMut(&mut AvroReader<'a>, usize) -> Result<(), DecodeError>,
    ) -> Result<usize, DecodeError> {
        // The reader bounds each block; the whole array of zero-size items is bounded too, or
        // many small blocks could each claim the most items (and reader defaults could multiply
        // them in the output).
        let limit = input.options().max_zero_size_items;
        let mut total = 0usize;
        loop {
            let start = input.position();
            let count = input.read_block_count(min_item_size)?;
            if count == 0 {
                return Ok(total);
            }
            if min_item_size == 0 && total.saturating_add(count) > limit {
                return Err(invalid(
                    start,
                    format!("more than {limit} items that take no bytes in one array or map"),
                ));
            }
            for _ in 0..count {
                item(input, total)?;
                total += 1;
            }
        }
    }

    fn array(
        &self,
        items: StepId,
        min_item_size: usize,
        input: &mut AvroReader<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), DecodeError> {
        let start = out.len();
        let count = self.blocks(min_item_size, input, |input, i| {
            self.run(items, input, out).map_err(|e| e.at_index(i))
        })?;
        finish_block(out, start, count);
        Ok(())
    }

    fn map(
        &self,
        values: StepId,
        min_value_size: usize,
        input: &mut AvroReader<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), DecodeError> {
        let start = out.len();
        // A key takes at least its length byte.
        let count = self.blocks(min_value_size.saturating_add(1), input, |input, _| {
            let key = input.read_str()?;
            encode_bytes(key.as_bytes(), out);
            self.run(values, input, out).map_err(|e| e.at_key(key))
        })?;
        finish_block(out, start, count);
        Ok(())
    }

    fn record(
        &self,
        record: &RecordStep,
        input: &mut AvroReader<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), DecodeError> {
        match record {
            RecordStep::Stream(ops) => {
                for op in ops {
                    match op {
                        RecordOp::Field { name, step } => {
                            self.run(*step, input, out).map_err(|e| e.in_field(name))?;
                        }
                        RecordOp::Bytes(bytes) => out.extend_from_slice(bytes),
                    }
                }
            }
            RecordStep::Reorder {
                fields,
                slots,
                pieces,
            } => {
                let start = out.len();
                let mut ranges = vec![(0, 0); *slots];
                for (name, step, slot) in fields {
                    let from = out.len() - start;
                    self.run(*step, input, out).map_err(|e| e.in_field(name))?;
                    if let Some(range) = slot.and_then(|slot| ranges.get_mut(slot)) {
                        *range = (from, out.len() - start);
                    }
                }
                let written = out.split_off(start);
                for piece in pieces {
                    match piece {
                        Piece::Slot(slot) => {
                            let (from, to) = ranges.get(*slot).copied().unwrap_or_default();
                            out.extend_from_slice(written.get(from..to).unwrap_or_default());
                        }
                        Piece::Bytes(bytes) => out.extend_from_slice(bytes),
                    }
                }
            }
        }
        Ok(())
    }
}

fn invalid(offset: usize, message: String) -> DecodeError {
    DecodeError::new(
        Format::Avro,
        DecodeErrorKind::InvalidValue(message),
        Some(offset),
    )
}

/// Turns the items written since `start` into one block: the count before them, then the end
/// marker (just the end marker when there are none).
fn finish_block(out: &mut Vec<u8>, start: usize, count: usize) {
    if count > 0 {
        let mut prefix = Vec::with_capacity(10);
        encode_long(count as i64, &mut prefix);
        out.splice(start..start, prefix);
    }
    encode_long(0, out);
}

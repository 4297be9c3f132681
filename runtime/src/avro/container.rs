//! Avro object container files: a header with the schema and codec, then blocks of values,
//! each followed by the file's sync marker. Files written here open in every Avro
//! implementation; files written elsewhere are read with their own schema resolved against the
//! reader's type.

use std::io::{Read, Write};
use std::marker::PhantomData;

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use super::binary::{AvroOptions, AvroReader, encode_bytes, encode_long};
use super::resolve::Resolution;
use super::schema::Schema;
use crate::error::{DecodeError, DecodeErrorKind, Format};
use crate::message::Message;

const MAGIC: &[u8; 4] = b"Obj\x01";

/// How the blocks of a container file are compressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Codec {
    /// No compression.
    Null,
    /// Raw deflate (RFC 1951), at the given level (0–9).
    Deflate(u32),
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Null => "null",
            Codec::Deflate(_) => "deflate",
        }
    }
}

/// Writes values of `T` into an Avro object container file.
///
/// Values are collected into blocks of about `block_size` bytes (64 KiB by default), which are
/// compressed and written as they fill; [`finish`](ContainerWriter::finish) writes the last one.
#[derive(Debug)]
pub struct ContainerWriter<T: Message, W: Write> {
    out: W,
    codec: Codec,
    sync: [u8; 16],
    block: Vec<u8>,
    count: usize,
    block_size: usize,
    _type: PhantomData<fn(&T)>,
}

impl<T: Message, W: Write> ContainerWriter<T, W> {
    /// Starts a file: writes the header with `T`'s schema and the codec.
    pub fn new(mut out: W, codec: Codec) -> std::io::Result<Self> {
        let sync = sync_marker();
        let mut header = Vec::new();
        header.extend_from_slice(MAGIC);
        encode_long(2, &mut header);
        encode_bytes(b"avro.schema", &mut header);
        encode_bytes(T::AVRO_SCHEMA.as_bytes(), &mut header);
        encode_bytes(b"avro.codec", &mut header);
        encode_bytes(codec.name().as_bytes(), &mut header);
        encode_long(0, &mut header);
        header.extend_from_slice(&sync);
        out.write_all(&header)?;
        Ok(ContainerWriter {
            out,
            codec,
            sync,
            block: Vec::new(),
            count: 0,
            block_size: 64 * 1024,
            _type: PhantomData,
        })
    }

    /// Sets the uncompressed size at which a block is written.
    pub fn block_size(mut self, bytes: usize) -> Self {
        self.block_size = bytes.max(1);
        self
    }

    /// Adds one value.
    pub fn append(&mut self, value: &T) -> std::io::Result<()> {
        crate::avro::AvroValue::write_avro(value, &mut self.block);
        self.count += 1;
        if self.block.len() >= self.block_size {
            self.flush_block()?;
        }
        Ok(())
    }

    /// Writes the values collected so far as a block.
    pub fn flush_block(&mut self) -> std::io::Result<()> {
        if self.count == 0 {
            return Ok(());
        }
        let data = match self.codec {
            Codec::Null => std::mem::take(&mut self.block),
            Codec::Deflate(level) => {
                let mut encoder = DeflateEncoder::new(Vec::new(), Compression::new(level.min(9)));
                encoder.write_all(&self.block)?;
                self.block.clear();
                encoder.finish()?
            }
        };
        let mut head = Vec::with_capacity(20);
        encode_long(self.count as i64, &mut head);
        encode_long(data.len() as i64, &mut head);
        self.out.write_all(&head)?;
        self.out.write_all(&data)?;
        self.out.write_all(&self.sync)?;
        self.count = 0;
        Ok(())
    }

    /// Writes the last block and returns the underlying writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.flush_block()?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A 16-byte marker that is different for every file.
fn sync_marker() -> [u8; 16] {
    use std::hash::{BuildHasher, Hasher};
    let mut out = [0; 16];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(i);
        if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            hasher.write_u128(elapsed.as_nanos());
        }
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    out
}

/// Limits for reading container files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ContainerOptions {
    /// Limits for decoding each value.
    pub values: AvroOptions,
    /// The largest a block may be once decompressed.
    pub max_block_size: usize,
}

impl Default for ContainerOptions {
    fn default() -> ContainerOptions {
        ContainerOptions {
            values: AvroOptions::default(),
            max_block_size: 64 << 20,
        }
    }
}

/// Reads values of `T` from an Avro object container file held in memory.
///
/// The file's own schema is the writer's schema: when it differs from `T`'s, each value is
/// resolved against `T`'s schema (Avro schema resolution) before it is decoded.
pub struct ContainerReader<'a, T: Message> {
    input: AvroReader<'a>,
    codec: String,
    sync: [u8; 16],
    resolution: Option<Resolution>,
    writer_schema: Schema,
    options: ContainerOptions,
    /// The current block (decompressed), and how many values are left in it.
    block: Vec<u8>,
    block_pos: usize,
    left: usize,
    failed: bool,
    _type: PhantomData<fn() -> T>,
}

impl<T: Message> std::fmt::Debug for ContainerReader<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContainerReader")
            .field("codec", &self.codec)
            .field("resolving", &self.resolution.is_some())
            .finish_non_exhaustive()
    }
}

fn container_error(offset: usize, message: impl Into<String>) -> DecodeError {
    DecodeError::new(
        Format::Avro,
        DecodeErrorKind::InvalidValue(message.into()),
        Some(offset),
    )
}

impl<'a, T: Message> ContainerReader<'a, T> {
    /// Reads the header of a container file.
    pub fn new(file: &'a [u8]) -> Result<Self, DecodeError> {
        Self::with_options(file, ContainerOptions::default())
    }

    /// Reads the header of a container file, with the given limits.
    pub fn with_options(file: &'a [u8], options: ContainerOptions) -> Result<Self, DecodeError> {
        let mut input = AvroReader::new(file, options.values);
        if input.read_array::<4>()? != *MAGIC {
            return Err(container_error(
                0,
                "not an Avro container file (no `Obj\\x01` magic)",
            ));
        }
        let mut schema_json = None;
        let mut codec = String::from("null");
        loop {
            let count = input.read_block_count(2)?;
            if count == 0 {
                break;
            }
            for _ in 0..count {
                let key = input.read_str()?;
                let value = input.read_bytes()?;
                match key {
                    "avro.schema" => schema_json = Some(value),
                    "avro.codec" => {
                        codec = std::str::from_utf8(value)
                            .map_err(|_| {
                                container_error(input.position(), "avro.codec is not UTF-8")
                            })?
                            .to_owned();
                    }
                    _ => {}
                }
            }
        }
        let sync = input.read_array::<16>()?;
        let schema_json = schema_json
            .ok_or_else(|| container_error(input.position(), "the header has no avro.schema"))?;
        let text = std::str::from_utf8(schema_json)
            .map_err(|_| container_error(0, "avro.schema is not UTF-8"))?;
        let writer_schema =
            Schema::parse_str(text).map_err(|e| container_error(0, format!("avro.schema: {e}")))?;
        if codec != "null" && codec != "deflate" {
            return Err(container_error(
                0,
                format!("codec `{codec}` is not supported (null and deflate are)"),
            ));
        }
        let reader_schema = T::avro_type_schema();
        let resolution = if writer_schema.fingerprint() == reader_schema.fingerprint {
            None
        } else {
            let resolution =
                Resolution::new(&writer_schema, &reader_schema.schema).map_err(|e| {
                    container_error(0, format!("cannot read this file as {}: {e}", T::FULL_NAME))
                })?;
            Some(resolution)
        };
        Ok(ContainerReader {
            input,
            codec,
            sync,
            resolution,
            writer_schema,
            options,
            block: Vec::new(),
            block_pos: 0,
            left: 0,
            failed: false,
            _type: PhantomData,
        })
    }

    /// The schema the file was written with.
    pub fn writer_schema(&self) -> &Schema {
        &self.writer_schema
    }

    /// Reads the next block into `self.block`; `Ok(false)` at the end of the file.
    fn next_block(&mut self) -> Result<bool, DecodeError> {
        if self.input.remaining() == 0 {
            return Ok(false);
        }
        let start = self.input.position();
        let count = self.input.read_long()?;
        let size = self.input.read_bytes()?;
        let count = usize::try_from(count)
            .map_err(|_| container_error(start, format!("negative block count {count}")))?;
        let data = match self.codec.as_str() {
            "deflate" => {
                let mut out = Vec::new();
                let limit = self.options.max_block_size as u64;
                DeflateDecoder::new(size)
                    .take(limit + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| container_error(start, format!("invalid deflate data: {e}")))?;
                if out.len() as u64 > limit {
                    return Err(container_error(
                        start,
                        format!("a block is larger than {limit} bytes once decompressed"),
                    ));
                }
                out
            }
            _ => size.to_vec(),
        };
        if self.input.read_array::<16>()? != self.sync {
            return Err(container_error(
                self.input.position(),
                "sync marker does not match the header's",
            ));
        }
        // Each value takes at least one byte unless the type can be empty.
        if count > data.len().max(self.options.values.max_zero_size_items) {
            return Err(container_error(
                start,
                format!("block claims {count} values in {} bytes", data.len()),
            ));
        }
        self.block = data;
        self.block_pos = 0;
        self.left = count;
        Ok(true)
    }

    fn next_value(&mut self) -> Result<Option<T>, DecodeError> {
        while self.left == 0 {
            if !self.next_block()? {
                return Ok(None);
            }
        }
        self.left -= 1;
        let mut reader = AvroReader::new(&self.block[self.block_pos..], self.options.values);
        let value = match &self.resolution {
            None => <T as crate::avro::AvroValue>::read_avro(&mut reader)?,
            Some(resolution) => {
                let mut resolved = Vec::new();
                resolution.transcode(&mut reader, &mut resolved)?;
                let mut resolved_reader = AvroReader::new(&resolved, self.options.values);
                let value = <T as crate::avro::AvroValue>::read_avro(&mut resolved_reader)
                    .map_err(DecodeError::without_offset)?;
                resolved_reader
                    .finish()
                    .map_err(DecodeError::without_offset)?;
                value
            }
        };
        self.block_pos += reader.position();
        if self.left == 0 && self.block_pos != self.block.len() {
            return Err(container_error(
                self.input.position(),
                "a block has bytes after its last value",
            ));
        }
        Ok(Some(value))
    }
}

impl<T: Message> Iterator for ContainerReader<'_, T> {
    type Item = Result<T, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let result = self
            .next_value()
            .map_err(|e| e.with_root(T::NAME))
            .transpose();
        if matches!(result, Some(Err(_))) {
            self.failed = true;
        }
        result
    }
}

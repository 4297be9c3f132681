//! Avro object container files across implementations: files Trident writes (null and deflate
//! codecs, several blocks) open in apache-avro with the expected values; files apache-avro
//! writes (with the reader's own schema and with an older one) open in Trident's
//! `ContainerReader`; and corrupt files (bad magic, a foreign sync marker, truncation, block
//! counts and sizes the file cannot hold, a deflate bomb, random damage) are errors, never
//! panics.

// The example schemas deprecate some types and fields; the tests use them on purpose.
#![allow(deprecated)]

use std::io::Write as _;

use apache_avro::types::Value;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use trident::{Codec, ContainerOptions, ContainerReader, ContainerWriter, DecodeError, Message};
use trident_tests::avro::{apache_schema, bytes, long};
use trident_tests::ours::evolution::v2::Point;
use trident_tests::ours::testing::coverage::Scalars;
use trident_tests::{AvroSample, Rng, proptest_config, sample};

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

// ---------------------------------------------------------------------------------------------
// The layout of a container file, read independently of both implementations

/// Where the parts of a valid container file are.
#[derive(Debug)]
struct Layout {
    /// The byte after the header (magic, metadata, sync marker).
    header_end: usize,
    sync: [u8; 16],
    metadata: Vec<(String, Vec<u8>)>,
    blocks: Vec<BlockLayout>,
}

#[derive(Debug)]
struct BlockLayout {
    /// Where the block (its count) starts.
    start: usize,
    count: i64,
    /// Where its data starts and ends.
    data: std::ops::Range<usize>,
}

fn read_long(input: &[u8], pos: &mut usize) -> i64 {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let b = input[*pos];
        *pos += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
    }
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

fn read_bytes<'a>(input: &'a [u8], pos: &mut usize) -> &'a [u8] {
    let len = read_long(input, pos) as usize;
    *pos += len;
    &input[*pos - len..*pos]
}

/// Splits a valid container file into its parts.
fn layout(file: &[u8]) -> Layout {
    assert_eq!(&file[..4], b"Obj\x01");
    let mut pos = 4;
    let mut metadata = Vec::new();
    loop {
        let mut count = read_long(file, &mut pos);
        if count == 0 {
            break;
        }
        if count < 0 {
            read_long(file, &mut pos);
            count = -count;
        }
        for _ in 0..count {
            let key = String::from_utf8(read_bytes(file, &mut pos).to_vec()).unwrap();
            metadata.push((key, read_bytes(file, &mut pos).to_vec()));
        }
    }
    let sync: [u8; 16] = file[pos..pos + 16].try_into().unwrap();
    pos += 16;
    let header_end = pos;
    let mut blocks = Vec::new();
    while pos < file.len() {
        let start = pos;
        let count = read_long(file, &mut pos);
        let size = read_long(file, &mut pos) as usize;
        blocks.push(BlockLayout {
            start,
            count,
            data: pos..pos + size,
        });
        pos += size;
        assert_eq!(
            file[pos..pos + 16],
            sync,
            "each block ends with the sync marker"
        );
        pos += 16;
    }
    Layout {
        header_end,
        sync,
        metadata,
        blocks,
    }
}

// ---------------------------------------------------------------------------------------------
// Trident writes, apache-avro reads, and the other way round

fn write_ours<T: Message>(values: &[T], codec: Codec, block_size: usize) -> Vec<u8> {
    let mut writer = ContainerWriter::<T, _>::new(Vec::new(), codec)
        .expect("the header is written")
        .block_size(block_size);
    for value in values {
        writer.append(value).expect("the value is written");
    }
    writer.finish().expect("the file is finished")
}

fn read_ours<T: Message>(file: &[u8]) -> Result<Vec<T>, DecodeError> {
    ContainerReader::<T>::new(file)?.collect()
}

fn random_values<T: AvroSample>(rng: &mut Rng) -> Vec<T> {
    (0..rng.below(9)).map(|_| sample(rng.next_u64())).collect()
}

fn trident_files_open_in_apache_avro<T: AvroSample>(seed: u64) -> Result<(), TestCaseError> {
    let mut rng = Rng::new(seed);
    let values: Vec<T> = random_values(&mut rng);
    let codec = if rng.one_in(2) {
        Codec::Null
    } else {
        Codec::Deflate(rng.below(10) as u32)
    };
    let block_size = rng.pick(&[1, 64, 1024, 1 << 16]);
    let file = write_ours(&values, codec, block_size);

    let parts = layout(&file);
    let codec_name = match codec {
        Codec::Null => "null",
        _ => "deflate",
    };
    prop_assert!(
        parts
            .metadata
            .contains(&("avro.codec".to_string(), codec_name.as_bytes().to_vec()))
    );
    prop_assert!(parts.metadata.contains(&(
        "avro.schema".to_string(),
        T::AVRO_SCHEMA.as_bytes().to_vec()
    )));
    let counted: i64 = parts.blocks.iter().map(|b| b.count).sum();
    prop_assert_eq!(counted, values.len() as i64);
    // (Values of no bytes, such as empty records, never fill a block.)
    if block_size == 1 && values.iter().all(|v| !v.to_avro().is_empty()) {
        prop_assert_eq!(parts.blocks.len(), values.len(), "one value per block");
    }

    let reader = apache_avro::Reader::new(&file[..]).map_err(fail)?;
    let read: Vec<Value> = reader.collect::<Result<_, _>>().map_err(fail)?;
    let expected: Vec<Value> = values.iter().map(AvroSample::to_avro_value).collect();
    prop_assert_eq!(read, expected);
    prop_assert_eq!(read_ours::<T>(&file).map_err(fail)?, values);
    Ok(())
}

fn apache_avro_files_open_in_trident<T: AvroSample>(seed: u64) -> Result<(), TestCaseError> {
    let mut rng = Rng::new(seed);
    let values: Vec<T> = random_values(&mut rng);
    let schema = apache_schema(T::AVRO_SCHEMA);
    let codec = if rng.one_in(2) {
        apache_avro::Codec::Null
    } else {
        apache_avro::Codec::Deflate(apache_avro::DeflateSettings::default())
    };
    let mut writer = apache_avro::Writer::builder()
        .schema(&schema)
        .writer(Vec::new())
        .codec(codec)
        .block_size(rng.pick(&[1, 256, 1 << 16]))
        .build()
        .map_err(fail)?;
    for value in &values {
        writer.append_value(value.to_avro_value()).map_err(fail)?;
    }
    let file = writer.into_inner().map_err(fail)?;
    let reader = ContainerReader::<T>::new(&file).map_err(fail)?;
    let read: Vec<T> = reader.collect::<Result<_, _>>().map_err(fail)?;
    prop_assert_eq!(read, values);
    Ok(())
}

mod files_trident_writes_open_in_apache_avro {
    use super::*;
    trident_tests::proptest_per_message!(trident_files_open_in_apache_avro, 16);
}

mod files_apache_avro_writes_open_in_trident {
    use super::*;
    trident_tests::proptest_per_message!(apache_avro_files_open_in_trident, 16);
}

const POINT_V1: &str = r#"{"type": "record", "name": "Point", "namespace": "evolution.v1",
    "fields": [{"name": "x", "type": "float"}, {"name": "y", "type": "int"}]}"#;

fn point_v1(x: f32, y: i32) -> Value {
    Value::Record(vec![
        ("x".into(), Value::Float(x)),
        ("y".into(), Value::Int(y)),
    ])
}

fn apache_file(schema: &str, codec: apache_avro::Codec, values: &[Value]) -> Vec<u8> {
    let schema = apache_schema(schema);
    let mut writer = apache_avro::Writer::builder()
        .schema(&schema)
        .writer(Vec::new())
        .codec(codec)
        .block_size(8)
        .build()
        .unwrap();
    for value in values {
        writer.append_value_ref(value).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn a_file_written_with_an_older_schema_is_resolved_against_the_readers_type() {
    let values = [
        point_v1(0.5, -1),
        point_v1(-0.0, i32::MAX),
        point_v1(1e30, 0),
    ];
    for codec in [
        apache_avro::Codec::Null,
        apache_avro::Codec::Deflate(apache_avro::DeflateSettings::default()),
    ] {
        let file = apache_file(POINT_V1, codec, &values);
        assert!(layout(&file).blocks.len() > 1);
        let reader = ContainerReader::<Point>::new(&file).unwrap();
        assert_eq!(
            reader.writer_schema().fingerprint(),
            trident::AvroSchema::parse_str(POINT_V1)
                .unwrap()
                .fingerprint()
        );
        let points: Vec<Point> = reader.collect::<Result<_, _>>().unwrap();
        assert_eq!(
            points,
            [
                Point { x: 0.5, y: -1.0 },
                Point {
                    x: -0.0,
                    y: f64::from(i32::MAX)
                },
                Point {
                    x: f64::from(1e30f32),
                    y: 0.0
                },
            ]
        );
        assert!(points[1].x.is_sign_negative());
    }
}

#[test]
fn a_file_whose_schema_cannot_be_read_as_the_type_is_an_error_when_opened() {
    let file = apache_file(
        r#"{"type": "record", "name": "Point", "fields": [{"name": "x", "type": "string"}]}"#,
        apache_avro::Codec::Null,
        &[Value::Record(vec![("x".into(), Value::String("1".into()))])],
    );
    let e = ContainerReader::<Point>::new(&file).unwrap_err();
    assert!(
        e.to_string()
            .contains("cannot read this file as evolution.v2.Point"),
        "{e}"
    );
}

#[test]
fn an_empty_file_has_no_values_in_both_implementations() {
    let file = write_ours::<Scalars>(&[], Codec::Deflate(6), 64);
    assert!(layout(&file).blocks.is_empty());
    assert!(read_ours::<Scalars>(&file).unwrap().is_empty());
    assert_eq!(apache_avro::Reader::new(&file[..]).unwrap().count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Corrupt files

/// A valid file of a few values in several blocks.
fn valid_file(codec: Codec) -> (Vec<u8>, Vec<Scalars>) {
    let values: Vec<Scalars> = (0..6).map(sample).collect();
    (write_ours(&values, codec, 100), values)
}

/// The values up to the first error and the error, if any; never more than one error, and
/// nothing after it.
fn read_until_error<T: Message>(file: &[u8]) -> (Vec<T>, Option<DecodeError>) {
    let mut reader = match ContainerReader::<T>::new(file) {
        Ok(reader) => reader,
        Err(e) => return (Vec::new(), Some(e)),
    };
    let mut values = Vec::new();
    for item in reader.by_ref() {
        match item {
            Ok(value) => values.push(value),
            Err(e) => {
                assert!(reader.next().is_none(), "a reader stops after an error");
                return (values, Some(e));
            }
        }
    }
    (values, None)
}

fn error_of(file: &[u8]) -> String {
    match read_until_error::<Scalars>(file) {
        (_, Some(e)) => e.to_string(),
        (values, None) => panic!("read {} values from a corrupt file", values.len()),
    }
}

#[test]
fn a_file_without_the_magic_is_an_error() {
    let (mut file, _) = valid_file(Codec::Null);
    file[3] = 2;
    assert!(error_of(&file).contains("not an Avro container file"));
    assert!(error_of(b"").contains("Avro"));
    assert!(apache_avro::Reader::new(&file[..]).is_err());
}

#[test]
fn a_block_followed_by_another_sync_marker_is_an_error() {
    for codec in [Codec::Null, Codec::Deflate(1)] {
        let (mut file, values) = valid_file(codec);
        let parts = layout(&file);
        assert!(parts.blocks.len() > 2);
        let second = &parts.blocks[1];
        let marker = second.data.end;
        file[marker + 7] ^= 0x40;
        let (read, e) = read_until_error::<Scalars>(&file);
        let e = e.expect("an error");
        assert!(e.to_string().contains("sync marker"), "{e}");
        // The values of the first block were read before.
        assert_eq!(read[..], values[..parts.blocks[0].count as usize]);
    }
}

#[test]
fn every_truncation_of_a_file_is_an_error_or_a_shorter_file_never_a_panic() {
    for codec in [Codec::Null, Codec::Deflate(6)] {
        let (file, values) = valid_file(codec);
        let parts = layout(&file);
        let block_ends: Vec<usize> = parts.blocks.iter().map(|b| b.data.end + 16).collect();
        for end in 0..file.len() {
            let (read, e) = read_until_error::<Scalars>(&file[..end]);
            assert_eq!(read[..], values[..read.len()]);
            let whole_blocks =
                end >= parts.header_end && (end == parts.header_end || block_ends.contains(&end));
            assert_eq!(e.is_none(), whole_blocks, "cut at {end}: {e:?}");
        }
    }
}

/// `file` with block `index`'s count replaced by `count` (and its size by `size`).
fn with_block_head(file: &[u8], index: usize, count: i64, size: Option<i64>) -> Vec<u8> {
    let parts = layout(file);
    let block = &parts.blocks[index];
    let mut pos = block.start;
    read_long(file, &mut pos);
    let after_count = pos;
    read_long(file, &mut pos);
    let mut out = file[..block.start].to_vec();
    out.extend(long(count));
    match size {
        Some(size) => out.extend(long(size)),
        None => out.extend_from_slice(&file[after_count..pos]),
    }
    out.extend_from_slice(&file[pos..]);
    out
}

#[test]
fn block_counts_and_sizes_the_file_cannot_hold_are_errors() {
    let (file, _) = valid_file(Codec::Null);
    let e = error_of(&with_block_head(&file, 0, 1 << 40, None));
    assert!(e.contains("claims 1099511627776 values"), "{e}");
    let e = error_of(&with_block_head(&file, 0, i64::MAX, None));
    assert!(e.contains("claims"), "{e}");
    let e = error_of(&with_block_head(&file, 0, -3, None));
    assert!(e.contains("negative block count"), "{e}");
    // More values than the block holds: the data runs out.
    let count = layout(&file).blocks[0].count;
    error_of(&with_block_head(&file, 0, count + 1, None));
    // Fewer: bytes are left over in the block.
    let e = error_of(&with_block_head(&file, 0, count - 1, None));
    assert!(e.contains("bytes after its last value"), "{e}");
    // A size past the end of the file, and a gigabyte one.
    let e = error_of(&with_block_head(&file, 0, count, Some(file.len() as i64)));
    assert!(e.contains("exceeds"), "{e}");
    error_of(&with_block_head(&file, 0, count, Some(1 << 30)));
    error_of(&with_block_head(&file, 0, count, Some(-1)));
}

#[test]
fn a_huge_block_count_in_a_few_bytes_is_an_error() {
    // The header of a real file, then a block that claims 2^60 values in 0 bytes.
    let (file, _) = valid_file(Codec::Null);
    let header_end = layout(&file).header_end;
    let mut tiny = file[..header_end].to_vec();
    tiny.extend(long(1 << 60));
    tiny.extend(long(0));
    tiny.extend_from_slice(&file[header_end - 16..header_end]);
    let e = error_of(&tiny);
    assert!(e.contains("claims"), "{e}");
}

/// A file holding one block whose data is `data` (for the codec named in the header).
fn file_with_block(codec: &str, count: i64, data: &[u8]) -> Vec<u8> {
    let sync = [0x5a; 16];
    let mut file = b"Obj\x01".to_vec();
    file.extend(long(2));
    file.extend(bytes(b"avro.schema"));
    file.extend(bytes(Scalars::AVRO_SCHEMA.as_bytes()));
    file.extend(bytes(b"avro.codec"));
    file.extend(bytes(codec.as_bytes()));
    file.extend(long(0));
    file.extend(sync);
    file.extend(long(count));
    file.extend(bytes(data));
    file.extend(sync);
    file
}

/// Raw deflate data of `chunks` times `chunk` zero bytes, built without compressing the whole:
/// one compressed chunk ends with a sync flush (byte-aligned, not final), so copies of it can
/// follow each other; an empty final block ends the stream.
fn deflate_bomb(chunk: usize, chunks: usize) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0; chunk]).unwrap();
    encoder.flush().unwrap();
    let piece = encoder.get_ref().clone();
    let mut out = piece.repeat(chunks);
    // A final, empty block with fixed Huffman codes.
    out.extend([0x03, 0x00]);
    out
}

#[test]
fn a_deflate_bomb_is_an_error_not_an_allocation() {
    // Check the bomb itself: it inflates to what it claims.
    let small = deflate_bomb(1000, 3);
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::DeflateDecoder::new(&small[..]),
        &mut inflated,
    )
    .unwrap();
    assert_eq!(inflated, vec![0; 3000]);

    // 4 MiB of zeros in a few kilobytes, against a 1 MiB limit.
    let bomb = deflate_bomb(1 << 20, 4);
    assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
    let file = file_with_block("deflate", 1, &bomb);
    let mut options = ContainerOptions::default();
    options.max_block_size = 1 << 20;
    let e = ContainerReader::<Scalars>::with_options(&file, options)
        .unwrap()
        .next()
        .unwrap()
        .unwrap_err();
    assert!(e.to_string().contains("larger than 1048576 bytes"), "{e}");
}

#[test]
fn a_deflate_bomb_past_the_default_limit_is_an_error() {
    // 80 MiB of zeros against the default 64 MiB limit.
    let file = file_with_block("deflate", 1, &deflate_bomb(1 << 20, 80));
    let e = error_of(&file);
    assert!(e.contains("once decompressed"), "{e}");
}

#[test]
fn headers_that_say_too_little_or_too_much_are_errors() {
    let value = Scalars::default().to_avro();
    let e = error_of(&file_with_block("snappy", 1, &value));
    assert!(e.contains("codec `snappy` is not supported"), "{e}");
    error_of(&file_with_block("deflate", 1, &value));

    let mut no_schema = b"Obj\x01".to_vec();
    no_schema.extend(long(1));
    no_schema.extend(bytes(b"avro.codec"));
    no_schema.extend(bytes(b"null"));
    no_schema.extend(long(0));
    no_schema.extend([0; 16]);
    assert!(error_of(&no_schema).contains("no avro.schema"));

    // Without `avro.codec` the blocks are not compressed.
    let mut schema_only = b"Obj\x01".to_vec();
    schema_only.extend(long(1));
    schema_only.extend(bytes(b"avro.schema"));
    schema_only.extend(bytes(Scalars::AVRO_SCHEMA.as_bytes()));
    schema_only.extend(long(0));
    schema_only.extend([7; 16]);
    schema_only.extend(long(1));
    schema_only.extend(bytes(&value));
    schema_only.extend([7; 16]);
    assert_eq!(
        read_ours::<Scalars>(&schema_only).unwrap(),
        [Scalars::default()]
    );

    let mut not_json = file_with_block("null", 1, &value);
    let at = not_json.windows(2).position(|w| w == b"{\"").unwrap();
    not_json[at] = b'!';
    assert!(error_of(&not_json).contains("avro.schema"));

    // A metadata map with a negative count (and its byte size) is read.
    let parts = layout(&file_with_block("null", 1, &value));
    let mut header = b"Obj\x01".to_vec();
    let mut entries = Vec::new();
    for (key, value) in &parts.metadata {
        entries.extend(bytes(key.as_bytes()));
        entries.extend(bytes(value));
    }
    header.extend(long(-(parts.metadata.len() as i64)));
    header.extend(long(entries.len() as i64));
    header.extend(entries);
    header.extend(long(0));
    header.extend(parts.sync);
    header.extend(long(1));
    header.extend(bytes(&value));
    header.extend(parts.sync);
    assert_eq!(read_ours::<Scalars>(&header).unwrap(), [Scalars::default()]);
}

fn damaged_files_never_panic(seed: u64) -> Result<(), TestCaseError> {
    let mut rng = Rng::new(seed);
    let codec = if rng.one_in(2) {
        Codec::Null
    } else {
        Codec::Deflate(6)
    };
    let (mut file, _) = valid_file(codec);
    for _ in 0..=rng.below(4) {
        let at = rng.below(file.len() as u64) as usize;
        match rng.below(4) {
            0 => file[at] ^= 1 << rng.below(8),
            1 => file[at] = rng.pick(&[0x00, 0x7f, 0x80, 0xff]),
            2 => {
                file.remove(at);
            }
            _ => file.insert(at, rng.next_u64() as u8),
        }
    }
    let _ = read_until_error::<Scalars>(&file);
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config(256))]
    #[test]
    fn damaged_files_are_read_up_to_an_error_never_a_panic(seed in any::<u64>()) {
        damaged_files_never_panic(seed)?;
    }
}

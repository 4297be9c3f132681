//! Helpers for the Avro resolution tests: apache-avro writes the data and the expected
//! results, Trident's resolution transcodes.
#![allow(dead_code, unreachable_pub)]

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::types::Value as V;
use apache_avro::writer::datum::GenericDatumWriter;
use trident::avro::resolve::{Resolution, ResolveError};
use trident::avro::schema::Schema;
use trident::avro::{AvroOptions, AvroReader};

fn apache_schema(json: &str) -> apache_avro::Schema {
    apache_avro::Schema::parse_str(json).unwrap_or_else(|e| panic!("apache-avro: {e}\n{json}"))
}

/// apache-avro's encoding of `value` with `schema`.
pub fn write(schema: &str, value: V) -> Vec<u8> {
    let schema = apache_schema(schema);
    GenericDatumWriter::builder(&schema)
        .build()
        .expect("writer")
        .write_value_to_vec(value.clone())
        .unwrap_or_else(|e| panic!("apache-avro cannot write {value:?}: {e}"))
}

/// apache-avro's reading of `bytes` with `schema` (no resolution).
pub fn read(schema: &str, bytes: &[u8]) -> V {
    let schema = apache_schema(schema);
    let mut input = bytes;
    let value = GenericDatumReader::builder(&schema)
        .build()
        .expect("reader")
        .read_value(&mut input)
        .unwrap_or_else(|e| panic!("apache-avro cannot read {bytes:?}: {e}"));
    assert!(input.is_empty(), "apache-avro left {} bytes", input.len());
    value
}

pub fn plan(writer: &str, reader: &str) -> Result<Resolution, ResolveError> {
    let writer = Schema::parse_str(writer).unwrap_or_else(|e| panic!("{e}"));
    let reader = Schema::parse_str(reader).unwrap_or_else(|e| panic!("{e}"));
    Resolution::new(&writer, &reader)
}

pub fn run(
    plan: &Resolution,
    data: &[u8],
    options: AvroOptions,
) -> Result<Vec<u8>, trident::DecodeError> {
    let mut input = AvroReader::new(data, options);
    let mut out = Vec::new();
    plan.transcode(&mut input, &mut out)?;
    input.finish()?;
    Ok(out)
}

pub fn transcode(writer: &str, reader: &str, data: &[u8]) -> Result<Vec<u8>, trident::DecodeError> {
    let plan = plan(writer, reader).unwrap_or_else(|e| panic!("does not resolve: {e}"));
    run(&plan, data, AvroOptions::default())
}

pub fn has_multi_entry_map(value: &V) -> bool {
    match value {
        V::Map(entries) => entries.len() > 1 || entries.values().any(has_multi_entry_map),
        V::Array(items) => items.iter().any(has_multi_entry_map),
        V::Record(fields) => fields.iter().any(|(_, v)| has_multi_entry_map(v)),
        V::Union(_, v) => has_multi_entry_map(v),
        _ => false,
    }
}

/// Writes `value` with the writer's schema, transcodes it, and compares the output with
/// apache-avro's encoding of `expected` with the reader's schema.
#[track_caller]
pub fn check(writer: &str, value: V, reader: &str, expected: V) {
    let data = write(writer, value);
    let out = transcode(writer, reader, &data).unwrap_or_else(|e| panic!("{e}"));
    let want = write(reader, expected.clone());
    // A map with several entries has no one encoding (apache-avro's maps are hash maps).
    if !has_multi_entry_map(&expected) {
        assert_eq!(out, want, "writer {writer}\nreader {reader}");
    }
    assert_eq!(read(reader, &out), read(reader, &want));
}

/// [`check`] with the expected value written by apache-avro with `reader_for_apache`, a schema
/// with the same encoding as `reader` that apache-avro accepts.
#[track_caller]
pub fn check_as(writer: &str, value: V, reader: &str, reader_for_apache: &str, expected: V) {
    let data = write(writer, value);
    let out = transcode(writer, reader, &data).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out, write(reader_for_apache, expected));
}

#[track_caller]
pub fn resolve_error(writer: &str, reader: &str) -> String {
    match plan(writer, reader) {
        Ok(_) => panic!("resolves:\nwriter {writer}\nreader {reader}"),
        Err(e) => e.to_string(),
    }
}

#[track_caller]
pub fn datum_error(writer: &str, value: V, reader: &str) -> trident::DecodeError {
    let data = write(writer, value);
    match transcode(writer, reader, &data) {
        Ok(out) => panic!("transcoded to {out:?}"),
        Err(e) => e,
    }
}

pub fn record(fields: &[(&str, V)]) -> V {
    V::Record(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    )
}

pub fn string(s: &str) -> V {
    V::String(s.to_owned())
}

pub fn union(index: u32, value: V) -> V {
    V::Union(index, Box::new(value))
}

pub const ORDER_V1: &str = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
    {"name": "id", "type": "long"},
    {"name": "note", "type": "string"},
    {"name": "total", "type": "string"},
    {"name": "tags", "type": {"type": "array", "items": "string"}},
    {"name": "extra", "type": {"type": "map", "values": ["null", "int", {"type": "record", "name": "X", "fields": [{"name": "x", "type": "double"}]}]}},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "DONE"]}},
    {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 2}},
    {"name": "flag", "type": "boolean"},
    {"name": "price", "type": "float"}
]}"#;

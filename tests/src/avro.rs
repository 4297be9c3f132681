//! Avro helpers for the tests, written independently of Trident's codec: apache-avro's writer
//! and reader behind short names, a small encoder of apache-avro's generic values that can
//! split arrays and maps into several blocks (with negative counts and byte sizes), and schema
//! JSON rewrites.

use std::collections::HashMap;

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::types::Value;
use apache_avro::writer::datum::GenericDatumWriter;
use serde_json::Value as Json;

use crate::Rng;

/// apache-avro's parse of a schema.
///
/// # Panics
///
/// When apache-avro rejects the schema.
pub fn apache_schema(json: &str) -> apache_avro::Schema {
    apache_avro::Schema::parse_str(json).unwrap_or_else(|e| panic!("apache-avro: {e}\n{json}"))
}

/// apache-avro's encoding of `value` with `schema` (validated against it first).
pub fn apache_write(schema: &apache_avro::Schema, value: &Value) -> Result<Vec<u8>, String> {
    GenericDatumWriter::builder(schema)
        .build()
        .map_err(|e| e.to_string())?
        .write_value_to_vec(value.clone())
        .map_err(|e| format!("apache-avro cannot write {value:?}: {e}"))
}

/// apache-avro's reading of one datum written with `schema`, which must use all of `bytes`.
pub fn apache_read(schema: &apache_avro::Schema, bytes: &[u8]) -> Result<Value, String> {
    let mut input = bytes;
    let value = GenericDatumReader::builder(schema)
        .build()
        .map_err(|e| e.to_string())?
        .read_value(&mut input)
        .map_err(|e| format!("apache-avro cannot read {}: {e}", crate::wire::hex(bytes)))?;
    if input.is_empty() {
        Ok(value)
    } else {
        Err(format!("apache-avro left {} bytes unread", input.len()))
    }
}

/// apache-avro's reading of data written with `writer`, resolved to `reader`'s schema.
pub fn apache_resolve(
    writer: &apache_avro::Schema,
    reader: &apache_avro::Schema,
    bytes: &[u8],
) -> Result<Value, String> {
    let mut input = bytes;
    let value = GenericDatumReader::builder(writer)
        .reader_schema(reader)
        .build()
        .map_err(|e| e.to_string())?
        .read_value(&mut input)
        .map_err(|e| e.to_string())?;
    if input.is_empty() {
        Ok(value)
    } else {
        Err(format!("apache-avro left {} bytes unread", input.len()))
    }
}

/// Whether a value holds a map with more than one entry: apache-avro writes a map in its hash
/// map's order, so such values have no one encoding to compare bytes with.
pub fn has_multi_entry_map(value: &Value) -> bool {
    match value {
        Value::Map(entries) => entries.len() > 1 || entries.values().any(has_multi_entry_map),
        Value::Array(items) => items.iter().any(has_multi_entry_map),
        Value::Record(fields) => fields.iter().any(|(_, v)| has_multi_entry_map(v)),
        Value::Union(_, v) => has_multi_entry_map(v),
        _ => false,
    }
}

/// A `long` (or `int`, or count, or length) as Avro writes it: zig-zag, then a varint.
pub fn long(value: i64) -> Vec<u8> {
    let mut n = ((value << 1) ^ (value >> 63)) as u64;
    let mut out = Vec::new();
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    out
}

/// Length-prefixed bytes (`bytes` or `string`).
pub fn bytes(data: &[u8]) -> Vec<u8> {
    let mut out = long(data.len() as i64);
    out.extend_from_slice(data);
    out
}

/// How [`encode`] writes arrays and maps.
#[derive(Debug)]
pub enum Blocks<'a> {
    /// One block with a positive count (or just the end marker when empty), as apache-avro and
    /// Trident write them; map entries in the order of their keys.
    One,
    /// Items split into blocks of random sizes, each block's count either positive or negative
    /// (then followed by the block's size in bytes), as the specification allows writers to.
    Split(&'a mut Rng),
}

/// The binary encoding of a generic value. It needs no schema: records hold their fields in
/// schema order, unions and enums their indexes, and the logical types their base values.
///
/// # Panics
///
/// On values the converted schemas never hold (`Fixed`, `Decimal`, `Duration`, ...).
pub fn encode(value: &Value, blocks: &mut Blocks<'_>, out: &mut Vec<u8>) {
    match value {
        Value::Null => {}
        Value::Boolean(b) => out.push(u8::from(*b)),
        Value::Int(v) | Value::Date(v) => out.extend(long(i64::from(*v))),
        Value::Long(v) | Value::TimestampMicros(v) => out.extend(long(*v)),
        Value::Float(v) => out.extend(v.to_le_bytes()),
        Value::Double(v) => out.extend(v.to_le_bytes()),
        Value::Bytes(b) => out.extend(bytes(b)),
        Value::String(s) => out.extend(bytes(s.as_bytes())),
        Value::Uuid(u) => out.extend(bytes(u.hyphenated().to_string().as_bytes())),
        Value::Enum(index, _) => out.extend(long(i64::from(*index))),
        Value::Union(index, v) => {
            out.extend(long(i64::from(*index)));
            encode(v, blocks, out);
        }
        Value::Record(fields) => {
            for (_, v) in fields {
                encode(v, blocks, out);
            }
        }
        Value::Array(items) => {
            let encoded: Vec<Vec<u8>> = items
                .iter()
                .map(|item| {
                    let mut buf = Vec::new();
                    encode(item, blocks, &mut buf);
                    buf
                })
                .collect();
            write_blocks(&encoded, blocks, out);
        }
        Value::Map(entries) => {
            let mut sorted: Vec<(&String, &Value)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            let encoded: Vec<Vec<u8>> = sorted
                .into_iter()
                .map(|(key, v)| {
                    let mut buf = bytes(key.as_bytes());
                    encode(v, blocks, &mut buf);
                    buf
                })
                .collect();
            write_blocks(&encoded, blocks, out);
        }
        other => panic!("the converted schemas never hold {other:?}"),
    }
}

/// The encoding of a generic value, written by [`encode`].
pub fn encode_to_vec(value: &Value, mut blocks: Blocks<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    encode(value, &mut blocks, &mut out);
    out
}

fn write_blocks(items: &[Vec<u8>], blocks: &mut Blocks<'_>, out: &mut Vec<u8>) {
    match blocks {
        Blocks::One => {
            if !items.is_empty() {
                out.extend(long(items.len() as i64));
                items.iter().for_each(|item| out.extend(item));
            }
        }
        Blocks::Split(rng) => {
            let mut rest = items;
            while !rest.is_empty() {
                let take = 1 + rng.below(rest.len() as u64) as usize;
                let (block, after) = rest.split_at(take);
                let size: usize = block.iter().map(Vec::len).sum();
                if rng.one_in(2) {
                    out.extend(long(-(take as i64)));
                    out.extend(long(size as i64));
                } else {
                    out.extend(long(take as i64));
                }
                block.iter().for_each(|item| out.extend(item));
                rest = after;
            }
        }
    }
    out.push(0);
}

/// The schema JSON with every `logicalType` (and the attributes only logical types use)
/// removed: apache-avro 0.22 keeps `{"type":"long"}` objects for logical types in its Parsing
/// Canonical Form, where the specification writes `"long"`; without the logical types both
/// compute the specification's form.
pub fn without_logical_types(json: &Json) -> Json {
    match json {
        Json::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                if matches!(key.as_str(), "logicalType" | "precision" | "scale") {
                    continue;
                }
                // A field default is data, not schema.
                let value = if key == "default" {
                    value.clone()
                } else {
                    without_logical_types(value)
                };
                out.insert(key.clone(), value);
            }
            // `{"type": "long"}` is the same schema as `"long"`.
            match out.get("type") {
                Some(Json::String(t)) if out.len() == 1 => Json::String(t.clone()),
                _ => Json::Object(out),
            }
        }
        Json::Array(items) => Json::Array(items.iter().map(without_logical_types).collect()),
        other => other.clone(),
    }
}

/// The schema JSON with the fields of every record in reverse order (and, with
/// `reverse_root_union`, the branches of a top-level union too): the same data, written in
/// another order, which a reader must resolve by name. Named types are defined again at their
/// new first use.
pub fn with_fields_reversed(json: &Json, reverse_root_union: bool) -> Json {
    let mut definitions = HashMap::new();
    let mut flat = flatten(json, &mut definitions);
    if let (true, Json::Array(branches)) = (reverse_root_union, &mut flat) {
        branches.reverse();
    }
    let mut written = std::collections::HashSet::new();
    define_at_first_use(&flat, &definitions, &mut written)
}

/// Moves every named type's definition into `definitions` (by full name, fields reversed) and
/// leaves its full name in its place.
fn flatten(json: &Json, definitions: &mut HashMap<String, Json>) -> Json {
    match json {
        Json::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let value = match (key.as_str(), value) {
                    ("fields", Json::Array(fields)) => Json::Array(
                        fields
                            .iter()
                            .rev()
                            .map(|f| flatten(f, definitions))
                            .collect(),
                    ),
                    ("default", value) => value.clone(),
                    (_, value) => flatten(value, definitions),
                };
                out.insert(key.clone(), value);
            }
            let named = matches!(
                out.get("type").and_then(Json::as_str),
                Some("record" | "enum" | "fixed")
            );
            match (named, out.get("name").and_then(Json::as_str)) {
                (true, Some(name)) => {
                    let full = match out.get("namespace").and_then(Json::as_str) {
                        Some(ns) if !ns.is_empty() && !name.contains('.') => format!("{ns}.{name}"),
                        _ => name.to_owned(),
                    };
                    definitions.insert(full.clone(), Json::Object(out));
                    Json::String(full)
                }
                _ => Json::Object(out),
            }
        }
        Json::Array(items) => Json::Array(items.iter().map(|i| flatten(i, definitions)).collect()),
        other => other.clone(),
    }
}

fn define_at_first_use(
    json: &Json,
    definitions: &HashMap<String, Json>,
    written: &mut std::collections::HashSet<String>,
) -> Json {
    match json {
        Json::String(name) => match definitions.get(name) {
            Some(definition) if written.insert(name.clone()) => {
                define_at_first_use(definition, definitions, written)
            }
            _ => json.clone(),
        },
        Json::Object(map) => Json::Object(
            map.iter()
                .map(|(key, value)| {
                    let data = ["default", "name", "namespace", "doc", "aliases", "symbols"];
                    let value = if data.contains(&key.as_str()) {
                        value.clone()
                    } else {
                        define_at_first_use(value, definitions, written)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .map(|i| define_at_first_use(i, definitions, written))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A map value from pairs, for hand-made expected values.
pub fn map_value<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<HashMap<_, _>>(),
    )
}

/// Whether `value` takes, in some union, a record branch after another record branch:
/// apache-avro's resolution picks the first record branch the value can be resolved to,
/// whatever its name, so such values resolve to the wrong record there.
pub fn takes_later_record_branch(schema: &trident::avro::schema::Schema, value: &Value) -> bool {
    use trident::avro::schema::Node;
    walk_unions(schema, schema.root(), value, &|branches, i| {
        matches!(schema.node(branches[i]), Node::Record(_))
            && branches[..i]
                .iter()
                .any(|&earlier| matches!(schema.node(earlier), Node::Record(_)))
    })
}

/// Whether `test(branches, index)` holds for the branch some union of `value` takes.
fn walk_unions(
    schema: &trident::avro::schema::Schema,
    id: trident::avro::schema::NodeId,
    value: &Value,
    test: &dyn Fn(&[trident::avro::schema::NodeId], usize) -> bool,
) -> bool {
    use trident::avro::schema::Node;
    match (schema.node(id), value) {
        (Node::Union(branches), Value::Union(i, v)) => {
            let i = *i as usize;
            i < branches.len() && (test(branches, i) || walk_unions(schema, branches[i], v, test))
        }
        (Node::Record(record), Value::Record(fields)) => record
            .fields
            .iter()
            .zip(fields)
            .any(|(f, (_, v))| walk_unions(schema, f.schema, v, test)),
        (Node::Array(items), Value::Array(values)) => {
            values.iter().any(|v| walk_unions(schema, *items, v, test))
        }
        (Node::Map(items), Value::Map(values)) => values
            .values()
            .any(|v| walk_unions(schema, *items, v, test)),
        _ => false,
    }
}

/// The value with the fields of every record in reverse order: the datum of
/// [`with_fields_reversed`]'s schema (without the root union reversed).
pub fn with_record_fields_reversed(value: &Value) -> Value {
    match value {
        Value::Record(fields) => Value::Record(
            fields
                .iter()
                .rev()
                .map(|(name, v)| (name.clone(), with_record_fields_reversed(v)))
                .collect(),
        ),
        Value::Union(i, v) => Value::Union(*i, Box::new(with_record_fields_reversed(v))),
        Value::Array(items) => {
            Value::Array(items.iter().map(with_record_fields_reversed).collect())
        }
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), with_record_fields_reversed(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

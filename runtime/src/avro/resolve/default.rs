//! Field defaults: the JSON of a reader field's `default`, encoded as a value of the field's type.

use crate::avro::binary::{encode_bytes, encode_long};
use crate::avro::schema::{Node, NodeId, Schema};

/// The JSON nesting of a field default that is encoded; deeper defaults are rejected (a default
/// of a recursive record could otherwise recurse through its fields' defaults for ever).
const MAX_DEFAULT_DEPTH: usize = 128;

/// Encodes a field default (JSON, as the specification writes defaults) as a value of `id`.
pub(super) fn encode_default(
    schema: &Schema,
    id: NodeId,
    value: &serde_json::Value,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<(), String> {
    use serde_json::Value as J;
    if depth > MAX_DEFAULT_DEPTH {
        return Err(format!(
            "it nests more than {MAX_DEFAULT_DEPTH} levels deep"
        ));
    }
    let expected = || format!("{value} is not a valid {}", schema.describe(id));
    match (schema.node(id), value) {
        (Node::Null, J::Null) => {}
        (Node::Boolean, J::Bool(b)) => out.push(u8::from(*b)),
        (Node::Int, J::Number(n)) => {
            let v = n
                .as_i64()
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(expected)?;
            encode_long(i64::from(v), out);
        }
        (Node::Long, J::Number(n)) => encode_long(n.as_i64().ok_or_else(expected)?, out),
        (Node::Float, v) => {
            let v = json_float(v).ok_or_else(expected)?;
            out.extend_from_slice(&(v as f32).to_le_bytes());
        }
        (Node::Double, v) => {
            let v = json_float(v).ok_or_else(expected)?;
            out.extend_from_slice(&v.to_le_bytes());
        }
        (Node::Bytes, J::String(s)) => encode_bytes(&latin1(s).ok_or_else(expected)?, out),
        (Node::String, J::String(s)) => encode_bytes(s.as_bytes(), out),
        (Node::Fixed(f), J::String(s)) => {
            let bytes = latin1(s).ok_or_else(expected)?;
            if bytes.len() != f.size {
                return Err(format!(
                    "{value} does not have the {} bytes of {}",
                    f.size, f.name
                ));
            }
            out.extend_from_slice(&bytes);
        }
        (Node::Enum(e), J::String(s)) => {
            let index = e
                .symbols
                .iter()
                .position(|sym| sym == s)
                .ok_or_else(expected)?;
            encode_long(index as i64, out);
        }
        (Node::Array(items), J::Array(values)) => {
            if !values.is_empty() {
                encode_long(values.len() as i64, out);
                for v in values {
                    encode_default(schema, *items, v, out, depth + 1)?;
                }
            }
            encode_long(0, out);
        }
        (Node::Map(values), J::Object(entries)) => {
            if !entries.is_empty() {
                encode_long(entries.len() as i64, out);
                for (key, v) in entries {
                    encode_bytes(key.as_bytes(), out);
                    encode_default(schema, *values, v, out, depth + 1)?;
                }
            }
            encode_long(0, out);
        }
        (Node::Record(record), J::Object(entries)) => {
            for field in &record.fields {
                let v = entries
                    .get(&field.name)
                    .or(field.default.as_ref())
                    .ok_or_else(|| {
                        format!("field `{}` of {} is missing", field.name, record.name)
                    })?;
                encode_default(schema, field.schema, v, out, depth + 1)
                    .map_err(|e| format!("field `{}` of {}: {e}", field.name, record.name))?;
            }
        }
        (Node::Union(branches), v) => {
            let mut buffer = Vec::new();
            for (i, &branch) in branches.iter().enumerate() {
                buffer.clear();
                if encode_default(schema, branch, v, &mut buffer, depth + 1).is_ok() {
                    encode_long(i as i64, out);
                    out.extend_from_slice(&buffer);
                    return Ok(());
                }
            }
            return Err(format!("{value} fits no branch of the union"));
        }
        _ => return Err(expected()),
    }
    Ok(())
}

/// A JSON number (or `"NaN"`, `"Infinity"`, `"-Infinity"`, as Java writes them) as a float.
fn json_float(value: &serde_json::Value) -> Option<f64> {
    match value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// The bytes of a `bytes` or `fixed` default: each code point 0–255 is one byte.
fn latin1(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

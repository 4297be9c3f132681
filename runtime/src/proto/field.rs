//! Field-level encoding: singular, optional, repeated and map fields, built from
//! [`ProtoValue`]. The rules follow proto3 and produce prost's bytes: implicit-presence fields
//! are skipped when they hold the default, repeated scalars are packed, map entries omit a
//! default key or value, and repeated scalars are read in both packed and unpacked form.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use bytes::BufMut;

use super::{Lens, ProtoValue, Reader, WireType, encode_key, encode_varint, key_len, varint_len};
use crate::error::DecodeError;

/// Writes a field that is always present (message fields, optional-in-proto3 fields), with the
/// lengths of nested messages from `lens`.
#[inline]
pub fn encode<V: ProtoValue, B: BufMut, L: Lens>(tag: u32, value: &V, buf: &mut B, lens: &mut L) {
    encode_key(tag, V::WIRE_TYPE, buf);
    value.encode_value_in(buf, lens);
}

/// The bytes [`encode`] writes.
#[inline]
pub fn len<V: ProtoValue, L: Lens>(tag: u32, value: &V, lens: &mut L) -> usize {
    key_len(tag) + value.value_len_in(lens)
}

/// Writes a field with implicit presence: nothing when it holds the default. (Only map values
/// can be messages here; they are measured where they are met.)
#[inline]
pub fn encode_implicit<V: ProtoValue, B: BufMut>(tag: u32, value: &V, buf: &mut B) {
    if !value.is_default_value() {
        encode_key(tag, V::WIRE_TYPE, buf);
        value.encode_value(buf);
    }
}

/// The bytes [`encode_implicit`] writes.
#[inline]
pub fn len_implicit<V: ProtoValue>(tag: u32, value: &V) -> usize {
    if value.is_default_value() {
        0
    } else {
        key_len(tag) + value.value_len()
    }
}

/// Writes an optional field when it is set.
#[inline]
pub fn encode_option<V: ProtoValue, B: BufMut, L: Lens>(
    tag: u32,
    value: Option<&V>,
    buf: &mut B,
    lens: &mut L,
) {
    if let Some(value) = value {
        encode(tag, value, buf, lens);
    }
}

/// The bytes [`encode_option`] writes.
#[inline]
pub fn len_option<V: ProtoValue, L: Lens>(tag: u32, value: Option<&V>, lens: &mut L) -> usize {
    value.map_or(0, |v| len(tag, v, lens))
}

/// Writes a repeated field: packed for scalars, one key per element otherwise.
pub fn encode_repeated<V: ProtoValue, B: BufMut, L: Lens>(
    tag: u32,
    values: &[V],
    buf: &mut B,
    lens: &mut L,
) {
    if values.is_empty() {
        return;
    }
    if V::PACKED {
        encode_key(tag, WireType::LengthDelimited, buf);
        let body: usize = values.iter().map(ProtoValue::value_len).sum();
        encode_varint(body as u64, buf);
        for value in values {
            value.encode_value(buf);
        }
    } else {
        for value in values {
            encode(tag, value, buf, lens);
        }
    }
}

/// The bytes [`encode_repeated`] writes.
pub fn len_repeated<V: ProtoValue, L: Lens>(tag: u32, values: &[V], lens: &mut L) -> usize {
    if values.is_empty() {
        return 0;
    }
    if V::PACKED {
        let body: usize = values.iter().map(ProtoValue::value_len).sum();
        key_len(tag) + varint_len(body as u64) + body
    } else {
        key_len(tag) * values.len() + values.iter().map(|v| v.value_len_in(lens)).sum::<usize>()
    }
}

/// Reads a field value into `value` after checking the wire type.
#[inline]
pub fn merge<V: ProtoValue>(
    tag: u32,
    wire_type: WireType,
    value: &mut V,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    r.expect(tag, wire_type, V::WIRE_TYPE)?;
    value.merge_value(r)
}

/// Reads an optional field: sets it (merging into a message already there).
#[inline]
pub fn merge_option<V: ProtoValue>(
    tag: u32,
    wire_type: WireType,
    value: &mut Option<V>,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    merge(tag, wire_type, value.get_or_insert_with(V::default), r)
}

/// Reads one element of a repeated field, or a packed run of them.
pub fn merge_repeated<V: ProtoValue>(
    tag: u32,
    wire_type: WireType,
    values: &mut Vec<V>,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    if V::PACKED && wire_type == WireType::LengthDelimited {
        return r.nested(|r| {
            while !r.at_end() {
                r.check_collection_len(values.len())?;
                let mut value = V::default();
                let index = values.len();
                value.merge_value(r).map_err(|e| e.at_index(index))?;
                values.push(value);
            }
            Ok(())
        });
    }
    r.expect(tag, wire_type, V::WIRE_TYPE)?;
    r.check_collection_len(values.len())?;
    // Decoded in place, so a large message is not moved into the list afterwards.
    let index = values.len();
    values.push(V::default());
    let result = match values.last_mut() {
        Some(value) => value.merge_value(r),
        None => Ok(()),
    };
    result.map_err(|e| {
        values.truncate(index);
        e.at_index(index)
    })
}

/// The map types generated code uses: `HashMap` (the default) or `BTreeMap`.
pub trait ProtoMap<V> {
    /// The entries, in the map's iteration order.
    fn entries<'a>(&'a self) -> impl Iterator<Item = (&'a String, &'a V)>
    where
        V: 'a;
    /// Inserts an entry, replacing an earlier one with the same key.
    fn insert_entry(&mut self, key: String, value: V);
    /// The number of entries.
    fn entry_count(&self) -> usize;
}

impl<V, S: BuildHasher> ProtoMap<V> for HashMap<String, V, S> {
    fn entries<'a>(&'a self) -> impl Iterator<Item = (&'a String, &'a V)>
    where
        V: 'a,
    {
        self.iter()
    }
    fn insert_entry(&mut self, key: String, value: V) {
        self.insert(key, value);
    }
    fn entry_count(&self) -> usize {
        self.len()
    }
}

impl<V> ProtoMap<V> for BTreeMap<String, V> {
    fn entries<'a>(&'a self) -> impl Iterator<Item = (&'a String, &'a V)>
    where
        V: 'a,
    {
        self.iter()
    }
    fn insert_entry(&mut self, key: String, value: V) {
        self.insert(key, value);
    }
    fn entry_count(&self) -> usize {
        self.len()
    }
}

fn entry_len<V: ProtoValue>(key: &String, value: &V) -> usize {
    len_implicit(1, key) + len_implicit(2, value)
}

/// Writes a map field: one length-delimited entry per key, with key 1 and value 2 omitted when
/// they hold the default. Message values are measured where they are met (see
/// [`Direct`](super::Direct)).
pub fn encode_map<V: ProtoValue, M: ProtoMap<V>, B: BufMut>(tag: u32, map: &M, buf: &mut B) {
    for (key, value) in map.entries() {
        encode_key(tag, WireType::LengthDelimited, buf);
        encode_varint(entry_len(key, value) as u64, buf);
        encode_implicit(1, key, buf);
        encode_implicit(2, value, buf);
    }
}

/// The bytes [`encode_map`] writes.
pub fn len_map<V: ProtoValue, M: ProtoMap<V>>(tag: u32, map: &M) -> usize {
    map.entries()
        .map(|(key, value)| {
            let entry = entry_len(key, value);
            key_len(tag) + varint_len(entry as u64) + entry
        })
        .sum()
}

/// Reads one map entry and inserts it.
pub fn merge_map<V: ProtoValue, M: ProtoMap<V>>(
    tag: u32,
    wire_type: WireType,
    map: &mut M,
    r: &mut Reader<'_>,
) -> Result<(), DecodeError> {
    let (key, value) = read_entry::<V>(tag, wire_type, map.entry_count(), r)?;
    map.insert_entry(key, value);
    Ok(())
}

/// Reads one map entry (key 1, value 2, anything else skipped) of a map that holds `len`
/// entries so far.
pub(crate) fn read_entry<V: ProtoValue>(
    tag: u32,
    wire_type: WireType,
    len: usize,
    r: &mut Reader<'_>,
) -> Result<(String, V), DecodeError> {
    r.expect(tag, wire_type, WireType::LengthDelimited)?;
    r.check_collection_len(len)?;
    let mut key = String::new();
    let mut value = V::default();
    r.nested(|r| {
        while !r.at_end() {
            let (field, wire_type) = r.read_key()?;
            match field {
                1 => merge(field, wire_type, &mut key, r)?,
                2 => merge(field, wire_type, &mut value, r).map_err(|e| e.at_key(&key))?,
                _ => r.skip_field(field, wire_type)?,
            }
        }
        Ok(())
    })?;
    Ok((key, value))
}

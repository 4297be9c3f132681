//! [`Document`]: a JSON value parsed from text that remembers which objects named a key twice.
//!
//! `serde_json::Value` keeps the last of two equal keys, but the generated decoders reject a
//! record field or map key given twice (and ignore repeats inside unknown fields). So the parse
//! records the place of every repeated key, and the checker raises the error only where the
//! generated code would: in a record (for its own fields), a map or a union.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::Segment;

/// A JSON value read from text, for [`super::encode_document`].
///
/// Parse it with `serde_json` like any value: `serde_json::from_str::<Document>(text)`, or one
/// value after another with `serde_json::Deserializer::from_str(text).into_iter::<Document>()`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    value: Value,
    duplicates: Duplicates,
}

impl Document {
    /// A document for a value that has no repeated keys (a `Value` cannot hold any).
    pub fn from_value(value: Value) -> Document {
        Document {
            value,
            duplicates: Duplicates::default(),
        }
    }

    /// The value (of two equal keys, the last one's).
    pub fn value(&self) -> &Value {
        &self.value
    }

    pub(crate) fn duplicates(&self) -> &Duplicates {
        &self.duplicates
    }
}

/// Every key given twice in one object: the object's path and the key.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Duplicates(Vec<(Vec<Segment>, String)>);

impl Duplicates {
    /// The repeated keys of the object at `path` (record fields, map keys and list indexes all
    /// count as the object key or array index they read).
    pub(crate) fn at<'a>(&'a self, path: &'a [Segment]) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(place, _)| {
                place.len() == path.len() && place.iter().zip(path).all(|(a, b)| a.raw() == b.raw())
            })
            .map(|(_, key)| key.as_str())
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Document, D::Error> {
        let state = RefCell::new(State::default());
        let value = Seed { state: &state }.deserialize(deserializer)?;
        Ok(Document {
            value,
            duplicates: Duplicates(state.into_inner().duplicates),
        })
    }
}

#[derive(Default)]
struct State {
    path: Vec<Segment>,
    duplicates: Vec<(Vec<Segment>, String)>,
}

/// Builds a `Value` as `serde_json`'s own visitor does, keeping track of the path.
struct Seed<'s> {
    state: &'s RefCell<State>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.state
                .borrow_mut()
                .path
                .push(Segment::Index(items.len()));
            let item = seq.next_element_seed(Seed { state: self.state });
            self.state.borrow_mut().path.pop();
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.state
                .borrow_mut()
                .path
                .push(Segment::Field(key.clone()));
            let value = map.next_value_seed(Seed { state: self.state });
            let mut state = self.state.borrow_mut();
            state.path.pop();
            let value = value?;
            if object.contains_key(&key) {
                let place = state.path.clone();
                state.duplicates.push((place, key.clone()));
            }
            drop(state);
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_recorded_with_the_path_of_their_object() {
        let doc: Document =
            serde_json::from_str(r#"{"a":[{"x":1,"x":2}],"m":{"k":{"y":1}},"a":[]}"#).unwrap();
        assert_eq!(doc.value()["a"], serde_json::json!([]), "the last one wins");
        let root: Vec<&str> = doc.duplicates().at(&[]).collect();
        assert_eq!(root, ["a"]);
        let inner = [Segment::Key("a".into()), Segment::Index(0)];
        assert_eq!(doc.duplicates().at(&inner).collect::<Vec<_>>(), ["x"]);
        assert_eq!(
            doc.duplicates().at(&[Segment::Field("m".into())]).count(),
            0
        );
    }

    #[test]
    fn values_are_the_ones_serde_json_builds() {
        let text =
            r#"{"n":-0,"f":1.5,"u":18446744073709551615,"i":-3,"s":"é","z":null,"b":[true]}"#;
        let doc: Document = serde_json::from_str(text).unwrap();
        let plain: Value = serde_json::from_str(text).unwrap();
        assert_eq!(doc.value(), &plain);
    }
}

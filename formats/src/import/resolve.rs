//! Named types across files: every definition of every file (with the JSON path where it is
//! written, for messages), and each file's JSON with the definitions of other files' types put
//! in place of the first reference to them, so that the runtime's parser, which knows only one
//! document, can parse it.
//!
//! Names follow the specification: a name with a dot is a full name; otherwise the `namespace`
//! attribute, or the enclosing namespace, qualifies it. A reference without a dot is looked up
//! in the enclosing namespace first and then in the null namespace.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// How deeply the walks follow nested schemas (the runtime's parser has its own, lower limit).
const MAX_DEPTH: usize = 512;

/// Where a record, enum or fixed is defined.
#[derive(Debug)]
pub(super) struct Def {
    /// The index of the file.
    pub(super) file: usize,
    /// The JSON path of the definition in its file (empty at the top level).
    pub(super) path: String,
    /// The definition, with its namespace written out.
    pub(super) json: Map<String, Value>,
}

/// Every named type of the files by full name (the first definition of each), and the full
/// names in the order they are defined.
#[derive(Debug, Default)]
pub(super) struct Defs {
    pub(super) by_name: BTreeMap<String, Def>,
    pub(super) order: Vec<String>,
}

/// `parent` followed by `segment` (`fields[0] ("id")`, `type`, `items`, `[1]`).
pub(super) fn join(parent: &str, segment: &str) -> String {
    if parent.is_empty() {
        segment.to_string()
    } else if segment.starts_with('[') {
        format!("{parent}{segment}")
    } else {
        format!("{parent}.{segment}")
    }
}

/// The path segment of field `i` named `name`.
pub(super) fn field_segment(i: usize, name: &str) -> String {
    format!("fields[{i}] ({name:?})")
}

/// Collects the definitions of every document.
pub(super) fn definitions(documents: &[Value]) -> Defs {
    let mut defs = Defs::default();
    for (file, json) in documents.iter().enumerate() {
        collect(&mut defs, file, json, None, String::new(), 0);
    }
    defs
}

fn collect(
    defs: &mut Defs,
    file: usize,
    json: &Value,
    ns: Option<&str>,
    path: String,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match json {
        Value::Array(branches) => {
            for (i, branch) in branches.iter().enumerate() {
                collect(
                    defs,
                    file,
                    branch,
                    ns,
                    join(&path, &format!("[{i}]")),
                    depth + 1,
                );
            }
        }
        Value::Object(object) => {
            if let Some(full) = defined_name(object, ns) {
                let inner_ns = namespace_of(&full).map(str::to_string);
                if !defs.by_name.contains_key(&full) {
                    defs.order.push(full.clone());
                    defs.by_name.insert(
                        full.clone(),
                        Def {
                            file,
                            path: path.clone(),
                            json: with_namespace(object, inner_ns.as_deref()),
                        },
                    );
                }
                if let Some(Value::Array(fields)) = object.get("fields") {
                    for (i, field) in fields.iter().enumerate() {
                        let name = field.get("name").and_then(Value::as_str).unwrap_or("");
                        if let Some(ty) = field.get("type") {
                            let at = join(&join(&path, &field_segment(i, name)), "type");
                            collect(defs, file, ty, inner_ns.as_deref(), at, depth + 1);
                        }
                    }
                }
                return;
            }
            for key in ["type", "items", "values"] {
                if let Some(inner @ (Value::Object(_) | Value::Array(_))) = object.get(key) {
                    collect(defs, file, inner, ns, join(&path, key), depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// The document with the definition of each named type it uses but does not define put in place
/// of the first reference to it (and every reference written as a full name).
pub(super) fn inline(json: &Value, defs: &Defs) -> Value {
    let mut defined = HashSet::new();
    Inliner {
        defs,
        defined: &mut defined,
    }
    .schema(json, None, 0)
}

struct Inliner<'a> {
    defs: &'a Defs,
    defined: &'a mut HashSet<String>,
}

impl Inliner<'_> {
    fn schema(&mut self, json: &Value, ns: Option<&str>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return json.clone();
        }
        match json {
            Value::String(name) => self.reference(name, ns, depth),
            Value::Array(branches) => Value::Array(
                branches
                    .iter()
                    .map(|b| self.schema(b, ns, depth + 1))
                    .collect(),
            ),
            Value::Object(object) => {
                if let Some(full) = defined_name(object, ns) {
                    if !self.defined.insert(full.clone()) {
                        return Value::String(full);
                    }
                    let inner_ns = namespace_of(&full).map(str::to_string);
                    let mut out = with_namespace(object, inner_ns.as_deref());
                    if let Some(Value::Array(fields)) = object.get("fields") {
                        let fields = fields
                            .iter()
                            .map(|field| match field {
                                Value::Object(field) => {
                                    let mut field = field.clone();
                                    if let Some(ty) = field.get("type") {
                                        let ty = self.schema(ty, inner_ns.as_deref(), depth + 1);
                                        field.insert("type".into(), ty);
                                    }
                                    Value::Object(field)
                                }
                                other => other.clone(),
                            })
                            .collect();
                        out.insert("fields".into(), Value::Array(fields));
                    }
                    return Value::Object(out);
                }
                let mut out = object.clone();
                for key in ["type", "items", "values"] {
                    if let Some(inner) = object.get(key) {
                        let keep = key == "type" && matches!(inner.as_str(), Some("array" | "map"));
                        if !keep {
                            out.insert(key.into(), self.schema(inner, ns, depth + 1));
                        }
                    }
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    fn reference(&mut self, name: &str, ns: Option<&str>, depth: usize) -> Value {
        if PRIMITIVES.contains(&name) || ["record", "enum", "fixed", "array", "map"].contains(&name)
        {
            return Value::String(name.to_string());
        }
        let Some(full) = self.resolve(name, ns) else {
            // Unknown: the runtime's parser reports it.
            return Value::String(name.to_string());
        };
        if self.defined.contains(&full) {
            return Value::String(full);
        }
        let def = &self.defs.by_name[&full];
        self.schema(&Value::Object(def.json.clone()), None, depth + 1)
    }

    fn resolve(&self, name: &str, ns: Option<&str>) -> Option<String> {
        let candidates = match (name.contains('.'), ns) {
            (true, _) | (false, None) => vec![name.to_string()],
            (false, Some(ns)) => vec![format!("{ns}.{name}"), name.to_string()],
        };
        candidates
            .into_iter()
            .find(|c| self.defined.contains(c) || self.defs.by_name.contains_key(c))
    }
}

/// The full name a record, enum or fixed definition gives itself.
fn defined_name(object: &Map<String, Value>, ns: Option<&str>) -> Option<String> {
    let kind = object.get("type")?.as_str()?;
    if !["record", "enum", "fixed"].contains(&kind) {
        return None;
    }
    let name = object.get("name")?.as_str()?;
    if name.contains('.') {
        return Some(name.to_string());
    }
    let ns = match object.get("namespace") {
        Some(Value::String(ns)) => Some(ns.as_str()),
        _ => ns,
    };
    Some(match ns {
        Some(ns) if !ns.is_empty() => format!("{ns}.{name}"),
        _ => name.to_string(),
    })
}

/// The namespace part of a full name.
fn namespace_of(full: &str) -> Option<&str> {
    full.rsplit_once('.').map(|(ns, _)| ns)
}

/// The definition with its namespace written out, so that it means the same anywhere.
fn with_namespace(object: &Map<String, Value>, ns: Option<&str>) -> Map<String, Value> {
    let mut out = object.clone();
    out.insert(
        "namespace".into(),
        Value::String(ns.unwrap_or("").to_string()),
    );
    out
}

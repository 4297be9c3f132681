//! Plain Avro schemas (`.avsc` files) as a version: reading the files, resolving references to
//! named types defined in other files of the same version, and the positions of every named type,
//! field and enum symbol in the text.
//!
//! Each file holds one schema (any schema: a primitive, union, array, map or named type). A
//! reference to a named type that the file does not define is looked up by full name among the
//! definitions of every file of the version (with the specification's rules: a name with a dot is
//! a full name; a simple name is tried in the enclosing namespace, then in the null namespace),
//! and the definition is put in place of the first reference before the file is parsed by
//! `trident::avro::schema`, the runtime's parser. Positions come from [`scan`], as serde_json
//! gives none.

pub(crate) mod scan;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};
use trident::avro::schema::Schema;
use trident_idl::FileSystem;

use crate::finding::Location;
use scan::Spanned;

/// The `.avsc` files of one version.
#[derive(Debug)]
pub(crate) struct AvscSet {
    /// The files, in path order.
    pub(crate) files: Vec<AvscFile>,
    /// Every named type defined in the files (the first definition of each full name).
    defs: BTreeMap<String, Def>,
}

/// One `.avsc` file.
#[derive(Debug)]
pub(crate) struct AvscFile {
    /// The path as shown in findings (with a git version's prefix).
    shown: String,
    /// The path relative to the folder it was found in (or the file name, for a file given
    /// itself): what pairs a file whose schema is not a named type.
    pub(crate) relative: String,
    text: Arc<str>,
    spans: Option<Spanned>,
    /// The schema, with the named types of other files it uses.
    pub(crate) schema: Schema,
}

impl AvscFile {
    /// The full name of the file's top-level named type, if it is one.
    pub(crate) fn root_name(&self) -> Option<String> {
        self.schema
            .node(self.schema.root())
            .name()
            .map(|n| n.fullname())
    }

    /// The top-level type's aliases (full names).
    pub(crate) fn root_aliases(&self) -> Vec<String> {
        let root = self.schema.node(self.schema.root());
        root.aliases().iter().map(|a| a.fullname()).collect()
    }

    fn location(&self, start: usize, end: usize) -> Location {
        let (line, column) = scan::line_col(&self.text, start);
        Location {
            file: self.shown.clone(),
            line,
            column,
            enclosing: false,
            text: Some((self.text.clone(), start, end.saturating_sub(start))),
        }
    }
}

/// Where a named type is defined.
#[derive(Debug)]
struct Def {
    file: usize,
    /// The span of the `"name"` value.
    name: (usize, usize),
    /// Fields (of a record) or symbols (of an enum), with their spans.
    members: Vec<(String, (usize, usize))>,
    /// The definition, with its namespace made explicit, to put in place of references.
    json: Value,
}

impl AvscSet {
    /// Reads the `.avsc` files at `paths` (files, or folders searched recursively); `prefix` is
    /// put in front of the paths shown. Errors name the file, line and column.
    pub(crate) fn load(
        fs: &dyn FileSystem,
        paths: &[PathBuf],
        prefix: &str,
    ) -> Result<AvscSet, String> {
        let mut found = Vec::new();
        for path in paths {
            if fs.is_file(path) {
                let name = path.file_name().map_or_else(
                    || path.to_string_lossy().into_owned(),
                    |n| n.to_string_lossy().into_owned(),
                );
                found.push((path.clone(), name));
            } else if fs.is_dir(path) {
                crate::version::collect_files(fs, path, path, &mut found, &["avsc"])
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            } else {
                return Err(format!("{}: no such file or directory", path.display()));
            }
        }
        if found.is_empty() {
            return Err("no .avsc files found".to_string());
        }
        let mut texts = Vec::new();
        for (path, relative) in found {
            let text = fs
                .read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let shown = format!("{prefix}{}", path.display());
            let json: Value = serde_json::from_str(&text).map_err(|e| {
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                format!(
                    "{shown}:{}:{}: not valid JSON: {message}",
                    e.line(),
                    e.column()
                )
            })?;
            let spans = scan::scan(&text);
            texts.push((shown, relative, Arc::<str>::from(text), json, spans));
        }
        // Every definition of every file, for positions and for references from other files.
        let mut defs = BTreeMap::new();
        let mut conflicts = Vec::new();
        for (file, (_, _, _, json, spans)) in texts.iter().enumerate() {
            let mut collector = Collector {
                file,
                defs: &mut defs,
                conflicts: &mut conflicts,
            };
            collector.schema(json, spans.as_ref(), None, 0);
        }
        // A name defined identically in several files (self-contained files inline the types
        // they use) is one type; defined differently, it is ambiguous.
        if let Some((full, first, second, at)) = conflicts.first() {
            let (line, column) = scan::line_col(&texts[*second].2, *at);
            return Err(format!(
                "{}:{line}:{column}: named type `{full}` is defined differently in {} and here; \
                 a version must define each name once",
                texts[*second].0, texts[*first].0
            ));
        }
        let mut files = Vec::new();
        for (file, (shown, relative, text, json, spans)) in texts.into_iter().enumerate() {
            let mut own = BTreeMap::new();
            Collector {
                file,
                defs: &mut own,
                conflicts: &mut Vec::new(),
            }
            .schema(&json, None, None, 0);
            let mut inliner = Inliner {
                defs: &defs,
                own: own.keys().cloned().collect(),
                seen: HashSet::new(),
            };
            let complete = inliner.schema(&json, None, 0);
            let schema = Schema::parse(&complete).map_err(|e| {
                let message = e.to_string();
                let (pointer, what) = match message.strip_prefix("invalid Avro schema at ") {
                    Some(rest) => rest.split_once(": ").unwrap_or(("", rest)),
                    None => (
                        "",
                        message
                            .strip_prefix("invalid Avro schema: ")
                            .unwrap_or(&message),
                    ),
                };
                let start = spans.as_ref().map_or(0, |s| s.follow(pointer).start);
                let (line, column) = scan::line_col(&text, start);
                format!("{shown}:{line}:{column}: invalid Avro schema: {what}")
            })?;
            files.push(AvscFile {
                shown,
                relative,
                text,
                spans,
                schema,
            });
        }
        Ok(AvscSet { files, defs })
    }

    /// The file of a top-level schema: by its named type's full name, or by its relative path.
    pub(crate) fn unit(&self, key: &str) -> Option<&AvscFile> {
        self.files
            .iter()
            .find(|f| f.root_name().as_deref() == Some(key))
            .or_else(|| self.files.iter().find(|f| f.relative == key))
    }

    /// Whether a named type with this full name is defined.
    pub(crate) fn defines(&self, full_name: &str) -> bool {
        self.defs.contains_key(full_name)
    }

    /// Where a named type is defined (its `"name"`), or where a file's top-level schema starts
    /// (for a relative path).
    pub(crate) fn locate_type(&self, key: &str) -> Option<Location> {
        if let Some(def) = self.defs.get(key) {
            let file = self.files.get(def.file)?;
            return Some(file.location(def.name.0, def.name.1));
        }
        let file = self.files.iter().find(|f| f.relative == key)?;
        let (start, end) = file.spans.as_ref().map_or((0, 0), |s| (s.start, s.end));
        let line_end = file.text[start..end].find('\n').map_or(end, |i| start + i);
        Some(file.location(start, line_end))
    }

    /// Where a record's field or an enum's symbol is.
    pub(crate) fn locate_member(&self, type_name: &str, member: &str) -> Option<Location> {
        let def = self.defs.get(type_name)?;
        let (_, (start, end)) = def.members.iter().find(|(m, _)| m == member)?;
        Some(self.files.get(def.file)?.location(*start, *end))
    }
}

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// How deeply the walks below follow schemas (the runtime's parser has its own, lower limit).
const MAX_DEPTH: usize = 1024;

/// The full name a definition gives itself, and its namespace.
fn defined_name(object: &Map<String, Value>, namespace: Option<&str>) -> Option<String> {
    let name = object.get("name")?.as_str()?;
    if name.contains('.') {
        return Some(name.to_string());
    }
    let namespace = match object.get("namespace") {
        Some(Value::String(ns)) => Some(ns.as_str()),
        _ => namespace,
    };
    Some(match namespace.filter(|ns| !ns.is_empty()) {
        Some(ns) => format!("{ns}.{name}"),
        None => name.to_string(),
    })
}

/// A definition as it compares with another file's definition of the same name: named types
/// defined inside it become references, and references become full names (a file defines a type
/// where it first uses it, so the same type is written out in one file and referred to by name
/// in another).
fn normalized(json: &Value, ns: Option<&str>, top: bool, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match json {
        Value::String(name) if PRIMITIVES.contains(&name.as_str()) || name.contains('.') => {
            json.clone()
        }
        Value::String(name) => Value::String(match ns.filter(|ns| !ns.is_empty()) {
            Some(ns) => format!("{ns}.{name}"),
            None => name.clone(),
        }),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| normalized(item, ns, false, depth + 1))
                .collect(),
        ),
        Value::Object(object) => {
            let named = matches!(kind(object), Some("record" | "error" | "enum" | "fixed"));
            let full = named.then(|| defined_name(object, ns)).flatten();
            if let (false, Some(full)) = (top, &full) {
                return Value::String(full.clone());
            }
            let inner = full.as_deref().map_or(ns, namespace_of);
            let mut out = object.clone();
            for key in ["type", "items", "values"] {
                let keyword = |v: &Value| {
                    key == "type"
                        && matches!(
                            v.as_str(),
                            Some("array" | "map" | "record" | "error" | "enum" | "fixed")
                        )
                };
                if let Some(value) = object.get(key).filter(|v| !keyword(v)) {
                    out.insert(key.to_string(), normalized(value, inner, false, depth + 1));
                }
            }
            if let Some(Value::Array(fields)) = object.get("fields") {
                let fields = fields
                    .iter()
                    .map(|field| match field {
                        Value::Object(f) => {
                            let mut f = f.clone();
                            if let Some(ty) = f.get("type").cloned() {
                                f.insert("type".into(), normalized(&ty, inner, false, depth + 1));
                            }
                            Value::Object(f)
                        }
                        other => other.clone(),
                    })
                    .collect();
                out.insert("fields".into(), Value::Array(fields));
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn namespace_of(full_name: &str) -> Option<&str> {
    full_name.rsplit_once('.').map(|(ns, _)| ns)
}

fn kind(object: &Map<String, Value>) -> Option<&str> {
    object.get("type").and_then(Value::as_str)
}

/// Records the named types a schema defines.
struct Collector<'a> {
    file: usize,
    defs: &'a mut BTreeMap<String, Def>,
    /// Named types defined differently by two files: (full name, first file, second file,
    /// offset of the second definition's name).
    conflicts: &'a mut Vec<(String, usize, usize, usize)>,
}

impl Collector<'_> {
    fn schema(&mut self, json: &Value, spans: Option<&Spanned>, ns: Option<&str>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match json {
            Value::Array(branches) => {
                for (i, branch) in branches.iter().enumerate() {
                    self.schema(branch, spans.and_then(|s| s.item(i)), ns, depth + 1);
                }
            }
            Value::Object(object) => match object.get("type") {
                Some(Value::String(ty)) => match ty.as_str() {
                    "record" | "error" | "enum" | "fixed" => {
                        self.define(object, spans, ns, depth);
                    }
                    "array" => self.nested(object, spans, "items", ns, depth),
                    "map" => self.nested(object, spans, "values", ns, depth),
                    _ => {}
                },
                Some(_) => self.nested(object, spans, "type", ns, depth),
                None => {}
            },
            _ => {}
        }
    }

    fn nested(
        &mut self,
        object: &Map<String, Value>,
        spans: Option<&Spanned>,
        key: &str,
        ns: Option<&str>,
        depth: usize,
    ) {
        if let Some(inner) = object.get(key) {
            self.schema(inner, spans.and_then(|s| s.get(key)), ns, depth + 1);
        }
    }

    fn define(
        &mut self,
        object: &Map<String, Value>,
        spans: Option<&Spanned>,
        ns: Option<&str>,
        depth: usize,
    ) {
        let Some(full) = defined_name(object, ns) else {
            return;
        };
        let span = |s: Option<&Spanned>| s.map_or((0, 0), |s| (s.start, s.end));
        let name = span(spans.and_then(|s| s.get("name")));
        let inner_ns = namespace_of(&full).map(str::to_string);
        let mut members = Vec::new();
        let mut json = object.clone();
        json.insert("name".into(), Value::String(full.clone()));
        json.remove("namespace");
        if !full.contains('.') {
            json.insert("namespace".into(), Value::String(String::new()));
        }
        if kind(object) == Some("enum") {
            let symbols = object.get("symbols").and_then(Value::as_array);
            for (i, symbol) in symbols.into_iter().flatten().enumerate() {
                if let Some(symbol) = symbol.as_str() {
                    let at = spans.and_then(|s| s.get("symbols")?.item(i));
                    members.push((symbol.to_string(), span(at)));
                }
            }
        }
        let fields = object.get("fields").and_then(Value::as_array);
        if kind(object) != Some("enum") && kind(object) != Some("fixed") {
            for (i, field) in fields.into_iter().flatten().enumerate() {
                let at = spans.and_then(|s| s.get("fields")?.item(i));
                if let Some(name) = field.get("name").and_then(Value::as_str) {
                    members.push((name.to_string(), span(at.and_then(|f| f.get("name")))));
                }
                if let Some(ty) = field.get("type") {
                    let ty_spans = at.and_then(|f| f.get("type"));
                    self.schema(ty, ty_spans, inner_ns.as_deref(), depth + 1);
                }
            }
        }
        let json = Value::Object(json);
        if let Some(earlier) = self.defs.get(&full) {
            let ns = namespace_of(&full);
            if earlier.file != self.file
                && normalized(&earlier.json, ns, true, 0) != normalized(&json, ns, true, 0)
            {
                self.conflicts.push((full, earlier.file, self.file, name.0));
            }
            return;
        }
        self.defs.insert(
            full,
            Def {
                file: self.file,
                name,
                members,
                json,
            },
        );
    }
}

/// Puts the definitions of other files in place of the first reference to each.
struct Inliner<'a> {
    defs: &'a BTreeMap<String, Def>,
    /// The names the file defines itself.
    own: HashSet<String>,
    /// The names already put in.
    seen: HashSet<String>,
}

impl Inliner<'_> {
    fn schema(&mut self, json: &Value, ns: Option<&str>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return json.clone();
        }
        match json {
            Value::String(name) if !PRIMITIVES.contains(&name.as_str()) => self
                .reference(name, ns, depth)
                .unwrap_or_else(|| json.clone()),
            Value::Array(branches) => Value::Array(
                branches
                    .iter()
                    .map(|b| self.schema(b, ns, depth + 1))
                    .collect(),
            ),
            Value::Object(object) => {
                let mut out = object.clone();
                match object.get("type") {
                    Some(Value::String(ty)) => match ty.as_str() {
                        "record" | "error" | "enum" | "fixed" => {
                            let Some(full) = defined_name(object, ns) else {
                                return json.clone();
                            };
                            self.seen.insert(full.clone());
                            let inner_ns = namespace_of(&full);
                            if let Some(Value::Array(fields)) = out.get_mut("fields") {
                                for field in fields {
                                    if let Some(ty) = field.get("type") {
                                        let ty = self.schema(ty, inner_ns, depth + 1);
                                        field["type"] = ty;
                                    }
                                }
                            }
                        }
                        "array" => self.replace(&mut out, "items", ns, depth),
                        "map" => self.replace(&mut out, "values", ns, depth),
                        _ => self.replace(&mut out, "type", ns, depth),
                    },
                    Some(_) => self.replace(&mut out, "type", ns, depth),
                    None => {}
                }
                Value::Object(out)
            }
            _ => json.clone(),
        }
    }

    fn replace(
        &mut self,
        object: &mut Map<String, Value>,
        key: &str,
        ns: Option<&str>,
        depth: usize,
    ) {
        if let Some(inner) = object.get(key) {
            let inner = self.schema(inner, ns, depth + 1);
            object.insert(key.to_string(), inner);
        }
    }

    /// The definition to put in place of a reference to `name`, if another file has it.
    fn reference(&mut self, name: &str, ns: Option<&str>, depth: usize) -> Option<Value> {
        let mut candidates = Vec::new();
        if !name.contains('.')
            && let Some(ns) = ns.filter(|ns| !ns.is_empty())
        {
            candidates.push(format!("{ns}.{name}"));
        }
        candidates.push(name.to_string());
        for candidate in candidates {
            if self.own.contains(&candidate) || self.seen.contains(&candidate) {
                return None;
            }
            if let Some(def) = self.defs.get(&candidate) {
                let ns = namespace_of(&candidate).map(str::to_string);
                return Some(self.schema(&def.json, ns.as_deref(), depth + 1));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::normalized;

    #[test]
    fn a_type_written_out_and_one_referred_to_by_name_compare_equal() {
        let inline = json!({"type": "record", "name": "acme.Order", "fields": [
            {"name": "item", "type": {"type": "record", "name": "Item", "fields": []}},
            {"name": "items", "type": {"type": "array", "items": "Item"}},
            {"name": "tags", "type": {"type": "map", "values": "string"}}
        ]});
        let by_name = json!({"type": "record", "name": "acme.Order", "fields": [
            {"name": "item", "type": "acme.Item"},
            {"name": "items", "type": {"type": "array", "items": "acme.Item"}},
            {"name": "tags", "type": {"type": "map", "values": "string"}}
        ]});
        let other = json!({"type": "record", "name": "acme.Order", "fields": [
            {"name": "item", "type": "acme.Item"},
            {"name": "items", "type": {"type": "array", "items": "long"}},
            {"name": "tags", "type": {"type": "map", "values": "string"}}
        ]});
        let ns = Some("acme");
        assert_eq!(
            normalized(&inline, ns, true, 0),
            normalized(&by_name, ns, true, 0)
        );
        assert_ne!(
            normalized(&inline, ns, true, 0),
            normalized(&other, ns, true, 0)
        );
    }
}

//! Parsing `.avsc` JSON into a [`Schema`]: names and namespaces, references, and every check
//! the specification asks for.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::*;

/// Whether `s` is a valid name: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_valid_namespace(s: &str) -> bool {
    s.split('.').all(is_valid_name)
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(super) struct Parser {
    nodes: Vec<Node>,
    meta: Vec<Meta>,
    names: HashMap<String, NodeId>,
    /// JSON pointer segments to the value being parsed.
    path: Vec<String>,
}

impl Parser {
    /// Parses a whole schema document.
    pub(super) fn parse(value: &Value) -> Result<Schema, SchemaError> {
        let mut parser = Parser {
            nodes: Vec::new(),
            meta: Vec::new(),
            names: HashMap::new(),
            path: Vec::new(),
        };
        let root = parser.schema(value, None, 0)?;
        Ok(Schema {
            nodes: parser.nodes,
            meta: parser.meta,
            names: parser.names,
            root,
        })
    }

    fn err(&self, message: impl fmt::Display) -> SchemaError {
        self.err_at(&[], message)
    }

    /// An error at the current path extended by `extra` segments.
    fn err_at(&self, extra: &[&dyn fmt::Display], message: impl fmt::Display) -> SchemaError {
        let mut pointer = String::new();
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        for segment in self.path.iter().chain(&extra) {
            pointer.push('/');
            pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        }
        if pointer.is_empty() {
            SchemaError(format!("invalid Avro schema: {message}"))
        } else {
            SchemaError(format!("invalid Avro schema at {pointer}: {message}"))
        }
    }

    /// Parses the value at `path`/`segment`.
    fn nested<T>(
        &mut self,
        segment: impl fmt::Display,
        f: impl FnOnce(&mut Parser) -> Result<T, SchemaError>,
    ) -> Result<T, SchemaError> {
        self.path.push(segment.to_string());
        let result = f(self)?;
        self.path.pop();
        Ok(result)
    }

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.meta.push(Meta::default());
        self.nodes.len() - 1
    }

    fn schema(
        &mut self,
        value: &Value,
        namespace: Option<&str>,
        depth: usize,
    ) -> Result<NodeId, SchemaError> {
        if depth > MAX_DEPTH {
            return Err(self.err(format!("schemas nest more than {MAX_DEPTH} levels deep")));
        }
        match value {
            Value::String(name) => self.named_or_primitive(name, namespace),
            Value::Array(branches) => self.union(branches, namespace, depth),
            Value::Object(object) => self.object(object, namespace, depth),
            other => Err(self.err(format!(
                "a schema is a JSON string, object or array, not {}",
                json_kind(other)
            ))),
        }
    }

    fn primitive(name: &str) -> Option<Node> {
        Some(match name {
            "null" => Node::Null,
            "boolean" => Node::Boolean,
            "int" => Node::Int,
            "long" => Node::Long,
            "float" => Node::Float,
            "double" => Node::Double,
            "bytes" => Node::Bytes,
            "string" => Node::String,
            _ => return None,
        })
    }

    fn named_or_primitive(
        &mut self,
        name: &str,
        namespace: Option<&str>,
    ) -> Result<NodeId, SchemaError> {
        match Parser::primitive(name) {
            Some(node) => Ok(self.push(node)),
            None => self.reference(name, namespace),
        }
    }

    fn reference(&self, name: &str, namespace: Option<&str>) -> Result<NodeId, SchemaError> {
        if name.contains('.') {
            return self
                .names
                .get(name)
                .copied()
                .ok_or_else(|| self.err(format!("unknown type `{name}`")));
        }
        if let Some(ns) = namespace
            && let Some(&id) = self.names.get(&format!("{ns}.{name}"))
        {
            return Ok(id);
        }
        if let Some(&id) = self.names.get(name) {
            return Ok(id);
        }
        Err(match namespace {
            Some(ns) => self.err(format!(
                "unknown type `{name}` (neither `{ns}.{name}` nor `{name}` is defined before it)"
            )),
            None => self.err(format!("unknown type `{name}`")),
        })
    }

    fn object(
        &mut self,
        object: &Map<String, Value>,
        namespace: Option<&str>,
        depth: usize,
    ) -> Result<NodeId, SchemaError> {
        let Some(ty) = object.get("type") else {
            return Err(self.err("a schema object needs a \"type\""));
        };
        let id = match ty {
            Value::String(ty) => match ty.as_str() {
                "record" => self.record(object, namespace, depth)?,
                "enum" => self.enumeration(object, namespace)?,
                "fixed" => self.fixed(object, namespace)?,
                "array" => {
                    let Some(items) = object.get("items") else {
                        return Err(self.err("an array needs \"items\""));
                    };
                    let items = self.nested("items", |p| p.schema(items, namespace, depth + 1))?;
                    self.push(Node::Array(items))
                }
                "map" => {
                    let Some(values) = object.get("values") else {
                        return Err(self.err("a map needs \"values\""));
                    };
                    let values =
                        self.nested("values", |p| p.schema(values, namespace, depth + 1))?;
                    self.push(Node::Map(values))
                }
                other => match Parser::primitive(other) {
                    Some(node) => self.push(node),
                    // `{"type": "Name"}`: a reference; attributes next to it do not apply.
                    None => return self.nested("type", |p| p.reference(other, namespace)),
                },
            },
            // `{"type": {...}}` or `{"type": [...]}`: the type is the nested schema.
            Value::Object(_) | Value::Array(_) => {
                return self.nested("type", |p| p.schema(ty, namespace, depth + 1));
            }
            other => {
                return Err(self.err_at(
                    &[&"type"],
                    format!(
                        "\"type\" is a type name or a schema, not {}",
                        json_kind(other)
                    ),
                ));
            }
        };
        self.meta[id] = self.logical(object, id);
        Ok(id)
    }

    /// The logical type written on `object`, checked against the base type `id`.
    fn logical(&self, object: &Map<String, Value>, id: NodeId) -> Meta {
        let Some(Value::String(logical)) = object.get("logicalType") else {
            return Meta::default();
        };
        let node = &self.nodes[id];
        let applies = match logical.as_str() {
            "decimal" => {
                let decimal = decimal_params(object, node);
                return Meta {
                    logical_type: decimal.map(|_| logical.clone()),
                    decimal,
                };
            }
            "big-decimal" => matches!(node, Node::Bytes),
            "uuid" => {
                matches!(node, Node::String) || matches!(node, Node::Fixed(f) if f.size == 16)
            }
            "date" | "time-millis" => matches!(node, Node::Int),
            "time-micros"
            | "timestamp-millis"
            | "timestamp-micros"
            | "timestamp-nanos"
            | "local-timestamp-millis"
            | "local-timestamp-micros"
            | "local-timestamp-nanos" => matches!(node, Node::Long),
            "duration" => matches!(node, Node::Fixed(f) if f.size == 12),
            _ => true,
        };
        Meta {
            logical_type: applies.then(|| logical.clone()),
            decimal: None,
        }
    }

    /// The full name a record, enum or fixed definition gives itself, checked and registered.
    fn define(
        &mut self,
        object: &Map<String, Value>,
        namespace: Option<&str>,
        id: NodeId,
    ) -> Result<Name, SchemaError> {
        let name = match object.get("name") {
            Some(Value::String(name)) => name,
            Some(other) => {
                return Err(self.err(format!(
                    "\"name\" must be a string, not {}",
                    json_kind(other)
                )));
            }
            None => return Err(self.err("a named type needs a \"name\"")),
        };
        let name = if name.contains('.') {
            let full = Name::from_fullname(name);
            if !full.namespace.as_deref().is_some_and(is_valid_namespace) {
                return Err(self.err(format!("invalid namespace in the name `{name}`")));
            }
            full
        } else {
            let namespace = match object.get("namespace") {
                Some(Value::String(ns)) => {
                    if !ns.is_empty() && !is_valid_namespace(ns) {
                        return Err(self.err(format!("invalid namespace `{ns}`")));
                    }
                    Some(ns.as_str())
                }
                Some(Value::Null) | None => namespace,
                Some(other) => {
                    return Err(self.err(format!(
                        "\"namespace\" must be a string, not {}",
                        json_kind(other)
                    )));
                }
            };
            Name::new(name.as_str(), namespace)
        };
        if !is_valid_name(&name.name) {
            return Err(self.err(format!(
                "invalid name `{}`: names start with a letter or `_` and contain only letters, \
                 digits and `_`",
                name.name
            )));
        }
        if PRIMITIVES.contains(&name.name.as_str()) {
            return Err(self.err(format!(
                "`{name}` cannot be defined: `{}` is a primitive type name",
                name.name
            )));
        }
        let fullname = name.fullname();
        if self.names.contains_key(&fullname) {
            return Err(self.err(format!("`{fullname}` is defined twice")));
        }
        self.names.insert(fullname, id);
        Ok(name)
    }

    fn string_list(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
    ) -> Result<Vec<String>, SchemaError> {
        match object.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => self.nested(key, |p| {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| match item {
                        Value::String(s) => Ok(s.clone()),
                        other => Err(p.err_at(
                            &[&i],
                            format!("expected a string, not {}", json_kind(other)),
                        )),
                    })
                    .collect()
            }),
            Some(other) => Err(self.err(format!(
                "\"{key}\" must be an array of strings, not {}",
                json_kind(other)
            ))),
        }
    }

    /// Aliases of a named type, resolved against the type's namespace.
    fn type_aliases(
        &mut self,
        object: &Map<String, Value>,
        name: &Name,
    ) -> Result<Vec<Name>, SchemaError> {
        Ok(self
            .string_list(object, "aliases")?
            .iter()
            .map(|alias| {
                if alias.contains('.') {
                    Name::from_fullname(alias)
                } else {
                    Name::new(alias.as_str(), name.namespace.as_deref())
                }
            })
            .collect())
    }

    fn record(
        &mut self,
        object: &Map<String, Value>,
        namespace: Option<&str>,
        depth: usize,
    ) -> Result<NodeId, SchemaError> {
        let id = self.push(Node::Null);
        let name = self.define(object, namespace, id)?;
        let aliases = self.type_aliases(object, &name)?;
        let doc = object.get("doc").and_then(Value::as_str).map(str::to_owned);
        let fields_json = match object.get("fields") {
            Some(Value::Array(fields)) => fields,
            Some(other) => {
                return Err(self.err(format!(
                    "\"fields\" must be an array, not {}",
                    json_kind(other)
                )));
            }
            None => return Err(self.err("a record needs \"fields\"")),
        };
        let inner_namespace = name.namespace.clone();
        // The record exists (without fields) before its fields so that they can refer to it.
        self.nodes[id] = Node::Record(Record {
            name,
            aliases,
            doc,
            fields: Vec::new(),
        });
        let fields = self.nested("fields", |p| {
            let mut fields: Vec<Field> = Vec::with_capacity(fields_json.len());
            for (i, field) in fields_json.iter().enumerate() {
                let field = p.nested(i, |p| p.field(field, inner_namespace.as_deref(), depth))?;
                if fields.iter().any(|f| f.name == field.name) {
                    return Err(p.err_at(&[&i], format!("field `{}` is defined twice", field.name)));
                }
                fields.push(field);
            }
            Ok(fields)
        })?;
        if let Node::Record(record) = &mut self.nodes[id] {
            record.fields = fields;
        }
        Ok(id)
    }

    fn field(
        &mut self,
        field: &Value,
        namespace: Option<&str>,
        depth: usize,
    ) -> Result<Field, SchemaError> {
        let Value::Object(field) = field else {
            return Err(self.err(format!(
                "a field is a JSON object, not {}",
                json_kind(field)
            )));
        };
        let name = match field.get("name") {
            Some(Value::String(name)) if is_valid_name(name) => name.clone(),
            Some(Value::String(name)) => {
                return Err(self.err(format!(
                    "invalid field name `{name}`: names start with a letter or `_` and contain \
                     only letters, digits and `_`"
                )));
            }
            _ => return Err(self.err("a field needs a \"name\" string")),
        };
        let aliases = self.string_list(field, "aliases")?;
        match field.get("order") {
            None => {}
            Some(Value::String(order))
                if ["ascending", "descending", "ignore"].contains(&order.as_str()) => {}
            Some(other) => {
                return Err(self.err(format!(
                    "field `{name}`: \"order\" is \"ascending\", \"descending\" or \"ignore\", not {other}"
                )));
            }
        }
        let Some(ty) = field.get("type") else {
            return Err(self.err(format!("field `{name}` needs a \"type\"")));
        };
        let schema = self.nested("type", |p| p.schema(ty, namespace, depth + 1))?;
        Ok(Field {
            name,
            aliases,
            schema,
            default: field.get("default").cloned(),
        })
    }

    fn enumeration(
        &mut self,
        object: &Map<String, Value>,
        namespace: Option<&str>,
    ) -> Result<NodeId, SchemaError> {
        let id = self.push(Node::Null);
        let name = self.define(object, namespace, id)?;
        let aliases = self.type_aliases(object, &name)?;
        if !object.contains_key("symbols") {
            return Err(self.err("an enum needs \"symbols\""));
        }
        let symbols = self.string_list(object, "symbols")?;
        for (i, symbol) in symbols.iter().enumerate() {
            if !is_valid_name(symbol) {
                return Err(
                    self.err_at(&[&"symbols", &i], format!("invalid enum symbol `{symbol}`"))
                );
            }
            if symbols[..i].contains(symbol) {
                return Err(self.err_at(
                    &[&"symbols", &i],
                    format!("symbol `{symbol}` appears twice"),
                ));
            }
        }
        let default = match object.get("default") {
            None => None,
            Some(Value::String(default)) if symbols.contains(default) => Some(default.clone()),
            Some(other) => {
                return Err(self.err_at(
                    &[&"default"],
                    format!("the enum default {other} is not one of its symbols"),
                ));
            }
        };
        self.nodes[id] = Node::Enum(Enum {
            name,
            aliases,
            symbols,
            default,
        });
        Ok(id)
    }

    fn fixed(
        &mut self,
        object: &Map<String, Value>,
        namespace: Option<&str>,
    ) -> Result<NodeId, SchemaError> {
        let id = self.push(Node::Null);
        let name = self.define(object, namespace, id)?;
        let aliases = self.type_aliases(object, &name)?;
        let size = match object.get("size") {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse::<u64>().ok()
            }
            None => return Err(self.err("a fixed type needs a \"size\"")),
            Some(_) => None,
        };
        let Some(size) = size.and_then(|s| usize::try_from(s).ok()) else {
            return Err(self.err_at(
                &[&"size"],
                "the size of a fixed type is a non-negative integer",
            ));
        };
        self.nodes[id] = Node::Fixed(Fixed {
            name,
            aliases,
            size,
        });
        Ok(id)
    }

    fn union(
        &mut self,
        branches: &[Value],
        namespace: Option<&str>,
        depth: usize,
    ) -> Result<NodeId, SchemaError> {
        let mut ids: Vec<NodeId> = Vec::with_capacity(branches.len());
        for (i, branch) in branches.iter().enumerate() {
            let id = self.nested(i, |p| {
                let id = p.schema(branch, namespace, depth + 1)?;
                let node = &p.nodes[id];
                if let Node::Union(_) = node {
                    return Err(p.err("a union cannot directly contain a union"));
                }
                let duplicate = ids.iter().find(|&&other| {
                    let other = &p.nodes[other];
                    match (node.name(), other.name()) {
                        (Some(a), Some(b)) => a == b,
                        (None, None) => node.kind() == other.kind(),
                        _ => false,
                    }
                });
                if duplicate.is_some() {
                    return Err(match node.name() {
                        Some(name) => p.err(format!("the union contains `{name}` twice")),
                        None => p.err(format!(
                            "the union contains two `{}` branches (only named types may repeat \
                             their kind)",
                            node.kind()
                        )),
                    });
                }
                Ok(id)
            })?;
            ids.push(id);
        }
        Ok(self.push(Node::Union(ids)))
    }
}

/// The precision and scale of a `decimal` on `node`, if they are valid for it.
fn decimal_params(object: &Map<String, Value>, node: &Node) -> Option<Decimal> {
    let precision = u32::try_from(object.get("precision")?.as_u64()?).ok()?;
    let scale = match object.get("scale") {
        None => 0,
        Some(scale) => u32::try_from(scale.as_u64()?).ok()?,
    };
    if precision == 0 || scale > precision {
        return None;
    }
    match node {
        Node::Bytes => {}
        // n bytes hold floor(log10(2^(8n-1) - 1)) decimal digits.
        Node::Fixed(f) => {
            if f.size == 0 {
                return None;
            }
            if f.size < 512 {
                let bits = (f.size * 8 - 1) as f64;
                let digits = (bits * std::f64::consts::LOG10_2).floor();
                if f64::from(precision) > digits {
                    return None;
                }
            }
        }
        _ => return None,
    }
    Some(Decimal { precision, scale })
}

//! Avro schemas as the specification declares them in JSON (`.avsc`): parsing into an arena of
//! nodes (so that named types can refer to themselves), the Parsing Canonical Form, the
//! CRC-64-AVRO (Rabin) fingerprint of that form, and a store that finds a schema by its
//! fingerprint (as single-object encoding and schema registries need).
//!
//! Parsing follows the specification's "Schema Declaration", "Names" and "Aliases" sections, with
//! these choices where the specification is silent or implementations differ:
//!
//! - A name without a dot that is used as a reference is looked up in the enclosing namespace
//!   first and then, as Java does, in the null namespace (otherwise a type in the null namespace
//!   could not be referred to from inside a namespace). Only names defined earlier in the
//!   document (or the type being defined, for recursion) can be referred to.
//! - Aliases may be any string, as the specification allows; they are not registered as names
//!   (a reference must use the type's own name), and their uniqueness is not checked.
//! - Field defaults are kept as JSON and not validated here: old schemas with invalid defaults
//!   must still parse (the specification's "Fixing an invalid, but previously accepted, schema").
//!   A default is checked when a resolution needs it.
//! - A known logical type on a base type it does not apply to (or a `decimal` whose precision
//!   and scale are invalid) is ignored, as the specification asks; unknown logical types are kept
//!   for information. A `logicalType` written next to a reference to a named type, or next to a
//!   nested `{"type": {...}}` object, is ignored.
//! - A `fixed` size may be a JSON integer or a string of digits (the `[INTEGERS]` rule of the
//!   canonical form mentions quoted integers).

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

mod parse;

use parse::Parser;

/// The index of a node in a [`Schema`]'s arena. A named type has one node, shared by every
/// reference to it.
pub type NodeId = usize;

/// How deeply schemas may nest in the JSON (records in fields in records, arrays of arrays, ...),
/// so that parsing stays within the stack whatever the input.
const MAX_DEPTH: usize = 256;

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// One type of a schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `boolean`.
    Boolean,
    /// `int`: 32 bits.
    Int,
    /// `long`: 64 bits.
    Long,
    /// `float`: IEEE 754 single precision.
    Float,
    /// `double`: IEEE 754 double precision.
    Double,
    /// `bytes`.
    Bytes,
    /// `string`: UTF-8.
    String,
    /// A named record.
    Record(Record),
    /// A named enumeration.
    Enum(Enum),
    /// An array of the given items.
    Array(NodeId),
    /// A map from strings to the given values.
    Map(NodeId),
    /// A union of the given branches, in order.
    Union(Vec<NodeId>),
    /// A named fixed-size byte string.
    Fixed(Fixed),
}

impl Node {
    /// The type's kind as the schema language spells it (`"record"`, `"int"`, `"union"`, ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Boolean => "boolean",
            Node::Int => "int",
            Node::Long => "long",
            Node::Float => "float",
            Node::Double => "double",
            Node::Bytes => "bytes",
            Node::String => "string",
            Node::Record(_) => "record",
            Node::Enum(_) => "enum",
            Node::Array(_) => "array",
            Node::Map(_) => "map",
            Node::Union(_) => "union",
            Node::Fixed(_) => "fixed",
        }
    }

    /// The name of a record, enum or fixed.
    pub fn name(&self) -> Option<&Name> {
        match self {
            Node::Record(r) => Some(&r.name),
            Node::Enum(e) => Some(&e.name),
            Node::Fixed(f) => Some(&f.name),
            _ => None,
        }
    }

    /// The aliases of a record, enum or fixed (empty for other types).
    pub fn aliases(&self) -> &[Name] {
        match self {
            Node::Record(r) => &r.aliases,
            Node::Enum(e) => &e.aliases,
            Node::Fixed(f) => &f.aliases,
            _ => &[],
        }
    }
}

/// The name of a record, enum or fixed: an unqualified name and a namespace.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    /// The unqualified name (no dots).
    pub name: String,
    /// The namespace; `None` is the null namespace (also written `""`).
    pub namespace: Option<String>,
}

impl Name {
    /// A name in a namespace (`None` or `Some("")` for the null namespace).
    pub fn new(name: impl Into<String>, namespace: Option<&str>) -> Name {
        Name {
            name: name.into(),
            namespace: namespace.filter(|ns| !ns.is_empty()).map(str::to_owned),
        }
    }

    /// Splits a full name at its last dot: `a.b.C` is `C` in namespace `a.b`.
    pub fn from_fullname(fullname: &str) -> Name {
        match fullname.rsplit_once('.') {
            Some((namespace, name)) => Name::new(name, Some(namespace)),
            None => Name::new(fullname, None),
        }
    }

    /// `namespace.name`, or just `name` in the null namespace.
    pub fn fullname(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{ns}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(ns) = &self.namespace {
            write!(f, "{ns}.")?;
        }
        f.write_str(&self.name)
    }
}

/// A record type.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The record's name.
    pub name: Name,
    /// Other names the record had (fully qualified, relative ones resolved against the record's
    /// namespace).
    pub aliases: Vec<Name>,
    /// The documentation.
    pub doc: Option<String>,
    /// The fields, in the order they are encoded.
    pub fields: Vec<Field>,
}

/// A field of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// Other names the field had.
    pub aliases: Vec<String>,
    /// The field's type.
    pub schema: NodeId,
    /// The default value as written in the schema (JSON), used when a reader's field is missing
    /// from the writer's record.
    pub default: Option<Value>,
}

/// An enum type.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// The enum's name.
    pub name: Name,
    /// Other names the enum had (fully qualified).
    pub aliases: Vec<Name>,
    /// The symbols, in the order of their encoded indexes.
    pub symbols: Vec<String>,
    /// The symbol a reader uses for a writer's symbol it does not know.
    pub default: Option<String>,
}

/// A fixed type.
#[derive(Clone, Debug, PartialEq)]
pub struct Fixed {
    /// The fixed type's name.
    pub name: Name,
    /// Other names the type had (fully qualified).
    pub aliases: Vec<Name>,
    /// The number of bytes of every value.
    pub size: usize,
}

/// The parameters of a valid `decimal` logical type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The most digits a value has.
    pub precision: u32,
    /// The digits after the decimal point.
    pub scale: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Meta {
    logical_type: Option<String>,
    decimal: Option<Decimal>,
}

/// A parsed Avro schema: an arena of [`Node`]s and the root type.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    nodes: Vec<Node>,
    meta: Vec<Meta>,
    names: HashMap<String, NodeId>,
    root: NodeId,
}

/// A schema that cannot be parsed: what is wrong and where (a JSON pointer into the document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError(String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

impl Schema {
    /// Parses a schema from its JSON text.
    pub fn parse_str(json: &str) -> Result<Schema, SchemaError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| SchemaError(format!("invalid Avro schema: not JSON: {e}")))?;
        Schema::parse(&value)
    }

    /// Parses a schema from JSON.
    pub fn parse(value: &Value) -> Result<Schema, SchemaError> {
        Parser::parse(value)
    }

    /// The top-level type.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// The node `id`.
    ///
    /// # Panics
    ///
    /// If `id` is not a node of this schema (ids come from this schema's nodes).
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// The number of nodes in the arena (ids are `0..len`).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the arena is empty (never, for a parsed schema).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The named type (record, enum or fixed) with this full name.
    pub fn lookup(&self, fullname: &str) -> Option<NodeId> {
        self.names.get(fullname).copied()
    }

    /// The node's logical type, such as `"timestamp-micros"`, kept for information: encoding and
    /// resolution use the underlying type. Known logical types appear only on the base types they
    /// apply to; unknown ones are kept as written.
    pub fn logical_type(&self, id: NodeId) -> Option<&str> {
        self.meta.get(id)?.logical_type.as_deref()
    }

    /// The precision and scale of a valid `decimal` logical type.
    pub fn decimal(&self, id: NodeId) -> Option<Decimal> {
        self.meta.get(id)?.decimal
    }

    /// A short description of a node for messages: `long`, `record acme.Order`, `fixed md5
    /// (16 bytes)`.
    pub fn describe(&self, id: NodeId) -> String {
        match self.node(id) {
            Node::Fixed(f) => format!("fixed {} ({} bytes)", f.name, f.size),
            node => match node.name() {
                Some(name) => format!("{} {name}", node.kind()),
                None => node.kind().to_owned(),
            },
        }
    }

    /// The Parsing Canonical Form: primitives in their simple form, full names, only the
    /// attributes that matter for parsing (`name`, `type`, `fields`, `symbols`, `items`,
    /// `values`, `size`) in that order, no whitespace. A named type is written out where it
    /// first occurs and by its full name after that.
    pub fn canonical_form(&self) -> String {
        let mut out = String::new();
        let mut written = vec![false; self.nodes.len()];
        self.write_canonical(self.root, &mut out, &mut written);
        out
    }

    /// The CRC-64-AVRO (Rabin) fingerprint of the Parsing Canonical Form.
    pub fn fingerprint(&self) -> u64 {
        rabin_fingerprint(self.canonical_form().as_bytes())
    }

    fn write_canonical(&self, id: NodeId, out: &mut String, written: &mut [bool]) {
        let node = self.node(id);
        if let Some(name) = node.name() {
            if written[id] {
                write_json_string(&name.fullname(), out);
                return;
            }
            written[id] = true;
            out.push_str("{\"name\":");
            write_json_string(&name.fullname(), out);
            out.push_str(",\"type\":\"");
            out.push_str(node.kind());
            out.push('"');
        }
        match node {
            Node::Record(record) => {
                out.push_str(",\"fields\":[");
                for (i, field) in record.fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str("{\"name\":");
                    write_json_string(&field.name, out);
                    out.push_str(",\"type\":");
                    self.write_canonical(field.schema, out, written);
                    out.push('}');
                }
                out.push_str("]}");
            }
            Node::Enum(e) => {
                out.push_str(",\"symbols\":[");
                for (i, symbol) in e.symbols.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(symbol, out);
                }
                out.push_str("]}");
            }
            Node::Fixed(f) => {
                out.push_str(",\"size\":");
                out.push_str(&f.size.to_string());
                out.push('}');
            }
            Node::Array(items) => {
                out.push_str("{\"type\":\"array\",\"items\":");
                self.write_canonical(*items, out, written);
                out.push('}');
            }
            Node::Map(values) => {
                out.push_str("{\"type\":\"map\",\"values\":");
                self.write_canonical(*values, out, written);
                out.push('}');
            }
            Node::Union(branches) => {
                out.push('[');
                for (i, branch) in branches.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write_canonical(*branch, out, written);
                }
                out.push(']');
            }
            primitive => {
                out.push('"');
                out.push_str(primitive.kind());
                out.push('"');
            }
        }
    }
}

/// Writes a JSON string literal with characters as themselves (`[STRINGS]`), escaping only what
/// JSON requires.
fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

const RABIN_EMPTY: u64 = 0xc15d_213a_a4d7_a795;

const RABIN_TABLE: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let mut fp = i as u64;
        let mut bit = 0;
        while bit < 8 {
            fp = (fp >> 1) ^ (RABIN_EMPTY & (fp & 1).wrapping_neg());
            bit += 1;
        }
        table[i] = fp;
        i += 1;
    }
    table
};

/// The 64-bit Rabin fingerprint (CRC-64-AVRO) of `bytes`, as the specification defines it. The
/// fingerprint of a schema is that of its Parsing Canonical Form; single-object encoding writes
/// it little-endian.
pub fn rabin_fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(RABIN_EMPTY, |fp, &b| {
        (fp >> 8) ^ RABIN_TABLE[((fp ^ u64::from(b)) & 0xff) as usize]
    })
}

/// Schemas by their fingerprints: what a reader of single-object encoded data (or of a schema
/// registry's messages) looks writers' schemas up in.
#[derive(Clone, Debug, Default)]
pub struct SchemaStore {
    schemas: HashMap<u64, Schema>,
}

impl SchemaStore {
    /// An empty store.
    pub fn new() -> SchemaStore {
        SchemaStore::default()
    }

    /// Adds a schema and returns its fingerprint. If a schema with the same fingerprint is
    /// already stored, that one is kept (schemas with the same canonical form read data the same
    /// way).
    pub fn insert(&mut self, schema: Schema) -> u64 {
        let fingerprint = schema.fingerprint();
        self.schemas.entry(fingerprint).or_insert(schema);
        fingerprint
    }

    /// The schema with this fingerprint.
    pub fn get(&self, fingerprint: u64) -> Option<&Schema> {
        self.schemas.get(&fingerprint)
    }

    /// How many schemas are stored.
    pub fn len(&self) -> usize {
        self.schemas.len()
    }

    /// Whether no schema is stored.
    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty()
    }
}

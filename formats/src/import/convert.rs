//! Avro types → `.tri` declarations: records, enums, the unions derived from Avro unions, and
//! the type of each field, with the checks that refuse what `.tri` cannot say.

use std::collections::HashSet;

use serde_json::{Map, Value};
use trident::avro::schema::{Name, Node, NodeId, Schema};

use super::resolve::{Defs, field_segment, join};
use super::{Construct, ErrorKind, ImportError, ImportOptions};

/// Logical types that have no `.tri` counterpart (on the base types they apply to).
const UNSUPPORTED_LOGICAL: [&str; 10] = [
    "decimal",
    "big-decimal",
    "time-millis",
    "time-micros",
    "timestamp-millis",
    "timestamp-nanos",
    "local-timestamp-millis",
    "local-timestamp-micros",
    "local-timestamp-nanos",
    "duration",
];

/// A `.tri` type expression.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum TriType {
    Builtin(&'static str),
    /// A declared type, by full name.
    Named(String),
    List(Box<TriType>),
    Map(Box<TriType>),
    Optional(Box<TriType>),
}

impl TriType {
    fn is_container(&self) -> bool {
        matches!(
            self,
            TriType::List(_) | TriType::Map(_) | TriType::Optional(_)
        )
    }
}

/// A record field or union variant.
#[derive(Debug)]
pub(super) struct Member {
    pub(super) name: String,
    pub(super) docs: Option<String>,
    pub(super) aliases: Vec<String>,
    pub(super) ty: TriType,
    /// The default as `.tri` literal text.
    pub(super) default: Option<String>,
    /// The number (`@n`); members without one are numbered 1, 2, … in order.
    pub(super) number: Option<u32>,
    pub(super) deprecated: bool,
    /// The protobuf encoding of its integers (`zigzag`, `fixed`), when not varints.
    pub(super) encoding: Option<&'static str>,
}

/// An enum value.
#[derive(Debug)]
pub(super) struct Symbol {
    pub(super) name: String,
    /// The number; values without one are numbered 0, 1, … in order.
    pub(super) number: Option<i32>,
    pub(super) docs: Option<String>,
    pub(super) deprecated: bool,
}

/// What a declaration is.
#[derive(Debug)]
pub(super) enum DeclKind {
    Record(Vec<Member>),
    Enum(Vec<Symbol>),
    Union(Vec<Member>),
}

/// One `.tri` declaration.
#[derive(Debug)]
pub(super) struct Decl {
    pub(super) package: String,
    pub(super) name: String,
    pub(super) docs: Option<String>,
    pub(super) aliases: Vec<String>,
    pub(super) kind: DeclKind,
    /// The entries of a `reserved` statement, as `.tri` text (`@7`, `@9..11`, `"fax"`).
    pub(super) reserved: Vec<String>,
    pub(super) deprecated: bool,
}

/// The declarations of every named type of the files, in file and definition order; each union
/// derived from a field follows its record.
pub(super) fn convert(
    files: &[&str],
    schemas: &[Schema],
    defs: &Defs,
    options: &ImportOptions,
) -> Result<Vec<Decl>, ImportError> {
    let mut converter = Converter {
        files,
        options,
        taken: defs.by_name.keys().cloned().collect(),
        unions: Vec::new(),
    };
    let mut decls = Vec::new();
    for (file, schema) in schemas.iter().enumerate() {
        let root = schema.node(schema.root());
        if !matches!(root, Node::Record(_) | Node::Enum(_) | Node::Fixed(_)) {
            return Err(converter.unsupported(
                file,
                "top level",
                Construct::TopLevel,
                format!(
                    "a top-level {}: .tri declares only named records and enums (a union, \
                     array, map or primitive is imported only as the type of a record field)",
                    root.kind()
                ),
            ));
        }
        for full in &defs.order {
            let def = &defs.by_name[full];
            if def.file != file {
                continue;
            }
            let Some(id) = schema.lookup(full) else {
                continue;
            };
            let at = if def.path.is_empty() {
                "top level".to_string()
            } else {
                def.path.clone()
            };
            decls.push(converter.named(file, schema, id, &def.json, &def.path, &at)?);
            decls.append(&mut converter.unions);
        }
    }
    Ok(decls)
}

struct Converter<'a> {
    files: &'a [&'a str],
    options: &'a ImportOptions,
    /// Full names in use (named types and derived unions).
    taken: HashSet<String>,
    /// Unions derived while converting the current record.
    unions: Vec<Decl>,
}

/// Where a type is used: for union names and messages.
struct Ctx<'a> {
    file: usize,
    package: &'a str,
    /// The record and field, `OrderPayment` for `Order.payment`.
    owner: String,
    /// Full name of the record and the field name, for docs.
    field: String,
}

impl Converter<'_> {
    fn unsupported(
        &self,
        file: usize,
        path: &str,
        construct: Construct,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: self.files[file].to_string(),
            path: path.to_string(),
            kind: ErrorKind::Unsupported(construct),
            message: message.into(),
        }
    }

    fn package(&self, file: usize, name: &Name, at: &str) -> Result<String, ImportError> {
        match (&name.namespace, &self.options.default_package) {
            (Some(ns), _) => Ok(ns.clone()),
            (None, Some(package)) => Ok(package.clone()),
            (None, None) => Err(self.unsupported(
                file,
                at,
                Construct::NullNamespace,
                format!(
                    "`{}` has no namespace, and .tri types live in a package; give one \
                     (`--package NAME` on the command line)",
                    name.name
                ),
            )),
        }
    }

    /// The `.tri` full name of a named Avro type.
    fn full_name(&self, file: usize, name: &Name, at: &str) -> Result<String, ImportError> {
        Ok(format!("{}.{}", self.package(file, name, at)?, name.name))
    }

    fn named(
        &mut self,
        file: usize,
        schema: &Schema,
        id: NodeId,
        json: &Map<String, Value>,
        path: &str,
        at: &str,
    ) -> Result<Decl, ImportError> {
        let node = schema.node(id);
        let Some(name) = node.name() else {
            return Err(self.unsupported(file, at, Construct::TopLevel, "not a named type"));
        };
        if let Node::Fixed(f) = node {
            let logical = schema
                .logical_type(id)
                .map(|l| format!(" with logical type `{l}`"))
                .unwrap_or_default();
            return Err(self.unsupported(
                file,
                at,
                Construct::Fixed,
                format!(
                    "fixed `{}` ({} bytes){logical}: .tri has no fixed-size byte type",
                    f.name, f.size
                ),
            ));
        }
        if trident_idl::model::is_builtin_type_name(&name.name) {
            return Err(self.unsupported(
                file,
                at,
                Construct::Name,
                format!(
                    "`{}` is the name of a .tri built-in type and cannot name a {}",
                    name.name,
                    node.kind()
                ),
            ));
        }
        let package = self.package(file, name, at)?;
        let aliases = node
            .aliases()
            .iter()
            .map(|alias| match &alias.namespace {
                Some(ns) if *ns == package => alias.name.clone(),
                None => alias.name.clone(),
                Some(_) => alias.fullname(),
            })
            .collect();
        let docs = doc(json);
        let kind = match node {
            Node::Enum(e) => {
                if let Some(default) = &e.default
                    && e.symbols.first() != Some(default)
                {
                    return Err(self.unsupported(
                        file,
                        &join(path, "default"),
                        Construct::EnumDefault,
                        format!(
                            "enum `{}` falls back to `{default}`, not to its first symbol; a .tri \
                             enum falls back to its first value",
                            e.name
                        ),
                    ));
                }
                DeclKind::Enum(
                    e.symbols
                        .iter()
                        .map(|name| Symbol {
                            name: name.clone(),
                            number: None,
                            docs: None,
                            deprecated: false,
                        })
                        .collect(),
                )
            }
            Node::Record(record) => {
                let mut fields = Vec::new();
                let json_fields = json.get("fields").and_then(Value::as_array);
                for (i, field) in record.fields.iter().enumerate() {
                    let field_path = join(path, &field_segment(i, &field.name));
                    let ctx = Ctx {
                        file,
                        package: &package,
                        owner: format!("{}{}", name.name, pascal(&field.name)),
                        field: format!("{package}.{}.{}", name.name, field.name),
                    };
                    let ty = self.ty(schema, field.schema, &ctx, &join(&field_path, "type"))?;
                    let default = match &field.default {
                        None => None,
                        Some(value) => self.default(
                            schema,
                            field.schema,
                            &ty,
                            value,
                            file,
                            &join(&field_path, "default"),
                        )?,
                    };
                    let field_json = json_fields
                        .and_then(|f| f.get(i))
                        .and_then(Value::as_object);
                    fields.push(Member {
                        name: field.name.clone(),
                        docs: field_json.and_then(doc),
                        aliases: field.aliases.clone(),
                        ty,
                        default,
                        number: None,
                        deprecated: false,
                        encoding: None,
                    });
                }
                DeclKind::Record(fields)
            }
            _ => return Err(self.unsupported(file, at, Construct::TopLevel, "not a record")),
        };
        Ok(Decl {
            package,
            name: name.name.clone(),
            docs,
            aliases,
            kind,
            reserved: Vec::new(),
            deprecated: false,
        })
    }

    fn ty(
        &mut self,
        schema: &Schema,
        id: NodeId,
        ctx: &Ctx<'_>,
        path: &str,
    ) -> Result<TriType, ImportError> {
        let node = schema.node(id);
        if let Some(logical) = schema.logical_type(id)
            && UNSUPPORTED_LOGICAL.contains(&logical)
            && !matches!(node, Node::Fixed(_))
        {
            return Err(self.unsupported(
                ctx.file,
                path,
                Construct::LogicalType,
                format!(
                    "logical type `{logical}` on {}: .tri has no such type (it has \
                     `timestamp-micros`, `date` and `uuid`)",
                    node.kind()
                ),
            ));
        }
        let logical = schema.logical_type(id);
        Ok(match node {
            Node::Null => {
                return Err(self.unsupported(
                    ctx.file,
                    path,
                    Construct::Null,
                    "a `null` type outside a union: .tri has no type whose only value is null",
                ));
            }
            Node::Boolean => TriType::Builtin("bool"),
            Node::Int if logical == Some("date") => TriType::Builtin("date"),
            Node::Int => TriType::Builtin("i32"),
            Node::Long if logical == Some("timestamp-micros") => TriType::Builtin("timestamp"),
            Node::Long => TriType::Builtin("i64"),
            Node::Float => TriType::Builtin("f32"),
            Node::Double => TriType::Builtin("f64"),
            Node::Bytes => TriType::Builtin("bytes"),
            Node::String if logical == Some("uuid") => TriType::Builtin("uuid"),
            Node::String => TriType::Builtin("string"),
            Node::Record(r) => TriType::Named(self.full_name(ctx.file, &r.name, path)?),
            Node::Enum(e) => TriType::Named(self.full_name(ctx.file, &e.name, path)?),
            Node::Fixed(f) => {
                let logical = logical
                    .map(|l| format!(" with logical type `{l}`"))
                    .unwrap_or_default();
                return Err(self.unsupported(
                    ctx.file,
                    path,
                    Construct::Fixed,
                    format!(
                        "fixed `{}` ({} bytes){logical}: .tri has no fixed-size byte type",
                        f.name, f.size
                    ),
                ));
            }
            Node::Array(items) => {
                let inner = self.ty(schema, *items, ctx, &join(path, "items"))?;
                self.not_nested(&inner, ctx, path, "an array")?;
                TriType::List(Box::new(inner))
            }
            Node::Map(values) => {
                let inner = self.ty(schema, *values, ctx, &join(path, "values"))?;
                self.not_nested(&inner, ctx, path, "a map")?;
                TriType::Map(Box::new(inner))
            }
            Node::Union(branches) => self.union(schema, branches, ctx, path)?,
        })
    }

    fn not_nested(
        &self,
        inner: &TriType,
        ctx: &Ctx<'_>,
        path: &str,
        what: &str,
    ) -> Result<(), ImportError> {
        if inner.is_container() {
            return Err(self.unsupported(
                ctx.file,
                path,
                Construct::NestedContainer,
                format!(
                    "{what} of {}: .tri does not nest lists, maps and optionals directly \
                     (E303); wrap the inner type in a record",
                    describe(inner)
                ),
            ));
        }
        Ok(())
    }

    fn union(
        &mut self,
        schema: &Schema,
        branches: &[NodeId],
        ctx: &Ctx<'_>,
        path: &str,
    ) -> Result<TriType, ImportError> {
        let nullable = branches
            .iter()
            .any(|&b| matches!(schema.node(b), Node::Null));
        let others: Vec<(usize, NodeId)> = branches
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, b)| !matches!(schema.node(b), Node::Null))
            .collect();
        let inner = match others.as_slice() {
            [] => {
                return Err(self.unsupported(
                    ctx.file,
                    path,
                    Construct::Null,
                    "a union of only `null`: .tri has no type whose only value is null",
                ));
            }
            [(i, branch)] => self.ty(schema, *branch, ctx, &join(path, &format!("[{i}]")))?,
            _ => {
                let mut seen: Vec<(String, usize)> = Vec::new();
                let mut variants = Vec::new();
                let mut variant_names = HashSet::new();
                for &(i, branch) in &others {
                    let at = join(path, &format!("[{i}]"));
                    let key = match schema.node(branch).name() {
                        Some(name) => name.fullname(),
                        None => schema.node(branch).kind().to_string(),
                    };
                    if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                        return Err(self.unsupported(
                            ctx.file,
                            &at,
                            Construct::UnionSameType,
                            format!(
                                "branches {first} and {i} are both `{key}`: a .tri union (like \
                                 an Avro union) holds one branch of each type"
                            ),
                        ));
                    }
                    seen.push((key, i));
                    let ty = self.ty(schema, branch, ctx, &at)?;
                    if ty.is_container() {
                        return Err(self.unsupported(
                            ctx.file,
                            &at,
                            Construct::NestedContainer,
                            format!(
                                "{} as a union branch: a .tri union variant is a plain type \
                                 (E306); wrap it in a record",
                                describe(&ty)
                            ),
                        ));
                    }
                    let base = variant_name(&ty);
                    let mut name = base.clone();
                    let mut n = 2;
                    while !variant_names.insert(name.clone()) {
                        name = format!("{base}{n}");
                        n += 1;
                    }
                    variants.push(Member {
                        name,
                        docs: None,
                        aliases: Vec::new(),
                        ty,
                        default: None,
                        number: None,
                        deprecated: false,
                        encoding: None,
                    });
                }
                let mut name = ctx.owner.clone();
                let mut n = 2;
                while self.taken.contains(&format!("{}.{name}", ctx.package)) {
                    name = format!("{}{n}", ctx.owner);
                    n += 1;
                }
                let full = format!("{}.{name}", ctx.package);
                self.taken.insert(full.clone());
                self.unions.push(Decl {
                    package: ctx.package.to_string(),
                    name,
                    docs: Some(format!("The Avro union of `{}`.", ctx.field)),
                    aliases: Vec::new(),
                    kind: DeclKind::Union(variants),
                    reserved: Vec::new(),
                    deprecated: false,
                });
                TriType::Named(full)
            }
        };
        if !nullable {
            return Ok(inner);
        }
        if inner.is_container() {
            return Err(self.unsupported(
                ctx.file,
                path,
                Construct::NestedContainer,
                format!(
                    "a nullable {}: .tri has no optional list or map (E303), since protobuf \
                     cannot tell an absent one from an empty one",
                    describe(&inner)
                ),
            ));
        }
        Ok(TriType::Optional(Box::new(inner)))
    }

    /// The `.tri` literal of a field default, or `None` where `.tri` writes none (the null of
    /// an optional field, the empty list or map).
    fn default(
        &self,
        schema: &Schema,
        id: NodeId,
        ty: &TriType,
        value: &Value,
        file: usize,
        path: &str,
    ) -> Result<Option<String>, ImportError> {
        let refuse = |why: String| {
            Err(self.unsupported(
                file,
                path,
                Construct::Default,
                format!("default {value}: {why}"),
            ))
        };
        let null_first = matches!(schema.node(id), Node::Union(b) if b.first().is_some_and(|&b| matches!(schema.node(b), Node::Null)));
        match ty {
            TriType::Optional(_) if null_first && value.is_null() => Ok(None),
            TriType::Optional(_) => refuse(
                "a .tri optional field always defaults to null (exported as a union with \
                 `null` first)"
                    .into(),
            ),
            TriType::List(_) if value.as_array().is_some_and(Vec::is_empty) => Ok(None),
            TriType::Map(_) if value.as_object().is_some_and(Map::is_empty) => Ok(None),
            TriType::List(_) | TriType::Map(_) => {
                refuse("a .tri list or map field always defaults to empty".into())
            }
            TriType::Named(_) => {
                let target = match schema.node(id) {
                    // A union of several types: a derived `.tri` union.
                    Node::Union(branches) if branches.len() > 1 => None,
                    Node::Union(branches) => branches.first().map(|&b| schema.node(b)),
                    node => Some(node),
                };
                match target {
                    Some(Node::Enum(e)) => match value.as_str() {
                        Some(symbol) if e.symbols.iter().any(|s| s == symbol) => {
                            Ok(Some(symbol.to_string()))
                        }
                        _ => refuse(format!("not a symbol of enum `{}`", e.name)),
                    },
                    Some(Node::Record(_)) => refuse("a .tri record field takes no default".into()),
                    _ => refuse("a .tri union field takes no default".into()),
                }
            }
            TriType::Builtin(builtin) => scalar_default(builtin, value).map(Some).or_else(refuse),
        }
    }
}

/// The `.tri` literal of a scalar default, or why there is none.
fn scalar_default(builtin: &str, value: &Value) -> Result<String, String> {
    let mismatch = || Err(format!("not a valid `{builtin}` value"));
    match builtin {
        "bool" => value
            .as_bool()
            .map(|b| b.to_string())
            .ok_or(())
            .or_else(|()| mismatch()),
        "i32" => match value.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => Ok(i.to_string()),
            _ => mismatch(),
        },
        "i64" => match value.as_i64() {
            Some(i) => Ok(i.to_string()),
            None => mismatch(),
        },
        "f32" | "f64" => match value {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
            Value::Number(n) => match n.as_f64() {
                Some(f) if f.is_finite() => Ok(format!("{f:?}")),
                _ => mismatch(),
            },
            _ => mismatch(),
        },
        "string" => match value.as_str() {
            Some(s) => Ok(string_literal(s)),
            None => mismatch(),
        },
        "bytes" => match value.as_str() {
            Some(s) if s.chars().all(|c| u32::from(c) <= 0xFF) => Ok(bytes_literal(s)),
            _ => mismatch(),
        },
        other => Err(format!("a .tri `{other}` field takes no default")),
    }
}

/// A `.tri` string literal of text.
pub(super) fn string_literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `.tri` bytes literal of Avro's bytes default (code points 0–255, one byte each).
fn bytes_literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\x{:02X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// The `doc` of a definition or field.
fn doc(json: &Map<String, Value>) -> Option<String> {
    json.get("doc").and_then(Value::as_str).map(str::to_string)
}

/// How a type reads in messages.
fn describe(ty: &TriType) -> &'static str {
    match ty {
        TriType::List(_) => "an array",
        TriType::Map(_) => "a map",
        TriType::Optional(_) => "a nullable union",
        _ => "a plain type",
    }
}

/// The name of a union variant: the `.tri` built-in type, or the type's name in snake case.
fn variant_name(ty: &TriType) -> String {
    match ty {
        TriType::Builtin(b) => (*b).to_string(),
        TriType::Named(full) => snake(full.rsplit('.').next().unwrap_or(full)),
        _ => "value".to_string(),
    }
}

/// `line_item` → `LineItem`.
fn pascal(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `LineItem` → `line_item`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

//! The syntax tree of one `.tri` file: data only, every node with its span.
//!
//! The tree records what was written, not what it means: names are unresolved, numbers are as
//! written (possibly out of range), and attributes are uninterpreted. Later passes check it and
//! lower it into the model in [`crate::model`].

use crate::source::{FileId, Span, Spanned};

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// The file's id in the source map.
    pub id: FileId,
    /// The package declarations (a valid file has exactly one, first).
    pub packages: Vec<PackageDecl>,
    /// The import statements, in order.
    pub imports: Vec<Import>,
    /// The type declarations, in order.
    pub decls: Vec<Decl>,
    /// Whether a package declaration came after an import or a declaration.
    pub package_after_items: Option<Span>,
}

/// `package a.b;`
#[derive(Clone, Debug, PartialEq)]
pub struct PackageDecl {
    /// The dotted name.
    pub name: Spanned<String>,
    /// Doc comments before the declaration.
    pub docs: Docs,
    /// Attributes before the declaration (none are allowed).
    pub attributes: Vec<Attribute>,
    /// The whole statement.
    pub span: Span,
}

/// `import "x.tri";`
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// The path as written, with escapes resolved.
    pub path: Spanned<String>,
    /// The whole statement.
    pub span: Span,
}

/// Doc comment lines with the `///` and one following space removed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    /// The lines, in order.
    pub lines: Vec<String>,
    /// The span from the first to the last doc comment, if there are any.
    pub span: Option<Span>,
}

impl Docs {
    /// The lines joined with `\n`, or `None` when there are no doc comments.
    pub fn text(&self) -> Option<String> {
        (!self.lines.is_empty()).then(|| self.lines.join("\n"))
    }
}

/// `#[name(args)]`
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    /// The attribute's name.
    pub name: Spanned<String>,
    /// The arguments without a name; `None` when written without parentheses.
    pub args: Option<Vec<Literal>>,
    /// The arguments written `name = value`, in order.
    pub named: Vec<(Spanned<String>, Literal)>,
    /// The whole attribute, `#` to `]`.
    pub span: Span,
}

/// A type declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    /// The declared name.
    pub name: Spanned<String>,
    /// Doc comments.
    pub docs: Docs,
    /// Attributes.
    pub attributes: Vec<Attribute>,
    /// What kind of type it is, with its members.
    pub kind: DeclKind,
    /// The whole declaration, keyword to closing brace.
    pub span: Span,
}

/// The body of a type declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum DeclKind {
    /// `record`
    Record(Record),
    /// `enum`
    Enum(Enum),
    /// `union`
    Union(Union),
}

/// The members of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Fields, in declaration order.
    pub fields: Vec<Field>,
    /// `reserved` statements.
    pub reserved: Vec<Reserved>,
}

/// A record field or a union variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The field's name.
    pub name: Spanned<String>,
    /// The number after `@`, as written (may be out of range).
    pub number: Spanned<u64>,
    /// The declared type.
    pub ty: TypeExpr,
    /// The value after `=`, if any.
    pub default: Option<Literal>,
    /// Doc comments.
    pub docs: Docs,
    /// Attributes.
    pub attributes: Vec<Attribute>,
    /// The whole field, name to `;`.
    pub span: Span,
}

/// The members of an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// Values, in declaration order.
    pub values: Vec<EnumValue>,
    /// `reserved` statements.
    pub reserved: Vec<Reserved>,
}

/// `NAME = 1;`
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The symbol.
    pub name: Spanned<String>,
    /// The number as written.
    pub number: Spanned<i128>,
    /// Doc comments.
    pub docs: Docs,
    /// Attributes.
    pub attributes: Vec<Attribute>,
    /// The whole value, name to `;`.
    pub span: Span,
}

/// The members of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// Variants, in declaration order.
    pub variants: Vec<Field>,
    /// `reserved` statements.
    pub reserved: Vec<Reserved>,
}

/// One `reserved` statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Reserved {
    /// The entries, in order.
    pub items: Vec<ReservedItem>,
    /// Attributes written before it (none are allowed).
    pub attributes: Vec<Attribute>,
    /// The whole statement.
    pub span: Span,
}

/// One entry of a `reserved` statement.
#[derive(Clone, Debug, PartialEq)]
pub enum ReservedItem {
    /// A number or an inclusive range of numbers.
    Range {
        /// First number.
        start: i128,
        /// Last number (`None` for `max`).
        end: Option<i128>,
        /// The entry as written.
        span: Span,
    },
    /// A name.
    Name(Spanned<String>),
}

/// A type as written.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    /// A name: built-in (`i32`, `string`, …) or declared, simple or qualified.
    Named(Spanned<String>),
    /// `list<T>`
    List(Box<TypeExpr>, Span),
    /// `map<K, V>`
    Map(Box<TypeExpr>, Box<TypeExpr>, Span),
    /// `optional<T>`
    Optional(Box<TypeExpr>, Span),
}

impl TypeExpr {
    /// The span of the whole type expression.
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named(name) => name.span,
            TypeExpr::List(_, span) | TypeExpr::Map(_, _, span) | TypeExpr::Optional(_, span) => {
                *span
            }
        }
    }
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum LiteralKind {
    /// An integer literal (decimal or hex), sign included.
    Int(i128),
    /// An integer literal too large for `i128`, with its value as the nearest `f64`.
    HugeInt(f64),
    /// A float literal.
    Float(f64),
    /// A string literal with escapes resolved; `\xHH` above 0x7F produces raw bytes, so the value
    /// is bytes, which are valid UTF-8 unless such an escape was used.
    Str(Vec<u8>),
    /// `true` or `false`.
    Bool(bool),
    /// `null`
    Null,
    /// A bare identifier (an enum symbol).
    Ident(String),
}

/// A literal with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    /// The value.
    pub kind: LiteralKind,
    /// Where it was written.
    pub span: Span,
}

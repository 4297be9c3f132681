//! The parser: `.tri` text to [`ast::File`], plus syntax diagnostics.
//!
//! This module and its submodules are the only code that sees pest's `Pairs` and `Rule`. The file
//! is parsed one top-level item at a time with the `top` rule; after a syntax error, parsing
//! resumes at the next line that starts a top-level item in its first column, so one run reports
//! the syntax errors of every declaration, not only the first. `errors` turns pest's errors into
//! diagnostics that name the expected tokens; `literals` reads escapes and numbers.

use pest::Parser as _;
use pest::error::InputLocation;
use pest::iterators::Pair;

use crate::ast::{
    Attribute, Decl, DeclKind, Docs, Enum, EnumValue, Field, File, Import, Literal, LiteralKind,
    PackageDecl, Record, Reserved, ReservedItem, TypeExpr, Union,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span, Spanned};

mod errors;
mod literals;

use errors::syntax_error;
use literals::{approximate, doc_line, hex_escape, parse_int, unicode_escape};

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
struct Grammar;

/// The deepest nesting of `list`/`map`/`optional` the parser accepts.
const MAX_TYPE_DEPTH: usize = 32;

/// Lines starting (in their first column) with one of these begin a top-level item; they are
/// where parsing resumes after a syntax error.
const RESUME_MARKERS: &[&str] = &["record", "enum", "union", "import", "package", "///", "#["];

/// Parses one file. Always returns a tree: after syntax errors it holds the items that parsed.
pub(crate) fn parse_file(id: FileId, text: &str) -> (File, Vec<Diagnostic>) {
    let mut builder = Builder {
        file: id,
        offset: 0,
        diagnostics: Vec::new(),
    };
    let mut ast = File {
        id,
        packages: Vec::new(),
        imports: Vec::new(),
        decls: Vec::new(),
        package_after_items: None,
    };
    let mut pos = 0;
    while pos <= text.len() {
        builder.offset = pos;
        match Grammar::parse(Rule::top, &text[pos..]) {
            Ok(mut pairs) => {
                let Some(top) = pairs.next() else { break };
                let consumed = top.as_span().end();
                let at_end = builder.top_item(top, &mut ast);
                if at_end || consumed == 0 {
                    break;
                }
                pos += consumed;
            }
            Err(error) => {
                let at = match error.location {
                    InputLocation::Pos(p) => p,
                    InputLocation::Span((s, _)) => s,
                };
                let at = pos + at;
                builder
                    .diagnostics
                    .push(syntax_error(id, text, at, &error.variant));
                if text[at..].starts_with("/*") {
                    break; // The rest of the file is inside the unclosed comment.
                }
                match resume_point(text, at) {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
    }
    (ast, builder.diagnostics)
}

/// The start of the first line after the one holding `at` that begins a top-level item.
fn resume_point(text: &str, at: usize) -> Option<usize> {
    let mut line_start = text[at..].find('\n')? + at + 1;
    loop {
        let rest = &text[line_start..];
        if RESUME_MARKERS.iter().any(|m| rest.starts_with(m)) {
            return Some(line_start);
        }
        line_start += rest.find('\n')? + 1;
    }
}

struct Builder {
    file: FileId,
    /// Byte offset of the text pest was given within the whole file.
    offset: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Builder {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.offset + s.start(), self.offset + s.end())
    }

    fn spanned_str(&self, pair: &Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_string(), self.span(pair))
    }

    /// Adds the item of one `top` match to the file; returns whether the end of file was reached.
    fn top_item(&mut self, top: Pair<'_, Rule>, ast: &mut File) -> bool {
        let mut at_end = false;
        for pair in top.into_inner() {
            match pair.as_rule() {
                Rule::package_decl => {
                    let decl = self.package(pair);
                    if (!ast.imports.is_empty() || !ast.decls.is_empty())
                        && ast.package_after_items.is_none()
                    {
                        ast.package_after_items = Some(decl.span);
                    }
                    ast.packages.push(decl);
                }
                Rule::import_decl => ast.imports.push(self.import(pair)),
                Rule::decl => ast.decls.extend(self.decl(pair)),
                Rule::dangling => self.dangling(pair),
                Rule::EOI => at_end = true,
                _ => {}
            }
        }
        at_end
    }

    /// Splits leading doc comments and attributes off a rule's children.
    fn outer<'i>(&mut self, pair: Pair<'i, Rule>) -> (Docs, Vec<Attribute>, Vec<Pair<'i, Rule>>) {
        let mut docs = Docs::default();
        let mut attributes = Vec::new();
        let mut rest = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::doc_comment if rest.is_empty() => {
                    let span = self.span(&child);
                    docs.span = Some(docs.span.map_or(span, |s| s.to(span)));
                    docs.lines.push(doc_line(child.as_str()));
                }
                Rule::attribute if rest.is_empty() => attributes.push(self.attribute(child)),
                _ => rest.push(child),
            }
        }
        (docs, attributes, rest)
    }

    /// The span of an element without its leading doc comments and attributes.
    fn body_span(&self, whole: Span, rest: &[Pair<'_, Rule>]) -> Span {
        match rest.first() {
            Some(first) => Span {
                start: self.span(first).start,
                ..whole
            },
            None => whole,
        }
    }

    /// Doc comments before something that cannot carry documentation.
    fn stray_docs(&mut self, docs: &Docs, what: &str) {
        if let Some(span) = docs.span {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::DanglingDocComment,
                    format!("doc comment on {what} documents nothing"),
                    span,
                    "documents nothing",
                )
                .with_help("make it a `//` comment"),
            );
        }
    }

    fn package(&mut self, pair: Pair<'_, Rule>) -> PackageDecl {
        let whole = self.span(&pair);
        let (docs, attributes, rest) = self.outer(pair);
        let span = self.body_span(whole, &rest);
        let name = rest
            .into_iter()
            .filter(|p| p.as_rule() == Rule::package_name)
            .map(|p| self.spanned_str(&p))
            .next()
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        PackageDecl {
            name,
            docs,
            attributes,
            span,
        }
    }

    fn import(&mut self, pair: Pair<'_, Rule>) -> Import {
        let whole = self.span(&pair);
        let (docs, attributes, rest) = self.outer(pair);
        let span = self.body_span(whole, &rest);
        self.stray_docs(&docs, "an import");
        self.reject_attributes(&attributes, "an import");
        let mut path = Spanned::new(String::new(), span);
        for child in rest {
            if child.as_rule() == Rule::string_lit {
                let bytes = self.string(&child);
                path = Spanned::new(self.utf8(bytes, &child), self.span(&child));
            }
        }
        Import { path, span }
    }

    fn dangling(&mut self, pair: Pair<'_, Rule>) {
        for child in pair.into_inner() {
            let span = self.span(&child);
            match child.as_rule() {
                Rule::doc_comment => self.diagnostics.push(
                    Diagnostic::new(
                        Code::DanglingDocComment,
                        "doc comment is not followed by anything it could document",
                        span,
                        "documents nothing",
                    )
                    .with_help(
                        "move it before a declaration, field or value, or make it a `//` comment",
                    ),
                ),
                Rule::attribute => self.diagnostics.push(
                    Diagnostic::new(
                        Code::MisplacedAttribute,
                        "attribute is not followed by anything it could apply to",
                        span,
                        "applies to nothing",
                    )
                    .with_help(
                        "attributes stand before a declaration, field, variant or enum value",
                    ),
                ),
                _ => {}
            }
        }
    }

    fn reject_attributes(&mut self, attributes: &[Attribute], what: &str) {
        for attr in attributes {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::MisplacedAttribute,
                    format!("attribute `{}` is not allowed on {what}", attr.name.value),
                    attr.span,
                    "not allowed here",
                )
                .with_help("attributes stand before a declaration, field, variant or enum value"),
            );
        }
    }

    fn decl(&mut self, pair: Pair<'_, Rule>) -> Option<Decl> {
        let (docs, attributes, rest) = self.outer(pair);
        let body = rest.into_iter().next()?;
        let span = self.span(&body);
        let rule = body.as_rule();
        let mut name = Spanned::new(String::new(), span);
        let mut fields = Vec::new();
        let mut values = Vec::new();
        let mut reserved = Vec::new();
        for child in body.into_inner() {
            match child.as_rule() {
                Rule::ident => name = self.spanned_str(&child),
                Rule::field | Rule::variant => fields.push(self.field(child)),
                Rule::enum_value => values.push(self.enum_value(child)),
                Rule::field_reserved | Rule::enum_reserved => reserved.push(self.reserved(child)),
                Rule::dangling => self.dangling(child),
                _ => {}
            }
        }
        let kind = match rule {
            Rule::enum_decl => DeclKind::Enum(Enum { values, reserved }),
            Rule::union_decl => DeclKind::Union(Union {
                variants: fields,
                reserved,
            }),
            _ => DeclKind::Record(Record { fields, reserved }),
        };
        Some(Decl {
            name,
            docs,
            attributes,
            kind,
            span,
        })
    }

    fn field(&mut self, pair: Pair<'_, Rule>) -> Field {
        let span = self.span(&pair);
        let (docs, attributes, rest) = self.outer(pair);
        let mut name = Spanned::new(String::new(), span);
        let mut number = Spanned::new(0, span);
        let mut ty = TypeExpr::Named(Spanned::new(String::new(), span));
        let mut default = None;
        for child in rest {
            match child.as_rule() {
                Rule::ident => name = self.spanned_str(&child),
                Rule::field_number => number = self.field_number(child),
                Rule::type_expr => ty = self.type_expr(child, 0),
                Rule::literal => default = Some(self.literal(child)),
                _ => {}
            }
        }
        Field {
            name,
            number,
            ty,
            default,
            docs,
            attributes,
            span,
        }
    }

    fn field_number(&mut self, pair: Pair<'_, Rule>) -> Spanned<u64> {
        let span = self.span(&pair);
        let digits = pair.as_str().trim_start_matches('@');
        Spanned::new(digits.parse().unwrap_or(u64::MAX), span)
    }

    fn enum_value(&mut self, pair: Pair<'_, Rule>) -> EnumValue {
        let span = self.span(&pair);
        let (docs, attributes, rest) = self.outer(pair);
        let mut name = Spanned::new(String::new(), span);
        let mut number = Spanned::new(0, span);
        for child in rest {
            match child.as_rule() {
                Rule::ident => name = self.spanned_str(&child),
                Rule::int_lit => {
                    number = Spanned::new(
                        parse_int(child.as_str()).unwrap_or(i128::MAX),
                        self.span(&child),
                    );
                }
                _ => {}
            }
        }
        EnumValue {
            name,
            number,
            docs,
            attributes,
            span,
        }
    }

    fn reserved(&mut self, pair: Pair<'_, Rule>) -> Reserved {
        let whole = self.span(&pair);
        let (docs, attributes, rest) = self.outer(pair);
        let span = self.body_span(whole, &rest);
        self.stray_docs(&docs, "a `reserved` statement");
        let mut items = Vec::new();
        for child in rest {
            let item_span = self.span(&child);
            match child.as_rule() {
                Rule::string_lit => {
                    let bytes = self.string(&child);
                    items.push(ReservedItem::Name(Spanned::new(
                        self.utf8(bytes, &child),
                        item_span,
                    )));
                }
                Rule::field_range | Rule::value_range => {
                    let mut bounds = Vec::new();
                    let mut open_end = false;
                    for part in child.into_inner() {
                        match part.as_rule() {
                            Rule::field_number | Rule::uint | Rule::int_lit => {
                                let text = part.as_str().trim_start_matches('@');
                                bounds.push(parse_int(text).unwrap_or(i128::MAX));
                            }
                            Rule::max_kw => open_end = true,
                            _ => {}
                        }
                    }
                    let start = bounds.first().copied().unwrap_or(0);
                    let end = if open_end {
                        None
                    } else {
                        Some(bounds.get(1).copied().unwrap_or(start))
                    };
                    items.push(ReservedItem::Range {
                        start,
                        end,
                        span: item_span,
                    });
                }
                _ => {}
            }
        }
        Reserved {
            items,
            attributes,
            span,
        }
    }

    fn type_expr(&mut self, pair: Pair<'_, Rule>, depth: usize) -> TypeExpr {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return TypeExpr::Named(Spanned::new(String::new(), span));
        };
        if depth >= MAX_TYPE_DEPTH && inner.as_rule() != Rule::type_name {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::Syntax,
                    format!("type is nested more than {MAX_TYPE_DEPTH} levels deep"),
                    span,
                    "nested too deeply",
                )
                .with_help("introduce a named record for the inner part"),
            );
            return TypeExpr::Named(Spanned::new(String::new(), span));
        }
        let rule = inner.as_rule();
        if rule == Rule::type_name {
            return TypeExpr::Named(self.spanned_str(&inner));
        }
        let mut args: Vec<TypeExpr> = inner
            .into_inner()
            .filter(|p| p.as_rule() == Rule::type_expr)
            .map(|p| self.type_expr(p, depth + 1))
            .collect();
        let placeholder = || TypeExpr::Named(Spanned::new(String::new(), span));
        let last = Box::new(args.pop().unwrap_or_else(placeholder));
        match rule {
            Rule::list_type => TypeExpr::List(last, span),
            Rule::optional_type => TypeExpr::Optional(last, span),
            _ => {
                let key = Box::new(args.pop().unwrap_or_else(placeholder));
                TypeExpr::Map(key, last, span)
            }
        }
    }

    fn attribute(&mut self, pair: Pair<'_, Rule>) -> Attribute {
        let span = self.span(&pair);
        let mut name = Spanned::new(String::new(), span);
        let mut args = None;
        let mut named = Vec::new();
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => name = self.spanned_str(&child),
                Rule::attribute_args => {
                    let mut literals = Vec::new();
                    for arg in child
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::attribute_arg)
                    {
                        let mut key = None;
                        for part in arg.into_inner() {
                            match part.as_rule() {
                                Rule::ident => key = Some(self.spanned_str(&part)),
                                Rule::literal => {
                                    let literal = self.literal(part);
                                    match key.take() {
                                        Some(key) => named.push((key, literal)),
                                        None => literals.push(literal),
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    args = Some(literals);
                }
                _ => {}
            }
        }
        Attribute {
            name,
            args,
            named,
            span,
        }
    }

    fn literal(&mut self, pair: Pair<'_, Rule>) -> Literal {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Literal {
                kind: LiteralKind::Null,
                span,
            };
        };
        let text = inner.as_str();
        let kind = match inner.as_rule() {
            Rule::string_lit => LiteralKind::Str(self.string(&inner)),
            Rule::float_lit => LiteralKind::Float(text.parse().unwrap_or(f64::INFINITY)),
            Rule::int_lit => parse_int(text)
                .map_or_else(|| LiteralKind::HugeInt(approximate(text)), LiteralKind::Int),
            Rule::true_kw => LiteralKind::Bool(true),
            Rule::false_kw => LiteralKind::Bool(false),
            Rule::null_kw => LiteralKind::Null,
            _ => LiteralKind::Ident(text.to_string()),
        };
        Literal { kind, span }
    }

    /// Resolves the escapes of a string literal, reporting invalid ones.
    fn string(&mut self, pair: &Pair<'_, Rule>) -> Vec<u8> {
        let raw = pair.as_str();
        let body = &raw[1..raw.len() - 1];
        let base = self.offset + pair.as_span().start() + 1;
        let mut out = Vec::with_capacity(body.len());
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                continue;
            }
            let Some((_, e)) = chars.next() else { break };
            let simple = match e {
                'n' => Some(b'\n'),
                'r' => Some(b'\r'),
                't' => Some(b'\t'),
                '0' => Some(0),
                '\\' => Some(b'\\'),
                '"' => Some(b'"'),
                '\'' => Some(b'\''),
                _ => None,
            };
            if let Some(b) = simple {
                out.push(b);
                continue;
            }
            let rest = &body[i..];
            let escape = match e {
                'x' => hex_escape(rest),
                'u' => unicode_escape(rest),
                _ => None,
            };
            match escape {
                Some((bytes, len)) => {
                    out.extend_from_slice(&bytes);
                    // Skip the escape's remaining characters (all ASCII).
                    for _ in 0..len - 2 {
                        chars.next();
                    }
                }
                None => {
                    let len = rest.chars().take(2).map(char::len_utf8).sum::<usize>();
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::Syntax,
                            format!("invalid escape `{}` in string", &rest[..len]),
                            Span::new(self.file, base + i, base + i + len),
                            "invalid escape",
                        )
                        .with_help(
                            "valid escapes are \\n \\r \\t \\0 \\\\ \\\" \\' \\xHH and \\u{HHHH}",
                        ),
                    );
                }
            }
        }
        out
    }

    /// Converts string bytes to text for places that need a name or a path.
    fn utf8(&mut self, bytes: Vec<u8>, pair: &Pair<'_, Rule>) -> String {
        String::from_utf8(bytes).unwrap_or_else(|e| {
            self.diagnostics.push(Diagnostic::new(
                Code::Syntax,
                "a name or path must be valid UTF-8, but a `\\x` escape produced a byte above 0x7F",
                self.span(pair),
                "not UTF-8",
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (File, Vec<Diagnostic>) {
        parse_file(FileId(0), text)
    }

    #[test]
    fn integers_parse_in_decimal_and_hex_with_sign() {
        assert_eq!(parse_int("42"), Some(42));
        assert_eq!(parse_int("-0x1F"), Some(-31));
        assert_eq!(parse_int("99999999999999999999999999999999999999999"), None);
    }

    #[test]
    fn doc_lines_drop_one_space() {
        assert_eq!(doc_line("///  two"), " two");
        assert_eq!(doc_line("///x"), "x");
    }

    #[test]
    fn a_missing_semicolon_is_reported_after_the_last_token_not_after_comments() {
        let text = "package p;\nrecord R {\n    id @1: string // the \"id\"\n    /* more */\n    n @2: i32;\n}\n";
        let (_, diags) = parse(text);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let at = diags[0].primary().span.start as usize;
        assert_eq!(&text[..at], "package p;\nrecord R {\n    id @1: string");
    }

    #[test]
    fn an_unclosed_block_comment_ends_the_file() {
        let (_, diags) = parse("package p;\n/* old:\nrecord A { x @1 }\nrecord B {}\n");
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(diags[0].message(), "unterminated block comment");
    }

    #[test]
    fn doc_comments_on_imports_and_reserved_statements_are_reported() {
        let (file, diags) = parse(
            "package p;\n/// why\nimport \"a.tri\";\nrecord R {\n  /// gone\n  reserved @1;\n}\n",
        );
        let codes: Vec<Code> = diags.iter().map(Diagnostic::code).collect();
        assert_eq!(
            codes,
            vec![Code::DanglingDocComment, Code::DanglingDocComment]
        );
        assert_eq!(
            file.imports[0].span.start, 19,
            "the import's span starts at `import`"
        );
    }

    #[test]
    fn resumes_after_a_broken_declaration() {
        let (file, diags) = parse(
            "package p;\nrecord A { x @1 string; }\nrecord B { y @1: ; }\nenum C { Z = 0; }\n",
        );
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert_eq!(file.decls.len(), 1);
        assert_eq!(file.decls[0].name.value, "C");
    }
}

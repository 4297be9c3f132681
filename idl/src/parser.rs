//! The parser: `.tri` text to [`ast::File`], plus syntax diagnostics.
//!
//! This is the only module that sees pest's `Pairs` and `Rule`. The file is parsed one top-level
//! item at a time with the `top` rule; after a syntax error, parsing resumes at the next line that
//! starts a top-level item in its first column, so one run reports the syntax errors of every
//! declaration, not only the first. pest's errors are turned into diagnostics here, naming the
//! tokens that were expected rather than grammar rules.

use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

use crate::ast::{
    Attribute, Decl, DeclKind, Docs, Enum, EnumValue, Field, File, Import, Literal, LiteralKind,
    PackageDecl, Record, Reserved, ReservedItem, TypeExpr, Union,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span, Spanned};

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

fn syntax_error(file: FileId, text: &str, at: usize, variant: &ErrorVariant<Rule>) -> Diagnostic {
    let rest = &text[at..];
    let found = found_token(rest);
    let span = Span::new(file, at, at + found.len());
    if rest.starts_with("/*") {
        return Diagnostic::new(
            Code::Syntax,
            "unterminated block comment",
            Span::new(file, at, at + 2),
            "this comment is never closed",
        )
        .with_help("close the comment with `*/`");
    }
    if rest.starts_with('"') && !string_closes_on_line(rest) {
        return Diagnostic::new(
            Code::Syntax,
            "unterminated string literal",
            Span::new(file, at, at + 1),
            "this string is never closed",
        )
        .with_help("strings end with `\"` on the line they start on");
    }
    let expected = match variant {
        ErrorVariant::ParsingError { positives, .. } => expected_list(positives),
        // pest reports only one custom error: its recursion guard tripped.
        ErrorVariant::CustomError { .. } => {
            return Diagnostic::new(
                Code::Syntax,
                "the text is nested too deeply to parse",
                span,
                "nesting too deep",
            )
            .with_help("split deeply nested types into named records");
        }
    };
    let found_text = if found.is_empty() {
        "end of file".to_string()
    } else {
        format!("`{found}`")
    };
    // When the unexpected token starts a later line, what is missing belongs after the last
    // token of an earlier line (a forgotten `;`), so point there.
    let end = end_of_previous_token(&text[..at]);
    let span = if end > 0 && text[end..at].contains('\n') {
        Span::new(file, end, end)
    } else {
        span
    };
    Diagnostic::new(
        Code::Syntax,
        format!("expected {expected}, found {found_text}"),
        span,
        format!("expected {expected}"),
    )
}

/// The end of the last token in `before`, skipping whitespace and comments.
fn end_of_previous_token(before: &str) -> usize {
    let mut end = before.len();
    loop {
        let trimmed = before[..end].trim_end();
        end = trimmed.len();
        if trimmed.ends_with("*/") {
            match trimmed.rfind("/*") {
                Some(open) => {
                    end = open;
                    continue;
                }
                None => return end,
            }
        }
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        match line_comment_start(&trimmed[line_start..]) {
            Some(comment) => end = line_start + comment,
            None => return end,
        }
    }
}

/// Where a `//` comment starts in one line, ignoring `//` inside string literals.
fn line_comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '/' if !in_string && line[i..].starts_with("//") => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether a string starting at the beginning of `rest` has a closing quote on its line.
fn string_closes_on_line(rest: &str) -> bool {
    let mut chars = rest.chars().skip(1);
    while let Some(c) = chars.next() {
        match c {
            '"' => return true,
            '\\' => {
                chars.next();
            }
            '\n' | '\r' => return false,
            _ => {}
        }
    }
    false
}

/// The token at the start of `rest`: a word, or one character, or nothing at the end.
fn found_token(rest: &str) -> &str {
    let word = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    if word > 0 {
        return &rest[..word];
    }
    rest.chars().next().map_or("", |c| &rest[..c.len_utf8()])
}

/// "`;`, `=` or `}`" from the rules pest expected.
fn expected_list(positives: &[Rule]) -> String {
    let mut names: Vec<&str> = positives
        .iter()
        .flat_map(|r| token_names(*r).iter().copied())
        .collect();
    let noise = ["a doc comment", "an attribute"];
    if names.iter().any(|n| !noise.contains(n)) {
        names.retain(|n| !noise.contains(n));
    }
    // Keywords and punctuation first, then descriptions.
    names.sort_by_key(|n| (!n.starts_with('`'), *n));
    names.dedup();
    match names.as_slice() {
        [] => "a valid item".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// How a rule is named in "expected …" messages; empty for rules users never need to hear of.
fn token_names(rule: Rule) -> &'static [&'static str] {
    match rule {
        Rule::package_kw | Rule::package_decl => &["`package`"],
        Rule::import_kw | Rule::import_decl => &["`import`"],
        Rule::decl => &["`record`", "`enum`", "`union`"],
        Rule::record_kw => &["`record`"],
        Rule::enum_kw => &["`enum`"],
        Rule::union_kw => &["`union`"],
        Rule::reserved_kw | Rule::field_reserved | Rule::enum_reserved => &["`reserved`"],
        Rule::list_kw => &["`list`"],
        Rule::map_kw => &["`map`"],
        Rule::optional_kw => &["`optional`"],
        Rule::max_kw => &["`max`"],
        Rule::true_kw => &["`true`"],
        Rule::false_kw => &["`false`"],
        Rule::null_kw => &["`null`"],
        Rule::semicolon => &["`;`"],
        Rule::colon => &["`:`"],
        Rule::comma => &["`,`"],
        Rule::equals => &["`=`"],
        Rule::lbrace => &["`{`"],
        Rule::rbrace => &["`}`"],
        Rule::langle => &["`<`"],
        Rule::rangle => &["`>`"],
        Rule::lbracket => &["`[`"],
        Rule::rbracket => &["`]`"],
        Rule::lparen => &["`(`"],
        Rule::rparen => &["`)`"],
        Rule::hash => &["`#`"],
        Rule::range_op => &["`..`"],
        Rule::EOI => &["end of file"],
        Rule::ident => &["a name"],
        Rule::field => &["a field"],
        Rule::variant => &["a variant"],
        Rule::enum_value => &["an enum value"],
        Rule::package_name => &["a package name"],
        Rule::type_name | Rule::type_expr => &["a type"],
        Rule::field_number => &["a field number such as `@1`"],
        Rule::uint | Rule::float_lit => &["a number"],
        Rule::int_lit => &["an integer"],
        Rule::string_lit => &["a string"],
        Rule::literal => &["a value"],
        Rule::doc_comment => &["a doc comment"],
        Rule::attribute | Rule::dangling => &["an attribute"],
        Rule::field_range | Rule::value_range => &["a number or range"],
        _ => &[],
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
        for child in pair.into_inner() {
            match child.as_rule() {
                Rule::ident => name = self.spanned_str(&child),
                Rule::attribute_args => {
                    let literals = child
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::literal)
                        .map(|p| self.literal(p))
                        .collect();
                    args = Some(literals);
                }
                _ => {}
            }
        }
        Attribute { name, args, span }
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

/// `\xHH` at the start of `s`: the byte and the escape's length.
fn hex_escape(s: &str) -> Option<(Vec<u8>, usize)> {
    let hex = s.get(2..4)?;
    let byte = u8::from_str_radix(hex, 16).ok()?;
    Some((vec![byte], 4))
}

/// `\u{H…}` at the start of `s`: the UTF-8 bytes and the escape's length.
fn unicode_escape(s: &str) -> Option<(Vec<u8>, usize)> {
    let rest = s.get(2..)?.strip_prefix('{')?;
    let close = rest.find('}')?;
    let hex = &rest[..close];
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    let mut buf = [0; 4];
    Some((c.encode_utf8(&mut buf).as_bytes().to_vec(), close + 4))
}

/// The sign, digits and radix of an integer literal: `-0x1F` is `(true, "1F", 16)`.
fn split_int(text: &str) -> (bool, &str, u32) {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => (negative, hex, 16),
        None => (negative, digits, 10),
    }
}

/// Parses a decimal or `0x` hexadecimal integer with an optional `-`; `None` on overflow.
fn parse_int(text: &str) -> Option<i128> {
    let (negative, digits, radix) = split_int(text);
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The value of an integer literal too large for `i128`, as the nearest `f64`.
fn approximate(text: &str) -> f64 {
    let (negative, digits, radix) = split_int(text);
    let magnitude = if radix == 10 {
        digits.parse().unwrap_or(f64::INFINITY) // correctly rounded
    } else {
        digits
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d))
    };
    if negative { -magnitude } else { magnitude }
}

/// A doc comment's text without `///` and one following space.
fn doc_line(raw: &str) -> String {
    let text = raw.trim_start_matches("///");
    let text = text.strip_prefix(' ').unwrap_or(text);
    text.trim_end().to_string()
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

//! Syntax errors: pest's errors turned into diagnostics that name the expected tokens
//! ("expected `;` or `}`") and point where the fix belongs.

use pest::error::ErrorVariant;

use super::Rule;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// The diagnostic for a parse failure at byte `at` of `text`.
pub(super) fn syntax_error(
    file: FileId,
    text: &str,
    at: usize,
    variant: &ErrorVariant<Rule>,
) -> Diagnostic {
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

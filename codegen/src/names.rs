//! Rust names for schema names: case conversion, keyword escaping, enum prefix stripping and
//! collision suffixes. Every back end that emits Rust goes through here.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Rust keywords (strict and reserved, all editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_` instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// An identifier for `name`, escaped if it is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// A field or module name: `snake_case`.
pub(crate) fn snake(name: &str) -> String {
    let snake = name.to_snake_case();
    if snake.is_empty() {
        "_".to_string()
    } else {
        snake
    }
}

/// A type or variant name: `UpperCamelCase`.
pub(crate) fn camel(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    if camel.is_empty() {
        "X".to_string()
    } else {
        camel
    }
}

/// The Rust variant names of an enum's symbols, as prost-build names them: the enum's name in
/// SCREAMING_SNAKE_CASE followed by `_` is stripped from the front of a symbol that has it
/// (unless that leaves nothing usable or makes two variants collide), then the rest is
/// converted to `UpperCamelCase`.
pub(crate) fn enum_variants(enum_name: &str, symbols: &[&str]) -> Vec<String> {
    let prefix = format!("{}_", enum_name.to_shouty_snake_case());
    let stripped: Vec<String> = symbols
        .iter()
        .map(|s| {
            let rest = s.strip_prefix(&prefix).unwrap_or(s);
            let usable = rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            camel(if usable { rest } else { s })
        })
        .collect();
    let names = if has_duplicates(&stripped) {
        symbols.iter().map(|s| camel(s)).collect()
    } else {
        stripped
    };
    dedupe(names)
}

fn has_duplicates(names: &[String]) -> bool {
    let mut seen = std::collections::HashSet::new();
    names.iter().any(|n| !seen.insert(n))
}

/// Appends `_` to later names that collide with earlier ones after conversion.
pub(crate) fn dedupe(names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|mut name| {
            while !seen.insert(name.clone()) {
                name.push('_');
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("order").to_string(), "order");
    }

    #[test]
    fn enum_prefixes_are_stripped_like_prost() {
        assert_eq!(
            enum_variants("CardBrand", &["CARD_BRAND_UNKNOWN", "VISA", "CARD_BRAND_1"]),
            vec!["Unknown", "Visa", "CardBrand1"]
        );
        // Stripping would make two variants collide: keep the full names.
        assert_eq!(
            enum_variants("Status", &["UNKNOWN", "STATUS_UNKNOWN"]),
            vec!["Unknown", "StatusUnknown"]
        );
    }

    #[test]
    fn cases_convert() {
        assert_eq!(snake("minorUnits"), "minor_units");
        assert_eq!(camel("line_item"), "LineItem");
        assert_eq!(dedupe(vec!["a".into(), "a".into()]), vec!["a", "a_"]);
    }
}

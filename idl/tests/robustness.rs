//! Malformed input never panics: random mutations of the example schemas go through the whole
//! front end and the renderer, and every diagnostic still points inside its file.

use proptest::prelude::*;
use trident_idl::{MemoryFileSystem, Options, RenderStyle};

const SCHEMAS: &[(&str, &str)] = &[
    ("common.tri", include_str!("../../schemas/common.tri")),
    ("shop.tri", include_str!("../../schemas/shop.tri")),
    ("telemetry.tri", include_str!("../../schemas/telemetry.tri")),
    ("documents.tri", include_str!("../../schemas/documents.tri")),
];

/// Fragments that are likely to produce interesting near-valid input.
const TOKENS: &[&str] = &[
    "{",
    "}",
    ";",
    "@",
    "@0",
    "@19000",
    "@536870912",
    "<",
    ">",
    ",",
    "=",
    "..",
    "max",
    "\"",
    "/*",
    "*/",
    "///",
    "//",
    "#[",
    "]",
    "(",
    ")",
    "record",
    "enum",
    "union",
    "reserved",
    "optional<",
    "list<",
    "map<string,",
    "import \"",
    "package ",
    "-",
    "0x",
    "9999999999999999999999999999999999999999",
    "1e999",
    "\\u{110000}",
    "\\x",
    "é",
    "\u{0}",
    "\n",
    " ",
    "Order",
    "acme.common.",
    "true",
    "null",
];

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: usize },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), 1..200usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, m: &Mutation) {
    match *m {
        Mutation::Delete { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, start.saturating_add(len).min(text.len()));
            text.replace_range(start..end.max(start), "");
        }
        Mutation::Insert { at, token } => {
            let at = boundary(text, at);
            text.insert_str(at, TOKENS[token]);
        }
        Mutation::Duplicate { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, start.saturating_add(len).min(text.len()));
            let copy = text[start..end.max(start)].to_string();
            text.insert_str(start, &copy);
        }
        Mutation::Truncate { at } => {
            let at = boundary(text, at);
            text.truncate(at);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_schemas_never_panic(
        target in 0..SCHEMAS.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut fs = MemoryFileSystem::new();
        let mut mutated = SCHEMAS[target].1.to_string();
        for m in &mutations {
            apply(&mut mutated, m);
        }
        for (i, (name, text)) in SCHEMAS.iter().enumerate() {
            fs.insert(name, if i == target { mutated.as_str() } else { text });
        }
        let inputs: Vec<std::path::PathBuf> = SCHEMAS.iter().map(|(n, _)| n.into()).collect();
        let checked = trident_idl::check(&fs, &inputs, &Options::new());
        prop_assert_eq!(checked.schema.is_some(), !checked.diagnostics.has_errors());
        for d in &checked.diagnostics {
            for label in std::iter::once(d.primary()).chain(d.secondary()) {
                let text = checked.sources.file(label.span.file).text();
                prop_assert!(label.span.start <= label.span.end);
                prop_assert!((label.span.end as usize) <= text.len());
                prop_assert!(text.is_char_boundary(label.span.start as usize));
                prop_assert!(text.is_char_boundary(label.span.end as usize));
            }
            prop_assert!(!d.message().is_empty());
        }
        let graphical = trident_idl::render(&checked.diagnostics, &checked.sources, RenderStyle::Graphical { color: false });
        let narrated = trident_idl::render(&checked.diagnostics, &checked.sources, RenderStyle::Narrated);
        prop_assert_eq!(graphical.is_empty(), checked.diagnostics.is_empty());
        prop_assert_eq!(narrated.is_empty(), checked.diagnostics.is_empty());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let checked = trident_idl::check_source("any.tri", &text);
        prop_assert_eq!(checked.schema.is_some(), !checked.diagnostics.has_errors());
        let _ = trident_idl::render(&checked.diagnostics, &checked.sources, RenderStyle::Narrated);
    }
}

#[test]
fn deeply_nested_types_are_an_error_not_a_crash() {
    let depth = 5000;
    let ty = format!("{}string{}", "list<".repeat(depth), ">".repeat(depth));
    let checked = trident_idl::check_source(
        "deep.tri",
        &format!("package p;\nrecord R {{ x @1: {ty}; }}\n"),
    );
    assert!(checked.diagnostics.has_errors());
}

#[test]
fn huge_numbers_are_diagnosed() {
    let checked = trident_idl::check_source(
        "big.tri",
        "package p;\nrecord R { x @99999999999999999999999: i32 = 999999999999999999999999999999999999999999; }\nenum E { A = 99999999999999999999999999999999999999999999; }\n",
    );
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code().as_str())
        .collect();
    assert!(codes.contains(&"E204"), "{codes:?}");
    assert!(codes.contains(&"E402"), "{codes:?}");
}

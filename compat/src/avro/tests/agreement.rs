//! The walk agrees with the runtime's resolver: hand-written and generated pairs of versions,
//! and plain Avro schemas with corners Trident does not export.

use super::*;

/// Versions of one package that differ in many ways; every ordered pair is compared.
const VARIANTS: &[&str] = &[
    // 0: the base.
    "record R { a @1: i32; b @2: string; c @3: optional<N>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     record N { x @1: i64 = 3; y @2: list<N>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: N; s @2: string; i @3: i32; }",
    // 1: promotions.
    "record R { a @1: i64; b @2: bytes; c @3: optional<N>; l @4: list<f64>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     record N { x @1: f32 = 3; y @2: list<N>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: N; s @2: bytes; i @3: i64; }",
    // 2: fields added with and without defaults, one removed.
    "record R { a @1: i32; c @3: optional<N>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; d @8: bool; e @9: bool = true; }
     record N { x @1: i64 = 3; y @2: list<N>; z @3: optional<N>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: N; s @2: string; i @3: i32; }",
    // 3: renames, with and without aliases.
    "record R { #[alias(\"a\")] aa @1: i32; bb @2: string; c @3: optional<N>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     record N { xx @1: i64 = 3; y @2: list<N>; }
     enum E { E_UNKNOWN = 0; A = 1; BEE = 2; }
     union U { n @1: N; str @2: string; i @3: i32; }",
    // 4: optionality and cardinality.
    "record R { a @1: optional<i32>; b @2: list<string>; c @3: N; l @4: map<string, i32>; m @5: map<string, E>; u @6: optional<U>; o @7: U; }
     record N { x @1: i64 = 3; y @2: optional<N>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: N; s @2: string; i @3: i32; }",
    // 5: enum and union members.
    "record R { a @1: i32; b @2: string; c @3: optional<N>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     record N { x @1: i64 = 3; y @2: list<N>; }
     enum E { E_UNKNOWN = 0; B = 2; C = 3; }
     union U { n @1: N; i @3: i32; f @4: f64; e @5: E; }",
    // 6: N renamed to M with an alias.
    "record R { a @1: i32; b @2: string; c @3: optional<M>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     #[alias(\"N\")] record M { x @1: i64 = 3; y @2: list<M>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: M; s @2: string; i @3: i32; }",
    // 7: N renamed to M without an alias.
    "record R { a @1: i32; b @2: string; c @3: optional<M>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     record M { x @1: i64 = 3; y @2: list<M>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: M; s @2: string; i @3: i32; }",
    // 8: kinds changed: E a record, U a record, N an enum.
    "record R { a @1: i32; b @2: string; c @3: optional<N>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     enum N { N_UNKNOWN = 0; X = 1; }
     record E { v @1: i32; }
     record U { n @1: optional<N>; s @2: string; }",
    // 9: incompatible types everywhere.
    "record R { a @1: string; b @2: i32; c @3: optional<string>; l @4: list<string>; m @5: map<string, string>; u @6: U; o @7: optional<U>; }
     record N { x @1: string = \"3\"; y @2: list<string>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: E; s @2: bool; i @3: f32; }",
    // 10: reordered, defaults changed, variants reordered.
    "record R { o @7: optional<U>; u @6: U; m @5: map<string, E>; l @4: list<i32>; c @3: optional<N>; b @2: string = \"b\"; a @1: i32 = 1; }
     record N { y @2: list<N>; x @1: i64 = 4; }
     enum E { E_UNKNOWN = 0; B = 2; A = 1; }
     union U { i @3: i32; s @2: string; n @1: N; }",
    // 11: smaller: fields and variants removed.
    "record R { a @1: i32; u @6: U; }
     record N { y @2: list<N>; }
     enum E { E_UNKNOWN = 0; }
     union U { s @2: string; }",
    // 12: a variant that another one's data lands in, unions of records.
    "record R { a @1: i32; b @2: string; c @3: optional<N>; l @4: list<i32>; m @5: map<string, E>; u @6: U; o @7: optional<U>; }
     record N { x @1: i64 = 3; y @2: list<N>; }
     enum E { E_UNKNOWN = 0; A = 1; B = 2; }
     union U { n @1: N; s @2: string; l @4: i64; }",
];

#[test]
fn the_walk_agrees_with_the_resolver() {
    let versions: Vec<(Version, Version)> = VARIANTS
        .iter()
        .map(|body| {
            let text = format!("package p;\n{body}\n");
            (version("old", &text), version("new", &text))
        })
        .collect();
    let mut checked = 0;
    let mut failing = 0;
    for (i, (old, _)) in versions.iter().enumerate() {
        for (j, (_, new)) in versions.iter().enumerate() {
            let pairs = Pairs::new(old, new);
            for c in check_pairs(old, new, &pairs) {
                assert_eq!(
                    c.walker_breaks,
                    c.resolver_fails,
                    "variants {i} → {j}, `{}` {}: the walk says {}, the resolver {}: {:#?}",
                    c.type_name,
                    c.direction.name(),
                    c.walker_breaks,
                    c.resolver_fails,
                    c.findings
                );
                checked += 1;
                failing += usize::from(c.resolver_fails);
                if c.resolver_fails {
                    assert!(
                        c.findings
                            .iter()
                            .any(|f| f.rule != Rule::AvroIncompatible && f.is_breaking())
                    );
                }
            }
        }
    }
    // Both verdicts occur often enough for the comparison to mean something.
    assert!(
        checked > 1000 && failing > checked / 4 && failing < checked * 3 / 4,
        "{failing} of {checked}"
    );
}

#[test]
fn plain_avro_schemas_agree_with_the_resolver() {
    // Corners Trident does not export: fixed, nested arrays of unions, named types in unions
    // matched by alias, a record default, branches matched by promotion.
    let schemas = [
        serde_json::json!({"type": "record", "name": "a.R", "fields": [
            {"name": "f", "type": {"type": "fixed", "name": "F", "size": 4}},
            {"name": "u", "type": ["null", "int", {"type": "record", "name": "S", "fields": [{"name": "x", "type": "int"}]}]},
            {"name": "l", "type": {"type": "array", "items": ["string", "long"]}}]}),
        serde_json::json!({"type": "record", "name": "b.R", "fields": [
            {"name": "f", "type": {"type": "fixed", "name": "F", "size": 8}},
            {"name": "u", "type": ["null", "long", {"type": "record", "name": "T", "aliases": ["a.S"], "fields": [{"name": "x", "type": "long"}]}]},
            {"name": "l", "type": {"type": "array", "items": ["bytes", "double"]}},
            {"name": "d", "type": {"type": "record", "name": "D", "fields": [{"name": "y", "type": "int", "default": 1}]}, "default": {}}]}),
        serde_json::json!({"type": "record", "name": "R", "fields": [
            {"name": "u", "type": ["int", {"type": "record", "name": "S", "fields": [{"name": "x", "type": "int"}, {"name": "z", "type": "string"}]}]},
            {"name": "l", "type": {"type": "array", "items": "string"}},
            {"name": "d", "type": "int", "default": "oops"}]}),
        serde_json::json!({"type": "record", "name": "R", "aliases": ["x.Q"], "fields": [
            {"name": "f2", "aliases": ["f"], "type": {"type": "fixed", "name": "G", "aliases": ["a.F"], "size": 4}},
            {"name": "u", "type": "int"}]}),
    ];
    for (i, old) in schemas.iter().enumerate() {
        for (j, new) in schemas.iter().enumerate() {
            for direction in Direction::BOTH {
                let c = check_plain(old, new, direction);
                assert_eq!(
                    c.walker_breaks, c.resolver_fails,
                    "schemas {i} → {j} {direction:?}: {:#?}",
                    c.findings
                );
            }
        }
    }
}

/// A small deterministic generator of valid versions of one package, for comparing the walk
/// with the resolver on pairs nobody wrote by hand.
struct Generator(u64);

impl Generator {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.next(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }

    /// A field type; `inside` is the record it is in (which it may refer to only through a
    /// list, map or optional).
    fn field_type(&mut self, inside: &str, nested: &str) -> (String, Option<&'static str>) {
        const SCALARS: &[(&str, Option<&str>)] = &[
            ("i32", Some("7")),
            ("i64", Some("7")),
            ("u32", Some("7")),
            ("f32", Some("1.5")),
            ("f64", Some("2")),
            ("string", Some("\"s\"")),
            ("bytes", None),
            ("bool", Some("true")),
            ("date", None),
            ("timestamp", None),
            ("uuid", None),
            ("E", Some("E_UNKNOWN")),
        ];
        let (scalar, default) = SCALARS[self.next(SCALARS.len())];
        let named = self.pick(&[nested, "U", "E"]);
        let element = if self.chance(50) { scalar } else { named };
        match self.next(6) {
            0 => (format!("list<{element}>"), None),
            1 => (format!("map<string, {element}>"), None),
            2 => (format!("optional<{element}>"), None),
            3 if named != inside && inside != "U" => (named.to_string(), None),
            _ => (scalar.to_string(), default),
        }
    }

    fn version(&mut self) -> String {
        let mut text = String::from("package p;\n");
        // `N` may be renamed `M`, with or without an alias.
        let nested = match self.next(6) {
            0 => {
                text.push_str("#[alias(\"N\")]\n");
                "M"
            }
            1 => "M",
            _ => "N",
        };
        for (record, names) in [
            ("R", ["a", "b", "c", "d", "e"]),
            (nested, ["x", "y", "z", "w", "v"]),
        ] {
            text.push_str(&format!("record {record} {{\n"));
            for (number, name) in names.iter().enumerate() {
                if self.chance(25) {
                    continue;
                }
                let (ty, default) = self.field_type(record, nested);
                if self.chance(15) {
                    text.push_str(&format!(
                        "    #[alias(\"{name}\")]\n    {name}{name} @{}: {ty}",
                        number + 1
                    ));
                } else if self.chance(10) {
                    text.push_str(&format!("    {name}{name} @{}: {ty}", number + 1));
                } else {
                    text.push_str(&format!("    {name} @{}: {ty}", number + 1));
                }
                match default {
                    Some(default) if self.chance(50) => text.push_str(&format!(" = {default};\n")),
                    _ => text.push_str(";\n"),
                }
            }
            text.push_str("}\n");
        }
        text.push_str("enum E {\n    E_UNKNOWN = 0;\n");
        for (number, symbol) in ["A", "B", "C"].iter().enumerate() {
            if self.chance(60) {
                text.push_str(&format!("    {symbol} = {};\n", number + 1));
            }
        }
        text.push_str("}\nunion U {\n");
        let variants: [(&str, &[&str]); 5] = [
            ("i", &["i32", "f32", "date"]),
            ("l", &["i64", "f64", "timestamp"]),
            ("s", &["string", "bytes", "uuid"]),
            ("n", &[nested, "E"]),
            ("b", &["bool"]),
        ];
        let mut used = std::collections::HashSet::new();
        for (number, (name, types)) in variants.iter().enumerate() {
            let ty = self.pick(types);
            let avro = match ty {
                "i32" | "date" => "int",
                "i64" | "timestamp" => "long",
                "string" | "uuid" => "string",
                other => other,
            };
            if self.chance(30) || !used.insert(avro) {
                continue;
            }
            text.push_str(&format!("    {name} @{}: {ty};\n", number + 1));
        }
        if used.is_empty() {
            text.push_str("    b @5: bool;\n");
        }
        text.push_str("}\n");
        text
    }
}

#[test]
fn random_versions_agree_with_the_resolver() {
    let mut generator = Generator(0x5eed);
    let mut texts = Vec::new();
    let mut rejected = 0;
    while texts.len() < 40 {
        let text = generator.version();
        match Version::from_sources("v", &[("t.tri", &text)]) {
            Ok(_) => texts.push(text),
            Err(_) => rejected += 1,
        }
    }
    assert!(rejected < 40, "{rejected} generated versions were rejected");
    let versions: Vec<(Version, Version)> = texts
        .iter()
        .map(|t| (version("old", t), version("new", t)))
        .collect();
    let (mut checked, mut failing) = (0, 0);
    for (i, (old, _)) in versions.iter().enumerate() {
        for (j, (_, new)) in versions.iter().enumerate() {
            let pairs = Pairs::new(old, new);
            for c in check_pairs(old, new, &pairs) {
                assert_eq!(
                    c.walker_breaks,
                    c.resolver_fails,
                    "{}\n→\n{}\n`{}` {}: {:#?}",
                    texts[i],
                    texts[j],
                    c.type_name,
                    c.direction.name(),
                    c.findings
                );
                checked += 1;
                failing += usize::from(c.resolver_fails);
            }
        }
    }
    assert!(
        failing > checked / 10 && failing < checked * 9 / 10,
        "{failing} of {checked}"
    );
}

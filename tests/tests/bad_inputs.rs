//! The bad-input corpus: every `.case` file under `tests/bad-inputs/` holds one malformed (or
//! borderline) input for one generated type and the exact outcome it must have, which is the
//! `Display` text of the `DecodeError` or, for `expect: ok`, a successful decode (optionally
//! checked through the value's JSON). The file format and the `generate:` directive are
//! described in `tests/bad-inputs/README.md`.
//!
//! The tests check that the corpus is there and well formed, that it covers every category of
//! bad input the runtime must handle in every format where the category applies, that every
//! case decodes as recorded (reporting all mismatches at once), and that every recorded error
//! says where the problem is: the field path from the type and the byte offset or the line and
//! column. Cases whose error does not yet say where carry a `known-gap:` line.

// The example schemas deprecate some types; the dispatch names every generated type.
#![allow(deprecated)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use trident::{AvroSchema, DecodeError, Message};

/// The formats a case can be decoded in: the `format:` values and the folders they live in.
const FORMATS: &[&str] = &["protobuf", "avro", "avro-written-with", "json"];

/// Every category of bad input, with the formats each must have at least one case in.
const CATEGORIES: &[(&str, &[&str])] = &[
    ("truncated-varint", &["protobuf", "avro"]),
    ("truncated-value", &["protobuf", "avro"]),
    ("varint-too-long", &["protobuf", "avro"]),
    ("varint-overflow", &["protobuf", "avro"]),
    ("zigzag-overflow", &["avro"]),
    (
        "length-past-end",
        &["protobuf", "avro", "avro-written-with"],
    ),
    ("negative-length", &["avro"]),
    ("block-count", &["avro"]),
    ("block-size", &["avro"]),
    ("union-index", &["avro", "avro-written-with"]),
    ("optional-index", &["avro"]),
    ("invalid-utf8", &["protobuf", "avro"]),
    ("wrong-wire-type", &["protobuf"]),
    ("invalid-key", &["protobuf"]),
    (
        "deep-nesting",
        &["protobuf", "avro", "avro-written-with", "json"],
    ),
    ("huge-collection", &["avro"]),
    (
        "unknown-enum",
        &["protobuf", "avro", "avro-written-with", "json"],
    ),
    ("duplicate-field", &["json"]),
    ("duplicate-map-key", &["json"]),
    ("duplicate-variant", &["json"]),
    ("unknown-variant", &["json"]),
    ("wrong-type", &["json"]),
    ("syntax", &["json"]),
    ("number-range", &["json"]),
    ("missing-field", &["json"]),
    ("bad-base64", &["json"]),
    ("bad-timestamp", &["protobuf", "json"]),
    ("bad-date", &["json"]),
    ("bad-uuid", &["protobuf", "avro", "json"]),
    ("trailing-data", &["avro", "json"]),
];

/// The most bytes a `generate:` directive may produce.
const MAX_GENERATED: usize = 64 << 20;

// ---------------------------------------------------------------------------------------------
// The case files

/// One parsed case file.
#[derive(Debug)]
struct Case {
    /// The path below `tests/bad-inputs/`, for messages.
    name: String,
    category: String,
    format: String,
    type_name: String,
    input: Vec<u8>,
    /// The writer's schema, for `avro-written-with`.
    writer: Option<String>,
    expect: Expect,
    /// Why the recorded error does not say where the problem is, if it does not.
    known_gap: Option<String>,
}

/// What decoding a case must give.
#[derive(Debug)]
enum Expect {
    /// This exact error text.
    Error(String),
    /// A value, whose JSON is this text when given.
    Ok(Option<String>),
}

/// The corpus folder.
fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bad-inputs")
}

/// Every `.case` file under the corpus folder, sorted.
fn case_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "case") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&corpus_dir(), &mut out);
    out.sort();
    out
}

/// Every case, or the problems of the files that do not parse.
fn load_cases() -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut problems = Vec::new();
    for path in case_files() {
        // `json/duplicate-field.case`, with `/` on every platform.
        let name = path
            .strip_prefix(corpus_dir())
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| parse_case(&name, &text));
        match parsed {
            Ok(case) => cases.push(case),
            Err(problem) => problems.push(format!("{name}: {problem}")),
        }
    }
    (cases, problems)
}

/// The cases that parse; the files that do not fail
/// `the_corpus_is_not_empty_and_every_case_file_parses`, so that one malformed file does not
/// hide what the others report.
fn cases() -> Vec<Case> {
    load_cases().0
}

/// The `key: value` lines of a case file (a value of `<<WORD` takes the following lines up to
/// one that is exactly `WORD`), and whether it had a comment.
fn parse_lines(text: &str) -> Result<(Vec<(String, String)>, bool), String> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut commented = false;
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let at = i + 1;
        if line.ends_with(' ') || line.ends_with('\t') {
            return Err(format!("line {at} has trailing whitespace"));
        }
        if line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            commented |= !comment.trim().is_empty();
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!(
                "line {at} is neither `key: value` nor a `#` comment"
            ));
        };
        let key = key.trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            return Err(format!("line {at}: `{key}` is not a key"));
        }
        if entries.iter().any(|(k, _)| k == key) {
            return Err(format!("line {at}: `{key}` is given twice"));
        }
        let value = value.trim();
        let value = match value.strip_prefix("<<") {
            Some(word) if !word.is_empty() => {
                let mut block = Vec::new();
                loop {
                    match lines.next() {
                        Some((_, l)) if l == word => break,
                        Some((j, l)) if l.ends_with(' ') || l.ends_with('\t') => {
                            return Err(format!("line {} has trailing whitespace", j + 1));
                        }
                        Some((_, l)) => block.push(l),
                        None => return Err(format!("line {at}: `<<{word}` is never closed")),
                    }
                }
                block.join("\n")
            }
            _ => value.to_string(),
        };
        entries.push((key.to_string(), value));
    }
    Ok((entries, commented))
}

/// Parses one case file.
fn parse_case(name: &str, text: &str) -> Result<Case, String> {
    let (mut entries, commented) = parse_lines(text)?;
    if !commented {
        return Err("no `#` comment saying why the input is bad".to_string());
    }
    let mut take = |key: &str| -> Option<String> {
        let i = entries.iter().position(|(k, _)| k == key)?;
        Some(entries.remove(i).1)
    };
    let required = |key: &str, value: Option<String>| {
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("`{key}:` is missing or empty"))
    };
    let category = required("category", take("category"))?;
    let format = required("format", take("format"))?;
    let type_name = required("type", take("type"))?;
    let input = match (take("input"), take("generate")) {
        (Some(text), None) if format == "json" => text.into_bytes(),
        (Some(text), None) => parse_hex(&text)?,
        (None, Some(program)) => generate(&program)?,
        (Some(_), Some(_)) => return Err("both `input:` and `generate:`".to_string()),
        (None, None) => return Err("neither `input:` nor `generate:`".to_string()),
    };
    let writer = take("writer");
    let known_gap = take("known-gap");
    let expect = match (take("error"), take("expect"), take("value")) {
        (Some(error), None, None) if !error.is_empty() => Expect::Error(error),
        (None, Some(ok), value) if ok == "ok" => Expect::Ok(value),
        _ => {
            return Err(
                "give either `error: <text>` or `expect: ok` (with an optional `value:`)"
                    .to_string(),
            );
        }
    };
    if let Some((key, _)) = entries.first() {
        return Err(format!("unknown key `{key}:`"));
    }
    if !FORMATS.contains(&format.as_str()) {
        return Err(format!(
            "unknown format `{format}` (known: {})",
            FORMATS.join(", ")
        ));
    }
    if !name.starts_with(&format!("{format}/")) {
        return Err(format!(
            "a `{format}` case belongs in the `{format}/` folder"
        ));
    }
    if (format == "avro-written-with") != writer.is_some() {
        return Err("`writer:` goes with, and only with, `format: avro-written-with`".to_string());
    }
    if known_gap.is_some() && !matches!(expect, Expect::Error(_)) {
        return Err("`known-gap:` only goes with `error:`".to_string());
    }
    Ok(Case {
        name: name.to_string(),
        category,
        format,
        type_name,
        input,
        writer,
        expect,
        known_gap,
    })
}

/// Bytes from hex digits; whitespace between bytes is ignored.
fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits in `{text}`"));
    }
    digits
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or_else(|| format!("`{}` is not a hex byte", String::from_utf8_lossy(pair)))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The `generate:` directive

/// Runs a `generate:` program: whitespace-separated terms whose bytes are concatenated.
///
/// - `0a05ff`: hex bytes;
/// - `'text'`: the UTF-8 bytes of the text (which cannot contain `'`);
/// - `N*term`: the term repeated `N` times;
/// - `nest(N,KEY)`: `N` protobuf length-delimited fields with the hex key `KEY`, each holding
///   the next, the innermost empty.
fn generate(program: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut rest = program.trim_start();
    while !rest.is_empty() {
        let (bytes, after) = term(rest)?;
        if out.len() + bytes.len() > MAX_GENERATED {
            return Err(format!("`generate:` makes more than {MAX_GENERATED} bytes"));
        }
        out.extend(bytes);
        rest = after.trim_start();
        if !rest.is_empty() && !after.starts_with(char::is_whitespace) {
            return Err(format!(
                "`generate:` terms need spaces between them at `{rest}`"
            ));
        }
    }
    if out.is_empty() {
        return Err("`generate:` makes no bytes".to_string());
    }
    Ok(out)
}

/// One term at the start of `text`: its bytes and the text after it.
fn term(text: &str) -> Result<(Vec<u8>, &str), String> {
    if let Some(quoted) = text.strip_prefix('\'') {
        let end = quoted
            .find('\'')
            .ok_or_else(|| format!("unclosed `'` in `{text}`"))?;
        return Ok((quoted.as_bytes()[..end].to_vec(), &quoted[end + 1..]));
    }
    if let Some(args) = text.strip_prefix("nest(") {
        let end = args
            .find(')')
            .ok_or_else(|| format!("unclosed `nest(` in `{text}`"))?;
        let (depth, key) = args[..end]
            .split_once(',')
            .ok_or_else(|| "`nest(N,KEY)` takes two arguments".to_string())?;
        let depth = count(depth.trim())?;
        let key = parse_hex(key)?;
        return Ok((nest(depth, &key)?, &args[end + 1..]));
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with('*') {
        let times = count(&text[..digits])?;
        let (bytes, after) = term(&text[digits + 1..])?;
        if bytes.len().saturating_mul(times) > MAX_GENERATED {
            return Err(format!("`generate:` makes more than {MAX_GENERATED} bytes"));
        }
        return Ok((bytes.repeat(times), after));
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    let bytes = parse_hex(&text[..end])?;
    if bytes.is_empty() {
        return Err(format!("no term at `{text}`"));
    }
    Ok((bytes, &text[end..]))
}

fn count(text: &str) -> Result<usize, String> {
    text.parse().map_err(|_| format!("`{text}` is not a count"))
}

/// `depth` length-delimited fields with `key`, each holding the next, the innermost empty.
fn nest(depth: usize, key: &[u8]) -> Result<Vec<u8>, String> {
    // The lengths from the innermost field outwards, then the prefixes from the outside in.
    let mut lengths = vec![0usize; depth];
    for level in 1..depth {
        let inner = lengths[level - 1];
        lengths[level] = key.len() + varint(inner as u64).len() + inner;
    }
    let total = lengths
        .last()
        .map_or(0, |inner| key.len() + varint(*inner as u64).len() + inner);
    if total > MAX_GENERATED {
        return Err(format!("`generate:` makes more than {MAX_GENERATED} bytes"));
    }
    let mut out = Vec::with_capacity(total);
    for length in lengths.iter().rev() {
        out.extend_from_slice(key);
        out.extend(varint(*length as u64));
    }
    Ok(out)
}

fn varint(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
    out
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// What decoding gave: the value's JSON, or the error.
type Outcome = Result<String, DecodeError>;

/// Decodes the case's input as the case's type, or says why it cannot (an unknown type, a
/// writer's schema that does not parse, JSON that is not UTF-8, a panic).
fn run(case: &Case) -> Result<Outcome, String> {
    let result = catch_unwind(AssertUnwindSafe(|| dispatch(case)));
    match result {
        Ok(Some(outcome)) => outcome,
        Ok(None) => Err(format!(
            "`{}` is not a generated record or union",
            case.type_name
        )),
        Err(panic) => Err(format!(
            "the decoder panicked: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        )),
    }
}

/// Decodes with the generated type named by `type:`, or `None` when there is no such type.
fn dispatch(case: &Case) -> Option<Result<Outcome, String>> {
    macro_rules! try_type {
        ($test:ident, $ty:ty) => {
            if case.type_name == <$ty as Message>::FULL_NAME {
                return Some(decode::<$ty>(case));
            }
        };
    }
    trident_tests::for_each_message!(try_type);
    None
}

fn decode<T: Message>(case: &Case) -> Result<Outcome, String> {
    let input = case.input.as_slice();
    let decoded = match case.format.as_str() {
        "protobuf" => T::from_protobuf(input),
        "avro" => T::from_avro(input),
        "avro-written-with" => {
            let text = case.writer.as_deref().unwrap_or_default();
            let writer = AvroSchema::parse_str(text)
                .map_err(|e| format!("the writer's schema does not parse: {e}"))?;
            T::from_avro_written_with(input, &writer)
        }
        "json" => {
            let text = std::str::from_utf8(input)
                .map_err(|e| format!("the JSON input is not UTF-8: {e}"))?;
            T::from_json(text)
        }
        other => return Err(format!("unknown format `{other}`")),
    };
    Ok(decoded.map(|value| value.to_json()))
}

/// How a case's outcome differs from what it records, if it does.
fn mismatch(case: &Case) -> Option<String> {
    let expected = match &case.expect {
        Expect::Error(text) => format!("error: {text}"),
        Expect::Ok(None) => "expect: ok".to_string(),
        Expect::Ok(Some(json)) => format!("expect: ok, value: {json}"),
    };
    let got = match run(case) {
        Err(problem) => problem,
        Ok(Err(e)) => {
            if matches!(&case.expect, Expect::Error(text) if *text == e.to_string()) {
                return None;
            }
            format!("error: {e}")
        }
        Ok(Ok(json)) => match &case.expect {
            Expect::Ok(None) => return None,
            Expect::Ok(Some(value)) if *value == json => return None,
            _ => format!("expect: ok, value: {json}"),
        },
    };
    Some(format!(
        "{}\n  expected  {expected}\n  got       {got}",
        case.name
    ))
}

// ---------------------------------------------------------------------------------------------
// Where an error says the problem is

/// What a recorded error lacks of saying where: the field path from the type (`at Order.…`,
/// every segment known) and the position (`(byte N)` inside the input for binary formats,
/// `(line L, column C)` counted from 1 for JSON).
fn missing_location(case: &Case, error: &str) -> Vec<&'static str> {
    let short_name = case.type_name.rsplit('.').next().unwrap_or_default();
    let format = match case.format.as_str() {
        "protobuf" => "protobuf",
        "json" => "JSON",
        _ => "Avro",
    };
    let mut missing = Vec::new();
    let head = format!("cannot decode {format} at {short_name}");
    let path = error
        .strip_prefix(&head)
        .and_then(|rest| rest.split_once(": "))
        .map(|(path, _)| path);
    let path_ok = path.is_some_and(|p| {
        (p.is_empty() || p.starts_with(['.', '['])) && !p.split('.').any(|s| s == "?")
    });
    if !path_ok {
        missing.push("the field path (from the type, every segment known)");
    }
    if case.format == "json" {
        let position = trailing_numbers(error, " (line ", ", column ");
        if !position.is_some_and(|(line, column)| line >= 1 && column >= 1) {
            missing.push("the line and column (counted from 1)");
        }
    } else {
        let offset = trailing_number(error, " (byte ");
        if offset.is_none_or(|o| o > case.input.len()) {
            missing.push("the byte offset (inside the input)");
        }
    }
    missing
}

/// `N` of an error ending in `<open>N)`.
fn trailing_number(error: &str, open: &str) -> Option<usize> {
    let (_, n) = error.strip_suffix(')')?.rsplit_once(open)?;
    n.parse().ok()
}

/// `(A, B)` of an error ending in `<open>A<separator>B)`.
fn trailing_numbers(error: &str, open: &str, separator: &str) -> Option<(usize, usize)> {
    let (_, rest) = error.strip_suffix(')')?.rsplit_once(open)?;
    let (a, b) = rest.split_once(separator)?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn the_corpus_is_not_empty_and_every_case_file_parses() {
    let files = case_files();
    assert!(
        files.len() >= 50,
        "the corpus in {} holds only {} case files",
        corpus_dir().display(),
        files.len()
    );
    let (cases, problems) = load_cases();
    assert!(
        problems.is_empty(),
        "malformed case files:\n{}",
        problems.join("\n")
    );
    assert_eq!(cases.len(), files.len());
}

#[test]
fn every_case_has_a_known_format_and_category_and_every_category_has_cases() {
    let cases = cases();
    let mut problems = Vec::new();
    for case in &cases {
        if !FORMATS.contains(&case.format.as_str()) {
            problems.push(format!("{}: unknown format `{}`", case.name, case.format));
        }
        if !CATEGORIES.iter().any(|(c, _)| *c == case.category) {
            problems.push(format!(
                "{}: unknown category `{}`",
                case.name, case.category
            ));
        }
    }
    for (category, formats) in CATEGORIES {
        for format in *formats {
            if !cases
                .iter()
                .any(|c| c.category == *category && c.format == *format)
            {
                problems.push(format!("no `{format}` case of category `{category}`"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_case_decodes_to_its_recorded_outcome() {
    let cases = cases();
    let mismatches: Vec<String> = cases.iter().filter_map(mismatch).collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} cases in tests/bad-inputs do not decode as recorded:\n\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n\n")
    );
}

#[test]
fn every_recorded_error_names_the_field_path_and_the_position() {
    let mut problems = Vec::new();
    for case in cases() {
        let Expect::Error(error) = &case.expect else {
            continue;
        };
        let missing = missing_location(&case, error);
        match (&case.known_gap, missing.is_empty()) {
            (None, false) => problems.push(format!(
                "{}: the error does not give {} (add a `known-gap:` line if the runtime cannot \
                 yet): {error}",
                case.name,
                missing.join(" or ")
            )),
            (Some(_), true) => problems.push(format!(
                "{}: the error says where now; remove its `known-gap:` line",
                case.name
            )),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_generate_directive_makes_the_documented_bytes() {
    assert_eq!(generate("0a 05 'ab'").unwrap(), b"\x0a\x05ab");
    assert_eq!(generate("3*00 2*'{}' 0a0b").unwrap(), b"\0\0\0{}{}\x0a\x0b");
    assert_eq!(generate("2*'a b' ff").unwrap(), b"a ba b\xff");
    // Three Node.origin fields inside each other: 22 04 (22 02 (22 00)).
    assert_eq!(
        generate("nest(3,22)").unwrap(),
        [0x22, 0x04, 0x22, 0x02, 0x22, 0x00]
    );
    // Each level's length is exactly what follows it.
    let deep = generate("nest(100000,22)").unwrap();
    let (mut pos, mut levels) = (0, 0);
    while pos < deep.len() {
        assert_eq!(deep[pos], 0x22);
        pos += 1;
        let (mut length, mut shift) = (0usize, 0);
        while deep[pos] >= 0x80 {
            length |= usize::from(deep[pos] & 0x7f) << shift;
            shift += 7;
            pos += 1;
        }
        length |= usize::from(deep[pos]) << shift;
        pos += 1;
        assert_eq!(length, deep.len() - pos);
        levels += 1;
    }
    assert_eq!(levels, 100_000);
    for bad in ["", "0", "zz", "'open", "nest(3)", "x*00", "'a''b'"] {
        assert!(generate(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn case_files_with_a_missing_or_doubled_line_are_rejected() {
    let good = "# why\ncategory: c\nformat: json\ntype: acme.shop.Order\ninput: {}\nerror: e\n";
    assert!(parse_case("json/x.case", good).is_ok());
    let block = "# why\ncategory: c\nformat: json\ntype: T\ninput: <<END\n{\n}\nEND\nexpect: ok\n";
    let case = parse_case("json/x.case", block).unwrap();
    assert_eq!(case.input, b"{\n}");
    for bad in [
        good.replace("# why\n", ""),
        good.replace("category: c\n", ""),
        good.replace("input: {}\n", ""),
        good.replace("error: e\n", ""),
        good.replace("error: e\n", "error: e\nexpect: ok\n"),
        good.replace("format: json", "format: yaml"),
        good.replace("type: acme.shop.Order\n", "type: a\ntype: b\n"),
        good.replace("input: {}\n", "input: {}\nsurprise: 1\n"),
        good.replace("input: {}", "input: {} "),
        good.replace("input: {}", "input: <<END\n{}"),
    ] {
        assert!(parse_case("json/x.case", &bad).is_err(), "{bad}");
    }
    assert!(
        parse_case("avro/x.case", good).is_err(),
        "folder and format differ"
    );
}

//! `trident size`: how many bytes values of a type take in JSON, Protobuf and Avro.

use std::io::{Read, Write};
use std::path::PathBuf;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::json;
use trident_formats::dynamic::{Document, Encoded, encode_document};
use trident_idl::Schema;
use trident_idl::model::{TypeId, TypeKind};

use super::schemas::{SchemaArgs, schema};
use super::{CommandError, Outcome};
use crate::output::write_stdout;

/// Measure how many bytes values take in JSON, Protobuf and Avro.
///
/// INPUT holds one JSON value, or JSON Lines (one value per line; blank lines are skipped), in
/// Trident's JSON mapping for --type. Every value is encoded exactly as the generated code
/// encodes it (`to_json()`, `to_protobuf()`, `to_avro()`), and the sizes are those of the
/// encodings alone: no length prefixes, separators or container headers. The gzip column is the
/// concatenated encodings of each format compressed with gzip (default level). Exit status: 0
/// measured, 1 a schema has errors, 2 the type, the input or a value is wrong.
#[derive(Debug, clap::Args)]
#[command(override_usage = "trident size [OPTIONS] --type <FULL.NAME> <SCHEMAS>... <INPUT>")]
pub(crate) struct Args {
    /// Schema files or folders (searched recursively for `.tri` files), then INPUT, the file of
    /// values (`-` for standard input)
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// The record or union the values are, by fully qualified name (`acme.shop.Order`)
    #[arg(long = "type", value_name = "FULL.NAME")]
    type_name: String,

    /// Folder to look imports up in; may be repeated
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include: Vec<PathBuf>,

    /// How to print the sizes
    #[arg(long, value_enum, default_value_t = Output::Text)]
    output: Output,
}

/// Output formats of `trident size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Output {
    /// A table on stdout
    Text,
    /// One JSON object on stdout
    Json,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    // One positional list, so that options may stand between the schemas and the input.
    let Some((input, schemas)) = args.paths.split_last().filter(|(_, s)| !s.is_empty()) else {
        return Err(CommandError(
            "give the schemas, then the input (a file, or `-` for standard input)".to_string(),
        ));
    };
    let schema_args = SchemaArgs {
        paths: schemas.to_vec(),
        include: args.include.clone(),
    };
    let Some(schema) = schema(&schema_args)? else {
        return Ok(Outcome::SchemaErrors);
    };
    let id = message_type(&schema, &args.type_name)?;
    let text = read_input(input)?;
    let report = measure(&schema, id, &text)?.finish()?;
    let text = match args.output {
        Output::Text => report.table(&args.type_name),
        Output::Json => serde_json::to_string_pretty(&report.json(&args.type_name))
            .map_err(std::io::Error::other)?,
    };
    write_stdout(text.trim_end())?;
    Ok(Outcome::Clean)
}

/// The record or union named `name`, or an error naming the close and the available ones.
fn message_type(schema: &Schema, name: &str) -> Result<TypeId, CommandError> {
    let messages: Vec<String> = schema
        .types()
        .iter()
        .filter(|t| !matches!(t.kind, TypeKind::Enum(_)))
        .map(|t| t.full_name())
        .collect();
    if let Some(ty) = schema.lookup(name) {
        if !matches!(ty.kind, TypeKind::Enum(_)) {
            return Ok(ty.id);
        }
        return Err(CommandError(format!(
            "`{name}` is an enum; --type takes a record or union: {}",
            messages.join(", ")
        )));
    }
    let mut close: Vec<(f64, &String)> = messages
        .iter()
        .map(|m| (similarity(name, m), m))
        .filter(|(score, _)| *score >= 0.6)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let hint = match close.as_slice() {
        [] => String::new(),
        [(_, one)] => format!("; did you mean `{one}`?"),
        more => format!(
            "; did you mean one of {}?",
            more.iter()
                .take(3)
                .map(|(_, m)| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(CommandError(format!(
        "no record or union named `{name}`{hint}\navailable: {}",
        messages.join(", ")
    )))
}

/// How alike a given name is to a full name: the likeness of their last segments, ignoring
/// case (so `Order`, `acme.shop.Ordr` and `acme.common.order` all find `acme.shop.Order`).
fn similarity(name: &str, full_name: &str) -> f64 {
    let last = |n: &str| n.rsplit('.').next().unwrap_or(n).to_lowercase();
    strsim::normalized_damerau_levenshtein(&last(name), &last(full_name))
}

fn read_input(path: &std::path::Path) -> Result<String, CommandError> {
    if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CommandError(format!("cannot read standard input: {e}")))?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| CommandError(format!("cannot read {}: {e}", path.display())))
    }
}

/// The sizes of every value in `text`, one JSON value or JSON Lines.
fn measure(schema: &Schema, id: TypeId, text: &str) -> Result<Sizes, CommandError> {
    let mut sizes = Sizes::new();
    let mut lines = LineCounter::new(text);
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Document>();
    let mut last_line = 0;
    loop {
        let before = values.byte_offset();
        let Some(next) = values.next() else { break };
        let document = next.map_err(|e| json_error(&e))?;
        let rest = text.get(before..).unwrap_or_default();
        let start = before + rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
        let line = lines.line_at(start);
        if line == last_line {
            return Err(CommandError(format!(
                "line {line}: a second value on the same line; JSON Lines hold one value per line"
            )));
        }
        last_line = lines.line_at(values.byte_offset());
        let encoded = encode_document(schema, id, &document)
            .map_err(|e| CommandError(format!("line {line}: {e}")))?;
        sizes.add(&encoded)?;
    }
    if sizes.messages == 0 {
        return Err(CommandError("the input holds no JSON value".to_string()));
    }
    Ok(sizes)
}

/// "line 3, column 7: expected value", from serde_json's "expected value at line 3 column 7".
fn json_error(e: &serde_json::Error) -> CommandError {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => &text[..i],
        _ => &text,
    };
    CommandError(format!(
        "line {}, column {}: invalid JSON: {message}",
        e.line(),
        e.column()
    ))
}

/// Line numbers of byte offsets that only grow.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line (from 1) of the byte at `offset`.
    fn line_at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset > self.offset {
            let skipped = self.text.as_bytes()[self.offset..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += skipped;
            self.offset = offset;
        }
        self.line
    }
}

/// The three formats, in the order they are reported.
const FORMATS: [(&str, &str); 3] = [("JSON", "json"), ("Protobuf", "protobuf"), ("Avro", "avro")];

/// Totals per format, and the gzip streams of their concatenated encodings.
struct Sizes {
    messages: u64,
    totals: [u64; 3],
    gzip: [GzEncoder<Counter>; 3],
}

impl Sizes {
    fn new() -> Sizes {
        let gzip = || GzEncoder::new(Counter(0), Compression::default());
        Sizes {
            messages: 0,
            totals: [0; 3],
            gzip: [gzip(), gzip(), gzip()],
        }
    }

    fn add(&mut self, encoded: &Encoded) -> Result<(), CommandError> {
        self.messages += 1;
        let bytes = [&encoded.json, &encoded.protobuf, &encoded.avro];
        for ((total, gzip), bytes) in self.totals.iter_mut().zip(&mut self.gzip).zip(bytes) {
            *total += bytes.len() as u64;
            gzip.write_all(bytes)?;
        }
        Ok(())
    }

    /// One row per format: name, total, bytes per message, share of JSON, gzip total.
    fn finish(self) -> Result<Report, CommandError> {
        let json_total = self.totals[0];
        let mut rows = Vec::new();
        for ((&(name, key), total), gzip) in FORMATS.iter().zip(self.totals).zip(self.gzip) {
            rows.push(Row {
                name,
                key,
                total,
                per_message: total as f64 / self.messages as f64,
                ratio: if json_total == 0 {
                    0.0
                } else {
                    total as f64 / json_total as f64
                },
                gzip: gzip.finish()?.0,
            });
        }
        Ok(Report {
            messages: self.messages,
            rows,
        })
    }
}

/// What `trident size` prints.
struct Report {
    messages: u64,
    rows: Vec<Row>,
}

impl Report {
    /// The text table.
    fn table(&self, type_name: &str) -> String {
        let header = [
            "format",
            "total bytes",
            "bytes/message",
            "vs JSON",
            "gzip total",
        ];
        let cells: Vec<[String; 5]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    r.name.to_string(),
                    r.total.to_string(),
                    format!("{:.1}", r.per_message),
                    format!("{:.1}%", r.ratio * 100.0),
                    r.gzip.to_string(),
                ]
            })
            .collect();
        let mut widths = header.map(str::len);
        for row in &cells {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.len());
            }
        }
        let line = |cells: &[String; 5]| {
            let mut line = format!("{:<w$}", cells[0], w = widths[0]);
            for (cell, width) in cells[1..].iter().zip(&widths[1..]) {
                line.push_str(&format!("  {cell:>width$}"));
            }
            line + "\n"
        };
        let plural = if self.messages == 1 { "" } else { "s" };
        let mut out = format!("{type_name}: {} message{plural}\n\n", self.messages);
        out.push_str(&line(&header.map(String::from)));
        for row in &cells {
            out.push_str(&line(row));
        }
        out
    }

    /// The JSON object: `{"type", "messages", "formats": {"json"|"protobuf"|"avro": {…}}}`.
    fn json(&self, type_name: &str) -> serde_json::Value {
        let mut formats = serde_json::Map::new();
        for row in &self.rows {
            formats.insert(
                row.key.to_string(),
                json!({
                    "total_bytes": row.total,
                    "bytes_per_message": row.per_message,
                    "ratio_to_json": row.ratio,
                    "gzip_total_bytes": row.gzip,
                }),
            );
        }
        json!({ "type": type_name, "messages": self.messages, "formats": formats })
    }
}

struct Row {
    name: &'static str,
    key: &'static str,
    total: u64,
    per_message: f64,
    ratio: f64,
    gzip: u64,
}

/// A writer that only counts the bytes written to it.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

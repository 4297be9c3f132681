//! `trident breaking`: compare schemas with earlier versions and report breaking changes.

use std::path::PathBuf;

use trident_compat::{Allow, CheckOptions, Format, Mode, Version};

use super::{CommandError, Outcome};
use crate::output::{text_style, write_stdout};

/// Report every change that breaks readers or writers, per format and direction.
///
/// NEW and each --against are files or folders of .tri files, of .proto files (judged by the
/// protobuf rules and the proto3 JSON mapping's; imports are looked up with -I and in the folders
/// given), or of .avsc files (plain Avro schemas, judged by the Avro rules only), or a git
/// reference: `git:REF` (the same paths as NEW, at REF) or `git:REF:PATH`, read from the
/// repository without a checkout. .avsc input must be on both sides; .tri and .proto can be
/// compared with each other at the protobuf level. Exit status: 0 compatible, 1 breaking changes
/// found, 2 the schemas could not be read or checked.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The new schemas: .tri, .proto or .avsc files or folders [default: the current folder]
    paths: Vec<PathBuf>,

    /// An earlier version to compare against; may be repeated, latest first
    #[arg(long, value_name = "OLD", required = true)]
    against: Vec<String>,

    /// Which directions must hold: backward (new readers, old data), forward (old readers, new
    /// data) or full (both)
    #[arg(long, value_enum, default_value_t = ModeArg::Full)]
    mode: ModeArg,

    /// Check against every --against, not only the first
    #[arg(long)]
    transitive: bool,

    /// The formats that count, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "protobuf,avro,json")]
    formats: Vec<String>,

    /// Accept a known break: `RULE=ELEMENT`, such as `FIELD_REMOVED=acme.shop.Order.coupon`
    #[arg(long, value_name = "RULE=ELEMENT")]
    allow: Vec<String>,

    /// A file of accepted breaks, one `RULE element # reason` per line
    #[arg(long, value_name = "FILE")]
    allow_file: Option<PathBuf>,

    /// Folder to look imports up in; may be repeated
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include: Vec<PathBuf>,

    /// How to print the result [default: github when GITHUB_ACTIONS is set, text otherwise]
    #[arg(long, value_enum)]
    output: Option<Output>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ModeArg {
    Backward,
    Forward,
    Full,
}

/// Output formats of `trident breaking`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Output {
    /// Rendered reports on stderr, with labels in the old and the new file
    Text,
    /// One JSON object on stdout
    Json,
    /// GitHub Actions annotations on stdout
    Github,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut formats = Vec::new();
    for name in &args.formats {
        let format = Format::from_name(name.trim()).ok_or_else(|| {
            CommandError(format!("unknown format `{name}` (protobuf, avro, json)"))
        })?;
        formats.push(format);
    }
    let allows = allows(args)?;
    let style = text_style();
    let load_error = |e: trident_compat::LoadError| CommandError(e.to_string());
    let new = Version::from_paths("new", &paths, &args.include, style).map_err(load_error)?;
    let versions = if args.transitive {
        &args.against[..]
    } else {
        &args.against[..1]
    };
    let mut against = Vec::new();
    for spec in versions {
        against.push(Version::from_spec(spec, &paths, &args.include, style).map_err(load_error)?);
    }
    if let Some(old) = against.iter().find(|v| v.is_avsc() != new.is_avsc()) {
        let (avsc, other) = if new.is_avsc() {
            ("new", old.label.as_str())
        } else {
            (old.label.as_str(), "new")
        };
        return Err(CommandError(format!(
            "cannot compare .avsc schemas ({avsc}) with .tri or .proto schemas ({other}): give \
             .avsc files on both sides (`trident export avro` writes a .tri side's Avro schemas)"
        )));
    }
    let options = CheckOptions {
        mode: match args.mode {
            ModeArg::Backward => Mode::Backward,
            ModeArg::Forward => Mode::Forward,
            ModeArg::Full => Mode::Full,
        },
        transitive: args.transitive,
        formats,
        allows,
    };
    let report = trident_compat::check(&new, &against, &options);
    let output = args.output.unwrap_or(
        if std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true") {
            Output::Github
        } else {
            Output::Text
        },
    );
    match output {
        Output::Text => eprint!("{}", report.render(style)),
        Output::Json => {
            let json =
                serde_json::to_string_pretty(&report.to_json()).map_err(std::io::Error::other)?;
            write_stdout(&json)?;
        }
        Output::Github => write_stdout(report.to_github().trim_end())?,
    }
    Ok(if report.compatible {
        Outcome::Clean
    } else {
        Outcome::SchemaErrors
    })
}

fn allows(args: &Args) -> Result<Vec<Allow>, CommandError> {
    let mut out = Vec::new();
    for entry in &args.allow {
        let line = entry.replacen('=', " ", 1);
        match Allow::parse_line(&line) {
            Some(Ok(allow)) => out.push(allow),
            Some(Err(e)) => return Err(CommandError(format!("--allow {entry}: {e}"))),
            None => return Err(CommandError("--allow needs RULE=ELEMENT".to_string())),
        }
    }
    if let Some(file) = &args.allow_file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| CommandError(format!("cannot read {}: {e}", file.display())))?;
        for (i, line) in text.lines().enumerate() {
            match Allow::parse_line(line) {
                Some(Ok(allow)) => out.push(allow),
                Some(Err(e)) => {
                    return Err(CommandError(format!("{}:{}: {e}", file.display(), i + 1)));
                }
                None => {}
            }
        }
    }
    Ok(out)
}

//! Printing diagnostics: rendered text on stderr, or a JSON array on stdout.

use std::io::{self, IsTerminal, Write};

use trident_idl::{Checked, DiagnosticRecord, RenderStyle};

/// The diagnostic output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Rendered reports on stderr: drawn for terminals, narrated plain text otherwise
    Text,
    /// One JSON array of diagnostics on stdout
    Json,
}

/// The text style for stderr: graphical on a terminal, narrated when stderr is redirected or
/// `NO_COLOR` is set.
pub(crate) fn text_style() -> RenderStyle {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if io::stderr().is_terminal() && !no_color {
        RenderStyle::Graphical { color: true }
    } else {
        RenderStyle::Narrated
    }
}

/// Prints the diagnostics of a run in the chosen format.
pub(crate) fn diagnostics(checked: &Checked, format: Format) -> io::Result<()> {
    match format {
        Format::Text => {
            let mut err = io::stderr().lock();
            let text = trident_idl::render(&checked.diagnostics, &checked.sources, text_style());
            err.write_all(text.as_bytes())?;
            writeln!(err, "{}", summary(checked))?;
        }
        Format::Json => {
            let records: Vec<DiagnosticRecord> = checked
                .diagnostics
                .iter()
                .map(|d| d.to_record(&checked.sources))
                .collect();
            let json = serde_json::to_string_pretty(&records).map_err(io::Error::other)?;
            write_stdout(&json)?;
        }
    }
    Ok(())
}

/// "checked 3 files: 2 errors, 1 warning"
fn summary(checked: &Checked) -> String {
    let files = checked.sources.len();
    let errors = checked.diagnostics.error_count();
    let warnings = checked.diagnostics.warning_count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors == 0 && warnings == 0 {
        format!("checked {}: no problems", plural(files, "file"))
    } else {
        format!(
            "checked {}: {}, {}",
            plural(files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

/// Writes to stdout; a closed pipe (`trident … | head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

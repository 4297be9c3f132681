//! Rendering diagnostics as text with miette: graphical (with or without colour) for terminals,
//! narrated (plain lines) for logs.
//!
//! A diagnostic's labels may lie in several files. miette shows one source per report, so labels
//! in other files than the primary one are shown as related reports on their own file.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, NarratableReportHandler,
    SourceCode,
};

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileId, SourceMap, Span};

/// How to render diagnostics as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderStyle {
    /// Boxes and underlines drawn with Unicode, optionally coloured: for terminals.
    Graphical {
        /// Whether to use ANSI colours.
        color: bool,
    },
    /// Plain sentences with positions, one fact per line: for CI logs and screen readers.
    Narrated,
}

/// Renders every diagnostic, separated by blank lines.
pub fn render<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    sources: &SourceMap,
    style: RenderStyle,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = Report::new(diagnostic, sources);
        let result = match style {
            RenderStyle::Graphical { color } => {
                let theme = if color {
                    GraphicalTheme::unicode()
                } else {
                    GraphicalTheme::unicode_nocolor()
                };
                GraphicalReportHandler::new_themed(theme)
                    .with_width(100)
                    .render_report(&mut out, &report)
            }
            RenderStyle::Narrated => {
                NarratableReportHandler::new().render_report(&mut out, &report)
            }
        };
        if result.is_err() {
            // Rendering into a String cannot fail; fall back to the bare message regardless.
            out.push_str(diagnostic.message());
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// A label: span, text, and whether it is the primary one.
type ReportLabel = (Span, String, bool);

/// A diagnostic, or the part of one that lies in one file, as miette sees it.
struct Report {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: NamedSource<std::sync::Arc<str>>,
    labels: Vec<ReportLabel>,
    related: Vec<Report>,
}

impl Report {
    fn new(diagnostic: &Diagnostic, sources: &SourceMap) -> Report {
        let primary = diagnostic.primary();
        let file = primary.span.file;
        let mut labels = vec![(primary.span, primary.message.clone(), true)];
        let mut elsewhere: Vec<(FileId, Vec<ReportLabel>)> = Vec::new();
        for label in diagnostic.secondary() {
            let entry = (label.span, label.message.clone(), false);
            if label.span.file == file {
                labels.push(entry);
            } else if let Some((_, list)) =
                elsewhere.iter_mut().find(|(f, _)| *f == label.span.file)
            {
                list.push(entry);
            } else {
                elsewhere.push((label.span.file, vec![entry]));
            }
        }
        let related = elsewhere
            .into_iter()
            .map(|(other, labels)| Report {
                code: diagnostic.code().as_str(),
                severity: diagnostic.severity(),
                message: format!(
                    "related location in {}",
                    sources.file(other).path().display()
                ),
                help: None,
                source: named_source(sources, other),
                labels,
                related: Vec::new(),
            })
            .collect();
        Report {
            code: diagnostic.code().as_str(),
            severity: diagnostic.severity(),
            message: diagnostic.message().to_string(),
            help: diagnostic.help().map(str::to_string),
            source: named_source(sources, file),
            labels,
            related,
        }
    }
}

fn named_source(sources: &SourceMap, file: FileId) -> NamedSource<std::sync::Arc<str>> {
    let f = sources.file(file);
    NamedSource::new(f.path().display().to_string(), f.shared_text())
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().map(|(span, text, primary)| {
            let range = (span.start as usize, span.len());
            if *primary {
                LabeledSpan::new_primary_with_span(Some(text.clone()), range)
            } else {
                LabeledSpan::new_with_span(Some(text.clone()), range)
            }
        })))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

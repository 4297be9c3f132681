//! Rendering diagnostics as text with miette: graphical (with or without colour) for terminals,
//! narrated (plain lines) for logs.
//!
//! Anything reported about source text goes through [`TextReport`]: the front end's own
//! diagnostics, and the findings of tools built on it (such as the compatibility checker, whose
//! labels point into two versions of a schema). A report's labels may lie in several files.
//! miette shows one source per report, so labels in other files than the primary one are shown
//! as related reports on their own file.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, NarratableReportHandler,
    SourceCode,
};

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

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

/// How serious a rendered report is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportSeverity {
    /// Something is wrong.
    Error,
    /// Something is probably not intended.
    Warning,
    /// Information, such as a finding that was allowed on purpose.
    Advice,
}

/// A label on a piece of source text.
#[derive(Clone, Debug)]
pub struct TextLabel {
    /// The file's path, as shown.
    pub path: String,
    /// The file's text.
    pub source: Arc<str>,
    /// Byte offset of the labelled text.
    pub start: usize,
    /// Byte length of the labelled text.
    pub len: usize,
    /// What the label says.
    pub text: String,
}

/// One report to render: a code, a message, labelled source text and an optional hint. The first
/// label is the primary one.
#[derive(Clone, Debug)]
pub struct TextReport {
    /// A stable code, such as `E201` or `FIELD_REMOVED`.
    pub code: String,
    /// How serious it is.
    pub severity: ReportSeverity,
    /// The one-line message.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Labelled source text; may be empty.
    pub labels: Vec<TextLabel>,
}

impl TextReport {
    /// The report for a front-end diagnostic.
    pub fn from_diagnostic(diagnostic: &Diagnostic, sources: &SourceMap) -> TextReport {
        let label = |span: Span, text: &str| {
            let file = sources.file(span.file);
            TextLabel {
                path: file.path().display().to_string(),
                source: file.shared_text(),
                start: span.start as usize,
                len: span.len(),
                text: text.to_string(),
            }
        };
        let primary = diagnostic.primary();
        let mut labels = vec![label(primary.span, &primary.message)];
        labels.extend(
            diagnostic
                .secondary()
                .iter()
                .map(|l| label(l.span, &l.message)),
        );
        TextReport {
            code: diagnostic.code().as_str().to_string(),
            severity: match diagnostic.severity() {
                Severity::Error => ReportSeverity::Error,
                Severity::Warning => ReportSeverity::Warning,
            },
            message: diagnostic.message().to_string(),
            help: diagnostic.help().map(str::to_string),
            labels,
        }
    }
}

/// Renders every diagnostic, separated by blank lines.
pub fn render<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    sources: &SourceMap,
    style: RenderStyle,
) -> String {
    let reports: Vec<TextReport> = diagnostics
        .into_iter()
        .map(|d| TextReport::from_diagnostic(d, sources))
        .collect();
    render_reports(&reports, style)
}

/// Renders reports, separated by blank lines.
pub fn render_reports(reports: &[TextReport], style: RenderStyle) -> String {
    let mut out = String::new();
    for report in reports {
        let view = View::new(report);
        if render_into(&mut out, &view, style).is_err() {
            // Rendering into a String cannot fail; fall back to the bare message regardless.
            out.push_str(&report.message);
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Renders any miette diagnostic (such as another tool's error, with its own source) in `style`,
/// as the front end's diagnostics are rendered.
pub fn render_diagnostic(diagnostic: &dyn miette::Diagnostic, style: RenderStyle) -> String {
    let mut out = String::new();
    if render_into(&mut out, diagnostic, style).is_err() || out.trim().is_empty() {
        out = diagnostic.to_string();
    }
    out
}

fn render_into(
    out: &mut String,
    diagnostic: &dyn miette::Diagnostic,
    style: RenderStyle,
) -> fmt::Result {
    match style {
        RenderStyle::Graphical { color } => {
            let theme = if color {
                GraphicalTheme::unicode()
            } else {
                GraphicalTheme::unicode_nocolor()
            };
            GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .render_report(out, diagnostic)
        }
        RenderStyle::Narrated => NarratableReportHandler::new().render_report(out, diagnostic),
    }
}

/// A report, or the part of one that lies in one file, as miette sees it.
struct View {
    code: String,
    severity: ReportSeverity,
    message: String,
    help: Option<String>,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<ViewLabel>,
    related: Vec<View>,
}

/// A label of one file: offset, length, text, and whether it is the primary one.
type ViewLabel = (usize, usize, String, bool);

impl View {
    fn new(report: &TextReport) -> View {
        // Group labels by file, the primary label's file first.
        let mut files: Vec<(&TextLabel, Vec<ViewLabel>)> = Vec::new();
        for (i, label) in report.labels.iter().enumerate() {
            let entry = (label.start, label.len, label.text.clone(), i == 0);
            match files.iter_mut().find(|(first, _)| first.path == label.path) {
                Some((_, list)) => list.push(entry),
                None => files.push((label, vec![entry])),
            }
        }
        let mut files = files.into_iter();
        let (source, labels) = match files.next() {
            Some((first, labels)) => (Some(named(first)), labels),
            None => (None, Vec::new()),
        };
        let related = files
            .map(|(first, labels)| View {
                code: report.code.clone(),
                severity: report.severity,
                message: format!("related location in {}", first.path),
                help: None,
                source: Some(named(first)),
                labels,
                related: Vec::new(),
            })
            .collect();
        View {
            code: report.code.clone(),
            severity: report.severity,
            message: report.message.clone(),
            help: report.help.clone(),
            source,
            labels,
            related,
        }
    }
}

fn named(label: &TextLabel) -> NamedSource<Arc<str>> {
    NamedSource::new(label.path.clone(), Arc::clone(&label.source))
}

impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View {}

impl miette::Diagnostic for View {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            ReportSeverity::Error => miette::Severity::Error,
            ReportSeverity::Warning => miette::Severity::Warning,
            ReportSeverity::Advice => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().map(
            |(start, len, text, primary)| {
                if *primary {
                    LabeledSpan::new_primary_with_span(Some(text.clone()), (*start, *len))
                } else {
                    LabeledSpan::new_with_span(Some(text.clone()), (*start, *len))
                }
            },
        )))
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

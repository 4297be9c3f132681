//! Checking a new version against older ones: which findings count (formats, mode, allowed
//! breaks), the verdicts, and the outputs (JSON, GitHub annotations, rendered text).

use std::collections::BTreeMap;

use serde_json::{Value, json};
use trident_idl::{RenderStyle, ReportSeverity, TextLabel, TextReport};

use crate::finding::{Finding, Location};
use crate::rules::{Direction, Format, Rule};
use crate::version::Version;

/// Which directions must hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// New readers must read old data.
    Backward,
    /// Old readers must read new data.
    Forward,
    /// Both.
    Full,
}

impl Mode {
    /// The directions the mode asks for.
    pub fn directions(self) -> &'static [Direction] {
        match self {
            Mode::Backward => &[Direction::Backward],
            Mode::Forward => &[Direction::Forward],
            Mode::Full => &Direction::BOTH,
        }
    }
}

/// A break accepted on purpose: a rule and an element (`acme.shop.Order.coupon`, or a type,
/// which covers its members too), with the reason written next to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The rule.
    pub rule: Rule,
    /// The element.
    pub element: String,
    /// Why the break is accepted.
    pub reason: String,
}

impl Allow {
    /// Parses `RULE element [# reason]`; `None` for a blank or comment line.
    pub fn parse_line(line: &str) -> Option<Result<Allow, String>> {
        let (entry, reason) = match line.split_once('#') {
            Some((entry, reason)) => (entry, reason.trim()),
            None => (line, ""),
        };
        let mut words = entry.split_whitespace();
        let rule = words.next()?;
        let Some(rule_value) = Rule::from_id(rule) else {
            return Some(Err(format!("unknown rule `{rule}`")));
        };
        let Some(element) = words.next() else {
            return Some(Err(format!(
                "`{rule}` needs an element, such as acme.shop.Order.total"
            )));
        };
        if words.next().is_some() {
            return Some(Err(format!(
                "expected `RULE element # reason`, found `{}`",
                line.trim()
            )));
        }
        Some(Ok(Allow {
            rule: rule_value,
            element: element.to_string(),
            reason: reason.to_string(),
        }))
    }

    fn covers(&self, finding: &Finding) -> bool {
        if self.rule != finding.rule {
            return false;
        }
        let element = finding.element();
        element == self.element || finding.type_name == self.element
    }
}

/// What to check.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The directions that must hold.
    pub mode: Mode,
    /// Check against every older version given, not only the first (latest).
    pub transitive: bool,
    /// The formats that count.
    pub formats: Vec<Format>,
    /// Breaks accepted on purpose.
    pub allows: Vec<Allow>,
}

impl Default for CheckOptions {
    fn default() -> CheckOptions {
        CheckOptions {
            mode: Mode::Full,
            transitive: false,
            formats: Format::ALL.to_vec(),
            allows: Vec::new(),
        }
    }
}

/// The result of a check.
#[derive(Debug)]
pub struct Report {
    /// Every finding that concerns the checked formats, against every version checked.
    pub findings: Vec<Finding>,
    /// For each checked format, whether backward and forward compatibility hold.
    pub verdicts: BTreeMap<Format, (bool, bool)>,
    /// Whether the formats and mode asked for hold.
    pub compatible: bool,
    /// Allow entries that matched no finding.
    pub unused_allows: Vec<Allow>,
    /// Formats asked for that were not checked, because the input has no schemas of theirs
    /// (protobuf and JSON for `.avsc` input, Avro for `.proto` input).
    pub skipped: Vec<Format>,
    /// Why the `skipped` formats were not checked.
    pub skipped_reason: &'static str,
}

/// Checks `new` against `against` (latest first).
pub fn check(new: &Version, against: &[Version], options: &CheckOptions) -> Report {
    let versions = if options.transitive {
        against
    } else {
        &against[..against.len().min(1)]
    };
    // `.avsc` input has Avro schemas only; `.proto` input protobuf, and the proto3 JSON mapping
    // when both sides are `.proto`.
    let all = || std::iter::once(new).chain(versions);
    let (checked, skipped_reason): (&[Format], _) = if all().any(Version::is_avsc) {
        (&[Format::Avro], ".avsc input has only Avro schemas")
    } else if all().all(Version::is_proto) {
        (
            &[Format::Protobuf, Format::Json],
            ".proto input has no Avro schemas",
        )
    } else if all().any(Version::is_proto) {
        (
            &[Format::Protobuf],
            "between .proto and .tri input only protobuf is compared (the JSON mappings differ)",
        )
    } else {
        (&Format::ALL, "")
    };
    let (formats, skipped): (Vec<Format>, Vec<Format>) =
        options.formats.iter().partition(|f| checked.contains(f));
    let mut findings = Vec::new();
    for old in versions {
        findings.extend(crate::compare(old, new));
    }
    // Keep only what concerns the checked formats.
    findings.retain_mut(|f| {
        if f.breaks.is_empty() {
            return true;
        }
        f.breaks.retain(|b| formats.contains(&b.format));
        !f.breaks.is_empty()
    });
    for finding in &mut findings {
        finding.in_mode = finding
            .breaks
            .iter()
            .any(|b| options.mode.directions().contains(&b.direction));
    }
    let mut used = vec![false; options.allows.len()];
    for finding in findings.iter_mut().filter(|f| f.is_breaking() && f.in_mode) {
        if let Some(i) = options.allows.iter().position(|a| a.covers(finding)) {
            finding.allowed = true;
            used[i] = true;
        }
    }
    let mut verdicts = BTreeMap::new();
    for &format in &formats {
        let holds = |direction: Direction| {
            !findings.iter().any(|f| {
                !f.allowed
                    && f.breaks
                        .iter()
                        .any(|b| b.format == format && b.direction == direction)
            })
        };
        verdicts.insert(
            format,
            (holds(Direction::Backward), holds(Direction::Forward)),
        );
    }
    let compatible = verdicts.values().all(|&(backward, forward)| {
        options.mode.directions().iter().all(|d| match d {
            Direction::Backward => backward,
            Direction::Forward => forward,
        })
    });
    let unused_allows = options
        .allows
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(a, _)| a.clone())
        .collect();
    Report {
        findings,
        verdicts,
        compatible,
        unused_allows,
        skipped,
        skipped_reason,
    }
}

fn location_json(location: Option<&Location>) -> Value {
    match location {
        Some(l) if !l.enclosing => json!({"file": l.file, "line": l.line, "column": l.column}),
        _ => Value::Null,
    }
}

impl Report {
    /// The JSON document of `trident breaking --output json`.
    pub fn to_json(&self) -> Value {
        let mut verdicts = serde_json::Map::new();
        for (format, (backward, forward)) in &self.verdicts {
            verdicts.insert(
                format.name().to_string(),
                json!({"backward": backward, "forward": forward}),
            );
        }
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                json!({
                    "rule": f.rule.id(),
                    "severity": f.severity(),
                    "breaks": f.breaks.iter().map(|b| json!({"format": b.format.name(), "direction": b.direction.name()})).collect::<Vec<_>>(),
                    "message": f.message,
                    "type": f.type_name,
                    "field": f.member,
                    "old": location_json(f.old.as_ref()),
                    "new": location_json(f.new.as_ref()),
                })
            })
            .collect();
        let mut out =
            json!({"compatible": self.compatible, "verdicts": verdicts, "findings": findings});
        if !self.skipped.is_empty() {
            out["skipped"] = self.skipped.iter().map(|f| f.name()).collect();
        }
        out
    }

    /// GitHub Actions workflow commands: one annotation per finding, at its new position (or its
    /// old one, for something removed).
    pub fn to_github(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let command = match f.severity() {
                "error" => "error",
                "warning" => "warning",
                _ => "notice",
            };
            let mut properties = Vec::new();
            if let Some(l) = f.new.as_ref().or(f.old.as_ref()) {
                properties.push(format!("file={}", escape_property(&l.file)));
                properties.push(format!("line={}", l.line));
                properties.push(format!("col={}", l.column));
            }
            properties.push(format!("title={}", escape_property(f.rule.id())));
            let message = format!("{}{}", f.message, breaks_suffix(f));
            out.push_str(&format!(
                "::{command} {}::{}\n",
                properties.join(","),
                escape_data(&message)
            ));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// The findings rendered as reports, with labels in the old and the new file.
    pub fn render(&self, style: RenderStyle) -> String {
        let reports: Vec<TextReport> = self.findings.iter().map(text_report).collect();
        let mut out = trident_idl::render_reports(&reports, style);
        for allow in &self.unused_allows {
            out.push_str(&format!(
                "warning: the allow entry `{} {}` matches no finding\n",
                allow.rule.id(),
                allow.element
            ));
        }
        if let Some(note) = self.skipped_note() {
            out.push_str(&note);
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// Which formats were not checked, and why.
    pub fn skipped_note(&self) -> Option<String> {
        if self.skipped.is_empty() {
            return None;
        }
        let names: Vec<&str> = self.skipped.iter().map(|f| f.name()).collect();
        Some(format!(
            "note: {} not checked: {}",
            names.join(" and "),
            self.skipped_reason
        ))
    }

    /// One line: the verdict and the counts.
    pub fn summary(&self) -> String {
        let count = |severity: &str| {
            self.findings
                .iter()
                .filter(|f| f.severity() == severity)
                .count()
        };
        let verdicts: Vec<String> = self
            .verdicts
            .iter()
            .map(|(format, (b, f))| {
                let word = |ok: bool| if ok { "ok" } else { "BREAKS" };
                format!(
                    "{} backward {}, forward {}",
                    format.name(),
                    word(*b),
                    word(*f)
                )
            })
            .collect();
        format!(
            "{}: {} breaking, {} allowed, {} warnings ({})",
            if self.compatible {
                "compatible"
            } else {
                "NOT compatible"
            },
            count("error"),
            count("allowed"),
            count("warning"),
            verdicts.join("; ")
        )
    }
}

fn breaks_suffix(f: &Finding) -> String {
    if f.breaks.is_empty() {
        return String::new();
    }
    let breaks: Vec<String> = f
        .breaks
        .iter()
        .map(|b| format!("{} {}", b.format.name(), b.direction.name()))
        .collect();
    format!(" (breaks {})", breaks.join(", "))
}

fn text_report(f: &Finding) -> TextReport {
    let mut labels = Vec::new();
    let mut label = |location: &Option<Location>, text: &str| {
        if let Some(Location {
            file,
            text: Some((source, start, len)),
            ..
        }) = location
        {
            labels.push(TextLabel {
                path: file.clone(),
                source: source.clone(),
                start: *start,
                len: *len,
                text: text.to_string(),
            });
        }
    };
    // The primary label is in the new version, where the change has to be fixed or accepted.
    let text = |location: &Option<Location>, version: &str| match (location, &f.member) {
        (Some(l), Some(member)) if l.enclosing => {
            format!("in the {version} version, without `{member}`")
        }
        _ => format!("in the {version} version"),
    };
    label(&f.new, &text(&f.new, "new"));
    label(&f.old, &text(&f.old, "old"));
    let mut help: Vec<String> = f
        .reasons
        .iter()
        .map(|(format, reason)| format!("{}: {reason}", format.name()))
        .collect();
    if f.is_breaking() && !f.in_mode {
        help.push("only a warning: it breaks no direction that `--mode` asks for".to_string());
    }
    if f.allowed {
        help.push(format!(
            "allowed on purpose by an entry `{} {}`",
            f.rule.id(),
            f.element()
        ));
    }
    TextReport {
        code: f.rule.id().to_string(),
        severity: match f.severity() {
            "error" => ReportSeverity::Error,
            "warning" => ReportSeverity::Warning,
            _ => ReportSeverity::Advice,
        },
        message: format!("{}{}", f.message, breaks_suffix(f)),
        help: (!help.is_empty()).then(|| help.join("\n")),
        labels,
    }
}

/// Escapes the message of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

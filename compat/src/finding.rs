//! Findings: what changed, which formats and directions it breaks, and where, in both versions.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::rules::{Break, Format, Rule};

/// A position in a version of the schemas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as shown (a git version's files are prefixed with the reference: `main:schemas/shop.tri`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Whether this is the place of the type that holds the element rather than of the element
    /// itself, because the element does not exist in this version (an added field in the old
    /// version, a removed one in the new version).
    pub enclosing: bool,
    /// The file's text and the labelled byte range, for rendering.
    pub(crate) text: Option<(Arc<str>, usize, usize)>,
}

/// One change between two versions, with everything it breaks.
#[derive(Clone, Debug)]
pub struct Finding {
    /// What kind of change it is.
    pub rule: Rule,
    /// The formats and directions it breaks; empty for a change that breaks no bytes (a
    /// warning).
    pub breaks: Vec<Break>,
    /// What changed, in one sentence.
    pub message: String,
    /// Why it breaks (or why it is only a warning), per format.
    pub reasons: BTreeMap<Format, String>,
    /// The fully qualified name of the type it is about.
    pub type_name: String,
    /// The field, variant or enum value it is about, if any.
    pub member: Option<String>,
    /// Where the element was in the old version.
    pub old: Option<Location>,
    /// Where the element is in the new version.
    pub new: Option<Location>,
    /// Whether an allow entry accepts this finding on purpose.
    pub allowed: bool,
    /// Whether one of its breaks is in a direction the check asks for (`--mode`); a finding
    /// that breaks only other directions is a warning.
    pub in_mode: bool,
}

impl Finding {
    /// A finding about `type_name` (and `member`), breaking nothing yet.
    pub(crate) fn new(
        rule: Rule,
        type_name: &str,
        member: Option<&str>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            breaks: Vec::new(),
            message: message.into(),
            reasons: BTreeMap::new(),
            type_name: type_name.to_string(),
            member: member.map(str::to_string),
            old: None,
            new: None,
            allowed: false,
            in_mode: true,
        }
    }

    /// Records that the change breaks `breaks`, for `reason`.
    pub(crate) fn breaking(
        mut self,
        breaks: impl IntoIterator<Item = Break>,
        reason: impl Into<String>,
    ) -> Finding {
        let breaks: Vec<Break> = breaks.into_iter().collect();
        if let Some(first) = breaks.first() {
            self.reasons.insert(first.format, sentence(reason.into()));
        }
        self.breaks.extend(breaks);
        self.breaks.sort();
        self.breaks.dedup();
        self
    }

    /// Records why the change is only a warning for `format`.
    pub(crate) fn note(mut self, format: Format, reason: impl Into<String>) -> Finding {
        self.reasons.insert(format, sentence(reason.into()));
        self
    }

    /// Sets the locations in both versions.
    pub(crate) fn at(mut self, old: Option<Location>, new: Option<Location>) -> Finding {
        self.old = old;
        self.new = new;
        self
    }

    /// Whether the finding breaks anything.
    pub fn is_breaking(&self) -> bool {
        !self.breaks.is_empty()
    }

    /// "error", "warning" or "allowed".
    pub fn severity(&self) -> &'static str {
        if self.allowed {
            "allowed"
        } else if self.is_breaking() && self.in_mode {
            "error"
        } else {
            "warning"
        }
    }

    /// The element as allow entries name it: `acme.shop.Order` or `acme.shop.Order.total`.
    pub fn element(&self) -> String {
        match &self.member {
            Some(member) => format!("{}.{member}", self.type_name),
            None => self.type_name.clone(),
        }
    }
}

/// Writes a reason as a sentence: a capital first letter and a closing full stop.
fn sentence(reason: String) -> String {
    let reason = reason.trim();
    let mut chars = reason.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(reason.len() + 1);
    out.push(first.to_ascii_uppercase());
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Merges the findings of the format engines: one finding per rule and element, holding every
/// format's breaks and reasons.
pub(crate) fn merge(mut findings: Vec<Finding>) -> Vec<Finding> {
    // A member that now refers to a differently named type of the same shape is one change,
    // TYPE_RENAMED, in every format, even where a format reports it as a type change.
    let renamed: Vec<(String, Option<String>)> = findings
        .iter()
        .filter(|f| f.rule == Rule::TypeRenamed && f.member.is_some())
        .map(|f| (f.type_name.clone(), f.member.clone()))
        .collect();
    for finding in &mut findings {
        if matches!(
            finding.rule,
            Rule::FieldTypeChanged | Rule::VariantTypeChanged
        ) && renamed
            .iter()
            .any(|(t, m)| *t == finding.type_name && *m == finding.member)
        {
            finding.rule = Rule::TypeRenamed;
        }
    }
    let mut merged: Vec<Finding> = Vec::new();
    for finding in findings {
        match merged.iter_mut().find(|m| {
            m.rule == finding.rule && m.type_name == finding.type_name && m.member == finding.member
        }) {
            Some(existing) => {
                existing.breaks.extend(finding.breaks);
                existing.breaks.sort();
                existing.breaks.dedup();
                for (format, reason) in finding.reasons {
                    existing.reasons.entry(format).or_insert(reason);
                }
                if existing.old.is_none() {
                    existing.old = finding.old;
                }
                if existing.new.is_none() {
                    existing.new = finding.new;
                }
            }
            None => merged.push(finding),
        }
    }
    merged
}

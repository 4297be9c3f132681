//! Diagnostics: the catalogue of error codes, the diagnostic type and the accumulator that every
//! pass pushes into.
//!
//! A diagnostic is plain data (code, message, labelled spans, help) so that one value serves every
//! output: miette's graphical and narrated reports ([`crate::render`]), the JSON array of
//! `trident check --output json`, and the build-script failure message. Codes are stable: once
//! published, a code keeps its meaning, and new checks get new codes.

use serde::Serialize;

use crate::source::{SourceMap, Span};

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $code:literal, $title:literal; )*) => {
        /// A stable diagnostic code. `E…` codes are errors, `W…` codes are warnings.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $name, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];

            /// The code as written in reports, such as `E201`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$name => $code, )* }
            }

            /// A short description of what the code flags.
            pub fn title(self) -> &'static str {
                match self { $( Code::$name => $title, )* }
            }
        }
    };
}

codes! {
    /// The text does not follow the grammar.
    Syntax = "E001", "syntax error";
    /// A file could not be read, or is not UTF-8.
    Read = "E002", "file cannot be read";
    /// An imported file was found under none of the include roots.
    ImportNotFound = "E003", "imported file not found";
    /// Files import each other in a cycle.
    ImportCycle = "E004", "import cycle";
    /// The package declaration is missing, repeated or not first.
    Package = "E005", "missing or misplaced package declaration";
    /// Packages use each other's types in a cycle (their `.proto` files would import each other).
    PackageCycle = "E006", "packages depend on each other in a cycle";
    /// Two types of one package have the same name.
    DuplicateType = "E101", "duplicate type name";
    /// Two fields of one record have the same name.
    DuplicateField = "E102", "duplicate field name";
    /// Two variants of one union have the same name.
    DuplicateVariant = "E103", "duplicate union variant name";
    /// Two values of one enum have the same name.
    DuplicateEnumValue = "E104", "duplicate enum value name";
    /// A type name does not resolve to any type.
    UnknownType = "E105", "unknown type";
    /// A type is used from a file that does not import the file defining it.
    TypeNotImported = "E106", "type used without importing its file";
    /// A name listed under `reserved` is used.
    ReservedNameUsed = "E107", "reserved name used";
    /// An alias repeats a name or another alias.
    DuplicateAlias = "E108", "alias collides with another name";
    /// A type is given the name of a built-in type.
    BuiltinTypeName = "E109", "built-in type name used for a declaration";
    /// Two fields or variants whose protobuf JSON names (lowerCamelCase) are the same.
    JsonNameConflict = "E110", "field names collide in protobuf's JSON mapping";
    /// Two enum values whose protobuf names collide (after the enum-name prefix and case).
    EnumValueConflict = "E111", "enum value names collide in protobuf";
    /// Two fields of one record have the same number.
    DuplicateFieldNumber = "E201", "duplicate field number";
    /// Two variants of one union have the same number.
    DuplicateVariantNumber = "E202", "duplicate union variant number";
    /// Two values of one enum have the same number.
    DuplicateEnumNumber = "E203", "duplicate enum value number";
    /// A field, variant or enum number lies outside the allowed range.
    NumberOutOfRange = "E204", "number out of range";
    /// A field or variant number lies in 19000–19999, which protobuf reserves.
    ImplementationReservedNumber = "E205", "number in the range 19000–19999 reserved by protobuf";
    /// A number listed under `reserved` is used.
    ReservedNumberUsed = "E206", "reserved number used";
    /// A range's end is below its start.
    ReversedRange = "E207", "reversed range";
    /// A reserved number or name is listed twice.
    OverlappingReserved = "E208", "reserved entry listed twice";
    /// An enum's first value is not 0, or the enum has no values.
    EnumFirstNotZero = "E209", "enum must start with a value numbered 0";
    /// A reserved name that is not a valid name.
    InvalidReservedName = "E210", "reserved name is not a valid name";
    /// A map key type other than `string`.
    MapKeyNotString = "E301", "map key is not string";
    /// `optional<optional<T>>`.
    NestedOptional = "E302", "optional inside optional";
    /// A list, map or optional directly inside a list, map or optional.
    NestedCollection = "E303", "list, map or optional nested directly in another";
    /// A record contains itself without a list, map or optional in between.
    InfiniteRecursion = "E304", "type contains itself without list, map or optional";
    /// Two union variants map to the same Avro branch type.
    DuplicateUnionBranch = "E305", "two union variants have the same Avro type";
    /// A union variant whose type cannot be a union branch.
    InvalidVariantType = "E306", "type not allowed as a union variant";
    /// A union without variants.
    EmptyUnion = "E307", "union without variants";
    /// A default value of the wrong kind for the field's type.
    DefaultTypeMismatch = "E401", "default does not match the field type";
    /// A default value outside the range of the field's type.
    DefaultOutOfRange = "E402", "default out of range";
    /// A default names a symbol the enum does not have.
    UnknownEnumSymbol = "E403", "unknown enum symbol in default";
    /// A default on a field or variant whose type takes none.
    DefaultNotAllowed = "E404", "default not allowed here";
    /// An attribute Trident does not know.
    UnknownAttribute = "E501", "unknown attribute";
    /// An attribute with arguments it does not take.
    InvalidAttributeArguments = "E502", "invalid attribute arguments";
    /// An attribute where it has no meaning.
    MisplacedAttribute = "E503", "attribute not allowed here";
    /// The same attribute given twice on one element.
    DuplicateAttribute = "E504", "duplicate attribute";
    /// A protobuf integer encoding on a field whose type cannot take it.
    EncodingTypeMismatch = "E505", "protobuf encoding does not fit the field's type";
    /// An import from which no type is used.
    UnusedImport = "W001", "unused import";
    /// The same file imported twice.
    DuplicateImport = "W002", "duplicate import";
    /// A doc comment that documents nothing.
    DanglingDocComment = "W003", "doc comment not attached to a declaration";
}

impl Code {
    /// The severity every diagnostic with this code has.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a diagnostic is. Errors stop a schema from being used; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The schema cannot be used.
    Error,
    /// The schema works, but probably not as intended.
    Warning,
}

/// A span with a short text shown under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The text the label points at.
    pub span: Span,
    /// What the label says about it.
    pub message: String,
}

/// One finding about the schemas: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    code: Code,
    message: String,
    primary: Label,
    secondary: Vec<Label>,
    help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the given code and message, whose primary label points at `span`.
    pub fn new(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            primary: Label {
                span,
                message: label.into(),
            },
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Adds a secondary label, which may lie in another file.
    pub fn with_label(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: label.into(),
        });
        self
    }

    /// Sets the help text: how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The one-line message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The label on the offending text.
    pub fn primary(&self) -> &Label {
        &self.primary
    }

    /// Further labels, such as the earlier definition a duplicate collides with.
    pub fn secondary(&self) -> &[Label] {
        &self.secondary
    }

    /// How to fix the problem, when there is a suggestion.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The diagnostic as a flat record with file, line and column, for JSON output.
    pub fn to_record(&self, sources: &SourceMap) -> DiagnosticRecord {
        let file = sources.file(self.primary.span.file);
        let pos = file.line_col(self.primary.span.start);
        DiagnosticRecord {
            code: self.code.as_str(),
            severity: self.severity(),
            message: self.message.clone(),
            file: file.path().display().to_string(),
            line: pos.line,
            column: pos.column,
            help: self.help.clone(),
        }
    }
}

/// A diagnostic flattened for machine-readable output (`--output json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DiagnosticRecord {
    /// The stable code, such as `E201`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// The one-line message.
    pub message: String,
    /// The file of the primary label, as shown to the user.
    pub file: String,
    /// 1-based line of the primary label.
    pub line: usize,
    /// 1-based column (in characters) of the primary label.
    pub column: usize,
    /// How to fix the problem, or `null`.
    pub help: Option<String>,
}

/// The diagnostics collected by the passes of one run.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity() == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether there are no diagnostics at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The diagnostics, in source order once the run has finished.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Orders diagnostics by file, then position, then code, and drops exact repeats.
    pub(crate) fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (a.primary.span, a.code, &a.message).cmp(&(b.primary.span, b.code, &b.message))
        });
        self.items.dedup();
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} is used twice");
            assert_eq!(s.len(), 4, "{s}");
            assert!(s.starts_with('E') || s.starts_with('W'), "{s}");
            assert!(s[1..].chars().all(|c| c.is_ascii_digit()), "{s}");
        }
    }

    #[test]
    fn warnings_are_the_w_codes() {
        assert_eq!(Code::UnusedImport.severity(), Severity::Warning);
        assert_eq!(Code::Syntax.severity(), Severity::Error);
    }
}

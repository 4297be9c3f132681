//! Name resolution: the table of declared types, and what every type name in the files refers to.
//!
//! Types of the file's own package are referred to by simple name, all types also by their fully
//! qualified name. A type may be used only in its own file or in files that import that file
//! directly, as in protobuf. Unknown names get a suggestion; imports nothing is used from are
//! reported as warnings.

use std::collections::{HashMap, HashSet};

use crate::ast::{Decl, DeclKind, TypeExpr};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::loader::Loaded;
use crate::model::{Primitive, TypeId};
use crate::source::{FileId, Span};

/// A declared type.
#[derive(Debug)]
pub(crate) struct Symbol {
    pub(crate) package: String,
    pub(crate) full_name: String,
    pub(crate) file: FileId,
    /// Index into the file's declarations.
    pub(crate) decl: usize,
}

/// What a type name refers to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Resolved {
    Primitive(Primitive),
    Type(TypeId),
}

/// The symbol table and the meaning of every resolved type name.
#[derive(Debug, Default)]
pub(crate) struct Resolution {
    /// Every declaration, in file then declaration order; the index is the [`TypeId`].
    pub(crate) symbols: Vec<Symbol>,
    pub(crate) by_name: HashMap<String, TypeId>,
    /// Every declaration of a full name declared more than once (the first is in `by_name`).
    duplicates: HashMap<String, Vec<TypeId>>,
    /// The package of each file (empty when it has none).
    pub(crate) packages: Vec<String>,
    /// Type names by the span they were written at.
    refs: HashMap<Span, Resolved>,
}

impl Resolution {
    /// What the named type written at `span` refers to, if it resolved.
    pub(crate) fn get(&self, span: Span) -> Option<Resolved> {
        self.refs.get(&span).copied()
    }

    /// The declaration of a type.
    pub(crate) fn decl<'a>(&self, loaded: &'a Loaded, id: TypeId) -> &'a Decl {
        let symbol = &self.symbols[id.index()];
        &loaded.file(symbol.file).ast.decls[symbol.decl]
    }

    /// Resolves a whole type expression to the declared type it names, looking through nothing:
    /// `Some` only for a plain name that resolved to a declared type.
    pub(crate) fn named(&self, ty: &TypeExpr) -> Option<TypeId> {
        match ty {
            TypeExpr::Named(name) => match self.get(name.span) {
                Some(Resolved::Type(id)) => Some(id),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Builds the symbol table and resolves every type name.
pub(crate) fn resolve(loaded: &Loaded, diagnostics: &mut Diagnostics) -> Resolution {
    let mut res = Resolution {
        packages: loaded
            .files
            .iter()
            .map(|f| {
                f.ast
                    .packages
                    .first()
                    .map(|p| p.name.value.clone())
                    .unwrap_or_default()
            })
            .collect(),
        ..Resolution::default()
    };
    declare(loaded, &mut res, diagnostics);
    let any_syntax_errors = loaded.files.iter().any(|f| f.has_syntax_errors);
    for (index, file) in loaded.files.iter().enumerate() {
        let id = FileId(index as u32);
        let mut resolver = FileResolver {
            loaded,
            file: id,
            used: HashSet::new(),
            // A missing type may be in a part that did not parse, or in an import that was not
            // found; do not report it (or unused imports) as if it were a mistake.
            incomplete: any_syntax_errors || file.has_missing_imports,
            diagnostics: &mut *diagnostics,
            res: &mut res,
        };
        for decl in &file.ast.decls {
            let fields = match &decl.kind {
                DeclKind::Record(r) => &r.fields,
                DeclKind::Union(u) => &u.variants,
                DeclKind::Enum(_) => continue,
            };
            for field in fields {
                resolver.type_expr(&field.ty);
            }
        }
        let used = std::mem::take(&mut resolver.used);
        check_imports(loaded, id, &used, any_syntax_errors, diagnostics);
    }
    res
}

/// Enters every declaration into the table, reporting duplicates and reserved names.
fn declare(loaded: &Loaded, res: &mut Resolution, diagnostics: &mut Diagnostics) {
    let package_names: HashSet<String> = res
        .packages
        .iter()
        .flat_map(|p| {
            let parts: Vec<&str> = p.split('.').collect();
            (1..=parts.len()).map(move |n| parts[..n].join("."))
        })
        .collect();
    for (index, file) in loaded.files.iter().enumerate() {
        let package = res.packages[index].clone();
        for (decl_index, decl) in file.ast.decls.iter().enumerate() {
            let name = &decl.name.value;
            let full_name = qualify(&package, name);
            let id = TypeId(res.symbols.len() as u32);
            res.symbols.push(Symbol {
                package: package.clone(),
                full_name: full_name.clone(),
                file: FileId(index as u32),
                decl: decl_index,
            });
            if crate::model::is_builtin_type_name(name) {
                let what = match name.as_str() {
                    "list" | "map" | "optional" => "a built-in generic type",
                    _ if Primitive::from_name(name).is_some() => "a built-in type",
                    _ => "an Avro primitive type",
                };
                diagnostics.push(
                    Diagnostic::new(
                        Code::BuiltinTypeName,
                        format!("`{name}` is the name of {what}"),
                        decl.name.span,
                        "built-in type name",
                    )
                    .with_help("choose another name; built-in type names cannot be redefined"),
                );
                continue;
            }
            if package_names.contains(&full_name) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateType,
                        format!("type `{full_name}` has the same full name as a package"),
                        decl.name.span,
                        "clashes with a package",
                    )
                    .with_help("rename the type or the package"),
                );
                continue;
            }
            if let Some(&first) = res.by_name.get(&full_name) {
                res.duplicates
                    .entry(full_name.clone())
                    .or_insert_with(|| vec![first])
                    .push(id);
                let first_decl = res.decl(loaded, first);
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateType,
                        format!("type `{full_name}` is declared twice"),
                        decl.name.span,
                        "declared again here",
                    )
                    .with_label(first_decl.name.span, "first declared here")
                    .with_help("rename one of the types"),
                );
                continue;
            }
            res.by_name.insert(full_name, id);
        }
    }
}

pub(crate) fn qualify(package: &str, name: &str) -> String {
    if package.is_empty() {
        name.to_string()
    } else {
        format!("{package}.{name}")
    }
}

struct FileResolver<'a> {
    loaded: &'a Loaded,
    file: FileId,
    /// Files whose types this file uses.
    used: HashSet<FileId>,
    /// Some file has syntax errors, so a missing type may just have failed to parse.
    incomplete: bool,
    diagnostics: &'a mut Diagnostics,
    res: &'a mut Resolution,
}

impl FileResolver<'_> {
    fn type_expr(&mut self, ty: &TypeExpr) {
        match ty {
            TypeExpr::Named(name) => self.name(&name.value, name.span),
            TypeExpr::List(inner, _) | TypeExpr::Optional(inner, _) => self.type_expr(inner),
            TypeExpr::Map(key, value, _) => {
                self.type_expr(key);
                self.type_expr(value);
            }
        }
    }

    fn name(&mut self, name: &str, span: Span) {
        if name.is_empty() {
            return; // A placeholder for a type the parser could not read.
        }
        if let Some(p) = Primitive::from_name(name) {
            self.res.refs.insert(span, Resolved::Primitive(p));
            return;
        }
        let package = &self.res.packages[self.file.index()];
        let full = if name.contains('.') {
            name.to_string()
        } else {
            qualify(package, name)
        };
        let Some(id) = self.visible_declaration(&full) else {
            if !self.incomplete {
                let diagnostic = self.unknown(name, span);
                self.diagnostics.push(diagnostic);
            }
            return;
        };
        self.res.refs.insert(span, Resolved::Type(id));
        let defining = self.res.symbols[id.index()].file;
        if defining == self.file {
            return;
        }
        let imports = &self.loaded.file(self.file).imports;
        if imports.contains(&Some(defining)) {
            self.used.insert(defining);
        } else if !self.incomplete {
            let path = self
                .loaded
                .sources
                .file(defining)
                .path()
                .display()
                .to_string();
            let decl = self.res.decl(self.loaded, id);
            self.diagnostics.push(
                Diagnostic::new(
                    Code::TypeNotImported,
                    format!("`{name}` is declared in `{path}`, which this file does not import"),
                    span,
                    "not imported",
                )
                .with_label(decl.name.span, "declared here")
                .with_help(format!("add an import of `{path}` to this file")),
            );
        }
    }

    /// The declaration a full name refers to. A name declared twice (already an error) resolves
    /// to the declaration this file can see, so the duplicate is not reported a second time as a
    /// missing import.
    fn visible_declaration(&self, full: &str) -> Option<TypeId> {
        let first = *self.res.by_name.get(full)?;
        let Some(all) = self.res.duplicates.get(full) else {
            return Some(first);
        };
        let imports = &self.loaded.file(self.file).imports;
        let visible = all.iter().copied().find(|id| {
            let file = self.res.symbols[id.index()].file;
            file == self.file || imports.contains(&Some(file))
        });
        Some(visible.unwrap_or(first))
    }

    fn unknown(&self, name: &str, span: Span) -> Diagnostic {
        let message = format!("unknown type `{name}`");
        let diagnostic = Diagnostic::new(Code::UnknownType, message, span, "not found");
        if matches!(name, "list" | "map" | "optional") {
            let form = match name {
                "map" => "map<string, T>",
                "list" => "list<T>",
                _ => "optional<T>",
            };
            return diagnostic.with_help(format!("`{name}` takes type arguments: `{form}`"));
        }
        let package = &self.res.packages[self.file.index()];
        let simple = name.rsplit('.').next().unwrap_or(name);
        // The same simple name in another package: the user probably forgot to qualify it.
        let same_simple = self
            .res
            .by_name
            .keys()
            .filter(|full| full.rsplit('.').next() == Some(simple) && full.as_str() != name)
            .min();
        if let Some(full) = same_simple {
            return diagnostic.with_help(format!(
                "did you mean `{full}`? Types of other packages are written with their full name"
            ));
        }
        let candidates = self.res.by_name.keys().map(|full| {
            let symbol_package = full.rsplit_once('.').map_or("", |(p, _)| p);
            if symbol_package == package.as_str() {
                full.rsplit('.').next().unwrap_or(full).to_string()
            } else {
                full.clone()
            }
        });
        let candidates = candidates.chain(Primitive::ALL.iter().map(|p| p.name().to_string()));
        match closest(name, candidates) {
            Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
            None => diagnostic.with_help("declare the type, or check the spelling and the package"),
        }
    }
}

/// The candidate nearest to `name` by edit distance, ignoring case, if it is near enough to be a
/// typo. Ties go to the candidate whose case matches better, then to the first in sort order.
pub(crate) fn closest(name: &str, candidates: impl Iterator<Item = String>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    let lower = name.to_lowercase();
    candidates
        .map(|c| {
            let distance = strsim::levenshtein(&lower, &c.to_lowercase());
            (distance, strsim::levenshtein(name, &c), c)
        })
        .filter(|(d, _, _)| *d <= limit)
        .min()
        .map(|(_, _, c)| c)
}

/// Warns about imports that are repeated or that no type is used from.
fn check_imports(
    loaded: &Loaded,
    id: FileId,
    used: &HashSet<FileId>,
    incomplete: bool,
    diagnostics: &mut Diagnostics,
) {
    let file = loaded.file(id);
    let mut seen = HashSet::new();
    for (import, target) in file.ast.imports.iter().zip(&file.imports) {
        let Some(target) = *target else { continue };
        if !seen.insert(target) {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateImport,
                    format!("`{}` is imported twice", import.path.value),
                    import.span,
                    "imported again",
                )
                .with_help("remove this import"),
            );
            continue;
        }
        if !incomplete && !used.contains(&target) && target != id {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnusedImport,
                    format!("no type from `{}` is used", import.path.value),
                    import.span,
                    "unused import",
                )
                .with_help("remove this import"),
            );
        }
    }
}

//! Loading: reads the input files, parses them, and follows their imports.
//!
//! An import path is looked up under each include root in turn; without include roots, under the
//! importing file's own folder. Each file is read once, however many paths lead to it. Missing
//! imports, unreadable files and import cycles become diagnostics; loading never stops early.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use crate::ast;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fs::{FileSystem, normalize};
use crate::parser::parse_file;
use crate::source::{FileId, SourceMap, Span};

/// A file after parsing, with its imports resolved to files.
#[derive(Debug)]
pub(crate) struct LoadedFile {
    pub(crate) ast: ast::File,
    /// For each import statement of `ast`, the file it names (when it was found and read).
    pub(crate) imports: Vec<Option<FileId>>,
    /// Whether the file was given as input.
    pub(crate) is_input: bool,
    /// Whether the parser reported syntax errors (the tree may lack declarations).
    pub(crate) has_syntax_errors: bool,
    /// Whether the file could be read (an unreadable input is kept, empty, for its diagnostic).
    pub(crate) readable: bool,
    /// Whether one of its imports could not be found or read.
    pub(crate) has_missing_imports: bool,
}

/// Every file that was read, indexed by [`FileId`].
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) sources: SourceMap,
    pub(crate) files: Vec<LoadedFile>,
}

impl Loaded {
    pub(crate) fn file(&self, id: FileId) -> &LoadedFile {
        &self.files[id.index()]
    }
}

struct Loader<'a> {
    fs: &'a dyn FileSystem,
    include_roots: &'a [PathBuf],
    sources: SourceMap,
    files: Vec<LoadedFile>,
    by_canonical: HashMap<PathBuf, FileId>,
    queue: VecDeque<FileId>,
}

/// Reads and parses `inputs` and everything they import.
pub(crate) fn load(
    fs: &dyn FileSystem,
    inputs: &[PathBuf],
    include_roots: &[PathBuf],
    diagnostics: &mut Diagnostics,
) -> Loaded {
    let mut loader = Loader {
        fs,
        include_roots,
        sources: SourceMap::new(),
        files: Vec::new(),
        by_canonical: HashMap::new(),
        queue: VecDeque::new(),
    };
    for input in inputs {
        let path = normalize(input);
        let canonical = loader.canonical(&path);
        if let Some(&id) = loader.by_canonical.get(&canonical) {
            loader.files[id.index()].is_input = true;
            continue;
        }
        match fs.read_to_string(&path) {
            Ok(text) => {
                loader.add(path, canonical, text, true, diagnostics);
            }
            Err(error) => {
                // Keep an empty file so that the diagnostic has a place to point at.
                let id = loader.add(path.clone(), canonical, String::new(), true, diagnostics);
                loader.files[id.index()].readable = false;
                diagnostics.push(
                    Diagnostic::new(
                        Code::Read,
                        format!("cannot read {}: {error}", path.display()),
                        Span::new(id, 0, 0),
                        "unreadable",
                    )
                    .with_help("schema files must be readable UTF-8 text"),
                );
            }
        }
    }
    while let Some(id) = loader.queue.pop_front() {
        loader.resolve_imports(id, diagnostics);
    }
    let loaded = Loaded {
        sources: loader.sources,
        files: loader.files,
    };
    report_cycles(&loaded, diagnostics);
    loaded
}

impl Loader<'_> {
    fn canonical(&self, path: &Path) -> PathBuf {
        self.fs
            .canonicalize(path)
            .unwrap_or_else(|_| normalize(path))
    }

    fn add(
        &mut self,
        path: PathBuf,
        canonical: PathBuf,
        text: String,
        is_input: bool,
        diagnostics: &mut Diagnostics,
    ) -> FileId {
        let id = self.sources.add(path, text);
        let text = self.sources.file(id).shared_text();
        let (ast, syntax) = parse_file(id, &text);
        let has_syntax_errors = syntax.iter().any(|d| d.code() == Code::Syntax);
        diagnostics.extend(syntax);
        self.files.push(LoadedFile {
            imports: vec![None; ast.imports.len()],
            ast,
            is_input,
            has_syntax_errors,
            readable: true,
            has_missing_imports: false,
        });
        self.by_canonical.insert(canonical, id);
        self.queue.push_back(id);
        id
    }

    fn resolve_imports(&mut self, id: FileId, diagnostics: &mut Diagnostics) {
        let importer_dir = self
            .sources
            .file(id)
            .path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let roots: Vec<PathBuf> = if self.include_roots.is_empty() {
            vec![importer_dir]
        } else {
            self.include_roots.to_vec()
        };
        let imports: Vec<(String, Span)> = self.files[id.index()]
            .ast
            .imports
            .iter()
            .map(|i| (i.path.value.clone(), i.path.span))
            .collect();
        for (index, (import, span)) in imports.into_iter().enumerate() {
            let found = roots
                .iter()
                .map(|root| normalize(&root.join(&import)))
                .find(|candidate| self.fs.is_file(candidate));
            let Some(path) = found else {
                let searched: Vec<String> = roots
                    .iter()
                    .map(|r| {
                        if r.as_os_str().is_empty() {
                            "the current folder".to_string()
                        } else {
                            format!("`{}`", r.display())
                        }
                    })
                    .collect();
                diagnostics.push(
                    Diagnostic::new(
                        Code::ImportNotFound,
                        format!("imported file `{import}` not found"),
                        span,
                        "not found",
                    )
                    .with_help(format!(
                        "looked in {}; add the folder that holds it with `-I`",
                        searched.join(", ")
                    )),
                );
                self.files[id.index()].has_missing_imports = true;
                continue;
            };
            let canonical = self.canonical(&path);
            let target = match self.by_canonical.get(&canonical) {
                Some(&existing) => Some(existing),
                None => match self.fs.read_to_string(&path) {
                    Ok(text) => Some(self.add(path, canonical, text, false, diagnostics)),
                    Err(error) => {
                        self.files[id.index()].has_missing_imports = true;
                        diagnostics.push(Diagnostic::new(
                            Code::Read,
                            format!("cannot read imported file {}: {error}", path.display()),
                            span,
                            "unreadable",
                        ));
                        None
                    }
                },
            };
            self.files[id.index()].imports[index] = target;
        }
    }
}

/// Reports every distinct import cycle once, at the import that closes it.
fn report_cycles(loaded: &Loaded, diagnostics: &mut Diagnostics) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Active,
        Done,
    }
    let n = loaded.files.len();
    let mut state = vec![State::New; n];
    let mut seen_cycles: HashSet<Vec<usize>> = HashSet::new();
    for start in 0..n {
        if state[start] != State::New {
            continue;
        }
        // Iterative depth-first search: (file, next import index).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::Active;
        while let Some(&mut (file, ref mut next)) = stack.last_mut() {
            let imports = &loaded.files[file].imports;
            if *next >= imports.len() {
                state[file] = State::Done;
                stack.pop();
                continue;
            }
            let index = *next;
            *next += 1;
            let Some(target) = imports[index] else {
                continue;
            };
            let target = target.index();
            match state[target] {
                State::New => {
                    state[target] = State::Active;
                    stack.push((target, 0));
                }
                State::Active => {
                    let from = stack.iter().position(|&(f, _)| f == target).unwrap_or(0);
                    let members: Vec<usize> = stack[from..].iter().map(|&(f, _)| f).collect();
                    let mut key = members.clone();
                    key.sort_unstable();
                    if seen_cycles.insert(key) {
                        diagnostics.push(cycle_diagnostic(loaded, &members, file, index));
                    }
                }
                State::Done => {}
            }
        }
    }
}

fn cycle_diagnostic(
    loaded: &Loaded,
    members: &[usize],
    closing: usize,
    index: usize,
) -> Diagnostic {
    let name = |f: usize| {
        loaded
            .sources
            .file(FileId(f as u32))
            .path()
            .display()
            .to_string()
    };
    let span = loaded.files[closing].ast.imports[index].path.span;
    if members.len() == 1 {
        return Diagnostic::new(
            Code::ImportCycle,
            format!("{} imports itself", name(members[0])),
            span,
            "imports this file",
        )
        .with_help("remove this import: a file's own types need no import");
    }
    let mut chain: Vec<String> = members.iter().map(|&f| name(f)).collect();
    chain.push(name(members[0]));
    Diagnostic::new(
        Code::ImportCycle,
        format!("import cycle: {}", chain.join(" → ")),
        span,
        "this import closes the cycle",
    )
    .with_help("move the types both files need into a third file that both import")
}

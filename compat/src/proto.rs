//! Plain protobuf schemas (`.proto` files) as a version: compiled by protox (a pure-Rust
//! protobuf compiler) into descriptors with source positions, and the positions of every
//! message, enum, service, field, enum value, method, reserved entry and package in the text.
//!
//! Files are named as protoc names them: relative to the include root that holds them. The roots
//! are the `-I` folders, then each folder given as input, then the folder of each file given as
//! input. Imports are looked up in the same roots (and `google/protobuf/*.proto` among the
//! well-known files protox ships). Only the input files are judged; imported files give the types
//! that input files refer to.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use prost_types::{DescriptorProto, FileDescriptorProto, FileDescriptorSet};
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};
use trident_idl::FileSystem;

use crate::finding::Location;

// Field numbers of descriptor.proto, the steps of a SourceCodeInfo path.
const FILE_PACKAGE: i32 = 2;
const FILE_MESSAGE: i32 = 4;
const FILE_ENUM: i32 = 5;
const FILE_SERVICE: i32 = 6;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_NESTED: i32 = 3;
const MESSAGE_ENUM: i32 = 4;
const MESSAGE_RESERVED_RANGE: i32 = 9;
const MESSAGE_RESERVED_NAME: i32 = 10;
const ENUM_VALUE: i32 = 2;
const ENUM_RESERVED_RANGE: i32 = 4;
const ENUM_RESERVED_NAME: i32 = 5;
const SERVICE_METHOD: i32 = 2;
const NAME: i32 = 1;
const FIELD_NUMBER: i32 = 3;
const VALUE_NUMBER: i32 = 2;

/// The `.proto` files of one version, compiled.
#[derive(Debug)]
pub(crate) struct ProtoSet {
    /// Every compiled file, imports included, dependencies first.
    pub(crate) set: FileDescriptorSet,
    /// Per file of `set`, in the same order.
    files: Vec<ProtoFile>,
    /// Messages, enums and services by full name (without the leading dot).
    elements: BTreeMap<String, Element>,
}

#[derive(Debug)]
struct ProtoFile {
    /// The path as shown in findings (with a git version's prefix); empty for the well-known
    /// files protox ships.
    shown: String,
    /// Whether the file was given as input (judged), rather than only imported.
    input: bool,
    text: Option<Arc<str>>,
    /// SourceCodeInfo spans by path: `[line, column, end line, end column]`, 0-based, columns in
    /// bytes.
    spans: HashMap<Vec<i32>, [usize; 4]>,
}

/// What a full name names, and where its descriptor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ElementKind {
    Message,
    Enum,
    Service,
}

#[derive(Debug)]
struct Element {
    kind: ElementKind,
    file: usize,
    path: Vec<i32>,
}

/// Resolves file names to the sources read before compiling.
struct Sources(HashMap<String, File>);

impl FileResolver for Sources {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| protox::Error::file_not_found(name))
    }
}

impl ProtoSet {
    /// Reads and compiles the `.proto` files at `paths` (files, or folders searched recursively)
    /// with imports looked up in `includes`; `prefix` is put in front of the paths shown. Errors
    /// are rendered in `style`, with the file and position.
    pub(crate) fn load(
        fs: &dyn FileSystem,
        paths: &[PathBuf],
        includes: &[PathBuf],
        prefix: &str,
        style: trident_idl::RenderStyle,
    ) -> Result<ProtoSet, String> {
        let mut roots: Vec<PathBuf> = includes.to_vec();
        let mut inputs = Vec::new();
        for path in paths {
            if fs.is_file(path) {
                inputs.push(path.clone());
            } else if fs.is_dir(path) {
                roots.push(path.clone());
                let mut found = Vec::new();
                crate::version::collect_files(fs, path, path, &mut found, &["proto"])
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                inputs.extend(found.into_iter().map(|(p, _)| p));
            } else {
                return Err(format!("{}: no such file or directory", path.display()));
            }
        }
        for path in paths.iter().filter(|p| fs.is_file(p)) {
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            roots.push(parent);
        }
        if inputs.is_empty() {
            return Err("no .proto files found".to_string());
        }
        // Each input's name, relative to the first root that holds it.
        let mut names: Vec<String> = Vec::new();
        let mut input_paths: HashMap<String, PathBuf> = HashMap::new();
        for input in &inputs {
            let name = roots
                .iter()
                .find_map(|root| relative_name(root, input))
                .ok_or_else(|| format!("{}: not under any include folder", input.display()))?;
            match input_paths.get(&name) {
                Some(earlier) if fs.canonicalize(earlier).ok() != fs.canonicalize(input).ok() => {
                    return Err(format!(
                        "{} and {} are both named `{name}` (relative to their folders); give the \
                         folder that holds both with -I, so that each file has its own name",
                        earlier.display(),
                        input.display()
                    ));
                }
                Some(_) => {}
                None => {
                    input_paths.insert(name.clone(), input.clone());
                    names.push(name);
                }
            }
        }
        // Read every input and, transitively, every import found under the roots.
        let mut sources = HashMap::new();
        let mut shown = HashMap::new();
        let mut queue = names.clone();
        while let Some(name) = queue.pop() {
            if sources.contains_key(&name) {
                continue;
            }
            let found = input_paths.get(&name).cloned().or_else(|| {
                roots
                    .iter()
                    .map(|root| root.join(&name))
                    .find(|p| fs.is_file(p))
            });
            let Some(path) = found else {
                continue; // a well-known file, or missing: protox reports it at the import
            };
            let text = fs
                .read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let file = File::from_source(&name, &text)
                .map_err(|e| format!("{}{}:\n{}", prefix, path.display(), render(e, style)))?;
            queue.extend(file.file_descriptor_proto().dependency.iter().cloned());
            shown.insert(name.clone(), format!("{prefix}{}", path.display()));
            sources.insert(name, file);
        }
        let mut resolver = ChainFileResolver::new();
        resolver.add(Sources(sources.clone()));
        resolver.add(GoogleFileResolver::new());
        let mut compiler = protox::Compiler::with_file_resolver(resolver);
        compiler.include_source_info(true).include_imports(true);
        for name in &names {
            compiler.open_file(name).map_err(|e| render(e, style))?;
        }
        let set = compiler.file_descriptor_set();
        let files = set
            .file
            .iter()
            .map(|file| {
                let name = file.name();
                let spans = file
                    .source_code_info
                    .iter()
                    .flat_map(|info| &info.location)
                    .filter_map(|l| {
                        let span = match l.span[..] {
                            [line, col, end] => [line, col, line, end],
                            [line, col, end_line, end] => [line, col, end_line, end],
                            _ => return None,
                        };
                        let span = span.map(|n| usize::try_from(n).unwrap_or(0));
                        Some((l.path.clone(), span))
                    })
                    .collect();
                ProtoFile {
                    shown: shown.get(name).cloned().unwrap_or_default(),
                    input: names.iter().any(|n| n == name),
                    text: sources
                        .get(name)
                        .and_then(|f| f.source())
                        .map(Arc::<str>::from),
                    spans,
                }
            })
            .collect();
        let mut elements = BTreeMap::new();
        for (index, file) in set.file.iter().enumerate() {
            index_file(&mut elements, index, file);
        }
        Ok(ProtoSet {
            set,
            files,
            elements,
        })
    }

    /// The full names of the messages (map entries left out) and enums defined in input files,
    /// nested ones included.
    pub(crate) fn input_types(&self) -> Vec<String> {
        self.elements
            .iter()
            .filter(|(_, e)| e.kind != ElementKind::Service && self.files[e.file].input)
            .filter(|(_, e)| {
                e.kind != ElementKind::Message
                    || !self
                        .message_at(e)
                        .is_some_and(|m| m.options.as_ref().is_some_and(|o| o.map_entry()))
            })
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The full names of the services defined in input files.
    pub(crate) fn input_services(&self) -> Vec<String> {
        self.elements
            .iter()
            .filter(|(_, e)| e.kind == ElementKind::Service && self.files[e.file].input)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The input files, by name (relative to their include root).
    pub(crate) fn input_files(&self) -> impl Iterator<Item = &FileDescriptorProto> {
        self.set
            .file
            .iter()
            .zip(&self.files)
            .filter(|(_, f)| f.input)
            .map(|(d, _)| d)
    }

    /// A service by full name.
    pub(crate) fn service(&self, full_name: &str) -> Option<&prost_types::ServiceDescriptorProto> {
        let element = self.elements.get(full_name)?;
        if element.kind != ElementKind::Service {
            return None;
        }
        let file = self.set.file.get(element.file)?;
        file.service.get(usize::try_from(element.path[1]).ok()?)
    }

    /// What a full name names, if it is defined.
    pub(crate) fn kind(&self, full_name: &str) -> Option<ElementKind> {
        self.elements.get(full_name).map(|e| e.kind)
    }

    fn message_at(&self, element: &Element) -> Option<&DescriptorProto> {
        let file = self.set.file.get(element.file)?;
        let mut steps = element.path.chunks(2);
        let first = steps.next()?;
        let mut message = file.message_type.get(usize::try_from(first[1]).ok()?)?;
        for step in steps {
            message = message.nested_type.get(usize::try_from(step[1]).ok()?)?;
        }
        Some(message)
    }

    fn locate_path(&self, file: usize, path: &[i32]) -> Option<Location> {
        let proto = self.files.get(file)?;
        let [line, col, end_line, end_col] = *proto.spans.get(path)?;
        let text = proto.text.clone()?;
        let start = offset(&text, line, col);
        let end = offset(&text, end_line, end_col).max(start);
        let (line, column) = crate::avsc::scan::line_col(&text, start);
        Some(Location {
            file: proto.shown.clone(),
            line,
            column,
            enclosing: false,
            text: Some((text, start, end - start)),
        })
    }

    /// Where a message, enum or service is declared (its name).
    pub(crate) fn locate_type(&self, full_name: &str) -> Option<Location> {
        let element = self.elements.get(full_name)?;
        self.locate_path(element.file, &[&element.path[..], &[NAME]].concat())
    }

    /// The path of a member (field, enum value or method) by name or by number.
    fn member_path(
        &self,
        full_name: &str,
        matches: impl Fn(&str, i32) -> bool,
    ) -> Option<Vec<i32>> {
        let element = self.elements.get(full_name)?;
        let file = self.set.file.get(element.file)?;
        let (step, index) = match element.kind {
            ElementKind::Message => {
                let message = self.message_at(element)?;
                let i = message
                    .field
                    .iter()
                    .position(|f| matches(f.name(), f.number()))?;
                (MESSAGE_FIELD, i)
            }
            ElementKind::Enum => {
                let e = self.enum_at(file, &element.path)?;
                let i = e.value.iter().position(|v| matches(v.name(), v.number()))?;
                (ENUM_VALUE, i)
            }
            ElementKind::Service => {
                let service = file.service.get(usize::try_from(element.path[1]).ok()?)?;
                let i = service.method.iter().position(|m| matches(m.name(), 0))?;
                (SERVICE_METHOD, i)
            }
        };
        let index = i32::try_from(index).ok()?;
        Some([&element.path[..], &[step, index]].concat())
    }

    fn enum_at<'a>(
        &self,
        file: &'a FileDescriptorProto,
        path: &[i32],
    ) -> Option<&'a prost_types::EnumDescriptorProto> {
        let index = |n: i32| usize::try_from(n).ok();
        match path {
            [FILE_ENUM, i] => file.enum_type.get(index(*i)?),
            [FILE_MESSAGE, first, rest @ ..] => {
                let mut message = file.message_type.get(index(*first)?)?;
                let mut rest = rest;
                while let [MESSAGE_NESTED, i, tail @ ..] = rest {
                    message = message.nested_type.get(index(*i)?)?;
                    rest = tail;
                }
                match rest {
                    [MESSAGE_ENUM, i] => message.enum_type.get(index(*i)?),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Where a field, enum value or method is declared, by name.
    pub(crate) fn locate_member(&self, full_name: &str, member: &str) -> Option<Location> {
        let path = self.member_path(full_name, |name, _| name == member)?;
        let file = self.elements.get(full_name)?.file;
        self.locate_path(file, &[&path[..], &[NAME]].concat())
    }

    /// Where the number of a field or enum value is.
    pub(crate) fn locate_number(&self, full_name: &str, number: i64) -> Option<Location> {
        let element = self.elements.get(full_name)?;
        let step = match element.kind {
            ElementKind::Message => FIELD_NUMBER,
            ElementKind::Enum => VALUE_NUMBER,
            ElementKind::Service => return None,
        };
        let path = self.member_path(full_name, |_, n| i64::from(n) == number)?;
        self.locate_path(element.file, &[&path[..], &[step]].concat())
    }

    /// Where a number or name is reserved in a message or enum.
    pub(crate) fn locate_reserved(
        &self,
        full_name: &str,
        number: Option<i64>,
        name: Option<&str>,
    ) -> Option<Location> {
        let element = self.elements.get(full_name)?;
        let file = self.set.file.get(element.file)?;
        let (ranges, names, range_step, name_step) = match element.kind {
            ElementKind::Message => {
                let m = self.message_at(element)?;
                let ranges: Vec<(i64, i64)> = m
                    .reserved_range
                    .iter()
                    .map(|r| (i64::from(r.start()), i64::from(r.end()) - 1))
                    .collect();
                (
                    ranges,
                    m.reserved_name.clone(),
                    MESSAGE_RESERVED_RANGE,
                    MESSAGE_RESERVED_NAME,
                )
            }
            ElementKind::Enum => {
                let e = self.enum_at(file, &element.path)?;
                let ranges: Vec<(i64, i64)> = e
                    .reserved_range
                    .iter()
                    .map(|r| (i64::from(r.start()), i64::from(r.end())))
                    .collect();
                (
                    ranges,
                    e.reserved_name.clone(),
                    ENUM_RESERVED_RANGE,
                    ENUM_RESERVED_NAME,
                )
            }
            ElementKind::Service => return None,
        };
        let (step, index) = match (number, name) {
            (Some(n), _) => (
                range_step,
                ranges.iter().position(|&(s, e)| (s..=e).contains(&n))?,
            ),
            (None, Some(name)) => (name_step, names.iter().position(|r| r == name)?),
            (None, None) => return None,
        };
        let index = i32::try_from(index).ok()?;
        self.locate_path(element.file, &[&element.path[..], &[step, index]].concat())
    }

    /// Where an input file declares its package (or, without one, where the file starts).
    pub(crate) fn locate_package(&self, file_name: &str) -> Option<Location> {
        let index = self.set.file.iter().position(|f| f.name() == file_name)?;
        self.locate_path(index, &[FILE_PACKAGE])
            .or_else(|| self.locate_path(index, &[]))
    }
}

/// `path` relative to `root`, with `/` separators, if `root` holds it.
fn relative_name(root: &Path, path: &Path) -> Option<String> {
    let relative = if root.as_os_str().is_empty() || root == Path::new(".") {
        path.strip_prefix("./").unwrap_or(path)
    } else {
        path.strip_prefix(root).ok()?
    };
    let parts: Vec<String> = relative
        .components()
        .map(|c| match c {
            std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The byte offset of a 0-based line and byte column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start = if line == 0 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 1)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let mut at = (start + column).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn index_file(elements: &mut BTreeMap<String, Element>, file: usize, proto: &FileDescriptorProto) {
    let package = proto.package();
    let qualify = |name: &str| {
        if package.is_empty() {
            name.to_string()
        } else {
            format!("{package}.{name}")
        }
    };
    for (i, message) in proto.message_type.iter().enumerate() {
        let path = vec![FILE_MESSAGE, i32::try_from(i).unwrap_or(i32::MAX)];
        index_message(elements, file, &qualify(message.name()), path, message);
    }
    for (i, e) in proto.enum_type.iter().enumerate() {
        let path = vec![FILE_ENUM, i32::try_from(i).unwrap_or(i32::MAX)];
        elements.insert(
            qualify(e.name()),
            Element {
                kind: ElementKind::Enum,
                file,
                path,
            },
        );
    }
    for (i, service) in proto.service.iter().enumerate() {
        let path = vec![FILE_SERVICE, i32::try_from(i).unwrap_or(i32::MAX)];
        elements.insert(
            qualify(service.name()),
            Element {
                kind: ElementKind::Service,
                file,
                path,
            },
        );
    }
}

fn index_message(
    elements: &mut BTreeMap<String, Element>,
    file: usize,
    full_name: &str,
    path: Vec<i32>,
    message: &DescriptorProto,
) {
    for (i, nested) in message.nested_type.iter().enumerate() {
        let step = [MESSAGE_NESTED, i32::try_from(i).unwrap_or(i32::MAX)];
        let nested_name = format!("{full_name}.{}", nested.name());
        index_message(
            elements,
            file,
            &nested_name,
            [&path[..], &step].concat(),
            nested,
        );
    }
    for (i, e) in message.enum_type.iter().enumerate() {
        let step = [MESSAGE_ENUM, i32::try_from(i).unwrap_or(i32::MAX)];
        elements.insert(
            format!("{full_name}.{}", e.name()),
            Element {
                kind: ElementKind::Enum,
                file,
                path: [&path[..], &step].concat(),
            },
        );
    }
    elements.insert(
        full_name.to_string(),
        Element {
            kind: ElementKind::Message,
            file,
            path,
        },
    );
}

/// A protox error rendered with its source and position.
fn render(error: protox::Error, style: trident_idl::RenderStyle) -> String {
    trident_idl::render_diagnostic(&error, style)
}

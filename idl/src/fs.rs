//! Where schema files are read from.
//!
//! The front end reads through the [`FileSystem`] trait so that the same pipeline checks files on
//! disk ([`OsFileSystem`]), files held in memory ([`MemoryFileSystem`], for tests and tools), and
//! files read from elsewhere, such as a git tree.

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Read access to schema files.
pub trait FileSystem {
    /// The whole file as UTF-8 text.
    fn read_to_string(&self, path: &Path) -> io::Result<String>;

    /// Whether a regular file exists at the path.
    fn is_file(&self, path: &Path) -> bool;

    /// Whether a directory exists at the path.
    fn is_dir(&self, path: &Path) -> bool;

    /// The entries of a directory (files and directories), in any order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>>;

    /// A path that is the same for every way of naming one file; used to read each file once.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        Ok(normalize(path))
    }
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsFileSystem;

impl FileSystem for OsFileSystem {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        std::fs::read_dir(path)?
            .map(|entry| entry.map(|e| e.path()))
            .collect()
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

/// Files held in memory, keyed by normalized relative path.
#[derive(Clone, Debug, Default)]
pub struct MemoryFileSystem {
    files: BTreeMap<PathBuf, String>,
}

impl MemoryFileSystem {
    /// An empty file system.
    pub fn new() -> MemoryFileSystem {
        MemoryFileSystem::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl AsRef<Path>, text: impl Into<String>) -> &mut Self {
        self.files.insert(normalize(path.as_ref()), text.into());
        self
    }

    /// Adds a file, builder style.
    pub fn with(mut self, path: impl AsRef<Path>, text: impl Into<String>) -> Self {
        self.insert(path, text);
        self
    }
}

impl FileSystem for MemoryFileSystem {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(&normalize(path))
    }

    fn is_dir(&self, path: &Path) -> bool {
        let dir = normalize(path);
        self.files.keys().any(|f| f.starts_with(&dir) && *f != dir)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let dir = normalize(path);
        let mut entries: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|f| {
                let rest = f.strip_prefix(&dir).ok()?;
                let first = rest.components().next()?;
                Some(dir.join(first))
            })
            .collect();
        entries.dedup();
        if entries.is_empty() && !self.is_dir(path) {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such directory"));
        }
        Ok(entries)
    }
}

/// Removes `.` components and folds `dir/..` pairs, without touching the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                if matches!(last, Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Expands the given paths into schema files: files are taken as they are, directories are
/// searched recursively for `*.tri` files. The result is sorted within each directory so that
/// runs are reproducible.
///
/// # Errors
/// When a path is neither a file nor a directory, or a directory cannot be listed.
pub fn collect_schema_files(fs: &dyn FileSystem, paths: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if fs.is_file(path) {
            out.push(normalize(path));
        } else if fs.is_dir(path) {
            collect_dir(fs, path, &mut out)?;
        } else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: no such file or directory", path.display()),
            ));
        }
    }
    Ok(out)
}

fn collect_dir(fs: &dyn FileSystem, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries = fs.read_dir(dir)?;
    entries.sort();
    for entry in entries {
        if fs.is_dir(&entry) {
            collect_dir(fs, &entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "tri") {
            out.push(normalize(&entry));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize(Path::new("a/./b/../c.tri")), Path::new("a/c.tri"));
        assert_eq!(
            normalize(Path::new("../x/./y.tri")),
            Path::new("../x/y.tri")
        );
        assert_eq!(normalize(Path::new("./a.tri")), Path::new("a.tri"));
    }

    #[test]
    fn memory_directories_are_listed_recursively_and_sorted() {
        let fs = MemoryFileSystem::new()
            .with("s/b.tri", "")
            .with("s/a.tri", "")
            .with("s/sub/c.tri", "")
            .with("s/notes.txt", "");
        let files = collect_schema_files(&fs, &[PathBuf::from("s")]).unwrap();
        assert_eq!(
            files,
            vec![
                PathBuf::from("s/a.tri"),
                PathBuf::from("s/b.tri"),
                PathBuf::from("s/sub/c.tri")
            ]
        );
        assert!(collect_schema_files(&fs, &[PathBuf::from("nope")]).is_err());
    }
}

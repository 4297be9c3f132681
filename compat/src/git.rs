//! Reading schema files from a git reference without a checkout: the tree is listed once with
//! `git ls-tree`, and files are read with `git cat-file` as they are needed. Paths are relative
//! to the current folder, as for files on disk.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use trident_idl::FileSystem;

/// The files of one git reference (commit, branch, tag).
#[derive(Debug)]
pub(crate) struct GitFileSystem {
    reference: String,
    /// The current folder relative to the repository's root (`""` at the root).
    prefix: PathBuf,
    /// Every file of the reference, relative to the repository's root.
    files: BTreeSet<PathBuf>,
    cache: RefCell<HashMap<PathBuf, String>>,
}

fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

impl GitFileSystem {
    /// Lists the files of `reference` in the repository around the current folder.
    pub(crate) fn open(reference: &str) -> Result<GitFileSystem, String> {
        if reference.is_empty() || reference.starts_with('-') {
            return Err(format!("`{reference}` is not a git reference"));
        }
        let commit = git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ])
        .map_err(|_| format!("git reference `{reference}` does not name a commit"))?;
        let commit = String::from_utf8_lossy(&commit).trim().to_string();
        let prefix = git(&["rev-parse", "--show-prefix"])?;
        let prefix = PathBuf::from(String::from_utf8_lossy(&prefix).trim());
        let listing = git(&["ls-tree", "-r", "-z", "--name-only", "--full-tree", &commit])?;
        let files = listing
            .split(|&b| b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
            .collect();
        Ok(GitFileSystem {
            reference: commit,
            prefix,
            files,
            cache: RefCell::new(HashMap::new()),
        })
    }

    /// A path relative to the current folder, made relative to the repository's root.
    fn in_repo(&self, path: &Path) -> Option<PathBuf> {
        let mut out = PathBuf::new();
        for component in self.prefix.join(path).components() {
            match component {
                Component::Normal(part) => out.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !out.pop() {
                        return None;
                    }
                }
                Component::RootDir | Component::Prefix(_) => return None,
            }
        }
        Some(out)
    }
}

impl FileSystem for GitFileSystem {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        let not_found = || {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is not in {}", path.display(), self.reference),
            )
        };
        let repo_path = self.in_repo(path).ok_or_else(not_found)?;
        if !self.files.contains(&repo_path) {
            return Err(not_found());
        }
        if let Some(text) = self.cache.borrow().get(&repo_path) {
            return Ok(text.clone());
        }
        let spec = format!("{}:{}", self.reference, repo_path.display());
        let bytes = git(&["cat-file", "blob", &spec]).map_err(io::Error::other)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            )
        })?;
        self.cache.borrow_mut().insert(repo_path, text.clone());
        Ok(text)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.in_repo(path).is_some_and(|p| self.files.contains(&p))
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.in_repo(path)
            .is_some_and(|dir| self.files.iter().any(|f| f.starts_with(&dir) && *f != dir))
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        let dir = self
            .in_repo(path)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "outside the repository"))?;
        let mut entries: Vec<PathBuf> = self
            .files
            .iter()
            .filter_map(|f| {
                let rest = f.strip_prefix(&dir).ok()?;
                let first = rest.components().next()?;
                Some(path.join(first))
            })
            .collect();
        entries.dedup();
        if entries.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is not a folder in {}", path.display(), self.reference),
            ));
        }
        Ok(entries)
    }
}

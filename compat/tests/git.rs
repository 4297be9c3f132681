//! Versions read from git references: a repository with two commits is checked between them,
//! without a checkout.

use std::path::{Path, PathBuf};
use std::process::Command;

use trident_compat::{CheckOptions, Rule, Version};

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_git_reference_is_read_without_a_checkout() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(repo.join("schemas")).unwrap();
    std::fs::write(
        repo.join("schemas/shop.tri"),
        "package shop;\nrecord Order {\n  id @1: string;\n  note @2: string;\n}\n",
    )
    .unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "v1"]);
    git(repo, &["tag", "v1"]);
    std::fs::write(
        repo.join("schemas/shop.tri"),
        "package shop;\nrecord Order {\n  id @1: string;\n}\n",
    )
    .unwrap();
    git(repo, &["commit", "-q", "-am", "v2"]);

    // The working tree is v2; v1 comes from the tag. Paths are relative to the current folder,
    // which git-reading resolves against the repository.
    let previous = std::env::current_dir().unwrap();
    std::env::set_current_dir(repo).unwrap();
    let paths = [PathBuf::from("schemas")];
    let style = trident_idl::RenderStyle::Narrated;
    let new = Version::from_paths("schemas", &paths, &[], style);
    let old = Version::from_spec("git:v1", &paths, &[], style);
    let old_explicit = Version::from_spec("git:main~1:schemas/shop.tri", &paths, &[], style);
    let missing = Version::from_spec("git:no-such-ref", &paths, &[], style);
    std::env::set_current_dir(previous).unwrap();

    let (new, old, old_explicit) = (new.unwrap(), old.unwrap(), old_explicit.unwrap());
    for old in [&old, &old_explicit] {
        let report =
            trident_compat::check(&new, std::slice::from_ref(old), &CheckOptions::default());
        assert!(!report.compatible);
        let removed = report
            .findings
            .iter()
            .find(|f| f.rule == Rule::FieldRemoved)
            .unwrap();
        assert_eq!(removed.element(), "shop.Order.note");
        let location = removed.old.as_ref().unwrap();
        assert!(
            location.file.ends_with("schemas/shop.tri"),
            "{}",
            location.file
        );
        assert!(
            location.file.contains(':'),
            "old files are shown with their reference: {}",
            location.file
        );
        assert_eq!(
            (location.line, location.column),
            (4, 3),
            "the removed field's name"
        );
    }
    let err = missing.unwrap_err().to_string();
    assert!(err.contains("no-such-ref"), "{err}");
}

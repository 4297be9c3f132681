//! The Avro rules for `.avsc` input: each top-level schema of the old version is paired with its
//! counterpart in the new one and walked in both directions, exactly as exported schemas are
//! (the same walk, the same reconciliation with the runtime's resolver).
//!
//! Pairing: when each version is one file, those two files; otherwise a top-level named type by
//! its full name; failing that, a new named type whose
//! aliases name the old one (a reader's alias); failing that, the only old and the only new named
//! type with the same unqualified name (Avro matches named types by unqualified name). A file
//! whose schema is not a named type (a primitive, union, array or map) is paired with the file at
//! the same path relative to its version's folder. Schemas left without a counterpart are
//! reported as warnings: there is nothing to resolve them against.

use std::collections::HashMap;

use super::{Checked, Pairs, Side, check, merge};
use crate::avsc::{AvscFile, AvscSet};
use crate::finding::Finding;
use crate::rules::{Direction, Rule};
use crate::version::Version;

use super::walk::Elem;

/// Every Avro finding between two `.avsc` versions (nothing if either is not one).
pub(crate) fn compare(old: &Version, new: &Version) -> Vec<Finding> {
    let (Some(old_set), Some(new_set)) = (&old.avsc, &new.avsc) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for checked in check_all(old, new, old_set, new_set) {
        findings.extend(checked.findings);
    }
    merge(findings)
}

/// Each pair of top-level schemas checked in each direction, then the unpaired ones.
fn check_all(old: &Version, new: &Version, old_set: &AvscSet, new_set: &AvscSet) -> Vec<Checked> {
    let units = pair(old_set, new_set);
    let mut pairs = Pairs {
        ids: Vec::new(),
        old_to_new: HashMap::new(),
    };
    for (o, n) in &units.pairs {
        pairs.old_to_new.insert(o.clone(), n.clone());
    }
    let mut checked = Vec::new();
    for (old_key, new_key) in &units.pairs {
        let (Some(old_file), Some(new_file)) = (old_set.unit(old_key), new_set.unit(new_key))
        else {
            continue;
        };
        let old_side = side(old, old_file);
        let new_side = side(new, new_file);
        let root = Elem {
            old_type: Some(old_key.clone()),
            new_type: Some(new_key.clone()),
            ..Elem::default()
        };
        for direction in Direction::BOTH {
            checked.push(check(direction, &old_side, &new_side, &pairs, &root));
        }
    }
    let mut unpaired = Vec::new();
    for key in &units.old_only {
        let finding = Finding::new(
            Rule::TypeRemoved,
            key,
            None,
            format!("`{key}` has no counterpart in the new version"),
        )
        .note(
            crate::rules::Format::Avro,
            "No new schema has its name, one of its aliases or its path, so nothing was compared \
             with it.",
        )
        .at(old.locate_type(key), None);
        unpaired.push(finding);
    }
    if !unpaired.is_empty() {
        checked.push(Checked {
            type_name: String::new(),
            direction: Direction::Backward,
            findings: unpaired,
            walker_breaks: false,
            resolver_fails: false,
        });
    }
    checked
}

fn side<'a>(version: &'a Version, file: &AvscFile) -> Side<'a> {
    Side {
        version: Some(version),
        avro: file.schema.clone(),
        unions: HashMap::new(),
    }
}

/// The pairs of top-level schemas, by key (a full name, or a relative path).
struct Units {
    pairs: Vec<(String, String)>,
    old_only: Vec<String>,
}

fn keys(set: &AvscSet) -> Vec<(String, bool)> {
    set.files
        .iter()
        .map(|f| match f.root_name() {
            Some(name) => (name, true),
            None => (f.relative.clone(), false),
        })
        .collect()
}

fn pair(old: &AvscSet, new: &AvscSet) -> Units {
    let mut old_free = keys(old);
    let mut new_free = keys(new);
    let mut pairs = Vec::new();
    // One schema on each side: they are the pair, whatever their names and paths.
    if let ([(o, _)], [(n, _)]) = (old_free.as_slice(), new_free.as_slice()) {
        return Units {
            pairs: vec![(o.clone(), n.clone())],
            old_only: Vec::new(),
        };
    }
    let mut take = |old_free: &mut Vec<(String, bool)>,
                    new_free: &mut Vec<(String, bool)>,
                    o: &str,
                    n: &str| {
        old_free.retain(|(k, _)| k != o);
        new_free.retain(|(k, _)| k != n);
        pairs.push((o.to_string(), n.to_string()));
    };
    // The same full name, or the same path.
    let same: Vec<String> = new_free
        .iter()
        .filter(|k| old_free.contains(k))
        .map(|(k, _)| k.clone())
        .collect();
    for key in same {
        take(&mut old_free, &mut new_free, &key, &key);
    }
    // A new named type's alias names an old one.
    for file in &new.files {
        let Some(new_name) = file.root_name() else {
            continue;
        };
        if !new_free.iter().any(|(k, _)| *k == new_name) {
            continue;
        }
        let aliases = file.root_aliases();
        let found = old_free
            .iter()
            .find(|(k, named)| *named && aliases.contains(k))
            .map(|(k, _)| k.clone());
        if let Some(old_name) = found {
            take(&mut old_free, &mut new_free, &old_name, &new_name);
        }
    }
    // The only old and the only new named type with an unqualified name.
    let simple = |full: &str| full.rsplit('.').next().unwrap_or(full).to_string();
    let moved: Vec<(String, String)> = new_free
        .iter()
        .filter(|(_, named)| *named)
        .filter_map(|(n, _)| {
            let wanted = simple(n);
            let count = |free: &[(String, bool)]| {
                free.iter()
                    .filter(|(k, named)| *named && simple(k) == wanted)
                    .count()
            };
            if count(&new_free) != 1 || count(&old_free) != 1 {
                return None;
            }
            let o = old_free
                .iter()
                .find(|(k, named)| *named && simple(k) == wanted)?;
            Some((o.0.clone(), n.clone()))
        })
        .collect();
    for (o, n) in moved {
        take(&mut old_free, &mut new_free, &o, &n);
    }
    Units {
        pairs,
        old_only: old_free.into_iter().map(|(k, _)| k).collect(),
    }
}

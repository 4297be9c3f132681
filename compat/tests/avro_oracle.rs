//! The Avro verdicts of the case corpus (`tests/cases/`), checked against apache-avro's own
//! schema compatibility check.
//!
//! For every case, both versions' types are exported to Avro schemas (the `.avsc` the exporter
//! writes) and paired as the specification matches named types: the same full name; else a new
//! type whose alias names the old one (a reader alias); else the only new type with the old one's
//! unqualified name. For each pair and direction, apache-avro's
//! `SchemaCompatibility::can_read(writer, reader)` is asked; only `Ok(Compatibility::Full)` counts
//! as compatible (`Partial` means "may fail for some data", which the checker counts as a break).
//! The checker's Avro verdict for a direction must equal the conjunction over all pairs.
//!
//! Where apache-avro departs from the specification, the pair's verdict is replaced by the
//! specification's, from the explicit list [`EXCEPTIONS`]; every entry names the case, the type
//! and the direction, and says why, from reading apache-avro 0.22's `schema_compatibility.rs`.

use std::fmt::Write as _;
use std::path::Path;

use apache_avro::Schema;
use apache_avro::schema_compatibility::{Compatibility, SchemaCompatibility};
mod support;

use support::case_dirs;
use trident_compat::{CheckOptions, Direction, Format, Version};
use trident_idl::model::TypeDef;

/// Where apache-avro 0.22 and the specification disagree: `(case, type as the new version names
/// it, direction, the specification's verdict, why)`.
const EXCEPTIONS: &[(&str, &str, Direction, bool, &str)] = &[
    // `inner_full_match_schemas` handles `Schema::Ref` only in the arm `(Ref, Ref)`, comparing
    // full names; a reader's inline definition read against a writer's reference (or the reverse)
    // falls to `(_, _) => WrongType`. Swapping two fields of one record type moves the inline
    // definition from one field to the other, so apache-avro fails schemas that resolve exactly.
    (
        "compatible-shared-type-fields-swapped",
        "acme.Order",
        Direction::Backward,
        true,
        "apache-avro cannot compare an inline named type with a reference to it",
    ),
    (
        "compatible-shared-type-fields-swapped",
        "acme.Order",
        Direction::Forward,
        true,
        "apache-avro cannot compare an inline named type with a reference to it",
    ),
    // The first check of `inner_full_match_schemas` compares the writer's and the reader's
    // unqualified names and returns `NameMismatch` without looking at the reader's `aliases`;
    // the specification lets a reader alias match the writer's full name.
    (
        "type-renamed-alias-unreferenced",
        "acme.PostalAddress",
        Direction::Backward,
        true,
        "apache-avro ignores the reader's aliases of named types",
    ),
    // The same departure one level down: `Order.addr` changed from `Address` to
    // `PostalAddress` with `#[alias("Address")]`, which new readers resolve by the alias.
    (
        "type-renamed-with-alias-referenced",
        "acme.Order",
        Direction::Backward,
        true,
        "apache-avro ignores the reader's aliases of named types, also inside a record",
    ),
    (
        "type-renamed-with-alias-referenced",
        "acme.PostalAddress",
        Direction::Backward,
        true,
        "apache-avro ignores the reader's aliases of named types",
    ),
];

fn load(dir: &Path, which: &str) -> Version {
    Version::from_paths(
        which,
        &[dir.join(which)],
        &[],
        trident_idl::RenderStyle::Narrated,
    )
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn simple(full: &str) -> &str {
    full.rsplit('.').next().unwrap_or(full)
}

/// The new type an old type is read as, by the specification's name matching.
fn counterpart<'a>(old: &TypeDef, new: &'a Version, old_version: &Version) -> Option<&'a TypeDef> {
    let name = old.full_name();
    let types = new.schema.types();
    if let Some(same) = types.iter().find(|t| t.full_name() == name) {
        return Some(same);
    }
    let aliased = types.iter().find(|t| {
        t.aliases.iter().any(|alias| {
            let full = if alias.value.contains('.') || t.package.is_empty() {
                alias.value.clone()
            } else {
                format!("{}.{}", t.package, alias.value)
            };
            full == name
        })
    });
    if aliased.is_some() {
        return aliased;
    }
    let same_simple = |v: &'a [TypeDef], n: &str| -> Vec<&'a TypeDef> {
        v.iter().filter(|t| simple(&t.full_name()) == n).collect()
    };
    let candidates = same_simple(types, simple(&name));
    let olds = old_version
        .schema
        .types()
        .iter()
        .filter(|t| simple(&t.full_name()) == simple(&name))
        .count();
    match candidates.as_slice() {
        [only] if olds == 1 && old_version.schema.lookup(&only.full_name()).is_none() => {
            Some(*only)
        }
        _ => None,
    }
}

fn avro_schema(version: &Version, ty: &TypeDef) -> Schema {
    let json = trident_formats::avro::type_schema(&version.schema, ty.id);
    Schema::parse_str(&json.to_string())
        .unwrap_or_else(|e| panic!("apache-avro rejects the schema of {}: {e}", ty.full_name()))
}

fn full(result: &Result<Compatibility, impl std::fmt::Debug>) -> bool {
    matches!(result, Ok(Compatibility::Full))
}

/// Compares one case; `Err` explains the disagreement.
fn check_case(dir: &Path, used: &mut [bool]) -> Result<(), String> {
    let case = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (old, new) = (load(dir, "old"), load(dir, "new"));
    let report = trident_compat::check(&new, std::slice::from_ref(&old), &CheckOptions::default());
    let (ours_backward, ours_forward) = report.verdicts[&Format::Avro];
    let mut oracle = [true, true];
    let mut details = String::new();
    for old_ty in old.schema.types() {
        let Some(new_ty) = counterpart(old_ty, &new, &old) else {
            continue;
        };
        let (old_schema, new_schema) = (avro_schema(&old, old_ty), avro_schema(&new, new_ty));
        let type_name = new_ty.full_name();
        for (i, direction) in Direction::BOTH.into_iter().enumerate() {
            let result = match direction {
                Direction::Backward => SchemaCompatibility::can_read(&old_schema, &new_schema),
                Direction::Forward => SchemaCompatibility::can_read(&new_schema, &old_schema),
            };
            let mut verdict = full(&result);
            let exception = EXCEPTIONS
                .iter()
                .position(|&(c, t, d, _, _)| c == case && t == type_name && d == direction);
            if let Some(e) = exception {
                used[e] = true;
                verdict = EXCEPTIONS[e].3;
            }
            oracle[i] &= verdict;
            let _ = writeln!(
                details,
                "    {} -> {type_name} {}: apache-avro {result:?}{}",
                old_ty.full_name(),
                direction.name(),
                if exception.is_some() {
                    format!(" (listed exception: the specification says {verdict})")
                } else {
                    String::new()
                }
            );
        }
    }
    if [ours_backward, ours_forward] == oracle {
        return Ok(());
    }
    Err(format!(
        "case `{case}`: the checker says avro backward {ours_backward}, forward {ours_forward}; \
         apache-avro (with the listed exceptions) says backward {}, forward {}\n{details}",
        oracle[0], oracle[1]
    ))
}

#[test]
fn avro_verdicts_agree_with_apache_avro_except_where_it_departs_from_the_specification() {
    let mut used = vec![false; EXCEPTIONS.len()];
    let mut failures = String::new();
    for dir in case_dirs("cases") {
        if let Err(e) = check_case(&dir, &mut used) {
            let _ = writeln!(failures, "{e}");
        }
    }
    assert!(failures.is_empty(), "{failures}");
    let stale: Vec<String> = EXCEPTIONS
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|((case, ty, direction, _, _), _)| format!("{case} {ty} {}", direction.name()))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions that name no case, type and direction of the corpus: {stale:?}"
    );
}

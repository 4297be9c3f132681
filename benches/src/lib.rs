//! Data for Trident's benchmarks.
//!
//! - [`large_schema`] writes a deterministic schema set of a requested size: several packages,
//!   each importing the previous ones, with records, enums and unions that use every kind of
//!   type, default, doc comment and reserved entry. It is what the front-end benchmark parses and
//!   checks.
//! - [`data`] generates the format benchmarks' datasets (`log`, `mesh`, `tree`) from a fixed
//!   seed, [`peers`] converts them to the peers' types, [`dataset`] prepares each for every peer
//!   and checks that the comparison is fair, and [`report`] turns criterion's measurements into
//!   the Markdown tables of the README.

pub mod data;
pub mod dataset;
pub mod generated;
pub mod peers;
pub mod report;
pub mod rng;

use std::fmt::Write as _;

use dataset::Dataset;
use generated::ours::bench::{log, mesh, tree};

/// Log lines in the `log` dataset.
pub const LOG_COUNT: usize = 2_000;
/// Triangles in the `mesh` dataset.
pub const MESH_COUNT: usize = 20_000;
/// Levels below the root of the `tree` dataset (fan-out 2: 8,191 nodes).
pub const TREE_DEPTH: u32 = 12;

/// The `log` dataset with `count` lines.
pub fn log_dataset(count: usize) -> Dataset<log::Logs> {
    Dataset::new("log", "log line", count, data::logs(count))
}

/// The `mesh` dataset with `count` triangles.
pub fn mesh_dataset(count: usize) -> Dataset<mesh::Mesh> {
    Dataset::new("mesh", "triangle", count, data::mesh(count))
}

/// The `tree` dataset, `depth` levels below the root, fan-out 2.
pub fn tree_dataset(depth: u32) -> Dataset<tree::Node> {
    let value = data::tree(depth, 2);
    let count = data::node_count(&value);
    Dataset::new("tree", "node", count, value)
}

/// One generated file: its path and text.
#[derive(Clone, Debug)]
pub struct GeneratedFile {
    /// Relative path, such as `gen/pkg3.tri`.
    pub path: String,
    /// The schema text.
    pub text: String,
}

/// A generated schema set of about `target_lines` lines spread over `files` files.
///
/// Every file declares package `bench.pkgN`, imports its predecessor and refers to its types, so
/// name resolution crosses files and packages. The output is the same on every call.
pub fn large_schema(target_lines: usize, files: usize) -> Vec<GeneratedFile> {
    let files = files.max(1);
    let per_file = target_lines / files;
    (0..files)
        .map(|n| GeneratedFile {
            path: format!("gen/pkg{n}.tri"),
            text: file(n, per_file),
        })
        .collect()
}

/// The total number of lines of a generated set.
pub fn line_count(files: &[GeneratedFile]) -> usize {
    files.iter().map(|f| f.text.lines().count()).sum()
}

fn file(n: usize, target_lines: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// Generated package number {n}.\npackage bench.pkg{n};\n"
    );
    if n > 0 {
        let _ = writeln!(out, "import \"pkg{}.tri\";\n", n - 1);
    }
    let mut lines = out.lines().count();
    let mut group = 0;
    while lines < target_lines {
        let before = out.len();
        group_of_types(&mut out, n, group);
        lines += out[before..].matches('\n').count();
        group += 1;
    }
    out
}

/// An enum, a union and three records that refer to each other (and, from the second file on,
/// to the previous package).
fn group_of_types(out: &mut String, n: usize, g: usize) {
    let _ = write!(
        out,
        "/// Status of group {g}.
enum Status{g} {{
    STATUS{g}_UNKNOWN = 0;
    STATUS{g}_ACTIVE = 1;
    STATUS{g}_PAUSED = 2;
    /// No longer sent.
    #[deprecated]
    STATUS{g}_RETIRED = 3;
    reserved 4..9, \"STATUS{g}_OLD\";
}}

/// Either of the group's payloads.
union Payload{g} {{
    item @1: Item{g};
    text @2: string;
    count @3: i64;
    flag @4: bool;
    reserved @5;
}}

/// A line item with every scalar type.
record Item{g} {{
    id @1: u64;
    name @2: string = \"item\";
    quantity @3: u32 = 1;
    price @4: f64 = 9.99;
    weight @5: f32 = 0.5;
    delta @6: i32 = -1;
    total @7: i64;
    active @8: bool = true;
    blob @9: bytes;
    created @10: timestamp;
    day @11: date;
    key @12: uuid;
    status @13: Status{g} = STATUS{g}_ACTIVE;
    reserved @14..16, \"legacy\";
}}

/* The group's container record. */
record Group{g} {{
    /// The items, in order.
    items @1: list<Item{g}>;
    by_name @2: map<string, Item{g}>;
    payload @3: optional<Payload{g}>;
    parent @4: optional<Group{g}>;
    note @5: optional<string>;
    #[alias(\"labels\")]
    tags @6: list<string>;
"
    );
    if n > 0 {
        let _ = writeln!(out, "    upstream @7: bench.pkg{}.Item0;", n - 1);
    }
    let _ = write!(
        out,
        "}}

/// Summary of the group.
record Summary{g} {{
    group @1: Group{g};
    count @2: u32;
    mean @3: f64;
    first @4: optional<Item{g}>;
}}

"
    );
}

//! The walk: a writer's schema read as a reader's, step by step as the specification's schema
//! resolution does it (and as `trident::avro::resolve` builds its plan: the same matching, the
//! same branch choice, the same field pairing), reporting each place where data cannot be read.
//!
//! Where the resolver fails, or leaves some data unreadable, the walk emits a break; everywhere
//! else it emits at most a warning. Unlike the resolver it does not stop at the first failure,
//! so it reports every one. A finding names the `.tri` element the Avro node comes from: the
//! record and field, the enum and symbol, the union and variant (named types by their names,
//! unions through the origins `Side` recorded).

mod explain;
mod findings;

use std::collections::HashMap;

use serde_json::Value as Json;
use trident::avro::schema::{Field, Node, NodeId, Schema};

use super::{Pairs, Side};
use crate::finding::Finding;
use crate::rules::Direction;

/// The element a finding is about, with its names in both versions (`None` where it does not
/// exist, or where it is not known).
#[derive(Clone, Debug, Default)]
pub(super) struct Elem {
    /// The type in the old version.
    pub(super) old_type: Option<String>,
    /// The type in the new version.
    pub(super) new_type: Option<String>,
    /// The field, symbol or variant in the old version.
    pub(super) old_member: Option<String>,
    /// The field, symbol or variant in the new version.
    pub(super) new_member: Option<String>,
}

impl Elem {
    /// The type as findings name it: its new name if it has one.
    pub(super) fn type_name(&self) -> &str {
        self.new_type
            .as_deref()
            .or(self.old_type.as_deref())
            .unwrap_or("")
    }

    fn member(&self) -> Option<&str> {
        self.new_member.as_deref().or(self.old_member.as_deref())
    }
}

/// Where in a type a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// The type itself.
    Root,
    /// A record field.
    Field,
    /// A union variant.
    Variant,
}

/// The position of a value: the element it belongs to and how deep in the element's type.
#[derive(Clone, Debug)]
struct Site {
    place: Place,
    elem: Elem,
    /// Inside a map's values.
    in_map: bool,
    /// At the element's own type (not inside a list or map of it).
    top: bool,
}

impl Site {
    fn at(place: Place, elem: Elem) -> Site {
        Site {
            place,
            elem,
            in_map: false,
            top: true,
        }
    }

    /// The items of a list (`map == false`) or the values of a map at this site.
    fn inner(&self, map: bool) -> Site {
        Site {
            in_map: self.in_map || map,
            top: false,
            ..self.clone()
        }
    }

    /// How messages name the element.
    fn describe(&self) -> String {
        let ty = self.elem.type_name();
        match (self.place, self.elem.member()) {
            (Place::Field, Some(m)) => format!("field `{m}` of `{ty}`"),
            (Place::Variant, Some(m)) => format!("variant `{m}` of `{ty}`"),
            _ => format!("`{ty}`"),
        }
    }
}

enum Memo {
    Building,
    Done(bool),
}

/// One walk: a pair of types in one direction.
pub(super) struct Walk<'a> {
    direction: Direction,
    writer: &'a Side<'a>,
    reader: &'a Side<'a>,
    pairs: &'a Pairs,
    /// Records and enums already walked, by (writer node, reader node).
    memo: HashMap<(NodeId, NodeId), Memo>,
    findings: Vec<Finding>,
}

impl<'a> Walk<'a> {
    /// Walks `writer`'s schema against `reader`'s (the old and new schemas of the type `root`,
    /// in the order `direction` gives) and returns the findings.
    pub(super) fn run(
        direction: Direction,
        writer: &'a Side<'a>,
        reader: &'a Side<'a>,
        pairs: &'a Pairs,
        root: Elem,
    ) -> Vec<Finding> {
        let mut walk = Walk {
            direction,
            writer,
            reader,
            pairs,
            memo: HashMap::new(),
            findings: Vec::new(),
        };
        walk.resolve(
            writer.avro.root(),
            reader.avro.root(),
            &Site::at(Place::Root, root),
        );
        walk.findings
    }

    // ----- the resolution, as the resolver does it -------------------------------------------

    /// Whether the writer's node `w` resolves to the reader's node `r` (some data may still fail:
    /// that is reported, and the resolver calls the resolution incomplete).
    fn resolve(&mut self, w: NodeId, r: NodeId, site: &Site) -> bool {
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        match (writer.node(w), reader.node(r)) {
            (Node::Union(w_branches), Node::Union(r_branches)) => {
                let mut failures = 0;
                for (i, &wb) in w_branches.iter().enumerate() {
                    let ok = match self.reader_branch(wb, r_branches) {
                        Some(j) => {
                            self.landing(w, i, r, j);
                            self.resolve(wb, r_branches[j], site)
                        }
                        None => {
                            self.unreadable_branch(w, i, r, site);
                            false
                        }
                    };
                    failures += usize::from(!ok);
                }
                w_branches.is_empty() || failures < w_branches.len()
            }
            (Node::Union(w_branches), _) => {
                let mut failures = 0;
                for (i, &wb) in w_branches.iter().enumerate() {
                    let ok = if self.matches(wb, r) {
                        self.resolve(wb, r, site)
                    } else {
                        self.unreadable_branch(w, i, r, site);
                        false
                    };
                    failures += usize::from(!ok);
                }
                w_branches.is_empty() || failures < w_branches.len()
            }
            (_, Node::Union(r_branches)) => match self.reader_branch(w, r_branches) {
                Some(j) => self.resolve(w, r_branches[j], site),
                None => {
                    self.unreadable_value(w, r, site);
                    false
                }
            },
            _ => self.non_union(w, r, site),
        }
    }

    fn non_union(&mut self, w: NodeId, r: NodeId, site: &Site) -> bool {
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        if let (Some(wd), Some(rd)) = (writer.decimal(w), reader.decimal(r))
            && wd != rd
        {
            let shown = |d: trident::avro::schema::Decimal| {
                format!("decimal({}, {})", d.precision, d.scale)
            };
            self.type_changed(site, &shown(wd), &shown(rd));
            return false;
        }
        let ok = match (writer.node(w), reader.node(r)) {
            (Node::Record(_), Node::Record(_)) if self.names_match(w, r) => {
                return self.record(w, r);
            }
            (Node::Enum(_), Node::Enum(_)) if self.names_match(w, r) => {
                self.enumeration(w, r);
                return true;
            }
            (Node::Fixed(wf), Node::Fixed(rf)) => wf.size == rf.size && self.names_match(w, r),
            (Node::Array(wi), Node::Array(ri)) => {
                return self.resolve(*wi, *ri, &site.inner(false));
            }
            (Node::Map(wv), Node::Map(rv)) => return self.resolve(*wv, *rv, &site.inner(true)),
            (wn, rn) => promotes(wn, rn),
        };
        if !ok {
            self.mismatch(w, r, site);
        }
        ok
    }

    fn record(&mut self, w: NodeId, r: NodeId) -> bool {
        match self.memo.get(&(w, r)) {
            Some(Memo::Building) => return true,
            Some(Memo::Done(ok)) => return *ok,
            None => {}
        }
        self.memo.insert((w, r), Memo::Building);
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        let (Node::Record(wr), Node::Record(rr)) = (writer.node(w), reader.node(r)) else {
            return true;
        };
        let (w_name, r_name) = (wr.name.fullname(), rr.name.fullname());
        let (target, source) = pair_fields(&wr.fields, &rr.fields);
        let mut ok = true;
        for (wf, j) in wr.fields.iter().zip(&target) {
            let Some(rf) = j.map(|j| &rr.fields[j]) else {
                continue;
            };
            let elem = self.elem(Some(&w_name), Some(&r_name), Some(&wf.name), Some(&rf.name));
            let site = Site::at(Place::Field, elem);
            ok &= self.resolve(wf.schema, rf.schema, &site);
            self.default_changed(&site);
        }
        for (rf, i) in rr.fields.iter().zip(&source) {
            if i.is_some() {
                continue;
            }
            let renamed_from = self.renamed_from(&wr.fields, &target, &w_name, &r_name, &rf.name);
            let elem = self.elem(
                Some(&w_name),
                Some(&r_name),
                renamed_from.as_deref(),
                Some(&rf.name),
            );
            let site = Site::at(Place::Field, elem);
            match &rf.default {
                None => {
                    self.field_missing(&site, renamed_from.is_some(), None);
                    ok = false;
                }
                Some(default) if !fits(reader, rf.schema, default, 0) => {
                    let invalid = format!(
                        "its default {default} is not a valid {}",
                        reader.describe(rf.schema)
                    );
                    self.field_missing(&site, renamed_from.is_some(), Some(invalid));
                    ok = false;
                }
                Some(_) if renamed_from.is_some() => self.field_dropped(&site),
                Some(_) => {}
            }
        }
        self.memo.insert((w, r), Memo::Done(ok));
        ok
    }

    fn enumeration(&mut self, w: NodeId, r: NodeId) {
        if self.memo.insert((w, r), Memo::Done(true)).is_some() {
            return;
        }
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        let (Node::Enum(we), Node::Enum(re)) = (writer.node(w), reader.node(r)) else {
            return;
        };
        let (w_name, r_name) = (we.name.fullname(), re.name.fullname());
        let default = re.default.as_ref().filter(|d| re.symbols.contains(d));
        for symbol in &we.symbols {
            if re.symbols.contains(symbol) {
                continue;
            }
            let renamed_to = self.symbol_renamed_to(&w_name, &r_name, symbol, &we.symbols);
            let elem = self.elem(
                Some(&w_name),
                Some(&r_name),
                Some(symbol),
                renamed_to.as_deref(),
            );
            self.symbol_missing(&elem, renamed_to.is_some(), default.map(String::as_str));
        }
    }

    // ----- the specification's matching, as the resolver does it -----------------------------

    /// The reader's branch a writer's value goes to: the one of exactly the writer's type if
    /// any, else the first that matches.
    fn reader_branch(&self, w: NodeId, r_branches: &[NodeId]) -> Option<usize> {
        let exact = r_branches
            .iter()
            .position(|&rb| self.same_type(w, rb) && self.matches(w, rb));
        exact.or_else(|| r_branches.iter().position(|&rb| self.matches(w, rb)))
    }

    fn same_type(&self, w: NodeId, r: NodeId) -> bool {
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        let (wn, rn) = (writer.node(w), reader.node(r));
        match (wn.name(), rn.name()) {
            (Some(wname), Some(rname)) => wname.fullname() == rname.fullname(),
            (None, None) => {
                wn.kind() == rn.kind() && writer.logical_type(w) == reader.logical_type(r)
            }
            _ => false,
        }
    }

    fn matches(&self, w: NodeId, r: NodeId) -> bool {
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        match (writer.node(w), reader.node(r)) {
            (Node::Union(_), _) | (_, Node::Union(_)) => true,
            (Node::Array(wi), Node::Array(ri)) | (Node::Map(wi), Node::Map(ri)) => {
                self.matches(*wi, *ri)
            }
            (Node::Record(_), Node::Record(_)) | (Node::Enum(_), Node::Enum(_)) => {
                self.names_match(w, r)
            }
            (Node::Fixed(wf), Node::Fixed(rf)) => {
                wf.size == rf.size && self.names_match(w, r) && self.decimals_match(w, r)
            }
            (wn, rn) => promotes(wn, rn) && self.decimals_match(w, r),
        }
    }

    /// Unqualified names, or one of the reader type's aliases is the writer's full name.
    fn names_match(&self, w: NodeId, r: NodeId) -> bool {
        let (wn, rn) = (self.writer.avro.node(w), self.reader.avro.node(r));
        let (Some(w_name), Some(r_name)) = (wn.name(), rn.name()) else {
            return false;
        };
        w_name.name == r_name.name || rn.aliases().iter().any(|alias| alias == w_name)
    }

    fn decimals_match(&self, w: NodeId, r: NodeId) -> bool {
        match (self.writer.avro.decimal(w), self.reader.avro.decimal(r)) {
            (Some(wd), Some(rd)) => wd == rd,
            _ => true,
        }
    }

    // ----- helpers ---------------------------------------------------------------------------

    /// (old, new) from (writer's, reader's).
    fn old_new<T>(&self, writer: T, reader: T) -> (T, T) {
        match self.direction {
            Direction::Backward => (writer, reader),
            Direction::Forward => (reader, writer),
        }
    }

    fn writer_is_new(&self) -> bool {
        self.direction == Direction::Forward
    }

    /// Who cannot read what, for reasons.
    fn who(&self) -> (&'static str, &'static str) {
        match self.direction {
            Direction::Backward => ("New readers", "old data"),
            Direction::Forward => ("Old readers", "new data"),
        }
    }

    /// An element from the writer's and the reader's names.
    fn elem(
        &self,
        w_type: Option<&str>,
        r_type: Option<&str>,
        w_member: Option<&str>,
        r_member: Option<&str>,
    ) -> Elem {
        let (old_type, new_type) = self.old_new(w_type, r_type);
        let (old_member, new_member) = self.old_new(w_member, r_member);
        Elem {
            old_type: old_type.map(str::to_string),
            new_type: new_type.map(str::to_string),
            old_member: old_member.map(str::to_string),
            new_member: new_member.map(str::to_string),
        }
    }

    /// Whether the writer's type `w_full` and the reader's `r_full` are a pair of types.
    fn counterparts(&self, w_full: &str, r_full: &str) -> bool {
        let (old, new) = self.old_new(w_full, r_full);
        self.pairs.paired(old, new)
    }
}

/// Which reader field each writer field feeds, and the reverse: by name first, then by the
/// aliases of the reader fields still unmatched (one writer field feeds at most one).
fn pair_fields(w_fields: &[Field], r_fields: &[Field]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut target: Vec<Option<usize>> = vec![None; w_fields.len()];
    let mut source: Vec<Option<usize>> = vec![None; r_fields.len()];
    for (j, rf) in r_fields.iter().enumerate() {
        if let Some(i) = w_fields.iter().position(|wf| wf.name == rf.name) {
            target[i] = Some(j);
            source[j] = Some(i);
        }
    }
    for (j, rf) in r_fields.iter().enumerate() {
        if source[j].is_some() {
            continue;
        }
        let found = rf.aliases.iter().find_map(|alias| {
            w_fields
                .iter()
                .enumerate()
                .position(|(i, wf)| target[i].is_none() && &wf.name == alias)
        });
        if let Some(i) = found {
            target[i] = Some(j);
            source[j] = Some(i);
        }
    }
    (target, source)
}

/// The specification's promotions between unnamed, non-union types (and identity).
fn promotes(w: &Node, r: &Node) -> bool {
    matches!(
        (w, r),
        (Node::Null, Node::Null)
            | (Node::Boolean, Node::Boolean)
            | (
                Node::Int,
                Node::Int | Node::Long | Node::Float | Node::Double
            )
            | (Node::Long, Node::Long | Node::Float | Node::Double)
            | (Node::Float, Node::Float | Node::Double)
            | (Node::Double, Node::Double)
            | (Node::Bytes | Node::String, Node::Bytes | Node::String)
    )
}

/// Whether a field's default (JSON) is a valid value of node `id`, as the resolver checks it
/// before encoding it (a union's default may fit any branch; current specifications pick the
/// first it fits).
fn fits(schema: &Schema, id: NodeId, value: &Json, depth: usize) -> bool {
    const MAX_DEFAULT_DEPTH: usize = 128;
    if depth > MAX_DEFAULT_DEPTH {
        return false;
    }
    let latin1 = |s: &str| s.chars().all(|c| u32::from(c) <= 0xff);
    let float = |v: &Json| match v {
        Json::Number(n) => n.as_f64().is_some(),
        Json::String(s) => matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity"),
        _ => false,
    };
    match (schema.node(id), value) {
        (Node::Null, Json::Null)
        | (Node::Boolean, Json::Bool(_))
        | (Node::String, Json::String(_)) => true,
        (Node::Int, Json::Number(n)) => n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        (Node::Long, Json::Number(n)) => n.as_i64().is_some(),
        (Node::Float | Node::Double, v) => float(v),
        (Node::Bytes, Json::String(s)) => latin1(s),
        (Node::Fixed(f), Json::String(s)) => latin1(s) && s.chars().count() == f.size,
        (Node::Enum(e), Json::String(s)) => e.symbols.contains(s),
        (Node::Array(items), Json::Array(values)) => {
            values.iter().all(|v| fits(schema, *items, v, depth + 1))
        }
        (Node::Map(values), Json::Object(entries)) => entries
            .values()
            .all(|v| fits(schema, *values, v, depth + 1)),
        (Node::Record(record), Json::Object(entries)) => record.fields.iter().all(|field| {
            entries
                .get(&field.name)
                .or(field.default.as_ref())
                .is_some_and(|v| fits(schema, field.schema, v, depth + 1))
        }),
        (Node::Union(branches), v) => branches.iter().any(|&b| fits(schema, b, v, depth + 1)),
        _ => false,
    }
}

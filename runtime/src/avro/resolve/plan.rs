//! Building a resolution plan: the specification's matching rules applied to a pair of schemas,
//! once per pair of nodes.

use std::collections::HashMap;

use super::ResolveError;
use super::default::encode_default;
use crate::avro::schema::{Field, Node, NodeId, Schema};

/// The index of a step in a plan.
pub(super) type StepId = usize;

/// How to read one value of the writer's schema (and write it in the reader's, or skip it).
#[derive(Clone, Debug)]
pub(super) enum Step {
    Null,
    Boolean,
    Int,
    IntToLong,
    IntToFloat,
    IntToDouble,
    Long,
    LongToFloat,
    LongToDouble,
    Float,
    FloatToDouble,
    Double,
    /// `bytes` or `string` to `bytes`.
    Bytes,
    /// `string` or `bytes` to `string`: UTF-8 is checked.
    String,
    Fixed(usize),
    Enum(EnumStep),
    Array {
        items: StepId,
        min_item_size: usize,
    },
    Map {
        values: StepId,
        min_value_size: usize,
    },
    Record(RecordStep),
    /// The writer wrote a union: one plan per writer branch.
    WriterUnion {
        branches: Vec<Branch>,
        /// Whether errors name the branch (not for `["null", T]`-style unions).
        label_branches: bool,
    },
    /// A non-union writer value read as branch `index` of the reader's union.
    ReaderUnion {
        index: usize,
        step: StepId,
    },
    /// Reading this value fails (a failed plan that other plans still refer to).
    Fail(String),
    SkipInt,
    SkipLong,
    SkipBytes,
    SkipFixed(usize),
    SkipEnum(usize),
    SkipArray {
        items: StepId,
        min_item_size: usize,
    },
    SkipMap {
        values: StepId,
        min_value_size: usize,
    },
    SkipRecord(Vec<(String, StepId)>),
    SkipUnion(Vec<(String, StepId)>),
}

#[derive(Clone, Debug)]
pub(super) struct EnumStep {
    pub(super) writer_symbols: Vec<String>,
    /// The reader index for each writer index, the reader's default already applied.
    pub(super) map: Vec<Option<u32>>,
    pub(super) reader_name: String,
}

#[derive(Clone, Debug)]
pub(super) enum Branch {
    Read {
        /// The reader's union branch to write, if the reader has a union.
        reader_index: Option<usize>,
        step: StepId,
        label: String,
    },
    /// The branch cannot be read; the message says why.
    Fail(String),
}

#[derive(Clone, Debug)]
pub(super) enum RecordStep {
    /// The writer's matched fields come in the reader's order: read each writer field, writing
    /// reader-only fields' defaults in between.
    Stream(Vec<RecordOp>),
    /// The fields come in another order: read the writer's fields into the output, then put
    /// them (and the defaults) in the reader's order.
    Reorder {
        /// Per writer field: its name, its plan, and the slot its output goes to.
        fields: Vec<(String, StepId, Option<usize>)>,
        slots: usize,
        pieces: Vec<Piece>,
    },
}

#[derive(Clone, Debug)]
pub(super) enum RecordOp {
    Field { name: String, step: StepId },
    Bytes(Vec<u8>),
}

#[derive(Clone, Debug)]
pub(super) enum Piece {
    Slot(usize),
    Bytes(Vec<u8>),
}

enum Memo {
    Building(StepId),
    Done(StepId),
    Failed(ResolveError),
}

pub(super) struct Builder<'a> {
    writer: &'a Schema,
    reader: &'a Schema,
    steps: Vec<Step>,
    /// Plans by (writer node, reader node), so that recursive schemas are planned once.
    memo: HashMap<(NodeId, NodeId), Memo>,
    /// Skipping plans by writer node.
    skips: HashMap<NodeId, StepId>,
    /// The fewest bytes a value of a writer node takes (`None` while being computed).
    min_sizes: HashMap<NodeId, Option<usize>>,
}

impl<'a> Builder<'a> {
    /// A builder for plans from `writer` to `reader`.
    pub(super) fn new(writer: &'a Schema, reader: &'a Schema) -> Builder<'a> {
        Builder {
            writer,
            reader,
            steps: Vec::new(),
            memo: HashMap::new(),
            skips: HashMap::new(),
            min_sizes: HashMap::new(),
        }
    }

    /// The plans built.
    pub(super) fn into_steps(self) -> Vec<Step> {
        self.steps
    }

    fn push(&mut self, step: Step) -> StepId {
        self.steps.push(step);
        self.steps.len() - 1
    }

    /// The plan for reading writer node `w` as reader node `r`.
    pub(super) fn resolve(&mut self, w: NodeId, r: NodeId) -> Result<StepId, ResolveError> {
        match self.memo.get(&(w, r)) {
            Some(Memo::Building(id) | Memo::Done(id)) => return Ok(*id),
            Some(Memo::Failed(e)) => return Err(e.clone()),
            None => {}
        }
        let id = self.push(Step::Fail("the resolution plan is incomplete".to_owned()));
        self.memo.insert((w, r), Memo::Building(id));
        match self.build(w, r) {
            Ok(step) => {
                self.steps[id] = step;
                self.memo.insert((w, r), Memo::Done(id));
                Ok(id)
            }
            Err(e) => {
                // Plans built meanwhile may refer to this one: they fail when they reach it.
                self.steps[id] = Step::Fail(e.to_string());
                self.memo.insert((w, r), Memo::Failed(e.clone()));
                Err(e)
            }
        }
    }

    fn mismatch(&self, w: NodeId, r: NodeId) -> ResolveError {
        ResolveError::new(format!(
            "reader expects {}, writer has {}",
            self.reader.describe(r),
            self.writer.describe(w)
        ))
    }

    fn build(&mut self, w: NodeId, r: NodeId) -> Result<Step, ResolveError> {
        let (writer, reader) = (self.writer, self.reader);
        match (writer.node(w), reader.node(r)) {
            (Node::Union(w_branches), Node::Union(r_branches)) => {
                let r_branches = r_branches.clone();
                self.writer_union(w_branches, |b, wb| {
                    let Some(index) = b.reader_branch(wb, &r_branches) else {
                        return Err(ResolveError::new(format!(
                            "the reader's union has no branch that matches {}",
                            writer.describe(wb)
                        )));
                    };
                    Ok((Some(index), b.resolve(wb, r_branches[index])?))
                })
            }
            (Node::Union(w_branches), _) => self.writer_union(w_branches, |b, wb| {
                if b.matches(wb, r) {
                    Ok((None, b.resolve(wb, r)?))
                } else {
                    Err(b.mismatch(wb, r))
                }
            }),
            (_, Node::Union(r_branches)) => {
                let Some(index) = self.reader_branch(w, r_branches) else {
                    return Err(ResolveError::new(format!(
                        "the reader's union has no branch that matches {}",
                        writer.describe(w)
                    )));
                };
                let step = self.resolve(w, r_branches[index])?;
                Ok(Step::ReaderUnion { index, step })
            }
            _ => self.non_union(w, r),
        }
    }

    fn writer_union(
        &mut self,
        w_branches: &[NodeId],
        mut branch: impl FnMut(&mut Self, NodeId) -> Result<(Option<usize>, StepId), ResolveError>,
    ) -> Result<Step, ResolveError> {
        let writer = self.writer;
        let mut branches = Vec::with_capacity(w_branches.len());
        let mut failures = Vec::new();
        for (i, &wb) in w_branches.iter().enumerate() {
            branches.push(match branch(self, wb) {
                Ok((reader_index, step)) => Branch::Read {
                    reader_index,
                    step,
                    label: branch_label(writer, wb),
                },
                Err(e) => {
                    let message = format!(
                        "branch {i} ({}) of the writer's union cannot be read: {e}",
                        writer.describe(wb)
                    );
                    failures.push(message.clone());
                    Branch::Fail(message)
                }
            });
        }
        if !w_branches.is_empty() && failures.len() == w_branches.len() {
            return Err(ResolveError::new(failures.join("; ")));
        }
        let non_null = w_branches
            .iter()
            .filter(|&&wb| !matches!(writer.node(wb), Node::Null))
            .count();
        Ok(Step::WriterUnion {
            branches,
            label_branches: non_null > 1,
        })
    }

    /// The reader branch a writer value goes to: the branch of exactly the writer's type if
    /// there is one (the same named type by full name, or the same primitive with the same
    /// logical type), otherwise the first branch that matches, as the specification says.
    /// Preferring the identical branch is what Java and apache-avro do; without it a writer's
    /// `date` would land in a reader's earlier `long` branch, or `bytes` in an earlier `string`
    /// branch, and read back as the wrong variant.
    fn reader_branch(&self, w: NodeId, r_branches: &[NodeId]) -> Option<usize> {
        let exact = r_branches
            .iter()
            .position(|&rb| self.same_type(w, rb) && self.matches(w, rb));
        exact.or_else(|| r_branches.iter().position(|&rb| self.matches(w, rb)))
    }

    /// Whether the writer's and the reader's types are the same type (not just compatible).
    fn same_type(&self, w: NodeId, r: NodeId) -> bool {
        let (wn, rn) = (self.writer.node(w), self.reader.node(r));
        match (wn.name(), rn.name()) {
            (Some(wname), Some(rname)) => wname.fullname() == rname.fullname(),
            (None, None) => {
                wn.kind() == rn.kind() && self.writer.logical_type(w) == self.reader.logical_type(r)
            }
            _ => false,
        }
    }

    /// The specification's *match*: whether the reader can start reading the writer's value as
    /// `r` (for records, enums and fixed types, by name; the contents are resolved afterwards).
    fn matches(&self, w: NodeId, r: NodeId) -> bool {
        let (writer, reader) = (self.writer, self.reader);
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
            (wn, rn) => primitive_step(wn, rn).is_some() && self.decimals_match(w, r),
        }
    }

    fn names_match(&self, w: NodeId, r: NodeId) -> bool {
        let (Some(w_name), Some(r_name)) = (self.writer.node(w).name(), self.reader.node(r).name())
        else {
            return false;
        };
        w_name.name == r_name.name
            || self
                .reader
                .node(r)
                .aliases()
                .iter()
                .any(|alias| alias == w_name)
    }

    /// Two valid decimals match only with the same precision and scale.
    fn decimals_match(&self, w: NodeId, r: NodeId) -> bool {
        match (self.writer.decimal(w), self.reader.decimal(r)) {
            (Some(wd), Some(rd)) => wd == rd,
            _ => true,
        }
    }

    fn non_union(&mut self, w: NodeId, r: NodeId) -> Result<Step, ResolveError> {
        let (writer, reader) = (self.writer, self.reader);
        let (wn, rn) = (writer.node(w), reader.node(r));
        if let (Some(wd), Some(rd)) = (writer.decimal(w), reader.decimal(r))
            && wd != rd
        {
            {
                return Err(ResolveError::new(format!(
                    "reader expects decimal({}, {}), writer has decimal({}, {})",
                    rd.precision, rd.scale, wd.precision, wd.scale
                )));
            }
        }
        match (wn, rn) {
            (Node::Record(wr), Node::Record(rr)) => {
                if !self.names_match(w, r) {
                    return Err(self.mismatch(w, r));
                }
                self.record(&wr.fields, &rr.fields, &rr.name.fullname())
            }
            (Node::Enum(we), Node::Enum(re)) => {
                if !self.names_match(w, r) {
                    return Err(self.mismatch(w, r));
                }
                let default = re
                    .default
                    .as_ref()
                    .and_then(|d| re.symbols.iter().position(|s| s == d));
                let map = we
                    .symbols
                    .iter()
                    .map(|symbol| {
                        re.symbols
                            .iter()
                            .position(|s| s == symbol)
                            .or(default)
                            .and_then(|i| u32::try_from(i).ok())
                    })
                    .collect();
                Ok(Step::Enum(EnumStep {
                    writer_symbols: we.symbols.clone(),
                    map,
                    reader_name: re.name.fullname(),
                }))
            }
            (Node::Fixed(wf), Node::Fixed(rf)) => {
                if !self.names_match(w, r) || wf.size != rf.size {
                    return Err(self.mismatch(w, r));
                }
                Ok(Step::Fixed(wf.size))
            }
            (Node::Array(wi), Node::Array(ri)) => {
                let items = self
                    .resolve(*wi, *ri)
                    .map_err(|e| e.within("array items"))?;
                let min_item_size = self.min_size(*wi);
                Ok(Step::Array {
                    items,
                    min_item_size,
                })
            }
            (Node::Map(wv), Node::Map(rv)) => {
                let values = self.resolve(*wv, *rv).map_err(|e| e.within("map values"))?;
                let min_value_size = self.min_size(*wv);
                Ok(Step::Map {
                    values,
                    min_value_size,
                })
            }
            _ => primitive_step(wn, rn).ok_or_else(|| self.mismatch(w, r)),
        }
    }

    fn record(
        &mut self,
        w_fields: &[Field],
        r_fields: &[Field],
        r_name: &str,
    ) -> Result<Step, ResolveError> {
        // Which reader field each writer field feeds: by name first, then by the aliases of the
        // reader fields still unmatched.
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

        let mut steps = Vec::with_capacity(w_fields.len());
        for (wf, target) in w_fields.iter().zip(&target) {
            let step = match target {
                Some(j) => {
                    let rf = &r_fields[*j];
                    self.resolve(wf.schema, rf.schema)
                        .map_err(|e| e.within(format!("field `{}` of record {r_name}", rf.name)))?
                }
                None => self.skip(wf.schema),
            };
            steps.push(step);
        }
        let mut defaults: Vec<Option<Vec<u8>>> = vec![None; r_fields.len()];
        for (j, rf) in r_fields.iter().enumerate() {
            if source[j].is_some() {
                continue;
            }
            let context = || format!("field `{}` of record {r_name}", rf.name);
            let Some(default) = &rf.default else {
                return Err(ResolveError::new(
                    "the writer's record has no such field and the reader's field has no default",
                )
                .within(context()));
            };
            let mut bytes = Vec::new();
            encode_default(self.reader, rf.schema, default, &mut bytes, 0).map_err(|message| {
                ResolveError::new(format!("the default {default} is not valid: {message}"))
                    .within(context())
            })?;
            defaults[j] = Some(bytes);
        }

        let in_order = target.iter().flatten().is_sorted();
        if in_order {
            let mut ops = Vec::new();
            let mut next = 0;
            let emit_defaults = |ops: &mut Vec<RecordOp>, until: usize, next: &mut usize| {
                let mut bytes = Vec::new();
                for default in defaults
                    .get(*next..until)
                    .unwrap_or_default()
                    .iter()
                    .flatten()
                {
                    bytes.extend_from_slice(default);
                }
                if !bytes.is_empty() {
                    ops.push(RecordOp::Bytes(bytes));
                }
                *next = until;
            };
            for ((wf, step), target) in w_fields.iter().zip(steps).zip(&target) {
                if let Some(j) = target {
                    emit_defaults(&mut ops, *j, &mut next);
                    next = j + 1;
                }
                ops.push(RecordOp::Field {
                    name: wf.name.clone(),
                    step,
                });
            }
            emit_defaults(&mut ops, r_fields.len(), &mut next);
            Ok(Step::Record(RecordStep::Stream(ops)))
        } else {
            let fields = w_fields
                .iter()
                .zip(steps)
                .zip(&target)
                .map(|((wf, step), target)| (wf.name.clone(), step, *target))
                .collect();
            let pieces = (0..r_fields.len())
                .map(|j| match defaults[j].take() {
                    Some(bytes) => Piece::Bytes(bytes),
                    None => Piece::Slot(j),
                })
                .collect();
            Ok(Step::Record(RecordStep::Reorder {
                fields,
                slots: r_fields.len(),
                pieces,
            }))
        }
    }

    /// A plan that reads a writer value and writes nothing.
    fn skip(&mut self, w: NodeId) -> StepId {
        if let Some(&id) = self.skips.get(&w) {
            return id;
        }
        let id = self.push(Step::Null);
        self.skips.insert(w, id);
        let writer = self.writer;
        let step = match writer.node(w) {
            Node::Null => Step::Null,
            Node::Boolean => Step::SkipFixed(1),
            Node::Int => Step::SkipInt,
            Node::Long => Step::SkipLong,
            Node::Float => Step::SkipFixed(4),
            Node::Double => Step::SkipFixed(8),
            Node::Bytes | Node::String => Step::SkipBytes,
            Node::Fixed(f) => Step::SkipFixed(f.size),
            Node::Enum(e) => Step::SkipEnum(e.symbols.len()),
            Node::Array(items) => Step::SkipArray {
                items: self.skip(*items),
                min_item_size: self.min_size(*items),
            },
            Node::Map(values) => Step::SkipMap {
                values: self.skip(*values),
                min_value_size: self.min_size(*values),
            },
            Node::Record(record) => Step::SkipRecord(
                record
                    .fields
                    .iter()
                    .map(|f| (f.name.clone(), self.skip(f.schema)))
                    .collect(),
            ),
            Node::Union(branches) => Step::SkipUnion(
                branches
                    .iter()
                    .map(|&b| (branch_label(writer, b), self.skip(b)))
                    .collect(),
            ),
        };
        self.steps[id] = step;
        id
    }

    /// The fewest bytes a value of writer node `w` takes (a lower bound for recursive types).
    fn min_size(&mut self, w: NodeId) -> usize {
        match self.min_sizes.get(&w) {
            Some(Some(size)) => return *size,
            Some(None) => return 0,
            None => {}
        }
        self.min_sizes.insert(w, None);
        let writer = self.writer;
        let size = match writer.node(w) {
            Node::Null => 0,
            Node::Float => 4,
            Node::Double => 8,
            Node::Fixed(f) => f.size,
            Node::Record(record) => record
                .fields
                .iter()
                .fold(0usize, |sum, f| sum.saturating_add(self.min_size(f.schema))),
            _ => 1,
        };
        self.min_sizes.insert(w, Some(size));
        size
    }
}

/// The plan for two non-union, unnamed types, if the writer's promotes to the reader's.
fn primitive_step(w: &Node, r: &Node) -> Option<Step> {
    Some(match (w, r) {
        (Node::Null, Node::Null) => Step::Null,
        (Node::Boolean, Node::Boolean) => Step::Boolean,
        (Node::Int, Node::Int) => Step::Int,
        (Node::Int, Node::Long) => Step::IntToLong,
        (Node::Int, Node::Float) => Step::IntToFloat,
        (Node::Int, Node::Double) => Step::IntToDouble,
        (Node::Long, Node::Long) => Step::Long,
        (Node::Long, Node::Float) => Step::LongToFloat,
        (Node::Long, Node::Double) => Step::LongToDouble,
        (Node::Float, Node::Float) => Step::Float,
        (Node::Float, Node::Double) => Step::FloatToDouble,
        (Node::Double, Node::Double) => Step::Double,
        (Node::Bytes | Node::String, Node::Bytes) => Step::Bytes,
        (Node::String | Node::Bytes, Node::String) => Step::String,
        _ => return None,
    })
}

/// How a union branch is named in error paths: a named type's full name, else its kind.
fn branch_label(schema: &Schema, id: NodeId) -> String {
    let node = schema.node(id);
    match node.name() {
        Some(name) => name.fullname(),
        None => node.kind().to_owned(),
    }
}

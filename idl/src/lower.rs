//! Lowering: the syntax tree of error-free files to the checked [`Schema`].
//!
//! Runs only after validation found no errors, so every name resolves and every default fits.
//! Should that ever not hold, lowering returns `None` rather than a half-built model.

use std::collections::HashMap;
use std::sync::Arc;

use crate::ast::{self, DeclKind, TypeExpr};
use crate::diagnostics::Diagnostics;
use crate::loader::Loaded;
use crate::model::{
    Enum, EnumValue, Field, FileInfo, Record, Reserved, ReservedRange, Schema, Type, TypeDef,
    TypeId, TypeKind, Union, Variant,
};
use crate::resolve::{Resolution, Resolved};
use crate::source::{FileId, SourceMap};
use crate::validate::attributes::{aliases, deprecation, encoding};
use crate::validate::numbers::{NumberKind, reserved_ranges};
use crate::validate::{Context, evaluate_default};

pub(crate) fn lower(loaded: &Loaded, res: &Resolution, sources: Arc<SourceMap>) -> Option<Schema> {
    let cx = Context { loaded, res };
    let mut types = Vec::with_capacity(res.symbols.len());
    for (id, decl) in cx.decls() {
        let symbol = &res.symbols[id.index()];
        let kind = match &decl.kind {
            DeclKind::Record(r) => TypeKind::Record(Record {
                fields: r
                    .fields
                    .iter()
                    .map(|f| field(&cx, f))
                    .collect::<Option<_>>()?,
                reserved: reserved(&sources, &r.reserved, NumberKind::Field),
            }),
            DeclKind::Union(u) => TypeKind::Union(Union {
                variants: u
                    .variants
                    .iter()
                    .map(|v| variant(&cx, v))
                    .collect::<Option<_>>()?,
                reserved: reserved(&sources, &u.reserved, NumberKind::Field),
            }),
            DeclKind::Enum(e) => TypeKind::Enum(Enum {
                values: e.values.iter().map(enum_value).collect::<Option<_>>()?,
                reserved: reserved(&sources, &e.reserved, NumberKind::EnumValue),
            }),
        };
        types.push(TypeDef {
            id,
            name: decl.name.value.clone(),
            package: symbol.package.clone(),
            docs: decl.docs.text(),
            deprecated: deprecation(&decl.attributes),
            aliases: aliases(&decl.attributes),
            name_span: decl.name.span,
            span: decl.span,
            kind,
        });
    }
    let mut file_types: HashMap<FileId, Vec<TypeId>> = HashMap::new();
    for (i, symbol) in res.symbols.iter().enumerate() {
        file_types
            .entry(symbol.file)
            .or_default()
            .push(TypeId(i as u32));
    }
    let files = loaded
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| FileInfo {
            id: FileId(i as u32),
            package: res.packages[i].clone(),
            package_docs: f.ast.packages.first().and_then(|p| p.docs.text()),
            imports: f.imports.iter().flatten().copied().collect(),
            types: file_types.remove(&FileId(i as u32)).unwrap_or_default(),
            is_input: f.is_input,
        })
        .collect();
    Some(Schema {
        sources,
        files,
        types,
        by_name: res.by_name.clone(),
    })
}

fn ty(cx: &Context<'_>, expr: &TypeExpr) -> Option<Type> {
    Some(match expr {
        TypeExpr::Named(name) => match cx.res.get(name.span)? {
            Resolved::Primitive(p) => Type::Primitive(p),
            Resolved::Type(id) => Type::Named(id),
        },
        TypeExpr::List(inner, _) => Type::List(Box::new(ty(cx, inner)?)),
        TypeExpr::Map(_, value, _) => Type::Map(Box::new(ty(cx, value)?)),
        TypeExpr::Optional(inner, _) => Type::Optional(Box::new(ty(cx, inner)?)),
    })
}

fn field(cx: &Context<'_>, f: &ast::Field) -> Option<Field> {
    let default = match &f.default {
        Some(literal) => Some(crate::source::Spanned::new(
            evaluate_default(cx, &f.ty, literal).ok()?,
            literal.span,
        )),
        None => None,
    };
    Some(Field {
        name: f.name.value.clone(),
        number: u32::try_from(f.number.value).ok()?,
        ty: ty(cx, &f.ty)?,
        default,
        docs: f.docs.text(),
        deprecated: deprecation(&f.attributes),
        aliases: aliases(&f.attributes),
        encoding: encoding(&f.attributes),
        name_span: f.name.span,
        number_span: f.number.span,
        type_span: f.ty.span(),
        span: f.span,
    })
}

fn variant(cx: &Context<'_>, v: &ast::Field) -> Option<Variant> {
    Some(Variant {
        name: v.name.value.clone(),
        number: u32::try_from(v.number.value).ok()?,
        ty: ty(cx, &v.ty)?,
        docs: v.docs.text(),
        deprecated: deprecation(&v.attributes),
        encoding: encoding(&v.attributes),
        name_span: v.name.span,
        number_span: v.number.span,
        type_span: v.ty.span(),
        span: v.span,
    })
}

fn enum_value(v: &ast::EnumValue) -> Option<EnumValue> {
    Some(EnumValue {
        name: v.name.value.clone(),
        number: i32::try_from(v.number.value).ok()?,
        docs: v.docs.text(),
        deprecated: deprecation(&v.attributes),
        encoding: encoding(&v.attributes),
        name_span: v.name.span,
        number_span: v.number.span,
        span: v.span,
    })
}

fn reserved(sources: &SourceMap, statements: &[ast::Reserved], kind: NumberKind) -> Reserved {
    // Validation already reported any problem; the ranges returned here are the valid ones.
    let mut ignored = Diagnostics::new();
    let ranges = reserved_ranges(sources, statements, kind, &mut ignored)
        .into_iter()
        .filter_map(|r| {
            Some(ReservedRange {
                start: i64::try_from(r.start).ok()?,
                end: i64::try_from(r.end).ok()?,
                span: r.span,
            })
        })
        .collect();
    let names = statements
        .iter()
        .flat_map(|s| &s.items)
        .filter_map(|item| match item {
            ast::ReservedItem::Name(name) => Some(name.clone()),
            ast::ReservedItem::Range { .. } => None,
        })
        .collect();
    Reserved { ranges, names }
}

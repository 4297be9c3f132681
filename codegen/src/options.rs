//! Code generation options, in the style of prost-build: map types, extra attributes and extern
//! paths, each selected by a schema path.

use trident_idl::Schema;

use crate::CodegenError;

/// Options for Rust code generation.
///
/// Paths select schema elements by their fully qualified schema names, as prost-build does:
/// `"."` selects everything, `".acme.shop"` a package and everything in it,
/// `".acme.shop.Order"` one type, `".acme.shop.Order.labels"` one field; a path without a
/// leading dot matches by suffix (`"Order.labels"`, `"labels"`).
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    pub(crate) btree_map: Vec<String>,
    pub(crate) type_attributes: Vec<(String, String)>,
    pub(crate) field_attributes: Vec<(String, String)>,
    pub(crate) extern_paths: Vec<(String, String)>,
}

impl Options {
    /// Default options: `HashMap` for maps, no extra attributes, no extern paths.
    pub fn new() -> Options {
        Options::default()
    }

    /// Generates `BTreeMap` instead of `HashMap` for the map fields the paths select.
    pub fn btree_map<I, S>(mut self, paths: I) -> Options
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.btree_map.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Adds an attribute (such as `#[derive(Hash)]`) to the types the path selects.
    pub fn type_attribute(
        mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> Options {
        self.type_attributes.push((path.into(), attribute.into()));
        self
    }

    /// Adds an attribute to the record fields the path selects.
    pub fn field_attribute(
        mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> Options {
        self.field_attributes.push((path.into(), attribute.into()));
        self
    }

    /// Uses types generated elsewhere: the types the schema path selects (a package or a type)
    /// are not generated, and references to them use `rust_path` (for a package, the module that
    /// holds its types; for a type, the type itself), such as `::common::acme::common`.
    pub fn extern_path(
        mut self,
        schema_path: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> Options {
        self.extern_paths
            .push((schema_path.into(), rust_path.into()));
        self
    }

    pub(crate) fn uses_btree_map(&self, field_full_name: &str) -> bool {
        self.btree_map.iter().any(|p| matches(p, field_full_name))
    }

    pub(crate) fn type_attributes(
        &self,
        full_name: &str,
    ) -> Result<Vec<syn::Attribute>, CodegenError> {
        attributes(&self.type_attributes, full_name)
    }

    pub(crate) fn field_attributes(
        &self,
        full_name: &str,
    ) -> Result<Vec<syn::Attribute>, CodegenError> {
        attributes(&self.field_attributes, full_name)
    }

    /// The Rust path of a type generated elsewhere, if an extern path covers it.
    pub(crate) fn extern_type(
        &self,
        schema: &Schema,
        full_name: &str,
    ) -> Result<Option<syn::Path>, CodegenError> {
        let dotted = format!(".{full_name}");
        let best = self
            .extern_paths
            .iter()
            .filter(|(p, _)| dotted == *p || dotted.starts_with(&format!("{p}.")))
            .max_by_key(|(p, _)| p.len());
        let Some((schema_path, rust_path)) = best else {
            return Ok(None);
        };
        let mut path = rust_path.clone();
        if dotted != *schema_path {
            let ty = schema
                .lookup(full_name)
                .map(|t| crate::names::camel(&t.name))
                .unwrap_or_default();
            path = format!("{path}::{ty}");
        }
        syn::parse_str::<syn::Path>(&path)
            .map(Some)
            .map_err(|e| CodegenError::InvalidOption {
                option: "extern_path",
                value: rust_path.clone(),
                reason: e.to_string(),
            })
    }
}

/// Whether a path selects the element with the given full name.
pub(crate) fn matches(path: &str, full_name: &str) -> bool {
    let dotted = format!(".{full_name}");
    if path == "." {
        return true;
    }
    if path.starts_with('.') {
        dotted == path || dotted.starts_with(&format!("{path}."))
    } else {
        dotted.ends_with(&format!(".{path}"))
    }
}

fn attributes(
    list: &[(String, String)],
    full_name: &str,
) -> Result<Vec<syn::Attribute>, CodegenError> {
    let mut out = Vec::new();
    for (path, text) in list {
        if !matches(path, full_name) {
            continue;
        }
        let parsed =
            syn::parse::Parser::parse_str(syn::Attribute::parse_outer, text).map_err(|e| {
                CodegenError::InvalidOption {
                    option: "attribute",
                    value: text.clone(),
                    reason: e.to_string(),
                }
            })?;
        out.extend(parsed);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_like_prost_build() {
        assert!(matches(".", "a.b.C"));
        assert!(matches(".a.b", "a.b.C.f"));
        assert!(!matches(".a.b", "a.bc.C"));
        assert!(matches(".a.b.C", "a.b.C"));
        assert!(matches("C.f", "a.b.C.f"));
        assert!(matches("f", "a.b.C.f"));
        assert!(!matches("f", "a.b.C.ff"));
    }
}

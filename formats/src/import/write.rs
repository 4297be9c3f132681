//! Printing `.tri` declarations: one file per package, with the imports its types need.

use std::collections::{BTreeMap, BTreeSet};

use super::convert::{Decl, DeclKind, Member, TriType, string_literal};

/// The `.tri` files of the declarations, sorted by path.
pub(super) fn files(decls: &[Decl], header: &str) -> Vec<(String, String)> {
    let mut packages: BTreeMap<&str, Vec<&Decl>> = BTreeMap::new();
    for decl in decls {
        packages.entry(&decl.package).or_default().push(decl);
    }
    let mut out: Vec<(String, String)> = packages
        .iter()
        .map(|(package, decls)| (file_path(package), file(package, decls, header)))
        .collect();
    out.sort();
    out
}

/// `acme/shop.tri` for `acme.shop`.
fn file_path(package: &str) -> String {
    format!("{}.tri", package.replace('.', "/"))
}

/// The import path of `to`'s file from `from`'s file (both package names).
fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('.').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('.').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from_dirs.len() - common];
    parts.extend(to_parts[common..].iter().map(|p| p.to_string()));
    format!("{}.tri", parts.join("/"))
}

fn file(package: &str, decls: &[&Decl], header: &str) -> String {
    let mut out = format!("// {header}\n\npackage {package};\n");
    let mut used = BTreeSet::new();
    for decl in decls {
        match &decl.kind {
            DeclKind::Record(members) | DeclKind::Union(members) => {
                for member in members {
                    packages_of(&member.ty, &mut used);
                }
            }
            DeclKind::Enum(_) => {}
        }
    }
    used.remove(package);
    if !used.is_empty() {
        out.push('\n');
        for other in &used {
            out.push_str(&format!("import \"{}\";\n", relative(package, other)));
        }
    }
    for decl in decls {
        out.push('\n');
        docs(&mut out, decl.docs.as_deref(), "");
        aliases(&mut out, &decl.aliases, "");
        deprecated(&mut out, decl.deprecated, "");
        match &decl.kind {
            DeclKind::Record(fields) => {
                out.push_str(&format!("record {} {{\n", decl.name));
                members(&mut out, fields, package);
            }
            DeclKind::Union(variants) => {
                out.push_str(&format!("union {} {{\n", decl.name));
                members(&mut out, variants, package);
            }
            DeclKind::Enum(symbols) => {
                out.push_str(&format!("enum {} {{\n", decl.name));
                for (i, symbol) in symbols.iter().enumerate() {
                    docs(&mut out, symbol.docs.as_deref(), "    ");
                    deprecated(&mut out, symbol.deprecated, "    ");
                    let number = symbol
                        .number
                        .unwrap_or_else(|| i32::try_from(i).unwrap_or(i32::MAX));
                    out.push_str(&format!("    {} = {number};\n", symbol.name));
                }
            }
        }
        if !decl.reserved.is_empty() {
            out.push_str(&format!("    reserved {};\n", decl.reserved.join(", ")));
        }
        out.push_str("}\n");
    }
    out
}

fn deprecated(out: &mut String, deprecated: bool, indent: &str) {
    if deprecated {
        out.push_str(&format!("{indent}#[deprecated]\n"));
    }
}

fn members(out: &mut String, members: &[Member], package: &str) {
    for (i, member) in members.iter().enumerate() {
        docs(out, member.docs.as_deref(), "    ");
        aliases(out, &member.aliases, "    ");
        deprecated(out, member.deprecated, "    ");
        if let Some(encoding) = member.encoding {
            out.push_str(&format!("    #[proto(encoding = \"{encoding}\")]\n"));
        }
        let number = member
            .number
            .unwrap_or_else(|| u32::try_from(i + 1).unwrap_or(u32::MAX));
        out.push_str(&format!(
            "    {} @{number}: {}",
            member.name,
            type_text(&member.ty, package)
        ));
        if let Some(default) = &member.default {
            out.push_str(&format!(" = {default}"));
        }
        out.push_str(";\n");
    }
}

fn docs(out: &mut String, docs: Option<&str>, indent: &str) {
    let Some(docs) = docs else {
        return;
    };
    for line in docs.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(&format!("{indent}///\n"));
        } else {
            out.push_str(&format!("{indent}/// {line}\n"));
        }
    }
}

fn aliases(out: &mut String, aliases: &[String], indent: &str) {
    if aliases.is_empty() {
        return;
    }
    let list: Vec<String> = aliases.iter().map(|a| string_literal(a)).collect();
    out.push_str(&format!("{indent}#[alias({})]\n", list.join(", ")));
}

fn packages_of(ty: &TriType, used: &mut BTreeSet<String>) {
    match ty {
        TriType::Builtin(_) => {}
        TriType::Named(full) => {
            if let Some((package, _)) = full.rsplit_once('.') {
                used.insert(package.to_string());
            }
        }
        TriType::List(inner) | TriType::Map(inner) | TriType::Optional(inner) => {
            packages_of(inner, used);
        }
    }
}

/// The type as written in `package`: declared types of the package by simple name.
fn type_text(ty: &TriType, package: &str) -> String {
    match ty {
        TriType::Builtin(b) => (*b).to_string(),
        TriType::Named(full) => match full.rsplit_once('.') {
            Some((p, name)) if p == package => name.to_string(),
            _ => full.clone(),
        },
        TriType::List(inner) => format!("list<{}>", type_text(inner, package)),
        TriType::Map(inner) => format!("map<string, {}>", type_text(inner, package)),
        TriType::Optional(inner) => format!("optional<{}>", type_text(inner, package)),
    }
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn import_paths_are_relative_to_the_importing_file() {
        assert_eq!(relative("acme.shop", "acme.common"), "common.tri");
        assert_eq!(relative("acme.shop", "acme"), "../acme.tri");
        assert_eq!(relative("acme", "acme.shop"), "acme/shop.tri");
        assert_eq!(relative("a.b.c", "x.y"), "../../x/y.tri");
    }
}

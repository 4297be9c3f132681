//! Each file declares exactly one package, before anything else.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::Span;

use super::Context;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    for file in &cx.loaded.files {
        let ast = &file.ast;
        if !file.readable || (file.has_syntax_errors && ast.packages.is_empty()) {
            continue; // Unread, or the declaration may be in the part that did not parse.
        }
        match ast.packages.as_slice() {
            [] => {
                let first_item = ast.imports.first().map(|i| i.span);
                // A declaration is marked from its keyword to its name: `record Order`.
                let first_item = first_item.or_else(|| {
                    ast.decls.first().map(|d| Span {
                        end: d.name.span.end,
                        ..d.span
                    })
                });
                diagnostics.push(
                    Diagnostic::new(
                        Code::Package,
                        "file has no package declaration",
                        first_item.unwrap_or(Span::new(ast.id, 0, 0)),
                        "expected `package` before this",
                    )
                    .with_help("start the file with `package name.space;`"),
                );
            }
            [first, rest @ ..] => {
                for again in rest {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::Package,
                            "file declares its package more than once",
                            again.span,
                            "second package declaration",
                        )
                        .with_label(first.name.span, "first declared here")
                        .with_help(
                            "a file belongs to exactly one package; remove this declaration",
                        ),
                    );
                }
                if let Some(span) = ast.package_after_items {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::Package,
                            "the package declaration must come before imports and declarations",
                            span,
                            "too late",
                        )
                        .with_help("move it to the top of the file"),
                    );
                }
            }
        }
    }
}

//! Writer schemas for `avro_resolve`: a generated type's Avro schema changed by mutations the
//! input chooses, the way a schema evolves between versions (fields added, removed, reordered
//! and renamed; numbers narrowed and `string`/`bytes` swapped; unions widened, narrowed and
//! reordered; enum symbols added, removed and moved; types renamed, to their aliases or not).
//! Most results are schemas that resolve against the reader's in some interesting way; the
//! others are rejected when the decoder is made, which the target also exercises.

use serde_json::{Map, Value, json};

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// The bytes one mutation takes: what to do, where, and a choice.
pub const MUTATION_LEN: usize = 3;

/// Applies one mutation per [`MUTATION_LEN`] bytes of `ops` to `schema` (Avro schema JSON).
pub fn mutate(schema: &mut Value, ops: &[u8]) {
    for op in ops.chunks_exact(MUTATION_LEN) {
        apply(schema, op[0], usize::from(op[1]), usize::from(op[2]));
    }
}

/// JSON pointers to every place a type stands in `value`: the root, field types, array items,
/// map values and union branches.
fn type_sites(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Array(branches) => {
            for (i, branch) in branches.iter().enumerate() {
                type_sites(branch, format!("{at}/{i}"), out);
            }
        }
        Value::Object(object) => match object.get("type").and_then(Value::as_str) {
            Some("record" | "error") => {
                if let Some(Value::Array(fields)) = object.get("fields") {
                    for (i, field) in fields.iter().enumerate() {
                        if let Some(ty) = field.get("type") {
                            type_sites(ty, format!("{at}/fields/{i}/type"), out);
                        }
                    }
                }
            }
            Some("array") => {
                if let Some(items) = object.get("items") {
                    type_sites(items, format!("{at}/items"), out);
                }
            }
            Some("map") => {
                if let Some(values) = object.get("values") {
                    type_sites(values, format!("{at}/values"), out);
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// The `n`th (modulo their number) type site whose value passes `accept`.
fn pick(root: &mut Value, n: usize, accept: impl Fn(&Value) -> bool) -> Option<&mut Value> {
    let mut sites = Vec::new();
    type_sites(root, String::new(), &mut sites);
    let matching: Vec<&String> = sites
        .iter()
        .filter(|s| root.pointer(s).is_some_and(&accept))
        .collect();
    let site = matching.get(n % matching.len().max(1))?.to_string();
    root.pointer_mut(&site)
}

fn kind(value: &Value) -> Option<&str> {
    match value {
        Value::String(name) => Some(name),
        Value::Object(object) => object.get("type").and_then(Value::as_str),
        _ => None,
    }
}

fn is_kind(value: &Value, kinds: &[&str]) -> bool {
    kind(value).is_some_and(|k| kinds.contains(&k))
}

fn apply(root: &mut Value, op: u8, site: usize, choice: usize) {
    match op % 12 {
        0 => narrow(root, site, choice),
        1 => {
            if let Some(node) = pick(root, site, |_| true) {
                *node = json!(PRIMITIVES[choice % PRIMITIVES.len()]);
            }
        }
        2 => {
            if let Some(node) = pick(root, site, |v| !v.is_array()) {
                let other = json!(PRIMITIVES[choice / 2 % PRIMITIVES.len()]);
                let inner = node.take();
                *node = if choice.is_multiple_of(2) {
                    json!([other, inner])
                } else {
                    json!([inner, other])
                };
            }
        }
        3 => {
            if let Some(Value::Array(branches)) = pick(root, site, Value::is_array)
                && !branches.is_empty()
            {
                let branch = branches.swap_remove(choice % branches.len());
                *branches = vec![branch];
            }
        }
        4 => {
            if let Some(Value::Array(branches)) = pick(root, site, Value::is_array)
                && branches.len() > 1
            {
                let i = choice % branches.len();
                let j = (i + 1) % branches.len();
                branches.swap(i, j);
            }
        }
        5 => {
            if let Some(Value::Array(branches)) = pick(root, site, Value::is_array)
                && branches.len() > 1
            {
                branches.remove(choice % branches.len());
            }
        }
        6..=9 => record(root, op % 12, site, choice),
        10 => enumeration(root, site, choice),
        _ => rename_or_reshape(root, site, choice),
    }
}

/// Makes a type narrower, or swaps `string` and `bytes`: the writer's side of a promotion.
fn narrow(root: &mut Value, site: usize, choice: usize) {
    let Some(node) = pick(root, site, |v| {
        is_kind(v, &["int", "long", "float", "double", "bytes", "string"])
    }) else {
        return;
    };
    let logical = node.get("logicalType").is_some();
    let options: &[&str] = match kind(node) {
        Some("long") => &["int", "long"],
        Some("float") => &["int", "long"],
        Some("double") => &["int", "long", "float"],
        Some("bytes") => &["string"],
        Some("string") => &["bytes", "string"],
        Some("int") => &["int"],
        _ => return,
    };
    // Keeping the same primitive drops the logical type, if there was one.
    if logical || options.len() > 1 {
        *node = json!(options[choice % options.len()]);
    }
}

fn fields(node: &mut Value) -> Option<&mut Vec<Value>> {
    node.get_mut("fields").and_then(Value::as_array_mut)
}

/// Record mutations: remove, swap, add or rename a field.
fn record(root: &mut Value, op: u8, site: usize, choice: usize) {
    let Some(node) = pick(root, site, |v| is_kind(v, &["record"]) && v.is_object()) else {
        return;
    };
    let Some(fields) = fields(node) else { return };
    let len = fields.len();
    match op {
        6 if len > 0 => {
            fields.remove(choice % len);
        }
        7 if len > 1 => {
            let i = choice % len;
            fields.swap(i, (i + 1) % len);
        }
        8 => {
            let ty = PRIMITIVES[choice % PRIMITIVES.len()];
            let field = json!({"name": format!("added_{choice}"), "type": ty});
            fields.insert(choice % (len + 1), field);
        }
        9 if len > 0 => {
            let i = choice % len;
            // Either a name the reader lacks or another field's name (a duplicate, which the
            // schema parser must reject).
            let name = if choice.is_multiple_of(3) {
                fields[(i + 1) % len]["name"].clone()
            } else {
                json!(format!("renamed_{choice}"))
            };
            fields[i]["name"] = name;
        }
        _ => {}
    }
}

/// Enum mutations: remove, add or move a symbol, or drop the default.
fn enumeration(root: &mut Value, site: usize, choice: usize) {
    let Some(Value::Object(node)) = pick(root, site, |v| is_kind(v, &["enum"]) && v.is_object())
    else {
        return;
    };
    if choice % 4 == 3 {
        node.remove("default");
        return;
    }
    let Some(Value::Array(symbols)) = node.get_mut("symbols") else {
        return;
    };
    let len = symbols.len();
    let i = choice / 4;
    match choice % 4 {
        0 if len > 0 => {
            symbols.remove(i % len);
        }
        1 => symbols.insert(i % (len + 1), json!(format!("ADDED_{i}"))),
        2 if len > 1 => symbols.swap(i % len, (i + 1) % len),
        _ => {}
    }
}

/// Renames a named type (to one of its aliases when it has some), or turns an array into a map
/// and back.
fn rename_or_reshape(root: &mut Value, site: usize, choice: usize) {
    let Some(Value::Object(node)) = pick(root, site, |v| {
        is_kind(v, &["record", "enum", "fixed", "array", "map"]) && v.is_object()
    }) else {
        return;
    };
    match node.get("type").and_then(Value::as_str) {
        Some("array") => reshape(node, "items", "map", "values"),
        Some("map") => reshape(node, "values", "array", "items"),
        _ => {
            let alias = node
                .get("aliases")
                .and_then(Value::as_array)
                .and_then(|a| a.get(choice % a.len().max(1)))
                .cloned();
            let name = match alias {
                Some(alias) if choice.is_multiple_of(2) => alias,
                _ => json!(format!("Renamed{choice}")),
            };
            node.insert("name".to_string(), name);
        }
    }
}

fn reshape(node: &mut Map<String, Value>, from: &str, kind: &str, to: &str) {
    if let Some(inner) = node.remove(from) {
        node.insert("type".to_string(), json!(kind));
        node.insert(to.to_string(), inner);
    }
}

//! The three datasets, generated deterministically as Trident values; every peer gets these same
//! values, converted outside the timed loops.

use crate::generated::ours::bench::{log, mesh, tree};
use crate::rng::Rng;

/// The seed every dataset starts from.
pub const SEED: u64 = 0x5EED_7121_DE47_0001;

const USERIDS: &[&str] = &[
    "-", "alice", "bob", "carmen", "deshawn", "eiko", "fatima", "gustav", "hana", "ivan",
];
const MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const ROUTES: &[&str] = &[
    "/",
    "/index.html",
    "/api/v1/orders",
    "/api/v1/users/me",
    "/static/app.js",
    "/images/logo.png",
    "/search?q=trident",
];
const PROTOCOLS: &[&str] = &["HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0"];
const CODES: &[i32] = &[
    100, 101, 200, 201, 202, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 406,
    408, 409, 410, 411, 412, 413, 414, 415, 416, 418, 421, 422, 425, 426, 428, 429, 431, 451, 500,
    501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
];
const REFERRERS: &[&str] = &[
    "https://www.example.com/",
    "https://search.example.org/?q=serialization",
    "https://news.example.net/articles/2026/11/rust",
];
const TAGS: &[&str] = &["bot", "mobile", "cached", "slow", "retry", "tls13"];

/// `count` access-log lines.
pub fn logs(count: usize) -> log::Logs {
    let mut rng = Rng::new(SEED);
    let methods = [
        (log::Method::Get, "GET"),
        (log::Method::Post, "POST"),
        (log::Method::Put, "PUT"),
        (log::Method::Delete, "DELETE"),
        (log::Method::Head, "HEAD"),
    ];
    let logs = (0..count)
        .map(|_| {
            let (method, method_name) = *rng.pick(&methods);
            let offset = rng.below(25) as i64 - 12;
            log::Log {
                address: log::Address {
                    x0: rng.below(256) as i32,
                    x1: rng.below(256) as i32,
                    x2: rng.below(256) as i32,
                    x3: rng.below(256) as i32,
                },
                identity: "-".to_string(),
                userid: rng.pick(USERIDS).to_string(),
                date: format!(
                    "{}/{}/{}:{:02}:{:02}:{:02} {}{:02}00",
                    1 + rng.below(28),
                    rng.pick(MONTHS),
                    1995 + rng.below(32),
                    rng.below(24),
                    rng.below(60),
                    rng.below(60),
                    if offset < 0 { '-' } else { '+' },
                    offset.abs()
                ),
                request: format!("{method_name} {} {}", rng.pick(ROUTES), rng.pick(PROTOCOLS)),
                code: *rng.pick(CODES),
                size: rng.below(100_000_000) as i64,
                method,
                referrer: (rng.below(3) == 0).then(|| rng.pick(REFERRERS).to_string()),
                tags: (0..rng.below(4))
                    .map(|_| rng.pick(TAGS).to_string())
                    .collect(),
            }
        })
        .collect();
    log::Logs { logs }
}

/// `count` triangles with random coordinates.
pub fn mesh(count: usize) -> mesh::Mesh {
    let mut rng = Rng::new(SEED);
    let mut vector = || mesh::Vector3 {
        x: rng.unit_f32() * 200.0 - 100.0,
        y: rng.unit_f32() * 200.0 - 100.0,
        z: rng.unit_f32() * 200.0 - 100.0,
    };
    let triangles = (0..count)
        .map(|_| mesh::Triangle {
            v0: vector(),
            v1: vector(),
            v2: vector(),
            normal: vector(),
        })
        .collect();
    mesh::Mesh { triangles }
}

/// A complete tree: a root, and `fan_out` children under every node down to `depth` levels
/// below the root.
pub fn tree(depth: u32, fan_out: usize) -> tree::Node {
    fn node(rng: &mut Rng, next_id: &mut i64, depth: u32, fan_out: usize) -> tree::Node {
        let id = *next_id;
        *next_id += 1;
        let children = if depth == 0 {
            Vec::new()
        } else {
            (0..fan_out)
                .map(|_| node(rng, next_id, depth - 1, fan_out))
                .collect()
        };
        tree::Node {
            id,
            name: format!("node-{id}-{}", rng.below(1000)),
            weight: rng.unit_f64() * 100.0,
            children,
        }
    }
    let mut rng = Rng::new(SEED);
    node(&mut rng, &mut 1, depth, fan_out)
}

/// The number of nodes of a tree.
pub fn node_count(node: &tree::Node) -> usize {
    1 + node.children.iter().map(node_count).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasets_are_deterministic_and_sized() {
        assert_eq!(logs(50), logs(50));
        assert_eq!(logs(2000).logs.len(), 2000);
        assert_eq!(mesh(20).triangles.len(), 20);
        let t = tree(12, 2);
        assert_eq!(node_count(&t), (1 << 13) - 1);
        assert_eq!(t, tree(12, 2));
    }
}

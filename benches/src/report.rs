//! The benchmark report: criterion's measurements of one run, read back from its output folder,
//! turned into one Markdown table per dataset (time and throughput per codec, and how many times
//! faster each Trident codec is than each peer) and a table of sizes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::dataset::Sizes;

/// The codecs measured, as `{dataset}/{encode|decode}/{id}`, with the name the report shows.
pub const PEERS: &[(&str, &str)] = &[
    ("trident_protobuf", "Trident Protobuf"),
    ("prost", "prost"),
    ("trident_avro", "Trident Avro"),
    ("apache_avro_serde", "apache-avro (serde)"),
    ("apache_avro_value", "apache-avro (Value)"),
    ("trident_json", "Trident JSON"),
    ("serde_json", "serde_json"),
];

/// Trident's codecs, the rows of the ratio table.
const OURS: &[&str] = &["trident_protobuf", "trident_avro", "trident_json"];

/// The other codecs, the columns of the ratio table.
const OTHERS: &[&str] = &[
    "prost",
    "apache_avro_serde",
    "apache_avro_value",
    "serde_json",
];

/// One benchmark's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// `log/encode/prost`.
    pub id: String,
    /// The median time of one iteration, in nanoseconds.
    pub ns: f64,
    /// Messages per iteration.
    pub elements: u64,
    /// The format's bytes per iteration.
    pub bytes: u64,
}

/// What the report says about a dataset besides the times.
#[derive(Clone, Debug)]
pub struct DatasetInfo {
    /// `log`.
    pub name: &'static str,
    /// `log line`.
    pub unit: &'static str,
    /// Messages in the dataset.
    pub count: usize,
    /// Bytes of each format.
    pub sizes: Sizes,
}

/// Where criterion writes its results: `$CRITERION_HOME`, or `criterion` in the target folder
/// (`$CARGO_TARGET_DIR`, or the one this benchmark executable was built in).
pub fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    // The executable is `<target>/<profile>/deps/<name>`.
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.join("criterion")))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// The measurements criterion wrote under `dir` since `since` (so results of earlier runs that
/// this run did not repeat are left out).
pub fn read_measurements(dir: &Path, since: SystemTime) -> Vec<Measurement> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "new") {
                    if let Some(m) = read_one(&path, since) {
                        found.push(m);
                    }
                } else {
                    stack.push(path);
                }
            }
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found
}

fn read_one(new: &Path, since: SystemTime) -> Option<Measurement> {
    let estimates = new.join("estimates.json");
    let modified = std::fs::metadata(&estimates).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let benchmark: serde_json::Value =
        serde_json::from_slice(&std::fs::read(new.join("benchmark.json")).ok()?).ok()?;
    let estimates: serde_json::Value =
        serde_json::from_slice(&std::fs::read(estimates).ok()?).ok()?;
    let throughput = &benchmark["throughput"]["ElementsAndBytes"];
    Some(Measurement {
        id: benchmark["full_id"].as_str()?.to_string(),
        ns: estimates["median"]["point_estimate"].as_f64()?,
        elements: throughput["elements"].as_u64()?,
        bytes: throughput["bytes"].as_u64()?,
    })
}

fn find<'a>(
    all: &'a [Measurement],
    dataset: &str,
    op: &str,
    peer: &str,
) -> Option<&'a Measurement> {
    let id = format!("{dataset}/{op}/{peer}");
    all.iter().find(|m| m.id == id)
}

fn per_message(m: Option<&Measurement>) -> String {
    m.map_or("–".to_string(), |m| {
        format_number(m.ns / m.elements as f64)
    })
}

fn throughput(m: Option<&Measurement>) -> String {
    // MB/s: bytes per iteration over seconds per iteration, in millions.
    m.map_or("–".to_string(), |m| {
        format!("{:.0}", m.bytes as f64 / m.ns * 1e9 / 1e6)
    })
}

/// Three significant digits: `1234`, `56.7`, `8.90`.
fn format_number(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// `Trident codec time / peer time` as "×N faster" (above 1) or "N× slower".
fn ratio(ours: Option<&Measurement>, peer: Option<&Measurement>) -> String {
    match (ours, peer) {
        (Some(o), Some(p)) if o.ns > 0.0 => format!("{:.2}×", p.ns / o.ns),
        _ => "–".to_string(),
    }
}

/// The Markdown report of one run.
pub fn markdown(datasets: &[DatasetInfo], all: &[Measurement]) -> String {
    let mut out = String::new();
    for d in datasets {
        let _ = writeln!(
            out,
            "### `{}`: {} {}s in one message\n",
            d.name,
            group_digits(d.count),
            d.unit
        );
        let _ = writeln!(
            out,
            "| codec | encode ns/{unit} | encode MB/s | decode ns/{unit} | decode MB/s | bytes/{unit} |",
            unit = d.unit
        );
        let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|");
        for (peer, shown) in PEERS {
            let encode = find(all, d.name, "encode", peer);
            let decode = find(all, d.name, "decode", peer);
            if encode.is_none() && decode.is_none() {
                continue;
            }
            let bytes = encode.or(decode).map_or("–".to_string(), |m| {
                format_number(m.bytes as f64 / d.count as f64)
            });
            let _ = writeln!(
                out,
                "| {shown} | {} | {} | {} | {} | {bytes} |",
                per_message(encode),
                throughput(encode),
                per_message(decode),
                throughput(decode),
            );
        }
        let _ = writeln!(
            out,
            "\nHow many times faster each Trident codec is than each peer (encode / decode; above 1 \
             is faster):\n"
        );
        let header: Vec<&str> = OTHERS.iter().map(|p| shown(p)).collect();
        let _ = writeln!(out, "| | {} |", header.join(" | "));
        let _ = writeln!(out, "|---|{}", "--:|".repeat(OTHERS.len()));
        for ours in OURS {
            let cells: Vec<String> = OTHERS
                .iter()
                .map(|peer| {
                    format!(
                        "{} / {}",
                        ratio(
                            find(all, d.name, "encode", ours),
                            find(all, d.name, "encode", peer)
                        ),
                        ratio(
                            find(all, d.name, "decode", ours),
                            find(all, d.name, "decode", peer)
                        )
                    )
                })
                .collect();
            let _ = writeln!(out, "| {} | {} |", shown(ours), cells.join(" | "));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "### Size: bytes per message (gzip of the whole dataset in parentheses)\n"
    );
    let _ = writeln!(out, "| dataset | JSON | Protobuf | Avro | Avro / JSON |");
    let _ = writeln!(out, "|---|--:|--:|--:|--:|");
    for d in datasets {
        let cell = |format: &str| {
            d.sizes
                .formats
                .iter()
                .find(|(f, _, _)| *f == format)
                .map_or("–".to_string(), |(_, plain, gzip)| {
                    format!(
                        "{} ({})",
                        format_number(*plain as f64 / d.count as f64),
                        format_number(*gzip as f64 / d.count as f64)
                    )
                })
        };
        let bytes = |format: &str| {
            d.sizes
                .formats
                .iter()
                .find(|(f, _, _)| *f == format)
                .map(|(_, plain, _)| *plain as f64)
        };
        let share = match (bytes("Avro"), bytes("JSON")) {
            (Some(a), Some(j)) if j > 0.0 => format!("{:.0}%", a / j * 100.0),
            _ => "–".to_string(),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {share} |",
            d.name,
            cell("JSON"),
            cell("Protobuf"),
            cell("Avro")
        );
    }
    out
}

fn shown(peer: &str) -> &str {
    PEERS
        .iter()
        .find(|(id, _)| *id == peer)
        .map_or(peer, |(_, shown)| shown)
}

/// `12345` as `12,345`.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, path: &str, text: &str) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn reads_criterion_output_and_writes_tables() {
        let dir = std::env::temp_dir().join(format!("trident-report-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let since = SystemTime::now() - std::time::Duration::from_secs(5);
        for (peer, ns) in [("trident_protobuf", 50_000.0), ("prost", 100_000.0)] {
            for op in ["encode", "decode"] {
                write(
                    &dir,
                    &format!("log_{op}/{peer}/new/benchmark.json"),
                    &format!(
                        r#"{{"full_id":"log/{op}/{peer}","throughput":{{"ElementsAndBytes":{{"elements":1000,"bytes":88000}}}}}}"#
                    ),
                );
                write(
                    &dir,
                    &format!("log_{op}/{peer}/new/estimates.json"),
                    &format!(r#"{{"median":{{"point_estimate":{ns}}}}}"#),
                );
            }
        }
        let all = read_measurements(&dir, since);
        assert_eq!(all.len(), 4);
        let info = DatasetInfo {
            name: "log",
            unit: "log line",
            count: 1000,
            sizes: Sizes {
                formats: vec![
                    ("JSON", 200_000, 30_000),
                    ("Protobuf", 88_000, 25_000),
                    ("Avro", 75_000, 24_000),
                ],
            },
        };
        let text = markdown(&[info], &all);
        // 50 µs for 1000 lines: 50 ns per line, 88 kB in 50 µs: 1760 MB/s.
        assert!(
            text.contains("| Trident Protobuf | 50.0 | 1760 | 50.0 | 1760 | 88.0 |"),
            "{text}"
        );
        assert!(
            text.contains("| Trident Protobuf | 2.00× / 2.00× | – / – |"),
            "{text}"
        );
        assert!(
            text.contains("| `log` | 200 (30.0) | 88.0 (25.0) | 75.0 (24.0) | 38% |"),
            "{text}"
        );
        // Results older than the run are ignored.
        assert!(
            read_measurements(&dir, SystemTime::now() + std::time::Duration::from_secs(60))
                .is_empty()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits(8191), "8,191");
        assert_eq!(group_digits(20_000), "20,000");
        assert_eq!(group_digits(12), "12");
    }
}

//! The layout's rules (docs/architecture.md), checked on the source itself: which top-level
//! module may use which, that use cases never reach past the store port, and that no file grows
//! past 600 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            out.push((path, text));
        }
    }
    out
}

/// The top-level module of a file (`mail_in` for src/mail_in/notes/mod.rs); `None` for lib.rs
/// and the binaries.
fn top_module(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "bin").then_some(name)
}

/// The code of a file without comment lines.
fn code(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules each top-level module uses through `crate::` paths.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = sources(&src())
        .iter()
        .filter_map(|(p, _)| top_module(p))
        .collect();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources(&src()) {
        let Some(from) = top_module(&path) else {
            continue;
        };
        let code = code(&text);
        let mut named: Vec<String> = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                named.extend(
                    group
                        .split(',')
                        .map(|n| n.trim().split("::").next().unwrap_or_default().to_string()),
                );
            } else {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                named.push(rest[..end].to_string());
            }
        }
        for to in named {
            if to != from && modules.contains(&to) {
                uses.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    uses
}

#[test]
fn the_pure_core_and_the_two_flows_keep_to_their_layers() {
    let uses = uses();
    let of = |m: &str| uses.get(m).cloned().unwrap_or_default();
    assert!(of("domain").is_empty(), "domain uses {:?}", of("domain"));
    assert!(
        of("mail").iter().all(|m| m == "domain"),
        "mail uses {:?}",
        of("mail")
    );
    assert!(!of("mail_in").contains("mail_out"), "mail_in uses mail_out");
    assert!(!of("mail_out").contains("mail_in"), "mail_out uses mail_in");
    for port in ["store", "mailer", "raw_mail", "jobs"] {
        for flow in [
            "mail_in", "mail_out", "admin", "handlers", "config", "clients",
        ] {
            assert!(!of(port).contains(flow), "{port} uses {flow}");
        }
    }
    // No circle between top-level modules.
    for (from, tos) in &uses {
        for to in tos {
            assert!(!of(to).contains(from), "{from} and {to} use each other");
        }
    }
}

#[test]
fn use_cases_talk_to_the_repo_not_to_the_store() {
    for (path, text) in sources(&src()) {
        if matches!(top_module(&path).as_deref(), Some("store") | None) {
            continue;
        }
        let code = code(&text);
        for raw in [
            ".store()",
            "ConditionFailed",
            "Write::Put",
            "Write::SetDue",
            "Write::Delete",
            "Condition::",
        ] {
            assert!(
                !code.contains(raw),
                "{} reaches past the store port ({raw})",
                path.display()
            );
        }
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = sources(&src())
        .into_iter()
        .filter(|(_, text)| text.lines().count() > MAX_LINES)
        .map(|(path, text)| format!("{} ({})", path.display(), text.lines().count()))
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

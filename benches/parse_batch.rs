//! `parse` alone over a list of mails, one JSON line per mail: the parser's side of
//! `benches/planer/run.py` (planer beside it on the same list, in the same run).
//!
//! `mentormail parse --batch` also runs the note capture on every mail, which is most of its time;
//! this measures what the parser costs. With no list (as under `cargo test --all-targets` or a
//! plain `cargo bench`) it parses the development corpus once and says how long it took.
//!
//! usage: parse_batch LIST [--bench]

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use mentormail::mail::parse::{ParsedMail, parse};

/// One output line: the parse result with the mail's path as `id`, as the scorer reads it.
#[derive(serde::Serialize)]
struct Line<'a> {
    id: &'a str,
    #[serde(flatten)]
    parsed: &'a ParsedMail,
}

fn main() -> std::io::Result<()> {
    let list = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let paths: Vec<String> = match &list {
        Some(list) => std::fs::read_to_string(list)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        None => corpus_paths(),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let start = Instant::now();
    for path in &paths {
        let raw = std::fs::read(path)?;
        let parsed = parse(&raw);
        if list.is_some() {
            serde_json::to_writer(
                &mut out,
                &Line {
                    id: path,
                    parsed: &parsed,
                },
            )?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    if list.is_none() {
        eprintln!(
            "parse_batch: {} corpus mails in {:.3} s",
            paths.len(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn corpus_paths() -> Vec<String> {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/dev/cases");
    let mut paths: Vec<String> = std::fs::read_dir(&cases)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path().join("input.eml").display().to_string())
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

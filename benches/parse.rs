//! `parse` over the whole development corpus: cases per second (criterion's throughput in
//! elements/s) and the slowest single case (best of several runs, printed before the run).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mentormail::mail::parse::parse;

/// Runs per case when looking for the slowest one; the best run counts (less noise). Under
/// `cargo test --all-targets` (no `--bench` argument) one run each is enough to show it works.
fn runs_per_case() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        20
    } else {
        1
    }
}

fn load_corpus() -> Vec<(String, Vec<u8>)> {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/dev/cases");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&cases)
        .expect("corpus cases")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        if let Ok(raw) = std::fs::read(dir.join("input.eml")) {
            let id = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((id, raw));
        }
    }
    out
}

fn report_slowest(corpus: &[(String, Vec<u8>)]) {
    let runs = runs_per_case();
    // One pass first, so that compiling the lazily built patterns is not counted for a case.
    for (_, raw) in corpus {
        black_box(parse(black_box(raw)));
    }
    let mut slowest = (String::new(), Duration::ZERO, 0usize);
    for (id, raw) in corpus {
        let best = (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(parse(black_box(raw)));
                start.elapsed()
            })
            .min()
            .unwrap_or_default();
        if best > slowest.1 {
            slowest = (id.clone(), best, raw.len());
        }
    }
    println!(
        "slowest case: {} ({} bytes) {:.3} ms (best of {runs})",
        slowest.0,
        slowest.2,
        slowest.1.as_secs_f64() * 1000.0
    );
}

fn bench_corpus(c: &mut Criterion) {
    let corpus = load_corpus();
    report_slowest(&corpus);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.sample_size(20);
    group.bench_function("dev corpus (all cases)", |b| {
        b.iter(|| {
            for (_, raw) in &corpus {
                black_box(parse(black_box(raw)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_corpus);
criterion_main!(benches);

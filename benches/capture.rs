//! The note capture (`mail::capture`) alone, on mails already parsed: a long Outlook thread of
//! the development corpus (dev-f334, 5.7 KB, the capture's slowest mail there), and every text
//! of the capture's golden set in one go. `mentormail parse --batch` runs the capture on every
//! mail, so this is most of its time beside `benches/parse_batch.rs`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mentormail::mail::capture::{self, Context};
use mentormail::mail::parse::parse;

const LONG_THREAD: &[u8] = include_bytes!("../tests/corpus/dev/cases/dev-f334/input.eml");

/// The `.txt` cases of the capture's golden set (replies and notes as written).
fn golden_texts() -> Vec<String> {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/capture/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&cases)
        .expect("capture cases")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a case"))
        .collect()
}

fn bench_capture(c: &mut Criterion) {
    let mut group = c.benchmark_group("capture");
    let thread = parse(LONG_THREAD);
    group.throughput(Throughput::Bytes(LONG_THREAD.len() as u64));
    group.bench_function("long_outlook_thread", |b| {
        b.iter(|| capture::of_parsed(black_box(&thread)))
    });
    let texts = golden_texts();
    group.throughput(Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    group.bench_function("golden_texts", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(capture::capture(
                    black_box(text),
                    "text",
                    &Context::default(),
                ));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_capture);
criterion_main!(benches);

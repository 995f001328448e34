//! `mail::notes::extract`: bytes per second on typical session notes, and on hostile text of
//! growing size (long lines without breaks, thousands of near-headings and list markers), to
//! show that the time grows with the input's length and no input makes it blow up.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use jiff::civil::date;
use mentormail::mail::notes::extract;

const TYPICAL: &str = include_str!("../tests/mail/forwards/gmail.eml");

/// Text built to stress the line classifier: colon-heavy lines, markers, dates and headings.
fn hostile(size: usize) -> String {
    let pattern = "Action items:: - [ ] AI: - 1) 12 Dec 2026 Dec 12, 2026-12-12 Goal: x by 3 March\n\
                   ## Next session: next session: 31 Feb\n-\n[ ]\n> > > > What went well\n";
    let mut text = String::with_capacity(size + pattern.len());
    while text.len() < size / 2 {
        text.push_str(pattern);
    }
    // And one line of the remaining size with no line break at all.
    text.push_str(&"a: b - c [ ] 1 Jan ".repeat((size - text.len()) / 19 + 1));
    text
}

fn bench_extract(c: &mut Criterion) {
    let reference = date(2026, 11, 23);
    let mut group = c.benchmark_group("notes_extract");
    group.throughput(Throughput::Bytes(TYPICAL.len() as u64));
    group.bench_function("typical_gmail_forward", |b| {
        b.iter(|| extract(black_box(TYPICAL), reference))
    });
    for size in [16_384usize, 131_072, 1_048_576] {
        let text = hostile(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("hostile", size), &text, |b, text| {
            b.iter(|| extract(black_box(text), reference))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);

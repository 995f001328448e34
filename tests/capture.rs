//! Golden set of the capture (`mail::capture`): replies and mentors' notes written the way
//! people write (terse, rambling, bullets, mobile, non-native English, inline answers, notes),
//! in `tests/capture/cases/`. Each case is a text (`NAME.txt`, captured as it is, with the
//! inline questions and goals its `NAME.json` gives) or a whole mail (`NAME.eml`, through
//! `parse` and `capture::of_parsed`, as `mentormail parse --json` does), and `NAME.json` lists
//! what a reader finds in it.
//!
//! Scoring, per kind: an expected item is found when a captured item's sentence contains its
//! text (case and spacing aside) and, when the case says, its kind, direction or goal. A captured
//! item is expected when it matches an expected item. The test asks for every expected item and
//! for no unexpected decision (a decision starts follow-up mail, so a false one costs most), and
//! holds the other kinds' precision above floors. The figures are printed (`--nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mentormail::mail::capture::{self, Answered, Capture, Context};
use mentormail::mail::parse::parse;
use serde_json::Value;

/// Precision floors for the kinds other than decisions (measured on this set, rounded down).
const PRECISION_FLOOR: f64 = 0.85;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/capture/cases")
}

fn plain(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('’', "'")
}

/// A captured item as the scorer sees it: its sentence and its one attribute.
struct Got {
    text: String,
    attribute: Option<String>,
}

fn got_of(capture: &Capture) -> BTreeMap<&'static str, Vec<Got>> {
    let mut out = BTreeMap::new();
    out.insert(
        "decisions",
        capture
            .decisions
            .iter()
            .map(|d| Got {
                text: d.text.clone(),
                attribute: None,
            })
            .collect(),
    );
    out.insert(
        "experiences",
        capture
            .experiences
            .iter()
            .map(|e| Got {
                text: e.text.clone(),
                attribute: Some(e.kind.clone()),
            })
            .collect(),
    );
    out.insert(
        "feedback",
        capture
            .feedback
            .iter()
            .map(|f| Got {
                text: f.text.clone(),
                attribute: serde_json::to_value(f.direction)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string)),
            })
            .collect(),
    );
    out.insert(
        "goal_progress",
        capture
            .goal_progress
            .iter()
            .map(|g| Got {
                text: g.text.clone(),
                attribute: g.goal.clone(),
            })
            .collect(),
    );
    out.insert(
        "action_items",
        capture
            .action_items
            .iter()
            .map(|a| Got {
                text: a.text.clone(),
                attribute: None,
            })
            .collect(),
    );
    out
}

/// An expected item: its text and the attribute asked for (none: any).
fn expected_of(value: &Value, kind: &str) -> Vec<(String, Option<String>)> {
    let attribute = match kind {
        "experiences" => "kind",
        "feedback" => "direction",
        "goal_progress" => "goal",
        _ => "",
    };
    value["expect"][kind]
        .as_array()
        .unwrap_or_else(|| panic!("expect.{kind} missing"))
        .iter()
        .map(|item| match item {
            Value::String(text) => (text.clone(), None),
            _ => (
                item["text"].as_str().expect("text").to_string(),
                item[attribute].as_str().map(str::to_string),
            ),
        })
        .collect()
}

fn matches(got: &Got, text: &str, attribute: &Option<String>) -> bool {
    let (g, e) = (plain(&got.text), plain(text));
    let text_ok = g.contains(&e) || (e.contains(&g) && g.len() * 2 > e.len());
    let attribute_ok = match attribute {
        None => true,
        Some(want) => got
            .attribute
            .as_deref()
            .is_some_and(|a| plain(a) == plain(want)),
    };
    text_ok && attribute_ok
}

fn capture_case(path: &Path, spec: &Value) -> Capture {
    if path.extension().is_some_and(|e| e == "eml") {
        let raw = std::fs::read(path).unwrap();
        return capture::of_parsed(&parse(&raw));
    }
    let text = std::fs::read_to_string(path).unwrap();
    let answered: Vec<Answered<'_>> = spec["questions"]
        .as_array()
        .map(|qs| {
            qs.iter()
                .map(|q| Answered {
                    question: q["question"].as_str().unwrap(),
                    answer: q["answer"].as_str().unwrap(),
                })
                .collect()
        })
        .unwrap_or_default();
    let goals: Vec<String> = spec["goals"]
        .as_array()
        .map(|gs| gs.iter().map(|g| g.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    capture::capture(
        &text,
        "text",
        &Context {
            habit: None,
            answered,
            goals: &goals,
        },
    )
}

#[derive(Default)]
struct Figures {
    expected: usize,
    found: usize,
    captured: usize,
    unexpected: usize,
}

#[test]
fn the_golden_set_is_captured() {
    const KINDS: [&str; 5] = [
        "decisions",
        "experiences",
        "feedback",
        "goal_progress",
        "action_items",
    ];
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "eml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut figures: BTreeMap<&str, Figures> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in &cases {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let spec: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("json"))
                .unwrap_or_else(|e| panic!("{name}.json: {e}")),
        )
        .unwrap();
        let got = got_of(&capture_case(path, &spec));
        for kind in KINDS {
            let expected = expected_of(&spec, kind);
            let f = figures.entry(kind).or_default();
            f.expected += expected.len();
            f.captured += got[kind].len();
            for (text, attribute) in &expected {
                if got[kind].iter().any(|g| matches(g, text, attribute)) {
                    f.found += 1;
                } else {
                    problems.push(format!("{name}: missed {kind} {text:?} ({attribute:?})"));
                }
            }
            for g in &got[kind] {
                if !expected.iter().any(|(t, _)| matches(g, t, &None)) {
                    f.unexpected += 1;
                    problems.push(format!(
                        "{name}: unexpected {kind} {:?} ({:?})",
                        g.text, g.attribute
                    ));
                }
            }
        }
    }
    println!("{} cases", cases.len());
    println!("kind            expected found captured unexpected precision recall");
    for kind in KINDS {
        let f = &figures[kind];
        let precision = ratio(f.captured - f.unexpected, f.captured);
        let recall = ratio(f.found, f.expected);
        println!(
            "{kind:<15} {:>8} {:>5} {:>8} {:>10} {precision:>9.3} {recall:>6.3}",
            f.expected, f.found, f.captured, f.unexpected
        );
    }
    for p in &problems {
        println!("{p}");
    }
    for kind in KINDS {
        let f = &figures[kind];
        assert_eq!(f.found, f.expected, "{kind}: every expected item is found");
        let precision = ratio(f.captured - f.unexpected, f.captured);
        if kind == "decisions" {
            assert_eq!(f.unexpected, 0, "no unexpected decision");
        } else {
            assert!(
                precision >= PRECISION_FLOOR,
                "{kind}: precision {precision}"
            );
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

//! Test mails rendered from the knowledge tables: the same reply or forward written through
//! every client convention the tables know (each attribution template, header-label language,
//! separator, footer and subject prefix), in several shapes (plain and HTML; top-posted, inline,
//! bottom-quoted; nested). The test asserts that `parse` finds exactly the new text, or the
//! forwarded fields, for every case, so a table row the rules do not handle fails by name.

mod forwards;
mod openings;
mod replies;
mod signers;

use super::knowledge::header_labels::{HEADER_LABELS, HeaderLabels};
use super::{ParsedMail, parse};

/// What the writer wrote: two lines, so that losing the second one shows.
pub const NEW_TEXT: &str = "Thanks, that plan works for me.\nI will send the draft on Monday.";
pub const OLD_TEXT: &str = "Could you send me the draft of the plan?\nThe deadline is Friday.";
pub const NAME: &str = "Ann Lee";
pub const EMAIL: &str = "ann@example.org";
pub const COMMENT: &str = "Have a look at this one.";
pub const FORWARDED_BODY: &str = "The budget was approved this morning.\nNext review in March.";
pub const SUBJECT: &str = "Budget review";
/// Dates as clients print them: the attribution rules must not depend on one format.
pub const DATES: &[&str] = &[
    "Sun, Jan 5, 2020 at 10:00 AM",
    "05.01.2020 10:00",
    "2020-01-05 10:00 GMT+01:00",
    "dim. 5 janv. 2020 à 10:00",
    "2020年1月5日 10:00",
    "So., 5. Jan. 2020, 10:00",
];

/// The result a case must give.
pub enum Expect {
    Reply(&'static str),
    Forward { comment: Option<&'static str> },
}

pub struct Case {
    pub row: String,
    pub shape: &'static str,
    pub raw: Vec<u8>,
    pub expect: Expect,
}

pub fn plain(subject: &str, body: &str) -> Vec<u8> {
    mime(subject, "text/plain", &body.replace('\n', "\r\n"))
}

pub fn html(subject: &str, body: &str) -> Vec<u8> {
    mime(subject, "text/html", body)
}

pub fn mime(subject: &str, content_type: &str, body: &str) -> Vec<u8> {
    mime_from("Bob Stone <bob@example.org>", subject, content_type, body)
}

/// A mail from `from` (the From header's value).
pub fn mime_from(from: &str, subject: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {NAME} <{EMAIL}>\r\nSubject: {subject}\r\n\
         MIME-Version: 1.0\r\nContent-Type: {content_type}; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}"
    )
    .into_bytes()
}

pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

pub fn quoted(text: &str) -> String {
    text.lines().map(|l| format!("> {l}\n")).collect()
}

pub fn attribution(template: &str, date: &str) -> String {
    template
        .replace("{date}", date)
        .replace("{name}", NAME)
        .replace("{email}", EMAIL)
}

/// New text written as HTML the way clients do: one `<div>` per line, or `<br>` between lines.
pub fn new_text_html(with_divs: bool) -> String {
    if with_divs {
        NEW_TEXT
            .lines()
            .map(|l| format!("<div>{}</div>", escape_html(l)))
            .collect()
    } else {
        format!("<div>{}</div>", escape_html(NEW_TEXT))
    }
}

/// `Label: value` lines of a header block, in the order given.
pub fn header_block(labels: &HeaderLabels, order: &[usize], quote: bool) -> String {
    let fields = [
        (labels.from[0], format!("{NAME} <{EMAIL}>")),
        (labels.date[0], "Sunday, January 5, 2020 10:00".to_string()),
        (labels.to[0], "Bob Stone <bob@example.org>".to_string()),
        (labels.subject[0], SUBJECT.to_string()),
    ];
    let prefix = if quote { "> " } else { "" };
    order
        .iter()
        .map(|&i| format!("{prefix}{}: {}\n", fields[i].0, fields[i].1))
        .collect()
}

pub fn labels_for(lang: &str) -> &'static HeaderLabels {
    HEADER_LABELS
        .iter()
        .find(|l| l.lang == lang)
        .unwrap_or(&HEADER_LABELS[0])
}

pub fn all_cases() -> Vec<Case> {
    let mut out = Vec::new();
    replies::attribution_cases(&mut out);
    replies::header_block_cases(&mut out);
    replies::footer_cases(&mut out);
    replies::closing_cases(&mut out);
    replies::disclaimer_cases(&mut out);
    replies::habit_cases(&mut out);
    signers::signed_name_cases(&mut out);
    openings::opening_block_cases(&mut out);
    forwards::separator_cases(&mut out);
    forwards::subject_prefix_cases(&mut out);
    forwards::intro_cases(&mut out);
    forwards::prefix_only_cases(&mut out);
    forwards::localised_intro_cases(&mut out);
    out
}

/// Why a parse does not give what the case expects, if it does not.
fn mismatch(parsed: &ParsedMail, expect: &Expect) -> Option<String> {
    match expect {
        Expect::Reply(text) => {
            if !parsed.forwarded.is_empty() {
                return Some(format!(
                    "taken for a forward; reply {:?}",
                    parsed.reply_text
                ));
            }
            (parsed.reply_text != *text).then(|| format!("reply {:?}", parsed.reply_text))
        }
        Expect::Forward { comment } => {
            let Some(first) = parsed.forwarded.first() else {
                return Some(format!("no forward; reply {:?}", parsed.reply_text));
            };
            let right = first.from == format!("{NAME} <{EMAIL}>")
                && first.subject == SUBJECT
                && first.body == FORWARDED_BODY
                && !first.date.is_empty()
                && parsed.comment.as_deref() == *comment;
            (!right).then(|| format!("{first:?} comment {:?}", parsed.comment))
        }
    }
}

#[test]
fn every_client_convention_in_the_tables_parses() {
    let cases = all_cases();
    let rows: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.row.as_str()).collect();
    let shapes: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.shape).collect();
    let mut failures = Vec::new();
    for case in &cases {
        if let Some(why) = mismatch(&parse(&case.raw), &case.expect) {
            failures.push((case.shape, format!("{} / {}: {why}", case.row, case.shape)));
        }
    }
    println!(
        "generated matrix: {} rows, {} shapes, {} cases, {} pass",
        rows.len(),
        shapes.len(),
        cases.len(),
        cases.len() - failures.len()
    );
    // Failures per shape first: a rule that misses a whole shape shows as one line.
    let mut per_shape: std::collections::BTreeMap<&str, usize> = Default::default();
    for (shape, _) in &failures {
        *per_shape.entry(shape).or_default() += 1;
    }
    for (shape, count) in &per_shape {
        println!("FAILING SHAPE {shape}: {count}");
    }
    for (_, failure) in failures.iter().take(60) {
        println!("FAIL {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} generated cases fail",
        failures.len()
    );
}

//! Test mails rendered from the knowledge tables: the same reply or forward written through
//! every client convention the tables know (each attribution template, header-label language,
//! separator, footer and subject prefix), in several shapes (plain and HTML; top-posted, inline,
//! bottom-quoted; nested). The test asserts that `parse` finds exactly the new text, or the
//! forwarded fields, for every case, so a table row the rules do not handle fails by name.

use super::knowledge::attributions::TEMPLATES;
use super::knowledge::disclaimers::DISCLAIMER_OPENERS;
use super::knowledge::forward_intros::FORWARD_INTROS;
use super::knowledge::header_labels::{HEADER_LABELS, HeaderLabels};
use super::knowledge::mobile_footers::FOOTERS;
use super::knowledge::separators::{FORWARD_BEGINS, FORWARDED_MESSAGE, ORIGINAL_MESSAGE};
use super::knowledge::subject_prefixes::FORWARD_PREFIXES;
use super::{ParsedMail, parse};

/// What the writer wrote: two lines, so that losing the second one shows.
const NEW_TEXT: &str = "Thanks, that plan works for me.\nI will send the draft on Monday.";
const OLD_TEXT: &str = "Could you send me the draft of the plan?\nThe deadline is Friday.";
const NAME: &str = "Ann Lee";
const EMAIL: &str = "ann@example.org";
const COMMENT: &str = "Have a look at this one.";
const FORWARDED_BODY: &str = "The budget was approved this morning.\nNext review in March.";
const SUBJECT: &str = "Budget review";
/// Dates as clients print them: the attribution rules must not depend on one format.
const DATES: &[&str] = &[
    "Sun, Jan 5, 2020 at 10:00 AM",
    "05.01.2020 10:00",
    "2020-01-05 10:00 GMT+01:00",
    "dim. 5 janv. 2020 à 10:00",
    "2020年1月5日 10:00",
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

fn plain(subject: &str, body: &str) -> Vec<u8> {
    mime(subject, "text/plain", &body.replace('\n', "\r\n"))
}

fn html(subject: &str, body: &str) -> Vec<u8> {
    mime(subject, "text/html", body)
}

fn mime(subject: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Bob Stone <bob@example.org>\r\nTo: {NAME} <{EMAIL}>\r\nSubject: {subject}\r\n\
         MIME-Version: 1.0\r\nContent-Type: {content_type}; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}"
    )
    .into_bytes()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

fn quoted(text: &str) -> String {
    text.lines().map(|l| format!("> {l}\n")).collect()
}

fn attribution(template: &str, date: &str) -> String {
    template
        .replace("{date}", date)
        .replace("{name}", NAME)
        .replace("{email}", EMAIL)
}

/// New text written as HTML the way clients do: one `<div>` per line, or `<br>` between lines.
fn new_text_html(with_divs: bool) -> String {
    if with_divs {
        NEW_TEXT
            .lines()
            .map(|l| format!("<div>{}</div>", escape_html(l)))
            .collect()
    } else {
        format!("<div>{}</div>", escape_html(NEW_TEXT))
    }
}

fn attribution_cases(out: &mut Vec<Case>) {
    for template in TEMPLATES {
        for (d, date) in DATES.iter().enumerate() {
            let row = format!("attribution {} {} date{d}", template.lang, template.client);
            let attr = attribution(template.text, date);
            let subject = format!("Re: {SUBJECT}");
            let mut add = |shape, raw, expect| {
                out.push(Case {
                    row: row.clone(),
                    shape,
                    raw,
                    expect,
                })
            };
            let top = format!("{NEW_TEXT}\n\n{attr}\n{}", quoted(OLD_TEXT));
            add(
                "top-posted plain",
                plain(&subject, &top),
                Expect::Reply(NEW_TEXT),
            );
            let bottom = format!("{attr}\n{}\n{NEW_TEXT}\n", quoted(OLD_TEXT));
            add(
                "bottom-quoted plain",
                plain(&subject, &bottom),
                Expect::Reply(NEW_TEXT),
            );
            let inline = format!(
                "{attr}\n> Could you send me the draft?\n\nYes, on Monday.\n\n> Is Friday fine?\nFriday is fine.\n"
            );
            add(
                "inline plain",
                plain(&subject, &inline),
                Expect::Reply("Yes, on Monday.\n\nFriday is fine."),
            );
            let lower = format!(
                "{attr}\n> Could you send me the draft of the plan before the meeting on Friday?\nyes, on Monday.\n\n________________________\nThe plan has three parts, and each of them needs a draft before Friday, so here is the order.\n"
            );
            add(
                "inline, lower-case answer and a drawn rule",
                plain(&subject, &lower),
                Expect::Reply(
                    "yes, on Monday.\n\n________________________\nThe plan has three parts, and each of them needs a draft before Friday, so here is the order.",
                ),
            );
            let older = attribution(template.text, "Sat, Jan 4, 2020 at 9:00 AM");
            let nested = format!(
                "{NEW_TEXT}\n\n{attr}\n> Sure, see below.\n>\n{}{}",
                quoted(&older),
                quoted(&quoted(OLD_TEXT))
            );
            add(
                "nested plain",
                plain(&subject, &nested),
                Expect::Reply(NEW_TEXT),
            );
            let top_html = format!(
                "<html><body>{}<br><div class=\"gmail_quote\"><div class=\"gmail_attr\">{}</div><blockquote class=\"gmail_quote\">{}</blockquote></div></body></html>",
                new_text_html(d % 2 == 0),
                escape_html(&attr),
                escape_html(OLD_TEXT)
            );
            add(
                "top-posted html",
                html(&subject, &top_html),
                Expect::Reply(NEW_TEXT),
            );
            let signed = format!("{NEW_TEXT}\n\n-Bob\n\n{attr}\n{}", quoted(OLD_TEXT));
            add(
                "dash signature",
                plain(&subject, &signed),
                Expect::Reply(NEW_TEXT),
            );
            let apple_html = format!(
                "<html><body>{}<br><div><br><blockquote type=\"cite\"><div>{}</div><br><div>{}</div></blockquote></div></body></html>",
                new_text_html(d % 2 == 1),
                escape_html(&attr),
                escape_html(OLD_TEXT)
            );
            add(
                "apple html, attribution in the quote",
                html(&subject, &apple_html),
                Expect::Reply(NEW_TEXT),
            );
        }
    }
}

/// `Label: value` lines of a header block, in the order given.
fn header_block(labels: &HeaderLabels, order: &[usize], quote: bool) -> String {
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

fn labels_for(lang: &str) -> &'static HeaderLabels {
    HEADER_LABELS
        .iter()
        .find(|l| l.lang == lang)
        .unwrap_or(&HEADER_LABELS[0])
}

fn header_block_cases(out: &mut Vec<Case>) {
    for labels in HEADER_LABELS {
        let row = format!("header labels {}", labels.lang);
        let reply_subject = format!("Re: {SUBJECT}");
        let rule = "________________________________";
        let outlook = format!(
            "{NEW_TEXT}\n\n{rule}\n{}\n{OLD_TEXT}\n",
            header_block(labels, &[0, 1, 2, 3], false)
        );
        let gmail_order = format!(
            "{NEW_TEXT}\n\n{}\n{OLD_TEXT}\n",
            header_block(labels, &[0, 3, 1, 2], false)
        );
        let date_first = format!(
            "{NEW_TEXT}\n\n{}\n{OLD_TEXT}\n",
            header_block(labels, &[1, 0, 3], false)
        );
        let html_body = format!(
            "<html><body>{}<hr><div><b>{}:</b> {NAME} &lt;{EMAIL}&gt;<br><b>{}:</b> Sunday, January 5, 2020 10:00<br><b>{}:</b> Bob<br><b>{}:</b> {SUBJECT}</div><div>{}</div></body></html>",
            new_text_html(true),
            labels.from[0],
            labels.date[0],
            labels.to[0],
            labels.subject[0],
            escape_html(OLD_TEXT)
        );
        let one_line = format!(
            "{NEW_TEXT}\n\n{}: {NAME} <{EMAIL}> {}: Sunday, January 5, 2020 10:00 {}: Bob <bob@example.org> {}: {SUBJECT}\n\n{OLD_TEXT}\n",
            labels.from[0], labels.date[0], labels.to[0], labels.subject[0]
        );
        let signed = format!(
            "{NEW_TEXT}\n\n-Bob\n\n{}\n{OLD_TEXT}\n",
            header_block(labels, &[0, 1, 2, 3], false)
        );
        let bottom = format!(
            "{}\n{}\n{NEW_TEXT}\n",
            header_block(labels, &[0, 1, 2, 3], false),
            quoted(OLD_TEXT)
        );
        for (shape, raw) in [
            (
                "bottom-post under the block",
                plain(&reply_subject, &bottom),
            ),
            ("one-line header run", plain(&reply_subject, &one_line)),
            ("dash signature above block", plain(&reply_subject, &signed)),
            ("outlook plain", plain(&reply_subject, &outlook)),
            (
                "from-subject-date order",
                plain(&reply_subject, &gmail_order),
            ),
            (
                "date-from-subject order",
                plain(&reply_subject, &date_first),
            ),
            ("outlook html", html(&reply_subject, &html_body)),
        ] {
            out.push(Case {
                row: row.clone(),
                shape,
                raw,
                expect: Expect::Reply(NEW_TEXT),
            });
        }
        let forward = format!(
            "{COMMENT}\n\n{}\n{FORWARDED_BODY}\n",
            header_block(labels, &[0, 1, 2, 3], false)
        );
        out.push(Case {
            row: row.clone(),
            shape: "forward by Fwd: subject",
            raw: plain(&format!("Fwd: {SUBJECT}"), &forward),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
        let folded = format!(
            "{COMMENT}\n\n---------- Forwarded message ---------\n{}:{NAME} <{EMAIL}>\n\n{}:Sunday, January 5, 2020 10:00\n{}: Bob Stone\n<bob@example.org>\n{}: {}\n{}\n\n{FORWARDED_BODY}\n",
            labels.from[0],
            labels.date[0],
            labels.to[0],
            labels.subject[0],
            &SUBJECT[..6],
            &SUBJECT[7..],
        );
        out.push(Case {
            row: row.clone(),
            shape: "forward, folded and spaced fields",
            raw: plain(SUBJECT, &folded),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
        let bare = format!(
            "{}\n{FORWARDED_BODY}\n",
            header_block(labels, &[0, 1, 2, 3], false)
        );
        out.push(Case {
            row,
            shape: "forward by position",
            raw: plain(SUBJECT, &bare),
            expect: Expect::Forward { comment: None },
        });
    }
}

fn separator_cases(out: &mut Vec<Case>) {
    for sep in ORIGINAL_MESSAGE {
        let labels = labels_for(sep.lang);
        let row = format!("original message {} {:?}", sep.lang, sep.text);
        let block = header_block(labels, &[0, 1, 2, 3], false);
        for (shape, line) in [
            ("outlook", format!("-----{}-----", sep.text)),
            ("android", format!("-------- {} --------", sep.text)),
        ] {
            let body = format!("{NEW_TEXT}\n\n{line}\n{block}\n{OLD_TEXT}\n");
            out.push(Case {
                row: row.clone(),
                shape,
                raw: plain(&format!("Re: {SUBJECT}"), &body),
                expect: Expect::Reply(NEW_TEXT),
            });
        }
        let body = format!(
            "{COMMENT}\n\n-----{}-----\n{block}\n{FORWARDED_BODY}\n",
            sep.text
        );
        out.push(Case {
            row,
            shape: "forward under original message",
            raw: plain(&format!("Fw: {SUBJECT}"), &body),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
    }
    for sep in FORWARDED_MESSAGE {
        let labels = labels_for(sep.lang);
        let row = format!("forwarded message {} {:?}", sep.lang, sep.text);
        let block = header_block(labels, &[0, 1, 3, 2], false);
        let with_comment = format!(
            "{COMMENT}\n\n---------- {} ---------\n{block}\n{FORWARDED_BODY}\n",
            sep.text
        );
        let without = format!(
            "-------- {} --------\n{block}\n{FORWARDED_BODY}\n",
            sep.text
        );
        let reply_subject = format!("Re: {SUBJECT}");
        for (shape, raw, comment) in [
            (
                "gmail with comment",
                plain(SUBJECT, &with_comment),
                Some(COMMENT),
            ),
            ("thunderbird alone", plain(SUBJECT, &without), None),
            (
                "under a Re: subject",
                plain(&reply_subject, &with_comment),
                Some(COMMENT),
            ),
        ] {
            out.push(Case {
                row: row.clone(),
                shape,
                raw,
                expect: Expect::Forward { comment },
            });
        }
    }
    for sep in FORWARD_BEGINS {
        let labels = labels_for(sep.lang);
        let row = format!("begin forwarded {} {:?}", sep.lang, sep.text);
        let above = format!(
            "{COMMENT}\n\n{}:\n\n{}\n{FORWARDED_BODY}\n",
            sep.text,
            header_block(labels, &[0, 3, 1, 2], false)
        );
        let below = format!(
            "{}:\n\n{}>\n{}\n{COMMENT}\n",
            sep.text,
            header_block(labels, &[0, 3, 1, 2], true),
            quoted(FORWARDED_BODY)
        );
        for (shape, raw) in [
            ("apple comment above", plain(SUBJECT, &above)),
            ("apple quoted, comment below", plain(SUBJECT, &below)),
        ] {
            out.push(Case {
                row: row.clone(),
                shape,
                raw,
                expect: Expect::Forward {
                    comment: Some(COMMENT),
                },
            });
        }
    }
}

fn footer_cases(out: &mut Vec<Case>) {
    for footer in FOOTERS {
        let line = format!("{}iPhone{}", footer.before, footer.after);
        let row = format!("footer {} {line:?}", footer.lang);
        let attr = attribution(TEMPLATES[0].text, DATES[0]);
        let subject = format!("Re: {SUBJECT}");
        let alone = format!("{NEW_TEXT}\n\n{line}\n");
        let above_quote = format!("{NEW_TEXT}\n\n{line}\n\n{attr}\n{}", quoted(OLD_TEXT));
        let signed = format!("{NEW_TEXT}\n\nBest regards,\n{NAME}\n\n{line}\n");
        let html_body = format!(
            "<html><body>{}<br><div>{}</div></body></html>",
            new_text_html(false),
            escape_html(&line)
        );
        for (shape, raw) in [
            ("alone", plain(&subject, &alone)),
            ("above a quote", plain(&subject, &above_quote)),
            ("under a closing and name", plain(&subject, &signed)),
            ("html", html(&subject, &html_body)),
        ] {
            out.push(Case {
                row: row.clone(),
                shape,
                raw,
                expect: Expect::Reply(NEW_TEXT),
            });
        }
    }
}

fn subject_prefix_cases(out: &mut Vec<Case>) {
    for prefix in FORWARD_PREFIXES {
        let row = format!("forward prefix {} {:?}", prefix.lang, prefix.text);
        let labels = labels_for(prefix.lang);
        let body = format!(
            "{COMMENT}\n\n________________________________\n{}\n{FORWARDED_BODY}\n",
            header_block(labels, &[0, 1, 2, 3], false)
        );
        out.push(Case {
            row,
            shape: "outlook block, no separator",
            raw: plain(&format!("{}: {SUBJECT}", prefix.text), &body),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
    }
}

fn intro_cases(out: &mut Vec<Case>) {
    let block = header_block(&HEADER_LABELS[0], &[0, 1, 2, 3], false);
    for intro in FORWARD_INTROS {
        let comment: &'static str = Box::leak(format!("{}, thanks.", intro.text).into_boxed_str());
        let body = format!("{comment}\n\n{block}\n{FORWARDED_BODY}\n");
        out.push(Case {
            row: format!("forward intro {} {:?}", intro.lang, intro.text),
            shape: "intro above a header block, plain subject",
            raw: plain(SUBJECT, &body),
            expect: Expect::Forward {
                comment: Some(comment),
            },
        });
    }
}

fn disclaimer_cases(out: &mut Vec<Case>) {
    let attr = attribution(TEMPLATES[0].text, DATES[0]);
    for opener in DISCLAIMER_OPENERS {
        let body = format!(
            "{NEW_TEXT}\n\nBest regards,\n{NAME}\nProduct Lead\nAcme Ltd., 1 Main Street, Springfield\n+1 555 0100\n\n{} may contain privileged information.\nIf you are not the intended recipient, delete it.\n\n{attr}\n{}",
            opener.text,
            quoted(OLD_TEXT)
        );
        out.push(Case {
            row: format!("disclaimer {} {:?}", opener.lang, opener.text),
            shape: "signature block and disclaimer above a quote",
            raw: plain(&format!("Re: {SUBJECT}"), &body),
            expect: Expect::Reply(NEW_TEXT),
        });
        let body = format!(
            "{NEW_TEXT}\n\n{} may contain privileged information.\nIf you are not the intended recipient, delete it.\n",
            opener.text
        );
        out.push(Case {
            row: format!("disclaimer {} {:?}", opener.lang, opener.text),
            shape: "disclaimer ending the mail",
            raw: plain(&format!("Re: {SUBJECT}"), &body),
            expect: Expect::Reply(NEW_TEXT),
        });
    }
}

/// Client habits that are not rows of a table.
fn habit_cases(out: &mut Vec<Case>) {
    let subject = format!("Re: {SUBJECT}");
    let cases: [(&str, String, Expect); 8] = [
        (
            "lower-case name under a short closing",
            format!("{NEW_TEXT}\n\nthanks,\nbob\n"),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "a sentence under a short closing is kept",
            format!("{NEW_TEXT}\n\nThanks!\nSee you on Friday.\n"),
            Expect::Reply(
                "Thanks, that plan works for me.\nI will send the draft on Monday.\n\nThanks!\nSee you on Friday.",
            ),
        ),
        (
            "lone From line opening the quote",
            format!("{NEW_TEXT}\n\nFrom: {NAME}\n{}", quoted(OLD_TEXT)),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "comparisons written with >",
            "Results:\n>50% of users liked it\n>=3 days to answer\n".to_string(),
            Expect::Reply("Results:\n>50% of users liked it\n>=3 days to answer"),
        ),
        (
            "em dash signature",
            format!("{NEW_TEXT}\n\n— Bob\n"),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "date, name and address without a colon",
            format!(
                "{NEW_TEXT}\n\n05.01.2020 10:00, {NAME} <{EMAIL}>\n{}",
                quoted(OLD_TEXT)
            ),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "dashed attribution with colon",
            format!("{NEW_TEXT}\n\n----- {NAME} <{EMAIL}> wrote: -----\n\n{OLD_TEXT}\n"),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "lotus notes forward",
            format!(
                "{COMMENT}\n\n----- Forwarded by Bob Stone/ACME on 05.01.2020 10:00 -----\n\nFrom: {NAME} <{EMAIL}>\nTo: Bob Stone/ACME@ACME\nDate: 05.01.2020 09:00\nSubject: {SUBJECT}\n\n{FORWARDED_BODY}\n"
            ),
            Expect::Forward {
                comment: Some(COMMENT),
            },
        ),
    ];
    for (shape, body, expect) in cases {
        out.push(Case {
            row: "client habits".to_string(),
            shape,
            raw: plain(&subject, &body),
            expect,
        });
    }
}

pub fn all_cases() -> Vec<Case> {
    let mut out = Vec::new();
    attribution_cases(&mut out);
    header_block_cases(&mut out);
    separator_cases(&mut out);
    footer_cases(&mut out);
    subject_prefix_cases(&mut out);
    intro_cases(&mut out);
    disclaimer_cases(&mut out);
    habit_cases(&mut out);
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
            failures.push(format!("{} / {}: {why}", case.row, case.shape));
        }
    }
    println!(
        "generated matrix: {} rows, {} shapes, {} cases, {} pass",
        rows.len(),
        shapes.len(),
        cases.len(),
        cases.len() - failures.len()
    );
    for failure in failures.iter().take(60) {
        println!("FAIL {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} generated cases fail",
        failures.len()
    );
}

//! Generated replies whose body opens with the history (no new text above it): a header block,
//! plain or `>` quoted, under an "Original Message" banner or a rule, in every header-label
//! language and every banner; the writer answers under the quote or between its lines.

use super::*;
use crate::mail::parse::knowledge::separators::ORIGINAL_MESSAGE;

/// What the writer answers between the quoted lines.
const INLINE_ANSWERS: &str = "Yes, on Monday.\n\nFriday is fine.";

fn inline_quote() -> String {
    format!(
        "{}Yes, on Monday.\n\n{}Friday is fine.\n",
        quoted("Could you send me the draft?"),
        quoted("Is Friday fine?")
    )
}

/// The opening block as clients write it, quoted or not, under the introducing line.
fn openings(labels: &HeaderLabels, intro: &str) -> Vec<(&'static str, String)> {
    let plain_block = header_block(labels, &[0, 1, 2, 3], false);
    let quoted_block = header_block(labels, &[0, 1, 2, 3], true);
    let quoted_intro = if intro.is_empty() {
        String::new()
    } else {
        format!("> {intro}\n")
    };
    let intro = if intro.is_empty() {
        String::new()
    } else {
        format!("{intro}\n")
    };
    vec![
        ("history opens the body", format!("{intro}{plain_block}\n")),
        (
            "quoted history opens the body",
            format!("{quoted_intro}{quoted_block}>\n"),
        ),
    ]
}

pub fn opening_block_cases(out: &mut Vec<Case>) {
    let subject = format!("Re: {SUBJECT}");
    let mut add = |row: String, intro: &str, labels: &HeaderLabels| {
        for (opening, block) in openings(labels, intro) {
            let bottom = format!("{block}{}\n{NEW_TEXT}\n", quoted(OLD_TEXT));
            let inline = format!("{block}{}", inline_quote());
            for (shape, body, expect) in [
                (
                    format!("{opening}, answer under the quote"),
                    bottom,
                    NEW_TEXT,
                ),
                (
                    format!("{opening}, answers between quoted lines"),
                    inline,
                    INLINE_ANSWERS,
                ),
            ] {
                let shape: &'static str = Box::leak(shape.into_boxed_str());
                out.push(Case {
                    row: row.clone(),
                    shape,
                    raw: plain(&subject, &body),
                    expect: Expect::Reply(expect),
                });
            }
        }
    };
    for labels in HEADER_LABELS {
        add(format!("opening block {}", labels.lang), "", labels);
        add(
            format!("opening block {} under a rule", labels.lang),
            "________________________________",
            labels,
        );
    }
    for sep in ORIGINAL_MESSAGE {
        add(
            format!("opening banner {} {:?}", sep.lang, sep.text),
            &format!("-----{}-----", sep.text),
            labels_for(sep.lang),
        );
    }
}

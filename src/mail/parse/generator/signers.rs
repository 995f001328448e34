//! Generated replies signed with the sender's name alone ("pause 2 weeks\n\nSam"): every way
//! the From header names the sender, every way people sign, in every place the name stands; and
//! the one-word answers and other names that must stay.

use super::*;

/// The From header as clients write it, all naming Bob Stone.
const SENDERS: &[(&str, &str)] = &[
    ("display name", "Bob Stone <bob@example.org>"),
    ("outlook last, first", "\"Stone, Bob\" <bs@example.org>"),
    (
        "display name with company",
        "\"Bob Stone (Acme)\" <bob@example.org>",
    ),
    ("bare address", "bob.stone@example.org"),
];

/// How Bob signs.
const SIGNED: &[&str] = &["Bob", "Bob Stone", "bob", "BS", "Bob S.", "Bob."];

/// Short answers and names that are not the sender's: kept under a blank line.
const KEPT_LAST_LINES: &[&str] = &["Yes", "Friday", "Ok", "Done", "Ann", "Stone soup"];

pub fn signed_name_cases(out: &mut Vec<Case>) {
    let subject = format!("Re: {SUBJECT}");
    let attr = attribution("On {date} {name} <{email}> wrote:", DATES[0]);
    for (sender, from) in SENDERS {
        for signed in SIGNED {
            let row = format!("signed name {sender} {signed:?}");
            let alone = format!("{NEW_TEXT}\n\n{signed}\n");
            let above_quote = format!("{NEW_TEXT}\n\n{signed}\n\n{attr}\n{}", quoted(OLD_TEXT));
            let bottom = format!("{attr}\n{}\n{NEW_TEXT}\n\n{signed}\n", quoted(OLD_TEXT));
            let html_body = format!(
                "<html><body>{}<div><br></div><div>{}</div></body></html>",
                new_text_html(true),
                escape_html(signed)
            );
            for (shape, raw) in [
                (
                    "name alone under the text",
                    mime_from(from, &subject, "text/plain", &alone),
                ),
                (
                    "name above a quote",
                    mime_from(from, &subject, "text/plain", &above_quote),
                ),
                (
                    "name under a bottom-post",
                    mime_from(from, &subject, "text/plain", &bottom),
                ),
                (
                    "name alone under the text, html",
                    mime_from(from, &subject, "text/html", &html_body),
                ),
            ] {
                out.push(Case {
                    row: row.clone(),
                    shape,
                    raw,
                    expect: Expect::Reply(NEW_TEXT),
                });
            }
        }
        for last in KEPT_LAST_LINES {
            let text: &'static str = Box::leak(format!("{NEW_TEXT}\n\n{last}").into_boxed_str());
            out.push(Case {
                row: format!("signed name {sender}, last line {last:?} kept"),
                shape: "answer under the text",
                raw: mime_from(from, &subject, "text/plain", &format!("{text}\n")),
                expect: Expect::Reply(text),
            });
        }
    }
    // A forwarder signs the comment above the forward the same way.
    for (sender, from) in SENDERS {
        let body = format!(
            "{COMMENT}\n\nBob\n\n---------- Forwarded message ---------\n{}\n{FORWARDED_BODY}\n",
            header_block(&HEADER_LABELS[0], &[0, 1, 3, 2], false)
        );
        out.push(Case {
            row: format!("signed name {sender}, forward"),
            shape: "name under the forwarder's comment",
            raw: mime_from(from, &format!("Fwd: {SUBJECT}"), "text/plain", &body),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
    }
    let name_alone = mime_from(SENDERS[0].1, &subject, "text/plain", "Bob\n");
    out.push(Case {
        row: "signed name, the whole text".to_string(),
        shape: "a name with nothing above is what was written",
        raw: name_alone,
        expect: Expect::Reply("Bob"),
    });
}

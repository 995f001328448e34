//! Generated replies: attribution templates, header blocks, footers, disclaimers and habits.

use super::*;
use crate::mail::parse::knowledge::attributions::TEMPLATES;
use crate::mail::parse::knowledge::disclaimers::DISCLAIMER_OPENERS;
use crate::mail::parse::knowledge::mobile_footers::FOOTERS;
use crate::mail::parse::knowledge::valedictions::{CLOSINGS, SHORT_CLOSINGS};

pub fn attribution_cases(out: &mut Vec<Case>) {
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
            for (shape, split) in split_attributions(&attr) {
                let top = format!("{NEW_TEXT}\n\n{split}\n{}", quoted(OLD_TEXT));
                add(shape, plain(&subject, &top), Expect::Reply(NEW_TEXT));
                let bottom = format!("{split}\n{}\n{NEW_TEXT}\n", quoted(OLD_TEXT));
                let bottom_shape = match shape {
                    "attribution wrapped at a column" => "bottom-quoted, attribution wrapped",
                    "attribution, last word on the next line" => {
                        "bottom-quoted, last word of the attribution on the next line"
                    }
                    _ => "bottom-quoted, address as a link on its own lines",
                };
                add(
                    bottom_shape,
                    plain(&subject, &bottom),
                    Expect::Reply(NEW_TEXT),
                );
            }
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

pub fn header_block_cases(out: &mut Vec<Case>) {
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
            (
                "bottom-post under the block, plain subject",
                plain(SUBJECT, &bottom),
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

pub fn footer_cases(out: &mut Vec<Case>) {
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

/// Every closing, long and short, above a name: plain, and HTML with one `<div>` per line.
pub fn closing_cases(out: &mut Vec<Case>) {
    let subject = format!("Re: {SUBJECT}");
    for closing in CLOSINGS.iter().chain(SHORT_CLOSINGS) {
        let mut written = closing.text.to_string();
        if let Some(first) = written.get(..1) {
            written = first.to_uppercase() + &written[1..];
        }
        let row = format!("closing {} {:?}", closing.lang, closing.text);
        let plain_body = format!("{NEW_TEXT}\n\n{written},\n{NAME}\n");
        let html_body = format!(
            "<html><body>{}<div><br></div><div>{},</div><div>{NAME}</div></body></html>",
            new_text_html(true),
            escape_html(&written)
        );
        for (shape, raw) in [
            ("closing and name", plain(&subject, &plain_body)),
            ("closing and name, html", html(&subject, &html_body)),
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

pub fn disclaimer_cases(out: &mut Vec<Case>) {
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
pub fn habit_cases(out: &mut Vec<Case>) {
    let subject = format!("Re: {SUBJECT}");
    let attr = attribution(TEMPLATES[0].text, DATES[0]);
    let cases: [(&str, String, Expect); 14] = [
        (
            "the last line run into the attribution (HTML turned into text)",
            format!("{NEW_TEXT} {attr}\n{}", quoted(OLD_TEXT)),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "a header block cut down to a date and an address",
            format!(
                "{NEW_TEXT}\n\nDate: Sun, 5 Jan 2020 10:00:00 +0100\nTo: {EMAIL}\n\n{OLD_TEXT}\n"
            ),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "arrows the writer drew around a link",
            "Visit the plan:\n>>> https://example.org/plan <<<\nThen reply.\n".to_string(),
            Expect::Reply("Visit the plan:\n>>> https://example.org/plan <<<\nThen reply."),
        ),
        (
            "a link the quoting client broke",
            format!(
                "{NEW_TEXT}\n\n{attr}\n> See the plan (https://example.org/plan?id=\n42&v=2)\n> Thanks\n"
            ),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "slash signature",
            format!("{NEW_TEXT}\n\n/Bob\n\n{attr}\n{}", quoted(OLD_TEXT)),
            Expect::Reply(NEW_TEXT),
        ),
        (
            "a short label starting an inline answer",
            "> Should we ship on Friday?\nNo: the tests fail.\n\n> And on Monday?\nYes.\n"
                .to_string(),
            Expect::Reply("No: the tests fail.\n\nYes."),
        ),
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

/// Column at which the generator wraps a long attribution, as plain-text clients do (narrow,
/// so that most attributions wrap over two or three lines).
const WRAP_COLUMN: usize = 40;

/// The same attribution split over lines as clients and HTML-to-text conversions leave it:
/// wrapped at a column, the verb alone on the next line (Polymail), and the address turned into
/// a `mailto:` link on lines of its own.
fn split_attributions(attr: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if attr.contains('\n') {
        return out;
    }
    let mut wrapped = String::new();
    let mut width = 0;
    for word in attr.split(' ') {
        if width > 0 && width + 1 + word.chars().count() > WRAP_COLUMN {
            wrapped.push('\n');
            width = 0;
        } else if width > 0 {
            wrapped.push(' ');
            width += 1;
        }
        wrapped.push_str(word);
        width += word.chars().count();
    }
    out.push(("attribution wrapped at a column", wrapped));
    // The last word (a dashed rule after it stays with it: "wrote -----").
    let words: Vec<&str> = attr.split(' ').collect();
    if let Some(last) = words
        .iter()
        .rposition(|w| w.chars().any(char::is_alphabetic))
        .filter(|&i| i > 0)
    {
        let (head, tail) = words.split_at(last);
        out.push((
            "attribution, last word on the next line",
            format!("{}\n{}", head.join(" "), tail.join(" ")),
        ));
    }
    let bracketed = format!("<{EMAIL}>");
    if attr.contains(&bracketed) {
        let link = attr.replace(&bracketed, &format!("<\nmailto:{EMAIL}\n>"));
        out.push(("attribution, address as a link on its own lines", link));
    }
    out
}

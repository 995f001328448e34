//! Generated forwards: separators, subject prefixes and forwarders' intros.

use super::*;
use crate::mail::parse::knowledge::forward_intros::FORWARD_INTROS;
use crate::mail::parse::knowledge::separators::{
    FORWARD_BEGINS, FORWARDED_MESSAGE, ORIGINAL_MESSAGE,
};
use crate::mail::parse::knowledge::subject_prefixes::FORWARD_PREFIXES;

pub fn separator_cases(out: &mut Vec<Case>) {
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
        let quoted_below = format!(
            "-------- {} --------\n{}>\n{}\n{COMMENT}\n",
            sep.text,
            header_block(labels, &[0, 1, 2, 3], true),
            quoted(FORWARDED_BODY)
        );
        out.push(Case {
            row: row.clone(),
            shape: "quoted forward under original message, comment below",
            raw: plain(&format!("Fwd: {SUBJECT}"), &quoted_below),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
        let alone = format!(
            "-------- {} --------\n{block}\n{FORWARDED_BODY}\n",
            sep.text
        );
        out.push(Case {
            row: row.clone(),
            shape: "forward under original message, nothing above",
            raw: plain(SUBJECT, &alone),
            expect: Expect::Forward { comment: None },
        });
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
        let gmail_html = format!(
            "<div dir=\"ltr\">{}<br><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">---------- {} ---------<br>{}: <strong class=\"gmail_sendername\" dir=\"auto\">{NAME}</strong> <span dir=\"auto\">&lt;<a href=\"mailto:{EMAIL}\">{EMAIL}</a>&gt;</span><br>{}: Sun, Jan 5, 2020 at 10:00 AM<br>{}: {SUBJECT}<br>{}: Bob &lt;<a href=\"mailto:bob@example.org\">bob@example.org</a>&gt;<br></div><br><br><div dir=\"ltr\">{}</div></div></div>",
            escape_html(COMMENT),
            sep.text,
            labels.from[0],
            labels.date[0],
            labels.subject[0],
            labels.to[0],
            escape_html(FORWARDED_BODY)
        );
        let reply_subject = format!("Re: {SUBJECT}");
        for (shape, raw, comment) in [
            ("gmail html", html(SUBJECT, &gmail_html), Some(COMMENT)),
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

pub fn subject_prefix_cases(out: &mut Vec<Case>) {
    for prefix in FORWARD_PREFIXES {
        let row = format!("forward prefix {} {:?}", prefix.lang, prefix.text);
        let labels = labels_for(prefix.lang);
        let body = format!(
            "{COMMENT}\n\n________________________________\n{}\n{FORWARDED_BODY}\n",
            header_block(labels, &[0, 1, 2, 3], false)
        );
        out.push(Case {
            row: row.clone(),
            shape: "outlook block, no separator",
            raw: plain(&format!("{}: {SUBJECT}", prefix.text), &body),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
        let with_importance = format!(
            "{COMMENT}\n\n-----Original Message-----\n{}Importance: High\n\n{FORWARDED_BODY}\n",
            header_block(labels, &[0, 1, 2, 3], false)
        );
        out.push(Case {
            row,
            shape: "original message block with an Importance line",
            raw: plain(&format!("{}: {SUBJECT}", prefix.text), &with_importance),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
    }
}

pub fn intro_cases(out: &mut Vec<Case>) {
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

/// A forwarded header block with no "Forwarded message" line, decided by the subject's prefix:
/// quoted (Apple Mail, Sparrow) with the forwarder's text above or below it, and plain with
/// its fields folded (a long Subject on two lines), spaced by blank lines, or written without
/// a space after the colon, in the labels of the prefix's language.
pub fn prefix_only_cases(out: &mut Vec<Case>) {
    for prefix in FORWARD_PREFIXES {
        let row = format!(
            "forward prefix {} {:?}, no separator",
            prefix.lang, prefix.text
        );
        let labels = labels_for(prefix.lang);
        let subject = format!("{}: {SUBJECT}", prefix.text);
        let quoted_block = header_block(labels, &[0, 3, 1, 2], true);
        let quoted_forward = format!("{quoted_block}>\n{}", quoted(FORWARDED_BODY));
        let below = format!("{quoted_forward}\n{COMMENT}\n");
        let above = format!("{COMMENT}\n\n{quoted_forward}");
        let (head, tail) = SUBJECT.split_at(6);
        let folded = format!(
            "{COMMENT}\n\n{}: {NAME} <{EMAIL}>\n{}: Sunday, January 5, 2020 10:00\n{}: {head}\n {}\n{}: Bob <bob@example.org>\n\n{FORWARDED_BODY}\n",
            labels.from[0],
            labels.date[0],
            labels.subject[0],
            tail.trim(),
            labels.to[0],
        );
        let spaced = format!(
            "{COMMENT}\n\n{}:{NAME} <{EMAIL}>\n\n{}:Sunday, January 5, 2020 10:00\n\n{}:{SUBJECT}\n\n{}:Bob <bob@example.org>\n\n\n{FORWARDED_BODY}\n",
            labels.from[0], labels.date[0], labels.subject[0], labels.to[0],
        );
        let outlook_html = format!(
            "<html><body><div>{}</div><hr><div><b>{}:</b> {NAME} &lt;{EMAIL}&gt;<br><b>{}:</b> Sunday, January 5, 2020 10:00<br><b>{}:</b> Bob<br><b>{}:</b> {SUBJECT}</div><div>{}</div></body></html>",
            escape_html(COMMENT),
            labels.from[0],
            labels.date[0],
            labels.to[0],
            labels.subject[0],
            escape_html(FORWARDED_BODY)
        );
        out.push(Case {
            row: row.clone(),
            shape: "outlook html block",
            raw: html(&subject, &outlook_html),
            expect: Expect::Forward {
                comment: Some(COMMENT),
            },
        });
        for (shape, body) in [
            ("quoted block, comment below", below),
            ("quoted block, comment above", above),
            ("folded subject", folded),
            (
                "blank lines between fields, no space after the colon",
                spaced,
            ),
        ] {
            out.push(Case {
                row: row.clone(),
                shape,
                raw: plain(&subject, &body),
                expect: Expect::Forward {
                    comment: Some(COMMENT),
                },
            });
        }
    }
}

/// A forwarder's intro in each language above a header block in the labels of that language
/// (a plain subject: the intro and the position decide).
pub fn localised_intro_cases(out: &mut Vec<Case>) {
    for intro in FORWARD_INTROS {
        let labels = labels_for(intro.lang);
        let comment: &'static str = Box::leak(format!("{}.", intro.text).into_boxed_str());
        let block = header_block(labels, &[0, 1, 2, 3], false);
        let body = format!("{comment}\n\n{block}\n{FORWARDED_BODY}\n");
        out.push(Case {
            row: format!("forward intro {} {:?}", intro.lang, intro.text),
            shape: "intro above a block in its language",
            raw: plain(SUBJECT, &body),
            expect: Expect::Forward {
                comment: Some(comment),
            },
        });
    }
}

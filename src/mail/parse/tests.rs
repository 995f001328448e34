//! Robustness and classification tests for `parse`.

use super::*;

fn mail(headers: &str, body: &str) -> Vec<u8> {
    format!("{headers}\r\n\r\n{body}").into_bytes()
}

#[test]
fn empty_and_garbage_input_give_a_result() {
    assert_eq!(parse(b"").reply_text, "");
    let garbage: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let parsed = parse(&garbage);
    assert!(parsed.forwarded.is_empty() || parsed.kind == MailKind::Forward);
}

#[test]
fn malformed_mime_boundaries_and_wrong_charset() {
    let mut raw = mail(
        "From: a@b.c\r\nSubject: hi\r\nContent-Type: multipart/alternative; boundary=\"zz\"",
        "--zz\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nHello ",
    );
    raw.extend_from_slice(b"\xff\xfe there\r\n--z");
    let parsed = parse(&raw);
    assert_eq!(parsed.from_address, "a@b.c");
    assert!(parsed.reply_text.contains("Hello"), "{}", parsed.reply_text);
}

#[test]
fn forty_megabyte_mail_is_parsed() {
    let mut body =
        String::from("Top reply\r\n\r\nOn Mon, Jan 1, 2024 at 9:00 AM A <a@b.c> wrote:\r\n");
    let line = "> quoted history line that goes on for a while\r\n";
    while body.len() < 40 * 1024 * 1024 {
        body.push_str(line);
    }
    let parsed = parse(&mail("From: a@b.c\r\nSubject: Re: x", &body));
    assert_eq!(parsed.reply_text, "Top reply");
}

#[test]
fn auto_replies_and_bounces_are_classified() {
    let auto = parse(&mail(
        "From: a@b.c\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied",
        "away",
    ));
    assert_eq!(auto.kind, MailKind::AutoReply);
    let not_auto = parse(&mail(
        "From: a@b.c\r\nSubject: Re: x\r\nAuto-Submitted: no",
        "here",
    ));
    assert_eq!(not_auto.kind, MailKind::Reply);
    let bulk = parse(&mail(
        "From: a@b.c\r\nSubject: news\r\nPrecedence: bulk",
        "x",
    ));
    assert_eq!(bulk.kind, MailKind::AutoReply);
    let bounce = parse(&mail(
        "From: MAILER-DAEMON@b.c\r\nSubject: Undelivered\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b",
        "--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.0.0\r\n--b--\r\n",
    ));
    assert_eq!(bounce.kind, MailKind::Bounce);
}

#[test]
fn attached_message_is_a_forward() {
    let raw = mail(
        "From: mentor@b.c\r\nSubject: notes\r\nContent-Type: multipart/mixed; boundary=b",
        "--b\r\nContent-Type: text/plain\r\n\r\nFor the file.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: Ann <ann@x.y>\r\nTo: mentor@b.c\r\nSubject: Session\r\n\r\nWe agreed on goals.\r\n--b--\r\n",
    );
    let parsed = parse(&raw);
    assert_eq!(parsed.kind, MailKind::Forward);
    assert_eq!(parsed.comment.as_deref(), Some("For the file."));
    assert_eq!(parsed.forwarded[0].from, "Ann <ann@x.y>");
    assert_eq!(parsed.forwarded[0].body, "We agreed on goals.");
    // The forwarder's comment is their new text; nothing of the attached message is.
    assert_eq!(parsed.reply_text, "For the file.");
}

#[test]
fn html_only_reply_drops_the_quote() {
    let raw = mail(
        "From: a@b.c\r\nSubject: Re: x\r\nContent-Type: text/html; charset=utf-8",
        "<div>Sounds good.</div><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, Jan 1, 2024 at 9:00 AM Coach &lt;c@b.c&gt; wrote:<br></div><blockquote class=\"gmail_quote\">What went well?</blockquote></div>",
    );
    assert_eq!(parse(&raw).reply_text, "Sounds good.");
}

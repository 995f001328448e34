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

/// Found by `fuzz/run.sh` after 29 minutes: mail-parser 0.11 panics on this multipart structure.
#[test]
fn a_mail_the_mime_parser_panics_on_is_unreadable_not_a_crash() {
    let raw = include_bytes!("../../../tests/mail/malformed/fuzz-mail-parser-invalid-part-id.eml");
    assert!(
        std::panic::catch_unwind(|| mail_parser::MessageParser::default().parse(&raw[..])).is_err(),
        "mail-parser no longer panics here: the guard in parse_mime may go"
    );
    let parsed = parse(raw);
    assert_eq!(parsed.kind, ParsedMail::empty().kind);
    assert!(parsed.reply_text.is_empty() && parsed.forwarded.is_empty());
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

#[test]
fn outlook_html_reply_drops_the_header_block_and_closing() {
    let raw = mail(
        "From: Mentee <mentee@example.com>\r\nSubject: RE: Your weekly reflection\r\nContent-Type: text/html; charset=utf-8",
        "<div><p class=\"MsoNormal\">This week I shipped the onboarding flow.</p><p>Best,<br>Mia</p><div id=\"divRplyFwdMsg\"><hr><b>From:</b> Coach &lt;coach@example.org&gt;<br><b>Sent:</b> Monday, March 4, 2024 9:00 AM<br><b>To:</b> Mentee &lt;mentee@example.com&gt;<br><b>Subject:</b> Your weekly reflection</div><div><p>What went well this week?</p></div></div>",
    );
    let parsed = parse(&raw);
    assert_eq!(parsed.kind, MailKind::Reply);
    assert_eq!(
        parsed.reply_text,
        "This week I shipped the onboarding flow."
    );
}

#[test]
fn apple_html_reply_drops_the_cite_blockquote() {
    let raw = mail(
        "From: Mentee <mentee@example.com>\r\nSubject: Re: Your weekly reflection\r\nContent-Type: text/html; charset=utf-8",
        "<div>Mostly good, thanks.</div><div><br><blockquote type=\"cite\">On 4 Mar 2024, at 09:00, Coach &lt;coach@example.org&gt; wrote:<br><br></blockquote></div><blockquote type=\"cite\"><div>What went well this week?</div></blockquote>",
    );
    assert_eq!(parse(&raw).reply_text, "Mostly good, thanks.");
}

#[test]
fn inline_answers_map_each_question_to_its_answer() {
    let raw = mail(
        "From: Mentee <mentee@example.com>\r\nSubject: Re: Your weekly reflection",
        "On Mon, Mar 4, 2024 at 9:00 AM Coach <coach@example.org> wrote:\r\n> Hi Mia,\r\n>\r\n> 1. What went well this week?\r\n\r\nShipped onboarding on time.\r\n\r\n> 2. What was hard?\r\n\r\nSaying no to a stakeholder.\r\nStill learning.\r\n\r\n> 3. What will you try next week?\r\n>\r\n\r\nWeekly 1:1 with design.\r\n\r\n--\r\nMia\r\n",
    );
    let parsed = parse(&raw);
    let expected = [
        (
            "1. What went well this week?",
            "Shipped onboarding on time.",
        ),
        (
            "2. What was hard?",
            "Saying no to a stakeholder.\nStill learning.",
        ),
        ("3. What will you try next week?", "Weekly 1:1 with design."),
    ];
    assert_eq!(parsed.sections.len(), expected.len());
    for (question, answer) in expected {
        assert_eq!(
            parsed.sections.get(question).map(String::as_str),
            Some(answer),
            "{question}"
        );
    }
    assert!(!parsed.reply_text.contains("Mia"));
}

#[test]
fn closing_that_ends_the_text_is_kept() {
    let raw = mail(
        "From: a@b.c\r\nSubject: Re: x",
        "I hope you can check it\r\n\r\nThanks!\r\n",
    );
    assert_eq!(parse(&raw).reply_text, "I hope you can check it\n\nThanks!");
    let raw = mail(
        "From: a@b.c\r\nSubject: Re: x",
        "Done.\r\n\r\nThanks,\r\nMia\r\n",
    );
    assert_eq!(parse(&raw).reply_text, "Done.");
}

/// Each line of a long run of `>`-comparisons starts a new check of the run: the check is
/// capped, so this stays linear (it took minutes when it was not).
#[test]
fn a_long_run_of_comparison_lines_is_parsed() {
    let body = "Numbers:\r\n".to_string() + &">5 of them\r\n".repeat(200_000);
    let parsed = parse(&mail("From: a@b.c\r\nSubject: x", &body));
    assert_eq!(parsed.reply_text, "Numbers:");
}

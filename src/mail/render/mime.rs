//! The MIME around the words of a mail.
//!
//! Every mail carries `Auto-Submitted: auto-generated` (RFC 3834) so auto-responders and our own
//! inbound pipeline never answer it, a `Reply-To` token that routes the reply, and
//! `List-Unsubscribe` (RFC 2369; with `List-Unsubscribe-Post`, RFC 8058, when a one-click HTTPS
//! endpoint is configured). Bodies are quoted-printable or base64 so the message is 7-bit clean.

use jiff::Timestamp;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;

use super::Rendered;

/// Headers of an outgoing mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub from_name: String,
    pub from_address: String,
    pub to_name: String,
    pub to_address: String,
    pub reply_to: String,
    /// `mailto:` address that unsubscribes.
    pub unsubscribe_mailto: String,
    /// One-click HTTPS unsubscribe URL, when the deployment has one.
    pub unsubscribe_url: Option<String>,
    pub date: Timestamp,
    /// Without angle brackets; derived from what is sent, so a retried send keeps its id.
    pub message_id: String,
}

/// The headers every mail of ours carries: sender, recipient, subject, id, date, and the RFC 3834
/// `Auto-Submitted` value (`auto-generated` for scheduled mail, `auto-replied` for answers) with
/// Microsoft's equivalent, so no auto-responder answers us.
fn base_message<'a>(
    from: (&'a str, &'a str),
    to: (&'a str, &'a str),
    subject: &'a str,
    message_id: &'a str,
    date: Timestamp,
    auto_submitted: &'static str,
) -> MessageBuilder<'a> {
    MessageBuilder::new()
        .from(Address::new_address(Some(from.0), from.1))
        .to(Address::new_address(Some(to.0), to.1))
        .subject(subject)
        .message_id(message_id)
        .date(date.as_second())
        .header("Auto-Submitted", Raw::new(auto_submitted))
        .header("X-Auto-Response-Suppress", Raw::new("All"))
}

/// Add the text and HTML alternatives and serialise.
fn with_bodies(builder: MessageBuilder<'_>, rendered: &Rendered) -> Vec<u8> {
    builder
        .text_body(rendered.text.as_str())
        .html_body(rendered.html.as_str())
        .write_to_vec()
        .unwrap_or_default()
}

/// Assemble the MIME message: multipart/alternative with text and HTML.
pub fn to_mime(envelope: &Envelope, rendered: &Rendered) -> Vec<u8> {
    let mut unsubscribe = format!(
        "<mailto:{}?subject=unsubscribe>",
        envelope.unsubscribe_mailto
    );
    let mut builder = base_message(
        (&envelope.from_name, &envelope.from_address),
        (&envelope.to_name, &envelope.to_address),
        &rendered.subject,
        &envelope.message_id,
        envelope.date,
        "auto-generated",
    )
    .reply_to(envelope.reply_to.as_str());
    if let Some(url) = &envelope.unsubscribe_url {
        unsubscribe = format!("<{url}>, {unsubscribe}");
        builder = builder.header(
            "List-Unsubscribe-Post",
            Raw::new("List-Unsubscribe=One-Click"),
        );
    }
    with_bodies(
        builder.header("List-Unsubscribe", Raw::new(unsubscribe)),
        rendered,
    )
}

/// Headers of a notice to one person (the acknowledgement of a mentor's notes, the "which
/// mentee?" question): no Reply-To token and no List-Unsubscribe, since it answers their mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeEnvelope {
    pub from_name: String,
    pub from_address: String,
    pub to_name: String,
    pub to_address: String,
    /// The Message-ID of the mail this answers, so clients thread the notice under it.
    pub in_reply_to: Option<String>,
    pub date: Timestamp,
    /// Without angle brackets.
    pub message_id: String,
}

/// Assemble a notice: multipart/alternative, `Auto-Submitted: auto-replied` (RFC 3834: it
/// answers a mail), threaded under the mail it answers.
pub fn notice_to_mime(envelope: &NoticeEnvelope, rendered: &Rendered) -> Vec<u8> {
    let mut builder = base_message(
        (&envelope.from_name, &envelope.from_address),
        (&envelope.to_name, &envelope.to_address),
        &rendered.subject,
        &envelope.message_id,
        envelope.date,
        "auto-replied",
    );
    if let Some(original) = &envelope.in_reply_to {
        builder = builder
            .in_reply_to(original.as_str())
            .references(original.as_str());
    }
    with_bodies(builder, rendered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::prompts::{default_bank, questions_for};
    use crate::domain::{Cadence, Weekday};
    use crate::mail::parse::parse;
    use crate::mail::render::{
        FooterLinks, GoalLine, GoalReminderView, PromptView, goal_reminder, prompt,
    };

    fn envelope() -> Envelope {
        Envelope {
            from_name: "PM Mentoring".into(),
            from_address: "coach@mentor.example.org".into(),
            to_name: "Sam Rivera".into(),
            to_address: "sam@example.org".into(),
            reply_to: "reflect+abc-1-xyz@mentor.example.org".into(),
            unsubscribe_mailto: "reflect+abc-1-xyz@mentor.example.org".into(),
            unsubscribe_url: Some("https://example.org/u?t=abc".into()),
            date: "2026-11-30T09:00:00Z".parse().unwrap(),
            message_id: "prompt.abc.1@mentor.example.org".into(),
        }
    }

    #[test]
    fn prompt_mail_has_the_headers_and_both_alternatives() {
        let bank = default_bank();
        let view = PromptView {
            programme: "PM Mentoring",
            mentee_first_name: "Sam",
            mentor_name: "Maya Chen",
            cadence: &Cadence::Weekly { day: Weekday::Mon },
            seq: 1,
            questions: questions_for(&bank, 1),
            open_goals: vec![GoalLine {
                title: "Run a discovery interview <alone> & write it up".into(),
                target: Some(jiff::civil::date(2027, 1, 15)),
            }],
            nudge: false,
            look_back: None,
            agreed_items: vec!["Sam: send the roadmap deck outline to Maya by Friday".into()],
        };
        let rendered = prompt(&view).render(&FooterLinks::default());
        let raw = to_mime(&envelope(), &rendered);
        assert!(raw.is_ascii(), "7-bit clean");
        // Unfold folded header lines before looking for them.
        let text = String::from_utf8(raw.clone())
            .unwrap()
            .replace("\r\n ", " ")
            .replace("\n ", " ");
        for header in [
            "Auto-Submitted: auto-generated",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "List-Unsubscribe: <https://example.org/u?t=abc>, <mailto:",
            "Reply-To: <reflect+abc-1-xyz@mentor.example.org>",
            "Message-ID: <prompt.abc.1@mentor.example.org>",
            "multipart/alternative",
        ] {
            assert!(text.contains(header), "missing {header}:\n{text}");
        }
        assert!(rendered.html.contains("&#60;alone&#62; &#38;"));
        assert!(rendered.text.contains("(by 15 Jan 2027)"));
        assert!(rendered.text.contains(
            "Last session you agreed to:\n- Sam: send the roadmap deck outline to Maya by Friday\n\nHow did it go?"
        ));
        assert!(rendered.html.contains(
            "<li style=\"margin:0 0 6px;\">Sam: send the roadmap deck outline to Maya by Friday</li>"
        ));
        // Our own parser reads it back.
        let parsed = parse(&raw);
        assert_eq!(parsed.subject, "PM Mentoring: your reflection #1");
        assert_eq!(parsed.from_address, "coach@mentor.example.org");
    }

    #[test]
    fn without_https_endpoint_there_is_no_one_click_header() {
        let mut env = envelope();
        env.unsubscribe_url = None;
        let raw = to_mime(
            &env,
            &goal_reminder(&GoalReminderView {
                programme: "P",
                mentee_first_name: "Sam",
                goal: GoalLine {
                    title: "Ship".into(),
                    target: None,
                },
                overdue: true,
            })
            .render(&FooterLinks::default()),
        );
        let text = String::from_utf8(raw).unwrap();
        assert!(!text.contains("List-Unsubscribe-Post"));
        assert!(text.contains("List-Unsubscribe: <mailto:"));
    }
}

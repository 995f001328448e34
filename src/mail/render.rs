//! Outgoing mail: the words (text and HTML alternatives) and the MIME around them.
//!
//! Every mail carries `Auto-Submitted: auto-generated` (RFC 3834) so auto-responders and our own
//! inbound pipeline never answer it, a `Reply-To` token that routes the reply, and
//! `List-Unsubscribe` (RFC 2369; with `List-Unsubscribe-Post`, RFC 8058, when a one-click HTTPS
//! endpoint is configured). Bodies are quoted-printable or base64 so the message is 7-bit clean.

use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;

use crate::domain::prompts::Question;

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

/// The words of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A goal as shown in mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalLine {
    pub title: String,
    pub target: Option<Date>,
}

fn goal_line(goal: &GoalLine) -> String {
    match goal.target {
        Some(target) => format!("{} (by {})", goal.title, target.strftime("%-d %b %Y")),
        None => goal.title.clone(),
    }
}

/// Escape text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn html_page(paragraphs: &[String], list: &[String], after: &[String]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif;line-height:1.5\">\n",
    );
    for p in paragraphs {
        let _ = writeln!(html, "<p>{}</p>", escape(p));
    }
    if !list.is_empty() {
        html.push_str("<ul>\n");
        for item in list {
            let _ = writeln!(html, "<li>{}</li>", escape(item));
        }
        html.push_str("</ul>\n");
    }
    for p in after {
        let _ = writeln!(html, "<p>{}</p>", escape(p));
    }
    html.push_str("</body></html>\n");
    html
}

/// Inputs of a reflection prompt.
#[derive(Debug, Clone)]
pub struct PromptView<'a> {
    pub programme: &'a str,
    pub mentee_first_name: &'a str,
    pub mentor_name: &'a str,
    pub seq: u32,
    pub questions: Vec<&'a Question>,
    pub open_goals: Vec<GoalLine>,
    /// The mentee has not answered the last two prompts: say so, gently, once.
    pub nudge: bool,
    /// A goal or decision from months ago to look back on.
    pub look_back: Option<String>,
    /// Action items from the mentor's notes since the last prompt, verbatim: the prompt asks
    /// how they went.
    pub agreed_items: Vec<String>,
}

/// A reflection prompt. Each question stands on its own line so a mentee can answer inline under
/// it; the parser maps such answers back to their questions.
pub fn prompt(view: &PromptView<'_>) -> Rendered {
    let subject = if view.nudge {
        format!(
            "{}: a gentle nudge, and your reflection #{}",
            view.programme, view.seq
        )
    } else {
        format!("{}: your reflection #{}", view.programme, view.seq)
    };
    let greeting = format!("Hi {},", view.mentee_first_name);
    let intro = if view.nudge {
        format!(
            "We have not heard from you for a couple of weeks, and that is fine: busy weeks \
             happen. Two lines are enough to keep {} in the loop. If you need a break, reply \
             \"pause 2 weeks\" (or \"pause until 5 Jan\").",
            view.mentor_name
        )
    } else {
        format!(
            "Time for a short reflection. Reply to this email: your answer goes to your \
             mentorship timeline, and {} sees it before your next session.",
            view.mentor_name
        )
    };
    let mut questions: Vec<String> = view.questions.iter().map(|q| q.text.clone()).collect();
    if let Some(look_back) = &view.look_back {
        questions.push(look_back.clone());
    }
    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for q in &questions {
        let _ = writeln!(text, "{q}\n");
    }
    let mut after = Vec::new();
    if !view.agreed_items.is_empty() {
        text.push_str("Last session you agreed to:\n");
        for item in &view.agreed_items {
            let _ = writeln!(text, "- {item}");
        }
        text.push_str("How did it go?\n\n");
        after.push(format!(
            "Last session you agreed to: {}. How did it go?",
            view.agreed_items.join("; ")
        ));
    }
    if !view.open_goals.is_empty() {
        text.push_str("Your open goals:\n");
        for g in &view.open_goals {
            let _ = writeln!(text, "- {}", goal_line(g));
        }
        text.push('\n');
        after.push(format!(
            "Your open goals: {}",
            view.open_goals
                .iter()
                .map(goal_line)
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let outro = "A few sentences are plenty. You can also answer under each question.";
    let _ = writeln!(text, "{outro}");
    after.push(outro.to_string());
    let html = html_page(&[greeting, intro], &questions, &after);
    Rendered {
        subject,
        text,
        html,
    }
}

/// Inputs of a goal reminder.
#[derive(Debug, Clone)]
pub struct GoalReminderView<'a> {
    pub programme: &'a str,
    pub mentee_first_name: &'a str,
    pub goal: GoalLine,
    /// True once the target date has passed.
    pub overdue: bool,
}

pub fn goal_reminder(view: &GoalReminderView<'_>) -> Rendered {
    let line = goal_line(&view.goal);
    let subject = if view.overdue {
        format!("{}: your goal's date has passed", view.programme)
    } else {
        format!("{}: your goal is due soon", view.programme)
    };
    let greeting = format!("Hi {},", view.mentee_first_name);
    let body = if view.overdue {
        format!("The target date of your goal has passed: {line}.")
    } else {
        format!("A reminder that your goal is coming up: {line}.")
    };
    let ask = "How is it going? Reply to this email with where you are.";
    let text = format!("{greeting}\n\n{body}\n\n{ask}\n");
    let html = html_page(&[greeting, body, ask.to_string()], &[], &[]);
    Rendered {
        subject,
        text,
        html,
    }
}

/// A mail of paragraphs, a list and closing paragraphs, in both alternatives.
fn simple(
    subject: String,
    paragraphs: Vec<String>,
    list: Vec<String>,
    after: Vec<String>,
) -> Rendered {
    let mut text = String::new();
    for p in &paragraphs {
        let _ = writeln!(text, "{p}\n");
    }
    for item in &list {
        let _ = writeln!(text, "- {item}");
    }
    if !list.is_empty() {
        text.push('\n');
    }
    for p in &after {
        let _ = writeln!(text, "{p}\n");
    }
    let html = html_page(&paragraphs, &list, &after);
    Rendered {
        subject,
        text: text.trim_end().to_string() + "\n",
        html,
    }
}

/// A new pair's first mail: it asks for goals, one per line, with dates where there are some.
pub fn kickoff(programme: &str, mentee_first_name: &str, mentor_name: &str) -> Rendered {
    simple(
        format!("{programme}: welcome! What are your goals?"),
        vec![
            format!("Hi {mentee_first_name},"),
            format!(
                "Welcome to {programme}. You and {mentor_name} are now paired. To start, what \
                 do you want to get out of this mentorship?"
            ),
            "Reply with your goals, one per line, and a target date where you have one, like:"
                .to_string(),
        ],
        vec![
            "Run five discovery interviews by 15 Jan".to_string(),
            "Own the pricing page by end of March".to_string(),
        ],
        vec![
            "We will remind you before each date, and ask short reflection questions on your \
             schedule. Reply \"pause 2 weeks\" or \"stop\" at any time."
                .to_string(),
        ],
    )
}

/// Tells the mentor that the mentee has gone quiet, after the gentle nudge went unanswered.
pub fn mentor_alert(
    programme: &str,
    mentor_first_name: &str,
    mentee_name: &str,
    unanswered: u32,
) -> Rendered {
    simple(
        format!("{programme}: {mentee_name} has gone quiet"),
        vec![
            format!("Hi {mentor_first_name},"),
            format!(
                "{mentee_name} has not answered the last {unanswered} reflection prompts, \
                 including a gentle nudge. A short personal note from you often helps more \
                 than another reminder from us."
            ),
            "We keep sending prompts on the usual schedule and will not write to you about \
             this again unless it happens again after a reply."
                .to_string(),
        ],
        Vec::new(),
        Vec::new(),
    )
}

/// What the mentor's digest reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DigestView {
    pub programme: String,
    pub mentor_first_name: String,
    pub mentee_name: String,
    pub since: Option<Date>,
    /// The next session, when the mentor's notes gave its date.
    pub session: Option<Date>,
    /// This digest is the one the day before that session.
    pub before_session: bool,
    /// (local date, text) of each reflection since the last digest.
    pub reflections: Vec<(Date, String)>,
    /// One line per goal with its status.
    pub goals: Vec<String>,
    pub decisions: Vec<(Date, String)>,
    /// Open items: overdue goals, requests (pause, stop), goal changes.
    pub open_items: Vec<String>,
}

pub fn digest(view: &DigestView) -> Rendered {
    let since = view
        .since
        .map(|d| format!(" since {}", d.strftime("%-d %b")))
        .unwrap_or_default();
    let mut paragraphs = vec![format!("Hi {},", view.mentor_first_name)];
    if let Some(session) = view.session {
        paragraphs.push(format!(
            "Your next session with {} is on {}.",
            view.mentee_name,
            session.strftime("%A %-d %B")
        ));
    }
    paragraphs.push(format!("Here is {}'s week{since}.", view.mentee_name));
    let mut list = Vec::new();
    if view.reflections.is_empty() {
        paragraphs.push("No reflections this week.".to_string());
    }
    for (date, text) in &view.reflections {
        list.push(format!(
            "Reflection, {}: {}",
            date.strftime("%-d %b"),
            one_line(text)
        ));
    }
    for goal in &view.goals {
        list.push(format!("Goal: {goal}"));
    }
    for (date, text) in &view.decisions {
        list.push(format!(
            "Decision, {}: {}",
            date.strftime("%-d %b"),
            one_line(text)
        ));
    }
    for item in &view.open_items {
        list.push(format!("Open: {item}"));
    }
    if list.is_empty() {
        paragraphs.push("Nothing else to report.".to_string());
    }
    let subject = match view.session.filter(|_| view.before_session) {
        Some(session) => format!(
            "{}: {} before your session on {}",
            view.programme,
            view.mentee_name,
            session.strftime("%a %-d %b")
        ),
        None => format!("{}: digest for {}", view.programme, view.mentee_name),
    };
    simple(
        subject,
        paragraphs,
        list,
        vec!["Forward your session notes to the notes address to add them to the timeline.".into()],
    )
}

/// At most 300 characters of `text` on one line.
fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(300) {
        Some((cut, _)) => format!("{}...", &joined[..cut]),
        None => joined,
    }
}

/// Asks what came of a decision, 30 or 90 days on.
pub fn decision_follow_up(
    programme: &str,
    mentee_first_name: &str,
    decision: &str,
    decided_on: Date,
    days: u32,
) -> Rendered {
    simple(
        format!("{programme}: what came of your decision?"),
        vec![
            format!("Hi {mentee_first_name},"),
            format!(
                "{days} days ago, on {}, you recorded a decision:",
                decided_on.strftime("%-d %b %Y")
            ),
        ],
        vec![one_line(decision)],
        vec![
            "What happened since? Would you decide the same way again, and what did you learn?"
                .to_string(),
        ],
    )
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

    #[test]
    fn the_digest_before_a_session_names_it_in_subject_and_text() {
        let mut view = DigestView {
            programme: "PM Mentoring".into(),
            mentor_first_name: "Maya".into(),
            mentee_name: "Sam Rivera".into(),
            session: Some(jiff::civil::date(2026, 12, 3)),
            ..Default::default()
        };
        let weekly = digest(&view);
        assert_eq!(weekly.subject, "PM Mentoring: digest for Sam Rivera");
        assert!(
            weekly
                .text
                .contains("Your next session with Sam Rivera is on Thursday 3 December."),
            "{}",
            weekly.text
        );
        view.before_session = true;
        assert_eq!(
            digest(&view).subject,
            "PM Mentoring: Sam Rivera before your session on Thu 3 Dec"
        );
    }

    use super::*;
    use crate::domain::prompts::{default_bank, questions_for};
    use crate::mail::parse::parse;

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
        let rendered = prompt(&view);
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
        assert!(rendered.html.contains("&lt;alone&gt; &amp;"));
        assert!(rendered.text.contains("(by 15 Jan 2027)"));
        assert!(rendered.text.contains(
            "Last session you agreed to:\n- Sam: send the roadmap deck outline to Maya by Friday\nHow did it go?"
        ));
        assert!(
            rendered
                .html
                .contains("Last session you agreed to: Sam: send the roadmap deck")
        );
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
            }),
        );
        let text = String::from_utf8(raw).unwrap();
        assert!(!text.contains("List-Unsubscribe-Post"));
        assert!(text.contains("List-Unsubscribe: <mailto:"));
    }
}

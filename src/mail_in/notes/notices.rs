//! The mail the notes address answers with: the acknowledgement of recorded notes, and the
//! question "which mentee?" to a mentor whose mail named none of theirs.

use super::entry::GoalChange;
use super::mentee::Candidate;
use crate::domain::feedback::NoteItems;
use crate::domain::ids::message_key;
use crate::domain::{ForwardedNote, Person};
use crate::mail::parse::ParsedMail;
use crate::mail::render::{self, NoticeEnvelope, Rendered};
use crate::mail_in::{Envelope, IngestSettings};
use crate::mailer::OutgoingMail;

/// What the acknowledgement lists.
pub struct Acknowledged {
    pub items: NoteItems,
    pub forwarded: Vec<ForwardedNote>,
    /// One per goal line of the notes.
    pub goal_changes: Vec<GoalChange>,
    /// Some action item is the mentee's (so their next prompt asks about it).
    pub mentee_has_items: bool,
}

fn notice_envelope(
    settings: &IngestSettings,
    envelope: &Envelope,
    parsed: &ParsedMail,
    to: &Person,
    kind: &str,
) -> NoticeEnvelope {
    NoticeEnvelope {
        from_name: settings.programme.clone(),
        from_address: settings.from_address.clone(),
        to_name: to.name.clone(),
        to_address: to.email.to_string(),
        in_reply_to: parsed.message_id.clone(),
        date: envelope.received_at,
        message_id: format!(
            "{kind}.{}@{}",
            message_key(&envelope.message_id),
            settings.domain
        ),
    }
}

fn outgoing(settings: &IngestSettings, to: &Person, raw: Vec<u8>) -> OutgoingMail {
    OutgoingMail {
        from: settings.from_address.clone(),
        to: vec![to.email.to_string()],
        raw,
        tags: Vec::new(),
    }
}

fn date_line(date: Option<jiff::civil::Date>) -> String {
    date.map(|d| format!(" ({})", d.strftime("%a %-d %b %Y")))
        .unwrap_or_default()
}

/// The acknowledgement: every recorded item, so a wrong match or a misread line shows at once.
pub fn acknowledgement(
    settings: &IngestSettings,
    envelope: &Envelope,
    parsed: &ParsedMail,
    mentor: &Person,
    mentee: &Person,
    what: &Acknowledged,
) -> OutgoingMail {
    let subject = format!("Recorded: your notes for {}", mentee.name);
    let greeting = format!("Hi {},", mentor.first_name());
    let intro = format!(
        "Your mail \"{}\" is in the timeline of your mentorship with {} <{}>. This is what I \
         recorded:",
        parsed.subject, mentee.name, mentee.email
    );
    let mut lines = Vec::new();
    for a in &what.items.action_items {
        lines.push(format!("Action item: {}", a.text));
    }
    for f in &what.items.feedback {
        lines.push(format!("{}: {}", f.heading, f.text));
    }
    for (g, change) in what.items.goals.iter().zip(&what.goal_changes) {
        let note = match change {
            GoalChange::Added => "",
            GoalChange::NewDate => " (already a goal, new date)",
            GoalChange::Unchanged => " (already a goal)",
        };
        lines.push(format!("Goal: {}{}{note}", g.text, date_line(g.target)));
    }
    if let Some(next) = &what.items.next_session {
        lines.push(format!(
            "Next session: {}{}",
            next.text,
            date_line(next.date)
        ));
    }
    for f in &what.forwarded {
        let who = if f.from_mentee {
            format!("{}'s mail", mentee.first_name())
        } else {
            "Forwarded".to_string()
        };
        lines.push(format!(
            "{who}: \"{}\" from {} {}",
            f.subject, f.from, f.date
        ));
    }
    if lines.is_empty() {
        lines.push(
            "Your comment, as written (no action items, feedback headings or goals found)".into(),
        );
    }
    let mut after = Vec::new();
    if what.mentee_has_items {
        after.push(format!(
            "{}'s next reflection prompt asks how the action items went.",
            mentee.first_name()
        ));
    }
    after.push(format!(
        "Your personal notes address is {}: notes sent to it from this mailbox are recorded \
         the same way.",
        settings
            .token_key
            .personal_notes_address(&mentor.email, &settings.domain)
    ));
    after.push(format!(
        "Not about {}? Forward your notes again with the right mentee's name on the first line, \
         and ask your programme coordinator to remove this entry.",
        mentee.first_name()
    ));
    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for line in &lines {
        text.push_str(&format!("- {line}\n"));
    }
    for p in &after {
        text.push_str(&format!("\n{p}\n"));
    }
    let rendered = Rendered {
        html: render::html_page(&[greeting, intro], &lines, &after),
        subject,
        text,
    };
    let env = notice_envelope(settings, envelope, parsed, mentor, "ack");
    outgoing(settings, mentor, render::notice_to_mime(&env, &rendered))
}

/// The question to a mentor with several mentees whose mail names none (or several).
pub fn which_mentee(
    settings: &IngestSettings,
    envelope: &Envelope,
    parsed: &ParsedMail,
    mentor: &Person,
    candidates: &[Candidate],
) -> OutgoingMail {
    let notes_address = settings
        .token_key
        .personal_notes_address(&mentor.email, &settings.domain);
    let greeting = format!("Hi {},", mentor.first_name());
    let intro = format!(
        "Your mail \"{}\" to {notes_address} was not recorded: you mentor several people and it \
         does not say which one it is about. Your mentees:",
        parsed.subject
    );
    let mentees: Vec<String> = candidates
        .iter()
        .map(|c| format!("{} <{}>", c.mentee.name, c.mentee.email))
        .collect();
    let example = candidates
        .first()
        .map(|c| c.mentee.name.clone())
        .unwrap_or_default();
    let ask = format!(
        "Please forward it again to {notes_address} with the mentee's name on the first line \
         (for example \"{example}\")."
    );
    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for m in &mentees {
        text.push_str(&format!("- {m}\n"));
    }
    text.push_str(&format!("\n{ask}\n"));
    let rendered = Rendered {
        subject: format!("Which mentee? {}", parsed.subject),
        html: render::html_page(&[greeting, intro], &mentees, &[ask]),
        text,
    };
    let env = notice_envelope(settings, envelope, parsed, mentor, "which");
    outgoing(settings, mentor, render::notice_to_mime(&env, &rendered))
}

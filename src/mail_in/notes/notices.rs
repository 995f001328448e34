//! The mail the notes address answers with: the acknowledgement of recorded notes, and the
//! question "which mentee?" to a mentor whose mail named none of theirs.

use super::entry::GoalChange;
use super::mentee::Candidate;
use crate::domain::feedback::{NoteItems, OpenItem};
use crate::domain::ids::message_key;
use crate::domain::{ForwardedNote, Mentorship, Person};
use crate::mail::parse::ParsedMail;
use crate::mail::render::{self, AcknowledgementView, Item, NoticeEnvelope, WhichMenteeView};
use crate::mail::token::TokenAbout;
use crate::mail_in::items::{Settled, change_line, day};
use crate::mail_in::{Envelope, IngestSettings};
use crate::mailer::OutgoingMail;

/// What the acknowledgement lists.
#[derive(Debug, Default)]
pub struct Acknowledged {
    pub items: NoteItems,
    pub forwarded: Vec<ForwardedNote>,
    /// One per goal line of the notes.
    pub goal_changes: Vec<GoalChange>,
    /// Some action item is the mentee's (so their next prompt asks about it).
    pub mentee_has_items: bool,
    /// The numbers given to the notes' action items, in their order.
    pub new_numbers: Vec<u32>,
    /// The mail had notes (not only item commands): a feedback entry was recorded.
    pub notes_recorded: bool,
    /// What the mail's item commands did.
    pub settled: Settled,
    /// The pair's open items once the mail is recorded, by number.
    pub open_after: Vec<OpenItem>,
}

/// The envelope of an answer, sent in the name of the pair's `programme`.
fn notice_envelope(
    settings: &IngestSettings,
    programme: &str,
    envelope: &Envelope,
    parsed: &ParsedMail,
    to: &Person,
    kind: &str,
) -> NoticeEnvelope {
    NoticeEnvelope {
        from_name: programme.to_string(),
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

/// `#2: Send the deck (due Thu 10 Dec 2026)`.
pub fn numbered_item(item: &OpenItem) -> Item {
    let due = item
        .due
        .map(|d| format!(" (due {})", day(d)))
        .unwrap_or_default();
    Item::labelled(
        format!("#{}", item.number.unwrap_or_default()),
        format!("{}{due}", item.text),
    )
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
    mentorship: &Mentorship,
    mentor: &Person,
    mentee: &Person,
    what: &Acknowledged,
) -> OutgoingMail {
    let mut recorded = Vec::new();
    for (n, a) in what.items.action_items.iter().enumerate() {
        let label = match what.new_numbers.get(n) {
            Some(number) => format!("Action item #{number}"),
            None => "Action item".to_string(),
        };
        recorded.push(Item::labelled(label, a.text.clone()));
    }
    for f in &what.items.feedback {
        recorded.push(Item::labelled(f.heading.clone(), f.text.clone()));
    }
    for (g, change) in what.items.goals.iter().zip(&what.goal_changes) {
        let note = match change {
            GoalChange::Added => "",
            GoalChange::NewDate => " (already a goal, new date)",
            GoalChange::Unchanged => " (already a goal)",
        };
        recorded.push(Item::labelled(
            "Goal",
            format!("{}{}{note}", g.text, date_line(g.target)),
        ));
    }
    if let Some(next) = &what.items.next_session {
        recorded.push(Item::labelled(
            "Next session",
            format!("{}{}", next.text, date_line(next.date)),
        ));
    }
    for f in &what.forwarded {
        let who = if f.from_mentee {
            format!("{}'s mail", mentee.first_name())
        } else {
            "Forwarded".to_string()
        };
        recorded.push(Item::labelled(
            who,
            format!("\"{}\" from {} {}", f.subject, f.from, f.date),
        ));
    }
    let notes_address = settings
        .token_key
        .personal_notes_address(&mentor.email, &settings.domain);
    let mentee_email = mentee.email.to_string();
    let rendered = render::acknowledgement(&AcknowledgementView {
        programme: &mentorship.programme,
        mentor_first_name: mentor.first_name(),
        mentee_name: &mentee.name,
        mentee_first_name: mentee.first_name(),
        mentee_email: &mentee_email,
        mail_subject: &parsed.subject,
        recorded,
        mentee_has_items: what.mentee_has_items,
        notes_address: &notes_address,
        notes_recorded: what.notes_recorded,
        changed: what
            .settled
            .changed
            .iter()
            .map(|(item, action)| {
                let (label, text) = change_line(item, *action);
                Item::labelled(label, text)
            })
            .collect(),
        not_found: what.settled.not_found.clone(),
        not_open: what.settled.not_open.iter().map(numbered_item).collect(),
        open_items: what.open_after.iter().map(numbered_item).collect(),
    })
    .render(&settings.footer_links(&mentorship.id, &TokenAbout::Mentor, envelope.received_at));
    let env = notice_envelope(
        settings,
        &mentorship.programme,
        envelope,
        parsed,
        mentor,
        "ack",
    );
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
    let mentees: Vec<String> = candidates
        .iter()
        .map(|c| format!("{} <{}>", c.mentee.name, c.mentee.email))
        .collect();
    let example = candidates
        .first()
        .map(|c| c.mentee.name.as_str())
        .unwrap_or_default();
    // Any of the mentor's pairs leads to the page, which shows them all.
    let first = candidates.first().map(|c| &c.mentorship);
    let programme = first.map_or(settings.programme.as_str(), |m| m.programme.as_str());
    let links = first
        .map(|m| settings.footer_links(&m.id, &TokenAbout::Mentor, envelope.received_at))
        .unwrap_or_default();
    let rendered = render::which_mentee(&WhichMenteeView {
        programme,
        mentor_first_name: mentor.first_name(),
        mail_subject: &parsed.subject,
        notes_address: &notes_address,
        mentees,
        example,
    })
    .render(&links);
    let env = notice_envelope(settings, programme, envelope, parsed, mentor, "which");
    outgoing(settings, mentor, render::notice_to_mime(&env, &rendered))
}

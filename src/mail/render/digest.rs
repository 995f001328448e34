//! The mentor's digest of their mentee's week.

use jiff::civil::Date;

use super::cadence::prompt_days;
use super::layout::{Block, Item, Mail, Replies, one_line};
use crate::domain::Cadence;

/// What the mentor's digest reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestView {
    pub programme: String,
    pub mentor_first_name: String,
    pub mentee_name: String,
    /// The pair's prompt cadence: the digest is weekly, prompts may not be.
    pub cadence: Cadence,
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
    /// Decisions up for review (a follow-up due soon) and outcomes recorded since the last
    /// digest, one line each.
    pub reviews: Vec<String>,
    /// Open items: overdue goals, requests (pause, stop), goal changes.
    pub open_items: Vec<String>,
    /// The pair's open action items with their numbers, which a reply ("done 2") refers to.
    pub action_items: Vec<(u32, String)>,
    /// Action items closed, dropped or moved since the last digest, one line each.
    pub item_changes: Vec<String>,
    /// (name and size, link) of each file kept with the entries since the last digest
    /// (`mail_out::digest_files`).
    pub files: Vec<(String, String)>,
    /// The mentor's personal notes address (`notes+TOKEN@`).
    pub notes_address: String,
}

/// The weekly digest, or the one the day before a session when `before_session` is set.
pub fn digest(view: &DigestView) -> Mail {
    let mentee = &view.mentee_name;
    let since = view
        .since
        .map(|d| format!(" since {}", d.strftime("%a %-d %b")))
        .unwrap_or_default();
    let mut blocks = vec![Block::paragraph(format!("Hi {},", view.mentor_first_name))];
    if let Some(session) = view.session {
        blocks.push(Block::paragraph(format!(
            "Your next session with {mentee} is on {}.",
            session.strftime("%A %-d %B")
        )));
    }
    let fortnightly = matches!(view.cadence, Cadence::Fortnightly { .. });
    blocks.push(Block::paragraph(if fortnightly {
        format!(
            "Here is what {mentee} recorded{since}. Prompts go out {}, so a week without a \
             reflection is expected.",
            prompt_days(&view.cadence)
        )
    } else {
        format!("Here is {mentee}'s week{since}.")
    }));
    let reflections: Vec<Item> = view
        .reflections
        .iter()
        .map(|(date, text)| Item::labelled(date.strftime("%a %-d %b").to_string(), one_line(text)))
        .collect();
    if reflections.is_empty() {
        blocks.push(Block::paragraph(match view.since {
            Some(since) if fortnightly => {
                format!("No reflection since {}.", since.strftime("%a %-d %b"))
            }
            None if fortnightly => "No reflection yet.".to_string(),
            _ => "No reflections this week.".to_string(),
        }));
    }
    blocks.extend(Block::list("Reflections", reflections));
    let sections = [
        Block::list(
            "Needs your attention",
            view.open_items
                .iter()
                .map(|i| Item::plain(sentence_case(i)))
                .collect(),
        ),
        Block::list(
            "Open action items",
            view.action_items
                .iter()
                .map(|(n, text)| Item::labelled(format!("#{n}"), one_line(text)))
                .collect(),
        ),
        Block::list(
            "Action items updated",
            view.item_changes
                .iter()
                .map(|c| Item::plain(sentence_case(&one_line(c))))
                .collect(),
        ),
        Block::list("Goals", view.goals.iter().map(Item::plain).collect()),
        Block::list(
            "Decisions",
            view.decisions
                .iter()
                .map(|(date, text)| {
                    Item::labelled(date.strftime("%a %-d %b").to_string(), one_line(text))
                })
                .collect(),
        ),
        Block::list(
            "Decisions to look back on",
            view.reviews
                .iter()
                .map(|r| Item::plain(sentence_case(&one_line(r))))
                .collect(),
        ),
        Block::list(
            "Files",
            view.files
                .iter()
                .map(|(label, link)| Item::linked(label, link))
                .collect(),
        ),
    ];
    if sections.iter().all(Option::is_none) {
        blocks.push(Block::paragraph("Nothing else to report."));
    }
    blocks.extend(sections.into_iter().flatten());
    blocks.push(Block::paragraph(format!(
        "Forward your session notes to {} to add them to the timeline; replying to this mail \
         does the same.",
        view.notes_address
    )));
    if let Some((n, _)) = view.action_items.first() {
        blocks.push(Block::paragraph(format!(
            "To update an action item, reply with its number: \"done {n}\", \"drop {n}\" or \
             \"{n} moved to next week\"."
        )));
    }
    let subject = match view.session.filter(|_| view.before_session) {
        Some(session) => format!(
            "{}: {mentee} before your session on {}",
            view.programme,
            session.strftime("%a %-d %b")
        ),
        None => format!("{}: digest for {mentee}", view.programme),
    };
    Mail {
        subject,
        programme: view.programme.clone(),
        blocks,
        reason: format!(
            "You get this weekly as {mentee}'s mentor in {}.",
            view.programme
        ),
        replies: Replies::MentorNotes,
    }
}

/// The line with a capital first letter: the lines come from code that writes them mid-sentence.
fn sentence_case(line: &str) -> String {
    let mut chars = line.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Weekday;
    use crate::mail::render::FooterLinks;

    fn view(cadence: Cadence) -> DigestView {
        DigestView {
            programme: "PM Mentoring".into(),
            mentor_first_name: "Maya".into(),
            mentee_name: "Sam Rivera".into(),
            cadence,
            since: None,
            session: Some(jiff::civil::date(2026, 12, 3)),
            before_session: false,
            reflections: Vec::new(),
            goals: Vec::new(),
            decisions: Vec::new(),
            reviews: Vec::new(),
            open_items: Vec::new(),
            action_items: Vec::new(),
            item_changes: Vec::new(),
            files: Vec::new(),
            notes_address: "notes+abc@mentor.test".into(),
        }
    }

    #[test]
    fn the_digest_before_a_session_names_it_in_subject_and_text() {
        let mut view = view(Cadence::Weekly { day: Weekday::Mon });
        let weekly = digest(&view).render(&FooterLinks::default());
        assert_eq!(weekly.subject, "PM Mentoring: digest for Sam Rivera");
        assert!(
            weekly
                .text
                .contains("Your next session with Sam Rivera is on Thursday 3 December."),
            "{}",
            weekly.text
        );
        assert!(weekly.text.contains("No reflections this week."));
        assert!(
            weekly
                .text
                .contains("Forward your session notes to notes+abc@mentor.test")
        );
        view.before_session = true;
        assert_eq!(
            digest(&view).subject,
            "PM Mentoring: Sam Rivera before your session on Thu 3 Dec"
        );
    }

    #[test]
    fn a_fortnightly_pair_is_not_told_of_a_missing_weekly_reflection() {
        let text = digest(&view(Cadence::Fortnightly { day: Weekday::Thu }))
            .render(&FooterLinks::default())
            .text;
        assert!(
            text.contains("Prompts go out every other Thursday"),
            "{text}"
        );
        assert!(text.contains("No reflection yet."), "{text}");
        assert!(!text.contains("No reflections this week."));
    }
}

//! The mentor's digest of their mentee's week.

use jiff::civil::Date;

use super::Rendered;
use super::layout::{one_line, simple};

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
    /// Decisions up for review (a follow-up due soon) and outcomes recorded since the last
    /// digest, one line each.
    pub reviews: Vec<String>,
    /// Open items: overdue goals, requests (pause, stop), goal changes.
    pub open_items: Vec<String>,
    /// The mentor's personal notes address (`notes+TOKEN@`).
    pub notes_address: String,
}

/// The weekly digest, or the one the day before a session when `before_session` is set.
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
    for review in &view.reviews {
        list.push(format!("Decision review: {}", one_line(review)));
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
        vec![format!(
            "Forward your session notes to {} to add them to the timeline.",
            view.notes_address
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_before_a_session_names_it_in_subject_and_text() {
        let mut view = DigestView {
            programme: "PM Mentoring".into(),
            mentor_first_name: "Maya".into(),
            mentee_name: "Sam Rivera".into(),
            session: Some(jiff::civil::date(2026, 12, 3)),
            notes_address: "notes+abc@mentor.test".into(),
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
}

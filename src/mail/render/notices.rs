//! The mail that answers a participant's own mail: the acknowledgement of a mentor's notes, the
//! question "which mentee?", and the one notice a day about a mail that was not recorded.

use super::layout::{Block, Item, Mail, Replies};

/// What the acknowledgement of a mentor's notes says.
#[derive(Debug, Clone)]
pub struct AcknowledgementView<'a> {
    pub programme: &'a str,
    pub mentor_first_name: &'a str,
    pub mentee_name: &'a str,
    pub mentee_first_name: &'a str,
    pub mentee_email: &'a str,
    /// The subject of the mentor's mail.
    pub mail_subject: &'a str,
    /// Every recorded item, labelled ("Action item", a feedback heading, "Goal").
    pub recorded: Vec<Item>,
    /// Some action item is the mentee's (so their next prompt asks about it).
    pub mentee_has_items: bool,
    pub notes_address: &'a str,
    /// The mail held notes (a feedback entry), not only item commands.
    pub notes_recorded: bool,
    /// Items the mail's commands changed, labelled with their numbers.
    pub changed: Vec<Item>,
    /// Numbers the commands named that no item has.
    pub not_found: Vec<u32>,
    /// Items the commands named that were already closed or dropped.
    pub not_open: Vec<Item>,
    /// The pair's open items after the mail, labelled with their numbers.
    pub open_items: Vec<Item>,
}

/// The acknowledgement: every recorded item and every change, so a wrong match or a misread
/// line shows at once; then the open items by number, for the next reply.
pub fn acknowledgement(view: &AcknowledgementView<'_>) -> Mail {
    let mentee = view.mentee_first_name;
    let mut recorded = view.recorded.clone();
    if recorded.is_empty() {
        recorded.push(Item::plain(
            "Your comment, as written (no action items, feedback headings or goals found)",
        ));
    }
    let mut blocks = vec![
        Block::paragraph(format!("Hi {},", view.mentor_first_name)),
        Block::paragraph(if view.notes_recorded {
            format!(
                "Your mail \"{}\" is in the timeline of your mentorship with {} <{}>.",
                view.mail_subject, view.mentee_name, view.mentee_email
            )
        } else {
            format!(
                "Your mail \"{}\" updated the action items of your mentorship with {} <{}>.",
                view.mail_subject, view.mentee_name, view.mentee_email
            )
        }),
    ];
    if view.notes_recorded {
        blocks.extend(Block::list("What we recorded", recorded));
    }
    blocks.extend(Block::list("What changed", view.changed.clone()));
    if !view.not_found.is_empty() {
        let numbers: Vec<String> = view.not_found.iter().map(|n| format!("#{n}")).collect();
        blocks.push(Block::paragraph(format!(
            "No item is numbered {}, so nothing changed for {}. The numbers are those of the \
             open items below.",
            numbers.join(", "),
            if numbers.len() == 1 { "it" } else { "them" }
        )));
    }
    blocks.extend(Block::list(
        "Already closed, left as they were",
        view.not_open.clone(),
    ));
    blocks.extend(Block::list("Open action items", view.open_items.clone()));
    if let Some(n) = view
        .open_items
        .first()
        .and_then(|i| i.label.as_deref())
        .map(|label| label.trim_start_matches('#'))
    {
        blocks.push(Block::paragraph(format!(
            "To update them, reply with their numbers: \"done {n}\", \"drop {n}\" or \"{n} \
             moved to next week\"."
        )));
    }
    if view.mentee_has_items {
        blocks.push(Block::paragraph(format!(
            "{mentee}'s next reflection prompt asks how the action items went."
        )));
    }
    blocks.push(Block::paragraph(format!(
        "Your personal notes address is {}: notes sent to it from this mailbox are recorded the \
         same way.",
        view.notes_address
    )));
    if view.notes_recorded {
        blocks.push(Block::paragraph(format!(
            "Not about {mentee}? Forward your notes again with the right mentee's name on the \
             first line, and ask your programme coordinator to remove this entry."
        )));
    }
    let subject = if view.notes_recorded {
        format!("Recorded: your notes for {}", view.mentee_name)
    } else {
        format!("Updated: action items for {}", view.mentee_name)
    };
    Mail {
        subject,
        programme: view.programme.to_string(),
        blocks,
        reason: format!("This answers your notes to {}.", view.programme),
        replies: Replies::Notice,
    }
}

/// What the question "which mentee?" says.
#[derive(Debug, Clone)]
pub struct WhichMenteeView<'a> {
    pub programme: &'a str,
    pub mentor_first_name: &'a str,
    pub mail_subject: &'a str,
    pub notes_address: &'a str,
    /// "Name <address>" of each of the mentor's mentees.
    pub mentees: Vec<String>,
    /// A mentee's name to show on the first line.
    pub example: &'a str,
}

/// The question to a mentor with several mentees whose mail names none (or several).
pub fn which_mentee(view: &WhichMenteeView<'_>) -> Mail {
    let mut blocks = vec![
        Block::paragraph(format!("Hi {},", view.mentor_first_name)),
        Block::paragraph(format!(
            "Your mail \"{}\" to {} was not recorded: you mentor several people and it does not \
             say which one it is about.",
            view.mail_subject, view.notes_address
        )),
    ];
    blocks.extend(Block::list(
        "Your mentees",
        view.mentees.iter().map(Item::plain).collect(),
    ));
    blocks.push(Block::paragraph(format!(
        "Please forward it again to {} with the mentee's name on the first line (for example \
         \"{}\").",
        view.notes_address, view.example
    )));
    Mail {
        subject: format!("Which mentee? {}", view.mail_subject),
        programme: view.programme.to_string(),
        blocks,
        reason: format!("This answers your mail to {}.", view.programme),
        replies: Replies::Notice,
    }
}

/// A notice about a participant's own mail that was not recorded.
#[derive(Debug, Clone)]
pub struct NoticeView<'a> {
    pub programme: &'a str,
    pub first_name: &'a str,
    pub subject: &'a str,
    /// What happened, one paragraph.
    pub intro: &'a str,
    /// What they can do, as a list.
    pub points: &'a [String],
}

/// The notice; its greeting and closing line are the same for every kind.
pub fn notice(view: &NoticeView<'_>) -> Mail {
    let mut blocks = vec![
        Block::paragraph(format!("Hi {},", view.first_name)),
        Block::paragraph(view.intro),
    ];
    blocks.extend(Block::list(
        "What you can do",
        view.points.iter().map(Item::plain).collect(),
    ));
    Mail {
        subject: view.subject.to_string(),
        programme: view.programme.to_string(),
        blocks,
        reason: format!(
            "This answers a mail in your name to {}. You get at most one such notice a day.",
            view.programme
        ),
        replies: Replies::Notice,
    }
}

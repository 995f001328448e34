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
}

/// The acknowledgement: every recorded item, so a wrong match or a misread line shows at once.
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
        Block::paragraph(format!(
            "Your mail \"{}\" is in the timeline of your mentorship with {} <{}>.",
            view.mail_subject, view.mentee_name, view.mentee_email
        )),
    ];
    blocks.extend(Block::list("What we recorded", recorded));
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
    blocks.push(Block::paragraph(format!(
        "Not about {mentee}? Forward your notes again with the right mentee's name on the first \
         line, and ask your programme coordinator to remove this entry."
    )));
    Mail {
        subject: format!("Recorded: your notes for {}", view.mentee_name),
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

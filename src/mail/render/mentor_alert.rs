//! The mail that tells a mentor their mentee has gone quiet.

use super::layout::{Block, Mail, Replies};

/// Tells the mentor that the mentee has gone quiet, after the gentle nudge went unanswered.
pub fn mentor_alert(
    programme: &str,
    mentor_first_name: &str,
    mentee_name: &str,
    unanswered: u32,
) -> Mail {
    Mail {
        subject: format!("{programme}: {mentee_name} has gone quiet"),
        programme: programme.to_string(),
        blocks: vec![
            Block::paragraph(format!("Hi {mentor_first_name},")),
            Block::paragraph(format!(
                "{mentee_name} has not answered the last {unanswered} reflection prompts, \
                 including a gentle nudge. A short personal note from you often helps more \
                 than another reminder from us."
            )),
            Block::paragraph(
                "We keep sending prompts on the usual schedule and will not write to you about \
                 this again unless it happens again after a reply.",
            ),
        ],
        reason: format!("You get this as {mentee_name}'s mentor in {programme}."),
        replies: Replies::MentorNotes,
    }
}

//! The mail that asks what came of a decision.

use jiff::civil::Date;

use super::layout::{Block, Mail, Replies, one_line, shorten};

/// Asks what came of a decision, 30 or 90 days on; the subject names the decision.
pub fn decision_follow_up(
    programme: &str,
    mentee_first_name: &str,
    decision: &str,
    decided_on: Date,
    days: u32,
) -> Mail {
    Mail {
        subject: format!("{programme}: what came of \"{}\"?", shorten(decision, 60)),
        programme: programme.to_string(),
        blocks: vec![
            Block::paragraph(format!("Hi {mentee_first_name},")),
            Block::paragraph(format!(
                "{days} days ago, on {}, you recorded a decision:",
                decided_on.strftime("%-d %b %Y")
            )),
            Block::Quote(one_line(decision)),
            Block::Questions(vec![
                "What happened since? Would you decide the same way again, and what did you \
                 learn?"
                    .to_string(),
            ]),
            Block::paragraph(
                "Your reply is kept with the decision, so you and your mentor can look back on it.",
            ),
        ],
        reason: format!("You recorded this decision in {programme}."),
        replies: Replies::MenteeCommands,
    }
}

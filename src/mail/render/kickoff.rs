//! The first mail of a new pair.

use super::cadence::prompt_days;
use super::goals::{GoalLine, goal_line};
use super::layout::{Block, Item, Mail, Replies};
use crate::domain::Cadence;

/// A new pair's first mail: it asks for goals, one per line, with dates where there are some.
/// Goals the pair already has (from a cohort file) are listed instead of the examples, and the
/// mail asks only for more.
pub fn kickoff(
    programme: &str,
    mentee_first_name: &str,
    mentor_name: &str,
    cadence: &Cadence,
    goals: &[GoalLine],
) -> Mail {
    let asking = if goals.is_empty() {
        vec![
            Block::paragraph(format!(
                "Welcome to {programme}. You and {mentor_name} are now paired. To start, what \
                 do you want to get out of this mentorship?"
            )),
            Block::Questions(vec![
                "Reply with your goals, one per line, and a target date where you have one, like:"
                    .to_string(),
            ]),
            Block::List {
                heading: None,
                items: vec![
                    Item::plain("Run five discovery interviews by 15 Jan"),
                    Item::plain("Own the pricing page by end of March"),
                ],
            },
        ]
    } else {
        vec![
            Block::paragraph(format!(
                "Welcome to {programme}. You and {mentor_name} are now paired, and your \
                 mentorship starts with these goals:"
            )),
            Block::List {
                heading: None,
                items: goals.iter().map(|g| Item::plain(goal_line(g))).collect(),
            },
            Block::Questions(vec![
                "Anything else you want to get out of this mentorship? Reply with more goals, \
                 one per line, and a target date where you have one."
                    .to_string(),
            ]),
        ]
    };
    let mut blocks = vec![Block::paragraph(format!("Hi {mentee_first_name},"))];
    blocks.extend(asking);
    blocks.push(Block::paragraph(format!(
        "We will remind you before each date, and send you a few short reflection questions {}. \
         Reply \"pause 2 weeks\" or \"stop\" at any time.",
        prompt_days(cadence)
    )));
    Mail {
        subject: format!("{programme}: welcome! You are paired with {mentor_name}"),
        programme: programme.to_string(),
        blocks,
        reason: format!("You get this as {mentor_name}'s mentee in {programme}."),
        replies: Replies::MenteeCommands,
    }
}

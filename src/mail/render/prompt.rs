//! The reflection prompt, and the gentle nudge after two unanswered ones.

use super::cadence::{prompt_days, two_prompts_of_silence};
use super::goals::{GoalLine, goal_line};
use super::layout::{Block, Item, Mail, Replies};
use crate::domain::Cadence;
use crate::domain::prompts::Question;

/// Inputs of a reflection prompt.
#[derive(Debug, Clone)]
pub struct PromptView<'a> {
    pub programme: &'a str,
    pub mentee_first_name: &'a str,
    pub mentor_name: &'a str,
    pub cadence: &'a Cadence,
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
pub fn prompt(view: &PromptView<'_>) -> Mail {
    let subject = if view.nudge {
        format!(
            "{}: a gentle nudge, and your reflection #{}",
            view.programme, view.seq
        )
    } else {
        format!("{}: your reflection #{}", view.programme, view.seq)
    };
    let mut blocks = vec![Block::paragraph(format!("Hi {},", view.mentee_first_name))];
    if view.nudge {
        blocks.push(Block::paragraph(format!(
            "We have not heard from you {}, and that is fine: busy weeks happen. Two lines are \
             enough to keep {} in the loop.",
            two_prompts_of_silence(view.cadence),
            view.mentor_name
        )));
        blocks.push(Block::paragraph(
            "If you need a break, reply \"pause 2 weeks\" (or \"pause until 5 Jan\") and we will \
             hold your prompts until then.",
        ));
    } else {
        blocks.push(Block::paragraph(format!(
            "Time for a short reflection. Reply to this email: your answer goes to your \
             mentorship timeline, and {} sees it before your next session.",
            view.mentor_name
        )));
    }
    let mut questions: Vec<String> = view.questions.iter().map(|q| q.text.clone()).collect();
    questions.extend(view.look_back.clone());
    blocks.push(Block::Questions(questions));
    blocks.push(Block::paragraph(
        "A few sentences are plenty. You can also answer under each question.",
    ));
    let agreed: Vec<Item> = view.agreed_items.iter().map(Item::plain).collect();
    if let Some(list) = Block::list("Last session you agreed to", agreed) {
        blocks.push(list);
        blocks.push(Block::paragraph(
            "How did it go? Finished one? Write \"done:\" and its words on a line of your reply \
             (\"done: send the deck outline\") and it is closed.",
        ));
    }
    let goals = view
        .open_goals
        .iter()
        .map(|g| Item::plain(goal_line(g)))
        .collect();
    blocks.extend(Block::list("Your open goals", goals));
    Mail {
        subject,
        programme: view.programme.to_string(),
        blocks,
        reason: format!(
            "You get this as {}'s mentee in {}; prompts come {}.",
            view.mentor_name,
            view.programme,
            prompt_days(view.cadence)
        ),
        replies: Replies::MenteeCommands,
    }
}

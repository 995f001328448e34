//! The reflection prompt.

use std::fmt::Write as _;

use super::Rendered;
use super::goals::{GoalLine, goal_line};
use super::layout::html_page;
use crate::domain::prompts::Question;

/// Inputs of a reflection prompt.
#[derive(Debug, Clone)]
pub struct PromptView<'a> {
    pub programme: &'a str,
    pub mentee_first_name: &'a str,
    pub mentor_name: &'a str,
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
pub fn prompt(view: &PromptView<'_>) -> Rendered {
    let subject = if view.nudge {
        format!(
            "{}: a gentle nudge, and your reflection #{}",
            view.programme, view.seq
        )
    } else {
        format!("{}: your reflection #{}", view.programme, view.seq)
    };
    let greeting = format!("Hi {},", view.mentee_first_name);
    let intro = if view.nudge {
        format!(
            "We have not heard from you for a couple of weeks, and that is fine: busy weeks \
             happen. Two lines are enough to keep {} in the loop. If you need a break, reply \
             \"pause 2 weeks\" (or \"pause until 5 Jan\").",
            view.mentor_name
        )
    } else {
        format!(
            "Time for a short reflection. Reply to this email: your answer goes to your \
             mentorship timeline, and {} sees it before your next session.",
            view.mentor_name
        )
    };
    let mut questions: Vec<String> = view.questions.iter().map(|q| q.text.clone()).collect();
    if let Some(look_back) = &view.look_back {
        questions.push(look_back.clone());
    }
    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for q in &questions {
        let _ = writeln!(text, "{q}\n");
    }
    let mut after = Vec::new();
    if !view.agreed_items.is_empty() {
        text.push_str("Last session you agreed to:\n");
        for item in &view.agreed_items {
            let _ = writeln!(text, "- {item}");
        }
        text.push_str("How did it go?\n\n");
        after.push(format!(
            "Last session you agreed to: {}. How did it go?",
            view.agreed_items.join("; ")
        ));
    }
    if !view.open_goals.is_empty() {
        text.push_str("Your open goals:\n");
        for g in &view.open_goals {
            let _ = writeln!(text, "- {}", goal_line(g));
        }
        text.push('\n');
        after.push(format!(
            "Your open goals: {}",
            view.open_goals
                .iter()
                .map(goal_line)
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let outro = "A few sentences are plenty. You can also answer under each question.";
    let _ = writeln!(text, "{outro}");
    after.push(outro.to_string());
    let html = html_page(&[greeting, intro], &questions, &after);
    Rendered {
        subject,
        text,
        html,
    }
}

//! What a reflection prompt asks. Questions rotate through the four habits of good mentorship so
//! that, over a month, a mentee reflects on each.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Habit {
    /// Clear expectations: progress on goals.
    Expectations,
    /// Regular feedback and reflection.
    Feedback,
    /// Autonomy and decision-making.
    Decisions,
    /// Exposure to diverse experiences.
    Exposure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub habit: Habit,
    pub text: String,
}

/// The built-in question bank, two questions per habit.
pub fn default_bank() -> Vec<Question> {
    let q = |habit, text: &str| Question {
        habit,
        text: text.to_string(),
    };
    vec![
        q(
            Habit::Expectations,
            "What progress did you make on your goals this week?",
        ),
        q(
            Habit::Expectations,
            "What is blocking a goal, and what would unblock it?",
        ),
        q(
            Habit::Feedback,
            "What feedback did you receive or give this week?",
        ),
        q(
            Habit::Feedback,
            "What would you do differently if you had the week again?",
        ),
        q(
            Habit::Decisions,
            "What decision did you take this week, and what was your reasoning?",
        ),
        q(
            Habit::Decisions,
            "Which decision are you facing next, and what options do you see?",
        ),
        q(
            Habit::Exposure,
            "What did you see or do for the first time: shadowing, an event, a cross-functional project?",
        ),
        q(
            Habit::Exposure,
            "Which team or role would you like to learn more about, and why?",
        ),
    ]
}

/// The questions of prompt number `seq` (1-based): one question from two habits, rotating so that
/// every habit comes up every other prompt and every question in turn.
pub fn questions_for(bank: &[Question], seq: u32) -> Vec<&Question> {
    let habits = [
        Habit::Expectations,
        Habit::Feedback,
        Habit::Decisions,
        Habit::Exposure,
    ];
    let round = seq.saturating_sub(1) as usize;
    let mut chosen = Vec::new();
    for offset in 0..2 {
        let habit = habits[(round * 2 + offset) % habits.len()];
        let of_habit: Vec<&Question> = bank.iter().filter(|q| q.habit == habit).collect();
        if !of_habit.is_empty() {
            chosen.push(of_habit[(round / 2) % of_habit.len()]);
        }
    }
    if chosen.is_empty() {
        chosen.extend(bank.iter().take(2));
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_prompts_cover_all_four_habits_and_questions_rotate() {
        let bank = default_bank();
        let first: Vec<Habit> = questions_for(&bank, 1).iter().map(|q| q.habit).collect();
        let second: Vec<Habit> = questions_for(&bank, 2).iter().map(|q| q.habit).collect();
        assert_eq!(first, [Habit::Expectations, Habit::Feedback]);
        assert_eq!(second, [Habit::Decisions, Habit::Exposure]);
        assert_ne!(
            questions_for(&bank, 1)[0].text,
            questions_for(&bank, 3)[0].text
        );
        assert_eq!(
            questions_for(&bank, 1)[0].text,
            questions_for(&bank, 5)[0].text
        );
    }

    #[test]
    fn a_bank_missing_habits_still_yields_questions() {
        let bank = vec![Question {
            habit: Habit::Feedback,
            text: "Only one".into(),
        }];
        assert_eq!(questions_for(&bank, 2).len(), 1);
    }
}

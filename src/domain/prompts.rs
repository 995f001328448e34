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

impl Habit {
    /// The name used in question bank files (`expectations`).
    pub fn as_str(self) -> &'static str {
        match self {
            Habit::Expectations => "expectations",
            Habit::Feedback => "feedback",
            Habit::Decisions => "decisions",
            Habit::Exposure => "exposure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub habit: Habit,
    pub text: String,
}

/// The programme's own question bank, as an admin set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionBank {
    pub questions: Vec<Question>,
    pub updated_at: jiff::Timestamp,
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

/// A question bank file as an admin writes it:
///
/// ```toml
/// [[question]]
/// habit = "expectations"   # or feedback, decisions, exposure
/// text = "What progress did you make on your goals this week?"
/// ```
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BankFile {
    #[serde(default)]
    question: Vec<Question>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BankError {
    #[error("not a question bank: {0}")]
    Syntax(String),
    #[error("the file has no [[question]] entries")]
    Empty,
    #[error("question {0} has no text")]
    EmptyQuestion(usize),
    #[error("question {0} is longer than {MAX_QUESTION_CHARS} characters")]
    TooLong(usize),
}

/// Longer questions do not belong in a mail that should take a minute to answer.
pub const MAX_QUESTION_CHARS: usize = 400;

/// Read a question bank file (TOML, see [`BankFile`]); the habits it leaves out are reported by
/// [`missing_habits`], since a prompt then asks about the others only.
pub fn parse_bank(text: &str) -> Result<Vec<Question>, BankError> {
    let file: BankFile = toml::from_str(text).map_err(|e| BankError::Syntax(e.to_string()))?;
    if file.question.is_empty() {
        return Err(BankError::Empty);
    }
    file.question
        .into_iter()
        .enumerate()
        .map(|(i, q)| {
            let text = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                Err(BankError::EmptyQuestion(i + 1))
            } else if text.chars().count() > MAX_QUESTION_CHARS {
                Err(BankError::TooLong(i + 1))
            } else {
                Ok(Question {
                    habit: q.habit,
                    text,
                })
            }
        })
        .collect()
}

/// The habits a bank has no question for.
pub fn missing_habits(bank: &[Question]) -> Vec<Habit> {
    [
        Habit::Expectations,
        Habit::Feedback,
        Habit::Decisions,
        Habit::Exposure,
    ]
    .into_iter()
    .filter(|h| !bank.iter().any(|q| q.habit == *h))
    .collect()
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

    #[test]
    fn an_admins_bank_file_is_read_with_its_habits() {
        let bank = parse_bank(
            r#"
            [[question]]
            habit = "expectations"
            text = "Which goal moved this week?"

            [[question]]
            habit = "exposure"
            text = """
              Whom outside product did you
              work with?"""
            "#,
        )
        .unwrap();
        assert_eq!(bank.len(), 2);
        assert_eq!(bank[1].text, "Whom outside product did you work with?");
        assert_eq!(missing_habits(&bank), [Habit::Feedback, Habit::Decisions]);
        assert!(missing_habits(&default_bank()).is_empty());
    }

    #[test]
    fn a_broken_bank_file_says_what_is_wrong() {
        assert_eq!(parse_bank(""), Err(BankError::Empty));
        let unknown = parse_bank("[[question]]\nhabit = \"courage\"\ntext = \"x\"").unwrap_err();
        assert!(
            matches!(&unknown, BankError::Syntax(m) if m.contains("courage")),
            "{unknown}"
        );
        assert!(matches!(
            parse_bank("[[question]]\ntext = \"no habit\""),
            Err(BankError::Syntax(_))
        ));
        assert_eq!(
            parse_bank("[[question]]\nhabit = \"feedback\"\ntext = \"  \""),
            Err(BankError::EmptyQuestion(1))
        );
        let long = format!(
            "[[question]]\nhabit = \"feedback\"\ntext = \"{}\"",
            "why ".repeat(200)
        );
        assert_eq!(parse_bank(&long), Err(BankError::TooLong(1)));
    }

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

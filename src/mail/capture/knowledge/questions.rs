//! Which habit a prompt's question asks about, from its words (the question bank's own questions
//! are recognised exactly first; these cover a programme's own bank and reworded quotes).

use crate::domain::prompts::Habit;

/// Phrases of a question and the habit they point to, in order: the first match wins.
pub const CUES: &[(&str, Habit)] = &[
    ("decision", Habit::Decisions),
    ("decide", Habit::Decisions),
    ("choice", Habit::Decisions),
    ("chose", Habit::Decisions),
    ("trade-off", Habit::Decisions),
    ("trade off", Habit::Decisions),
    ("call did you make", Habit::Decisions),
    ("feedback", Habit::Feedback),
    ("do differently", Habit::Feedback),
    ("went well", Habit::Feedback),
    ("shadow", Habit::Exposure),
    ("first time", Habit::Exposure),
    ("event", Habit::Exposure),
    ("cross-functional", Habit::Exposure),
    ("cross functional", Habit::Exposure),
    ("team or role", Habit::Exposure),
    ("outside your team", Habit::Exposure),
    ("outside product", Habit::Exposure),
    ("learn more about", Habit::Exposure),
    ("new experience", Habit::Exposure),
    ("see or do", Habit::Exposure),
    ("customer", Habit::Exposure),
    ("goal", Habit::Expectations),
    ("progress", Habit::Expectations),
    ("blocking", Habit::Expectations),
    ("milestone", Habit::Expectations),
];

/// Words of a question that looks ahead ("Which decision are you facing next?"): its answer is a
/// decision still open, not one taken.
pub const LOOKING_AHEAD: &[&str] = &[
    "facing",
    "next",
    "coming up",
    "upcoming",
    "will you",
    "would you",
    "options",
    "considering",
    "ahead",
];

//! What people write, as the programme's memory: decisions, experiences, feedback, progress on
//! goals and action items, captured sentence by sentence from mentees' replies and mentors'
//! notes alike. Pure: text in, items out.
//!
//! The text is cut into sentences (`sentences`), each sentence read by rules (`rules`) that look
//! up the language in tables (`knowledge`): the verbs of deciding, kinds of experience, feedback
//! cues, and the negations and hypotheticals that take a statement back ("I haven't decided",
//! "if we decide to..."). An answer under a question of the decisions or exposure habit is a
//! decision or an experience even without a cue. Action items reuse the rules of mentors' notes
//! (`mail::notes`), plus the commitments a reply makes ("I'll send the deck by Friday").
//!
//! Every item keeps the sentence as written (line breaks folded) and its place: the part of the
//! mail it is in, its paragraph and sentence, and its byte range in that part.

mod knowledge;
mod lexicon;
mod rules;
mod sentences;
mod words;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use crate::domain::prompts::Habit;
use crate::mail::parse::ParsedMail;
use rules::{Clause, plain_statement};
use sentences::Sentence;

/// Where an item is: the part of the mail (`reply_text`, `sections[1]`, `forwarded[0]`), the
/// 0-based paragraph and sentence in it, and the byte range of the sentence in that part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub source: String,
    pub paragraph: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
}

/// How a decision was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionCue {
    /// A verb of deciding ("I went with", "we agreed to drop").
    Stated,
    /// A label or heading ("Decision: ...", items under "Decisions:").
    Labelled,
    /// The answer to a question of the decisions habit.
    Answer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub text: String,
    pub cue: DecisionCue,
    pub place: Place,
}

impl Decision {
    /// The decision without its label ("drop the tier" for "Decision: drop the tier").
    pub fn what(&self) -> &str {
        match self.text.split_once(':') {
            Some((label, rest))
                if knowledge::decisions::LABELS.contains(&label.trim().to_lowercase().as_str())
                    && !rest.trim().is_empty() =>
            {
                rest.trim()
            }
            _ => &self.text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Experience {
    pub text: String,
    /// `shadowing`, `customer_call`, `talk`, `event`, `cross_functional`, `first_time`, or
    /// `other` for an answer to an exposure question without a known kind.
    pub kind: String,
    pub place: Place,
}

/// Which way feedback went, from the writer's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Given,
    Received,
    Unspecified,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    pub text: String,
    pub direction: Direction,
    pub place: Place,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalProgress {
    pub text: String,
    /// The goal it is about: a known goal's title, or the goal as the sentence names it.
    pub goal: Option<String>,
    pub place: Place,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionItem {
    pub text: String,
    /// Who it is for, when the item starts with a name (`Sam: send the deck`).
    pub owner: Option<String>,
    pub place: Place,
}

/// Everything captured from a mail or a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Capture {
    pub decisions: Vec<Decision>,
    pub experiences: Vec<Experience>,
    pub feedback: Vec<Feedback>,
    pub goal_progress: Vec<GoalProgress>,
    pub action_items: Vec<ActionItem>,
}

/// Cap per kind, so one pasted document cannot produce an unbounded record.
const MAX_ITEMS: usize = 60;

/// Bytes and sentences read per text: a long reflection has 5 KB and fifty sentences; a pasted
/// document is read this far, so a hostile mail cannot make the capture slow.
const MAX_TEXT_BYTES: usize = 32 * 1024;
const MAX_SENTENCES: usize = 400;

/// The first `max` bytes of `text`, cut at a character boundary.
fn within(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A question quoted in the mail and the answer written under it.
#[derive(Debug, Clone, Copy)]
pub struct Answered<'a> {
    pub question: &'a str,
    pub answer: &'a str,
}

/// What is known around a text.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// The habit of the question the whole text answers, when the caller knows it.
    pub habit: Option<Habit>,
    /// Questions answered inline: their answers, found in the text, take the question's habit.
    pub answered: Vec<Answered<'a>>,
    /// Titles of the writer's goals, to link progress to the goal it mentions.
    pub goals: &'a [String],
}

/// The habit a question asks about: the question bank's own questions exactly, else its words.
pub fn habit_of_question(question: &str) -> Option<Habit> {
    let plain = question.trim().to_lowercase();
    if let Some(q) = crate::domain::prompts::default_bank()
        .into_iter()
        .find(|q| q.text.to_lowercase() == plain)
    {
        return Some(q.habit);
    }
    knowledge::questions::CUES
        .iter()
        .find(|(cue, _)| plain.contains(cue))
        .map(|(_, habit)| *habit)
}

/// Whether a question looks ahead ("Which decision are you facing next?"): its answer is not a
/// decision taken.
fn looks_ahead(question: &str) -> bool {
    let plain = question.to_lowercase();
    knowledge::questions::LOOKING_AHEAD
        .iter()
        .any(|w| plain.contains(w))
}

/// The decisions of a text (a reply, notes), `habit` being that of the question it answers.
pub fn decisions(text: &str, habit: Option<Habit>) -> Vec<Decision> {
    capture(
        text,
        "text",
        &Context {
            habit,
            ..Context::default()
        },
    )
    .decisions
}

/// Everything in `text`; `source` names the part of the mail in each item's place.
pub fn capture(text: &str, source: &str, context: &Context<'_>) -> Capture {
    let text = within(text, MAX_TEXT_BYTES);
    let mut all = sentences::split(text);
    all.truncate(MAX_SENTENCES);
    // The habit over each sentence: that of the inline question it answers, else the caller's.
    let mut regions: Vec<Region> = Vec::new();
    for answered in &context.answered {
        let answer = answered.answer.trim();
        if answer.is_empty() {
            continue;
        }
        if let Some(at) = text.find(answer) {
            regions.push(Region {
                start: at,
                end: at + answer.len(),
                habit: habit_of_question(answered.question),
                ahead: looks_ahead(answered.question),
            });
        }
    }
    if regions.is_empty() {
        regions.push(Region {
            start: 0,
            end: text.len(),
            habit: context.habit,
            ahead: false,
        });
    }
    let mut out = Capture::default();
    let place = |s: &Sentence| Place {
        source: source.to_string(),
        paragraph: s.paragraph,
        sentence: s.index,
        start: s.start,
        end: s.end,
    };
    let notes_actions = note_actions(text, &all, source);
    let clauses: Vec<Clause<'_>> = all.iter().map(Clause::of).collect();
    let mut feedback_before: Option<(usize, Direction)> = None;
    for clause in &clauses {
        let s = clause.sentence;
        let habit = regions
            .iter()
            .find(|r| s.start >= r.start && s.end <= r.end)
            .and_then(|r| r.habit);
        let mut reading = clause.read(habit, context.goals);
        if reading.feedback.is_none()
            && let Some((paragraph, direction)) = feedback_before
            && paragraph == s.paragraph
            && clause.continues_feedback()
        {
            reading.feedback = Some(direction);
        }
        feedback_before = reading.feedback.map(|d| (s.paragraph, d));
        if reading.decision {
            push(&mut out.decisions, || Decision {
                text: s.text.clone(),
                cue: if clause.has_decision_label() {
                    DecisionCue::Labelled
                } else {
                    DecisionCue::Stated
                },
                place: place(s),
            });
        }
        if let Some(kind) = reading.experience {
            push(&mut out.experiences, || Experience {
                text: s.text.clone(),
                kind: kind.to_string(),
                place: place(s),
            });
        }
        if let Some(direction) = reading.feedback {
            push(&mut out.feedback, || Feedback {
                text: s.text.clone(),
                direction,
                place: place(s),
            });
        }
        if let Some(goal) = reading.progress {
            push(&mut out.goal_progress, || GoalProgress {
                text: s.text.clone(),
                goal,
                place: place(s),
            });
        }
        let in_note_item = notes_actions
            .iter()
            .any(|a| a.place.start < s.end && s.start < a.place.end);
        if reading.commitment && !reading.decision && !in_note_item {
            push(&mut out.action_items, || ActionItem {
                text: s.text.clone(),
                owner: None,
                place: place(s),
            });
        }
    }
    out.action_items.extend(notes_actions);
    out.action_items.sort_by_key(|a| a.place.start);
    out.action_items.truncate(MAX_ITEMS);
    answers_by_habit(&regions, &clauses, &mut out, place);
    out
}

/// A byte range of the text under one question.
struct Region {
    start: usize,
    end: usize,
    habit: Option<Habit>,
    ahead: bool,
}

/// An answer under a decisions or exposure question is a decision or an experience even without
/// a cue: its first plain statement, when the rules found none in it.
fn answers_by_habit(
    regions: &[Region],
    clauses: &[Clause<'_>],
    out: &mut Capture,
    place: impl Fn(&Sentence) -> Place,
) {
    for region in regions {
        let inside = |p: &Place| p.start >= region.start && p.end <= region.end;
        let first_plain = || {
            clauses
                .iter()
                .filter(|c| c.sentence.start >= region.start && c.sentence.end <= region.end)
                .find(|c| plain_statement(c))
                .map(|c| c.sentence)
        };
        match region.habit {
            Some(Habit::Decisions) if !region.ahead => {
                if !out.decisions.iter().any(|d| inside(&d.place))
                    && let Some(s) = first_plain()
                {
                    push(&mut out.decisions, || Decision {
                        text: s.text.clone(),
                        cue: DecisionCue::Answer,
                        place: place(s),
                    });
                }
            }
            Some(Habit::Exposure) if !region.ahead => {
                if !out.experiences.iter().any(|e| inside(&e.place))
                    && let Some(s) = first_plain()
                {
                    push(&mut out.experiences, || Experience {
                        text: s.text.clone(),
                        kind: "other".to_string(),
                        place: place(s),
                    });
                }
            }
            _ => {}
        }
    }
    out.decisions.sort_by_key(|d| d.place.start);
    out.experiences.sort_by_key(|e| e.place.start);
}

fn push<T>(items: &mut Vec<T>, item: impl FnOnce() -> T) {
    if items.len() < MAX_ITEMS {
        items.push(item());
    }
}

/// The action items the rules of mentors' notes find (checkboxes, `AI:` lines, items under
/// `Action items:`), each placed at the sentence it starts in.
fn note_actions(text: &str, all: &[Sentence], source: &str) -> Vec<ActionItem> {
    // Only action items are taken, and they do not depend on the reference date.
    let reference = jiff::civil::date(2000, 1, 1);
    let items = crate::mail::notes::extract(text, reference).action_items;
    let mut out = Vec::new();
    let mut from = 0;
    for item in items {
        // A wrapped item was joined with spaces: look for its first words only.
        let head = item
            .text
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let at = text[from..]
            .find(&head)
            .map(|i| i + from)
            .or_else(|| text.find(&head));
        let sentence = at.and_then(|at| all.iter().find(|s| s.start <= at && at < s.end));
        let place = match sentence {
            Some(s) => Place {
                source: source.to_string(),
                paragraph: s.paragraph,
                sentence: s.index,
                start: s.start,
                end: s.end,
            },
            None => {
                let start = at.unwrap_or(0);
                Place {
                    source: source.to_string(),
                    paragraph: 0,
                    sentence: 0,
                    start,
                    end: start,
                }
            }
        };
        if let Some(at) = at {
            from = at;
        }
        out.push(ActionItem {
            text: item.text,
            owner: item.owner,
            place,
        });
    }
    out
}

/// Everything in a parsed mail: the reply text (inline answers take their question's habit),
/// answers not found in it, and forwarded bodies (a mentor's forwarded notes).
pub fn of_parsed(parsed: &ParsedMail) -> Capture {
    let answered: Vec<Answered<'_>> = parsed
        .sections
        .iter()
        .map(|(question, answer)| Answered { question, answer })
        .collect();
    let mut out = capture(
        &parsed.reply_text,
        "reply_text",
        &Context {
            answered: answered.clone(),
            ..Context::default()
        },
    );
    for (n, a) in answered.iter().enumerate() {
        if a.answer.trim().is_empty() || parsed.reply_text.contains(a.answer.trim()) {
            continue;
        }
        let context = Context {
            habit: habit_of_question(a.question),
            ..Context::default()
        };
        let context = if looks_ahead(a.question) {
            Context {
                habit: None,
                ..context
            }
        } else {
            context
        };
        out.extend(capture(a.answer, &format!("sections[{n}]"), &context));
    }
    for (n, message) in parsed.forwarded.iter().enumerate() {
        out.extend(capture(
            &message.body,
            &format!("forwarded[{n}]"),
            &Context::default(),
        ));
    }
    out
}

/// Everything in a file given to `mentormail parse`: a mail as [`of_parsed`] reads it, or, when
/// the file is no mail at all (no sender, subject, message id or text: a reflection saved as
/// plain text), the whole file as the text.
pub fn of_file(raw: &[u8], parsed: &ParsedMail) -> Capture {
    let not_a_mail = parsed.from.is_empty()
        && parsed.subject.is_empty()
        && parsed.message_id.is_none()
        && parsed.reply_text.trim().is_empty()
        && parsed.forwarded.is_empty()
        && parsed.sections.is_empty();
    match std::str::from_utf8(raw) {
        Ok(text) if not_a_mail => capture(text, "text", &Context::default()),
        _ => of_parsed(parsed),
    }
}

impl Capture {
    /// Add the items of another part of the mail.
    pub fn extend(&mut self, other: Capture) {
        fn add<T>(to: &mut Vec<T>, from: Vec<T>) {
            let room = MAX_ITEMS.saturating_sub(to.len());
            to.extend(from.into_iter().take(room));
        }
        add(&mut self.decisions, other.decisions);
        add(&mut self.experiences, other.experiences);
        add(&mut self.feedback, other.feedback);
        add(&mut self.goal_progress, other.goal_progress);
        add(&mut self.action_items, other.action_items);
    }
}

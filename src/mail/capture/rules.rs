//! What one sentence says, by the tables of `knowledge`: a decision, an experience, feedback,
//! progress on a goal, a commitment. Each rule finds a cue and then checks the words before it
//! in its clause: a negation, a hypothetical or (for what should have happened already) a plan
//! takes the cue back.

use super::knowledge::{actions, decisions, experiences, feedback, progress};
use super::lexicon::Table;
use super::sentences::Sentence;
use super::words::Words;
use super::{Direction, Habit};

/// Words of a sentence the rules read (a long sentence has sixty).
const MAX_WORDS: usize = 120;

/// What a sentence is, as far as the capture is concerned.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reading {
    pub decision: bool,
    pub experience: Option<&'static str>,
    pub feedback: Option<Direction>,
    /// Progress, with the goal it names when it names one.
    pub progress: Option<Option<String>>,
    pub commitment: bool,
}

/// A sentence with its words and what surrounds it.
pub struct Clause<'a> {
    pub sentence: &'a Sentence,
    pub words: Words,
    /// The label before a colon at its start ("Decision" in "Decision: drop the tier"), lower case,
    /// and the text after it.
    pub label: Option<(String, String)>,
}

impl<'a> Clause<'a> {
    pub fn of(sentence: &'a Sentence) -> Clause<'a> {
        let label = sentence.text.split_once(':').and_then(|(label, rest)| {
            let label = label.trim().trim_matches(['*', '_', '#']).trim();
            let words = label.split_whitespace().count();
            (words > 0 && words <= 4).then(|| (label.to_lowercase(), rest.trim().to_string()))
        });
        // A run-on "sentence" of a pasted document is read for its first words only.
        let words = Words::first(&sentence.text, MAX_WORDS);
        Clause {
            sentence,
            words,
            label,
        }
    }

    fn is_question(&self) -> bool {
        self.sentence
            .text
            .trim_end_matches(['"', '”', ')', ' '])
            .ends_with('?')
    }

    /// The heading above, or the inline label, when it is one of `labels`; and the text it marks.
    fn labelled(&self, labels: &[&str]) -> Option<String> {
        if let Some((label, rest)) = &self.label
            && labels.contains(&label.as_str())
        {
            return Some(rest.clone());
        }
        let heading = self.sentence.heading.as_deref()?.to_lowercase();
        let heading = heading.trim();
        // "Decisions this week", "Feedback from Priya": a label and words about it.
        labels
            .iter()
            .any(|l| {
                heading == *l
                    || heading
                        .strip_prefix(l)
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            .then(|| self.sentence.text.clone())
    }

    /// A cue at `at` taken back by a marker of `tables` before it in its clause.
    fn taken_back(&self, at: usize, tables: &[Table]) -> bool {
        tables.iter().any(|&t| self.words.marked_before(at, t))
    }

    /// Whether a phrase of `table` occurs that nothing takes back: no marker of `back` before it
    /// in its clause, and none of `clause_wide` anywhere in its clause.
    fn stands(&self, table: Table, back: &[Table], clause_wide: Option<Table>) -> bool {
        self.words.found(table).any(|o| {
            !self.taken_back(o.at, back)
                && !clause_wide.is_some_and(|wide| self.words.in_clause(o.at, wide))
        })
    }

    /// Read the sentence. `habit` is the habit of the question it answers, when known; `goals`
    /// the titles of the writer's goals, when known.
    pub fn read(&self, habit: Option<Habit>, goals: &[String]) -> Reading {
        if self.is_question() {
            return Reading::default();
        }
        Reading {
            decision: self.decision(),
            experience: self.experience(),
            feedback: self.feedback(habit),
            progress: self.progress(habit, goals),
            commitment: self.commitment(),
        }
    }

    /// Whether a decisions label or heading marks the sentence ("Decision: ...").
    pub fn has_decision_label(&self) -> bool {
        self.labelled(decisions::LABELS).is_some()
    }

    fn decision(&self) -> bool {
        if let Some(rest) = self.labelled(decisions::LABELS) {
            return !says_nothing(&rest);
        }
        let back = [Table::Negations, Table::Hypotheticals, Table::NotTakenYet];
        self.words.found(Table::DecisionCues).any(|o| {
            let cue = &decisions::CUES[o.phrase.row];
            let subject_ok = !cue.needs_subject
                || cue.phrase.starts_with('\'')
                || self
                    .words
                    .before(o.at)
                    .is_some_and(|w| decisions::SUBJECTS.contains(&w));
            subject_ok
                && !self.taken_back(o.at, &back)
                && !self.words.covers(Table::NotDecisions, o.at)
        })
    }

    fn experience(&self) -> Option<&'static str> {
        let back = [Table::Negations, Table::Hypotheticals];
        let lived = |at: usize| {
            !self.taken_back(at, &back)
                && !self.words.in_clause(at, Table::Future)
                && !self.words.covers(Table::NotExperiences, at)
        };
        // The kind named first wins ("went to the meetup, great talk on pricing" is an event);
        // "for the first time" only when no other kind is named.
        let takes_part = self.words.has_any(Table::TakingPart);
        let first_of = |n: usize, kind: &experiences::Kind| {
            let by_phrase = self
                .words
                .found(Table::Experience(n))
                // "with customers" is an experience when the writer took part ("met with
                // customers"), not in "losing touch with customers".
                .filter(|o| !o.phrase.text.starts_with("with ") || takes_part)
                .map(|o| o.at)
                .filter(|&at| lived(at))
                .min();
            if kind.name == "cross_functional" {
                let by_function = self.with_other_function().filter(|&at| lived(at));
                by_phrase.into_iter().chain(by_function).min()
            } else {
                by_phrase
            }
        };
        experiences::KINDS
            .iter()
            .enumerate()
            .filter(|(_, k)| k.name != experiences::FIRST_TIME)
            .filter_map(|(n, k)| first_of(n, k).map(|at| (at, k.name)))
            .min()
            .map(|(_, name)| name)
            .or_else(|| {
                experiences::KINDS
                    .iter()
                    .enumerate()
                    .find(|(_, k)| k.name == experiences::FIRST_TIME)
                    .and_then(|(n, k)| first_of(n, k).map(|_| k.name))
            })
    }

    /// Where the sentence has the writer take part (a verb of `TAKING_PART`) with another
    /// function after it: "worked with legal", "met the risk team", "paired with a designer".
    fn with_other_function(&self) -> Option<usize> {
        let tokens = &self.words.tokens;
        let verb = self.words.found(Table::TakingPart).map(|o| o.at).min()?;
        let mut groups = Vec::new();
        for function in self.words.found(Table::Functions) {
            let at = function.at;
            let after = at + function.phrase.len;
            let grouped = tokens
                .get(after)
                .is_some_and(|t| experiences::GROUPS.contains(&t.text.as_str()));
            let with = at > 0 && matches!(tokens[at - 1].text.as_str(), "with" | "w/")
                || at > 1
                    && matches!(tokens[at - 2].text.as_str(), "with" | "w/")
                    && matches!(tokens[at - 1].text.as_str(), "the" | "our" | "a");
            if grouped || with {
                groups.push(at);
            }
        }
        groups.extend(self.words.found(Table::Roles).map(|o| o.at));
        groups.into_iter().filter(|&at| at > verb).min()
    }

    fn feedback(&self, habit: Option<Habit>) -> Option<Direction> {
        let direction = || self.direction();
        if let Some(rest) = self.labelled(feedback::HEADINGS) {
            return (!says_nothing(&rest)).then(direction);
        }
        let back = [
            Table::Negations,
            Table::Hypotheticals,
            Table::FeedbackNotYet,
        ];
        if self.stands(Table::FeedbackCues, &back, Some(Table::Future)) {
            return Some(direction());
        }
        // Someone's words about the writer: "my manager mentioned that I should delegate".
        if self.someone_about_me(&back) {
            return Some(Direction::Received);
        }
        // Under a feedback question, someone's words about the work are feedback.
        (habit == Some(Habit::Feedback) && self.stands(Table::Saying, &back, Some(Table::Future)))
            .then(direction)
    }

    /// Whether someone else's words (a verb of `SAYING`) are about the writer: "I" or "my"
    /// within the next three words, said by someone else.
    fn someone_about_me(&self, back: &[Table]) -> bool {
        let tokens = &self.words.tokens;
        if tokens.first().is_some_and(|t| t.text == "i") {
            return false;
        }
        self.words.found(Table::Saying).any(|verb| {
            let at = verb.at;
            // Someone says it: a subject before the verb in its clause, not "I" or "we".
            let from = self.words.clause_start(at);
            let subject = &tokens[from..at];
            !subject.is_empty()
                && !subject
                    .iter()
                    .any(|t| matches!(t.text.as_str(), "i" | "we"))
                && !self.taken_back(at, back)
                && !self.words.in_clause(at, Table::Future)
                && tokens
                    .iter()
                    .skip(at + 1)
                    .take(3)
                    .any(|t| matches!(t.text.as_str(), "i" | "my"))
        })
    }

    /// Which way feedback went: the writer gave it ("I told Marco"), received it ("Priya told
    /// me", "pointed out that I"), or the sentence does not say.
    fn direction(&self) -> Direction {
        if self.words.has_any(Table::Given) {
            return Direction::Given;
        }
        if self.words.has_any(Table::Received) {
            return Direction::Received;
        }
        let first = self.words.tokens.first().map(|t| t.text.as_str());
        if matches!(first, Some("i" | "we")) {
            return Direction::Given;
        }
        // Someone else's cue about "I": "Priya pointed out that I jump to solutions".
        if self.words.tokens.iter().skip(1).any(|t| t.text == "i") {
            return Direction::Received;
        }
        Direction::Unspecified
    }

    /// Whether the sentence goes on with the feedback of the sentence before it: a pronoun
    /// and someone's words ("He said the assumptions section was the clearest").
    pub fn continues_feedback(&self) -> bool {
        let starts_with_pronoun = self
            .words
            .tokens
            .first()
            .is_some_and(|t| feedback::PRONOUNS.contains(&t.text.as_str()));
        let back = [Table::Negations, Table::Hypotheticals];
        !self.is_question()
            && starts_with_pronoun
            && self.stands(Table::Saying, &back, Some(Table::Future))
    }

    fn progress(&self, habit: Option<Habit>, goals: &[String]) -> Option<Option<String>> {
        let back = [Table::Negations, Table::Hypotheticals, Table::Future];
        let strong = self.stands(Table::ProgressStrong, &back, None);
        let verb = self.stands(Table::ProgressVerbs, &back, None);
        let is_progress = strong || verb || habit == Some(Habit::Expectations);
        if let Some(goal) = goals.iter().find(|g| mentions_goal(&self.words, g)) {
            return is_progress.then(|| Some(goal.clone()));
        }
        // One telling word that only one goal has ("the interviews goal") is enough.
        let hinted: Vec<&String> = goals
            .iter()
            .filter(|g| shared_words(&self.words, g) > 0)
            .collect();
        if is_progress && hinted.len() == 1 {
            return Some(Some(hinted[0].clone()));
        }
        let named = self.named_goal();
        let says_goal = self.words.has_any(Table::GoalWords);
        // "OKR 2 is at 60%": a share of a goal.
        let share = self.words.tokens.iter().any(|t| {
            t.text.len() > 1
                && t.text.ends_with('%')
                && t.text[..t.text.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_digit())
        });
        if says_goal && (strong || verb || share) {
            return Some(named);
        }
        (strong || (verb && habit == Some(Habit::Expectations))).then_some(named)
    }

    /// The goal a sentence names in words: "my SQL goal", "the goal of running interviews".
    fn named_goal(&self) -> Option<String> {
        let tokens = &self.words.tokens;
        let at = tokens
            .iter()
            .position(|t| progress::GOAL_WORDS.contains(&t.text.as_str()))?;
        let after: Vec<&str> = tokens[at + 1..]
            .iter()
            .take_while(|t| !t.is_break)
            .map(|t| t.text.as_str())
            .collect();
        if let Some(first) = after.first()
            && matches!(*first, "of" | "to")
            && after.len() > 1
        {
            return Some(after[1..after.len().min(7)].join(" "));
        }
        let before: Vec<&str> = tokens[..at]
            .iter()
            .rev()
            .take_while(|t| {
                !t.is_break && !matches!(t.text.as_str(), "my" | "our" | "the" | "on" | "a")
            })
            .take(4)
            .map(|t| t.text.as_str())
            .collect();
        let name: Vec<&str> = before.into_iter().rev().collect();
        (!name.is_empty()).then(|| name.join(" "))
    }

    fn commitment(&self) -> bool {
        if let Some(rest) = self.labelled(actions::LABELS) {
            return !says_nothing(&rest);
        }
        if self.words.has_any(Table::Idioms) {
            return false;
        }
        self.stands(Table::Commitments, &[Table::Negations, Table::Doubts], None)
    }
}

/// Whether an answer says there was nothing ("Nothing this week", "n/a").
pub fn says_nothing(text: &str) -> bool {
    let plain: String = text
        .trim()
        .trim_end_matches(['.', '!', ' '])
        .to_lowercase()
        .replace('’', "'");
    let first = plain.split_whitespace().next().unwrap_or("");
    plain.is_empty()
        || decisions::NOTHING.contains(&plain.as_str())
        || decisions::NOTHING_FIRST.contains(&first.trim_end_matches([',', '.', ';']))
}

/// Whether a sentence counts as a plain statement that can stand as an answer: no negation,
/// hypothetical or question anywhere in it.
pub fn plain_statement(clause: &Clause<'_>) -> bool {
    !clause.is_question()
        && !says_nothing(&clause.sentence.text)
        && !clause.words.has_any(Table::Negations)
        && !clause.words.has_any(Table::Hypotheticals)
}

/// A word's stem for comparing a goal's title with a sentence ("interviews" ~ "interview").
fn stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            return stem;
        }
    }
    word
}

/// How many of the telling words of `goal` occur in the sentence.
fn shared_words(words: &Words, goal: &str) -> usize {
    let goal_words = Words::of(goal);
    telling_words(&goal_words)
        .iter()
        .filter(|w| words.tokens.iter().any(|t| stem(&t.text) == stem(w)))
        .count()
}

/// The words of a goal's title that tell it from others.
fn telling_words(goal_words: &Words) -> Vec<&str> {
    goal_words
        .tokens
        .iter()
        .filter(|t| !t.is_break && t.text.chars().count() > 2)
        .map(|t| t.text.as_str())
        .filter(|w| !progress::FILLER.contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// Whether the sentence mentions `goal`: two of its telling words (its only one, when it has one)
/// occur in the sentence.
pub fn mentions_goal(words: &Words, goal: &str) -> bool {
    let telling = telling_words(&Words::of(goal)).len();
    telling > 0 && shared_words(words, goal) >= telling.min(2)
}

//! The phrases of the knowledge tables the rules look up, compiled once: each phrase tokenised,
//! and all of them indexed by the word a match of them starts with. Reading a sentence walks its
//! words once and tries, at each word, only the phrases that can start there, instead of
//! scanning the sentence for every phrase of every table (which was most of the capture's time).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::knowledge::{actions, decisions, experiences, feedback, markers, progress};
use super::words::{Pattern, Start, Token, tokens};

/// Declares `Table` and the list of its one-table variants from one list of names, so that a new
/// table cannot be left out of the lexicon (it would silently match nothing).
macro_rules! tables {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A table of phrases the rules look up in sentences.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Table {
            $($(#[$doc])* $name,)*
            /// The phrases of `experiences::KINDS[n]`.
            Experience(usize),
        }

        /// Every table but the per-kind `Experience` ones.
        const SINGLE_TABLES: &[Table] = &[$(Table::$name,)*];
    };
}

tables! {
    Negations,
    Hypotheticals,
    Future,
    /// `decisions::CUES`, row for row.
    DecisionCues,
    NotTakenYet,
    NotDecisions,
    TakingPart,
    NotExperiences,
    Functions,
    Roles,
    FeedbackCues,
    FeedbackNotYet,
    Saying,
    Given,
    Received,
    ProgressStrong,
    ProgressVerbs,
    GoalWords,
    Commitments,
    Doubts,
    Idioms,
}

impl Table {
    /// Every table, each once.
    fn all() -> Vec<Table> {
        let kinds = (0..experiences::KINDS.len()).map(Table::Experience);
        SINGLE_TABLES.iter().copied().chain(kinds).collect()
    }

    /// The phrases of the table, in the knowledge table's order.
    fn rows(self) -> Vec<&'static str> {
        use Table::*;
        let rows: &[&str] = match self {
            DecisionCues => return decisions::CUES.iter().map(|c| c.phrase).collect(),
            Negations => markers::NEGATIONS,
            Hypotheticals => markers::HYPOTHETICALS,
            Future => markers::FUTURE,
            NotTakenYet => decisions::NOT_TAKEN_YET,
            NotDecisions => decisions::NOT_DECISIONS,
            TakingPart => experiences::TAKING_PART,
            Experience(kind) => experiences::KINDS[kind].phrases,
            NotExperiences => experiences::NOT_EXPERIENCES,
            Functions => experiences::FUNCTIONS,
            Roles => experiences::ROLES,
            FeedbackCues => feedback::CUES,
            FeedbackNotYet => feedback::NOT_YET,
            Saying => feedback::SAYING,
            Given => feedback::GIVEN,
            Received => feedback::RECEIVED,
            ProgressStrong => progress::STRONG,
            ProgressVerbs => progress::VERBS,
            GoalWords => progress::GOAL_WORDS,
            Commitments => actions::COMMITMENTS,
            Doubts => actions::DOUBTS,
            Idioms => actions::IDIOMS,
        };
        rows.to_vec()
    }
}

/// One row of a table, compiled.
#[derive(Debug)]
pub struct Phrase {
    pub text: &'static str,
    pub table: Table,
    /// Its index in the table.
    pub row: usize,
    /// How many words it has, gaps aside ("'ll go with" has three).
    pub len: usize,
    pattern: Pattern,
}

/// Where a phrase occurs in a sentence: the word its match starts at.
#[derive(Debug, Clone, Copy)]
pub struct Occurrence {
    pub at: usize,
    pub phrase: &'static Phrase,
}

/// Every phrase of every table, indexed by how a match of it starts.
pub struct Lexicon {
    phrases: Vec<Phrase>,
    /// Phrases of several words, by their first word.
    by_word: HashMap<String, Vec<usize>>,
    /// One-word phrases, by their word: a sentence's word may be it plural or possessive.
    by_inflected: HashMap<String, Vec<usize>>,
    /// Phrases starting with the end of a contraction ("'ll go with"), by that end ("'ll").
    by_contraction: HashMap<String, Vec<usize>>,
    /// Phrases starting with a gap, tried at every word.
    anywhere: Vec<usize>,
}

pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// The endings a one-word phrase may take ("interviews", "customer's").
const INFLECTIONS: [&str; 4] = ["s", "es", "'s", "s'"];

impl Lexicon {
    fn build() -> Lexicon {
        Lexicon::of(Table::all().into_iter().flat_map(|table| {
            table
                .rows()
                .into_iter()
                .enumerate()
                .map(move |(row, text)| (table, row, text))
        }))
    }

    /// The lexicon of these rows (table, index in the table, phrase).
    fn of(rows: impl Iterator<Item = (Table, usize, &'static str)>) -> Lexicon {
        let mut lexicon = Lexicon {
            phrases: Vec::new(),
            by_word: HashMap::new(),
            by_inflected: HashMap::new(),
            by_contraction: HashMap::new(),
            anywhere: Vec::new(),
        };
        for (table, row, text) in rows {
            let pattern = Pattern::of(text);
            let id = lexicon.phrases.len();
            let bucket = match pattern.start() {
                None => continue, // no words: it matches nothing
                Some(Start::Anywhere) => &mut lexicon.anywhere,
                Some(Start::Word(word)) => lexicon.by_word.entry(word.to_string()).or_default(),
                Some(Start::Inflected(word)) => {
                    lexicon.by_inflected.entry(word.to_string()).or_default()
                }
                Some(Start::Contracted(end)) => {
                    lexicon.by_contraction.entry(end.to_string()).or_default()
                }
            };
            bucket.push(id);
            lexicon.phrases.push(Phrase {
                text,
                table,
                row,
                len: tokens(text).len(),
                pattern,
            });
        }
        lexicon
    }

    /// The phrases that may start at `token`: each is tried once, as it is in one bucket only and
    /// the keys looked up for a token are all different.
    fn candidates<'a>(&'a self, token: &'a str) -> impl Iterator<Item = usize> + 'a {
        let exact = self.by_word.get(token).into_iter().flatten();
        let stems = std::iter::once(token)
            .chain(INFLECTIONS.iter().filter_map(|end| token.strip_suffix(end)))
            .filter_map(|stem| self.by_inflected.get(stem))
            .flatten();
        // "we'll" may end with "'ll"; a word never starts with an apostrophe.
        let contractions = token
            .char_indices()
            .filter(|&(at, c)| c == '\'' && at > 0)
            .filter_map(|(at, _)| self.by_contraction.get(&token[at..]))
            .flatten();
        exact
            .chain(stems)
            .chain(contractions)
            .chain(&self.anywhere)
            .copied()
    }

    /// Every occurrence of every phrase in `tokens`, in word order.
    pub fn occurrences(&'static self, tokens: &[Token]) -> Vec<Occurrence> {
        let mut out = Vec::new();
        for (at, token) in tokens.iter().enumerate() {
            for id in self.candidates(&token.text) {
                let phrase = &self.phrases[id];
                if phrase.pattern.matches_at(tokens, at) {
                    out.push(Occurrence { at, phrase });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::capture::words::Words;

    /// Sentences that hold phrases of the tables whole, inflected, contracted, across gaps and
    /// clause breaks, and cut short.
    fn sentences() -> Vec<String> {
        let mut out = vec![
            "We'll go with Option B; I decided, cross-functional work.".to_string(),
            "The decision this week was to drop it, and the call was that we'd wait.".to_string(),
            "Decision: we went w/ the vendor's offer. The interviews' notes, the customer's calls"
                .to_string(),
            "I haven't decided yet but they're going with it, we're sticking with plan b"
                .to_string(),
            "decision was to decision * was to".to_string(),
        ];
        for table in Table::all() {
            for row in table.rows() {
                out.push(format!(
                    "Yesterday we {row} the smaller scope, then {row}s again."
                ));
                out.push(format!("We{row}, {row}es and {row}'s: {row}"));
            }
        }
        out
    }

    #[test]
    fn the_index_finds_what_a_scan_for_each_phrase_finds() {
        for sentence in sentences() {
            let words = Words::of(&sentence);
            let indexed = LEXICON.occurrences(&words.tokens);
            for phrase in &LEXICON.phrases {
                let found: Vec<usize> = indexed
                    .iter()
                    .filter(|o| std::ptr::eq(o.phrase, phrase))
                    .map(|o| o.at)
                    .collect();
                assert_eq!(
                    found,
                    words.find(phrase.text),
                    "{:?} in {sentence:?}",
                    phrase.text
                );
            }
        }
    }

    #[test]
    fn every_row_of_every_table_is_indexed_once() {
        let rows: usize = Table::all().into_iter().map(|t| t.rows().len()).sum();
        assert_eq!(LEXICON.phrases.len(), rows);
        let in_buckets = LEXICON.anywhere.len()
            + [
                &LEXICON.by_word,
                &LEXICON.by_inflected,
                &LEXICON.by_contraction,
            ]
            .iter()
            .flat_map(|map| map.values())
            .map(Vec::len)
            .sum::<usize>();
        assert_eq!(in_buckets, rows);
    }

    /// The index against a scan, on phrases the tables do not have (yet): starting with a gap, a
    /// one-word phrase inflected, a contraction, a gap at the end.
    #[test]
    fn phrases_of_any_shape_are_found_as_a_scan_finds_them() {
        let rows = [
            "* ran the",
            "interview",
            "'re going with",
            "the pilot *",
            "* * went",
        ];
        let lexicon: &'static Lexicon = Box::leak(Box::new(Lexicon::of(
            rows.iter()
                .enumerate()
                .map(|(row, text)| (Table::Doubts, row, *text)),
        )));
        let words = Words::of("Interviews went well, then we ran the pilot; they're going with it");
        let indexed = lexicon.occurrences(&words.tokens);
        for (row, phrase) in rows.iter().enumerate() {
            let found: Vec<usize> = indexed
                .iter()
                .filter(|o| o.phrase.row == row)
                .map(|o| o.at)
                .collect();
            assert!(!found.is_empty(), "{phrase}");
            assert_eq!(found, words.find(phrase), "{phrase}");
        }
    }
}

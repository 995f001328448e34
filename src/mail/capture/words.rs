//! A sentence as lower-case words, and phrase look-ups on them: a phrase of a knowledge table
//! matches a run of whole words, whatever the case, apostrophe or spacing.

use std::cell::OnceCell;

use super::knowledge::markers::CLAUSE_BREAKS;
use super::lexicon::{LEXICON, Occurrence, Table};

/// One word (or punctuation mark) of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower case, `’` as `'`.
    pub text: String,
    /// Punctuation that ends a clause (`,`, `;`, `:`, a dash, a bracket).
    pub is_break: bool,
}

/// The words of a sentence, and where the phrases of the tables occur in them.
#[derive(Debug, Clone)]
pub struct Words {
    pub tokens: Vec<Token>,
    found: OnceCell<Vec<Occurrence>>,
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '&' | '%' | '/')
}

/// The tokens of `text`: runs of letters and digits (with inner apostrophes), and clause-breaking
/// punctuation. A hyphen splits words, so "cross-functional" is "cross functional".
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Token>| {
        let trimmed = word.trim_matches('\'');
        if !trimmed.is_empty() {
            out.push(Token {
                text: trimmed.to_string(),
                is_break: false,
            });
        }
        word.clear();
    };
    for c in text.chars() {
        if word_char(c) {
            let c = if c == '’' { '\'' } else { c };
            word.extend(c.to_lowercase());
            continue;
        }
        flush(&mut word, &mut out);
        if matches!(c, ',' | ';' | ':' | '–' | '—' | '(' | ')' | '.' | '!' | '?') {
            out.push(Token {
                text: c.to_string(),
                is_break: true,
            });
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The gap of a phrase, and the most words it stands for.
const GAP: &str = "*";
const MAX_GAP: usize = 4;

/// Whether `token` is `word`, or its plural or possessive ("interviews", "customer's"): the last
/// word of a phrase may take these endings.
fn inflected(word: &str, token: &str) -> bool {
    token == word
        || token
            .strip_prefix(word)
            .is_some_and(|end| matches!(end, "s" | "es" | "'s" | "s'"))
}

/// A phrase as the words it matches. A phrase starting with `'` ("'ll go with") matches the end
/// of a contraction ("we'll go with"); a `*` in a phrase stands for up to four words of the same
/// clause ("decision * was to": "decision this week was to"); its last word may be inflected.
#[derive(Debug)]
pub struct Pattern {
    steps: Vec<Step>,
    /// For a phrase starting with `'`: the end its first word must have ("'ll").
    contraction: Option<String>,
}

#[derive(Debug)]
enum Step {
    Word(String),
    Gap,
}

/// How the word a match starts at must look, for an index of phrases to look it up.
#[derive(Debug)]
pub enum Start<'a> {
    /// This word exactly.
    Word(&'a str),
    /// This word, or its plural or possessive (the phrase has one word: it is also the last).
    Inflected(&'a str),
    /// A word ending with this contraction ("we'll" for "'ll").
    Contracted(&'a str),
    /// Any word: the phrase starts with a gap.
    Anywhere,
}

impl Pattern {
    pub fn of(phrase: &str) -> Pattern {
        let steps = phrase
            .split_whitespace()
            .flat_map(|part| {
                if part == GAP {
                    vec![Step::Gap]
                } else {
                    tokens(part)
                        .into_iter()
                        .map(|t| Step::Word(t.text))
                        .collect()
                }
            })
            .collect();
        let contraction = phrase.starts_with('\'').then(|| {
            phrase
                .split_whitespace()
                .next()
                .unwrap_or("")
                .replace('’', "'")
        });
        Pattern { steps, contraction }
    }

    /// How a match starts; `None` for a phrase without words, which matches nothing.
    pub fn start(&self) -> Option<Start<'_>> {
        Some(match (self.steps.first()?, &self.contraction) {
            (Step::Gap, _) => Start::Anywhere,
            (Step::Word(_), Some(end)) => Start::Contracted(end),
            (Step::Word(word), None) if self.steps.len() == 1 => Start::Inflected(word),
            (Step::Word(word), None) => Start::Word(word),
        })
    }

    /// Whether the phrase matches `tokens` from word `at`.
    pub fn matches_at(&self, tokens: &[Token], at: usize) -> bool {
        !self.steps.is_empty() && self.matches_from(tokens, 0, at)
    }

    /// Whether `steps[k..]` matches from word `i`.
    fn matches_from(&self, tokens: &[Token], k: usize, i: usize) -> bool {
        let Some(step) = self.steps.get(k) else {
            return true;
        };
        let word = match step {
            Step::Gap => {
                return (0..=MAX_GAP).any(|skip| {
                    let skipped = &tokens[i.min(tokens.len())..(i + skip).min(tokens.len())];
                    skipped.len() == skip
                        && skipped.iter().all(|t| !t.is_break)
                        && self.matches_from(tokens, k + 1, i + skip)
                });
            }
            Step::Word(word) => word,
        };
        let Some(token) = tokens.get(i).map(|t| t.text.as_str()) else {
            return false;
        };
        let ok = match &self.contraction {
            Some(end) if k == 0 => token.ends_with(end.as_str()) && token != end.as_str(),
            _ if k == self.steps.len() - 1 => inflected(word, token),
            _ => word == token,
        };
        ok && self.matches_from(tokens, k + 1, i + 1)
    }
}

impl Words {
    pub fn of(text: &str) -> Words {
        Words::first(text, usize::MAX)
    }

    /// The first `max` words of `text`.
    pub fn first(text: &str, max: usize) -> Words {
        let mut tokens = tokens(text);
        tokens.truncate(max);
        Words {
            tokens,
            found: OnceCell::new(),
        }
    }

    /// Where the phrases of `table` occur, in word order. All tables are looked up together,
    /// the first time the sentence is asked about one.
    pub fn found(&self, table: Table) -> impl Iterator<Item = &Occurrence> {
        self.found
            .get_or_init(|| LEXICON.occurrences(&self.tokens))
            .iter()
            .filter(move |o| o.phrase.table == table)
    }

    /// Where `phrase` starts, each time it occurs, by a scan of the sentence: what the lexicon's
    /// index must find.
    #[cfg(test)]
    pub fn find(&self, phrase: &str) -> Vec<usize> {
        let pattern = Pattern::of(phrase);
        (0..self.tokens.len())
            .filter(|&i| pattern.matches_at(&self.tokens, i))
            .collect()
    }

    /// Whether any phrase of `table` occurs.
    pub fn has_any(&self, table: Table) -> bool {
        self.found(table).next().is_some()
    }

    /// Whether an occurrence of a phrase of `table` covers word `at`.
    pub fn covers(&self, table: Table, at: usize) -> bool {
        self.found(table)
            .any(|o| o.at <= at && at < o.at + o.phrase.len)
    }

    /// The first word of the clause that word `at` belongs to.
    pub fn clause_start(&self, at: usize) -> usize {
        (0..at)
            .rev()
            .find(|&i| {
                let t = &self.tokens[i];
                t.is_break || CLAUSE_BREAKS.contains(&t.text.as_str())
            })
            .map_or(0, |i| i + 1)
    }

    /// Whether a phrase of `table` occurs in the clause of word `at`, before it.
    pub fn marked_before(&self, at: usize, table: Table) -> bool {
        let from = self.clause_start(at);
        self.found(table).any(|o| o.at >= from && o.at < at)
    }

    /// Whether a phrase of `table` occurs anywhere in the clause of word `at` (before or after).
    pub fn in_clause(&self, at: usize, table: Table) -> bool {
        let from = self.clause_start(at);
        let to = (at + 1..self.tokens.len())
            .find(|&i| {
                let t = &self.tokens[i];
                t.is_break || CLAUSE_BREAKS.contains(&t.text.as_str())
            })
            .unwrap_or(self.tokens.len());
        self.found(table).any(|o| o.at >= from && o.at < to)
    }

    /// The word before `at`, if any.
    pub fn before(&self, at: usize) -> Option<&str> {
        at.checked_sub(1).map(|i| self.tokens[i].text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_in_any_case_and_apostrophe() {
        let w = Words::of("We’ll go with Option B; I Decided, cross-functional work.");
        assert_eq!(w.find("'ll go with"), [0]);
        assert_eq!(w.find("decided"), [7]);
        assert_eq!(w.find("cross functional"), [9]);
        assert!(w.find("decide").is_empty());
        assert_eq!(w.clause_start(7), 6);
    }

    #[test]
    fn markers_count_only_in_the_clause_before_the_cue() {
        let w = Words::of("I wasn't sure, but we decided not to ship");
        let at = w.find("decided")[0];
        assert!(!w.marked_before(at, Table::Negations));
        let w = Words::of("I haven't decided yet");
        assert!(w.marked_before(w.find("decided")[0], Table::Negations));
    }
}

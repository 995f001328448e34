//! A sentence as lower-case words, and phrase look-ups on them: a phrase of a knowledge table
//! matches a run of whole words, whatever the case, apostrophe or spacing.

use super::knowledge::markers::CLAUSE_BREAKS;

/// One word (or punctuation mark) of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower case, `’` as `'`.
    pub text: String,
    /// Punctuation that ends a clause (`,`, `;`, `:`, a dash, a bracket).
    pub is_break: bool,
}

/// The words of a sentence.
#[derive(Debug, Clone)]
pub struct Words {
    pub tokens: Vec<Token>,
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

/// Whether the occurrence of an exclusion (`excluded` at `e`) covers word `at`.
pub fn covers(words: &Words, excluded: &[&str], at: usize) -> bool {
    excluded.iter().any(|phrase| {
        let len = tokens(phrase).len();
        words
            .find(phrase)
            .into_iter()
            .any(|e| e <= at && at < e + len)
    })
}

impl Words {
    pub fn of(text: &str) -> Words {
        Words {
            tokens: tokens(text),
        }
    }

    /// Where `phrase` starts, each time it occurs. A phrase starting with `'` ("'ll go with")
    /// matches the end of a contraction ("we'll go with"); a `*` in a phrase stands for up to
    /// four words of the same clause ("decision * was to": "decision this week was to").
    pub fn find(&self, phrase: &str) -> Vec<usize> {
        let contraction = phrase.starts_with('\'');
        let wanted: Vec<String> = phrase
            .split_whitespace()
            .flat_map(|part| {
                if part == "*" {
                    vec![GAP.to_string()]
                } else {
                    tokens(part).into_iter().map(|t| t.text).collect()
                }
            })
            .collect();
        let suffix = phrase
            .split_whitespace()
            .next()
            .unwrap_or("")
            .replace('’', "'");
        if wanted.is_empty() {
            return Vec::new();
        }
        // Most phrases of a table are absent: skip the scan when a word of the phrase (other
        // than the first and last, which may be contracted or inflected) is not in the sentence.
        if wanted.len() > 2
            && wanted[1..wanted.len() - 1]
                .iter()
                .any(|w| w != GAP && !self.tokens.iter().any(|t| t.text == *w))
        {
            return Vec::new();
        }
        (0..self.tokens.len())
            .filter(|&i| self.matches_at(&wanted, 0, i, contraction.then_some(suffix.as_str())))
            .collect()
    }

    /// Whether `wanted[k..]` matches from token `i`.
    fn matches_at(&self, wanted: &[String], k: usize, i: usize, contraction: Option<&str>) -> bool {
        if k == wanted.len() {
            return true;
        }
        if wanted[k] == GAP {
            return (0..=MAX_GAP).any(|skip| {
                let skipped =
                    &self.tokens[i.min(self.tokens.len())..(i + skip).min(self.tokens.len())];
                skipped.len() == skip
                    && skipped.iter().all(|t| !t.is_break)
                    && self.matches_at(wanted, k + 1, i + skip, None)
            });
        }
        let Some(token) = self.tokens.get(i).map(|t| t.text.as_str()) else {
            return false;
        };
        let ok = match contraction {
            Some(suffix) if k == 0 => token.ends_with(suffix) && token != suffix,
            _ if k == wanted.len() - 1 => inflected(&wanted[k], token),
            _ => wanted[k] == token,
        };
        ok && self.matches_at(wanted, k + 1, i + 1, None)
    }

    /// Whether any phrase of `table` occurs.
    pub fn has_any(&self, table: &[&str]) -> bool {
        table.iter().any(|p| !self.find(p).is_empty())
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
    pub fn marked_before(&self, at: usize, table: &[&str]) -> bool {
        let from = self.clause_start(at);
        table
            .iter()
            .any(|p| self.find(p).into_iter().any(|i| i >= from && i < at))
    }

    /// Whether a phrase of `table` occurs anywhere in the clause of word `at` (before or after).
    pub fn in_clause(&self, at: usize, table: &[&str]) -> bool {
        let from = self.clause_start(at);
        let to = (at + 1..self.tokens.len())
            .find(|&i| {
                let t = &self.tokens[i];
                t.is_break || CLAUSE_BREAKS.contains(&t.text.as_str())
            })
            .unwrap_or(self.tokens.len());
        table
            .iter()
            .any(|p| self.find(p).into_iter().any(|i| i >= from && i < to))
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
        assert!(!w.marked_before(at, &["wasn't", "not"]));
        let w = Words::of("I haven't decided yet");
        assert!(w.marked_before(w.find("decided")[0], &["haven't"]));
    }
}

//! Commands on a pair's numbered items, as people write them in a reply: "done 2", "drop 3",
//! "2 done, 3 moved to next week", "#4 done", "done 2, 5", "closed: 2"; and a mentee's
//! "done: send the deck outline", which names the item by its words (see [`matching`]).
//!
//! A line is read with the words of one [`vocabulary::Vocabulary`] (verbs, date phrases, filler
//! words); it is a command only when every word of it is one of those, a number or a date, so
//! prose that mentions a number ("I finished 2 chapters") is never read as a command. The line is
//! cut into clauses at commas, semicolons and joining words; a clause holds numbers and a verb,
//! in either order, and a clause of bare numbers takes the verb of the clause it continues
//! ("done 2, 5") or of the clause it leads into ("2 and 3 done").
//!
//! Dates are read by [`crate::domain::dates`], relative to the day the mail was written.

pub mod matching;
pub mod vocabulary;

#[cfg(test)]
mod tests;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::domain::dates::{find_date, strip_date_phrase};
use vocabulary::{LANGUAGES, Span, Verb, Vocabulary};

/// What a command does to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemAction {
    Done,
    Drop,
    /// A new due date.
    Move(Date),
}

/// One item's command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemCommand {
    pub number: u32,
    pub action: ItemAction,
}

/// The commands of a text and the text without its command lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Commands {
    pub commands: Vec<ItemCommand>,
    /// The other lines, as written: the notes or reflection the mail also holds.
    pub rest: String,
}

/// Lines longer than this are prose, not commands.
const MAX_COMMAND_LINE: usize = 160;
/// Item numbers above this are not item numbers (a year, an amount).
const MAX_ITEM_NUMBER: u32 = 9_999;

/// The item commands of `text` (one or more per line), written on `today`.
pub fn parse_commands(text: &str, today: Date) -> Commands {
    let mut out = Commands::default();
    let mut rest = Vec::new();
    for line in text.lines() {
        match parse_line(line, today) {
            Some(commands) => {
                for command in commands {
                    if !out.commands.contains(&command) {
                        out.commands.push(command);
                    }
                }
            }
            None => rest.push(line),
        }
    }
    out.rest = rest.join("\n").trim().to_string();
    out
}

/// The commands of one line, when the whole line is commands in one of [`LANGUAGES`].
pub fn parse_line(line: &str, today: Date) -> Option<Vec<ItemCommand>> {
    let line = line.trim().trim_start_matches(['-', '*', '•', '>']).trim();
    if line.is_empty() || line.len() > MAX_COMMAND_LINE || !line.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let lower = line.to_lowercase();
    LANGUAGES
        .iter()
        .find_map(|vocabulary| read_line(&lower, vocabulary, today))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Number(u32),
    Verb(Verb),
    Date(Date),
    /// A comma, a semicolon, a joining word: a clause ends.
    Break,
}

fn read_line(line: &str, vocabulary: &Vocabulary, today: Date) -> Option<Vec<ItemCommand>> {
    let mut tokens = Vec::new();
    for clause in clauses(line, vocabulary) {
        // A written date first, so its day and year are not read as item numbers.
        let (date, words) = match find_date(&clause, today) {
            Some(date) => (Some(date), strip_date_phrase(&clause)),
            None => (None, clause),
        };
        tokens.extend(clause_tokens(&words, vocabulary, today)?);
        tokens.extend(date.map(Token::Date));
        tokens.push(Token::Break);
    }
    commands(&groups(&tokens))
}

/// The line cut at commas (not the one before a year: "Jan 15, 2027"), semicolons, ampersands,
/// full stops and joining words.
fn clauses(line: &str, vocabulary: &Vocabulary) -> Vec<String> {
    let mut out = vec![String::new()];
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let before_year = || {
            let digits: String = chars[i + 1..]
                .iter()
                .skip_while(|c| c.is_whitespace())
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.len() == 4
        };
        let cut = match c {
            ';' | '&' | '+' | '/' | '.' => true,
            ',' => !before_year(),
            _ => false,
        };
        if cut {
            out.push(String::new());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out.into_iter()
        .flat_map(|clause| {
            let mut parts = vec![String::new()];
            for word in clause.split_whitespace() {
                if vocabulary.joiners.contains(&word) {
                    parts.push(String::new());
                } else if let Some(last) = parts.last_mut() {
                    last.push(' ');
                    last.push_str(word);
                }
            }
            parts
        })
        .filter(|part| !part.trim().is_empty())
        .collect()
}

/// The tokens of a clause; `None` when a word is not in the vocabulary.
fn clause_tokens(clause: &str, vocabulary: &Vocabulary, today: Date) -> Option<Vec<Token>> {
    let words: Vec<&str> = clause
        .split(|c: char| !(c.is_alphanumeric() || c == '#' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(n) = number(words[i]) {
            tokens.push(Token::Number(n));
            i += 1;
            continue;
        }
        let (taken, token) = phrase_at(&words[i..], vocabulary, today)?;
        tokens.extend(token);
        i += taken;
    }
    Some(tokens)
}

/// `2`, `#2`, `#2.`: an item number.
fn number(word: &str) -> Option<u32> {
    let digits = word.trim_start_matches('#');
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits
        .parse()
        .ok()
        .filter(|n| (1..=MAX_ITEM_NUMBER).contains(n))
}

/// The longest phrase of the vocabulary at the start of `words`: how many words it takes and its
/// token (`None` for a filler word).
fn phrase_at(
    words: &[&str],
    vocabulary: &Vocabulary,
    today: Date,
) -> Option<(usize, Option<Token>)> {
    let matches = |phrase: &str| {
        let n = phrase.split(' ').count();
        (words.len() >= n && words[..n].join(" ") == phrase).then_some(n)
    };
    let verbs = vocabulary
        .verbs
        .iter()
        .filter_map(|(p, verb)| Some((matches(p)?, Some(Token::Verb(*verb)))));
    let dates = vocabulary.relative_dates.iter().filter_map(|(p, span)| {
        let date = match span {
            Span::Days(n) => today.checked_add(n.days()).ok()?,
            Span::Months(n) => today.checked_add(n.months()).ok()?,
        };
        Some((matches(p)?, Some(Token::Date(date))))
    });
    let fillers = vocabulary
        .fillers
        .iter()
        .filter_map(|p| Some((matches(p)?, None)));
    verbs.chain(dates).chain(fillers).max_by_key(|(n, _)| *n)
}

/// Numbers with the verb written next to them, and a date.
#[derive(Debug, Default, Clone)]
struct Group {
    numbers: Vec<u32>,
    verb: Option<Verb>,
    /// The verb came before the numbers ("done 2"): a following bare number continues it.
    verb_first: bool,
    date: Option<Date>,
}

fn groups(tokens: &[Token]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut current = Group::default();
    let close = |group: &mut Group, out: &mut Vec<Group>| {
        let group = std::mem::take(group);
        if !group.numbers.is_empty() || group.verb.is_some() || group.date.is_some() {
            out.push(group);
        }
    };
    for token in tokens {
        match *token {
            Token::Break => close(&mut current, &mut out),
            Token::Number(n) => {
                // "2 done 3 dropped": a number after a finished "2 done" starts the next group.
                if current.verb.is_some() && !current.verb_first {
                    close(&mut current, &mut out);
                }
                current.numbers.push(n);
            }
            Token::Verb(verb) => {
                if current.verb.is_some() {
                    close(&mut current, &mut out);
                }
                current.verb_first = current.numbers.is_empty();
                current.verb = Some(verb);
            }
            Token::Date(date) => current.date = current.date.or(Some(date)),
        }
    }
    close(&mut current, &mut out);
    out
}

/// Each group's verb, or the one it takes from its neighbours (first the clause it continues,
/// then the clause it leads into); `None` when a group is left without one, or a move without
/// a date.
fn commands(groups: &[Group]) -> Option<Vec<ItemCommand>> {
    if groups.iter().all(|g| g.numbers.is_empty()) {
        return None;
    }
    let mut resolved: Vec<Group> = groups.to_vec();
    for i in 0..resolved.len() {
        if resolved[i].verb.is_some() || resolved[i].numbers.is_empty() {
            continue;
        }
        if let Some(date) = resolved[i].date {
            // "moved 3 and 4 to tomorrow": the date at the end is the move's, for both.
            if let Some(previous) = i.checked_sub(1).map(|p| &mut resolved[p])
                && previous.verb_first
                && previous.verb == Some(Verb::Move)
            {
                previous.date = previous.date.or(Some(date));
            }
            resolved[i].verb = Some(Verb::Move);
            resolved[i].verb_first = true;
            continue;
        }
        let previous = i
            .checked_sub(1)
            .map(|p| &resolved[p])
            .filter(|p| p.verb_first && p.verb.is_some());
        if let Some((verb, date)) = previous.map(|p| (p.verb, p.date)) {
            let group = &mut resolved[i];
            group.verb = verb;
            group.date = date;
            group.verb_first = true;
        }
    }
    // "1, 2 and 3 dropped": bare numbers lead into the verb written after them.
    for i in (0..resolved.len()).rev() {
        if resolved[i].verb.is_some() || resolved[i].numbers.is_empty() {
            continue;
        }
        let next = resolved
            .get(i + 1)
            .filter(|n| !n.verb_first && n.verb.is_some() && !n.numbers.is_empty())
            .map(|n| (n.verb, n.date));
        let (verb, date) = next?;
        let group = &mut resolved[i];
        group.verb = verb;
        group.date = date;
    }
    let mut out = Vec::new();
    for group in resolved {
        // A verb alone ("thanks, done"): it has nothing to apply to.
        if group.numbers.is_empty() {
            if group.verb.is_some() {
                return None;
            }
            continue;
        }
        let action = match group.verb? {
            Verb::Done => ItemAction::Done,
            Verb::Drop => ItemAction::Drop,
            Verb::Move => ItemAction::Move(group.date?),
        };
        out.extend(
            group
                .numbers
                .iter()
                .map(|&number| ItemCommand { number, action }),
        );
    }
    Some(out)
}

/// A mentee's "done: send the deck outline": the words naming the item, when the line starts
/// with a verb of [`Verb::Done`] and a colon or dash.
pub fn done_with_words(line: &str) -> Option<String> {
    let line = line.trim().trim_start_matches(['-', '*', '•']).trim();
    let lower = line.to_lowercase();
    LANGUAGES.iter().find_map(|vocabulary| {
        vocabulary
            .verbs
            .iter()
            .filter(|(_, verb)| *verb == Verb::Done)
            .filter_map(|(phrase, _)| {
                let rest = lower.strip_prefix(phrase)?;
                let trimmed = rest.trim_start();
                let after = trimmed
                    .strip_prefix(':')
                    .or_else(|| trimmed.strip_prefix(" - "))
                    .or_else(|| trimmed.strip_prefix("- "))
                    .or_else(|| trimmed.strip_prefix('—'))
                    .or_else(|| trimmed.strip_prefix('–'))?;
                let words = after.trim();
                let at = line.len() - words.len();
                let words = line.get(at..)?.trim();
                words
                    .chars()
                    .any(char::is_alphabetic)
                    .then(|| words.to_string())
            })
            .max_by_key(String::len)
    })
}

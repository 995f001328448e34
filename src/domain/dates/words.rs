//! The words of dates and durations, as tables: each pattern that reads a date is built from
//! these tables, and the same tables turn the matched word back into a number, so a spelling
//! added here is both recognised and understood.

/// Month names in calendar order, full name first, then the abbreviations people write.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sept", "sep"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// Weekday names, full name first. A weekday is only ever read in front of a date
/// ("Thu 3 Dec"), never alone: "on Friday" in a reply is as often news as a deadline.
const WEEKDAYS: [&[&str]; 7] = [
    &["monday", "mon"],
    &["tuesday", "tues", "tue"],
    &["wednesday", "wed"],
    &["thursday", "thurs", "thur", "thu"],
    &["friday", "fri"],
    &["saturday", "sat"],
    &["sunday", "sun"],
];

/// Counts written as words in a duration ("a month", "couple of weeks").
const NUMBER_WORDS: [(&str, i64); 9] = [
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("couple", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
];

/// The unit of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Month,
}

/// Duration units, singular (a plural `s` is allowed after each).
const UNITS: [(&str, Unit); 3] = [
    ("day", Unit::Day),
    ("week", Unit::Week),
    ("month", Unit::Month),
];

/// A regex alternation of every spelling in `names`, for use inside a group.
fn alternation<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().collect::<Vec<_>>().join("|")
}

/// Alternation of all month spellings.
pub(super) fn month_pattern() -> String {
    alternation(MONTHS.iter().flat_map(|names| names.iter().copied()))
}

/// Alternation of all weekday spellings.
pub(super) fn weekday_pattern() -> String {
    alternation(WEEKDAYS.iter().flat_map(|names| names.iter().copied()))
}

/// Alternation of the count words.
pub(super) fn number_word_pattern() -> String {
    alternation(NUMBER_WORDS.iter().map(|(word, _)| *word))
}

/// Alternation of the unit words.
pub(super) fn unit_pattern() -> String {
    alternation(UNITS.iter().map(|(word, _)| *word))
}

/// The month (1 to 12) a name means, in any case, with or without a trailing dot.
pub(super) fn month_number(word: &str) -> Option<i8> {
    let word = word.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&word.as_str()))
        .and_then(|index| i8::try_from(index + 1).ok())
}

/// The count a word or a number of digits means.
pub(super) fn count(word: &str) -> Option<i64> {
    let word = word.to_lowercase();
    NUMBER_WORDS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, n)| *n)
        .or_else(|| word.parse().ok())
}

/// The unit a word names (singular or plural).
pub(super) fn unit(word: &str) -> Option<Unit> {
    let word = word.to_lowercase();
    let singular = word.strip_suffix('s').unwrap_or(&word);
    UNITS
        .iter()
        .find(|(name, _)| *name == singular)
        .map(|(_, unit)| *unit)
}

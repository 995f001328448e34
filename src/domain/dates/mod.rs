//! Dates and durations as people write them in mail, the one reader of dates for mentees'
//! replies and mentors' notes alike.
//!
//! Dates: `2027-01-15`, `15 Jan`, `15th of January 2027`, `Jan 15, 2027`, `Thu 3 Dec`,
//! `end of March`. Month and weekday names may be written in full or abbreviated, in any case.
//! A weekday is read only in front of a date; alone ("by Friday") it is not a date. Numeric
//! forms other than ISO (`15/01`, `01/15`) are not read: day and month order differ by country.
//!
//! Durations: `2 weeks`, `a month`, `couple of weeks`, `10 days`, counted from the writer's
//! `today`.
//!
//! # A date without a year
//!
//! A date written without a year is read as its first occurrence on or after the day
//! [`PAST_GRACE_DAYS`] days before the reference date (the day the mail was written). So it is
//! almost always the next such date: written on 20 Dec, "5 Jan" is next January, and a goal
//! "by 15 Jan" set in November is the coming January. Only a date that passed within the last
//! month stays in the past: notes forwarded a week after the session still date that session's
//! "next session: 25 Nov" correctly, and a mistyped "pause until 20 Nov" on 26 Nov is refused as
//! past instead of pausing the mentee for a year. A date further back than that is next year's
//! (a new goal is not set already overdue). `end of March` follows the same rule with the last
//! day of the month, and `29 Feb` is the next 29 February that exists.
//!
//! Patterns use the `regex` crate only (finite automata, linear time), so a hostile mail cannot
//! make reading slow.

mod words;

#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::Date;
use regex::{Captures, Regex};

use words::Unit;

/// How many days before the reference date a date without a year may lie and still be read in
/// the past: about a month, the longest gap between sessions or before notes are forwarded.
pub const PAST_GRACE_DAYS: i64 = 30;

/// Every month and day (29 February included) occurs within this many years.
const YEARS_TO_SEARCH: i16 = 8;

/// Words that tie a date to what comes before it ("by 15 Jan"); they go with the date when it is
/// taken out of a title.
const CONNECTORS: [&str; 6] = ["by", "before", "until", "till", "due", "on"];

/// The forms of a date, in the order that breaks a tie between two starting at the same place.
/// Each names its parts `year`, `month` (digits or a name) and `day` (absent: end of the month).
static FORMS: LazyLock<[Regex; 4]> = LazyLock::new(|| {
    let month = words::month_pattern();
    let weekday = format!(r"(?:(?:{})\.?,?\s+)?", words::weekday_pattern());
    let year = r"(?:,?\s+(?P<year>\d{4})\b)?";
    let ordinal = "(?:st|nd|rd|th)?";
    [
        r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b".to_string(),
        format!(r"(?i)\bend\s+of\s+(?P<month>{month})\b\.?{year}"),
        format!(
            r"(?i)\b{weekday}(?P<day>\d{{1,2}}){ordinal}\s+(?:of\s+)?(?P<month>{month})\b\.?{year}"
        ),
        format!(r"(?i)\b{weekday}(?P<month>{month})\b\.?\s+(?P<day>\d{{1,2}}){ordinal}\b{year}"),
    ]
    .map(|pattern| Regex::new(&pattern).expect("date pattern"))
});

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<count>\d{{1,3}}|{})\s+(?:of\s+)?(?P<unit>{})s?\b",
        words::number_word_pattern(),
        words::unit_pattern()
    ))
    .expect("duration pattern")
});

/// What a date phrase says about the day, apart from its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// A day of a month.
    Day { month: i8, day: i8 },
    /// The last day of a month.
    EndOf { month: i8 },
}

impl Written {
    fn in_year(self, year: i16) -> Option<Date> {
        match self {
            Written::Day { month, day } => Date::new(year, month, day).ok(),
            Written::EndOf { month } => Date::new(year, month, 1).ok().map(|d| d.last_of_month()),
        }
    }
}

/// A date phrase found in a text.
#[derive(Debug)]
struct Phrase {
    span: Range<usize>,
    year: Option<i16>,
    written: Written,
}

impl Phrase {
    fn from_captures(c: &Captures<'_>) -> Option<Phrase> {
        let month = c.name("month")?.as_str();
        let month = month.parse().ok().or_else(|| words::month_number(month))?;
        let year = match c.name("year") {
            Some(year) => Some(year.as_str().parse().ok()?),
            None => None,
        };
        let written = match c.name("day") {
            Some(day) => Written::Day {
                month,
                day: day.as_str().parse().ok()?,
            },
            None => Written::EndOf { month },
        };
        Some(Phrase {
            span: c.get(0)?.range(),
            year,
            written,
        })
    }

    /// The date meant, read relative to `reference` when the year is not written (see the
    /// module documentation).
    fn resolve(&self, reference: Date) -> Option<Date> {
        if let Some(year) = self.year {
            return self.written.in_year(year);
        }
        let earliest = reference.checked_sub(PAST_GRACE_DAYS.days()).ok()?;
        let first_year = earliest.year();
        (first_year..=first_year.saturating_add(YEARS_TO_SEARCH))
            .filter_map(|year| self.written.in_year(year))
            .find(|date| *date >= earliest)
    }

    /// Whether the phrase names a day that exists (in some year, when it has none), which is
    /// exactly when [`Phrase::resolve`] finds a date for it.
    fn names_a_day(&self) -> bool {
        // 2000 is a leap year, so a year-less 29 February counts.
        self.written.in_year(self.year.unwrap_or(2000)).is_some()
    }
}

/// The earliest phrase in `text` that `read` accepts, with what it read.
fn earliest<T>(text: &str, read: impl Fn(&Phrase) -> Option<T>) -> Option<(Range<usize>, T)> {
    FORMS
        .iter()
        .filter_map(|form| {
            form.captures_iter(text)
                .filter_map(|c| Phrase::from_captures(&c))
                .find_map(|phrase| read(&phrase).map(|value| (phrase.span, value)))
        })
        .min_by_key(|(span, _)| span.start)
}

/// The first date written in `text`, with a year-less date read relative to `reference` (the
/// day the text was written; see the module documentation for the rule).
pub fn find_date(text: &str, reference: Date) -> Option<Date> {
    earliest(text, |phrase| phrase.resolve(reference)).map(|(_, date)| date)
}

/// `today` plus the first duration written in `text` ("2 weeks", "a month", "10 days").
pub fn find_duration_end(text: &str, today: Date) -> Option<Date> {
    let c = DURATION.captures(text)?;
    let n = words::count(&c["count"])?.min(365);
    let span = match words::unit(&c["unit"])? {
        Unit::Day => n.days(),
        Unit::Week => (n * 7).days(),
        Unit::Month => n.months(),
    };
    today.checked_add(span).ok()
}

/// The text without the date phrase [`find_date`] would find, nor the word tying it to the text
/// ("by", "until", ...), for goal titles.
pub fn strip_date_phrase(text: &str) -> String {
    let joined = match earliest(text, |phrase| phrase.names_a_day().then_some(())) {
        Some((span, ())) => {
            let after = &text[span.end..];
            format!(
                "{}{}",
                without_connector(&text[..span.start]),
                after.strip_prefix(')').unwrap_or(after)
            )
        }
        None => text.to_string(),
    };
    joined
        .trim()
        .trim_end_matches([',', ';', ':', '-'])
        .trim()
        .to_string()
}

/// `before` without a trailing connector word and the punctuation in front of it.
fn without_connector(before: &str) -> &str {
    let trimmed = before.trim_end();
    let kept = CONNECTORS
        .iter()
        .find_map(|word| {
            let start = trimmed.len().checked_sub(word.len())?;
            let kept = trimmed.get(..start)?;
            let whole_word = kept
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            (whole_word && trimmed.get(start..)?.eq_ignore_ascii_case(word)).then_some(kept)
        })
        .unwrap_or(trimmed);
    kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:(-".contains(c))
}

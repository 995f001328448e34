//! Dates and durations as people write them in mail: `2027-01-15`, `15 Jan`, `Jan 15, 2027`,
//! `end of March`, `2 weeks`, `a month`. Relative to the writer's `today`: a day and month
//! without a year is the next such day on or after today.

use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::Date;
use regex::Regex;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_number(word: &str) -> Option<i8> {
    let lower = word.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as i8 + 1)
}

fn number_word(word: &str) -> Option<i64> {
    let n = match word.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" | "couple" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        other => return other.parse().ok(),
    };
    Some(n)
}

const MONTH: &str = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b").expect("valid regex"));
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(\d{{4}}))?"
    ))
    .expect("valid regex")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
    ))
    .expect("valid regex")
});
static END_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\bend\s+of\s+{MONTH}(?:\s+(\d{{4}}))?")).expect("valid regex")
});
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,3}|an?|one|two|three|four|five|six|couple)\s+(?:of\s+)?(day|week|month)s?\b",
    )
    .expect("valid regex")
});

/// The next date with this month and day on or after `today` (or in `year`, when given).
fn with_year(today: Date, year: Option<&str>, month: i8, day: i8) -> Option<Date> {
    if let Some(year) = year {
        return Date::new(year.parse().ok()?, month, day).ok();
    }
    let this_year = Date::new(today.year(), month, day).ok()?;
    if this_year >= today {
        Some(this_year)
    } else {
        Date::new(today.year() + 1, month, day).ok()
    }
}

/// The first date written in `text`, if any, and where it starts.
pub fn find_date(text: &str, today: Date) -> Option<Date> {
    let mut found: Vec<(usize, Date)> = Vec::new();
    if let Some(c) = ISO.captures(text) {
        let date = Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        if let (Ok(date), Some(m)) = (date, c.get(0)) {
            found.push((m.start(), date));
        }
    }
    if let Some(c) = END_OF.captures(text)
        && let (Some(m), Some(month)) = (c.get(0), month_number(&c[1]))
        && let Some(first) = with_year(
            today.first_of_month(),
            c.get(2).map(|y| y.as_str()),
            month,
            1,
        )
    {
        found.push((m.start(), first.last_of_month()));
    }
    if let Some(c) = DAY_MONTH.captures(text)
        && let (Some(m), Some(month), Ok(day)) = (c.get(0), month_number(&c[2]), c[1].parse())
        && let Some(date) = with_year(today, c.get(3).map(|y| y.as_str()), month, day)
    {
        found.push((m.start(), date));
    }
    if let Some(c) = MONTH_DAY.captures(text)
        && let (Some(m), Some(month), Ok(day)) = (c.get(0), month_number(&c[1]), c[2].parse())
        && let Some(date) = with_year(today, c.get(3).map(|y| y.as_str()), month, day)
    {
        found.push((m.start(), date));
    }
    // "end of March" also matches nothing else; where two forms overlap the earliest wins.
    found.sort_by_key(|(start, _)| *start);
    found.first().map(|(_, date)| *date)
}

/// `today` plus the first duration written in `text` ("2 weeks", "a month", "10 days").
pub fn find_duration_end(text: &str, today: Date) -> Option<Date> {
    let c = DURATION.captures(text)?;
    let n = number_word(&c[1])?.min(365);
    let span = match c[2].to_ascii_lowercase().as_str() {
        "day" => n.days(),
        "week" => (n * 7).days(),
        _ => n.months(),
    };
    today.checked_add(span).ok()
}

/// The text without the date phrase [`find_date`] would find (for goal titles).
pub fn strip_date_phrase(text: &str) -> String {
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)[\s,;:(-]*\b(?:by|before|until|till|due|on)?\s*(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|end\s+of\s+{MONTH}(?:\s+\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+\d{{4}})?|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?)\)?"
        ))
        .expect("valid regex")
    });
    BY.replace(text, "")
        .trim()
        .trim_end_matches([',', ';', ':', '-'])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn reads_the_common_ways_of_writing_a_date() {
        let today = date(2026, 11, 26);
        assert_eq!(find_date("by 2027-01-15", today), Some(date(2027, 1, 15)));
        assert_eq!(find_date("by 15 Jan", today), Some(date(2027, 1, 15)));
        assert_eq!(find_date("by 3rd December", today), Some(date(2026, 12, 3)));
        assert_eq!(find_date("Jan 15, 2028", today), Some(date(2028, 1, 15)));
        assert_eq!(find_date("by end of March", today), Some(date(2027, 3, 31)));
        assert_eq!(
            find_date("end of November", today),
            Some(date(2026, 11, 30))
        );
        assert_eq!(
            find_date("by end of feb 2028", today),
            Some(date(2028, 2, 29))
        );
        assert_eq!(find_date("no date here, 15 apples", today), None);
        assert_eq!(find_date("31 Feb", today), None);
    }

    #[test]
    fn reads_durations() {
        let today = date(2026, 11, 26);
        assert_eq!(
            find_duration_end("2 weeks", today),
            Some(date(2026, 12, 10))
        );
        assert_eq!(
            find_duration_end("for a month", today),
            Some(date(2026, 12, 26))
        );
        assert_eq!(find_duration_end("ten", today), None);
        assert_eq!(
            find_duration_end("three days", today),
            Some(date(2026, 11, 29))
        );
    }

    #[test]
    fn strips_the_date_from_a_title() {
        assert_eq!(
            strip_date_phrase("Run five discovery interviews by 15 Jan"),
            "Run five discovery interviews"
        );
        assert_eq!(
            strip_date_phrase("Own the pricing page (by end of March)"),
            "Own the pricing page"
        );
        assert_eq!(strip_date_phrase("Ship v2 - 2027-02-01"), "Ship v2");
        assert_eq!(strip_date_phrase("Learn SQL"), "Learn SQL");
    }
}

use jiff::civil::{Date, date};

use super::*;

/// A Thursday in late November, the reference of most rows.
const NOV_26: Date = date(2026, 11, 26);
/// Close to the year's end: a January date is next year's.
const DEC_20: Date = date(2026, 12, 20);
/// Just after New Year: December is last year's.
const JAN_5: Date = date(2027, 1, 5);

/// (text, reference date, date read)
const GOLDEN: &[(&str, Date, Option<Date>)] = &[
    // ISO, with or without leading zeros.
    ("by 2027-01-15", NOV_26, Some(date(2027, 1, 15))),
    ("2027-1-5", NOV_26, Some(date(2027, 1, 5))),
    ("2027-02-30", NOV_26, None),
    // Day before month, with a year or without, ordinals, "of", full and short names.
    ("by 15 Jan", NOV_26, Some(date(2027, 1, 15))),
    ("15th January", NOV_26, Some(date(2027, 1, 15))),
    ("by 3rd December", NOV_26, Some(date(2026, 12, 3))),
    ("on the 3rd of March, 2027", NOV_26, Some(date(2027, 3, 3))),
    ("1 March 2027", NOV_26, Some(date(2027, 3, 1))),
    ("9 sep.", NOV_26, Some(date(2027, 9, 9))),
    ("15 FEB", NOV_26, Some(date(2027, 2, 15))),
    // Month before day.
    ("Jan 15, 2028", NOV_26, Some(date(2028, 1, 15))),
    ("January 15th", NOV_26, Some(date(2027, 1, 15))),
    ("Sept 9", NOV_26, Some(date(2027, 9, 9))),
    ("Dec 9, 2026 at 10:00", NOV_26, Some(date(2026, 12, 9))),
    // A weekday in front of a date is part of it; alone it is not a date.
    ("Mon 30 Nov", NOV_26, Some(date(2026, 11, 30))),
    ("Thursday Jan 7", NOV_26, Some(date(2027, 1, 7))),
    ("Thu, 3 Dec 2026", NOV_26, Some(date(2026, 12, 3))),
    ("by Friday", NOV_26, None),
    // End of a month: its last day, leap years included.
    ("by end of March", NOV_26, Some(date(2027, 3, 31))),
    ("end of November", NOV_26, Some(date(2026, 11, 30))),
    ("end of Feb", NOV_26, Some(date(2027, 2, 28))),
    ("by end of feb 2028", NOV_26, Some(date(2028, 2, 29))),
    // Days that do not exist; 29 February is the next one there is.
    ("31 Feb", NOV_26, None),
    ("31 Feb 2027", NOV_26, None),
    ("29 Feb", NOV_26, Some(date(2028, 2, 29))),
    // The earliest phrase that names a real day wins.
    ("31 Feb or 3 Mar", NOV_26, Some(date(2027, 3, 3))),
    (
        "15 Jan 2027, or else 3 Dec",
        NOV_26,
        Some(date(2027, 1, 15)),
    ),
    ("Dec 9 or 2 Dec", NOV_26, Some(date(2026, 12, 9))),
    // Without a year: up to 30 days back stays in the past, older is next year's.
    ("20 Nov", NOV_26, Some(date(2026, 11, 20))),
    ("27 Oct", NOV_26, Some(date(2026, 10, 27))),
    ("26 Oct", NOV_26, Some(date(2027, 10, 26))),
    ("end of October", NOV_26, Some(date(2026, 10, 31))),
    ("end of September", NOV_26, Some(date(2027, 9, 30))),
    ("26 Nov", NOV_26, Some(date(2026, 11, 26))),
    // Across the year's end, both ways.
    ("5 Jan", DEC_20, Some(date(2027, 1, 5))),
    ("Jan 5", DEC_20, Some(date(2027, 1, 5))),
    ("end of January", DEC_20, Some(date(2027, 1, 31))),
    ("end of December", DEC_20, Some(date(2026, 12, 31))),
    ("20 Nov", DEC_20, Some(date(2026, 11, 20))),
    ("19 Nov", DEC_20, Some(date(2027, 11, 19))),
    ("20 Dec", JAN_5, Some(date(2026, 12, 20))),
    ("Thu 7 Jan", JAN_5, Some(date(2027, 1, 7))),
    ("1 Dec", JAN_5, Some(date(2027, 12, 1))),
    // Not dates.
    ("", NOV_26, None),
    ("no date here, 15 apples", NOV_26, None),
    ("send 15 marketing emails", NOV_26, None),
    ("Mayday 15", NOV_26, None),
    ("15/01", NOV_26, None),
    ("01/15/2027", NOV_26, None),
    ("in 2027", NOV_26, None),
];

#[test]
fn golden_dates() {
    let wrong: Vec<String> = GOLDEN
        .iter()
        .filter_map(|&(text, reference, expected)| {
            let read = find_date(text, reference);
            (read != expected)
                .then(|| format!("{text:?} on {reference}: read {read:?}, expected {expected:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_title_loses_exactly_the_date_that_is_read() {
    for &(text, reference, expected) in GOLDEN {
        let stripped = strip_date_phrase(text);
        let changed = stripped != text.trim();
        assert_eq!(
            changed,
            expected.is_some(),
            "{text:?} on {reference} stripped to {stripped:?}"
        );
        if expected.is_some() {
            assert_ne!(find_date(&stripped, reference), expected, "{text:?}");
        }
    }
}

#[test]
fn strips_the_date_and_its_connecting_word_from_a_title() {
    let cases = [
        (
            "Run five discovery interviews by 15 Jan",
            "Run five discovery interviews",
        ),
        (
            "Own the pricing page (by end of March)",
            "Own the pricing page",
        ),
        ("Ship v2 - 2027-02-01", "Ship v2"),
        (
            "Ship v2 (2027-02-01) and tell sales",
            "Ship v2 and tell sales",
        ),
        ("Present the roadmap on Thu 3 Dec", "Present the roadmap"),
        ("Finish the course, due Jan 15th, 2027", "Finish the course"),
        ("Visit the site nearby 15 Jan", "Visit the site nearby"),
        ("Learn SQL", "Learn SQL"),
    ];
    for (title, expected) in cases {
        assert_eq!(strip_date_phrase(title), expected, "{title:?}");
    }
}

#[test]
fn reads_durations() {
    let cases = [
        ("2 weeks", Some(date(2026, 12, 10))),
        ("for a month", Some(date(2026, 12, 26))),
        ("a couple of weeks", Some(date(2026, 12, 10))),
        ("three days", Some(date(2026, 11, 29))),
        ("10 DAYS", Some(date(2026, 12, 6))),
        ("ten", None),
        ("weeks", None),
    ];
    for (text, expected) in cases {
        assert_eq!(find_duration_end(text, NOV_26), expected, "{text:?}");
    }
}

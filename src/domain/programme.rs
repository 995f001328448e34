//! What a programme as a whole is set to (beside its question bank): whether mentees get the
//! monthly recap, and who gets the weekly programme summary. And the two rules of those mails'
//! timing: which prompt is the month's first, and when the next weekly summary is due.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use super::Email;

/// A programme's own settings (`mentormail programme ...`). A programme never set has the
/// defaults: recaps on, no admins (so no summary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeSettings {
    pub programme: String,
    /// Mentees get a recap of their month with the first prompt of the next one.
    #[serde(default = "recaps_on")]
    pub recap: bool,
    /// Who gets the weekly programme summary, one mail each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub admins: Vec<Email>,
    pub updated_at: Timestamp,
}

fn recaps_on() -> bool {
    true
}

impl ProgrammeSettings {
    /// The settings of a programme nobody set anything for.
    pub fn defaults(programme: &str, now: Timestamp) -> Self {
        ProgrammeSettings {
            programme: programme.to_string(),
            recap: true,
            admins: Vec::new(),
            updated_at: now,
        }
    }
}

/// The month a prompt sent at `sent_at` closes, when it is the first prompt sent in its calendar
/// month in the pair's zone `tz` (the previous one, sent at `last_sent`, went out in an earlier
/// month): the first day of the month before. Send times, not due times, so that a prompt due
/// late on the 30th and sent on the 1st after quiet hours counts once, in the month it went out. `None` for later prompts of the month and for
/// a pair's very first prompt (there is no month of theirs to look back on yet).
pub fn month_closed_by(
    sent_at: Timestamp,
    last_sent: Option<Timestamp>,
    tz: &TimeZone,
) -> Option<Date> {
    let month_of = |t: Timestamp| t.to_zoned_datetime(tz.clone()).date().first_of_month();
    let this_month = month_of(sent_at);
    let previous = month_of(last_sent?);
    (previous < this_month).then(|| this_month.saturating_sub(1.month()))
}

/// When the weekly programme summary goes out: Monday 08:00 UTC (a programme has admins, not a
/// zone; 08:00 UTC is the morning in Europe and Africa, the night before in the Americas).
const SUMMARY_WEEKDAY: jiff::civil::Weekday = jiff::civil::Weekday::Monday;
const SUMMARY_HOUR: i8 = 8;

/// The first weekly summary time after `after`.
pub fn next_summary_due(after: Timestamp) -> Timestamp {
    let day = after.to_zoned_datetime(TimeZone::UTC).date();
    let mut date = day;
    loop {
        if date.weekday() == SUMMARY_WEEKDAY {
            let at = super::schedule::local_instant(
                date,
                jiff::civil::Time::constant(SUMMARY_HOUR, 0, 0, 0),
                &TimeZone::UTC,
            );
            if at > after {
                return at;
            }
        }
        date = date.saturating_add(1.day());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn only_the_first_prompt_of_a_month_closes_the_month_before() {
        let london = TimeZone::get("Europe/London").unwrap();
        let first_of_december = month_closed_by(
            ts("2026-12-07T09:00:00Z"),
            Some(ts("2026-11-30T09:00:00Z")),
            &london,
        );
        assert_eq!(first_of_december, Some(jiff::civil::date(2026, 11, 1)));
        let second = month_closed_by(
            ts("2026-12-14T09:00:00Z"),
            Some(ts("2026-12-07T09:00:00Z")),
            &london,
        );
        assert_eq!(second, None);
        assert_eq!(
            month_closed_by(ts("2026-12-07T09:00:00Z"), None, &london),
            None
        );
        // In the pair's zone: 1 Jan 00:30 in Auckland is still 31 Dec in UTC.
        let auckland = TimeZone::get("Pacific/Auckland").unwrap();
        assert_eq!(
            month_closed_by(
                ts("2026-12-31T11:30:00Z"),
                Some(ts("2026-12-24T11:30:00Z")),
                &auckland
            ),
            Some(jiff::civil::date(2026, 12, 1))
        );
    }

    #[test]
    fn the_summary_is_due_on_the_next_monday_morning() {
        // Thursday 3 Dec 2026 -> Monday 7 Dec 08:00 UTC.
        assert_eq!(
            next_summary_due(ts("2026-12-03T15:00:00Z")),
            ts("2026-12-07T08:00:00Z")
        );
        // Exactly at the time: the week after.
        assert_eq!(
            next_summary_due(ts("2026-12-07T08:00:00Z")),
            ts("2026-12-14T08:00:00Z")
        );
        assert_eq!(
            next_summary_due(ts("2026-12-07T07:59:00Z")),
            ts("2026-12-07T08:00:00Z")
        );
    }
}

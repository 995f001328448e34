//! Where a pair's schedule items go when an admin changes the pair's prompt time or a person's
//! time zone: each keeps its local date, takes the new local time (or keeps its own), and is
//! read in the new zone; never in the past, never in quiet hours.

use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::mentorship::Cadence;
use super::schedule::{local_instant, next_prompt, outside_quiet_hours};
use super::task::Task;

/// `at`, as the same local date in `from`, at `time` (or its own local time when `None`), in
/// zone `to`; `now` at the earliest, moved out of the quiet hours of `to`.
pub fn rezoned(
    at: Timestamp,
    from: &TimeZone,
    to: &TimeZone,
    time: Option<Time>,
    now: Timestamp,
) -> Timestamp {
    let local = at.to_zoned_datetime(from.clone());
    let moved = local_instant(local.date(), time.unwrap_or(local.time()), to);
    outside_quiet_hours(moved.max(now), to)
}

/// When the next prompt is due after a change of cadence, time or zone: the first slot of the
/// new settings after `now`, as on enrolment, but never on the local day a prompt last went out
/// (`last_sent`; a later time that day would be a second prompt), and a fortnightly pair keeps
/// its fortnight.
pub fn prompt_after_change(
    cadence: &Cadence,
    time: Time,
    tz: &TimeZone,
    last_sent: Option<Timestamp>,
    now: Timestamp,
) -> Timestamp {
    match (cadence, last_sent) {
        (Cadence::Fortnightly { .. }, Some(last)) => {
            next_prompt(cadence, time, tz, Some(last), now)
        }
        (_, Some(last)) => {
            let day = last.to_zoned_datetime(tz.clone()).date();
            let next_day = local_instant(day.saturating_add(1.day()), Time::midnight(), tz);
            next_prompt(cadence, time, tz, None, now.max(next_day))
        }
        (_, None) => next_prompt(cadence, time, tz, None, now),
    }
}

/// Whether an item is sent at the pair's prompt time in the mentee's zone (goal reminders,
/// decision follow-ups): a new prompt time or mentee zone moves it. Prompts follow the cadence
/// instead, and the kickoff and the mentor's mail keep their own times.
pub fn follows_prompt_time(task: &Task) -> bool {
    matches!(
        task,
        Task::GoalReminder { .. } | Task::DecisionFollowUp { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::zone;
    use jiff::civil::time;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_changed_prompt_never_falls_on_the_day_one_went_out() {
        let london = zone("Europe/London");
        let monday = Cadence::Weekly {
            day: crate::domain::Weekday::Mon,
        };
        // Monday 30 Nov, 10:00: the 09:00 prompt went out; moved to 17:30, the next is a week on.
        let now = ts("2026-11-30T10:00:00Z");
        let sent = Some(ts("2026-11-30T09:00:05Z"));
        let at = time(17, 30, 0, 0);
        assert_eq!(
            prompt_after_change(&monday, at, &london, sent, now),
            ts("2026-12-07T17:30:00Z")
        );
        // Nothing sent today: today's new slot.
        assert_eq!(
            prompt_after_change(&monday, at, &london, Some(ts("2026-11-23T09:00:05Z")), now),
            ts("2026-11-30T17:30:00Z")
        );
        assert_eq!(
            prompt_after_change(&monday, at, &london, None, now),
            ts("2026-11-30T17:30:00Z")
        );
        // A fortnightly pair keeps its weeks.
        let fortnightly = Cadence::Fortnightly {
            day: crate::domain::Weekday::Mon,
        };
        assert_eq!(
            prompt_after_change(&fortnightly, at, &london, sent, now),
            ts("2026-12-14T17:30:00Z")
        );
    }

    #[test]
    fn an_item_keeps_its_local_date_and_wall_clock_in_the_new_zone() {
        let london = zone("Europe/London");
        let new_york = zone("America/New_York");
        let now = ts("2026-12-03T10:00:00Z");
        // Monday 7 Dec 09:00 in London is 04:00 in New York; moved, it is 09:00 there.
        let digest = ts("2026-12-07T09:00:00Z");
        assert_eq!(
            rezoned(digest, &london, &new_york, None, now),
            ts("2026-12-07T14:00:00Z")
        );
        // A new prompt time on the same local date.
        assert_eq!(
            rezoned(digest, &london, &london, Some(time(17, 30, 0, 0)), now),
            ts("2026-12-07T17:30:00Z")
        );
        // Never in the past, never in quiet hours.
        assert_eq!(
            rezoned(ts("2026-12-03T09:00:00Z"), &london, &london, None, now),
            now
        );
        assert_eq!(
            rezoned(digest, &london, &london, Some(time(22, 0, 0, 0)), now),
            ts("2026-12-08T08:00:00Z")
        );
    }
}

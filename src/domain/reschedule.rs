//! Where a pair's schedule items go when an admin changes the pair's prompt time or a person's
//! time zone: each keeps its local date, takes the new local time (or keeps its own), and is
//! read in the new zone; never in the past, never in quiet hours.

use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;

use super::schedule::{local_instant, outside_quiet_hours};
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

//! When things are due: prompts on a pair's cadence at the mentee's local time, and goal
//! reminders. Times are computed in civil (wall-clock) terms in the mentee's zone and only then
//! turned into instants, so "Monday 09:00" stays 09:00 across daylight-saving changes.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::mentorship::Cadence;

/// The mentee's zone, or UTC when the stored name is unknown (never fail a send over it; the
/// CLI validates zones at enrolment).
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// The instant of local `time` on `date` in `tz`. In a DST gap (02:30 that does not exist) the
/// later, compatible instant is chosen, as calendar applications do.
pub fn local_instant(date: Date, time: Time, tz: &TimeZone) -> Timestamp {
    date.to_datetime(time)
        .to_zoned_datetime(tz.clone())
        .map(|z| z.timestamp())
        .unwrap_or_else(|_| Timestamp::MAX)
}

fn matches_day(cadence: &Cadence, date: Date) -> bool {
    let weekday = date.weekday();
    match cadence {
        Cadence::Weekly { day } | Cadence::Fortnightly { day } => day.to_jiff() == weekday,
        Cadence::Weekdays { days } => days.iter().any(|d| d.to_jiff() == weekday),
    }
}

/// First local day on or after `from` that the cadence prompts on, at `time`, strictly after
/// `after`.
fn first_slot_after(
    cadence: &Cadence,
    time: Time,
    tz: &TimeZone,
    from: Date,
    after: Timestamp,
) -> Timestamp {
    let mut date = from;
    // Two weeks and a day always contain a matching day strictly after `after`.
    for _ in 0..16 {
        if matches_day(cadence, date) {
            let at = local_instant(date, time, tz);
            if at > after {
                return at;
            }
        }
        date = date.saturating_add(1.day());
    }
    Timestamp::MAX
}

/// When the next prompt is due.
///
/// `previous` is the due time of the prompt just sent (`None` for a new pair): the next one
/// follows it by the cadence. If that is already in the past (the pair was paused, or the
/// scheduler was down), the next slot after `now` is taken instead, keeping a fortnightly pair on
/// its own weeks.
pub fn next_prompt(
    cadence: &Cadence,
    time: Time,
    tz: &TimeZone,
    previous: Option<Timestamp>,
    now: Timestamp,
) -> Timestamp {
    let Some(previous) = previous else {
        let today = now.to_zoned_datetime(tz.clone()).date();
        return first_slot_after(cadence, time, tz, today, now);
    };
    let prev_date = previous.to_zoned_datetime(tz.clone()).date();
    match cadence {
        Cadence::Fortnightly { .. } => {
            let mut date = prev_date.saturating_add(14.days());
            while local_instant(date, time, tz) <= now {
                date = date.saturating_add(14.days());
            }
            local_instant(date, time, tz)
        }
        Cadence::Weekly { .. } | Cadence::Weekdays { .. } => {
            let from = prev_date.saturating_add(1.day());
            first_slot_after(cadence, time, tz, from, previous.max(now))
        }
    }
}

/// The stage of a goal's reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalReminder {
    /// A week before the target date (or the next day, if the goal was set closer than that).
    Upcoming,
    /// The day after the target date, once.
    Overdue,
}

/// When the next reminder for a goal due on `target` is, after `now`, given the stage already
/// sent (`None`: none yet). `None` when nothing more is to be sent.
pub fn next_goal_reminder(
    target: Date,
    time: Time,
    tz: &TimeZone,
    sent: Option<GoalReminder>,
    now: Timestamp,
) -> Option<(GoalReminder, Timestamp)> {
    let overdue = local_instant(target.saturating_add(1.day()), time, tz);
    match sent {
        None => {
            let week_before = local_instant(target.saturating_sub(7.days()), time, tz);
            if week_before > now {
                return Some((GoalReminder::Upcoming, week_before));
            }
            let today = now.to_zoned_datetime(tz.clone()).date();
            let tomorrow = local_instant(today.saturating_add(1.day()), time, tz);
            if tomorrow < local_instant(target, time, tz) {
                Some((GoalReminder::Upcoming, tomorrow))
            } else {
                Some((GoalReminder::Overdue, overdue.max(now)))
            }
        }
        Some(GoalReminder::Upcoming) => Some((GoalReminder::Overdue, overdue.max(now))),
        Some(GoalReminder::Overdue) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Weekday;
    use jiff::civil::{date, time};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn first_weekly_prompt_is_the_next_matching_local_slot() {
        let tz = zone("Europe/London");
        let cadence = Cadence::Weekly { day: Weekday::Mon };
        // Thursday 26 Nov 2026 -> Monday 30 Nov 09:00 GMT.
        let next = next_prompt(
            &cadence,
            time(9, 0, 0, 0),
            &tz,
            None,
            ts("2026-11-26T12:00:00Z"),
        );
        assert_eq!(next, ts("2026-11-30T09:00:00Z"));
        // On Monday before 09:00 the same day counts; after it, the next week.
        let same_day = next_prompt(
            &cadence,
            time(9, 0, 0, 0),
            &tz,
            None,
            ts("2026-11-30T08:59:00Z"),
        );
        assert_eq!(same_day, ts("2026-11-30T09:00:00Z"));
        let next_week = next_prompt(
            &cadence,
            time(9, 0, 0, 0),
            &tz,
            None,
            ts("2026-11-30T09:00:00Z"),
        );
        assert_eq!(next_week, ts("2026-12-07T09:00:00Z"));
    }

    #[test]
    fn weekly_prompts_keep_local_time_across_dst() {
        let tz = zone("America/New_York");
        let cadence = Cadence::Weekly { day: Weekday::Mon };
        // Monday 2 Mar 2026 09:00 EST = 14:00Z; DST starts Sunday 8 Mar.
        let prev = ts("2026-03-02T14:00:00Z");
        let next = next_prompt(&cadence, time(9, 0, 0, 0), &tz, Some(prev), prev);
        assert_eq!(next, ts("2026-03-09T13:00:00Z"), "09:00 EDT");
    }

    #[test]
    fn fortnightly_skips_a_week_and_catches_up_after_downtime() {
        let tz = zone("UTC");
        let cadence = Cadence::Fortnightly { day: Weekday::Thu };
        let prev = ts("2026-11-26T09:00:00Z");
        let t = time(9, 0, 0, 0);
        assert_eq!(
            next_prompt(&cadence, t, &tz, Some(prev), prev),
            ts("2026-12-10T09:00:00Z")
        );
        // Scheduler down for three weeks: next slot on the pair's own fortnight.
        let now = ts("2026-12-17T10:00:00Z");
        assert_eq!(
            next_prompt(&cadence, t, &tz, Some(prev), now),
            ts("2026-12-24T09:00:00Z")
        );
    }

    #[test]
    fn weekdays_cadence_takes_the_next_listed_day() {
        let tz = zone("Asia/Tokyo");
        let cadence = Cadence::Weekdays {
            days: vec![Weekday::Mon, Weekday::Thu],
        };
        let t = time(8, 30, 0, 0);
        // Monday 30 Nov 2026 08:30 JST.
        let prev = ts("2026-11-29T23:30:00Z");
        assert_eq!(
            next_prompt(&cadence, t, &tz, Some(prev), prev),
            ts("2026-12-02T23:30:00Z")
        );
    }

    #[test]
    fn a_time_in_the_dst_gap_moves_forward() {
        let tz = zone("Europe/Berlin");
        // 29 Mar 2026 02:30 does not exist in Berlin.
        let at = local_instant(date(2026, 3, 29), time(2, 30, 0, 0), &tz);
        assert_eq!(at, ts("2026-03-29T01:30:00Z"));
    }

    #[test]
    fn goal_reminders_go_a_week_before_then_once_overdue() {
        let tz = zone("UTC");
        let t = time(9, 0, 0, 0);
        let target = date(2026, 12, 31);
        let now = ts("2026-11-26T12:00:00Z");
        let (stage, at) = next_goal_reminder(target, t, &tz, None, now).unwrap();
        assert_eq!(
            (stage, at),
            (GoalReminder::Upcoming, ts("2026-12-24T09:00:00Z"))
        );
        let (stage, at) = next_goal_reminder(target, t, &tz, Some(stage), at).unwrap();
        assert_eq!(
            (stage, at),
            (GoalReminder::Overdue, ts("2027-01-01T09:00:00Z"))
        );
        assert_eq!(next_goal_reminder(target, t, &tz, Some(stage), at), None);
        // Set three days before the target: reminded tomorrow.
        let close = next_goal_reminder(date(2026, 11, 29), t, &tz, None, now).unwrap();
        assert_eq!(close, (GoalReminder::Upcoming, ts("2026-11-27T09:00:00Z")));
        // Already past: straight to overdue, now.
        let past = next_goal_reminder(date(2026, 11, 1), t, &tz, None, now).unwrap();
        assert_eq!(past, (GoalReminder::Overdue, now));
    }
}

//! When things are due: prompts on a pair's cadence at the mentee's local time, and goal
//! reminders. Times are computed in civil (wall-clock) terms in the mentee's zone and only then
//! turned into instants, so "Monday 09:00" stays 09:00 across daylight-saving changes.
//!
//! Nothing is sent in quiet hours (21:00 to 08:00 in the recipient's zone): a slot that falls in
//! them moves to the next 08:00.

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

/// Quiet hours start at this local time...
pub const QUIET_START: Time = Time::constant(21, 0, 0, 0);
/// ...and end at this one, the next morning.
pub const QUIET_END: Time = Time::constant(8, 0, 0, 0);

/// Whether `at` falls in the quiet hours of `tz`.
pub fn in_quiet_hours(at: Timestamp, tz: &TimeZone) -> bool {
    let local = at.to_zoned_datetime(tz.clone()).time();
    local >= QUIET_START || local < QUIET_END
}

/// `at`, or the end of the quiet hours it falls in (the next 08:00 local).
pub fn outside_quiet_hours(at: Timestamp, tz: &TimeZone) -> Timestamp {
    let local = at.to_zoned_datetime(tz.clone());
    let (date, time) = (local.date(), local.time());
    if time >= QUIET_START {
        local_instant(date.saturating_add(1.day()), QUIET_END, tz)
    } else if time < QUIET_END {
        local_instant(date, QUIET_END, tz)
    } else {
        at
    }
}

/// The instant of a cadence slot: local `time` on `date`, moved out of quiet hours.
fn slot_instant(date: Date, time: Time, tz: &TimeZone) -> Timestamp {
    outside_quiet_hours(local_instant(date, time, tz), tz)
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
            let at = slot_instant(date, time, tz);
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
            // The cadence day the previous prompt belonged to: quiet hours may have moved it to
            // the next morning, and the fortnight counts from the day, not from the move.
            let mut anchor = prev_date;
            for _ in 0..6 {
                if matches_day(cadence, anchor) {
                    break;
                }
                anchor = anchor.saturating_sub(1.day());
            }
            let mut date = anchor.saturating_add(14.days());
            while slot_instant(date, time, tz) <= now {
                date = date.saturating_add(14.days());
            }
            slot_instant(date, time, tz)
        }
        Cadence::Weekly { .. } | Cadence::Weekdays { .. } => {
            // From the day before: a slot moved past midnight by quiet hours belongs to the day
            // before its date, and "strictly after `previous`" skips the slot just sent.
            // After downtime, search from today: the scan covers a fortnight, not the gap.
            // Never again on the local day the previous one went out: after an admin moved the
            // prompt time later, that day's new slot would be a second prompt.
            let today = now.to_zoned_datetime(tz.clone()).date();
            let from = prev_date.max(today).saturating_sub(1.day());
            let next_day = local_instant(prev_date.saturating_add(1.day()), Time::midnight(), tz);
            first_slot_after(cadence, time, tz, from, previous.max(now).max(next_day))
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
    let overdue = slot_instant(target.saturating_add(1.day()), time, tz);
    match sent {
        None => {
            let week_before = slot_instant(target.saturating_sub(7.days()), time, tz);
            if week_before > now {
                return Some((GoalReminder::Upcoming, week_before));
            }
            let today = now.to_zoned_datetime(tz.clone()).date();
            let tomorrow = slot_instant(today.saturating_add(1.day()), time, tz);
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

/// Local time of the mentor's digest on the day before a session.
pub const DIGEST_TIME: Time = Time::constant(9, 0, 0, 0);

/// When the mentor's digest for a session on `session` goes out: 09:00 the day before, in the
/// mentor's zone `tz`; if that has passed but the session has not (notes sent the evening
/// before), as soon as quiet hours allow. `None` once the session day is over.
pub fn digest_before_session(session: Date, tz: &TimeZone, now: Timestamp) -> Option<Timestamp> {
    let today = now.to_zoned_datetime(tz.clone()).date();
    if session < today {
        return None;
    }
    let before = local_instant(session.saturating_sub(1.day()), DIGEST_TIME, tz);
    Some(outside_quiet_hours(before.max(now), tz))
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_session_digest_goes_out_the_morning_before_the_session() {
        let london = zone("Europe/London");
        let now: Timestamp = "2026-12-01T15:00:00Z".parse().unwrap();
        let session = jiff::civil::date(2026, 12, 8);
        assert_eq!(
            digest_before_session(session, &london, now),
            Some("2026-12-07T09:00:00Z".parse().unwrap())
        );
        // Notes sent late the evening before: the next morning, not at night.
        let late: Timestamp = "2026-12-07T22:30:00Z".parse().unwrap();
        assert_eq!(
            digest_before_session(session, &london, late),
            Some("2026-12-08T08:00:00Z".parse().unwrap())
        );
        // A session that is over gets no digest.
        let after: Timestamp = "2026-12-09T10:00:00Z".parse().unwrap();
        assert_eq!(digest_before_session(session, &london, after), None);
    }

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

    #[test]
    fn weekly_prompts_keep_local_time_when_dst_ends_and_starts() {
        let cadence = Cadence::Weekly { day: Weekday::Mon };
        let nine = time(9, 0, 0, 0);
        let new_york = zone("America/New_York");
        // DST ends Sunday 1 Nov 2026: 09:00 EDT (13:00Z) -> 09:00 EST (14:00Z).
        let prev = ts("2026-10-26T13:00:00Z");
        assert_eq!(
            next_prompt(&cadence, nine, &new_york, Some(prev), prev),
            ts("2026-11-02T14:00:00Z")
        );
        let london = zone("Europe/London");
        // DST starts Sunday 29 Mar 2026: 09:00 GMT -> 09:00 BST (08:00Z).
        let prev = ts("2026-03-23T09:00:00Z");
        assert_eq!(
            next_prompt(&cadence, nine, &london, Some(prev), prev),
            ts("2026-03-30T08:00:00Z")
        );
        // DST ends Sunday 25 Oct 2026: 09:00 BST (08:00Z) -> 09:00 GMT (09:00Z).
        let prev = ts("2026-10-19T08:00:00Z");
        assert_eq!(
            next_prompt(&cadence, nine, &london, Some(prev), prev),
            ts("2026-10-26T09:00:00Z")
        );
    }

    #[test]
    fn quiet_hours_end_at_eight_local_on_both_dst_nights() {
        let new_york = zone("America/New_York");
        // 01:30 EDT on the night DST ends: quiet until 08:00 EST.
        assert!(in_quiet_hours(ts("2026-11-01T05:30:00Z"), &new_york));
        assert_eq!(
            outside_quiet_hours(ts("2026-11-01T05:30:00Z"), &new_york),
            ts("2026-11-01T13:00:00Z")
        );
        // 22:00 EST the evening before DST starts: quiet until 08:00 EDT.
        assert_eq!(
            outside_quiet_hours(ts("2026-03-08T03:00:00Z"), &new_york),
            ts("2026-03-08T12:00:00Z")
        );
        let berlin = zone("Europe/Berlin");
        // 01:30 CET on 29 Mar 2026, just before the gap: quiet until 08:00 CEST.
        assert_eq!(
            outside_quiet_hours(ts("2026-03-29T00:30:00Z"), &berlin),
            ts("2026-03-29T06:00:00Z")
        );
        // The edges: 20:59 is allowed, 21:00 is quiet, 08:00 is allowed.
        let utc = zone("UTC");
        let edge = ts("2026-11-26T20:59:00Z");
        assert_eq!(outside_quiet_hours(edge, &utc), edge);
        assert!(in_quiet_hours(ts("2026-11-26T21:00:00Z"), &utc));
        assert_eq!(
            outside_quiet_hours(ts("2026-11-26T21:00:00Z"), &utc),
            ts("2026-11-27T08:00:00Z")
        );
        assert!(!in_quiet_hours(ts("2026-11-27T08:00:00Z"), &utc));
    }

    #[test]
    fn a_prompt_time_in_quiet_hours_moves_to_the_next_morning_across_dst() {
        let london = zone("Europe/London");
        let cadence = Cadence::Weekly { day: Weekday::Sun };
        let late = time(22, 0, 0, 0);
        // Enrolled on Friday 16 Oct: Sunday 22:00 becomes Monday 08:00 BST.
        let first = next_prompt(&cadence, late, &london, None, ts("2026-10-16T12:00:00Z"));
        assert_eq!(first, ts("2026-10-19T07:00:00Z"));
        // Across the end of DST: Monday 08:00 GMT, one week on (not two, not a day late).
        let second = next_prompt(&cadence, late, &london, Some(first), first);
        assert_eq!(second, ts("2026-10-26T08:00:00Z"));
        // Across the start of DST: Monday 08:00 GMT -> Monday 08:00 BST.
        let prev = ts("2026-03-23T08:00:00Z");
        assert_eq!(
            next_prompt(&cadence, late, &london, Some(prev), prev),
            ts("2026-03-30T07:00:00Z")
        );
    }

    #[test]
    fn moved_slots_keep_fortnights_and_listed_days() {
        let utc = zone("UTC");
        let late = time(23, 0, 0, 0);
        let fortnightly = Cadence::Fortnightly { day: Weekday::Thu };
        // Thursday 26 Nov 23:00 -> Friday 27 Nov 08:00; the next is Friday 11 Dec 08:00.
        let prev = ts("2026-11-27T08:00:00Z");
        assert_eq!(
            next_prompt(&fortnightly, late, &utc, Some(prev), prev),
            ts("2026-12-11T08:00:00Z")
        );
        let days = Cadence::Weekdays {
            days: vec![Weekday::Mon, Weekday::Tue],
        };
        // Monday 30 Nov's slot went out Tuesday 08:00; Tuesday's own slot follows on Wednesday.
        let prev = ts("2026-12-01T08:00:00Z");
        assert_eq!(
            next_prompt(&days, late, &utc, Some(prev), prev),
            ts("2026-12-02T08:00:00Z")
        );
    }

    #[test]
    fn weekly_catches_up_after_weeks_of_downtime() {
        let utc = zone("UTC");
        let cadence = Cadence::Weekly { day: Weekday::Mon };
        let prev = ts("2026-12-07T09:00:00Z");
        // Down for three weeks and more: the next Monday after now, never "no next prompt".
        assert_eq!(
            next_prompt(
                &cadence,
                time(9, 0, 0, 0),
                &utc,
                Some(prev),
                ts("2026-12-30T09:00:00Z")
            ),
            ts("2027-01-04T09:00:00Z")
        );
    }

    #[test]
    fn goal_reminders_avoid_quiet_hours() {
        let utc = zone("UTC");
        let (_, at) = next_goal_reminder(
            date(2026, 12, 31),
            time(22, 30, 0, 0),
            &utc,
            None,
            ts("2026-11-26T12:00:00Z"),
        )
        .unwrap();
        assert_eq!(at, ts("2026-12-25T08:00:00Z"));
    }
}

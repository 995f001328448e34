//! The schedule items a new pair and a new goal start with. Their times follow the rules of
//! [`super::schedule`]; later items are planned from these as each is sent.

use jiff::{SignedDuration, Timestamp};

use super::goal::Goal;
use super::mentorship::Mentorship;
use super::person::Person;
use super::schedule::{next_goal_reminder, next_prompt, outside_quiet_hours};
use super::task::{Scheduled, Task};

/// The first reminder of a goal with a target date, from `now`.
pub fn first_goal_reminder(
    goal: &Goal,
    mentorship: &Mentorship,
    mentee: &Person,
    now: Timestamp,
) -> Option<Scheduled> {
    let target = goal.target?;
    let (_, at) = next_goal_reminder(
        target,
        mentorship.prompt_time,
        &mentee.time_zone.tz(),
        None,
        now,
    )?;
    Some(Scheduled {
        mentorship_id: goal.mentorship_id.clone(),
        due_at: at,
        task: Task::GoalReminder {
            goal_id: goal.id.clone(),
            sent: None,
        },
    })
}

/// The next prompt of an enrolled pair: prompt number `seq` (a re-enrolled pair keeps its
/// sequence) at the first slot of its cadence after `now`.
pub fn first_prompt(
    mentorship: &Mentorship,
    mentee: &Person,
    seq: u32,
    now: Timestamp,
) -> Scheduled {
    let due_at = next_prompt(
        &mentorship.cadence,
        mentorship.prompt_time,
        &mentee.time_zone.tz(),
        None,
        now,
    );
    Scheduled {
        mentorship_id: mentorship.id.clone(),
        due_at,
        task: Task::prompt(seq, &mentorship.mentor, &mentorship.mentee),
    }
}

/// A new pair's kickoff (now, or when the mentee's quiet hours end) and the mentor's first
/// weekly digest (six days after the first prompt, so that there is something to report).
pub fn new_pair_items(
    mentorship: &Mentorship,
    mentor: &Person,
    mentee: &Person,
    first_prompt_at: Timestamp,
    now: Timestamp,
) -> [Scheduled; 2] {
    let kickoff = Scheduled {
        mentorship_id: mentorship.id.clone(),
        due_at: outside_quiet_hours(now, &mentee.time_zone.tz()),
        task: Task::Kickoff,
    };
    let digest_at = first_prompt_at
        .saturating_add(SignedDuration::from_hours(24 * 6))
        .unwrap_or(first_prompt_at);
    let digest = Scheduled {
        mentorship_id: mentorship.id.clone(),
        due_at: outside_quiet_hours(digest_at, &mentor.time_zone.tz()),
        task: Task::Digest {
            since: None,
            session: None,
        },
    };
    [kickoff, digest]
}

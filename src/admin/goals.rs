//! Goals an admin (or a mentor through the CLI) sets for a pair.

use jiff::Timestamp;

use crate::domain::initial_schedule::first_goal_reminder;
use crate::domain::{Goal, Mentorship, Person};
use crate::store::repo::{Changes, Repo};
use crate::store::{Store, StoreError};

/// Add a goal, and schedule its first reminder when it has a target date; returns when that
/// reminder is due.
pub async fn add_goal<S: Store>(
    repo: &Repo<S>,
    goal: &Goal,
    mentorship: &Mentorship,
    mentee: &Person,
    now: Timestamp,
) -> Result<Option<Timestamp>, StoreError> {
    let reminder = first_goal_reminder(goal, mentorship, mentee, now);
    let mut changes = Changes::new();
    changes.goal(goal);
    if let Some(reminder) = &reminder {
        changes.schedule(reminder);
    }
    let _ = repo.commit(changes).await?;
    Ok(reminder.map(|r| r.due_at))
}

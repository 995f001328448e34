//! Goals and action items an admin (or a mentor through the CLI) sets, lists and corrects: add a
//! goal, edit, complete or drop one, close or drop an open action item. Ids are [`qualified`]
//! (`MENTORSHIP:ID`), as `goal list` prints them.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::lookup::{LookupError, find_mentorship, qualified, split_qualified};
use super::pair_state::{StateError, admin_event};
use crate::domain::feedback::{ItemStatus, OpenItem};
use crate::domain::initial_schedule::first_goal_reminder;
use crate::domain::task::goal_slot;
use crate::domain::{EventKind, Goal, GoalStatus, Mentorship, Person};
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

/// A goal as `goal list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct GoalRow {
    pub id: String,
    pub title: String,
    pub target: Option<Date>,
    pub status: GoalStatus,
}

/// An open action item as `goal list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: String,
    pub text: String,
    pub owner: Option<String>,
    pub created_at: Timestamp,
}

/// A pair's goals and open action items, with the ids the other commands take.
#[derive(Debug, Clone, Serialize)]
pub struct GoalList {
    pub mentorship: String,
    pub mentor: String,
    pub mentee: String,
    pub goals: Vec<GoalRow>,
    pub items: Vec<ItemRow>,
}

pub async fn list_goals<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
) -> Result<GoalList, LookupError> {
    let (mentorship, _) = find_mentorship(repo, mentee, mentor).await?;
    let id = &mentorship.id;
    let goals = repo.goals(id).await?;
    let items = repo.open_items(id).await?;
    Ok(GoalList {
        mentorship: id.clone(),
        mentor: mentorship.mentor.to_string(),
        mentee: mentorship.mentee.to_string(),
        goals: goals
            .into_iter()
            .map(|g| GoalRow {
                id: qualified(id, &g.id),
                title: g.title,
                target: g.target,
                status: g.status,
            })
            .collect(),
        items: items
            .into_iter()
            .map(|i| ItemRow {
                id: qualified(id, &i.id),
                text: i.text,
                owner: i.owner,
                created_at: i.created_at,
            })
            .collect(),
    })
}

/// What an admin does to a goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoalEdit {
    /// A new title and/or target date (a date reopens the reminders).
    Change {
        title: Option<String>,
        target: Option<Date>,
    },
    Done,
    Drop,
}

fn not_found(what: &str, id: &str) -> StateError {
    StateError::Invalid(format!(
        "no {what} {id:?}; ids look like MENTORSHIP:ID, as `mentormail goal list MENTEE` prints them"
    ))
}

/// Edit, complete or drop the goal `id`; returns it as it now is, and when its next reminder is
/// due. A completed or dropped goal's reminders stop.
pub async fn edit_goal<S: Store>(
    repo: &Repo<S>,
    id: &str,
    edit: GoalEdit,
    now: Timestamp,
) -> Result<(Goal, Option<Timestamp>), StateError> {
    let (mentorship_id, goal_id) = split_qualified(id).ok_or_else(|| not_found("goal", id))?;
    let goal = repo
        .goals(mentorship_id)
        .await?
        .into_iter()
        .find(|g| g.id == goal_id)
        .ok_or_else(|| not_found("goal", id))?;
    let mentorship = repo
        .mentorship(mentorship_id)
        .await?
        .ok_or_else(|| not_found("goal", id))?;
    let mut changed = goal.clone();
    let (kind, detail) = match edit {
        GoalEdit::Change { title, target } => {
            if title.is_none() && target.is_none() {
                return Err(StateError::Invalid("give --text or --by".into()));
            }
            let mut what = Vec::new();
            if let Some(title) = title
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
            {
                what.push(format!("goal \"{}\" renamed \"{title}\"", goal.title));
                changed.title = title;
            }
            if let Some(target) = target {
                what.push(format!("goal \"{}\" due {target}", changed.title));
                changed.target = Some(target);
                changed.status = GoalStatus::Open;
            }
            (EventKind::Admin, what.join("; "))
        }
        GoalEdit::Done => {
            changed.status = GoalStatus::Done;
            (
                EventKind::Admin,
                format!("completed goal \"{}\"", goal.title),
            )
        }
        GoalEdit::Drop => {
            changed.status = GoalStatus::Dropped;
            (EventKind::Admin, format!("dropped goal \"{}\"", goal.title))
        }
    };
    let mut changes = Changes::new();
    changes.goal(&changed);
    let slot = goal_slot(&changed.id);
    let reminder = if !changed.is_open() {
        changes.unschedule(mentorship_id, &slot);
        None
    } else if changed.target != goal.target || !goal.is_open() {
        let mentee = repo
            .person(&mentorship.mentee)
            .await?
            .ok_or_else(|| StateError::UnknownPerson(mentorship.mentee.clone()))?;
        match first_goal_reminder(&changed, &mentorship, &mentee, now) {
            Some(reminder) => {
                changes.schedule(&reminder);
                Some(reminder.due_at)
            }
            None => {
                changes.unschedule(mentorship_id, &slot);
                None
            }
        }
    } else {
        repo.schedule(mentorship_id)
            .await?
            .into_iter()
            .find(|s| s.task.slot() == slot)
            .map(|s| s.due_at)
    };
    let (event, event_id) = admin_event(now, kind, detail);
    changes.event(mentorship_id, &event, &event_id);
    let _ = repo.commit(changes).await?;
    Ok((changed, reminder))
}

/// Close (done) or drop the open action item `id`; returns it as it now is. Prompts stop asking
/// about it.
pub async fn settle_item<S: Store>(
    repo: &Repo<S>,
    id: &str,
    status: ItemStatus,
    now: Timestamp,
) -> Result<OpenItem, StateError> {
    let (mentorship_id, item_id) =
        split_qualified(id).ok_or_else(|| not_found("open action item", id))?;
    let mut item = repo
        .open_items(mentorship_id)
        .await?
        .into_iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| not_found("open action item", id))?;
    item.status = status;
    let verb = match status {
        ItemStatus::Done => "closed",
        ItemStatus::Dropped => "dropped",
        ItemStatus::Open => "reopened",
    };
    let (event, event_id) = admin_event(
        now,
        EventKind::Admin,
        format!("{verb} action item \"{}\"", item.text),
    );
    let mut changes = Changes::new();
    changes
        .open_item(&item)
        .event(mentorship_id, &event, &event_id);
    let _ = repo.commit(changes).await?;
    Ok(item)
}

//! Removing a wrongly recorded entry (notes filed under the wrong mentee, a reflection that was
//! not one), as the acknowledgement of a mentor's notes promises the programme coordinator can:
//! the entry, and what was derived from that mail alone: its action items, its decisions and
//! their follow-ups, the goals it added and their reminders. The removal is an event in the
//! timeline. The mail's dedupe marker stays, so a redelivery of the same mail does not bring the
//! entry back.

use jiff::Timestamp;
use serde::Serialize;

use super::batches::Batches;
use super::lookup::{qualified, split_qualified};
use super::pair_state::{StateError, admin_event};
use crate::domain::ids::message_key;
use crate::domain::task::goal_slot;
use crate::domain::{DECISION_FOLLOW_UPS, Entry, EntryBody, EventKind, Task};
use crate::store::Store;
use crate::store::repo::Repo;

/// The id of an entry, as `timeline --json` shows it and `entry remove` takes it.
pub fn entry_id(entry: &Entry) -> String {
    qualified(&entry.mentorship_id, &message_key(&entry.message_id))
}

/// Whether a record id was derived from the message with key `key`: `KEY-NN` (action items),
/// `KEY-gNN` (goals from notes), `KEYN` (decisions).
fn derived_from(id: &str, key: &str) -> bool {
    id.strip_prefix(key).is_some_and(|rest| {
        let digits = rest
            .strip_prefix("-g")
            .or_else(|| rest.strip_prefix('-'))
            .unwrap_or(rest);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    })
}

/// What a removal took away.
#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub entry: Entry,
    pub action_items: usize,
    pub decisions: usize,
    pub goals: usize,
    /// Schedule items (decision follow-ups, goal reminders) removed with them.
    pub unscheduled: usize,
}

pub async fn remove_entry<S: Store>(
    repo: &Repo<S>,
    id: &str,
    now: Timestamp,
) -> Result<Removed, StateError> {
    let not_found = || {
        StateError::Invalid(format!(
            "no entry {id:?}; entry ids look like MENTORSHIP:KEY, as `mentormail timeline MENTEE \
             --json` prints them"
        ))
    };
    let (mentorship_id, key) = split_qualified(id).ok_or_else(not_found)?;
    let entry = repo
        .timeline(mentorship_id)
        .await?
        .into_iter()
        .find(|e| message_key(&e.message_id) == key)
        .ok_or_else(not_found)?;
    let items: Vec<_> = repo
        .items(mentorship_id)
        .await?
        .into_iter()
        .filter(|i| i.source_message_id == entry.message_id)
        .collect();
    let decisions: Vec<_> = repo
        .decisions(mentorship_id)
        .await?
        .into_iter()
        .filter(|d| derived_from(&d.id, key))
        .collect();
    // Only the goals the mail added; a goal it only gave a new date keeps it (no history).
    let goals: Vec<_> = repo
        .goals(mentorship_id)
        .await?
        .into_iter()
        .filter(|g| g.id.starts_with(&format!("{key}-g")) && derived_from(&g.id, key))
        .collect();
    let mut slots: Vec<String> = Vec::new();
    for d in &decisions {
        for days in DECISION_FOLLOW_UPS {
            slots.push(
                Task::DecisionFollowUp {
                    decision_id: d.id.clone(),
                    decision: String::new(),
                    decided_at: d.decided_at,
                    days,
                }
                .slot(),
            );
        }
    }
    slots.extend(goals.iter().map(|g| goal_slot(&g.id)));
    let scheduled: Vec<String> = repo
        .schedule(mentorship_id)
        .await?
        .into_iter()
        .map(|s| s.task.slot())
        .filter(|slot| slots.contains(slot))
        .collect();
    let what = match &entry.body {
        EntryBody::Reflection { .. } => "reflection",
        EntryBody::Feedback { .. } => "feedback",
    };
    let (event, event_id) = admin_event(
        now,
        EventKind::Admin,
        format!(
            "removed the {what} from {} \"{}\" of {} ({} action items, {} decisions, {} goals \
             with it)",
            entry.author,
            entry.subject,
            entry.at,
            items.len(),
            decisions.len(),
            goals.len()
        ),
    );
    // What was derived first, the entry and the event last: a removal cut short by an error
    // leaves the entry to remove again.
    let mut batches = Batches::new();
    for item in &items {
        batches.add(|c| {
            c.remove_open_item(item);
        });
    }
    for decision in &decisions {
        batches.add(|c| {
            c.remove_decision(decision);
        });
    }
    for goal in &goals {
        batches.add(|c| {
            c.remove_goal(goal);
        });
    }
    for slot in &scheduled {
        batches.add(|c| {
            c.unschedule(mentorship_id, slot);
        });
    }
    batches.add(|c| {
        c.remove_entry(&entry)
            .event(mentorship_id, &event, &event_id);
    });
    batches.commit(repo).await?;
    Ok(Removed {
        action_items: items.len(),
        decisions: decisions.len(),
        goals: goals.len(),
        unscheduled: scheduled.len(),
        entry,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_the_messages_own() {
        let key = "abcdefgh";
        assert!(derived_from("abcdefgh-00", key));
        assert!(derived_from("abcdefgh-g01", key));
        assert!(derived_from("abcdefgh2", key));
        assert!(!derived_from("abcdefgh", key));
        assert!(!derived_from("abcdefghx-00", key));
        assert!(!derived_from("zzabcdefgh-00", key));
    }
}

//! Timeline events: changes a mentee asked for by mail (pause, resume, stop, unsubscribe) and
//! answers to goal reminders. They are shown in the timeline and the mentor's digest.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Pause,
    Resume,
    Stop,
    /// Through the one-click unsubscribe link or the List-Unsubscribe mailto.
    Unsubscribe,
    GoalDone,
    GoalUpdate,
    GoalDate,
    /// Goals given in answer to the kickoff.
    Goals,
    /// An admin changed the pair's records from the CLI (ended the pair, changed its schedule,
    /// edited a goal or item, removed an entry); the detail says what.
    Admin,
    /// The person changed their settings on the preferences page behind their mail's link
    /// (time zone, schedule, acknowledgements, digests); the detail says what.
    Preferences,
    /// An action item closed by mail (the mentor's "done 2", the mentee's "done: ..."); the
    /// detail names the item by number and words, and who closed it.
    ItemDone,
    /// An action item dropped by the mentor's mail ("drop 3").
    ItemDropped,
    /// An action item's due date moved by the mentor's mail ("3 moved to next week").
    ItemMoved,
    /// A mentee's "done: ..." that named no open item, or several: nothing was closed.
    ItemNotMatched,
}

impl EventKind {
    /// The stored name (`goal_done`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Pause => "pause",
            EventKind::Resume => "resume",
            EventKind::Stop => "stop",
            EventKind::Unsubscribe => "unsubscribe",
            EventKind::GoalDone => "goal_done",
            EventKind::GoalUpdate => "goal_update",
            EventKind::GoalDate => "goal_date",
            EventKind::Goals => "goals",
            EventKind::Admin => "admin",
            EventKind::Preferences => "preferences",
            EventKind::ItemDone => "item_done",
            EventKind::ItemDropped => "item_dropped",
            EventKind::ItemMoved => "item_moved",
            EventKind::ItemNotMatched => "item_not_matched",
        }
    }

    /// The mentee asked for less mail: the mentor's digest says so.
    pub fn is_withdrawal(self) -> bool {
        matches!(
            self,
            EventKind::Pause | EventKind::Stop | EventKind::Unsubscribe
        )
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One timeline event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    /// The mail that caused it ("" for the one-click link).
    pub message_id: String,
    #[serde(rename = "what")]
    pub kind: EventKind,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kinds_keep_their_stored_names() {
        let event = Event {
            at: "2026-11-30T09:00:00Z".parse().unwrap(),
            message_id: "m1".into(),
            kind: EventKind::GoalDone,
            detail: "Ship it".into(),
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["what"], "goal_done");
        assert_eq!(serde_json::from_value::<Event>(json).unwrap(), event);
        assert!(EventKind::Unsubscribe.is_withdrawal());
        assert!(!EventKind::Resume.is_withdrawal());
    }
}

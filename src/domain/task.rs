//! What the scheduler keeps for each mentorship: the items it will send, and when.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::decision::Decision;
use super::feedback::OpenItem;
use super::goal::Goal;
use super::schedule::GoalReminder;

/// A schedule item: something to send for a mentorship at `due_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheduled {
    /// Empty for a programme-level item ([`Task::programme_level`]).
    pub mentorship_id: String,
    /// When it is due; unchanged by claims, which only move the item in the index.
    pub due_at: Timestamp,
    #[serde(flatten)]
    pub task: Task,
}

/// What a schedule item makes the scheduler do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "snake_case")]
pub enum Task {
    /// The next reflection prompt, number `seq`. The rest is the nudge state: how many prompts
    /// in a row went unanswered, whether the gentle nudge went out, when the last prompt did.
    ///
    /// `cache` lets a prompt be sent with one batch read: the pair's addresses, and the goals and
    /// decisions as of `cache.version` (the mentorship's context version says whether they
    /// changed since).
    Prompt {
        seq: u32,
        #[serde(default)]
        unanswered: u32,
        #[serde(default)]
        nudged: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_sent: Option<Timestamp>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cache: Option<PromptCache>,
    },
    /// A reminder for a goal; `sent` is the last stage already sent.
    GoalReminder {
        goal_id: String,
        #[serde(default)]
        sent: Option<GoalReminder>,
    },
    /// A new pair's first mail: it asks the mentee for their goals.
    Kickoff,
    /// Tell the mentor that the mentee has not answered `unanswered` prompts, nudge included.
    MentorAlert { unanswered: u32 },
    /// The mentor's digest of what happened since `since`: weekly, and the day before the next
    /// `session` when the mentor's notes gave its date.
    Digest {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<Timestamp>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session: Option<jiff::civil::Date>,
    },
    /// Ask what came of a decision, `days` after it was recorded.
    DecisionFollowUp {
        decision_id: String,
        decision: String,
        decided_at: Timestamp,
        days: u32,
    },
    /// The mentee's recap of the calendar month that began on `month`, created by the first
    /// prompt sent in the month after it.
    Recap { month: jiff::civil::Date },
    /// The weekly summary of `programme` to one of its admins: a programme-level item, kept in
    /// the programme's partition (see [`Task::programme_level`]), one per admin.
    ProgrammeSummary {
        programme: String,
        admin: super::Email,
    },
}

/// What a prompt needs besides the people's current status: copied forward from prompt to
/// prompt, refreshed when the mentorship's context version moves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptCache {
    pub mentor: String,
    pub mentee: String,
    /// The context version these goals and decisions were read at ("" = never written).
    #[serde(default)]
    pub version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Open action items from the mentor's notes that are the mentee's to do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_items: Vec<OpenItem>,
}

/// The kinds of mail the scheduler sends; stored in the record of each sent mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Prompt,
    /// A prompt after unanswered ones, worded as a gentle reminder.
    Nudge,
    GoalReminder,
    Kickoff,
    MentorAlert,
    Digest,
    DecisionFollowUp,
    Recap,
    ProgrammeSummary,
}

impl MailKind {
    /// The stored name (`goal_reminder`), also used in Message-IDs.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Prompt => "prompt",
            MailKind::Nudge => "nudge",
            MailKind::GoalReminder => "goal_reminder",
            MailKind::Kickoff => "kickoff",
            MailKind::MentorAlert => "mentor_alert",
            MailKind::Digest => "digest",
            MailKind::DecisionFollowUp => "decision_follow_up",
            MailKind::Recap => "recap",
            MailKind::ProgrammeSummary => "programme_summary",
        }
    }

    /// For people: `goal reminder`.
    pub fn label(self) -> String {
        self.as_str().replace('_', " ")
    }
}

impl PartialEq<&str> for MailKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for MailKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Task {
    /// A first prompt, number `seq`, with no nudge history, for the pair `mentor`, `mentee`.
    pub fn prompt(seq: u32, mentor: &str, mentee: &str) -> Self {
        Task::Prompt {
            seq,
            unanswered: 0,
            nudged: false,
            last_sent: None,
            cache: Some(PromptCache {
                mentor: mentor.to_string(),
                mentee: mentee.to_string(),
                ..PromptCache::default()
            }),
        }
    }

    /// The schedule item's name within its mentorship: one item per slot.
    pub fn slot(&self) -> String {
        match self {
            Task::Prompt { .. } => PROMPT_SLOT.to_string(),
            Task::GoalReminder { goal_id, .. } => goal_slot(goal_id),
            Task::Kickoff => "KICKOFF".to_string(),
            Task::MentorAlert { .. } => "MENTOR_ALERT".to_string(),
            Task::Digest { .. } => DIGEST_SLOT.to_string(),
            Task::DecisionFollowUp {
                decision_id, days, ..
            } => format!("DECISION#{decision_id}#{days}"),
            Task::Recap { month } => format!("RECAP#{}", month.strftime("%Y-%m")),
            Task::ProgrammeSummary { admin, .. } => format!("SUMMARY#{admin}"),
        }
    }

    /// The kind of mail this task sends (a prompt may still go out as a nudge).
    pub fn kind(&self) -> MailKind {
        match self {
            Task::Prompt { .. } => MailKind::Prompt,
            Task::GoalReminder { .. } => MailKind::GoalReminder,
            Task::Kickoff => MailKind::Kickoff,
            Task::MentorAlert { .. } => MailKind::MentorAlert,
            Task::Digest { .. } => MailKind::Digest,
            Task::DecisionFollowUp { .. } => MailKind::DecisionFollowUp,
            Task::Recap { .. } => MailKind::Recap,
            Task::ProgrammeSummary { .. } => MailKind::ProgrammeSummary,
        }
    }

    /// The programme of a programme-level item (not about one mentorship: its `mentorship_id`
    /// is empty and it lives in the programme's partition).
    pub fn programme_level(&self) -> Option<&str> {
        match self {
            Task::ProgrammeSummary { programme, .. } => Some(programme),
            _ => None,
        }
    }

    /// Whether the mail goes to the mentor rather than the mentee.
    pub fn to_mentor(&self) -> bool {
        matches!(self, Task::MentorAlert { .. } | Task::Digest { .. })
    }
}

/// Unanswered prompts in a row before the gentle nudge (and before the mentor is told, one
/// more). A listing and the report call a pair quiet from the nudge on.
pub const NUDGE_AFTER: u32 = 2;

/// The slot of a mentorship's reflection prompts.
pub const PROMPT_SLOT: &str = "PROMPT";

/// Prompts unanswered in a row now, from the next prompt's nudge state and the mentee's last
/// reply: the count the next prompt would carry (the last one sent counts when no reply came
/// after it).
pub fn unanswered_now(prompt: Option<&Task>, last_reply: Option<Timestamp>) -> u32 {
    match prompt {
        Some(Task::Prompt {
            unanswered,
            last_sent: Some(last_sent),
            ..
        }) => {
            if last_reply.is_some_and(|r| r > *last_sent) {
                0
            } else {
                unanswered + 1
            }
        }
        _ => 0,
    }
}
/// The slot of the mentor's digest.
pub const DIGEST_SLOT: &str = "DIGEST";

/// The slot of a goal's reminders.
pub fn goal_slot(goal_id: &str) -> String {
    format!("GOAL#{goal_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_kinds_are_stored_by_their_names() {
        for kind in [
            MailKind::Prompt,
            MailKind::Nudge,
            MailKind::GoalReminder,
            MailKind::Kickoff,
            MailKind::MentorAlert,
            MailKind::Digest,
            MailKind::DecisionFollowUp,
            MailKind::Recap,
            MailKind::ProgrammeSummary,
        ] {
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
            assert_eq!(serde_json::from_value::<MailKind>(json).unwrap(), kind);
        }
        assert_eq!(MailKind::GoalReminder.label(), "goal reminder");
    }

    #[test]
    fn each_task_has_its_own_slot() {
        assert_eq!(Task::prompt(1, "a@x", "b@x").slot(), "PROMPT");
        let reminder = Task::GoalReminder {
            goal_id: "g1".into(),
            sent: None,
        };
        assert_eq!(reminder.slot(), "GOAL#g1");
        assert_eq!(reminder.kind(), MailKind::GoalReminder);
        assert!(!reminder.to_mentor());
        assert!(Task::MentorAlert { unanswered: 3 }.to_mentor());
        let recap = Task::Recap {
            month: jiff::civil::date(2026, 11, 1),
        };
        assert_eq!(recap.slot(), "RECAP#2026-11");
        assert_eq!(recap.programme_level(), None);
        let summary = Task::ProgrammeSummary {
            programme: "PM Mentoring".into(),
            admin: super::super::Email::normalised("Ops@Example.org"),
        };
        assert_eq!(summary.slot(), "SUMMARY#ops@example.org");
        assert_eq!(summary.programme_level(), Some("PM Mentoring"));
        assert!(!summary.to_mentor());
    }
}

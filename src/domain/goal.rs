//! Goals: the "clear expectations" habit. A goal with a target date gets reminders.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    #[default]
    Open,
    Done,
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: String,
    pub mentorship_id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Date>,
    #[serde(default)]
    pub status: GoalStatus,
    pub created_at: Timestamp,
    /// What the mentee wrote about it in answer to reminders, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<ProgressNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    pub at: Timestamp,
    pub text: String,
}

impl GoalStatus {
    /// The stored name (`done`).
    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::Open => "open",
            GoalStatus::Done => "done",
            GoalStatus::Dropped => "dropped",
        }
    }
}

impl Goal {
    pub fn is_open(&self) -> bool {
        self.status == GoalStatus::Open
    }
}

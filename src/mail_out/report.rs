//! What one scheduler run (or one sender batch) did, for its log line and the tests.

use jiff::Timestamp;
use serde::Serialize;

use crate::domain::{Email, MailKind};
use crate::store::StoreError;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    pub sent: Vec<SentSummary>,
    /// Due but not sent to a person who may not get mail now (paused, stopped, bouncing).
    pub skipped: usize,
    /// Taken by another run between our query and our claim.
    pub raced: usize,
    /// Send failed for now; the item is due again on the next run.
    pub failed: usize,
    /// Refused for good by the provider; the person is marked bouncing.
    pub rejected: usize,
    /// Items that could not be read or whose mentorship or goal is gone; removed from the index.
    pub dropped: usize,
    /// Due during the recipient's quiet hours: moved to the end of them, unsent.
    pub deferred: usize,
    /// Handled, but the write recording it failed; due again when its lease expires.
    pub unrecorded: usize,
    /// Claimed and handed to the sender queue (fan-out mode).
    pub queued: usize,
    /// Queued jobs whose claim had moved on or expired by the time the sender took them.
    pub stale: usize,
    /// Sent by an earlier run that died before recording it (SES's acknowledgement says so):
    /// recorded now, not sent again.
    pub recovered: usize,
    /// Why sending stopped, when the provider refused sending itself (configuration, account,
    /// quota): the run stopped there, its item released, no one marked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentSummary {
    pub mentorship_id: String,
    pub kind: MailKind,
    pub to: Email,
    pub subject: String,
    pub due_at: Timestamp,
    pub message_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The provider refused sending itself; the run stopped after releasing the item it was
    /// sending, and fails so that the alarm on the function's errors fires. The report says what
    /// the run did before.
    #[error(
        "sending stopped: {}; the item was released for a later run and no one was marked ({} sent before the stop)",
        .0.stopped.as_deref().unwrap_or("unknown reason"),
        .0.sent.len()
    )]
    SendingStopped(Box<RunReport>),
}

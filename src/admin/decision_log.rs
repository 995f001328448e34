//! The decision log as an admin reads it: each decision with its date, its follow-ups (due or
//! sent) and what came of it (the mentee's replies to the follow-ups).

use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::domain::{DECISION_FOLLOW_UPS, Decision, MailKind, Scheduled, SentMail, Task};

/// One follow-up of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub days: u32,
    /// `due` (scheduled), `sent`, or `not sent` (neither scheduled nor found among the sent
    /// mail: the pair was paused or ended, or the follow-up was removed).
    pub status: &'static str,
    /// When it is due or was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

/// A decision with its follow-ups and outcomes.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedDecision {
    #[serde(flatten)]
    pub decision: Decision,
    pub follow_ups: Vec<FollowUp>,
}

/// The log of a pair from its decisions, schedule and sent mail.
pub fn decision_log(
    decisions: &[Decision],
    schedule: &[Scheduled],
    sent: &[SentMail],
) -> Vec<LoggedDecision> {
    decisions
        .iter()
        .map(|decision| {
            let follow_ups = DECISION_FOLLOW_UPS
                .iter()
                .map(|&days| follow_up(decision, days, schedule, sent))
                .collect();
            LoggedDecision {
                decision: decision.clone(),
                follow_ups,
            }
        })
        .collect()
}

fn follow_up(
    decision: &Decision,
    days: u32,
    schedule: &[Scheduled],
    sent: &[SentMail],
) -> FollowUp {
    let pending = schedule.iter().find(|s| {
        matches!(&s.task, Task::DecisionFollowUp { decision_id, days: d, .. }
            if *decision_id == decision.id && *d == days)
    });
    if let Some(pending) = pending {
        return FollowUp {
            days,
            status: "due",
            at: Some(pending.due_at),
        };
    }
    // Sent mail does not name the decision: a follow-up sent within a day of when this one fell
    // due is taken for it.
    let expected = decision
        .decided_at
        .checked_add((i64::from(days) * 24).hours())
        .unwrap_or(decision.decided_at);
    let window = 36.hours();
    let found = sent.iter().find(|m| {
        m.kind == MailKind::DecisionFollowUp
            && m.due_at >= expected.checked_sub(window).unwrap_or(expected)
            && m.due_at <= expected.checked_add(window).unwrap_or(expected)
    });
    match found {
        Some(mail) => FollowUp {
            days,
            status: "sent",
            at: Some(mail.sent_at),
        },
        None => FollowUp {
            days,
            status: "not sent",
            at: None,
        },
    }
}

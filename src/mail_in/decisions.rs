//! The decision log: each decision in a reflection is recorded and followed up after 30 and 90
//! days, at the pair's prompt time in the mentee's zone.

use jiff::ToSpan;

use super::envelope::Envelope;
use crate::domain::ids::message_key;
use crate::domain::schedule::{local_instant, outside_quiet_hours};
use crate::domain::{DECISION_FOLLOW_UPS, Decision, Mentorship, Person, Scheduled, Task};
use crate::mail::capture::{self, Answered, Context};
use crate::store::repo::{Changes, Committed, Repo};
use crate::store::{Store, StoreError};

/// Record each decision the capture finds in the reflection `text` (sentence by sentence; an
/// answer written under a quoted question of the decisions habit is one, `answered` holds them:
/// question -> answer) and schedule its follow-ups. Each decision is inserted keyed by the
/// message, so a redelivered mail schedules nothing twice.
pub async fn log_decisions<S: Store>(
    repo: &Repo<S>,
    mentorship: &Mentorship,
    mentee: &Person,
    text: &str,
    answered: &indexmap::IndexMap<String, String>,
    envelope: &Envelope,
) -> Result<(), StoreError> {
    let at = envelope.received_at;
    let tz = mentee.time_zone.tz();
    let today = at.to_zoned_datetime(tz.clone()).date();
    let context = Context {
        answered: answered
            .iter()
            .map(|(question, answer)| Answered { question, answer })
            .collect(),
        ..Context::default()
    };
    let found = capture::capture(text, "reply", &context).decisions;
    for (n, decision_text) in found.iter().map(|d| d.what().to_string()).enumerate() {
        let id = format!("{}{n}", message_key(&envelope.message_id));
        let decision = Decision {
            id: id.clone(),
            mentorship_id: mentorship.id.clone(),
            text: decision_text.clone(),
            decided_at: at,
            outcomes: Vec::new(),
        };
        let mut changes = Changes::new();
        changes.decision_once(&decision);
        for days in DECISION_FOLLOW_UPS {
            let date = today.saturating_add((days as i64).days());
            let due = outside_quiet_hours(local_instant(date, mentorship.prompt_time, &tz), &tz);
            changes.schedule_once(&Scheduled {
                mentorship_id: mentorship.id.clone(),
                due_at: due,
                task: Task::DecisionFollowUp {
                    decision_id: id.clone(),
                    decision: decision_text.clone(),
                    decided_at: at,
                    days,
                },
            });
        }
        if repo.commit(changes).await? == Committed::Written {
            // Prompts cache the decisions: tell them they changed.
            let mut changed = Changes::new();
            changed.context_changed(&mentorship.id);
            let _ = repo.commit(changed).await?;
        }
    }
    Ok(())
}

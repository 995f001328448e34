//! A mentee's reply, before it becomes a reflection: its words may be a command (`pause until
//! 5 Jan`, `pause 2 weeks`, `resume`, `stop`), an answer to a goal reminder (`done`, `update:
//! ...`, a new date) or the goals asked for by the kickoff. Those change records instead of
//! writing a reflection. Every accepted reply also marks the mentee's activity, which the
//! scheduler reads to nudge only people who stopped answering.

use jiff::Timestamp;

use super::decisions::log_decisions;
use super::envelope::Envelope;
use super::outcome::{IngestOutcome, changed_meanwhile, record_once};
use crate::domain::commands::{apply_command, apply_command_at, command_detail};
use crate::domain::ids::{message_key, random_id};
use crate::domain::initial_schedule::first_goal_reminder;
use crate::domain::replies::{GoalReply, parse_command, parse_goal_reply, parse_goals};
use crate::domain::task::goal_slot;
use crate::domain::{
    Event, EventKind, Goal, GoalStatus, Mentorship, Outcome, Person, ProgressNote,
};
use crate::mail::token::{ReplyToken, TokenAbout};
use crate::store::repo::{Changes, Committed, Repo};
use crate::store::{Store, StoreError};

/// What the step decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyStep {
    /// Fully handled (a pure command, a goal answer, goals): no reflection.
    Handled(IngestOutcome),
    /// Record this text as the reflection (the reply's text, without a leading command).
    Continue(String),
}

/// Run the step for a reply from the mentee of `mentorship` (sender already checked).
pub async fn mentee_reply<S: Store>(
    repo: &Repo<S>,
    token: &ReplyToken,
    mentorship: &Mentorship,
    text: &str,
    answered: &indexmap::IndexMap<String, String>,
    envelope: &Envelope,
) -> Result<ReplyStep, StoreError> {
    let Some(mentee) = repo.person(&mentorship.mentee).await? else {
        return Ok(ReplyStep::Continue(text.to_string()));
    };
    let at = envelope.received_at;
    let today = at.to_zoned_datetime(mentee.time_zone.tz()).date();
    let mut activity = Changes::new();
    activity.activity(&mentorship.id, at);
    let _ = repo.commit(activity).await?;

    if let Some((command, rest)) = parse_command(text, today) {
        let mut changes = Changes::new();
        let kind = match apply_command_at(&mentee, &command, at) {
            Some((person, kind)) => {
                changes.person_changed(&person, &mentee);
                changes.event(
                    &mentorship.id,
                    &event(envelope, kind, &command_detail(&command)),
                    &message_key(&envelope.message_id),
                );
                kind
            }
            // An older mail replayed after a newer change: kept in the timeline, not applied.
            None => {
                let (_, kind) = apply_command(&mentee, &command);
                let detail = format!("{} (not applied: changed later)", command_detail(&command));
                changes.event(
                    &mentorship.id,
                    &event(envelope, kind, detail.trim()),
                    &message_key(&envelope.message_id),
                );
                kind
            }
        };
        if rest.trim().is_empty() {
            return handled(repo, envelope, &mentorship.id, kind.as_str(), changes).await;
        }
        // A command with a reflection below it: the command now (idempotent if redelivered),
        // the rest through the ordinary reflection path with its own dedupe. Only the profile's
        // version can fail here (the event is a plain put): someone changed the person since it
        // was read, so the delivery fails and is retried on a fresh read.
        if repo.commit(changes).await? == Committed::Duplicate {
            return Err(changed_meanwhile(&mentee.email));
        }
        return Ok(ReplyStep::Continue(rest));
    }

    match &token.about {
        TokenAbout::Kickoff => {
            let drafts = parse_goals(text, today);
            if drafts.is_empty() {
                return Ok(ReplyStep::Continue(text.to_string()));
            }
            let mut changes = Changes::new();
            let mut titles = Vec::new();
            for draft in drafts {
                let goal = Goal {
                    id: random_id(),
                    mentorship_id: mentorship.id.clone(),
                    title: draft.title,
                    target: draft.target,
                    status: GoalStatus::Open,
                    created_at: at,
                    progress: Vec::new(),
                };
                titles.push(goal.title.clone());
                add_goal(&mut changes, &goal, mentorship, &mentee, at, true);
            }
            let kind = EventKind::Goals;
            changes.event(
                &mentorship.id,
                &event(envelope, kind, &titles.join("; ")),
                &message_key(&envelope.message_id),
            );
            handled(repo, envelope, &mentorship.id, kind.as_str(), changes).await
        }
        TokenAbout::Goal(goal_id) => {
            let goal = repo
                .goals(&mentorship.id)
                .await?
                .into_iter()
                .find(|g| &g.id == goal_id);
            let (Some(mut goal), Some(reply)) = (goal, parse_goal_reply(text, today)) else {
                return Ok(ReplyStep::Continue(text.to_string()));
            };
            let (kind, detail, reschedule) = match reply {
                GoalReply::Done => {
                    goal.status = GoalStatus::Done;
                    (EventKind::GoalDone, goal.title.clone(), false)
                }
                GoalReply::Update(note) => {
                    goal.progress.push(ProgressNote {
                        at,
                        text: note.clone(),
                    });
                    (EventKind::GoalUpdate, note, false)
                }
                GoalReply::NewDate(date) => {
                    goal.target = Some(date);
                    goal.status = GoalStatus::Open;
                    (EventKind::GoalDate, date.to_string(), true)
                }
            };
            let mut changes = Changes::new();
            add_goal(&mut changes, &goal, mentorship, &mentee, at, reschedule);
            if goal.status == GoalStatus::Done {
                changes.unschedule(&mentorship.id, &goal_slot(&goal.id));
            }
            changes.event(
                &mentorship.id,
                &event(envelope, kind, &detail),
                &message_key(&envelope.message_id),
            );
            handled(repo, envelope, &mentorship.id, kind.as_str(), changes).await
        }
        TokenAbout::Prompt(_) => {
            // Answers under a quoted question take its habit; the rest the rules alone judge.
            log_decisions(repo, mentorship, &mentee, text, answered, envelope).await?;
            Ok(ReplyStep::Continue(text.to_string()))
        }
        TokenAbout::Decision(decision_id) => {
            record_outcome(repo, mentorship, decision_id, text, envelope).await?;
            // The reply is a reflection too, linked to the decision.
            Ok(ReplyStep::Continue(text.to_string()))
        }
        // The gate admits a mentor token only as the mentor's unsubscribe, handled before.
        TokenAbout::Mentor => Ok(ReplyStep::Continue(text.to_string())),
    }
}

/// A reply to a decision's follow-up is that decision's outcome (once per message, however often
/// it is delivered). A decision removed since (`entry remove`) takes none.
async fn record_outcome<S: Store>(
    repo: &Repo<S>,
    mentorship: &Mentorship,
    decision_id: &str,
    text: &str,
    envelope: &Envelope,
) -> Result<(), StoreError> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let Some(decision) = repo
        .decisions(&mentorship.id)
        .await?
        .into_iter()
        .find(|d| d.id == decision_id)
    else {
        return Ok(());
    };
    let outcome = Outcome {
        at: envelope.received_at,
        message_id: envelope.message_id.clone(),
        text: text.trim().to_string(),
    };
    if let Some(decision) = decision.with_outcome(outcome) {
        let mut changes = Changes::new();
        changes.decision(&decision);
        changes.context_changed(&mentorship.id);
        let _ = repo.commit(changes).await?;
    }
    Ok(())
}

/// A goal and, when asked, its first reminder from `now`.
fn add_goal(
    changes: &mut Changes,
    goal: &Goal,
    mentorship: &Mentorship,
    mentee: &Person,
    now: Timestamp,
    schedule_reminder: bool,
) {
    changes.goal(goal);
    if schedule_reminder && let Some(reminder) = first_goal_reminder(goal, mentorship, mentee, now)
    {
        changes.schedule(&reminder);
    }
}

fn event(envelope: &Envelope, kind: EventKind, detail: &str) -> Event {
    Event {
        at: envelope.received_at,
        message_id: envelope.message_id.clone(),
        kind,
        detail: detail.to_string(),
    }
}

async fn handled<S: Store>(
    repo: &Repo<S>,
    envelope: &Envelope,
    mentorship_id: &str,
    what: &str,
    changes: Changes,
) -> Result<ReplyStep, StoreError> {
    Ok(ReplyStep::Handled(
        record_once(repo, envelope, mentorship_id, what, changes).await?,
    ))
}

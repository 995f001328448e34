//! The mentee-reply step of the inbound use case: before a reply becomes a reflection, its words
//! may be a command (`pause until 5 Jan`, `pause 2 weeks`, `resume`, `stop`), an answer to a
//! goal reminder (`done`, `update: ...`, a new date) or the goals asked for by the kickoff. Those
//! change records instead of writing a reflection. Reflections that record a decision get
//! follow-ups after 30 and 90 days. Every accepted reply also marks the mentee's activity, which
//! the scheduler reads to nudge only people who stopped answering.

use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::domain::ids::{message_key, random_id};
use crate::domain::replies::{
    GoalReply, MenteeCommand, find_decisions, parse_command, parse_goal_reply, parse_goals,
};
use crate::domain::schedule::{local_instant, next_goal_reminder, outside_quiet_hours, zone};
use crate::domain::time::key_time;
use crate::domain::{Goal, GoalStatus, Mentorship, Person, PersonStatus, ProgressNote};
use crate::ingest::{Envelope, IngestOutcome};
use crate::mail::token::{ReplyToken, TokenAbout};
use crate::store::records::{
    Activity, ContextVersion, Decision, ReplyEvent, Scheduled, Task, keys, to_item,
};
use crate::store::repo::Repo;
use crate::store::{Condition, Store, StoreError, Write};

/// Days after a decision at which its follow-ups go out.
pub const DECISION_FOLLOW_UPS: [u32; 2] = [30, 90];

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
    envelope: &Envelope,
) -> Result<ReplyStep, StoreError> {
    let Some(mentee) = repo.person(&mentorship.mentee).await? else {
        return Ok(ReplyStep::Continue(text.to_string()));
    };
    let at = envelope.received_at;
    let tz = zone(&mentee.time_zone);
    let today = at.to_zoned_datetime(tz.clone()).date();
    mark_activity(repo, &mentorship.id, at).await?;

    if let Some((command, rest)) = parse_command(text, today) {
        let (person, what) = apply_command(&mentee, &command);
        let mut writes = vec![Repo::<S>::person_write(&person)?];
        writes.push(event_write(
            &mentorship.id,
            envelope,
            what,
            &command_detail(&command),
        )?);
        if rest.trim().is_empty() {
            return finish(repo, envelope, &mentorship.id, writes, what).await;
        }
        // A command with a reflection below it: the command now (idempotent if redelivered),
        // the rest through the ordinary reflection path with its own dedupe.
        repo.store().write(writes).await?;
        return Ok(ReplyStep::Continue(rest));
    }

    match &token.about {
        TokenAbout::Kickoff => {
            let drafts = parse_goals(text, today);
            if drafts.is_empty() {
                return Ok(ReplyStep::Continue(text.to_string()));
            }
            let mut writes = Vec::new();
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
                // Each goal's writes bump the context version; once is enough in one batch (a
                // batch may not write the same key twice).
                let first = writes.is_empty();
                writes.extend(
                    goal_writes(&goal, mentorship, &mentee, at, true)?
                        .into_iter()
                        .filter(|w| first || !is_context_bump(w)),
                );
            }
            writes.push(event_write(
                &mentorship.id,
                envelope,
                "goals",
                &titles.join("; "),
            )?);
            finish(repo, envelope, &mentorship.id, writes, "goals").await
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
            let (what, detail, reschedule) = match reply {
                GoalReply::Done => {
                    goal.status = GoalStatus::Done;
                    ("goal_done", goal.title.clone(), false)
                }
                GoalReply::Update(note) => {
                    goal.progress.push(ProgressNote {
                        at,
                        text: note.clone(),
                    });
                    ("goal_update", note, false)
                }
                GoalReply::NewDate(date) => {
                    goal.target = Some(date);
                    goal.status = GoalStatus::Open;
                    ("goal_date", date.to_string(), true)
                }
            };
            let mut writes = goal_writes(&goal, mentorship, &mentee, at, reschedule)?;
            if goal.status == GoalStatus::Done {
                writes.push(Write::Delete {
                    key: keys::schedule(&mentorship.id, &format!("GOAL#{}", goal.id)),
                });
            }
            writes.push(event_write(&mentorship.id, envelope, what, &detail)?);
            finish(repo, envelope, &mentorship.id, writes, what).await
        }
        TokenAbout::Prompt(_) => {
            schedule_decision_follow_ups(repo, mentorship, &mentee, text, envelope).await?;
            Ok(ReplyStep::Continue(text.to_string()))
        }
    }
}

fn is_context_bump(write: &Write) -> bool {
    matches!(write, Write::Put { item, .. } if item.key.sk == "PROMPT_CONTEXT")
}

/// The person after a command, and the event's name.
pub fn apply_command(person: &Person, command: &MenteeCommand) -> (Person, &'static str) {
    let before = person.status;
    let mut person = person.clone();
    let what = match command {
        MenteeCommand::PauseUntil(until) => {
            person.status = PersonStatus::Paused;
            person.paused_until = Some(*until);
            "pause"
        }
        MenteeCommand::Resume => {
            person.status = PersonStatus::Active;
            person.paused_until = None;
            "resume"
        }
        MenteeCommand::Stop => {
            person.status = PersonStatus::Stopped;
            person.paused_until = None;
            "stop"
        }
    };
    // Bouncing is the provider's verdict, not the person's wish: no command lifts it.
    if before == PersonStatus::Bouncing {
        person.status = PersonStatus::Bouncing;
    }
    (person, what)
}

fn command_detail(command: &MenteeCommand) -> String {
    match command {
        MenteeCommand::PauseUntil(date) => format!("until {date}"),
        MenteeCommand::Resume => String::new(),
        MenteeCommand::Stop => String::new(),
    }
}

/// The writes of a goal and, when asked, its first reminder from `now`.
fn goal_writes(
    goal: &Goal,
    mentorship: &Mentorship,
    mentee: &Person,
    now: Timestamp,
    schedule_reminder: bool,
) -> Result<Vec<Write>, StoreError> {
    let mut writes = vec![
        Write::Put {
            item: to_item(
                keys::goal(&goal.mentorship_id, &goal.id),
                "goal",
                goal,
                None,
                None,
            )?,
            condition: Condition::None,
        },
        ContextVersion::bump(&goal.mentorship_id)?,
    ];
    if schedule_reminder
        && let Some(target) = goal.target
        && let Some((_, at)) = next_goal_reminder(
            target,
            mentorship.prompt_time,
            &zone(&mentee.time_zone),
            None,
            now,
        )
    {
        let schedule = Scheduled {
            mentorship_id: goal.mentorship_id.clone(),
            due_at: at,
            task: Task::GoalReminder {
                goal_id: goal.id.clone(),
                sent: None,
            },
        };
        writes.push(Write::Put {
            item: schedule.to_item()?,
            condition: Condition::None,
        });
    }
    Ok(writes)
}

fn event_write(
    mentorship_id: &str,
    envelope: &Envelope,
    what: &str,
    detail: &str,
) -> Result<Write, StoreError> {
    let event = ReplyEvent {
        at: envelope.received_at,
        message_id: envelope.message_id.clone(),
        what: what.to_string(),
        detail: detail.to_string(),
    };
    Ok(Write::Put {
        item: to_item(
            keys::event(
                mentorship_id,
                &key_time(envelope.received_at),
                &message_key(&envelope.message_id),
            ),
            "event",
            &event,
            None,
            None,
        )?,
        condition: Condition::None,
    })
}

/// Write `writes` with the message's dedupe marker, atomically: a redelivered mail changes
/// nothing a second time.
async fn finish<S: Store>(
    repo: &Repo<S>,
    envelope: &Envelope,
    mentorship_id: &str,
    mut writes: Vec<Write>,
    what: &str,
) -> Result<ReplyStep, StoreError> {
    writes.insert(
        0,
        crate::ingest::seen_marker(envelope, format!("{what} for {mentorship_id}"))?,
    );
    match repo.store().write(writes).await {
        Ok(()) => Ok(ReplyStep::Handled(IngestOutcome::Recorded {
            mentorship_id: mentorship_id.to_string(),
            entry: what.to_string(),
        })),
        Err(StoreError::ConditionFailed) => Ok(ReplyStep::Handled(IngestOutcome::Duplicate)),
        Err(e) => Err(e),
    }
}

async fn mark_activity<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    let item = to_item(
        keys::activity(mentorship_id),
        "activity",
        &Activity { last_reply_at: at },
        None,
        None,
    )?;
    repo.store()
        .write(vec![Write::Put {
            item,
            condition: Condition::None,
        }])
        .await
}

/// When the mentee last replied, if ever.
pub async fn last_reply<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
) -> Result<Option<Timestamp>, StoreError> {
    match repo.store().get(&keys::activity(mentorship_id)).await? {
        Some(item) => Ok(Some(
            crate::store::records::from_item::<Activity>(&item)?.last_reply_at,
        )),
        None => Ok(None),
    }
}

/// Record each decision in the reflection and schedule its follow-ups. Each write is an insert
/// keyed by the message, so a redelivered mail schedules nothing twice.
async fn schedule_decision_follow_ups<S: Store>(
    repo: &Repo<S>,
    mentorship: &Mentorship,
    mentee: &Person,
    text: &str,
    envelope: &Envelope,
) -> Result<(), StoreError> {
    let at = envelope.received_at;
    let tz = zone(&mentee.time_zone);
    let today = at.to_zoned_datetime(tz.clone()).date();
    for (n, decision_text) in find_decisions(text).into_iter().enumerate() {
        let id = format!("{}{n}", message_key(&envelope.message_id));
        let decision = Decision {
            id: id.clone(),
            mentorship_id: mentorship.id.clone(),
            text: decision_text.clone(),
            decided_at: at,
        };
        let mut writes = vec![Write::Put {
            item: to_item(
                keys::decision(&mentorship.id, &key_time(at), &id),
                "decision",
                &decision,
                None,
                None,
            )?,
            condition: Condition::NotExists,
        }];
        for days in DECISION_FOLLOW_UPS {
            let date = today.saturating_add((days as i64).days());
            let due = outside_quiet_hours(local_instant(date, mentorship.prompt_time, &tz), &tz);
            let follow_up = Scheduled {
                mentorship_id: mentorship.id.clone(),
                due_at: due,
                task: Task::DecisionFollowUp {
                    decision_id: id.clone(),
                    decision: decision_text.clone(),
                    decided_at: at,
                    days,
                },
            };
            writes.push(Write::Put {
                item: follow_up.to_item()?,
                condition: Condition::NotExists,
            });
        }
        match repo.store().write(writes).await {
            Ok(()) => {
                repo.store()
                    .write(vec![ContextVersion::bump(&mentorship.id)?])
                    .await?
            }
            Err(StoreError::ConditionFailed) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The decisions recorded for a mentorship, oldest first.
pub async fn decisions<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
) -> Result<Vec<Decision>, StoreError> {
    repo.records_of(mentorship_id, "DECISION#").await
}

/// The timeline events (commands, goal answers), oldest first.
pub async fn events<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
) -> Result<Vec<ReplyEvent>, StoreError> {
    repo.records_of(mentorship_id, "EVENT#").await
}

/// Who a one-click unsubscribe stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unsubscribed {
    pub mentorship_id: String,
    pub email: String,
}

/// Stop all mail to the mentee of the mentorship a verified token names (one-click
/// unsubscribe). `None` when the mentorship or the person is unknown.
pub async fn unsubscribe<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
    at: Timestamp,
) -> Result<Option<Unsubscribed>, StoreError> {
    let Some(mentorship) = repo.mentorship(mentorship_id).await? else {
        return Ok(None);
    };
    let Some(mentee) = repo.person(&mentorship.mentee).await? else {
        return Ok(None);
    };
    let (person, _) = apply_command(&mentee, &MenteeCommand::Stop);
    let event = ReplyEvent {
        at,
        message_id: String::new(),
        what: "unsubscribe".into(),
        detail: "one-click link".into(),
    };
    repo.store()
        .write(vec![
            Repo::<S>::person_write(&person)?,
            Write::Put {
                item: to_item(
                    keys::event(&mentorship.id, &key_time(at), "unsubscribe"),
                    "event",
                    &event,
                    None,
                    None,
                )?,
                condition: Condition::None,
            },
        ])
        .await?;
    Ok(Some(Unsubscribed {
        mentorship_id: mentorship.id,
        email: person.email,
    }))
}

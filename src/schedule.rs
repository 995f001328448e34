//! The scheduler use case: `now` -> what was due is sent, once.
//!
//! Due items come from the sharded `due` index only (a range query per shard), so a run costs
//! what is due, not the size of the table. Each item is claimed before it is sent: a conditional
//! write moves it out of the due range to `now + lease`, so a concurrent or retried run cannot
//! take it. After the send, one atomic write records the mail and moves the item to its next due
//! time. A run that dies after claiming loses nothing: when the lease expires the item is due
//! again and the next run sends it.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::domain::prompts::{Question, questions_for};
use crate::domain::schedule::{
    GoalReminder, in_quiet_hours, next_goal_reminder, next_prompt, outside_quiet_hours, zone,
};
use crate::domain::time::key_time;
use crate::domain::{Goal, Mentorship, Person, PersonStatus, SendOutcome, SentMail};
use crate::mail::render::{self, Envelope, GoalLine, GoalReminderView, PromptView, Rendered};
use crate::mail::token::TokenKey;
use crate::send::{Mailer, OutgoingMail, SendError};
use crate::store::records::{
    Scheduled, Task, all_shards, due_at, due_upto, from_item, keys, to_item,
};
use crate::store::repo::Repo;
use crate::store::{Condition, Item, Store, StoreError, Write};

/// Items read per due-index query.
const PAGE: usize = 100;

/// Settings of the scheduler.
#[derive(Debug, Clone)]
pub struct ScheduleSettings {
    pub programme: String,
    /// Sender address (a verified SES identity).
    pub from_address: String,
    pub domain: String,
    pub token_key: TokenKey,
    /// Base of the one-click unsubscribe URL, when deployed with one.
    pub unsubscribe_url: Option<String>,
    pub question_bank: Vec<Question>,
    /// How long a claim holds before another run may take the item again.
    pub lease: SignedDuration,
    /// Pauses between retries of a throttled send.
    pub throttle_backoff: Vec<Duration>,
}

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentSummary {
    pub mentorship_id: String,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub due_at: Timestamp,
    pub message_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Run the scheduler at `now`.
pub async fn run<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &ScheduleSettings,
    now: Timestamp,
) -> Result<RunReport, ScheduleError> {
    let mut report = RunReport::default();
    let upto = due_upto(now);
    for shard in all_shards() {
        loop {
            let items = repo.store().query_due(&shard, &upto, PAGE).await?;
            let page_len = items.len();
            for item in items {
                process(repo, mailer, settings, now, item, &mut report).await?;
            }
            // Every processed item left the due range (claimed, moved on or dropped), so the
            // next page starts with unseen items; a short page is the last.
            if page_len < PAGE {
                break;
            }
        }
    }
    Ok(report)
}

/// The context a due item needs to be rendered.
struct Pair {
    mentorship: Mentorship,
    mentor: Person,
    mentee: Person,
}

async fn load_pair<S: Store>(repo: &Repo<S>, id: &str) -> Result<Option<Pair>, StoreError> {
    let Some(mentorship) = repo.mentorship(id).await? else {
        return Ok(None);
    };
    let (Some(mentor), Some(mentee)) = (
        repo.person(&mentorship.mentor).await?,
        repo.person(&mentorship.mentee).await?,
    ) else {
        return Ok(None);
    };
    Ok(Some(Pair {
        mentorship,
        mentor,
        mentee,
    }))
}

async fn process<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &ScheduleSettings,
    now: Timestamp,
    item: Item,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    let Some(current_due) = item.due.clone() else {
        return Ok(());
    };
    let scheduled: Scheduled = match from_item(&item) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(pk = %item.key.pk, sk = %item.key.sk, error = %e, "unreadable schedule item dropped from the index");
            drop_item(repo, &item.key, &current_due.at, report).await?;
            return Ok(());
        }
    };
    // Claim: move the item out of the due range, only if nobody else has.
    let lease = due_at(&item.key, now.saturating_add(settings.lease).unwrap_or(now));
    let claim = repo
        .store()
        .write(vec![Write::SetDue {
            key: item.key.clone(),
            due: Some(lease.clone()),
            condition: Condition::DueIs(current_due.at.clone()),
        }])
        .await;
    match claim {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => {
            report.raced += 1;
            return Ok(());
        }
        Err(e) => return Err(e),
    }
    let Some(pair) = load_pair(repo, &scheduled.mentorship_id).await? else {
        drop_item(repo, &item.key, &lease.at, report).await?;
        return Ok(());
    };
    if !pair.mentorship.active {
        drop_item(repo, &item.key, &lease.at, report).await?;
        return Ok(());
    }
    let goal = match &scheduled.task {
        Task::GoalReminder { goal_id, .. } => {
            match repo
                .goals(&scheduled.mentorship_id)
                .await?
                .into_iter()
                .find(|g| &g.id == goal_id && g.is_open())
            {
                Some(goal) => Some(goal),
                None => {
                    drop_item(repo, &item.key, &lease.at, report).await?;
                    return Ok(());
                }
            }
        }
        Task::Prompt { .. } => None,
    };
    let tz = zone(&pair.mentee.time_zone);
    if in_quiet_hours(now, &tz) {
        // A late run (or a lease that expired at night) must not mail anyone in their quiet
        // hours: only the item's place in the index moves; its due time, which the next due time
        // is computed from, stays.
        let morning = due_at(&item.key, outside_quiet_hours(now, &tz));
        report.deferred += 1;
        return match repo
            .store()
            .write(vec![Write::SetDue {
                key: item.key.clone(),
                due: Some(morning),
                condition: Condition::DueIs(lease.at.clone()),
            }])
            .await
        {
            Err(StoreError::ConditionFailed) => Ok(()),
            other => other,
        };
    }
    let local_today = now.to_zoned_datetime(tz.clone()).date();
    let next = next_schedule(&scheduled, &pair, goal.as_ref(), now);
    let (mail, rendered) = build(repo, settings, &scheduled, &pair, goal.as_ref()).await?;

    let outcome = if !pair.mentee.accepts_mail_on(local_today) {
        report.skipped += 1;
        SendOutcome::Skipped {
            reason: format!("{:?}", pair.mentee.status).to_lowercase(),
        }
    } else {
        match send_with_backoff(mailer, &mail, &settings.throttle_backoff).await {
            Ok(message_id) => {
                report.sent.push(SentSummary {
                    mentorship_id: scheduled.mentorship_id.clone(),
                    kind: scheduled.task.kind().into(),
                    to: pair.mentee.email.clone(),
                    subject: rendered.subject.clone(),
                    due_at: scheduled.due_at,
                    message_id: message_id.clone(),
                });
                SendOutcome::Sent { message_id }
            }
            Err(SendError::Rejected(reason)) => {
                report.rejected += 1;
                tracing::warn!(to = %pair.mentee.email, %reason, "send rejected; marking the person bouncing");
                let mut mentee = pair.mentee.clone();
                mentee.status = PersonStatus::Bouncing;
                repo.put_person(&mentee).await?;
                SendOutcome::Rejected { reason }
            }
            Err(e) => {
                // Release the claim so the next run retries it.
                report.failed += 1;
                tracing::warn!(mentorship = %scheduled.mentorship_id, error = %e, "send failed; released for the next run");
                let _ = repo
                    .store()
                    .write(vec![Write::SetDue {
                        key: item.key.clone(),
                        due: Some(current_due),
                        condition: Condition::DueIs(lease.at.clone()),
                    }])
                    .await;
                return Ok(());
            }
        }
    };
    complete(
        repo, &item.key, &lease.at, &scheduled, &pair, &rendered, outcome, next, now,
    )
    .await
}

/// Where the item goes after this send: its next due time, or out of the schedule.
fn next_schedule(
    scheduled: &Scheduled,
    pair: &Pair,
    goal: Option<&Goal>,
    now: Timestamp,
) -> Option<Scheduled> {
    let tz = zone(&pair.mentee.time_zone);
    let m = &pair.mentorship;
    match &scheduled.task {
        Task::Prompt { seq } => Some(Scheduled {
            mentorship_id: m.id.clone(),
            due_at: next_prompt(&m.cadence, m.prompt_time, &tz, Some(scheduled.due_at), now),
            task: Task::Prompt { seq: seq + 1 },
        }),
        Task::GoalReminder { goal_id, sent } => {
            let target = goal?.target?;
            let stage = stage_now(*sent, target, scheduled.due_at, &tz);
            let (_, at) = next_goal_reminder(target, m.prompt_time, &tz, Some(stage), now)?;
            Some(Scheduled {
                mentorship_id: m.id.clone(),
                due_at: at,
                task: Task::GoalReminder {
                    goal_id: goal_id.clone(),
                    sent: Some(stage),
                },
            })
        }
    }
}

/// The reminder stage a goal reminder due at `due_at` is: the first one before the target is
/// "upcoming"; anything after the target date is "overdue".
fn stage_now(
    sent: Option<GoalReminder>,
    target: jiff::civil::Date,
    due_at: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> GoalReminder {
    let due_date = due_at.to_zoned_datetime(tz.clone()).date();
    if sent.is_none() && due_date <= target {
        GoalReminder::Upcoming
    } else {
        GoalReminder::Overdue
    }
}

async fn build<S: Store>(
    repo: &Repo<S>,
    settings: &ScheduleSettings,
    scheduled: &Scheduled,
    pair: &Pair,
    goal: Option<&Goal>,
) -> Result<(OutgoingMail, Rendered), StoreError> {
    let m = &pair.mentorship;
    let (rendered, prompt_no) = match &scheduled.task {
        Task::GoalReminder { sent, .. } => {
            let goal = goal.ok_or_else(|| {
                StoreError::Invalid(format!("goal of reminder for {} is gone", m.id))
            })?;
            let tz = zone(&pair.mentee.time_zone);
            let overdue = goal.target.is_some_and(|t| {
                stage_now(*sent, t, scheduled.due_at, &tz) == GoalReminder::Overdue
            });
            let view = GoalReminderView {
                programme: &settings.programme,
                mentee_first_name: pair.mentee.first_name(),
                goal: GoalLine {
                    title: goal.title.clone(),
                    target: goal.target,
                },
                overdue,
            };
            // A reply to a reminder is a reflection outside the prompt sequence: prompt 0.
            (render::goal_reminder(&view), 0)
        }
        Task::Prompt { seq } => {
            let goals: Vec<GoalLine> = repo
                .goals(&m.id)
                .await?
                .into_iter()
                .filter(Goal::is_open)
                .map(|g| GoalLine {
                    title: g.title,
                    target: g.target,
                })
                .collect();
            let view = PromptView {
                programme: &settings.programme,
                mentee_first_name: pair.mentee.first_name(),
                mentor_name: &pair.mentor.name,
                seq: *seq,
                questions: questions_for(&settings.question_bank, *seq),
                open_goals: goals,
            };
            (render::prompt(&view), *seq)
        }
    };
    let reply_to = settings
        .token_key
        .reply_address(&m.id, prompt_no, &settings.domain);
    let envelope = Envelope {
        from_name: settings.programme.clone(),
        from_address: settings.from_address.clone(),
        to_name: pair.mentee.name.clone(),
        to_address: pair.mentee.email.clone(),
        reply_to: reply_to.clone(),
        unsubscribe_mailto: reply_to.replacen("reflect+", "unsubscribe+", 1),
        unsubscribe_url: settings
            .unsubscribe_url
            .as_ref()
            .map(|base| format!("{base}?t={}", settings.token_key.token(&m.id, prompt_no))),
        date: scheduled.due_at,
        message_id: format!(
            "{}.{}.{}@{}",
            scheduled.task.kind(),
            m.id,
            scheduled.due_at.as_second(),
            settings.domain
        ),
    };
    let raw = render::to_mime(&envelope, &rendered);
    Ok((
        OutgoingMail {
            from: settings.from_address.clone(),
            to: vec![pair.mentee.email.clone()],
            raw,
        },
        rendered,
    ))
}

async fn send_with_backoff<M: Mailer>(
    mailer: &M,
    mail: &OutgoingMail,
    backoff: &[Duration],
) -> Result<String, SendError> {
    let mut attempt = 0;
    loop {
        match mailer.send(mail).await {
            Err(SendError::Throttled(reason)) if attempt < backoff.len() => {
                tracing::info!(%reason, attempt, "throttled; backing off");
                tokio::time::sleep(backoff[attempt]).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Record what happened and move the item on, atomically and only while we hold the claim.
#[allow(clippy::too_many_arguments)]
async fn complete<S: Store>(
    repo: &Repo<S>,
    key: &crate::store::Key,
    lease_at: &str,
    scheduled: &Scheduled,
    pair: &Pair,
    rendered: &Rendered,
    outcome: SendOutcome,
    next: Option<Scheduled>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let sent = SentMail {
        mentorship_id: scheduled.mentorship_id.clone(),
        due_at: scheduled.due_at,
        sent_at: now,
        kind: scheduled.task.kind().into(),
        to: pair.mentee.email.clone(),
        subject: rendered.subject.clone(),
        outcome,
    };
    let sent_item = to_item(
        keys::sent(
            &scheduled.mentorship_id,
            &key_time(scheduled.due_at),
            &scheduled.task.slot(),
        ),
        "sent",
        &sent,
        None,
        None,
    )?;
    let move_on = match next {
        Some(next) => Write::Put {
            item: next.to_item()?,
            condition: Condition::DueIs(lease_at.to_string()),
        },
        None => Write::Delete { key: key.clone() },
    };
    let result = repo
        .store()
        .write(vec![
            Write::Put {
                item: sent_item,
                condition: Condition::None,
            },
            move_on,
        ])
        .await;
    match result {
        Err(StoreError::ConditionFailed) => {
            tracing::warn!(pk = %key.pk, sk = %key.sk, "claim expired before completion; another run owns the item");
            Ok(())
        }
        other => other,
    }
}

async fn drop_item<S: Store>(
    repo: &Repo<S>,
    key: &crate::store::Key,
    held_at: &str,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    report.dropped += 1;
    match repo
        .store()
        .write(vec![Write::SetDue {
            key: key.clone(),
            due: None,
            condition: Condition::DueIs(held_at.to_string()),
        }])
        .await
    {
        Err(StoreError::ConditionFailed) => Ok(()),
        other => other,
    }
}

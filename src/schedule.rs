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
    GoalReminder, digest_before_session, in_quiet_hours, next_goal_reminder, next_prompt,
    outside_quiet_hours, zone,
};
use crate::domain::time::key_time;
use crate::domain::{
    EntryBody, Goal, GoalStatus, Mentorship, Person, PersonStatus, SendOutcome, SentMail,
};
use crate::mail::render::{
    self, DigestView, Envelope, GoalLine, GoalReminderView, PromptView, Rendered,
};
use crate::mail::token::{TokenAbout, TokenKey};
use crate::send::{Mailer, OutgoingMail, SendError};
use crate::store::people::mark_bouncing;
use crate::store::records::{
    Activity, ContextVersion, OCCURRENCE_TAG, PromptCache, Scheduled, SendAck, Task, all_shards,
    due_at, due_upto, from_item, keys, occurrence_id, to_item,
};
use crate::store::repo::Repo;
use crate::store::{Condition, Due, Item, Key, Store, StoreError, Write};

/// Items read per due-index query.
pub(crate) const PAGE: usize = 100;

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

impl ScheduleSettings {
    /// These settings with the programme's own question bank, when an admin has set one
    /// (`mentormail questions set`); one read.
    pub async fn with_programme_bank<S: Store>(&self, repo: &Repo<S>) -> Result<Self, StoreError> {
        let mut settings = self.clone();
        if let Some(bank) = repo.question_bank().await? {
            settings.question_bank = bank.questions;
        }
        Ok(settings)
    }
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
    /// Handled, but the write recording it failed; due again when its lease expires.
    pub unrecorded: usize,
    /// Claimed and handed to the sender queue (fan-out mode).
    pub queued: usize,
    /// Queued jobs whose claim had moved on or expired by the time the sender took them.
    pub stale: usize,
    /// Sent by an earlier run that died before recording it (SES's acknowledgement says so):
    /// recorded now, not sent again.
    pub recovered: usize,
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
    let settings = &settings.with_programme_bank(repo).await?;
    let upto = due_upto(now);
    for shard in all_shards() {
        loop {
            let items = repo.store().query_due(&shard, &upto, PAGE).await?;
            let page_len = items.len();
            let (failed, raced) = (report.failed, report.raced);
            for item in items {
                process(repo, mailer, settings, now, item, &mut report).await?;
            }
            if report.failed > failed {
                // Sends fail for now, and what failed is due again in the next page: leave the
                // rest of this shard to the next run instead of retrying it in a loop.
                break;
            }
            // Every processed item left the due range (claimed, moved on or dropped), so the
            // next page starts with unseen items; a short page is the last. A page that another
            // run took entirely may mean the index lags behind the claims: stop this shard
            // rather than spin, the next run sees the rest.
            if page_len < PAGE || report.raced - raced == page_len {
                break;
            }
        }
    }
    Ok(report)
}

/// The context a due item needs to be rendered.
pub(crate) struct Pair {
    mentorship: Mentorship,
    mentor: Person,
    mentee: Person,
    /// When the mentee last replied to anything.
    last_reply: Option<Timestamp>,
    /// The mentorship's goals-and-decisions version ("" when never written).
    context_version: String,
}

/// The pair's addresses when a due item carries them (a prompt's cache), so that the pair can be
/// read in one batch without reading the mentorship first.
pub(crate) fn known_addresses(scheduled: &Scheduled) -> Option<(String, String)> {
    match &scheduled.task {
        Task::Prompt {
            cache: Some(cache), ..
        } if !cache.mentor.is_empty() && !cache.mentee.is_empty() => {
            Some((cache.mentor.clone(), cache.mentee.clone()))
        }
        _ => None,
    }
}

/// The pair of mentorship `id`, with as few requests as possible: one batch read when the
/// addresses are `known`, else a read of the mentorship and then one batch. The `also` keys are
/// read in the same batch and returned beside the pair, in order (the item's acknowledgement,
/// and in fan-out the claimed item itself).
pub(crate) async fn load_pair<S: Store>(
    repo: &Repo<S>,
    id: &str,
    known: Option<(String, String)>,
    also: &[Key],
) -> Result<(Option<Pair>, Vec<Option<Item>>), StoreError> {
    let (mentor_email, mentee_email, mentorship) = match known {
        Some((mentor, mentee)) => (mentor, mentee, None),
        None => {
            let Some(m) = repo.mentorship(id).await? else {
                return Ok((None, repo.store().get_many(also).await?));
            };
            (m.mentor.clone(), m.mentee.clone(), Some(m))
        }
    };
    let mut wanted = vec![
        keys::person(&mentor_email),
        keys::person(&mentee_email),
        keys::activity(id),
        keys::prompt_context(id),
    ];
    if mentorship.is_none() {
        wanted.push(keys::mentorship(id));
    }
    wanted.extend_from_slice(also);
    let mut items = repo.store().get_many(&wanted).await?.into_iter();
    let mut next = || items.next().flatten();
    let (mentor, mentee, activity, context) = (next(), next(), next(), next());
    let mentorship = match mentorship {
        Some(m) => Some(m),
        None => next()
            .map(|item| from_item::<Mentorship>(&item))
            .transpose()?,
    };
    let also: Vec<Option<Item>> = also.iter().map(|_| next()).collect();
    let (Some(mentorship), Some(mentor), Some(mentee)) = (mentorship, mentor, mentee) else {
        return Ok((None, also));
    };
    if mentorship.mentor != mentor_email || mentorship.mentee != mentee_email {
        // The pair was re-enrolled differently; the cached addresses are not this pair's.
        return Ok((None, also));
    }
    let pair = Pair {
        mentorship,
        mentor: from_item(&mentor)?,
        mentee: from_item(&mentee)?,
        last_reply: activity
            .map(|item| from_item::<Activity>(&item))
            .transpose()?
            .map(|a| a.last_reply_at),
        context_version: context
            .map(|item| from_item::<ContextVersion>(&item))
            .transpose()?
            .map(|c| c.version)
            .unwrap_or_default(),
    };
    Ok((Some(pair), also))
}

/// A due item that this run holds until `lease`: its place in the index moved from `due` (where
/// it goes back to if the send fails for now) to `lease`.
pub(crate) struct Claimed {
    pub key: Key,
    pub scheduled: Scheduled,
    pub due: Due,
    pub lease: Due,
}

async fn process<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &ScheduleSettings,
    now: Timestamp,
    item: Item,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    let Some(claimed) = claim(repo, settings.lease, now, item, report).await? else {
        return Ok(());
    };
    let known = known_addresses(&claimed.scheduled);
    let ack_key = keys::send_ack(&occurrence_id(&claimed.scheduled));
    let (pair, also) = load_pair(repo, &claimed.scheduled.mentorship_id, known, &[ack_key]).await?;
    let ack = send_ack(also.into_iter().next().flatten());
    deliver(
        repo,
        mailer,
        settings,
        now,
        claimed,
        Found { pair, ack },
        report,
    )
    .await
}

/// The acknowledgement read with the pair, if SES has given one (an unreadable one counts as none:
/// the worst that follows is the duplicate it was there to prevent).
pub(crate) fn send_ack(item: Option<Item>) -> Option<SendAck> {
    item.and_then(|item| from_item(&item).ok())
}

/// Claim a due item for `lease`: move it out of the due range, only if nobody else has. `None`
/// when another run was first, or when the item is unreadable (then it leaves the index).
pub(crate) async fn claim<S: Store>(
    repo: &Repo<S>,
    lease: SignedDuration,
    now: Timestamp,
    item: Item,
    report: &mut RunReport,
) -> Result<Option<Claimed>, StoreError> {
    let Some(current_due) = item.due.clone() else {
        return Ok(None);
    };
    let scheduled: Scheduled = match from_item(&item) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(pk = %item.key.pk, sk = %item.key.sk, error = %e, "unreadable schedule item dropped from the index");
            drop_item(repo, &item.key, &current_due.at, report).await?;
            return Ok(None);
        }
    };
    let lease = due_at(&item.key, now.saturating_add(lease).unwrap_or(now));
    let claim = repo
        .store()
        .write(vec![Write::SetDue {
            key: item.key.clone(),
            due: Some(lease.clone()),
            condition: Condition::DueIs(current_due.at.clone()),
        }])
        .await;
    match claim {
        Ok(()) => Ok(Some(Claimed {
            key: item.key,
            scheduled,
            due: current_due,
            lease,
        })),
        Err(StoreError::ConditionFailed) => {
            report.raced += 1;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Give a claimed item back to the index at its due time (its send failed for now), so that the
/// next run takes it again; a no-op if the claim has already moved on.
pub(crate) async fn release<S: Store>(repo: &Repo<S>, claimed: &Claimed) -> Result<(), StoreError> {
    match repo
        .store()
        .write(vec![Write::SetDue {
            key: claimed.key.clone(),
            due: Some(claimed.due.clone()),
            condition: Condition::DueIs(claimed.lease.at.clone()),
        }])
        .await
    {
        Err(StoreError::ConditionFailed) => Ok(()),
        other => other,
    }
}

/// What was read for a claimed item, in one batch.
pub(crate) struct Found {
    /// `None`: the pair is gone (or re-enrolled differently).
    pub pair: Option<Pair>,
    /// SES accepted this occurrence's mail before, for a run that died before recording it.
    pub ack: Option<SendAck>,
}

/// Render, send and record a claimed item for what was `found` with it. With an acknowledgement
/// the mail is recorded as sent, not sent again.
///
/// An `Err` means nothing was sent. Once the mail is out, a failing write is logged and counted
/// as `unrecorded`, never returned: retrying the item then would send it twice, while the claim
/// left in place makes it due again only after the lease.
pub(crate) async fn deliver<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &ScheduleSettings,
    now: Timestamp,
    claimed: Claimed,
    found: Found,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    let Found { pair, ack } = found;
    let Claimed {
        key,
        scheduled,
        due: current_due,
        lease,
    } = claimed;
    let item_key = key;
    let Some(pair) = pair else {
        drop_item(repo, &item_key, &lease.at, report).await?;
        return Ok(());
    };
    if !pair.mentorship.active {
        drop_item(repo, &item_key, &lease.at, report).await?;
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
                    drop_item(repo, &item_key, &lease.at, report).await?;
                    return Ok(());
                }
            }
        }
        _ => None,
    };
    let recipient = if scheduled.task.to_mentor() {
        &pair.mentor
    } else {
        &pair.mentee
    };
    let tz = zone(&recipient.time_zone);
    if in_quiet_hours(now, &tz) {
        // A late run (or a lease that expired at night) must not mail anyone in their quiet
        // hours: only the item's place in the index moves; its due time, which the next due time
        // is computed from, stays.
        let morning = due_at(&item_key, outside_quiet_hours(now, &tz));
        report.deferred += 1;
        return match repo
            .store()
            .write(vec![Write::SetDue {
                key: item_key.clone(),
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
    let plan = plan(repo, settings, &scheduled, &pair, goal.as_ref(), now).await?;
    let mail = outgoing(settings, &scheduled, &pair, recipient, &plan);
    // Mail about the mentee stops with the mentee's own mail: a stopped mentee's mentor gets no
    // more digests or alerts about them.
    let mentee_left = matches!(
        pair.mentee.status,
        PersonStatus::Stopped | PersonStatus::Bouncing
    );
    let outcome = if !recipient.accepts_mail_on(local_today)
        || (scheduled.task.to_mentor() && mentee_left)
    {
        report.skipped += 1;
        SendOutcome::Skipped {
            reason: format!("{:?}", recipient.status).to_lowercase(),
        }
    } else if let Some(ack) = ack {
        tracing::info!(mentorship = %scheduled.mentorship_id, message_id = %ack.message_id, "SES accepted this mail before; recorded, not sent again");
        report.recovered += 1;
        SendOutcome::Sent {
            message_id: ack.message_id,
        }
    } else {
        match send_with_backoff(mailer, &mail, &settings.throttle_backoff).await {
            Ok(message_id) => {
                report.sent.push(SentSummary {
                    mentorship_id: scheduled.mentorship_id.clone(),
                    kind: plan.kind.into(),
                    to: recipient.email.clone(),
                    subject: plan.rendered.subject.clone(),
                    due_at: scheduled.due_at,
                    message_id: message_id.clone(),
                });
                SendOutcome::Sent { message_id }
            }
            Err(SendError::Rejected(reason)) => {
                report.rejected += 1;
                tracing::warn!(to = %recipient.email, %reason, "send rejected; marking the person bouncing");
                // A fresh read-modify-write of the profile alone, not a write-back of the copy
                // read with the pair, which could undo a change made since.
                if let Err(e) = mark_bouncing(
                    repo.store(),
                    &recipient.email,
                    &format!("rejected: {reason}"),
                    now,
                )
                .await
                {
                    tracing::error!(to = %recipient.email, error = %e, "could not mark the person bouncing");
                }
                SendOutcome::Rejected { reason }
            }
            Err(e) => {
                // Release the claim so the next run retries it.
                report.failed += 1;
                tracing::warn!(mentorship = %scheduled.mentorship_id, error = %e, "send failed; released for the next run");
                let claimed = Claimed {
                    key: item_key,
                    scheduled,
                    due: current_due,
                    lease,
                };
                if let Err(e) = release(repo, &claimed).await {
                    tracing::warn!(error = %e, "could not release the claim; the item is due again after the lease");
                }
                return Ok(());
            }
        }
    };
    let sent = matches!(outcome, SendOutcome::Sent { .. });
    let (next, also) = if sent {
        (plan.next_if_sent, plan.also_if_sent)
    } else {
        (plan.next_if_not_sent, Vec::new())
    };
    let recorded = complete(
        repo,
        &item_key,
        &lease.at,
        &scheduled,
        recipient,
        plan.kind,
        &plan.rendered,
        outcome,
        next,
        also,
        now,
    )
    .await;
    if let Err(e) = recorded {
        report.unrecorded += 1;
        tracing::error!(pk = %item_key.pk, sk = %item_key.sk, sent, error = %e, "outcome not recorded; the item is due again after its lease");
    }
    Ok(())
}

/// What to send for a due item, and where the schedule goes after it.
struct Plan {
    /// `prompt`, `nudge`, `goal_reminder`, `kickoff`, `mentor_alert`, `digest`,
    /// `decision_follow_up`.
    kind: &'static str,
    rendered: Rendered,
    /// What replies to it are about; `None`: replies go to the notes address (mentor mail).
    about: Option<TokenAbout>,
    next_if_sent: Option<Scheduled>,
    /// Paused or stopped recipients: the schedule moves on without counting the mail.
    next_if_not_sent: Option<Scheduled>,
    /// New schedule items created by this send (a mentor alert after an unanswered nudge).
    also_if_sent: Vec<Scheduled>,
}

/// How far back "months ago" starts for resurfacing.
const LOOK_BACK_AFTER: SignedDuration = SignedDuration::from_hours(24 * 60);
/// Every this many prompts, one recalls an old goal or decision.
const LOOK_BACK_EVERY: u32 = 3;
/// Decisions kept in a prompt's cache for looking back (the most recent).
const CACHED_DECISIONS: usize = 20;
/// Unanswered prompts in a row before the gentle nudge, and before the mentor is told.
const NUDGE_AFTER: u32 = 2;
const ALERT_AFTER: u32 = 3;

async fn plan<S: Store>(
    repo: &Repo<S>,
    settings: &ScheduleSettings,
    scheduled: &Scheduled,
    pair: &Pair,
    goal: Option<&Goal>,
    now: Timestamp,
) -> Result<Plan, StoreError> {
    let m = &pair.mentorship;
    let tz = zone(&pair.mentee.time_zone);
    let mentee_first = pair.mentee.first_name();
    let at = |due_at: Timestamp, task: Task| Scheduled {
        mentorship_id: m.id.clone(),
        due_at,
        task,
    };
    let plan = match &scheduled.task {
        Task::Prompt {
            seq,
            unanswered,
            nudged,
            last_sent,
            cache,
        } => {
            let replied = match last_sent {
                Some(last) => pair.last_reply.is_some_and(|r| r > *last),
                None => true,
            };
            let unanswered_now = if replied { 0 } else { unanswered + 1 };
            let nudge = unanswered_now == NUDGE_AFTER;
            // Goals and decisions from the cache while the version says they did not change.
            let cache = match cache {
                Some(c) if c.version == pair.context_version => PromptCache {
                    mentor: m.mentor.clone(),
                    mentee: m.mentee.clone(),
                    ..c.clone()
                },
                _ => {
                    let mut decisions = crate::replies::decisions(repo, &m.id).await?;
                    let keep_from = decisions.len().saturating_sub(CACHED_DECISIONS);
                    PromptCache {
                        mentor: m.mentor.clone(),
                        mentee: m.mentee.clone(),
                        version: pair.context_version.clone(),
                        goals: repo.goals(&m.id).await?,
                        decisions: decisions.split_off(keep_from),
                        open_items: repo
                            .open_items(&m.id)
                            .await?
                            .into_iter()
                            .filter(|i| i.is_open() && i.is_for_mentee(&pair.mentor.name))
                            .collect(),
                    }
                }
            };
            let look_back = if seq % LOOK_BACK_EVERY == 0 {
                look_back(&cache, *seq, now)
            } else {
                None
            };
            let open_goals = cache
                .goals
                .iter()
                .filter(|g| g.is_open())
                .map(|g| GoalLine {
                    title: g.title.clone(),
                    target: g.target,
                })
                .collect();
            let view = PromptView {
                programme: &settings.programme,
                mentee_first_name: mentee_first,
                mentor_name: &pair.mentor.name,
                seq: *seq,
                questions: questions_for(&settings.question_bank, *seq),
                open_goals,
                nudge,
                look_back,
                // "Last session you agreed to": the items recorded since the previous prompt.
                agreed_items: cache
                    .open_items
                    .iter()
                    .filter(|i| last_sent.is_none_or(|last| i.created_at > last))
                    .map(|i| i.text.clone())
                    .collect(),
            };
            let next_due = next_prompt(&m.cadence, m.prompt_time, &tz, Some(scheduled.due_at), now);
            let mut also = Vec::new();
            if unanswered_now == ALERT_AFTER {
                also.push(at(
                    now,
                    Task::MentorAlert {
                        unanswered: unanswered_now,
                    },
                ));
            }
            Plan {
                kind: if nudge { "nudge" } else { "prompt" },
                rendered: render::prompt(&view),
                about: Some(TokenAbout::Prompt(*seq)),
                next_if_sent: Some(at(
                    next_due,
                    Task::Prompt {
                        seq: seq + 1,
                        unanswered: unanswered_now,
                        nudged: nudge || (*nudged && unanswered_now > 0),
                        last_sent: Some(now),
                        cache: Some(cache),
                    },
                )),
                next_if_not_sent: Some(at(next_due, scheduled.task.clone())),
                also_if_sent: also,
            }
        }
        Task::GoalReminder { goal_id, sent } => {
            let goal = goal.ok_or_else(|| {
                StoreError::Invalid(format!("goal of reminder for {} is gone", m.id))
            })?;
            let stage = goal
                .target
                .map(|t| stage_now(*sent, t, scheduled.due_at, &tz));
            let view = GoalReminderView {
                programme: &settings.programme,
                mentee_first_name: mentee_first,
                goal: GoalLine {
                    title: goal.title.clone(),
                    target: goal.target,
                },
                overdue: stage == Some(GoalReminder::Overdue),
            };
            let next = match (goal.target, stage) {
                (Some(target), Some(stage)) => {
                    next_goal_reminder(target, m.prompt_time, &tz, Some(stage), now).map(
                        |(_, due)| {
                            at(
                                due,
                                Task::GoalReminder {
                                    goal_id: goal_id.clone(),
                                    sent: Some(stage),
                                },
                            )
                        },
                    )
                }
                _ => None,
            };
            Plan {
                kind: "goal_reminder",
                rendered: render::goal_reminder(&view),
                about: Some(TokenAbout::Goal(goal_id.clone())),
                next_if_sent: next.clone(),
                next_if_not_sent: next,
                also_if_sent: Vec::new(),
            }
        }
        Task::Kickoff => Plan {
            kind: "kickoff",
            rendered: render::kickoff(&settings.programme, mentee_first, &pair.mentor.name),
            about: Some(TokenAbout::Kickoff),
            next_if_sent: None,
            next_if_not_sent: None,
            also_if_sent: Vec::new(),
        },
        Task::MentorAlert { unanswered } => Plan {
            kind: "mentor_alert",
            rendered: render::mentor_alert(
                &settings.programme,
                pair.mentor.first_name(),
                &pair.mentee.name,
                *unanswered,
            ),
            about: None,
            next_if_sent: None,
            next_if_not_sent: None,
            also_if_sent: Vec::new(),
        },
        Task::Digest { since, session } => {
            let mentor_tz = zone(&pair.mentor.time_zone);
            let today = now.to_zoned_datetime(mentor_tz.clone()).date();
            let session = session.filter(|d| *d >= today);
            // From the day before the session on, this digest is the one before it.
            let before_session =
                session.is_some_and(|d| today >= d.saturating_sub(jiff::ToSpan::days(1)));
            let mut view = digest_view(repo, settings, pair, *since, session, now).await?;
            view.before_session = before_session;
            // A week on in the mentor's calendar (not 168 hours: DST keeps the wall-clock time).
            let mut weekly = scheduled.due_at;
            while weekly <= now {
                weekly = weekly
                    .to_zoned_datetime(mentor_tz.clone())
                    .checked_add(jiff::ToSpan::days(7))
                    .map(|z| z.timestamp())
                    .unwrap_or(Timestamp::MAX);
            }
            let weekly = outside_quiet_hours(weekly, &mentor_tz);
            // A session further ahead pulls the next digest forward to the morning before it.
            let ahead = session
                .filter(|_| !before_session)
                .and_then(|d| digest_before_session(d, &mentor_tz, now).map(|at| (d, at)))
                .filter(|(_, at)| *at > now);
            let (next_due, next_session) = match ahead {
                Some((d, at)) if at < weekly => (at, Some(d)),
                Some((d, _)) => (weekly, Some(d)),
                None => (weekly, None),
            };
            Plan {
                kind: "digest",
                rendered: render::digest(&view),
                about: None,
                next_if_sent: Some(at(
                    next_due,
                    Task::Digest {
                        since: Some(now),
                        session: next_session,
                    },
                )),
                next_if_not_sent: Some(at(
                    next_due,
                    Task::Digest {
                        since: *since,
                        session: next_session,
                    },
                )),
                also_if_sent: Vec::new(),
            }
        }
        Task::DecisionFollowUp {
            decision,
            decided_at,
            days,
            ..
        } => Plan {
            kind: "decision_follow_up",
            rendered: render::decision_follow_up(
                &settings.programme,
                mentee_first,
                decision,
                decided_at.to_zoned_datetime(tz.clone()).date(),
                *days,
            ),
            // A reply is a reflection outside the prompt sequence.
            about: Some(TokenAbout::Prompt(0)),
            next_if_sent: None,
            next_if_not_sent: None,
            also_if_sent: Vec::new(),
        },
    };
    Ok(plan)
}

/// A goal or decision from months ago, in rotation, as a question.
fn look_back(cache: &PromptCache, seq: u32, now: Timestamp) -> Option<String> {
    let cutoff = now.saturating_sub(LOOK_BACK_AFTER).unwrap_or(now);
    let mut candidates: Vec<String> = cache
        .goals
        .iter()
        .filter(|g| g.created_at <= cutoff)
        .map(|g| {
            format!(
                "Looking back: on {} you set the goal \"{}\". How do you see it now?",
                g.created_at.strftime("%-d %b %Y"),
                g.title
            )
        })
        .collect();
    candidates.extend(
        cache
            .decisions
            .iter()
            .filter(|d| d.decided_at <= cutoff)
            .map(|d| {
                format!(
                    "Looking back: on {} you decided \"{}\". How did it turn out?",
                    d.decided_at.strftime("%-d %b %Y"),
                    d.text
                )
            }),
    );
    if candidates.is_empty() {
        return None;
    }
    let pick = (seq / LOOK_BACK_EVERY) as usize % candidates.len();
    Some(candidates.swap_remove(pick))
}

async fn digest_view<S: Store>(
    repo: &Repo<S>,
    settings: &ScheduleSettings,
    pair: &Pair,
    since: Option<Timestamp>,
    session: Option<jiff::civil::Date>,
    now: Timestamp,
) -> Result<DigestView, StoreError> {
    let m = &pair.mentorship;
    let tz = zone(&pair.mentor.time_zone);
    let since_at = since.unwrap_or(m.created_at);
    let local = |t: Timestamp| t.to_zoned_datetime(tz.clone()).date();
    let reflections = repo
        .timeline(&m.id)
        .await?
        .into_iter()
        .filter(|e| e.at > since_at && e.at <= now)
        .filter_map(|e| match e.body {
            EntryBody::Reflection { text, answers, .. } => {
                let mut all = text;
                for crate::domain::entry::Answer {
                    question: q,
                    answer: a,
                } in answers
                {
                    all.push_str(&format!(" [{q}] {a}"));
                }
                Some((local(e.at), all))
            }
            EntryBody::Feedback { .. } => None,
        })
        .collect();
    let today = local(now);
    let mut open_items = Vec::new();
    let goals = repo
        .goals(&m.id)
        .await?
        .into_iter()
        .map(|g| {
            let target = g
                .target
                .map(|t| format!(", target {}", t.strftime("%-d %b %Y")))
                .unwrap_or_default();
            let status = match g.status {
                GoalStatus::Open if g.target.is_some_and(|t| t < today) => {
                    open_items.push(format!("goal \"{}\" is past its date", g.title));
                    "overdue"
                }
                GoalStatus::Open => "open",
                GoalStatus::Done => "done",
                GoalStatus::Dropped => "dropped",
            };
            let progress = g
                .progress
                .last()
                .map(|p| format!("; latest: {}", p.text))
                .unwrap_or_default();
            format!("{} ({status}{target}){progress}", g.title)
        })
        .collect();
    let decisions = crate::replies::decisions(repo, &m.id)
        .await?
        .into_iter()
        .filter(|d| d.decided_at > since_at)
        .map(|d| (local(d.decided_at), d.text))
        .collect();
    for event in crate::replies::events(repo, &m.id).await? {
        if event.at > since_at && matches!(event.what.as_str(), "pause" | "stop" | "unsubscribe") {
            open_items.push(
                format!(
                    "{} asked to {} {}",
                    pair.mentee.first_name(),
                    event.what,
                    event.detail
                )
                .trim()
                .to_string(),
            );
        }
    }
    Ok(DigestView {
        programme: settings.programme.clone(),
        mentor_first_name: pair.mentor.first_name().to_string(),
        mentee_name: pair.mentee.name.clone(),
        since: since.map(local),
        session,
        before_session: false,
        reflections,
        goals,
        decisions,
        open_items,
    })
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

/// The MIME mail of a plan: to the recipient, with the token (or the notes address, for mail
/// to the mentor) as Reply-To.
fn outgoing(
    settings: &ScheduleSettings,
    scheduled: &Scheduled,
    pair: &Pair,
    recipient: &Person,
    plan: &Plan,
) -> OutgoingMail {
    let m = &pair.mentorship;
    // Unsubscribing always stops the mentee's mail; mentor mail carries a prompt-0 token.
    let about = plan.about.clone().unwrap_or(TokenAbout::Prompt(0));
    let token_reply = settings
        .token_key
        .reply_address_about(&m.id, &about, &settings.domain);
    let reply_to = match &plan.about {
        Some(_) => token_reply.clone(),
        None => format!("notes@{}", settings.domain),
    };
    let envelope = Envelope {
        from_name: settings.programme.clone(),
        from_address: settings.from_address.clone(),
        to_name: recipient.name.clone(),
        to_address: recipient.email.clone(),
        reply_to,
        unsubscribe_mailto: token_reply.replacen(
            crate::mail::token::REPLY_PREFIX,
            crate::mail::token::UNSUBSCRIBE_PREFIX,
            1,
        ),
        unsubscribe_url: settings
            .unsubscribe_url
            .as_ref()
            .map(|base| format!("{base}?t={}", settings.token_key.token_about(&m.id, &about))),
        date: scheduled.due_at,
        message_id: format!(
            "{}.{}.{}@{}",
            scheduled.task.kind(),
            m.id,
            scheduled.due_at.as_second(),
            settings.domain
        ),
    };
    OutgoingMail {
        from: settings.from_address.clone(),
        to: vec![recipient.email.clone()],
        raw: render::to_mime(&envelope, &plan.rendered),
        tags: vec![(OCCURRENCE_TAG.to_string(), occurrence_id(scheduled))],
    }
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
    recipient: &Person,
    kind: &str,
    rendered: &Rendered,
    outcome: SendOutcome,
    next: Option<Scheduled>,
    also: Vec<Scheduled>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let sent = SentMail {
        mentorship_id: scheduled.mentorship_id.clone(),
        due_at: scheduled.due_at,
        sent_at: now,
        kind: kind.into(),
        to: recipient.email.clone(),
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
    let mut writes = vec![
        Write::Put {
            item: sent_item,
            condition: Condition::None,
        },
        move_on,
    ];
    for item in also {
        writes.push(Write::Put {
            item: item.to_item()?,
            condition: Condition::None,
        });
    }
    let result = repo.store().write(writes).await;
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

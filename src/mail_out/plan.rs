//! What to send for a due item, and where its schedule goes after it: the prompt (or nudge),
//! goal reminder, kickoff, mentor alert, digest, decision follow-up or monthly recap, with its
//! next due time.

use jiff::{SignedDuration, Timestamp};

use super::ScheduleSettings;
use super::digest::digest_view;
use super::pair::Pair;
use super::recap::recap_view;
use crate::domain::programme::month_closed_by;
use crate::domain::prompts::questions_for;
use crate::domain::schedule::{
    GoalReminder, digest_before_session, next_goal_reminder, next_prompt, outside_quiet_hours,
};
use crate::domain::{Goal, MailKind, PromptCache, Scheduled, Task};
use crate::mail::render::{self, GoalLine, GoalReminderView, Mail, PromptView};
use crate::mail::token::TokenAbout;
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

/// What to send for a due item, and where the schedule goes after it.
pub struct Plan {
    pub kind: MailKind,
    /// The words; rendered when sent, once the footer links (signed for the recipient) exist.
    pub mail: Mail,
    /// What replies to it are about; `None`: replies go to the notes address (mentor mail).
    pub about: Option<TokenAbout>,
    pub next_if_sent: Option<Scheduled>,
    /// Paused or stopped recipients: the schedule moves on without counting the mail.
    pub next_if_not_sent: Option<Scheduled>,
    /// New schedule items created by this send (a mentor alert after an unanswered nudge).
    pub also_if_sent: Vec<Scheduled>,
}

/// How far back "months ago" starts for resurfacing.
const LOOK_BACK_AFTER: SignedDuration = SignedDuration::from_hours(24 * 60);
/// Every this many prompts, one recalls an old goal or decision.
const LOOK_BACK_EVERY: u32 = 3;
/// Decisions kept in a prompt's cache for looking back (the most recent).
const CACHED_DECISIONS: usize = 20;
/// Unanswered prompts in a row before the gentle nudge, and before the mentor is told.
pub use crate::domain::task::NUDGE_AFTER;
const ALERT_AFTER: u32 = 3;

pub async fn plan<S: Store>(
    repo: &Repo<S>,
    settings: &ScheduleSettings,
    scheduled: &Scheduled,
    pair: &Pair,
    goal: Option<&Goal>,
    now: Timestamp,
) -> Result<Plan, StoreError> {
    let m = &pair.mentorship;
    let tz = pair.mentee.time_zone.tz();
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
                    mentor: m.mentor.to_string(),
                    mentee: m.mentee.to_string(),
                    ..c.clone()
                },
                _ => {
                    let mut decisions = repo.decisions(&m.id).await?;
                    let keep_from = decisions.len().saturating_sub(CACHED_DECISIONS);
                    PromptCache {
                        mentor: m.mentor.to_string(),
                        mentee: m.mentee.to_string(),
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
                programme: &m.programme,
                mentee_first_name: mentee_first,
                mentor_name: &pair.mentor.name,
                cadence: &m.cadence,
                seq: *seq,
                questions: questions_for(settings.questions_of(&m.programme), *seq),
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
            // The first prompt sent in a month brings the recap of the month before (due now:
            // the next run sends it, once, like any item; a skipped prompt leaves it to the next).
            if settings.recaps_for(&m.programme)
                && let Some(month) = month_closed_by(now, *last_sent, &tz)
            {
                also.push(at(now, Task::Recap { month }));
            }
            if unanswered_now == ALERT_AFTER {
                also.push(at(
                    now,
                    Task::MentorAlert {
                        unanswered: unanswered_now,
                    },
                ));
            }
            Plan {
                kind: if nudge {
                    MailKind::Nudge
                } else {
                    MailKind::Prompt
                },
                mail: render::prompt(&view),
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
                programme: &m.programme,
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
                kind: MailKind::GoalReminder,
                mail: render::goal_reminder(&view),
                about: Some(TokenAbout::Goal(goal_id.clone())),
                next_if_sent: next.clone(),
                next_if_not_sent: next,
                also_if_sent: Vec::new(),
            }
        }
        Task::Kickoff => Plan {
            kind: MailKind::Kickoff,
            mail: render::kickoff(
                &m.programme,
                mentee_first,
                &pair.mentor.name,
                &m.cadence,
                &open_goal_lines(&repo.goals(&m.id).await?),
            ),
            about: Some(TokenAbout::Kickoff),
            next_if_sent: None,
            next_if_not_sent: None,
            also_if_sent: Vec::new(),
        },
        Task::MentorAlert { unanswered } => Plan {
            kind: MailKind::MentorAlert,
            mail: render::mentor_alert(
                &m.programme,
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
            let mentor_tz = pair.mentor.time_zone.tz();
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
                kind: MailKind::Digest,
                mail: render::digest(&view),
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
            decision_id,
            decision,
            decided_at,
            days,
        } => Plan {
            kind: MailKind::DecisionFollowUp,
            mail: render::decision_follow_up(
                &m.programme,
                mentee_first,
                decision,
                decided_at.to_zoned_datetime(tz.clone()).date(),
                *days,
            ),
            // A reply is the decision's outcome (and a reflection outside the prompt sequence).
            about: Some(TokenAbout::Decision(decision_id.clone())),
            next_if_sent: None,
            next_if_not_sent: None,
            also_if_sent: Vec::new(),
        },
        Task::Recap { month } => Plan {
            kind: MailKind::Recap,
            mail: render::recap(&recap_view(repo, pair, *month, now).await?),
            // A reply is a reflection outside the prompt sequence.
            about: Some(TokenAbout::Prompt(0)),
            next_if_sent: None,
            next_if_not_sent: None,
            also_if_sent: Vec::new(),
        },
        Task::ProgrammeSummary { .. } => {
            return Err(StoreError::Invalid(format!(
                "programme summary planned as mail of mentorship {}",
                m.id
            )));
        }
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

/// The pair's open goals as mail lists them.
fn open_goal_lines(goals: &[Goal]) -> Vec<GoalLine> {
    goals
        .iter()
        .filter(|g| g.is_open())
        .map(|g| GoalLine {
            title: g.title.clone(),
            target: g.target,
        })
        .collect()
}

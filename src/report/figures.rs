//! The figures of a [`Report`] from the pairs' histories.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::{
    ActionItems, AtRisk, CohortWeeks, Decisions, GoalMonth, Goals, HabitShare, Habits,
    MentorActivity, Report, Response, Scope, States, Week, ratio,
};
use crate::domain::entry::Answer;
use crate::domain::feedback::ItemStatus;
use crate::domain::task::NUDGE_AFTER;
use crate::domain::task::unanswered_now;
use crate::domain::{EntryBody, GoalStatus, MailKind, PairStatus, SendOutcome};
use crate::mail::capture::{self, Answered, Context, Habit};
use crate::store::repo::PairHistory;

/// A pair whose mentor has sent no notes for this long is at risk.
const NOTES_WITHIN_DAYS: i64 = 30;

/// The name under which pairs without a cohort are counted.
pub const NO_COHORT: &str = "(no cohort)";

/// The UTC day of `at`.
fn day(at: Timestamp) -> Date {
    at.to_zoned_datetime(TimeZone::UTC).date()
}

/// The Monday of `at`'s week (UTC).
fn monday(at: Timestamp) -> Date {
    week_start(day(at))
}

/// The Monday of `date`'s week.
fn week_start(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(Span::new().days(back)).unwrap_or(date)
}

/// Counts of one week.
#[derive(Default, Clone, Copy)]
struct Tally {
    prompts: u32,
    replies: u32,
    /// Prompts replied to, counted in the week of their first reply.
    answered: u32,
}

fn weeks_of(tallies: &BTreeMap<Date, Tally>, first: Date, last: Date) -> Vec<Week> {
    let mut weeks = Vec::new();
    let mut week = first;
    while week <= last {
        let t = tallies.get(&week).copied().unwrap_or_default();
        weeks.push(Week {
            week,
            prompts_sent: t.prompts,
            replies: t.replies,
            answered: t.answered,
            rate: ratio(t.answered, t.prompts),
        });
        match week.checked_add(Span::new().days(7)) {
            Ok(next) => week = next,
            Err(_) => break,
        }
    }
    weeks
}

fn in_scope(history: &PairHistory, scope: &Scope) -> bool {
    let m = &history.mentorship;
    scope.programme.as_ref().is_none_or(|p| *p == m.programme)
        && (scope.cohort.is_none() || scope.cohort == m.cohort)
}

/// Which habits a reflection touches: what the capture finds in it, or an answer written under a
/// question of the habit; an answer to a decision's follow-up touches decisions.
fn habits_of(text: &str, answers: &[Answer], follow_up: bool, goals: &[String]) -> [bool; 4] {
    let answered: Vec<Answered<'_>> = answers
        .iter()
        .map(|a| Answered {
            question: &a.question,
            answer: &a.answer,
        })
        .collect();
    let found = capture::capture(
        text,
        "reply_text",
        &Context {
            habit: None,
            answered,
            goals,
        },
    );
    let answers_habit = |habit: Habit| {
        answers.iter().any(|a| {
            !a.answer.trim().is_empty() && capture::habit_of_question(&a.question) == Some(habit)
        })
    };
    [
        !found.goal_progress.is_empty() || answers_habit(Habit::Expectations),
        !found.feedback.is_empty() || answers_habit(Habit::Feedback),
        !found.decisions.is_empty() || follow_up || answers_habit(Habit::Decisions),
        !found.experiences.is_empty() || answers_habit(Habit::Exposure),
    ]
}

/// The figures of the pairs of `histories` that `scope` covers, as of `now`.
pub fn compute(histories: &[PairHistory], scope: &Scope, now: Timestamp) -> Report {
    let since = scope.since;
    let counts = |at: Timestamp| since.is_none_or(|s| day(at) >= s);
    let today = day(now);
    let mut overall: BTreeMap<Date, Tally> = BTreeMap::new();
    let mut cohorts: BTreeMap<String, BTreeMap<Date, Tally>> = BTreeMap::new();
    let mut states = States::default();
    let mut at_risk = Vec::new();
    let mut goals = Goals::default();
    let mut goal_months: BTreeMap<String, GoalMonth> = BTreeMap::new();
    let mut items = ActionItems::default();
    let mut habit_counts = [0u32; 4];
    let mut reflections = 0u32;
    let mut decisions = Decisions::default();
    let mut mentors: BTreeMap<String, MentorActivity> = BTreeMap::new();
    let mut pairs = 0;

    for h in histories.iter().filter(|h| in_scope(h, scope)) {
        pairs += 1;
        let m = &h.mentorship;
        let cohort = cohorts
            .entry(m.cohort.clone().unwrap_or_else(|| NO_COHORT.into()))
            .or_default();
        let mentor = mentors
            .entry(m.mentor.to_string())
            .or_insert_with(|| MentorActivity {
                mentor: m.mentor.to_string(),
                name: h
                    .mentor
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                pairs: 0,
                notes: 0,
                digests: 0,
            });
        mentor.pairs += 1;

        for sent in h.sent.iter().filter(|s| counts(s.sent_at)) {
            if !matches!(sent.outcome, SendOutcome::Sent { .. }) {
                continue;
            }
            match sent.kind {
                MailKind::Prompt | MailKind::Nudge => {
                    let week = monday(sent.sent_at);
                    overall.entry(week).or_default().prompts += 1;
                    cohort.entry(week).or_default().prompts += 1;
                }
                MailKind::Digest => mentor.digests += 1,
                MailKind::DecisionFollowUp => decisions.follow_ups_sent += 1,
                _ => {}
            }
        }

        let titles: Vec<String> = h.goals.iter().map(|g| g.title.clone()).collect();
        let mut last_note = None;
        let mut answered = std::collections::BTreeSet::new();
        for entry in &h.entries {
            match &entry.body {
                EntryBody::Reflection {
                    prompt,
                    text,
                    answers,
                    decision,
                } => {
                    if !counts(entry.at) {
                        continue;
                    }
                    let first = answered.insert(*prompt);
                    for tally in [
                        overall.entry(monday(entry.at)).or_default(),
                        cohort.entry(monday(entry.at)).or_default(),
                    ] {
                        tally.replies += 1;
                        tally.answered += u32::from(first);
                    }
                    reflections += 1;
                    let touched = habits_of(text, answers, decision.is_some(), &titles);
                    for (count, touched) in habit_counts.iter_mut().zip(touched) {
                        *count += u32::from(touched);
                    }
                }
                EntryBody::Feedback { .. } => {
                    last_note = last_note.max(Some(entry.at));
                    if counts(entry.at) {
                        mentor.notes += 1;
                    }
                }
            }
        }

        for d in h.decisions.iter().filter(|d| counts(d.decided_at)) {
            decisions.logged += 1;
            decisions.followed_up += u32::from(!d.outcomes.is_empty());
        }

        for goal in &h.goals {
            let overdue = goal.is_open() && goal.target.is_some_and(|t| t < today);
            match goal.status {
                GoalStatus::Open if overdue => goals.overdue += 1,
                GoalStatus::Open => goals.open += 1,
                GoalStatus::Done => goals.done += 1,
                GoalStatus::Dropped => goals.dropped += 1,
            }
            let Some(target) = goal.target else {
                goals.without_target += u32::from(goal.status != GoalStatus::Dropped);
                continue;
            };
            if goal.status == GoalStatus::Dropped {
                continue;
            }
            let month = target.strftime("%Y-%m").to_string();
            let row = goal_months
                .entry(month.clone())
                .or_insert_with(|| GoalMonth {
                    month,
                    open: 0,
                    done: 0,
                    overdue: 0,
                });
            match goal.status {
                GoalStatus::Done => row.done += 1,
                _ if overdue => row.overdue += 1,
                _ => row.open += 1,
            }
        }

        for item in &h.items {
            match item.status {
                ItemStatus::Open => items.open += 1,
                ItemStatus::Done | ItemStatus::Dropped => items.closed += 1,
            }
        }

        let status = PairStatus::of(m.active, [h.mentor.as_ref(), h.mentee.as_ref()]);
        let unanswered = unanswered_now(h.prompt.as_ref().map(|p| &p.task), h.last_reply);
        match status {
            PairStatus::Active if unanswered >= NUDGE_AFTER => states.quiet += 1,
            PairStatus::Active => states.active += 1,
            PairStatus::Paused => states.paused += 1,
            PairStatus::Stopped => states.stopped += 1,
            PairStatus::Bouncing => states.bouncing += 1,
            PairStatus::Ended => states.ended += 1,
        }
        if status == PairStatus::Active {
            let month_ago = now
                .checked_sub(Span::new().hours(24 * NOTES_WITHIN_DAYS))
                .unwrap_or(now);
            let mut reasons = Vec::new();
            if unanswered >= NUDGE_AFTER {
                reasons.push(format!("{unanswered} unanswered prompts"));
            }
            // A pair younger than a month has not had time to be silent.
            if m.created_at < month_ago && last_note.is_none_or(|n| n < month_ago) {
                reasons.push("no notes for a month".to_string());
            }
            if !reasons.is_empty() {
                at_risk.push(AtRisk {
                    mentorship_id: m.id.clone(),
                    mentor: m.mentor.to_string(),
                    mentee: m.mentee.to_string(),
                    cohort: m.cohort.clone(),
                    unanswered,
                    last_reply: h.last_reply,
                    last_note,
                    last_activity: h.last_reply.max(last_note),
                    reasons,
                });
            }
        }
    }

    // The weeks run from `since` (or the first with activity) to this one.
    let first = since
        .map(week_start)
        .or_else(|| overall.keys().next().copied());
    let weeks = |tallies: &BTreeMap<Date, Tally>| match first {
        Some(first) => weeks_of(tallies, first, monday(now).max(first)),
        None => Vec::new(),
    };
    let total = |tallies: &BTreeMap<Date, Tally>| {
        tallies.values().fold(Tally::default(), |sum, t| Tally {
            prompts: sum.prompts + t.prompts,
            replies: sum.replies + t.replies,
            answered: sum.answered + t.answered,
        })
    };
    let all = total(&overall);
    let response = Response {
        prompts_sent: all.prompts,
        replies: all.replies,
        answered: all.answered,
        rate: ratio(all.answered, all.prompts),
        weeks: weeks(&overall),
        cohorts: cohorts
            .iter()
            .map(|(name, tallies)| {
                let t = total(tallies);
                CohortWeeks {
                    cohort: name.clone(),
                    prompts_sent: t.prompts,
                    replies: t.replies,
                    answered: t.answered,
                    rate: ratio(t.answered, t.prompts),
                    weeks: weeks(tallies),
                }
            })
            .collect(),
    };
    // The most silent first.
    at_risk.sort_by(|a: &AtRisk, b: &AtRisk| {
        (a.last_activity, &a.mentee).cmp(&(b.last_activity, &b.mentee))
    });
    goals.by_month = goal_months.into_values().collect();
    let share = |n: u32| HabitShare {
        reflections: n,
        share: ratio(n, reflections),
    };
    Report {
        generated_at: now,
        scope: scope.clone(),
        pairs,
        response,
        states,
        at_risk,
        goals,
        action_items: items,
        habits: Habits {
            reflections,
            goals: share(habit_counts[0]),
            feedback: share(habit_counts[1]),
            decisions: share(habit_counts[2]),
            experiences: share(habit_counts[3]),
        },
        decisions,
        mentors: mentors.into_values().collect(),
    }
}

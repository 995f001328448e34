//! The mentor's digest: what the mentee reflected, goal status, decisions and what needs the
//! mentor's attention since the last digest.

use jiff::Timestamp;

use super::ScheduleSettings;
use super::pair::Pair;
use crate::domain::entry::Answer;
use crate::domain::{Decision, EntryBody, EventKind, GoalStatus, Scheduled, Task};
use crate::mail::render::DigestView;
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

pub async fn digest_view<S: Store>(
    repo: &Repo<S>,
    settings: &ScheduleSettings,
    pair: &Pair,
    since: Option<Timestamp>,
    session: Option<jiff::civil::Date>,
    now: Timestamp,
) -> Result<DigestView, StoreError> {
    let m = &pair.mentorship;
    let tz = pair.mentor.time_zone.tz();
    let since_at = since.unwrap_or(m.created_at);
    let local = |t: Timestamp| t.to_zoned_datetime(tz.clone()).date();
    let entries: Vec<_> = repo
        .timeline(&m.id)
        .await?
        .into_iter()
        .filter(|e| e.at > since_at && e.at <= now)
        .collect();
    let files = super::digest_files::file_links(settings, &m.id, &entries);
    let reflections = entries
        .into_iter()
        .filter_map(|e| match e.body {
            EntryBody::Reflection { text, answers, .. } => {
                let mut all = text;
                for Answer {
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
    let all_decisions = repo.decisions(&m.id).await?;
    let decisions = all_decisions
        .iter()
        .filter(|d| d.decided_at > since_at)
        .map(|d| (local(d.decided_at), d.text.clone()))
        .collect();
    let reviews = reviews(
        &all_decisions,
        &repo.schedule(&m.id).await?,
        since_at,
        now,
        &local,
    );
    let mut item_changes = Vec::new();
    for event in repo.events(&m.id).await? {
        if event.at <= since_at {
            continue;
        }
        match event.kind {
            EventKind::ItemDone | EventKind::ItemDropped | EventKind::ItemMoved => {
                item_changes.push(event.detail.clone());
            }
            EventKind::ItemNotMatched => open_items.push(format!(
                "{} wrote \"{}\", which matched no single open action item, so nothing was \
                 closed: reply with its number (\"done 2\") to close it",
                pair.mentee.first_name(),
                event.detail
            )),
            _ => {}
        }
        if event.kind.is_withdrawal() {
            open_items.push(
                format!(
                    "{} asked to {} {}",
                    pair.mentee.first_name(),
                    event.kind,
                    event.detail
                )
                .trim()
                .to_string(),
            );
        }
    }
    Ok(DigestView {
        programme: pair.mentorship.programme.clone(),
        mentor_first_name: pair.mentor.first_name().to_string(),
        mentee_name: pair.mentee.name.clone(),
        cadence: m.cadence.clone(),
        since: since.map(local),
        session,
        before_session: false,
        reflections,
        goals,
        decisions,
        reviews,
        open_items,
        action_items: repo
            .open_items(&m.id)
            .await?
            .into_iter()
            .map(|i| {
                let due = i
                    .due
                    .map(|d| format!(" (due {})", d.strftime("%a %-d %b")))
                    .unwrap_or_default();
                (i.number.unwrap_or_default(), format!("{}{due}", i.text))
            })
            .collect(),
        item_changes,
        files,
        notes_address: settings
            .token_key
            .personal_notes_address(&pair.mentor.email, &settings.domain),
    })
}

/// How far ahead the digest looks for decisions coming up for review.
const REVIEW_HORIZON_DAYS: i64 = 7;

/// Decisions whose follow-up falls in the coming week, and outcomes recorded since `since`.
fn reviews(
    decisions: &[Decision],
    schedule: &[Scheduled],
    since: Timestamp,
    now: Timestamp,
    local: &impl Fn(Timestamp) -> jiff::civil::Date,
) -> Vec<String> {
    let horizon = now
        .checked_add(jiff::SignedDuration::from_hours(24 * REVIEW_HORIZON_DAYS))
        .unwrap_or(now);
    let mut lines = Vec::new();
    for d in decisions {
        let decided = local(d.decided_at).strftime("%-d %b");
        for s in schedule {
            if let Task::DecisionFollowUp {
                decision_id, days, ..
            } = &s.task
                && *decision_id == d.id
                && s.due_at <= horizon
            {
                lines.push(format!(
                    "\"{}\" (decided {decided}) is up for its {days}-day review on {}",
                    d.text,
                    local(s.due_at).strftime("%a %-d %b")
                ));
            }
        }
        for o in d.outcomes.iter().filter(|o| o.at > since && o.at <= now) {
            lines.push(format!(
                "what came of \"{}\" (decided {decided}): {}",
                d.text, o.text
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Outcome;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_follow_up_due_this_week_and_a_new_outcome_are_up_for_review() {
        let decision = |id: &str, text: &str| Decision {
            id: id.into(),
            mentorship_id: "m1".into(),
            text: text.into(),
            decided_at: ts("2026-11-02T12:00:00Z"),
            outcomes: Vec::new(),
        };
        let mut answered = decision("d1", "drop the enterprise tier");
        answered.outcomes.push(Outcome {
            at: ts("2026-12-02T18:00:00Z"),
            message_id: "m".into(),
            text: "two deals closed faster".into(),
        });
        let pending = decision("d2", "hire a designer");
        let follow_up = |id: &str, due: &str| Scheduled {
            mentorship_id: "m1".into(),
            due_at: ts(due),
            task: Task::DecisionFollowUp {
                decision_id: id.into(),
                decision: String::new(),
                decided_at: ts("2026-11-02T12:00:00Z"),
                days: 30,
            },
        };
        let schedule = [
            follow_up("d2", "2026-12-09T09:00:00Z"),
            follow_up("d1", "2027-01-31T09:00:00Z"),
        ];
        let local = |t: Timestamp| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
        let lines = reviews(
            &[answered, pending],
            &schedule,
            ts("2026-11-29T16:00:00Z"),
            ts("2026-12-06T16:00:00Z"),
            &local,
        );
        assert_eq!(
            lines,
            [
                "what came of \"drop the enterprise tier\" (decided 2 Nov): two deals closed faster",
                "\"hire a designer\" (decided 2 Nov) is up for its 30-day review on Wed 9 Dec",
            ]
        );
    }
}

//! The mentor's digest: what the mentee reflected, goal status, decisions and what needs the
//! mentor's attention since the last digest.

use jiff::Timestamp;

use super::ScheduleSettings;
use super::pair::Pair;
use crate::domain::entry::Answer;
use crate::domain::{EntryBody, GoalStatus};
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
    let reflections = repo
        .timeline(&m.id)
        .await?
        .into_iter()
        .filter(|e| e.at > since_at && e.at <= now)
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
    let decisions = repo
        .decisions(&m.id)
        .await?
        .into_iter()
        .filter(|d| d.decided_at > since_at)
        .map(|d| (local(d.decided_at), d.text))
        .collect();
    for event in repo.events(&m.id).await? {
        if event.at > since_at && event.kind.is_withdrawal() {
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
        notes_address: settings
            .token_key
            .personal_notes_address(&pair.mentor.email, &settings.domain),
    })
}

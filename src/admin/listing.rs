//! Who is paired with whom, and how each pair and person is doing: the admin's `pairs` and
//! `people` listings, filtered by programme, cohort and status.
//!
//! Both start from the pair directory (one query, paged, instead of a table scan). On DynamoDB
//! a listing then costs, per pair, five keys of a `BatchGetItem` (the two people, the last
//! reply, the next prompt: 100 keys a request) and two `Query`s (goals, open items), eight
//! requests in flight; `people` needs only the directory and the people (two keys a pair).

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

pub use crate::domain::PairStatus;
use crate::domain::{Email, Person, PersonStatus, Task};
use crate::mail_out::NUDGE_AFTER;
use crate::store::repo::{PairState, Repo};
use crate::store::{Store, StoreError};

/// One pair of a `pairs` listing (the JSON contract of `pairs --json`).
#[derive(Debug, Clone, Serialize)]
pub struct PairSummary {
    pub mentorship_id: String,
    pub mentor: String,
    pub mentor_name: String,
    pub mentee: String,
    pub mentee_name: String,
    pub programme: String,
    pub cohort: Option<String>,
    pub status: PairStatus,
    /// `weekly:mon`, as the CLI and a cohort file write it.
    pub cadence: String,
    /// Local time of prompts in the mentee's zone (`09:00`).
    pub at: String,
    pub time_zone: String,
    pub last_reply: Option<Timestamp>,
    pub next_prompt: Option<Timestamp>,
    pub open_goals: usize,
    pub open_items: usize,
    /// Prompts unanswered in a row (counting the last one sent when no reply came after it).
    pub unanswered: u32,
    /// The mentee has left enough prompts unanswered that the next is a nudge (or the mentor
    /// has been told).
    pub quiet: bool,
}

/// What narrows a `pairs` listing; `None` lets everything through.
#[derive(Debug, Clone, Default)]
pub struct PairFilter {
    pub programme: Option<String>,
    pub cohort: Option<String>,
    pub status: Option<PairStatus>,
    /// Only pairs that have gone quiet.
    pub quiet: bool,
}

/// Prompts unanswered in a row now: the count the next prompt would carry.
fn unanswered(prompt: Option<&Task>, last_reply: Option<Timestamp>) -> u32 {
    crate::domain::task::unanswered_now(prompt, last_reply)
}

fn summary(state: PairState) -> PairSummary {
    let m = &state.mentorship;
    let unanswered = unanswered(state.prompt.as_ref().map(|p| &p.task), state.last_reply);
    let name = |p: &Option<Person>| p.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    PairSummary {
        mentorship_id: m.id.clone(),
        mentor: m.mentor.to_string(),
        mentor_name: name(&state.mentor),
        mentee: m.mentee.to_string(),
        mentee_name: name(&state.mentee),
        programme: m.programme.clone(),
        cohort: m.cohort.clone(),
        status: PairStatus::of(m.active, [state.mentor.as_ref(), state.mentee.as_ref()]),
        cadence: m.cadence.spec(),
        at: m.prompt_time.strftime("%H:%M").to_string(),
        time_zone: state
            .mentee
            .as_ref()
            .map(|p| p.time_zone.to_string())
            .unwrap_or_default(),
        last_reply: state.last_reply,
        next_prompt: state.prompt.as_ref().map(|p| p.due_at),
        open_goals: state.goals.iter().filter(|g| g.is_open()).count(),
        open_items: state.open_items.len(),
        unanswered,
        quiet: unanswered >= NUDGE_AFTER,
    }
}

/// The pairs that pass `filter`, ordered by programme, cohort, mentor and mentee.
pub async fn list_pairs<S: Store>(
    repo: &Repo<S>,
    filter: &PairFilter,
) -> Result<Vec<PairSummary>, StoreError> {
    let mentorships: Vec<_> = repo
        .all_mentorships()
        .await?
        .into_iter()
        .filter(|m| filter.programme.as_ref().is_none_or(|p| *p == m.programme))
        .filter(|m| filter.cohort.is_none() || filter.cohort == m.cohort)
        .collect();
    let mut pairs: Vec<PairSummary> = repo
        .pair_states(mentorships)
        .await?
        .into_iter()
        .map(summary)
        .filter(|p| filter.status.is_none_or(|s| s == p.status))
        .filter(|p| !filter.quiet || p.quiet)
        .collect();
    pairs.sort_by(|a, b| {
        (&a.programme, &a.cohort, &a.mentor, &a.mentee).cmp(&(
            &b.programme,
            &b.cohort,
            &b.mentor,
            &b.mentee,
        ))
    });
    Ok(pairs)
}

/// One person of a `people` listing.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    pub email: String,
    pub name: String,
    pub time_zone: String,
    pub status: PersonStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<jiff::civil::Date>,
    /// Why the mail provider changed the status (a bounce, a complaint).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_changed_at: Option<Timestamp>,
    /// How many pairs they mentor in, and are mentored in (ended pairs included).
    pub mentor_of: usize,
    pub mentee_of: usize,
}

/// Everyone in a pair, with status `status` when given, ordered by address.
pub async fn list_people<S: Store>(
    repo: &Repo<S>,
    status: Option<PersonStatus>,
) -> Result<Vec<PersonSummary>, StoreError> {
    let mut roles: BTreeMap<Email, (usize, usize)> = BTreeMap::new();
    for m in repo.all_mentorships().await? {
        roles.entry(m.mentor).or_default().0 += 1;
        roles.entry(m.mentee).or_default().1 += 1;
    }
    let emails: Vec<Email> = roles.keys().cloned().collect();
    let people = repo.people(&emails).await?;
    Ok(people
        .into_iter()
        .flatten()
        .filter(|p| status.is_none_or(|s| s == p.status))
        .map(|p| {
            let (mentor_of, mentee_of) = roles.get(&p.email).copied().unwrap_or_default();
            PersonSummary {
                email: p.email.to_string(),
                name: p.name,
                time_zone: p.time_zone.to_string(),
                status: p.status,
                paused_until: p.paused_until,
                status_reason: p.status_reason,
                status_changed_at: p.status_changed_at,
                mentor_of,
                mentee_of,
            }
        })
        .collect())
}

/// Rows of cells as a table with aligned columns (by characters, so that accented names line
/// up), the header first; no line ends in spaces.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let last = row.len().saturating_sub(1);
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i < last {
                let pad = widths[i] - cell.chars().count() + 2;
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        // An empty last cell leaves padding behind: no line ends in spaces.
        out.truncate(out.trim_end_matches(' ').len());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Zone;

    #[test]
    fn a_table_aligns_columns_by_characters() {
        let text = table(
            &["mentor", "status"],
            &[
                vec!["zoë@example.org".into(), "active".into()],
                vec!["al@x.org".into(), "paused".into()],
            ],
        );
        assert_eq!(
            text,
            "mentor           status\nzoë@example.org  active\nal@x.org         paused\n"
        );
    }

    #[test]
    fn a_pair_is_quiet_from_the_second_unanswered_prompt() {
        let sent: Timestamp = "2026-12-07T09:00:00Z".parse().unwrap();
        let prompt = |unanswered| Task::Prompt {
            seq: 3,
            unanswered,
            nudged: false,
            last_sent: Some(sent),
            cache: None,
        };
        let before: Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
        let after: Timestamp = "2026-12-08T09:00:00Z".parse().unwrap();
        assert_eq!(unanswered(Some(&prompt(1)), Some(before)), 2);
        assert_eq!(unanswered(Some(&prompt(1)), Some(after)), 0);
        assert_eq!(unanswered(Some(&prompt(0)), None), 1);
        assert_eq!(unanswered(None, None), 0);
    }

    #[test]
    fn the_pair_status_is_ended_or_the_most_serious_persons() {
        let person = |status| Person {
            status,
            ..Person::new(Email::normalised("a@x.org"), "A", Zone::utc())
        };
        let paused = person(PersonStatus::Paused);
        let bouncing = person(PersonStatus::Bouncing);
        let active = person(PersonStatus::Active);
        assert_eq!(
            PairStatus::of(true, [Some(&paused), Some(&bouncing)]),
            PairStatus::Bouncing
        );
        assert_eq!(
            PairStatus::of(true, [Some(&active), Some(&paused)]),
            PairStatus::Paused
        );
        assert_eq!(
            PairStatus::of(false, [Some(&active), Some(&active)]),
            PairStatus::Ended
        );
        assert_eq!(
            PairStatus::of(true, [Some(&active), None]),
            PairStatus::Active
        );
    }
}

//! Importing a cohort: a CSV file of pairs (see [`rows`]) enrolled in one go.
//!
//! Every row is checked before anything is written; a file with invalid rows imports nothing
//! unless the admin asks to skip them. Each valid row is compared with what is stored, so that
//! importing the same file again writes nothing and a changed row updates only its pair:
//!
//! - people keep their status (a paused mentee stays paused); a row sets their name and time
//!   zone. A mentor's zone is `mentor_time_zone` when the file gives it; otherwise a known
//!   mentor keeps theirs and a new one gets their mentee's (as `enrol` does);
//! - a pair keeps its creation time, its prompt sequence and whether it was ended; its prompt is
//!   moved only when its cadence, time or the mentee's zone changed;
//! - goals get ids derived from their titles, so a goal already imported is the same goal: a new
//!   date moves it (and its reminder), and nothing else of it (status, progress) is touched.
//!
//! Reads are batched (one `BatchGetItem` per 100 keys on DynamoDB). Writes go out in groups of
//! pairs, several groups in flight, as unconditional batched puts (`BatchWriteItem`, 25 a
//! request: half the write cost of transactions). They are not atomic, so each group is written
//! in three waves: first everything that nothing finds a pair by (people, goals, the pairing
//! index), then the mentorship records and their directory copies, then the schedule items. An import stopped
//! part-way leaves pairs without their mentorship record, which the next run of the same file
//! sees as new and writes whole; or (stopped in the last wave) pairs without their next prompt,
//! which it writes again (their kickoff, if it was not written yet, is then not sent). Until the mentorship record is there, the scheduler finds nothing of
//! the pair due, so it never takes a half-written pair for an ended one.

pub mod rows;

use std::collections::{BTreeMap, HashSet};

use futures_util::stream::{self, StreamExt as _};
use jiff::Timestamp;
use serde::Serialize;

pub use rows::{Cohort, CohortRow, Column, FileError, RowError, RowProblem, read_cohort};

use crate::domain::ids::{imported_goal_id, mentorship_id};
use crate::domain::initial_schedule::{first_goal_reminder, first_prompt, new_pair_items};
use crate::domain::{Email, Goal, GoalStatus, Mentorship, Person, Task, Zone};
use crate::store::records::keys;
use crate::store::repo::{CONCURRENT_REQUESTS, Changes, PairKeys, Repo, StoredPair};
use crate::store::{Store, StoreError};

/// Pairs whose writes go out together (a few hundred items, a dozen requests), and so the
/// steps of the progress bar.
const PAIRS_PER_GROUP: usize = 25;

/// The wave of an item in its group's writes (see the module's doc): schedule items last, the
/// mentorship records (the record and its directory copy) before them, all else first.
fn wave(item: &crate::store::Item) -> u8 {
    if item.due.is_some() {
        2
    } else if keys::is_mentorship_record(&item.key) {
        1
    } else {
        0
    }
}

/// What importing a row did (or, in a dry run, would do) to its pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// One imported row.
#[derive(Debug, Clone, Serialize)]
pub struct PairResult {
    pub line: u64,
    pub mentor: String,
    pub mentee: String,
    pub mentorship_id: String,
    pub outcome: Outcome,
}

/// What an import did: counts of pairs, rows skipped as invalid, and why.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub dry_run: bool,
    /// Whether anything was written (false for a dry run and for a file refused for its errors).
    pub written: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Invalid rows, left out.
    pub skipped: usize,
    pub errors: Vec<RowError>,
    pub pairs: Vec<PairResult>,
}

#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Check and compare, write nothing.
    pub dry_run: bool,
    /// Import the valid rows of a file that has invalid ones.
    pub skip_invalid: bool,
    /// Groups of pairs being written at once.
    pub concurrent_writes: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            skip_invalid: false,
            concurrent_writes: CONCURRENT_REQUESTS,
        }
    }
}

/// A person as the file states them.
struct FilePerson {
    name: String,
    /// The zone the file gives them (as a mentee, or a mentor's `mentor_time_zone`).
    zone: Option<Zone>,
    /// For a new mentor without a zone of their own: their first mentee's.
    fallback: Zone,
}

fn people_in(rows: &[CohortRow]) -> BTreeMap<Email, FilePerson> {
    let mut people: BTreeMap<Email, FilePerson> = BTreeMap::new();
    for row in rows {
        for (email, name, zone) in [
            (&row.mentor, &row.mentor_name, row.mentor_zone.as_ref()),
            (&row.mentee, &row.mentee_name, Some(&row.mentee_zone)),
        ] {
            let person = people.entry(email.clone()).or_insert_with(|| FilePerson {
                name: name.clone(),
                zone: None,
                fallback: row.mentee_zone.clone(),
            });
            if person.zone.is_none() {
                person.zone = zone.cloned();
            }
        }
    }
    people
}

/// A person as the import leaves them: the stored record with the file's name and zone.
fn person_as_imported(email: &Email, file: &FilePerson, stored: Option<&Person>) -> Person {
    let zone = file
        .zone
        .clone()
        .or_else(|| stored.map(|p| p.time_zone.clone()))
        .unwrap_or_else(|| file.fallback.clone());
    match stored {
        Some(old) => Person {
            name: file.name.clone(),
            time_zone: zone,
            ..old.clone()
        },
        None => Person::new(email.clone(), file.name.clone(), zone),
    }
}

/// The writes one row needs (none when it matches what is stored), and what they come to.
fn plan_row(
    row: &CohortRow,
    stored: &StoredPair,
    mentor: &Person,
    mentee: &Person,
    now: Timestamp,
    changes: &mut Changes,
) -> Outcome {
    let id = mentorship_id(&row.mentor, &row.mentee);
    let mentorship = match &stored.mentorship {
        Some(old) => Mentorship {
            programme: row.programme.clone(),
            cohort: row.cohort.clone(),
            cadence: row.cadence.clone(),
            prompt_time: row.at,
            ..old.clone()
        },
        None => Mentorship {
            cohort: row.cohort.clone(),
            ..Mentorship::new(
                row.mentor.clone(),
                row.mentee.clone(),
                row.programme.clone(),
                row.cadence.clone(),
                row.at,
                now,
            )
        },
    };
    let people_changed =
        stored.mentor.as_ref() != Some(mentor) || stored.mentee.as_ref() != Some(mentee);
    let mut changed = people_changed;
    if stored.mentorship.as_ref() != Some(&mentorship)
        || stored.listed.as_ref() != Some(&mentorship)
    {
        changes.mentorship(&mentorship);
        changed = true;
    }
    let timing_changed = match &stored.mentorship {
        Some(old) => {
            old.cadence != mentorship.cadence
                || old.prompt_time != mentorship.prompt_time
                || stored.mentee.as_ref().map(|p| &p.time_zone) != Some(&mentee.time_zone)
        }
        None => true,
    };
    if mentorship.active && (timing_changed || stored.prompt.is_none()) {
        let seq = match stored.prompt.as_ref().map(|p| &p.task) {
            Some(Task::Prompt { seq, .. }) => *seq,
            _ => 1,
        };
        let prompt = first_prompt(&mentorship, mentee, seq, now);
        changes.schedule(&prompt);
        if stored.mentorship.is_none() {
            for item in new_pair_items(&mentorship, mentor, mentee, prompt.due_at, now) {
                changes.schedule(&item);
            }
        }
        changed = true;
    }
    for (draft, stored_goal) in row.goals.iter().zip(&stored.goals) {
        let goal = match stored_goal {
            Some(old) if old.target == draft.target => continue,
            Some(old) => Goal {
                target: draft.target,
                ..old.clone()
            },
            None => Goal {
                id: imported_goal_id(&id, &draft.title),
                mentorship_id: id.clone(),
                title: draft.title.clone(),
                target: draft.target,
                status: GoalStatus::Open,
                created_at: now,
                progress: Vec::new(),
            },
        };
        changes.goal(&goal);
        if goal.is_open()
            && let Some(reminder) = first_goal_reminder(&goal, &mentorship, mentee, now)
        {
            changes.schedule(&reminder);
        }
        changed = true;
    }
    match (&stored.mentorship, changed) {
        (None, _) => Outcome::Created,
        (Some(_), true) => Outcome::Updated,
        (Some(_), false) => Outcome::Unchanged,
    }
}

/// Import the valid rows of `cohort` (all or nothing unless `skip_invalid`), calling
/// `progress` with the number of pairs done as each group lands.
pub async fn import_cohort<S: Store>(
    repo: &Repo<S>,
    cohort: Cohort,
    options: ImportOptions,
    now: Timestamp,
    progress: &dyn Fn(u64),
) -> Result<ImportSummary, StoreError> {
    let mut summary = ImportSummary {
        dry_run: options.dry_run,
        skipped: cohort.invalid_rows(),
        errors: cohort.errors,
        ..ImportSummary::default()
    };
    if !summary.errors.is_empty() && !options.skip_invalid {
        return Ok(summary);
    }
    let rows = cohort.rows;
    let keys: Vec<PairKeys> = rows
        .iter()
        .map(|row| {
            let id = mentorship_id(&row.mentor, &row.mentee);
            PairKeys {
                mentor: row.mentor.clone(),
                mentee: row.mentee.clone(),
                goal_ids: row
                    .goals
                    .iter()
                    .map(|g| imported_goal_id(&id, &g.title))
                    .collect(),
                mentorship_id: id,
            }
        })
        .collect();
    let stored = repo.stored_pairs(&keys).await?;

    let mut people: BTreeMap<Email, Person> = BTreeMap::new();
    let mut stored_people: BTreeMap<Email, Option<Person>> = BTreeMap::new();
    for (row, found) in rows.iter().zip(&stored) {
        let _ = stored_people
            .entry(row.mentor.clone())
            .or_insert_with(|| found.mentor.clone());
        let _ = stored_people
            .entry(row.mentee.clone())
            .or_insert_with(|| found.mentee.clone());
    }
    for (email, file) in people_in(&rows) {
        let old = stored_people.get(&email).and_then(Option::as_ref);
        let person = person_as_imported(&email, &file, old);
        let _ = people.insert(email, person);
    }

    // Each group: whole pairs, each person written once in the whole import.
    let mut batches: Vec<(Changes, u64)> = vec![(Changes::new(), 0)];
    let mut written_people: HashSet<Email> = HashSet::new();
    for ((row, found), key) in rows.iter().zip(&stored).zip(&keys) {
        let (mentor, mentee) = (&people[&row.mentor], &people[&row.mentee]);
        if batches
            .last()
            .is_some_and(|(_, pairs)| *pairs as usize >= PAIRS_PER_GROUP)
        {
            batches.push((Changes::new(), 0));
        }
        let (changes, pairs) = batches.last_mut().expect("one batch at least");
        let outcome = plan_row(row, found, mentor, mentee, now, changes);
        for (person, was) in [(mentor, &found.mentor), (mentee, &found.mentee)] {
            if was.as_ref() != Some(person) && written_people.insert(person.email.clone()) {
                changes.person(person);
            }
        }
        *pairs += 1;
        match outcome {
            Outcome::Created => summary.created += 1,
            Outcome::Updated => summary.updated += 1,
            Outcome::Unchanged => summary.unchanged += 1,
        }
        summary.pairs.push(PairResult {
            line: row.line,
            mentor: row.mentor.to_string(),
            mentee: row.mentee.to_string(),
            mentorship_id: key.mentorship_id.clone(),
            outcome,
        });
    }
    if options.dry_run {
        return Ok(summary);
    }
    let mut commits = stream::iter(batches)
        .map(|(changes, pairs)| async move {
            repo.put_all_in_waves(changes, wave).await.map(|()| pairs)
        })
        .buffer_unordered(options.concurrent_writes.max(1));
    while let Some(done) = commits.next().await {
        progress(done?);
    }
    summary.written = summary.created + summary.updated > 0;
    Ok(summary)
}

#[cfg(test)]
mod tests;

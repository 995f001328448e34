//! A mentor's own preferences: whether their forwarded notes are acknowledged by mail, and a
//! pause of their digests. Each change is recorded in the timeline of every pair they mentor.
//!
//! A digest pause moves the digest of each of their pairs to the pause's end (at its usual local
//! time): nothing in the send path has to know about it, and the first digest after the pause
//! covers all of it (its `since` is kept).

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::batches::Batches;
use super::pair_state::{ChangedBy, Rescheduled, StateError, move_items};
use crate::domain::feedback::MentorSettings;
use crate::domain::{Email, Person, Role, Task};
use crate::store::Store;
use crate::store::repo::{Changes, Repo};

async fn mentor<S: Store>(repo: &Repo<S>, email: &Email) -> Result<Person, StateError> {
    repo.person(email)
        .await?
        .ok_or_else(|| StateError::UnknownPerson(email.clone()))
}

/// Write `settings` and record `detail` in every pair `mentor` mentors.
async fn save<S: Store>(
    repo: &Repo<S>,
    mentor: &Email,
    settings: &MentorSettings,
    detail: String,
    by: ChangedBy,
    now: Timestamp,
) -> Result<(), StateError> {
    let mut changes = Changes::new();
    changes.mentor_settings(mentor, settings);
    let _ = repo.commit(changes).await?;
    let mut batches = Batches::new();
    for pairing in repo.pairings(mentor).await? {
        if pairing.role != Role::Mentor {
            continue;
        }
        let (event, id) = by.settings_event(now, detail.clone());
        batches.add(|c| {
            c.event(&pairing.mentorship_id, &event, &id);
        });
    }
    batches.commit(repo).await?;
    Ok(())
}

/// Turn the acknowledgements of `mentor`'s forwarded notes on or off.
pub async fn set_acknowledgements<S: Store>(
    repo: &Repo<S>,
    mentor: &Email,
    on: bool,
    by: ChangedBy,
    now: Timestamp,
) -> Result<MentorSettings, StateError> {
    let mut settings = repo.mentor_settings(mentor).await?;
    if settings.acknowledge_notes == on {
        return Ok(settings);
    }
    settings.acknowledge_notes = on;
    let detail = format!(
        "mentor {mentor}: acknowledgements of notes {}",
        if on { "on" } else { "off" }
    );
    save(repo, mentor, &settings, detail, by, now).await?;
    Ok(settings)
}

/// `time` on `day` in `tz`.
fn local_at(day: Date, time: Time, tz: &TimeZone) -> Timestamp {
    day.to_datetime(time)
        .to_zoned_datetime(tz.clone())
        .map_or(Timestamp::MAX, |z| z.timestamp())
}

/// Pause `mentor`'s digests until `until` (their local date; after today), or resume paused
/// digests (`None`): each then comes at its usual time of day within a day, covering the pause,
/// and weekly from there.
pub async fn pause_digests<S: Store>(
    repo: &Repo<S>,
    mentor_email: &Email,
    until: Option<Date>,
    by: ChangedBy,
    now: Timestamp,
) -> Result<(MentorSettings, Rescheduled), StateError> {
    let person = mentor(repo, mentor_email).await?;
    let tz = person.time_zone.tz();
    let today = now.to_zoned_datetime(tz.clone()).date();
    if let Some(until) = until.filter(|u| *u <= today) {
        return Err(StateError::Invalid(format!(
            "a pause of digests ends after today ({until} is not after {today})"
        )));
    }
    let mut settings = repo.mentor_settings(mentor_email).await?;
    let was = settings.digests_paused_until;
    settings.digests_paused_until = until;
    let detail = match until {
        Some(until) => format!("mentor {mentor_email}: digests paused until {until}"),
        None => format!("mentor {mentor_email}: digests resumed"),
    };
    if was.is_none() && until.is_none() {
        // Not paused: resuming must not pull the next digest forward.
        return Ok((settings, Rescheduled::default()));
    }
    if was != until {
        save(repo, mentor_email, &settings, detail, by, now).await?;
    }
    let mut rescheduled = Rescheduled::default();
    for pairing in repo.pairings(mentor_email).await? {
        if pairing.role != Role::Mentor {
            continue;
        }
        let moved = move_items(repo, &pairing.mentorship_id, |item| {
            if !matches!(item.task, Task::Digest { .. }) {
                return None;
            }
            let time = item.due_at.to_zoned_datetime(tz.clone()).time();
            match until {
                Some(until) => Some(local_at(until, time, &tz)),
                None => {
                    // The next time of day it usually comes, if it is due later than that.
                    let mut next = local_at(today, time, &tz);
                    if next <= now {
                        next = local_at(today.saturating_add(1.day()), time, &tz);
                    }
                    (item.due_at > next).then_some(next)
                }
            }
        })
        .await?;
        rescheduled.moved.extend(moved.moved);
        rescheduled.in_flight.extend(moved.in_flight);
    }
    Ok((settings, rescheduled))
}

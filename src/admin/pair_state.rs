//! An admin's changes to a pair's state: end it, change its cadence, prompt time or the
//! mentee's time zone, and change anyone's time zone (a mentor's own, for their digests). What
//! is scheduled moves with the change: each item is replaced in its slot only while no run holds
//! it, so nothing is sent twice and nothing is lost.

use jiff::Timestamp;
use jiff::civil::Time;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::batches::Batches;
use super::lookup::{LookupError, find_mentorship};
use crate::domain::ids::random_id;
use crate::domain::reschedule::{follows_prompt_time, prompt_after_change, rezoned};
use crate::domain::{
    Cadence, Email, Event, EventKind, Mentorship, Person, Role, Scheduled, Task, Zone,
};
use crate::store::repo::{Changes, Committed, Held, Repo};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error(transparent)]
    NotAnEmail(#[from] crate::domain::email::NotAnEmail),
    #[error(transparent)]
    UnknownZone(#[from] crate::domain::zone::UnknownZone),
    #[error("{0} is not enrolled")]
    UnknownPerson(Email),
    #[error("the pair of {0} has ended; enrol it again to restart it")]
    Ended(Email),
    #[error("nothing to change: give --cadence, --at or --time-zone")]
    NothingToChange,
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Write `person` as changed from `read`, only if nobody changed their status since it was read
/// (a bounce report, their own mail): otherwise the admin is asked to run the command again.
pub async fn write_person<S: Store>(
    repo: &Repo<S>,
    person: &Person,
    read: &Person,
) -> Result<(), StateError> {
    let mut changes = Changes::new();
    changes.person_changed(person, read);
    match repo.commit(changes).await? {
        Committed::Written => Ok(()),
        Committed::Duplicate => Err(StateError::Invalid(format!(
            "the profile of {} changed while this command ran; run it again",
            person.email
        ))),
    }
}

/// A timeline event of an admin's change, with an id of its own (several may fall in a second).
pub fn admin_event(at: Timestamp, kind: EventKind, detail: String) -> (Event, String) {
    change_event(at, kind, detail, "admin")
}

fn change_event(at: Timestamp, kind: EventKind, detail: String, prefix: &str) -> (Event, String) {
    let event = Event {
        at,
        message_id: String::new(),
        kind,
        detail,
    };
    // Sub-second time first: events of one second keep their order in the timeline.
    let id = format!("{prefix}-{:09}-{}", at.subsec_nanosecond(), random_id());
    (event, id)
}

/// Who made a change of settings: the timeline records it as theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangedBy {
    /// An admin, from the CLI.
    Admin,
    /// The person themselves, on the preferences page behind their mail's link.
    PreferencesPage,
}

impl ChangedBy {
    /// The event of a change of settings (schedule, time zone, mentor preferences).
    pub fn settings_event(self, at: Timestamp, detail: String) -> (Event, String) {
        match self {
            ChangedBy::Admin => admin_event(at, EventKind::Admin, detail),
            ChangedBy::PreferencesPage => {
                change_event(at, EventKind::Preferences, detail, "preferences")
            }
        }
    }

    /// The event of a pause, resume or stop (`kind`) made for the person.
    pub fn event(self, at: Timestamp, kind: EventKind, detail: String) -> (Event, String) {
        match self {
            ChangedBy::Admin => admin_event(at, kind, detail),
            ChangedBy::PreferencesPage => change_event(at, kind, detail, "preferences"),
        }
    }

    /// How a pause, resume or stop made for the person is marked in its event.
    pub fn mark(self) -> &'static str {
        match self {
            ChangedBy::Admin => "(by an admin)",
            ChangedBy::PreferencesPage => "(on the preferences page)",
        }
    }
}

/// A schedule item moved to a new due time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MovedItem {
    pub mentorship_id: String,
    /// The kind of mail (`prompt`, `digest`, ...).
    pub what: String,
    pub from: Timestamp,
    pub to: Timestamp,
}

/// What a change did to the schedule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rescheduled {
    pub moved: Vec<MovedItem>,
    /// Items a scheduler run held at the time (being sent right now): left alone; the next one
    /// after them follows the new settings.
    pub in_flight: Vec<String>,
}

impl Rescheduled {
    fn extend(&mut self, other: Rescheduled) {
        self.moved.extend(other.moved);
        self.in_flight.extend(other.in_flight);
    }
}

/// Move the items of mentorship `id` that `due` gives a new time for, each only while no run
/// holds it (a fresh read of each, then a write conditional on its place in the due index).
pub(crate) async fn move_items<S: Store>(
    repo: &Repo<S>,
    id: &str,
    due: impl Fn(&Scheduled) -> Option<Timestamp>,
) -> Result<Rescheduled, StoreError> {
    let mut done = Rescheduled::default();
    for listed in repo.schedule(id).await? {
        let slot = listed.task.slot();
        let Some(current) = repo.scheduled_at(id, &slot).await? else {
            continue;
        };
        let Some(to) = due(&current.scheduled).filter(|to| *to != current.scheduled.due_at) else {
            continue;
        };
        let what = current.scheduled.task.kind().to_string();
        if current.is_claimed() {
            done.in_flight.push(what);
            continue;
        }
        let next = Scheduled {
            due_at: to,
            ..current.scheduled.clone()
        };
        match repo.replace_scheduled(Some(&current), &next).await? {
            Held::Done => done.moved.push(MovedItem {
                mentorship_id: id.to_string(),
                what,
                from: current.scheduled.due_at,
                to,
            }),
            Held::Raced => done.in_flight.push(what),
        }
    }
    Ok(done)
}

/// The mentee's side of `mentorship` after its cadence, prompt time or the mentee's zone
/// changed: the prompt goes to the first slot of the new settings, as on enrolment, but not on a
/// day a prompt already went out (see [`prompt_after_change`]); goal
/// reminders and decision follow-ups keep their local date at the new time and zone.
async fn reschedule_mentee_side<S: Store>(
    repo: &Repo<S>,
    mentorship: &Mentorship,
    old_time: Time,
    old_zone: &TimeZone,
    new_zone: &TimeZone,
    now: Timestamp,
) -> Result<Rescheduled, StoreError> {
    move_items(repo, &mentorship.id, |item| match &item.task {
        Task::Prompt { last_sent, .. } => Some(prompt_after_change(
            &mentorship.cadence,
            mentorship.prompt_time,
            new_zone,
            *last_sent,
            now,
        )),
        task if follows_prompt_time(task)
            && (old_time != mentorship.prompt_time || old_zone != new_zone) =>
        {
            Some(rezoned(
                item.due_at,
                old_zone,
                new_zone,
                Some(mentorship.prompt_time),
                now,
            ))
        }
        _ => None,
    })
    .await
}

/// What ending a pair did.
#[derive(Debug, Clone, Serialize)]
pub struct Ended {
    pub mentorship: Mentorship,
    /// `false`: it had ended before; nothing written.
    pub ended_now: bool,
    /// Schedule items removed.
    pub unscheduled: usize,
}

/// End the pair of `mentee` (with `mentor`): marked ended first (the scheduler drops whatever
/// of it falls due), then every schedule item removed. Its records stay.
pub async fn end_pair<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
    now: Timestamp,
) -> Result<Ended, StateError> {
    let (mut mentorship, _) = find_mentorship(repo, mentee, mentor).await?;
    let schedule = repo.schedule(&mentorship.id).await?;
    let ended_now = mentorship.active;
    if ended_now {
        mentorship.active = false;
        let (event, id) = admin_event(now, EventKind::Admin, "ended the pair".into());
        let mut ended = Batches::new();
        ended.add(|c| {
            c.mentorship(&mentorship).event(&mentorship.id, &event, &id);
        });
        ended.commit(repo).await?;
    }
    // Also for a pair ended before: what a re-enrolment scheduled and a second end clears.
    let mut clear = Batches::new();
    for item in &schedule {
        clear.add(|c| {
            c.unschedule(&mentorship.id, &item.task.slot());
        });
    }
    clear.commit(repo).await?;
    Ok(Ended {
        mentorship,
        ended_now,
        unscheduled: schedule.len(),
    })
}

/// What an admin changes about a pair (each `None`: unchanged).
#[derive(Debug, Clone, Default)]
pub struct PairChange {
    pub cadence: Option<Cadence>,
    pub at: Option<Time>,
    /// The mentee's IANA zone (theirs in every pair they are the mentee of).
    pub time_zone: Option<String>,
}

/// What a change of a pair came to.
#[derive(Debug, Clone, Serialize)]
pub struct PairSet {
    pub mentorship: Mentorship,
    pub mentee: Person,
    /// What changed, as the timeline says it.
    pub changed: Vec<String>,
    pub next_prompt: Option<Timestamp>,
    pub rescheduled: Rescheduled,
}

/// Change the cadence, prompt time or mentee's zone of the pair of `mentee` (with `mentor`),
/// and move what is scheduled accordingly.
pub async fn set_pair<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
    change: PairChange,
    now: Timestamp,
) -> Result<PairSet, StateError> {
    set_pair_by(repo, mentee, mentor, change, ChangedBy::Admin, now).await
}

/// [`set_pair`], recorded as made by `by`.
pub async fn set_pair_by<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
    change: PairChange,
    by: ChangedBy,
    now: Timestamp,
) -> Result<PairSet, StateError> {
    let zone = change.time_zone.as_deref().map(Zone::parse).transpose()?;
    if change.cadence.is_none() && change.at.is_none() && zone.is_none() {
        return Err(StateError::NothingToChange);
    }
    let (old, mentee_person) = find_mentorship(repo, mentee, mentor).await?;
    if !old.active {
        return Err(StateError::Ended(old.mentee));
    }
    let mut mentorship = old.clone();
    let mut changed = Vec::new();
    if let Some(cadence) = change.cadence.filter(|c| *c != old.cadence) {
        changed.push(format!(
            "cadence {} -> {}",
            old.cadence.spec(),
            cadence.spec()
        ));
        mentorship.cadence = cadence;
    }
    if let Some(at) = change.at.filter(|t| *t != old.prompt_time) {
        changed.push(format!(
            "prompt time {} -> {}",
            old.prompt_time.strftime("%H:%M"),
            at.strftime("%H:%M")
        ));
        mentorship.prompt_time = at;
    }
    if !changed.is_empty() {
        let (event, id) = by.settings_event(now, changed.join("; "));
        let mut batch = Batches::new();
        batch.add(|c| {
            c.mentorship(&mentorship).event(&mentorship.id, &event, &id);
        });
        batch.commit(repo).await?;
    }
    let mut rescheduled = Rescheduled::default();
    let mut mentee_now = mentee_person.clone();
    match zone.filter(|z| *z != mentee_person.time_zone) {
        Some(zone) => {
            // Every pair of the mentee moves with their zone, this one included (as changed).
            changed.push(format!(
                "time zone of {} {} -> {zone}",
                mentee_person.email, mentee_person.time_zone
            ));
            let set = set_time_zone_of(repo, mentee_person, zone, Some(&old), by, now).await?;
            mentee_now = set.person;
            rescheduled.extend(set.rescheduled);
        }
        None if !changed.is_empty() => {
            let tz = mentee_person.time_zone.tz();
            rescheduled.extend(
                reschedule_mentee_side(repo, &mentorship, old.prompt_time, &tz, &tz, now).await?,
            );
        }
        None => {}
    }
    let next_prompt = repo
        .schedule(&mentorship.id)
        .await?
        .into_iter()
        .find(|s| matches!(s.task, Task::Prompt { .. }))
        .map(|s| s.due_at);
    Ok(PairSet {
        mentorship,
        mentee: mentee_now,
        changed,
        next_prompt,
        rescheduled,
    })
}

/// What a change of a person's zone came to.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneSet {
    pub person: Person,
    /// The zone before; equal to the new one when nothing changed.
    pub was: Zone,
    pub rescheduled: Rescheduled,
}

/// Change the time zone of the person with address `email`: as a mentor, their digests and
/// alerts keep their local date and time in the new zone; as a mentee, their prompts and
/// reminders move too.
pub async fn set_time_zone<S: Store>(
    repo: &Repo<S>,
    email: &str,
    time_zone: &str,
    now: Timestamp,
) -> Result<ZoneSet, StateError> {
    set_time_zone_by(repo, email, time_zone, ChangedBy::Admin, now).await
}

/// [`set_time_zone`], recorded as made by `by`.
pub async fn set_time_zone_by<S: Store>(
    repo: &Repo<S>,
    email: &str,
    time_zone: &str,
    by: ChangedBy,
    now: Timestamp,
) -> Result<ZoneSet, StateError> {
    let zone = Zone::parse(time_zone)?;
    let email = Email::parse(email)?;
    let person = repo
        .person(&email)
        .await?
        .ok_or(StateError::UnknownPerson(email))?;
    if person.time_zone == zone {
        return Ok(ZoneSet {
            was: zone,
            person,
            rescheduled: Rescheduled::default(),
        });
    }
    set_time_zone_of(repo, person, zone, None, by, now).await
}

/// [`set_time_zone`] for a person already read. `prompt_time_was`: a mentorship whose prompt
/// time changed in the same command (its reminders were at the old time).
async fn set_time_zone_of<S: Store>(
    repo: &Repo<S>,
    person: Person,
    zone: Zone,
    prompt_time_was: Option<&Mentorship>,
    by: ChangedBy,
    now: Timestamp,
) -> Result<ZoneSet, StateError> {
    let was = person.time_zone.clone();
    let (old_tz, new_tz) = (was.tz(), zone.tz());
    let updated = Person {
        time_zone: zone.clone(),
        ..person.clone()
    };
    let pairings = repo.pairings(&updated.email).await?;
    let detail = format!("time zone of {} {was} -> {zone}", updated.email);
    write_person(repo, &updated, &person).await?;
    let mut batches = Batches::new();
    for pairing in &pairings {
        let (event, id) = by.settings_event(now, detail.clone());
        batches.add(|c| {
            c.event(&pairing.mentorship_id, &event, &id);
        });
    }
    batches.commit(repo).await?;
    let mut rescheduled = Rescheduled::default();
    for pairing in &pairings {
        let Some(mentorship) = repo.mentorship(&pairing.mentorship_id).await? else {
            continue;
        };
        if !mentorship.active {
            continue;
        }
        let moved = match pairing.role {
            Role::Mentor => {
                move_items(repo, &mentorship.id, |item| {
                    item.task
                        .to_mentor()
                        .then(|| rezoned(item.due_at, &old_tz, &new_tz, None, now))
                })
                .await?
            }
            Role::Mentee => {
                let old_time = prompt_time_was
                    .filter(|m| m.id == mentorship.id)
                    .map_or(mentorship.prompt_time, |m| m.prompt_time);
                reschedule_mentee_side(repo, &mentorship, old_time, &old_tz, &new_tz, now).await?
            }
        };
        rescheduled.extend(moved);
    }
    Ok(ZoneSet {
        person: updated,
        was,
        rescheduled,
    })
}

//! Pausing, resuming or stopping a person's mail on their behalf: the same change of profile as
//! their own mail command (see [`crate::domain::commands`]), recorded as that command's event,
//! marked as an admin's, in the timeline of each of their pairs.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use super::batches::Batches;
use super::pair_state::{ChangedBy, StateError, write_person};
use crate::domain::commands::{apply_command_at, command_detail};
use crate::domain::replies::{DEFAULT_PAUSE_DAYS, MenteeCommand};
use crate::domain::{Email, EventKind, Person, PersonStatus, Role};
use crate::store::Store;
use crate::store::repo::Repo;

/// What an admin asks for on someone's behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnBehalf {
    /// No mail until the date (their local date); default: as a bare "pause" in a mail.
    Pause {
        until: Option<Date>,
    },
    Resume,
    Stop,
}

/// What the command did.
#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    pub person: Person,
    pub was: PersonStatus,
    pub event: EventKind,
    /// The pairs whose timelines record it.
    pub pairs: usize,
}

/// Apply `command` to the person with address `email`, as their own mail would.
pub async fn on_behalf<S: Store>(
    repo: &Repo<S>,
    email: &str,
    command: OnBehalf,
    now: Timestamp,
) -> Result<Applied, StateError> {
    on_behalf_by(repo, email, command, ChangedBy::Admin, now).await
}

/// Apply `command` to the person with address `email`, recorded as made by `by`: an admin on
/// their behalf, or they themselves on the preferences page.
pub async fn on_behalf_by<S: Store>(
    repo: &Repo<S>,
    email: &str,
    command: OnBehalf,
    by: ChangedBy,
    now: Timestamp,
) -> Result<Applied, StateError> {
    let email = Email::parse(email)?;
    let person = repo
        .person(&email)
        .await?
        .ok_or(StateError::UnknownPerson(email))?;
    let today = now.to_zoned_datetime(person.time_zone.tz()).date();
    let command = match command {
        OnBehalf::Pause { until } => {
            let until = until.unwrap_or_else(|| today.saturating_add(DEFAULT_PAUSE_DAYS.days()));
            if until <= today {
                return Err(StateError::Invalid(format!(
                    "--until {until}: a pause ends after today ({today} for {})",
                    person.email
                )));
            }
            MenteeCommand::PauseUntil(until)
        }
        OnBehalf::Resume => MenteeCommand::Resume,
        OnBehalf::Stop => MenteeCommand::Stop,
    };
    let Some((changed, kind)) = apply_command_at(&person, &command, now) else {
        return Err(StateError::Invalid(format!(
            "{} changed status after {now}; nothing done",
            person.email
        )));
    };
    let detail = format!("{} {}", command_detail(&command), by.mark())
        .trim()
        .to_string();
    let pairings = repo.pairings(&person.email).await?;
    write_person(repo, &changed, &person).await?;
    let mut batches = Batches::new();
    for pairing in &pairings {
        // A mentor's withdrawal is not the mentee's: the digest reports only the mentee's.
        let (event, id) = match pairing.role {
            Role::Mentee => by.event(now, kind, detail.clone()),
            Role::Mentor => {
                by.settings_event(now, format!("mentor {}: {kind} {detail}", person.email))
            }
        };
        batches.add(|c| {
            c.event(&pairing.mentorship_id, &event, &id);
        });
    }
    batches.commit(repo).await?;
    Ok(Applied {
        was: person.status,
        person: changed,
        event: kind,
        pairs: pairings.len(),
    })
}

//! Enrolling a pair: both people, the mentorship, the pairing index and the first prompt, in one
//! atomic write; a new pair also gets its kickoff and the mentor's first digest. Enrolling the
//! same pair again updates it and keeps its prompt sequence and the people's statuses.

use jiff::Timestamp;
use jiff::civil::Time;

use crate::domain::ids::mentorship_id;
use crate::domain::initial_schedule::{first_prompt, new_pair_items};
use crate::domain::task::PROMPT_SLOT;
use crate::domain::{Cadence, Email, Mentorship, Person, Task, Zone};
use crate::store::repo::{Changes, Repo};
use crate::store::{Store, StoreError};

/// Whether a new pair gets its kickoff mail and first digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kickoff {
    /// A new pair: yes; a pair enrolled again: no.
    IfNew,
    /// Never (a load test, a pair moved from elsewhere).
    Never,
}

/// Enrol (or update) `mentorship` between `mentor` and `mentee`; returns when the next prompt
/// is due.
pub async fn enrol_pair<S: Store>(
    repo: &Repo<S>,
    mentor: &Person,
    mentee: &Person,
    mentorship: &Mentorship,
    now: Timestamp,
    kickoff: Kickoff,
) -> Result<Timestamp, StoreError> {
    let stored = repo.mentorship(&mentorship.id).await?;
    let is_new = kickoff == Kickoff::IfNew && stored.is_none();
    // An ended pair enrolled again restarts; ending it removed the mentor's weekly digest.
    let restarted = stored.is_some_and(|m| !m.active) && mentorship.active;
    let seq = match repo.scheduled_at(&mentorship.id, PROMPT_SLOT).await? {
        Some(current) => match current.scheduled.task {
            Task::Prompt { seq, .. } => seq,
            _ => 1,
        },
        None => 1,
    };
    let prompt = first_prompt(mentorship, mentee, seq, now);
    let mut changes = Changes::new();
    changes
        .person(mentor)
        .person(mentee)
        .mentorship(mentorship)
        .schedule(&prompt);
    if is_new || restarted {
        let [kickoff, digest] = new_pair_items(mentorship, mentor, mentee, prompt.due_at, now);
        if is_new {
            changes.schedule(&kickoff);
        }
        changes.schedule(&digest);
    }
    let _ = repo.commit(changes).await?;
    Ok(prompt.due_at)
}

/// A pair as an admin asks for it.
#[derive(Debug, Clone)]
pub struct EnrolRequest {
    pub mentor: String,
    pub mentor_name: String,
    pub mentee: String,
    pub mentee_name: String,
    /// The mentee's IANA zone; a new mentor without `mentor_time_zone` is assumed to share it.
    pub time_zone: String,
    /// The mentor's own IANA zone (their digests go out at their local time); when absent a
    /// known mentor keeps theirs.
    pub mentor_time_zone: Option<String>,
    pub cadence: Cadence,
    pub at: Time,
    pub programme: String,
    pub cohort: Option<String>,
}

/// What an enrolment did.
#[derive(Debug, Clone)]
pub struct Enrolled {
    pub mentorship: Mentorship,
    pub mentor: Person,
    pub mentee: Person,
    pub first_prompt: Timestamp,
}

#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    #[error(transparent)]
    UnknownZone(#[from] crate::domain::zone::UnknownZone),
    #[error(transparent)]
    NotAnEmail(#[from] crate::domain::email::NotAnEmail),
    #[error("a mentor cannot mentor themselves")]
    SelfMentoring,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Check and carry out an admin's enrolment: people keep their status (a paused mentee stays
/// paused), a known mentor keeps their own zone, the mentorship keeps its creation time.
pub async fn enrol<S: Store>(
    repo: &Repo<S>,
    request: EnrolRequest,
    now: Timestamp,
) -> Result<Enrolled, EnrolError> {
    let zone = Zone::parse(&request.time_zone)?;
    let own_mentor_zone = request
        .mentor_time_zone
        .as_deref()
        .map(Zone::parse)
        .transpose()?;
    let mentor_email = Email::parse(&request.mentor)?;
    let mentee_email = Email::parse(&request.mentee)?;
    if mentor_email == mentee_email {
        return Err(EnrolError::SelfMentoring);
    }
    let keep = |existing: Option<Person>, email: Email, name: String, time_zone: Zone| {
        let person = Person::new(email, name, time_zone);
        match existing {
            Some(old) => Person {
                status: old.status,
                paused_until: old.paused_until,
                status_reason: old.status_reason,
                status_changed_at: old.status_changed_at,
                ..person
            },
            None => person,
        }
    };
    let existing_mentor = repo.person(&mentor_email).await?;
    let mentor_zone = own_mentor_zone
        .or_else(|| existing_mentor.as_ref().map(|p| p.time_zone.clone()))
        .unwrap_or_else(|| zone.clone());
    let mentor = keep(
        existing_mentor,
        mentor_email.clone(),
        request.mentor_name,
        mentor_zone,
    );
    let mentee = keep(
        repo.person(&mentee_email).await?,
        mentee_email.clone(),
        request.mentee_name,
        zone,
    );
    let id = mentorship_id(&mentor_email, &mentee_email);
    let created_at = repo
        .mentorship(&id)
        .await?
        .map(|m| m.created_at)
        .unwrap_or(now);
    let mentorship = Mentorship {
        cohort: request.cohort,
        ..Mentorship::new(
            mentor_email,
            mentee_email,
            request.programme,
            request.cadence,
            request.at,
            created_at,
        )
    };
    let first_prompt = enrol_pair(repo, &mentor, &mentee, &mentorship, now, Kickoff::IfNew).await?;
    Ok(Enrolled {
        mentorship,
        mentor,
        mentee,
        first_prompt,
    })
}

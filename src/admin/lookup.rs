//! Finding a pair from what an admin types: the mentee's address, and the mentor's when the
//! mentee has several.

use crate::domain::{Email, Mentorship, Pairing, Person, Role};
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error(transparent)]
    NotAnEmail(#[from] crate::domain::email::NotAnEmail),
    #[error("{0} is not a mentee in any mentorship (enrol them first)")]
    NotAMentee(Email),
    #[error("{mentee} has several mentors ({mentors}); say which with --mentor")]
    SeveralMentors { mentee: Email, mentors: String },
    #[error("{0} is missing")]
    Missing(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("formatting: {0}")]
    Format(#[from] std::fmt::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The mentorship in which `mentee` is the mentee (with `mentor`, when given), and the mentee.
pub async fn find_mentorship<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
) -> Result<(Mentorship, Person), LookupError> {
    let mentee = Email::parse(mentee)?;
    let mentor = mentor.map(Email::parse).transpose()?;
    let pairings: Vec<Pairing> = repo
        .pairings(&mentee)
        .await?
        .into_iter()
        .filter(|p| p.role == Role::Mentee)
        .filter(|p| mentor.as_ref().is_none_or(|m| *m == p.with))
        .collect();
    let pairing = match pairings.as_slice() {
        [] => return Err(LookupError::NotAMentee(mentee)),
        [one] => one,
        several => {
            return Err(LookupError::SeveralMentors {
                mentee,
                mentors: several
                    .iter()
                    .map(|p| p.with.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    };
    let mentorship = repo
        .mentorship(&pairing.mentorship_id)
        .await?
        .ok_or_else(|| LookupError::Missing("the mentorship record".into()))?;
    let person = repo
        .person(&mentee)
        .await?
        .ok_or_else(|| LookupError::Missing("the mentee's profile".into()))?;
    Ok((mentorship, person))
}

/// The id an admin types for a record of a mentorship (a goal, an action item, an entry): the
/// mentorship's id and the record's, `MENTORSHIP:ID`, so one read finds it.
pub fn qualified(mentorship_id: &str, id: &str) -> String {
    format!("{mentorship_id}:{id}")
}

/// The mentorship and the record of a [`qualified`] id; `None` when it is not one.
pub fn split_qualified(id: &str) -> Option<(&str, &str)> {
    id.trim()
        .split_once(':')
        .filter(|(m, r)| !m.is_empty() && !r.is_empty())
}

//! One-click unsubscribe (RFC 8058): the link in every mail stops all mail to the mentee of the
//! mentorship its signed token names.

use jiff::Timestamp;
use serde::Serialize;

use crate::domain::commands::apply_command;
use crate::domain::replies::MenteeCommand;
use crate::domain::{Event, EventKind};
use crate::store::repo::{Changes, Repo};
use crate::store::{Store, StoreError};

/// Who a one-click unsubscribe stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unsubscribed {
    pub mentorship_id: String,
    pub email: String,
}

/// Stop all mail to the mentee of the mentorship a verified token names. `None` when the
/// mentorship or the person is unknown.
pub async fn unsubscribe<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
    at: Timestamp,
) -> Result<Option<Unsubscribed>, StoreError> {
    let Some(mentorship) = repo.mentorship(mentorship_id).await? else {
        return Ok(None);
    };
    let Some(mentee) = repo.person(&mentorship.mentee).await? else {
        return Ok(None);
    };
    let (person, _) = apply_command(&mentee, &MenteeCommand::Stop);
    let event = Event {
        at,
        message_id: String::new(),
        kind: EventKind::Unsubscribe,
        detail: "one-click link".into(),
    };
    let mut changes = Changes::new();
    changes
        .person(&person)
        .event(&mentorship.id, &event, "unsubscribe");
    let _ = repo.commit(changes).await?;
    Ok(Some(Unsubscribed {
        mentorship_id: mentorship.id,
        email: person.email.to_string(),
    }))
}

//! Unsubscribing (RFC 8058 one-click links and the List-Unsubscribe mailto): every mail's
//! unsubscribe stops its recipient only. Mail to a mentee carries a token of the mentee's kind,
//! mail to the mentor (digests, alerts) a mentor token, so a mentor unsubscribing from digests
//! never stops the mentee's programme.

use jiff::Timestamp;
use serde::Serialize;

use crate::domain::commands::apply_command;
use crate::domain::ids::message_key;
use crate::domain::replies::MenteeCommand;
use crate::domain::{Email, Event, EventKind, Mentorship, Person};
use crate::mail::token::{ReplyToken, TokenAbout};
use crate::store::repo::{Changes, Repo};
use crate::store::{Store, StoreError};

/// Who an unsubscribe stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unsubscribed {
    pub mentorship_id: String,
    pub email: String,
}

/// The recipient of the mail a token was sent with.
pub fn recipient_of<'m>(token: &ReplyToken, mentorship: &'m Mentorship) -> &'m Email {
    match token.about {
        TokenAbout::Mentor => &mentorship.mentor,
        _ => &mentorship.mentee,
    }
}

/// The changes that stop `person`, with the event in the pair's timeline; `message_id` is the
/// mail that asked (empty for a link).
pub fn stop_changes(
    person: &Person,
    mentorship_id: &str,
    at: Timestamp,
    message_id: &str,
    how: &str,
) -> Changes {
    let (stopped, _) = apply_command(person, &MenteeCommand::Stop);
    let event = Event {
        at,
        message_id: message_id.to_string(),
        kind: EventKind::Unsubscribe,
        detail: format!("{} ({how})", person.email),
    };
    let id = if message_id.is_empty() {
        format!("unsubscribe-{}", message_key(person.email.as_str()))
    } else {
        message_key(message_id)
    };
    let mut changes = Changes::new();
    changes.person(&stopped).event(mentorship_id, &event, &id);
    changes
}

/// Stop all mail to the recipient of the mail a verified one-click token came with. `None`
/// when the mentorship or the person is unknown.
pub async fn unsubscribe<S: Store>(
    repo: &Repo<S>,
    token: &ReplyToken,
    at: Timestamp,
) -> Result<Option<Unsubscribed>, StoreError> {
    let Some(mentorship) = repo.mentorship(&token.mentorship_id).await? else {
        return Ok(None);
    };
    let Some(person) = repo.person(recipient_of(token, &mentorship)).await? else {
        return Ok(None);
    };
    let changes = stop_changes(&person, &mentorship.id, at, "", "one-click link");
    let _ = repo.commit(changes).await?;
    Ok(Some(Unsubscribed {
        mentorship_id: mentorship.id,
        email: person.email.to_string(),
    }))
}

//! Unsubscribing (RFC 8058 one-click links and the List-Unsubscribe mailto): every mail's
//! unsubscribe stops its recipient only. Mail to a mentee carries a token of the mentee's kind,
//! mail to the mentor (digests, alerts) a mentor token, so a mentor unsubscribing from digests
//! never stops the mentee's programme.

use jiff::Timestamp;
use serde::Serialize;

use crate::domain::commands::apply_command_at;
use crate::domain::ids::message_key;
use crate::domain::replies::MenteeCommand;
use crate::domain::{Email, Event, EventKind, Mentorship, Person};
use crate::mail::token::{ReplyToken, TokenAbout};
use crate::store::repo::{Changes, Committed, Repo};
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

/// The changes that stop `person` (as read), with the event in the pair's timeline;
/// `message_id` is the mail that asked (empty for a link). The profile is written only if it did
/// not change since it was read, and not at all when a later change is recorded (a replayed
/// older unsubscribe mail never undoes a reactivation); the event says so.
pub fn stop_changes(
    person: &Person,
    mentorship_id: &str,
    at: Timestamp,
    message_id: &str,
    how: &str,
) -> Changes {
    let stopped = apply_command_at(person, &MenteeCommand::Stop, at);
    let detail = match stopped {
        Some(_) => format!("{} ({how})", person.email),
        None => format!("{} ({how}; not applied: changed later)", person.email),
    };
    let event = Event {
        at,
        message_id: message_id.to_string(),
        kind: EventKind::Unsubscribe,
        detail,
    };
    let id = if message_id.is_empty() {
        format!("unsubscribe-{}", message_key(person.email.as_str()))
    } else {
        message_key(message_id)
    };
    let mut changes = Changes::new();
    if let Some((stopped, _)) = stopped {
        changes.person_changed(&stopped, person);
    }
    changes.event(mentorship_id, &event, &id);
    changes
}

/// How often a one-click stop is tried again when the profile changed between read and write.
const ATTEMPTS: usize = 4;

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
    for _ in 0..ATTEMPTS {
        let Some(person) = repo.person(recipient_of(token, &mentorship)).await? else {
            return Ok(None);
        };
        let changes = stop_changes(&person, &mentorship.id, at, "", "one-click link");
        // Only the profile's version can fail here (the event is a plain put): read again.
        if repo.commit(changes).await? == Committed::Written {
            return Ok(Some(Unsubscribed {
                mentorship_id: mentorship.id,
                email: person.email.to_string(),
            }));
        }
    }
    Err(StoreError::Backend(
        "the profile kept changing during the unsubscribe; try again".into(),
    ))
}

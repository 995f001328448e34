//! The gate every received mail passes before its body is read: content verdicts, machines,
//! route, one plain sender, that sender's authentication, and the participant the route implies.
//! Everything here comes from the envelope and the header block, so a stranger's 40 MB mail is
//! refused after a header read. Only what passes is parsed and may write.

use super::envelope::Envelope;
use super::outcome::Rejection;
use super::route::{Route, route};
use crate::domain::{Email, Mentorship};
use crate::mail::authentication::authenticate;
use crate::mail::automatic::Automatic;
use crate::mail::headers::HeaderFacts;
use crate::mail::token::{MAX_TOKEN_AGE_DAYS, ReplyToken, TokenAbout, TokenKey};
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

/// A mail the gate let through, and who it is from.
#[derive(Debug)]
pub enum Admitted {
    /// A mentee's reply (or their unsubscribe mailto) to a signed address of their mentorship,
    /// or the mentor's unsubscribe mailto (a mentor token).
    Reply {
        sender: Email,
        token: ReplyToken,
        mentorship: Box<Mentorship>,
        unsubscribe: bool,
    },
    /// A mail to the notes address (shared, or the sender's personal one) from an authenticated
    /// sender; whether they mentor anyone is the notes flow's question.
    Notes { sender: Email },
}

/// What the gate decided.
pub enum Decision {
    Admit(Admitted),
    Reject(Rejection),
}

/// Decide on a mail from its `envelope` and header `facts`.
pub async fn admit<S: Store>(
    repo: &Repo<S>,
    domain: &str,
    key: &TokenKey,
    envelope: &Envelope,
    facts: &HeaderFacts,
) -> Result<Decision, StoreError> {
    use Decision::Reject;
    if let Some(check) = envelope.verdicts.failed_check() {
        return Ok(Reject(Rejection::FailedVerdict {
            check: check.into(),
        }));
    }
    match facts.automatic {
        Some(Automatic::AutoReply) => return Ok(Reject(Rejection::AutoReply)),
        Some(Automatic::Bounce) => return Ok(Reject(Rejection::Bounce)),
        None => {}
    }
    let recipients = if envelope.recipients.is_empty() {
        facts.recipients.clone()
    } else {
        envelope
            .recipients
            .iter()
            .map(|r| Email::normalised(r).to_string())
            .collect()
    };
    let route = route(domain, &recipients);
    if route == Route::None {
        return Ok(Reject(Rejection::NoRoute));
    }
    let sender = match &facts.sender {
        Ok(sender) => sender.clone(),
        Err(problem) => {
            return Ok(Reject(Rejection::NoSender {
                detail: problem.to_string(),
            }));
        }
    };
    if let Some(checks) = &envelope.sender_checks
        && let Err(why) = authenticate(sender.domain(), checks, &facts.dkim_domains)
    {
        return Ok(Reject(Rejection::Unauthenticated {
            sender: sender.to_string(),
            why,
        }));
    }
    let (token, unsubscribe) = match route {
        Route::Reply { token, unsubscribe } => (token, unsubscribe),
        Route::PersonalNotes { token } => {
            let sender = if key.verify_notes_token(&sender, &token) {
                sender
            } else {
                match owner_of_alias(repo, &sender).await? {
                    Some(person) if key.verify_notes_token(&person, &token) => person,
                    _ => {
                        return Ok(Reject(Rejection::BadToken {
                            detail: "personal notes address of someone else".into(),
                        }));
                    }
                }
            };
            return Ok(Decision::Admit(Admitted::Notes { sender }));
        }
        Route::Notes => {
            // Whether the sender mentors anyone is the notes flow's question, asked of their own
            // address: an extra one is resolved here.
            let sender = owner_of_alias(repo, &sender).await?.unwrap_or(sender);
            return Ok(Decision::Admit(Admitted::Notes { sender }));
        }
        Route::None => return Ok(Reject(Rejection::NoRoute)),
    };
    let token = match key.verify(&token) {
        Ok(token) => token,
        Err(e) => {
            return Ok(Reject(Rejection::BadToken {
                detail: e.to_string(),
            }));
        }
    };
    // An old authentic token may still unsubscribe its recipient (that harms no one), but no
    // longer writes into a timeline.
    if !unsubscribe && token.expired_at(envelope.received_at) {
        return Ok(Reject(Rejection::BadToken {
            detail: format!(
                "the reply address expired (mail of {}; replies are taken for {MAX_TOKEN_AGE_DAYS} days)",
                token.issued.map(|d| d.to_string()).unwrap_or_default()
            ),
        }));
    }
    let Some(mentorship) = repo.mentorship(&token.mentorship_id).await? else {
        return Ok(Reject(Rejection::UnknownMentorship {
            mentorship_id: token.mentorship_id,
        }));
    };
    // A mentor token comes only with mail to the mentor, and only unsubscribes them.
    let rightful = match (&token.about, unsubscribe) {
        (TokenAbout::Mentor, true) => &mentorship.mentor,
        (TokenAbout::Mentor, false) => {
            return Ok(Reject(Rejection::BadToken {
                detail: "a mentor's unsubscribe token is not a reply address".into(),
            }));
        }
        _ => &mentorship.mentee,
    };
    // The rightful sender's own address needs no read; only another one is looked up.
    let sender = if sender == *rightful {
        sender
    } else if owner_of_alias(repo, &sender).await?.as_ref() == Some(rightful) {
        rightful.clone()
    } else {
        return Ok(Reject(Rejection::SenderMismatch {
            sender: sender.to_string(),
        }));
    };
    if !mentorship.active {
        return Ok(Reject(Rejection::EndedMentorship {
            mentorship_id: mentorship.id,
        }));
    }
    Ok(Decision::Admit(Admitted::Reply {
        sender,
        token,
        mentorship: Box::new(mentorship),
        unsubscribe,
    }))
}

/// Whose extra address (`person alias`) `sender` is, if anyone's: it was authenticated as
/// itself, and speaks for that person.
async fn owner_of_alias<S: Store>(
    repo: &Repo<S>,
    sender: &Email,
) -> Result<Option<Email>, StoreError> {
    let owner = repo.alias_owner(sender).await?;
    if let Some(person) = &owner {
        tracing::info!(person = %person, "mail from an extra address of a participant");
    }
    Ok(owner)
}

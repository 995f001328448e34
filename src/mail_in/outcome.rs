//! What became of a received mail, and the one way a mail's records are written: together with
//! the message's dedupe marker, so that a redelivered mail changes nothing a second time.

use serde::Serialize;

use super::envelope::Envelope;
use crate::mail::authentication::Unauthenticated;
use crate::store::Store;
use crate::store::StoreError;
use crate::store::repo::{Changes, Committed, Repo};

/// Why a mail wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Rejection {
    /// The receiving server found spam or a virus.
    FailedVerdict {
        check: String,
    },
    /// The header block could not be read (too large, or none).
    UnreadableHeaders {
        detail: String,
    },
    /// Not exactly one From header with one plain address (see `mail::sender`).
    NoSender {
        detail: String,
    },
    /// The sender's domain did not vouch for the mail (see `mail::authentication`).
    Unauthenticated {
        sender: String,
        why: Unauthenticated,
    },
    AutoReply,
    Bounce,
    /// Not addressed to a reply token or the notes address on our domain.
    NoRoute,
    BadToken {
        detail: String,
    },
    UnknownMentorship {
        mentorship_id: String,
    },
    /// The pair was ended: their records are kept, nothing new is written.
    EndedMentorship {
        mentorship_id: String,
    },
    /// The sender is not the participant the address implies (spoofed or forwarded by a stranger).
    SenderMismatch {
        sender: String,
    },
    /// Mail to the notes address from someone who mentors nobody.
    NotAMentor {
        sender: String,
    },
    /// A mentor with several mentees; which one was not clear.
    AmbiguousMentee {
        sender: String,
        mentees: Vec<String>,
    },
    EmptyReply,
    /// The programme's own mail sent back to the notes address with nothing added (a
    /// forwarding rule): recording or acknowledging it would start a loop.
    OwnMailReturned,
}

/// What happened to a mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum IngestOutcome {
    Recorded {
        mentorship_id: String,
        /// `reflection`, `feedback`, or the command or answer the mail was (`pause`, `goals`, ...).
        entry: String,
    },
    /// Seen before (a retried delivery): nothing written.
    Duplicate,
    Rejected(Rejection),
}

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An answer the mail needs (the "which mentee?" question) could not be sent; the message
    /// is not marked seen, so a retried delivery asks again and the notes are not lost.
    #[error("answer not sent: {0}")]
    Answer(#[from] crate::mailer::SendError),
    /// The whole of an entry too large for its record could not be kept: nothing was written,
    /// so a retried delivery tries again.
    #[error("keeping the whole entry: {0}")]
    Archive(#[from] crate::archive::ArchiveError),
}

impl IngestError {
    /// An error that a retry of the same mail would meet again (the records refused it as
    /// invalid), as opposed to a store or service that was unavailable.
    pub fn is_deterministic(&self) -> bool {
        matches!(self, IngestError::Store(StoreError::Invalid(_)))
    }
}

/// Write `changes` with the message's dedupe marker in one atomic batch: all or nothing, and a
/// second delivery of the message writes nothing. `what` names the record in the outcome.
pub async fn record_once<S: Store>(
    repo: &Repo<S>,
    envelope: &Envelope,
    mentorship_id: &str,
    what: &str,
    mut changes: Changes,
) -> Result<IngestOutcome, StoreError> {
    changes.message_seen(
        &envelope.message_id,
        envelope.received_at,
        format!("{what} for {mentorship_id}"),
    );
    Ok(match repo.commit(changes).await? {
        Committed::Written => IngestOutcome::Recorded {
            mentorship_id: mentorship_id.to_string(),
            entry: what.to_string(),
        },
        // The marker was there: a redelivery. Otherwise another condition of the batch failed
        // (a profile changed since it was read): retry on a fresh read rather than lose the mail.
        Committed::Duplicate if repo.seen(&envelope.message_id).await? => IngestOutcome::Duplicate,
        Committed::Duplicate => return Err(changed_meanwhile(mentorship_id)),
    })
}

/// A record the mail changes was changed by someone else between its read and the write: a
/// transient error, so the delivery is retried (Lambda) or the command run again (CLI).
pub fn changed_meanwhile(what: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!(
        "records of {what} changed while this mail was being recorded; try again"
    ))
}

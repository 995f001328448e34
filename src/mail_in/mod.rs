//! Mail in: one received mail -> at most one record, and an outcome that says why.
//!
//! The steps: check the receiving server's verdicts, parse, drop what must never create records
//! (auto-replies, bounces), route by recipient (`route`: a signed reply token, or the notes
//! address), authorise the sender against the participant that route implies, and write the
//! records together with the message's dedupe marker in one atomic write (`outcome`), so the
//! same message delivered twice writes once. A mentee's reply may be a command, a goal answer or
//! goals (`replies`), or a reflection that logs decisions (`decisions`); a mentor's mail to the
//! notes address becomes feedback (`notes`).

use tracing::Instrument as _;

use crate::domain::entry::Answer;
use crate::domain::{Email, Entry, EntryBody};
use crate::mail::parse::{MailKind, ParsedMail, parse};
use crate::mail::token::TokenKey;
use crate::mailer::Mailer;
use crate::store::Store;
use crate::store::repo::{Changes, Repo};

mod decisions;
mod envelope;
mod notes;
mod outcome;
mod replies;
mod route;

pub use envelope::{Envelope, Verdict, Verdicts};
pub use outcome::{IngestError, IngestOutcome, Rejection};

use replies::ReplyStep;
use route::{Route, route};

/// Settings the inbound flow needs.
#[derive(Debug, Clone)]
pub struct IngestSettings {
    /// The mail domain: reply tokens and the notes address live on it.
    pub domain: String,
    /// Local part of the mentors' notes address (`notes`).
    pub notes_local_part: String,
    pub token_key: TokenKey,
    /// Sender of the notices the notes address sends (a verified identity) and its display name.
    pub from_address: String,
    pub programme: String,
}

/// The inbound use case: the store it records into, the mailer that answers (acknowledgements
/// of mentors' notes, the "which mentee?" question), and its settings.
pub struct MailIn<S, M> {
    pub repo: Repo<S>,
    pub mailer: M,
    pub settings: IngestSettings,
}

impl<S: Store, M: Mailer> MailIn<S, M> {
    /// Ingest one mail. Answers are sent only after the write that makes a retried delivery a
    /// duplicate, so a mail is answered once.
    pub async fn ingest(
        &self,
        envelope: &Envelope,
        raw: &[u8],
    ) -> Result<IngestOutcome, IngestError> {
        self.ingest_parsed(envelope, &parse(raw)).await
    }

    /// The steps after parsing, for a mail already parsed (or built by a test).
    pub async fn ingest_parsed(
        &self,
        envelope: &Envelope,
        parsed: &ParsedMail,
    ) -> Result<IngestOutcome, IngestError> {
        let span = tracing::info_span!(
            "ingest",
            message_id = %envelope.message_id,
            mentorship = tracing::field::Empty
        );
        self.route_and_record(envelope, parsed)
            .instrument(span)
            .await
    }

    async fn route_and_record(
        &self,
        envelope: &Envelope,
        parsed: &ParsedMail,
    ) -> Result<IngestOutcome, IngestError> {
        if let Some(check) = envelope.verdicts.failed_check() {
            return Ok(IngestOutcome::Rejected(Rejection::FailedVerdict {
                check: check.into(),
            }));
        }
        match parsed.kind {
            MailKind::AutoReply => return Ok(IngestOutcome::Rejected(Rejection::AutoReply)),
            MailKind::Bounce => return Ok(IngestOutcome::Rejected(Rejection::Bounce)),
            _ => {}
        }
        let recipients: Vec<String> = if envelope.recipients.is_empty() {
            parsed.recipients.clone()
        } else {
            envelope
                .recipients
                .iter()
                .map(|r| Email::normalised(r).to_string())
                .collect()
        };
        let sender = Email::normalised(&parsed.from_address);
        let settings = &self.settings;
        let (token, unsubscribe) =
            match route(&settings.domain, &settings.notes_local_part, &recipients) {
                Route::Reply { token, unsubscribe } => (token, unsubscribe),
                Route::Notes => {
                    return notes::record_notes(self, envelope, parsed, &sender).await;
                }
                Route::None => return Ok(IngestOutcome::Rejected(Rejection::NoRoute)),
            };
        let token = match settings.token_key.verify(&token) {
            Ok(t) => t,
            Err(e) => {
                return Ok(IngestOutcome::Rejected(Rejection::BadToken {
                    detail: e.to_string(),
                }));
            }
        };
        tracing::Span::current().record("mentorship", token.mentorship_id.as_str());
        let Some(mentorship) = self.repo.mentorship(&token.mentorship_id).await? else {
            return Ok(IngestOutcome::Rejected(Rejection::UnknownMentorship {
                mentorship_id: token.mentorship_id,
            }));
        };
        if sender != mentorship.mentee {
            return Ok(IngestOutcome::Rejected(Rejection::SenderMismatch {
                sender: sender.to_string(),
            }));
        }
        let text = if unsubscribe {
            "stop".to_string()
        } else {
            parsed.reply_text.trim().to_string()
        };
        // Commands, goal answers and kickoff goals change records instead of writing a
        // reflection.
        let text =
            match replies::mentee_reply(&self.repo, &token, &mentorship, &text, envelope).await? {
                ReplyStep::Handled(outcome) => return Ok(outcome),
                ReplyStep::Continue(text) => text,
            };
        // A reply that only answered inline has its answers in `sections`.
        if text.is_empty() && parsed.sections.is_empty() {
            return Ok(IngestOutcome::Rejected(Rejection::EmptyReply));
        }
        let entry = Entry {
            mentorship_id: mentorship.id.clone(),
            at: envelope.received_at,
            message_id: envelope.message_id.clone(),
            author: sender.clone(),
            subject: parsed.subject.clone(),
            body: EntryBody::Reflection {
                prompt: token.prompt,
                text,
                answers: Answer::from_sections(&parsed.sections),
            },
        };
        let mut changes = Changes::new();
        changes.entry_once(&entry);
        Ok(
            outcome::record_once(&self.repo, envelope, &mentorship.id, "reflection", changes)
                .await?,
        )
    }
}

//! Mail in: one received mail -> at most one record, and an outcome that says why.
//!
//! The steps: the gate (`gate`) decides from the envelope and the header block alone: the
//! receiving server's content verdicts, machines (auto-replies, bounces), the route by recipient
//! (`route`: a signed reply token, a mentor's personal notes address, or the notes address), one
//! plain sender, that sender's authentication (DMARC, or aligned SPF or DKIM), and the
//! participant the route implies; a participant whose address an unauthenticated mail claimed is
//! told at most once a day (`unverified`). Only then is the body parsed, and the records are
//! written together with the message's dedupe marker in one atomic write (`outcome`), so the
//! same message delivered twice writes once. A mentee's reply may be a command, a goal answer or
//! goals (`replies`), or a reflection that logs decisions (`decisions`); a mentor's mail to the
//! notes address becomes feedback (`notes`).

use tracing::Instrument as _;

use crate::admin::unsubscribe::stop_changes;
use crate::archive::Archive;
use crate::domain::attachment::select;
use crate::domain::entry::Answer;
use crate::domain::{Email, Entry, EntryBody};
use crate::mail::automatic::Automatic;
use crate::mail::headers::HeaderFacts;
use crate::mail::parse::{MailKind, ParsedMail, parse};
use crate::mail::sender::SenderProblem;
use crate::mail::token::{TokenAbout, TokenKey};
use crate::mailer::Mailer;
use crate::store::Store;
use crate::store::repo::{Changes, Repo};

mod attachments;
mod daily_notice;
mod decisions;
mod envelope;
mod gate;
mod items;
mod not_recorded;
mod notes;
mod outcome;
mod overflow;
mod replies;
mod route;
mod unverified;

pub use daily_notice::Notice;
pub use envelope::{Envelope, SenderChecks, Verdict, Verdicts};
pub use not_recorded::notice as not_recorded_notice;
pub use notes::MAX_ACKNOWLEDGEMENTS_PER_DAY;
pub use outcome::{IngestError, IngestOutcome, Rejection};
pub use unverified::notice as unverified_notice;

use gate::{Admitted, Decision, admit};
use replies::ReplyStep;

/// A mentee's reply the gate admitted.
struct Reply {
    sender: Email,
    token: crate::mail::token::ReplyToken,
    mentorship: crate::domain::Mentorship,
    unsubscribe: bool,
}

/// Settings the inbound flow needs.
#[derive(Debug, Clone)]
pub struct IngestSettings {
    /// The mail domain: reply tokens and the notes addresses live on it.
    pub domain: String,
    pub token_key: TokenKey,
    /// Sender of the notices the notes address sends (a verified identity) and its display name.
    pub from_address: String,
    pub programme: String,
    /// The HTTPS endpoint of the unsubscribe function; the footer of every answer links to the
    /// preferences page under it (`None`: the deployment has none).
    pub unsubscribe_url: Option<String>,
    /// How many files one mail may keep, and how large (`domain::attachment`).
    pub attachments: crate::domain::attachment::AttachmentLimits,
}

impl IngestSettings {
    /// The footer links of an answer to a person in `mentorship_id`, dated by the mail it
    /// answers so that a retried delivery renders the same answer.
    pub fn footer_links(
        &self,
        mentorship_id: &str,
        about: &crate::mail::token::TokenAbout,
        received_at: jiff::Timestamp,
    ) -> crate::mail::render::FooterLinks {
        crate::mail::footer::LinkSettings {
            key: &self.token_key,
            domain: &self.domain,
            page_url: self.unsubscribe_url.as_deref(),
        }
        .footer(
            mentorship_id,
            about,
            received_at
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date(),
        )
    }
}

/// The inbound use case: the store it records into, the mailer that answers (acknowledgements
/// of mentors' notes, the "which mentee?" question, notices of unauthenticated mail), the
/// archive that keeps what a record cannot hold (`overflow`), and its settings.
pub struct MailIn<S, M, A> {
    pub repo: Repo<S>,
    pub mailer: M,
    pub archive: A,
    pub settings: IngestSettings,
}

impl<S: Store, M: Mailer, A: Archive> MailIn<S, M, A> {
    /// Ingest one mail: the gate decides on the header block, and only an admitted mail's body
    /// is parsed. Answers are sent only after the write that makes a retried delivery a
    /// duplicate, so a mail is answered once.
    pub async fn ingest(
        &self,
        envelope: &Envelope,
        raw: &[u8],
    ) -> Result<IngestOutcome, IngestError> {
        let facts = match HeaderFacts::read(raw) {
            Ok(facts) => facts,
            Err(problem) => {
                return Ok(IngestOutcome::Rejected(Rejection::UnreadableHeaders {
                    detail: problem.to_string(),
                }));
            }
        };
        self.gate_then(envelope, &facts, || parse(raw)).await
    }

    /// The same steps for a mail already parsed (one built by a test): the gate reads the
    /// parsed sender, recipients, subject and kind in place of the header block.
    pub async fn ingest_parsed(
        &self,
        envelope: &Envelope,
        parsed: &ParsedMail,
    ) -> Result<IngestOutcome, IngestError> {
        let facts = HeaderFacts {
            sender: Email::parse(&parsed.from_address).map_err(|_| SenderProblem::NotAPlainAddress),
            recipients: parsed.recipients.clone(),
            subject: parsed.subject.clone(),
            message_id: parsed.message_id.clone(),
            automatic: match parsed.kind {
                MailKind::AutoReply => Some(Automatic::AutoReply),
                MailKind::Bounce => Some(Automatic::Bounce),
                _ => None,
            },
            dkim_domains: Vec::new(),
        };
        self.gate_then(envelope, &facts, || parsed.clone()).await
    }

    async fn gate_then(
        &self,
        envelope: &Envelope,
        facts: &HeaderFacts,
        parse: impl FnOnce() -> ParsedMail,
    ) -> Result<IngestOutcome, IngestError> {
        let span = tracing::info_span!(
            "ingest",
            message_id = %envelope.message_id,
            mentorship = tracing::field::Empty
        );
        async {
            let settings = &self.settings;
            let decision = admit(
                &self.repo,
                &settings.domain,
                &settings.token_key,
                envelope,
                facts,
            )
            .await?;
            let outcome = match decision {
                Decision::Reject(Rejection::Unauthenticated { sender, why }) => {
                    let claimed = Email::normalised(&sender);
                    unverified::notify(self, envelope, facts, &claimed, why).await?;
                    Ok(IngestOutcome::Rejected(Rejection::Unauthenticated {
                        sender,
                        why,
                    }))
                }
                Decision::Reject(rejection) => Ok(IngestOutcome::Rejected(rejection)),
                Decision::Admit(Admitted::Notes { sender }) => {
                    notes::record_notes(self, envelope, &parse(), &sender).await
                }
                Decision::Admit(Admitted::Reply {
                    sender,
                    token,
                    mentorship,
                    unsubscribe,
                }) => {
                    let reply = Reply {
                        sender,
                        token,
                        mentorship: *mentorship,
                        unsubscribe,
                    };
                    self.record_reply(envelope, reply, &parse()).await
                }
            }?;
            if let IngestOutcome::Rejected(rejection) = &outcome {
                not_recorded::notify(self, envelope, facts, rejection).await?;
            }
            Ok(outcome)
        }
        .instrument(span)
        .await
    }

    /// The mentor's List-Unsubscribe mailto: stop mail to the mentor, once.
    async fn stop_mentor(
        &self,
        envelope: &Envelope,
        mentorship: &crate::domain::Mentorship,
    ) -> Result<IngestOutcome, IngestError> {
        let Some(mentor) = self.repo.person(&mentorship.mentor).await? else {
            return Ok(IngestOutcome::Rejected(Rejection::UnknownMentorship {
                mentorship_id: mentorship.id.clone(),
            }));
        };
        let changes = stop_changes(
            &mentor,
            &mentorship.id,
            envelope.received_at,
            &envelope.message_id,
            "unsubscribe mail",
        );
        Ok(outcome::record_once(&self.repo, envelope, &mentorship.id, "stop", changes).await?)
    }

    async fn record_reply(
        &self,
        envelope: &Envelope,
        reply: Reply,
        parsed: &ParsedMail,
    ) -> Result<IngestOutcome, IngestError> {
        let Reply {
            sender,
            token,
            mentorship,
            unsubscribe,
        } = reply;
        tracing::Span::current().record("mentorship", mentorship.id.as_str());
        if token.about == TokenAbout::Mentor {
            return self.stop_mentor(envelope, &mentorship).await;
        }
        let text = if unsubscribe {
            "stop".to_string()
        } else {
            parsed.reply_text.trim().to_string()
        };
        // Commands, goal answers and kickoff goals change records instead of writing a
        // reflection.
        let text = match replies::mentee_reply(
            &self.repo,
            &token,
            &mentorship,
            &text,
            &parsed.sections,
            envelope,
        )
        .await?
        {
            ReplyStep::Handled(outcome) => {
                if !unsubscribe {
                    self.keep_files_of_handled_reply(
                        envelope,
                        &sender,
                        &token,
                        &mentorship,
                        parsed,
                    )
                    .await?;
                }
                return Ok(outcome);
            }
            ReplyStep::Continue(text) => text,
        };
        let files = select(&parsed.attachments, &self.settings.attachments);
        // A reply that only answered inline has its answers in `sections`; one that only
        // carries files is kept for them.
        if text.is_empty() && parsed.sections.is_empty() && files.kept.is_empty() {
            return Ok(IngestOutcome::Rejected(Rejection::EmptyReply));
        }
        let done_text = (matches!(token.about, TokenAbout::Prompt(_))
            && text
                .lines()
                .any(|l| crate::mail::item_commands::done_with_words(l).is_some()))
        .then(|| text.clone());
        let mut entry = reflection(
            envelope,
            &sender,
            &mentorship.id,
            parsed,
            EntryBody::Reflection {
                prompt: token.prompt,
                text,
                answers: Answer::from_sections(&parsed.sections),
                decision: match &token.about {
                    TokenAbout::Decision(id) => Some(id.clone()),
                    _ => None,
                },
            },
        );
        attachments::keep(&self.archive, &mut entry, &parsed.attachments, files).await?;
        let entry = overflow::fitted(&self.archive, entry).await?;
        let mut changes = Changes::new();
        changes.entry_once(&entry);
        // "done: send the deck outline" closes the item it names, in the reflection's batch.
        if let Some(text) = done_text {
            let mentor_name = self
                .repo
                .person(&mentorship.mentor)
                .await?
                .map(|p| p.name)
                .unwrap_or_default();
            let theirs: Vec<_> = self
                .repo
                .open_items(&mentorship.id)
                .await?
                .into_iter()
                .filter(|i| i.is_for_mentee(&mentor_name))
                .collect();
            let done = items::mentee_done(&mentorship.id, &theirs, &text, envelope, &mut changes);
            tracing::info!(
                closed = done.closed.len(),
                unmatched = done.unmatched.len(),
                "mentee's done lines"
            );
        }
        Ok(
            outcome::record_once(&self.repo, envelope, &mentorship.id, "reflection", changes)
                .await?,
        )
    }

    /// A command or goal answer ("pause 2 weeks", "done") writes no reflection; files sent with
    /// it are kept in a reflection of their own, so nothing the mentee sent vanishes. Its own
    /// message marker (`<id>#files`) makes a redelivery keep them once.
    async fn keep_files_of_handled_reply(
        &self,
        envelope: &Envelope,
        sender: &Email,
        token: &crate::mail::token::ReplyToken,
        mentorship: &crate::domain::Mentorship,
        parsed: &ParsedMail,
    ) -> Result<(), IngestError> {
        let files = select(&parsed.attachments, &self.settings.attachments);
        if files.kept.is_empty() && files.skipped.is_empty() {
            return Ok(());
        }
        let envelope = Envelope {
            message_id: format!("{}#files", envelope.message_id),
            ..envelope.clone()
        };
        let mut entry = reflection(
            &envelope,
            sender,
            &mentorship.id,
            parsed,
            EntryBody::Reflection {
                prompt: token.prompt,
                text: String::new(),
                answers: Vec::new(),
                decision: None,
            },
        );
        attachments::keep(&self.archive, &mut entry, &parsed.attachments, files).await?;
        let mut changes = Changes::new();
        changes.entry_once(&entry);
        outcome::record_once(&self.repo, &envelope, &mentorship.id, "files", changes).await?;
        Ok(())
    }
}

/// The entry of a mentee's mail with `body`, before its files are kept.
fn reflection(
    envelope: &Envelope,
    sender: &Email,
    mentorship_id: &str,
    parsed: &ParsedMail,
    body: EntryBody,
) -> Entry {
    Entry {
        mentorship_id: mentorship_id.to_string(),
        at: envelope.received_at,
        message_id: envelope.message_id.clone(),
        author: sender.clone(),
        subject: parsed.subject.clone(),
        body,
        overflow: None,
        attachments: Vec::new(),
        skipped_attachments: Vec::new(),
    }
}

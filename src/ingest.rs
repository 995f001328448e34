//! The inbound use case: one received mail -> at most one record, and an outcome that says why.
//!
//! The steps, each a small function: check the receiving server's verdicts, parse, drop what must
//! never create records (auto-replies, bounces), route by recipient (a signed reply token, or the
//! notes address), authorise the sender against the participant that route implies, and write
//! the entry together with the message's dedupe marker in one atomic write, so the same message
//! delivered twice writes once.

use jiff::Timestamp;
use serde::Serialize;

use crate::domain::ids::normalise_address;
use crate::domain::{Entry, EntryBody};
use crate::mail::parse::{MailKind, ParsedMail, parse};
use crate::mail::token::{REPLY_PREFIX, TokenKey, UNSUBSCRIBE_PREFIX};
use crate::send::Mailer;
use crate::store::records::{InboundSeen, keys, to_item};
use crate::store::repo::Repo;
use crate::store::{Condition, Store, StoreError, Write};

/// How long the dedupe marker of an inbound message is kept (SES retries for hours, not weeks).
const SEEN_TTL_DAYS: i64 = 30;

/// A verdict of the receiving server (SES's spam, virus, SPF, DKIM, DMARC checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Gray,
    ProcessingFailed,
    Disabled,
    /// Not reported (local ingest of a file).
    #[default]
    Unknown,
}

impl Verdict {
    /// From SES's status strings (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, `DISABLED`).
    pub fn from_ses(status: Option<&str>) -> Self {
        match status.map(str::to_ascii_uppercase).as_deref() {
            Some("PASS") => Verdict::Pass,
            Some("FAIL") => Verdict::Fail,
            Some("GRAY") => Verdict::Gray,
            Some("PROCESSING_FAILED") => Verdict::ProcessingFailed,
            Some("DISABLED") => Verdict::Disabled,
            _ => Verdict::Unknown,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub spam: Verdict,
    pub virus: Verdict,
    pub dmarc: Verdict,
}

/// What the receiving side knows about a mail besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// SES messageId (or, locally, the file's Message-ID): the dedupe key.
    pub message_id: String,
    pub received_at: Timestamp,
    /// Envelope recipients (SES receipt recipients); empty locally, then To/Cc are used.
    pub recipients: Vec<String>,
    pub verdicts: Verdicts,
}

/// Settings the use case needs.
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

/// Why a mail wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Rejection {
    /// SES said spam, virus, or DMARC failed.
    FailedVerdict {
        check: String,
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
}

/// What happened to a mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum IngestOutcome {
    Recorded {
        mentorship_id: String,
        /// `reflection` or `feedback`.
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
}

/// Ingest one mail. `mailer` sends what answers it (the acknowledgement of a mentor's notes, the
/// "which mentee?" question), only after the write that makes a retried delivery a duplicate.
pub async fn ingest<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &IngestSettings,
    envelope: &Envelope,
    raw: &[u8],
) -> Result<IngestOutcome, IngestError> {
    if let Some(check) = failed_verdict(&envelope.verdicts) {
        return Ok(IngestOutcome::Rejected(Rejection::FailedVerdict {
            check: check.into(),
        }));
    }
    let parsed = parse(raw);
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
            .map(|r| normalise_address(r))
            .collect()
    };
    let sender = normalise_address(&parsed.from_address);
    let entry = match route(settings, &recipients) {
        Route::Reply { token, unsubscribe } => {
            let token = match settings.token_key.verify(&token) {
                Ok(t) => t,
                Err(e) => {
                    return Ok(IngestOutcome::Rejected(Rejection::BadToken {
                        detail: e.to_string(),
                    }));
                }
            };
            let Some(mentorship) = repo.mentorship(&token.mentorship_id).await? else {
                return Ok(IngestOutcome::Rejected(Rejection::UnknownMentorship {
                    mentorship_id: token.mentorship_id,
                }));
            };
            if sender != mentorship.mentee {
                return Ok(IngestOutcome::Rejected(Rejection::SenderMismatch {
                    sender,
                }));
            }
            let text = if unsubscribe {
                "stop".to_string()
            } else {
                reflection_text(&parsed)
            };
            // Commands, goal answers and kickoff goals change records instead of writing a
            // reflection (crate::replies).
            let text =
                match crate::replies::mentee_reply(repo, &token, &mentorship, &text, envelope)
                    .await?
                {
                    crate::replies::ReplyStep::Handled(outcome) => return Ok(outcome),
                    crate::replies::ReplyStep::Continue(text) => text,
                };
            if text.is_empty() && parsed.sections.is_empty() {
                return Ok(IngestOutcome::Rejected(Rejection::EmptyReply));
            }
            Entry {
                mentorship_id: mentorship.id,
                at: envelope.received_at,
                message_id: envelope.message_id.clone(),
                author: sender,
                subject: parsed.subject.clone(),
                body: EntryBody::Reflection {
                    prompt: token.prompt,
                    text,
                    answers: crate::domain::entry::Answer::from_sections(&parsed.sections),
                },
            }
        }
        Route::Notes => {
            return crate::feedback::record_notes(repo, mailer, settings, envelope, &parsed).await;
        }
        Route::None => return Ok(IngestOutcome::Rejected(Rejection::NoRoute)),
    };
    record(repo, envelope, entry, Vec::new()).await
}

/// The text of a reflection: the reply's new text; a reply that only answered inline has its
/// answers in `sections` and an empty `reply_text`.
fn reflection_text(parsed: &ParsedMail) -> String {
    parsed.reply_text.trim().to_string()
}

/// The write that marks an inbound message as seen, and fails if it already was: every use
/// case that acts on a mail puts it in the same atomic write as its records, so a retried
/// delivery changes nothing. `outcome` says what was done, for support questions.
pub fn seen_marker(envelope: &Envelope, outcome: String) -> Result<Write, StoreError> {
    Ok(Write::Put {
        item: to_item(
            keys::inbound_seen(&envelope.message_id),
            "inbound_seen",
            &InboundSeen {
                message_id: envelope.message_id.clone(),
                received_at: envelope.received_at,
                outcome,
            },
            None,
            Some(envelope.received_at.as_second() + SEEN_TTL_DAYS * 86_400),
        )?,
        condition: Condition::NotExists,
    })
}

/// Write `entry`, the message's dedupe marker and `extra` (records that come with the entry) in
/// one atomic write: all or nothing, and a second delivery of the message writes nothing.
pub(crate) async fn record<S: Store>(
    repo: &Repo<S>,
    envelope: &Envelope,
    entry: Entry,
    extra: Vec<Write>,
) -> Result<IngestOutcome, IngestError> {
    let kind = match entry.body {
        EntryBody::Reflection { .. } => "reflection",
        EntryBody::Feedback { .. } => "feedback",
    };
    let mut writes = vec![
        seen_marker(envelope, format!("{kind} for {}", entry.mentorship_id))?,
        Repo::<S>::entry_write(&entry)?,
    ];
    writes.extend(extra);
    match repo.store().write(writes).await {
        Ok(()) => Ok(IngestOutcome::Recorded {
            mentorship_id: entry.mentorship_id,
            entry: kind.into(),
        }),
        Err(StoreError::ConditionFailed) => Ok(IngestOutcome::Duplicate),
        Err(e) => Err(e.into()),
    }
}

enum Route {
    /// `reflect+TOKEN@`, or `unsubscribe+TOKEN@` (the prompts' List-Unsubscribe mailto), which
    /// is read as the command "stop" whatever the mail says.
    Reply {
        token: String,
        unsubscribe: bool,
    },
    Notes,
    None,
}

fn route(settings: &IngestSettings, recipients: &[String]) -> Route {
    let mut notes = false;
    for address in recipients {
        let Some((local, host)) = address.rsplit_once('@') else {
            continue;
        };
        if !host.eq_ignore_ascii_case(&settings.domain) {
            continue;
        }
        if let Some(token) = local.strip_prefix(REPLY_PREFIX) {
            return Route::Reply {
                token: token.to_string(),
                unsubscribe: false,
            };
        }
        if let Some(token) = local.strip_prefix(UNSUBSCRIBE_PREFIX) {
            return Route::Reply {
                token: token.to_string(),
                unsubscribe: true,
            };
        }
        if local.eq_ignore_ascii_case(&settings.notes_local_part) {
            notes = true;
        }
    }
    if notes { Route::Notes } else { Route::None }
}

fn failed_verdict(v: &Verdicts) -> Option<&'static str> {
    if v.dmarc == Verdict::Fail {
        Some("dmarc")
    } else if v.spam == Verdict::Fail {
        Some("spam")
    } else if v.virus == Verdict::Fail {
        Some("virus")
    } else {
        None
    }
}

//! SES receipt event -> raw mail from its source -> the inbound use case -> one JSON log line per
//! mail.

use aws_lambda_events::event::ses::{SimpleEmailEvent, SimpleEmailRecord};
use jiff::Timestamp;
use serde::Serialize;

use crate::mail_in::{Envelope, IngestError, IngestOutcome, MailIn, Verdict, Verdicts};
use crate::mailer::Mailer;
use crate::raw_mail::{RawMailSource, SourceError};
use crate::store::Store;

pub struct InboundHandler<S, M, R> {
    pub mail_in: MailIn<S, M>,
    /// Where SES put the raw mail.
    pub source: R,
}

/// The result for one record of the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordResult {
    pub message_id: String,
    #[serde(flatten)]
    pub outcome: RecordOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum RecordOutcome {
    Ingested(IngestOutcome),
    /// The raw mail could not be read (missing, too large, not a plain id): logged, nothing
    /// written; retrying would not change it.
    Unreadable {
        outcome: &'static str,
        error: String,
    },
}

/// A failure worth a Lambda retry (the store or S3 was unavailable).
#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    #[error("storing {message_id}: {source}")]
    Store {
        message_id: String,
        source: IngestError,
    },
    #[error("reading {message_id}: {source}")]
    Source {
        message_id: String,
        source: SourceError,
    },
}

fn envelope(record: &SimpleEmailRecord) -> Envelope {
    let ses = &record.ses;
    let verdict = |v: &aws_lambda_events::event::ses::SimpleEmailVerdict| {
        Verdict::from_ses(v.status.as_deref())
    };
    Envelope {
        message_id: ses.mail.message_id.clone().unwrap_or_default(),
        received_at: Timestamp::from_second(ses.receipt.timestamp.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH),
        recipients: ses.receipt.recipients.clone(),
        verdicts: Verdicts {
            spam: verdict(&ses.receipt.spam_verdict),
            virus: verdict(&ses.receipt.virus_verdict),
            dmarc: verdict(&ses.receipt.dmarc_verdict),
        },
    }
}

impl<S: Store, M: Mailer, R: RawMailSource> InboundHandler<S, M, R> {
    /// Handle one SES event (SES sends one record per invocation; several are handled in turn).
    pub async fn handle(&self, event: SimpleEmailEvent) -> Result<Vec<RecordResult>, InboundError> {
        let mut results = Vec::with_capacity(event.records.len());
        for record in &event.records {
            let envelope = envelope(record);
            let message_id = envelope.message_id.clone();
            let outcome = match self.source.fetch(&message_id).await {
                Ok(raw) => RecordOutcome::Ingested(
                    self.mail_in
                        .ingest(&envelope, &raw)
                        .await
                        .map_err(|source| InboundError::Store {
                            message_id: message_id.clone(),
                            source,
                        })?,
                ),
                Err(e @ SourceError::Backend { .. }) => {
                    return Err(InboundError::Source {
                        message_id,
                        source: e,
                    });
                }
                Err(e) => RecordOutcome::Unreadable {
                    outcome: "unreadable",
                    error: e.to_string(),
                },
            };
            let result = RecordResult {
                message_id,
                outcome,
            };
            log(&result);
            results.push(result);
        }
        Ok(results)
    }
}

fn log(result: &RecordResult) {
    let json = serde_json::to_string(result).unwrap_or_default();
    match &result.outcome {
        RecordOutcome::Ingested(IngestOutcome::Recorded { .. }) => {
            tracing::info!(result = %json, "inbound mail recorded")
        }
        RecordOutcome::Ingested(IngestOutcome::Duplicate) => {
            tracing::info!(result = %json, "inbound mail already seen")
        }
        RecordOutcome::Ingested(IngestOutcome::Rejected(_)) => {
            tracing::warn!(result = %json, "inbound mail rejected")
        }
        RecordOutcome::Unreadable { .. } => {
            tracing::error!(result = %json, "inbound mail unreadable")
        }
    }
}

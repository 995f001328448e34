//! SES receipt event -> raw mail from its source -> the inbound use case -> one JSON log line per
//! mail.

use aws_lambda_events::event::ses::{SimpleEmailEvent, SimpleEmailRecord};
use jiff::Timestamp;
use serde::Serialize;

use crate::archive::Archive;
use crate::mail_in::{
    Envelope, IngestError, IngestOutcome, MailIn, SenderChecks, Verdict, Verdicts,
};
use crate::mailer::Mailer;
use crate::metrics::{Metrics, emit};
use crate::raw_mail::{RawMailSource, SourceError};
use crate::store::Store;

pub struct InboundHandler<S, M, A, R> {
    pub mail_in: MailIn<S, M, A>,
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
    /// The records refused the mail as invalid, which a retry would meet again: not retried,
    /// and the raw mail kept in the archive (beyond the bucket's expiry) to be replayed once the
    /// cause is fixed.
    Unrecorded {
        outcome: &'static str,
        error: String,
        kept_at: String,
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

/// The envelope of one receipt record: recipients, content verdicts and the sender checks (a
/// verdict SES left out reads as unknown, which authenticates nothing).
pub fn envelope(record: &SimpleEmailRecord) -> Envelope {
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
        },
        sender_checks: Some(SenderChecks {
            spf: verdict(&ses.receipt.spf_verdict),
            dkim: verdict(&ses.receipt.dkim_verdict),
            dmarc: verdict(&ses.receipt.dmarc_verdict),
            mail_from: ses.mail.source.clone(),
        }),
    }
}

impl<S: Store, M: Mailer, A: Archive, R: RawMailSource> InboundHandler<S, M, A, R> {
    /// Handle one SES event (SES sends one record per invocation; several are handled in turn).
    pub async fn handle(&self, event: SimpleEmailEvent) -> Result<Vec<RecordResult>, InboundError> {
        let mut results = Vec::with_capacity(event.records.len());
        for record in &event.records {
            let envelope = envelope(record);
            let message_id = envelope.message_id.clone();
            let started = std::time::Instant::now();
            let outcome = match self.source.fetch(&message_id).await {
                Ok(raw) => match self.mail_in.ingest(&envelope, &raw).await {
                    Ok(outcome) => RecordOutcome::Ingested(outcome),
                    Err(e) if e.is_deterministic() => {
                        self.keep_unrecorded(&message_id, raw, e).await?
                    }
                    Err(source) => {
                        return Err(InboundError::Store { message_id, source });
                    }
                },
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
            emit_metrics(&result.outcome, started.elapsed());
            results.push(result);
        }
        Ok(results)
    }
}

impl<S: Store, M: Mailer, A: Archive, R: RawMailSource> InboundHandler<S, M, A, R> {
    /// Keep the raw mail of a message the records refused, so that it is not lost with the
    /// bucket's expiry; failing to keep it is worth a retry.
    async fn keep_unrecorded(
        &self,
        message_id: &str,
        raw: Vec<u8>,
        error: IngestError,
    ) -> Result<RecordOutcome, InboundError> {
        let name = format!("unrecorded/{message_id}.eml");
        let kept_at = self
            .mail_in
            .archive
            .keep(&name, raw)
            .await
            .map_err(|source| InboundError::Store {
                message_id: message_id.to_string(),
                source: source.into(),
            })?;
        Ok(RecordOutcome::Unrecorded {
            outcome: "unrecorded",
            error: error.to_string(),
            kept_at,
        })
    }
}

/// One mail's metrics: recorded by kind, seen before, rejected by reason, or unrecorded; and the
/// time its ingest took (read, parse, rules, store).
fn emit_metrics(outcome: &RecordOutcome, took: std::time::Duration) {
    let of = || Metrics::of(FUNCTION);
    let counted = match outcome {
        RecordOutcome::Ingested(IngestOutcome::Recorded { entry, .. }) => {
            of().by("Kind", entry).count("MailsRecorded", 1)
        }
        RecordOutcome::Ingested(IngestOutcome::Duplicate) => of().count("MailsSeenBefore", 1),
        RecordOutcome::Ingested(IngestOutcome::Rejected(rejection)) => {
            let reason = serde_json::to_value(rejection)
                .ok()
                .and_then(|v| v["reason"].as_str().map(String::from))
                .unwrap_or_default();
            of().by("Reason", &reason).count("MailsRejected", 1)
        }
        RecordOutcome::Unreadable { .. } => {
            of().by("Reason", "unreadable").count("MailsRejected", 1)
        }
        RecordOutcome::Unrecorded { .. } => of().count("MailsUnrecorded", 1),
    };
    emit(&counted);
    emit(&of().millis("IngestTime", took.as_secs_f64() * 1000.0));
}

/// The `Function` dimension of this handler's metrics.
const FUNCTION: &str = "inbound";

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
        RecordOutcome::Unrecorded { .. } => {
            tracing::error!(result = %json, "inbound mail refused by the records; raw mail kept")
        }
    }
}

/// The handler's own logic (what a missing or unreachable raw mail means, a retried event) on
/// in-memory doubles: a raw-mail source of fixed answers and a mailer that keeps what it is
/// given. The S3 adapter itself has its tests against moto.
#[cfg(all(test, feature = "local"))]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use super::*;
    use crate::admin::enrol::{Kickoff, enrol_pair};
    use crate::archive::folder::FolderArchive;
    use crate::domain::ids::mentorship_id;
    use crate::domain::{Cadence, Email, Mentorship, Person, Weekday};
    use crate::mail::authentication::Unauthenticated;
    use crate::mail::token::TokenKey;
    use crate::mail_in::{IngestSettings, MailIn, Rejection};
    use crate::mailer::{OutgoingMail, SendError};
    use crate::store::embedded::EmbeddedStore;
    use crate::store::repo::Repo;

    const EVENT: &str = include_str!("../../infra/events/ses-receipt-reply.json");
    const REPLY: &[u8] = include_bytes!("../../infra/examples/reply-gmail.eml");
    const MESSAGE_ID: &str = "o3vrnil0e2ic28trm7dfhrc2v0cnbc3ntg0eckg1";

    /// Raw mail by message id; an id mapped to `None` is a backend that does not answer.
    struct MemoryRawMail(HashMap<String, Option<Vec<u8>>>);

    impl RawMailSource for MemoryRawMail {
        async fn fetch(&self, message_id: &str) -> Result<Vec<u8>, SourceError> {
            match self.0.get(message_id) {
                Some(Some(raw)) => Ok(raw.clone()),
                Some(None) => Err(SourceError::Backend {
                    bucket: "memory".into(),
                    key: message_id.into(),
                    message: "unreachable".into(),
                }),
                None => Err(SourceError::NotFound {
                    bucket: "memory".into(),
                    key: message_id.into(),
                }),
            }
        }
    }

    #[derive(Default)]
    struct Kept(Mutex<Vec<OutgoingMail>>);

    impl Mailer for Kept {
        async fn send(&self, mail: &OutgoingMail) -> Result<String, SendError> {
            self.0.lock().unwrap().push(mail.clone());
            Ok("kept".into())
        }
    }

    /// The pair the sample event's reply token names (the demo's secret and domain).
    async fn handler(
        raw: Option<Option<Vec<u8>>>,
    ) -> InboundHandler<EmbeddedStore, Kept, FolderArchive, MemoryRawMail> {
        let repo = Repo::new(EmbeddedStore::open_in_memory().unwrap());
        let mentor = Person::new(
            Email::normalised("maya.chen@example.org"),
            "Maya Chen",
            crate::domain::Zone::utc(),
        );
        let mentee = Person::new(
            Email::normalised("sam.rivera@example.org"),
            "Sam Rivera",
            crate::domain::Zone::parse("Europe/London").unwrap(),
        );
        let mentorship = Mentorship::new(
            mentor.email.clone(),
            mentee.email.clone(),
            "PM Mentoring",
            Cadence::Weekly { day: Weekday::Mon },
            jiff::civil::time(9, 0, 0, 0),
            "2026-11-19T10:00:00Z".parse().unwrap(),
        );
        let now = mentorship.created_at;
        enrol_pair(&repo, &mentor, &mentee, &mentorship, now, Kickoff::Never)
            .await
            .unwrap();
        let mut mails = HashMap::new();
        if let Some(raw) = raw {
            mails.insert(MESSAGE_ID.to_string(), raw);
        }
        InboundHandler {
            mail_in: MailIn {
                repo,
                mailer: Kept::default(),
                archive: FolderArchive::new(std::env::temp_dir().join(format!(
                    "mentormail-inbound-test-{}",
                    crate::domain::ids::random_id()
                ))),
                settings: IngestSettings {
                    domain: "mentor.example.org".into(),
                    token_key: TokenKey::new("mentormail-demo-secret"),
                    from_address: "coach@mentor.example.org".into(),
                    programme: "PM Mentoring".into(),
                    unsubscribe_url: None,
                    attachments: Default::default(),
                },
            },
            source: MemoryRawMail(mails),
        }
    }

    fn event() -> SimpleEmailEvent {
        serde_json::from_str(EVENT).unwrap()
    }

    #[tokio::test]
    async fn a_reply_is_recorded_once_however_often_the_event_comes() {
        let handler = handler(Some(Some(REPLY.to_vec()))).await;
        let first = handler.handle(event()).await.unwrap();
        assert!(
            matches!(
                &first[0].outcome,
                RecordOutcome::Ingested(IngestOutcome::Recorded { entry, .. }) if entry == "reflection"
            ),
            "{first:?}"
        );
        let again = handler.handle(event()).await.unwrap();
        assert_eq!(
            again[0].outcome,
            RecordOutcome::Ingested(IngestOutcome::Duplicate)
        );
        let id = mentorship_id("maya.chen@example.org", "sam.rivera@example.org");
        assert_eq!(handler.mail_in.repo.timeline(&id).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn each_mail_leaves_an_emf_document_of_its_outcome_and_ingest_time() {
        let handler = handler(Some(Some(REPLY.to_vec()))).await;
        // The test runtime has one thread: every document the handler emits is on this one.
        crate::metrics::capture_on_this_thread();
        handler.handle(event()).await.unwrap();
        handler.handle(event()).await.unwrap();
        let text = crate::metrics::take_captured().join("\n");
        // Every line is a whole EMF document: CloudWatch reads the log event itself.
        let docs: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(docs.len(), 4, "{text}");
        let with = |metric: &str| {
            docs.iter()
                .find(|d| d.get(metric).is_some())
                .unwrap_or_else(|| panic!("no {metric} in {text}"))
        };
        let recorded = with("MailsRecorded");
        let directive = &recorded["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "mentormail");
        assert_eq!(
            directive["Dimensions"],
            serde_json::json!([["Function", "Kind"]])
        );
        assert_eq!(
            directive["Metrics"],
            serde_json::json!([{"Name": "MailsRecorded", "Unit": "Count"}])
        );
        assert_eq!(recorded["Function"], "inbound");
        assert_eq!(recorded["Kind"], "reflection");
        assert_eq!(recorded["MailsRecorded"], 1.0);
        assert!(recorded["_aws"]["Timestamp"].as_i64().unwrap() > 1_700_000_000_000);
        assert_eq!(with("MailsSeenBefore")["MailsSeenBefore"], 1.0);
        let timed = with("IngestTime");
        assert_eq!(
            timed["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Unit"],
            "Milliseconds"
        );
        assert!(timed["IngestTime"].as_f64().unwrap() > 0.0);
    }

    #[tokio::test]
    async fn a_missing_raw_mail_is_logged_as_unreadable_not_retried() {
        let handler = handler(None).await;
        let results = handler.handle(event()).await.unwrap();
        assert!(
            matches!(results[0].outcome, RecordOutcome::Unreadable { .. }),
            "{results:?}"
        );
    }

    #[tokio::test]
    async fn an_unreachable_source_fails_the_invocation_so_lambda_retries() {
        let handler = handler(Some(None)).await;
        let error = handler.handle(event()).await.unwrap_err();
        assert!(matches!(error, InboundError::Source { .. }), "{error}");
    }

    #[tokio::test]
    async fn a_failed_dmarc_verdict_writes_nothing_and_tells_the_claimed_sender_once() {
        let handler = handler(Some(Some(REPLY.to_vec()))).await;
        let mut event = event();
        event.records[0].ses.receipt.dmarc_verdict.status = Some("FAIL".into());
        for _ in 0..2 {
            let results = handler.handle(event.clone()).await.unwrap();
            assert_eq!(
                results[0].outcome,
                RecordOutcome::Ingested(IngestOutcome::Rejected(Rejection::Unauthenticated {
                    sender: "sam.rivera@example.org".into(),
                    why: Unauthenticated::DmarcFailed,
                }))
            );
        }
        let id = mentorship_id("maya.chen@example.org", "sam.rivera@example.org");
        assert!(handler.mail_in.repo.timeline(&id).await.unwrap().is_empty());
        let sent = handler.mail_in.mailer.0.lock().unwrap();
        assert_eq!(sent.len(), 1, "one notice, not one per delivery");
        assert_eq!(sent[0].to, ["sam.rivera@example.org"]);
        assert!(String::from_utf8_lossy(&sent[0].raw).contains("Not recorded"));
    }

    /// A store that refuses every write as invalid, as DynamoDB refuses an item it cannot hold.
    struct RefusingWrites(std::sync::Arc<EmbeddedStore>);

    impl crate::store::Store for RefusingWrites {
        async fn get(
            &self,
            key: &crate::store::Key,
        ) -> crate::store::StoreResult<Option<crate::store::Item>> {
            self.0.get(key).await
        }
        async fn query(
            &self,
            pk: &str,
            sk_prefix: &str,
        ) -> crate::store::StoreResult<Vec<crate::store::Item>> {
            self.0.query(pk, sk_prefix).await
        }
        async fn query_due(
            &self,
            shard: &str,
            upto: &str,
            limit: usize,
        ) -> crate::store::StoreResult<Vec<crate::store::Item>> {
            self.0.query_due(shard, upto, limit).await
        }
        async fn write(&self, _: Vec<crate::store::Write>) -> crate::store::StoreResult<()> {
            Err(crate::store::StoreError::Invalid("item too large".into()))
        }
    }

    #[tokio::test]
    async fn a_mail_the_records_refuse_is_kept_whole_and_not_retried() {
        let ready = handler(Some(Some(REPLY.to_vec()))).await;
        let store = std::sync::Arc::new(EmbeddedStore::open_in_memory().unwrap());
        // The enrolled pair, copied item by item into the refusing store's backing store.
        let id = mentorship_id("maya.chen@example.org", "sam.rivera@example.org");
        let pair = ready.mail_in.repo.mentorship(&id).await.unwrap().unwrap();
        let mut changes = crate::store::repo::Changes::new();
        changes.mentorship(&pair);
        for email in [&pair.mentor, &pair.mentee] {
            changes.person(&ready.mail_in.repo.person(email).await.unwrap().unwrap());
        }
        let copied = Repo::new(store.clone()).commit(changes).await.unwrap();
        assert_eq!(copied, crate::store::repo::Committed::Written);
        let refusing = InboundHandler {
            mail_in: MailIn {
                repo: Repo::new(RefusingWrites(store)),
                mailer: Kept::default(),
                archive: ready.mail_in.archive.clone(),
                settings: ready.mail_in.settings.clone(),
            },
            source: ready.source,
        };
        let results = refusing.handle(event()).await.expect("not retried");
        let RecordOutcome::Unrecorded { kept_at, error, .. } = &results[0].outcome else {
            panic!("{results:?}");
        };
        assert!(error.contains("item too large"), "{error}");
        assert_eq!(refusing.mail_in.archive.read(kept_at).await.unwrap(), REPLY);
    }
}

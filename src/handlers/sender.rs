//! SQS send jobs -> rendered mail through SES, paced to the account's send rate.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use jiff::Timestamp;
use tracing::Instrument as _;

use crate::jobs::SendJob;
use crate::mail_out::{MailOut, RunReport};
use crate::mailer::Mailer;
use crate::store::Store;

pub struct SenderHandler<S, M> {
    pub mail_out: MailOut<S, M>,
}

impl<S: Store, M: Mailer> SenderHandler<S, M> {
    /// Send the jobs of one batch at `now`. A job that cannot be read, or that fails before its
    /// mail left, is reported as a batch item failure so SQS delivers it again; on a FIFO queue
    /// the jobs after it are handed back too, to keep each mentorship's order. A job whose mail
    /// left is never handed back: its redelivery would send it twice.
    pub async fn handle(&self, event: SqsEvent, now: Timestamp) -> (SqsBatchResponse, RunReport) {
        let mut report = RunReport::default();
        let mut failures = Vec::new();
        let settings = self.mail_out.settings_for_batch().await;
        for record in event.records {
            let id = record.message_id.clone().unwrap_or_default();
            if !failures.is_empty() {
                failures.push(id);
                continue;
            }
            let job = match record.body.as_deref().map(serde_json::from_str::<SendJob>) {
                Some(Ok(job)) => job,
                Some(Err(e)) => {
                    tracing::error!(message_id = %id, error = %e, "unreadable send job");
                    failures.push(id);
                    continue;
                }
                None => {
                    tracing::error!(message_id = %id, "send job without a body");
                    failures.push(id);
                    continue;
                }
            };
            let span = tracing::info_span!("job", sqs_message_id = %id);
            if let Err(e) = self
                .mail_out
                .deliver_job(&settings, now, &job, &mut report)
                .instrument(span)
                .await
            {
                tracing::warn!(sqs_message_id = %id, mentorship = %job.mentorship_id, error = %e, "send job failed before sending; handed back");
                failures.push(id);
            }
        }
        tracing::info!(
            sent = report.sent.len(),
            skipped = report.skipped,
            stale = report.stale,
            failed = report.failed,
            rejected = report.rejected,
            dropped = report.dropped,
            deferred = report.deferred,
            unrecorded = report.unrecorded,
            handed_back = failures.len(),
            "send jobs finished"
        );
        let mut response = SqsBatchResponse::default();
        response.batch_item_failures = failures
            .into_iter()
            .map(|item_identifier| {
                let mut failure = BatchItemFailure::default();
                failure.item_identifier = item_identifier;
                failure
            })
            .collect();
        (response, report)
    }
}

/// The batch logic on in-memory doubles; the full path (SQS, DynamoDB, SES) has its tests
/// against moto.
#[cfg(all(test, feature = "local"))]
mod tests {
    use aws_lambda_events::event::sqs::SqsMessage;

    use super::*;
    use crate::config::Settings;
    use crate::mail::token::TokenKey;
    use crate::mailer::{OutgoingMail, SendError};
    use crate::store::embedded::EmbeddedStore;
    use crate::store::repo::Repo;

    /// Nothing in these batches may be sent.
    struct Refuses;

    impl Mailer for Refuses {
        async fn send(&self, _: &OutgoingMail) -> Result<String, SendError> {
            panic!("no job of this batch may send")
        }
    }

    fn message(id: &str, body: Option<&str>) -> SqsMessage {
        let mut message = SqsMessage::default();
        message.message_id = Some(id.into());
        message.body = body.map(str::to_string);
        message
    }

    #[tokio::test]
    async fn an_unreadable_job_and_the_jobs_after_it_are_handed_back() {
        let handler = SenderHandler {
            mail_out: MailOut {
                repo: Repo::new(EmbeddedStore::open_in_memory().unwrap()),
                mailer: Refuses,
                settings: Settings::from_env_with_key(TokenKey::new("secret")).schedule(),
            },
        };
        // A job whose claim expired long ago is stale: not sent, not handed back.
        let stale = SendJob {
            pk: "MENTORSHIP#m1".into(),
            sk: "SCHEDULE#PROMPT".into(),
            mentorship_id: "m1".into(),
            shard: "DUE#0".into(),
            due: "2026-11-30T09:00:00Z#MENTORSHIP#m1#SCHEDULE#PROMPT".into(),
            lease: "2026-11-30T10:00:00Z#MENTORSHIP#m1#SCHEDULE#PROMPT".into(),
            lease_until: "2026-11-30T10:00:00Z".parse().unwrap(),
            occurrence: "ab".repeat(32),
            mentor: None,
            mentee: None,
        };
        let stale = serde_json::to_string(&stale).unwrap();
        let mut event = SqsEvent::default();
        event.records = vec![
            message("a", Some(&stale)),
            message("b", Some("not a job")),
            message("c", Some(&stale)),
            message("d", None),
        ];
        let now = "2026-12-01T09:00:00Z".parse().unwrap();
        let (response, report) = handler.handle(event, now).await;
        let handed_back: Vec<&str> = response
            .batch_item_failures
            .iter()
            .map(|f| f.item_identifier.as_str())
            .collect();
        assert_eq!(handed_back, ["b", "c", "d"]);
        assert_eq!(report.stale, 1);
        assert!(report.sent.is_empty());
    }
}

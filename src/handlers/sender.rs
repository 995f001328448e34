//! SQS send jobs -> rendered mail through SES, paced to the account's send rate.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use jiff::Timestamp;
use tracing::Instrument as _;

use crate::jobs::SendJob;
use crate::mail_out::{MailOut, RunReport, ScheduleError};
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
            if !failures.is_empty() || report.stopped.is_some() {
                // After a failure, or once sending itself is refused (the stopped job's item was
                // released, so its redelivery is stale): the rest is handed back untried.
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
            stopped = report.stopped.as_deref(),
            "send jobs finished"
        );
        super::emit_run_metrics("sender", &report);
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

/// What the sender function answers Lambda for a handled batch. A batch in which sending itself
/// was refused fails as a whole, so that the function's error alarm fires: SQS then delivers the
/// whole batch again, which is safe, because every job whose mail left was recorded and its
/// redelivery is stale. Only when a mail left without its record being written would that
/// redelivery send it twice; then the precise answer is kept, and the next batch, refused alike,
/// raises the alarm.
pub fn lambda_result(
    response: SqsBatchResponse,
    report: RunReport,
) -> Result<SqsBatchResponse, ScheduleError> {
    if report.stopped.is_some() && report.unrecorded == 0 {
        return Err(ScheduleError::SendingStopped(Box::new(report)));
    }
    Ok(response)
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

    #[test]
    fn a_batch_stopped_by_a_refused_sending_fails_the_invocation() {
        let response = || {
            let mut response = SqsBatchResponse::default();
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = "c".into();
            response.batch_item_failures = vec![failure];
            response
        };
        let stopped = RunReport {
            stopped: Some("SendingPausedException: Sending paused for this account.".into()),
            ..RunReport::default()
        };
        let error = lambda_result(response(), stopped.clone()).unwrap_err();
        assert!(error.to_string().contains("Sending paused"), "{error}");
        // A mail that left unrecorded must not come back with the batch: the precise answer.
        let unrecorded = RunReport {
            unrecorded: 1,
            ..stopped
        };
        assert_eq!(lambda_result(response(), unrecorded).unwrap(), response());
        assert_eq!(
            lambda_result(response(), RunReport::default()).unwrap(),
            response()
        );
    }
}

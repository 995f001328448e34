//! SQS send jobs -> rendered mail through SES, paced to the account's send rate.

use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use jiff::Timestamp;

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
            if let Err(e) = self
                .mail_out
                .deliver_job(&settings, now, &job, &mut report)
                .await
            {
                tracing::warn!(message_id = %id, mentorship = %job.mentorship_id, error = %e, "send job failed before sending; handed back");
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

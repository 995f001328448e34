//! Replaying the failure queues of a deployed stack (`mentormail replay-failed --aws`).
//!
//! Two queues hold what failed: the functions' on-failure destination (asynchronous invocations
//! that failed every retry: Lambda's record with the original event as `requestPayload`) and the
//! send queue's dead-letter queue (send jobs). Each message is handed to the same handler code
//! the function runs, and deleted only once that handler succeeded, so a run can stop anywhere
//! and be run again: every handler is idempotent (an inbound message writes once by its SES id,
//! a bounce marks once and never undoes a later change).
//!
//! Some failures need no replay, and are deleted as `superseded`: a scheduler run (every due item
//! stays due until a run claims it, so the next run does the work) and a send job (its claim
//! lapsed with the lease, so the item is due again and the scheduler queues it anew).

use aws_lambda_events::event::ses::SimpleEmailEvent;
use aws_lambda_events::event::sns::SnsEvent;
use aws_sdk_sqs::error::DisplayErrorContext;
use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::inbound::InboundHandler;
use crate::admin::bounces::handle_ses_events;
use crate::archive::Archive;
use crate::jobs::SendJob;
use crate::mailer::Mailer;
use crate::raw_mail::RawMailSource;
use crate::store::Store;

/// What a failure-queue message holds.
#[derive(Debug)]
pub enum Failed {
    /// An SES receipt event the inbound function could not record.
    Inbound(Box<SimpleEmailEvent>),
    /// SES feedback (bounces, complaints, sends) through SNS, for the ses-events function.
    SesEvents(Box<SnsEvent>),
    /// A scheduler run (EventBridge).
    SchedulerRun,
    /// A send job the sender gave up on.
    SendJob(Box<SendJob>),
}

impl Failed {
    pub fn kind(&self) -> &'static str {
        match self {
            Failed::Inbound(_) => "inbound",
            Failed::SesEvents(_) => "ses-events",
            Failed::SchedulerRun => "scheduler",
            Failed::SendJob(_) => "send-job",
        }
    }
}

/// Read a failure-queue message body: Lambda's on-failure record (the event under
/// `requestPayload`) or a send job. The event's own shape says which function it was for.
pub fn read_failed(body: &str) -> Result<Failed, String> {
    let value: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    if let Ok(job) = serde_json::from_value::<SendJob>(value.clone()) {
        return Ok(Failed::SendJob(Box::new(job)));
    }
    let payload = value.get("requestPayload").unwrap_or(&value);
    let first = payload.pointer("/Records/0");
    let source = first
        .and_then(|r| r.get("eventSource").or_else(|| r.get("EventSource")))
        .and_then(Value::as_str);
    match source {
        Some("aws:ses") => serde_json::from_value(payload.clone())
            .map(|event| Failed::Inbound(Box::new(event)))
            .map_err(|e| format!("an SES receipt event that does not parse: {e}")),
        Some("aws:sns") => serde_json::from_value(payload.clone())
            .map(|event| Failed::SesEvents(Box::new(event)))
            .map_err(|e| format!("an SNS event that does not parse: {e}")),
        _ if payload.get("detail-type").and_then(Value::as_str) == Some("Scheduled Event") => {
            Ok(Failed::SchedulerRun)
        }
        _ => Err("neither an on-failure record of a known function nor a send job".into()),
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Replayed {
    /// The handler ran and succeeded; the message was deleted.
    Replayed,
    /// Nothing to replay (see the module's doc); the message was deleted.
    Superseded,
    /// The handler failed again; the message stays for a later run.
    Failed,
    /// Not a message this command knows; it stays for a person to look at.
    Unreadable,
}

/// One line of the command's report.
#[derive(Debug, Clone, Serialize)]
pub struct ReplayLine {
    pub queue: String,
    pub message_id: String,
    pub kind: String,
    pub result: Replayed,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The handlers a replay hands messages to.
pub struct Replayer<'h, S, M, A, R> {
    pub inbound: &'h InboundHandler<S, M, A, R>,
    pub sqs: aws_sdk_sqs::Client,
}

/// A message read is hidden this long: one that fails again is not read twice in one run.
const VISIBILITY_SECONDS: i32 = 120;

impl<S: Store, M: Mailer, A: Archive, R: RawMailSource> Replayer<'_, S, M, A, R> {
    /// Replay every message of `queue_url` once: read until the queue answers empty (messages
    /// that fail again are hidden for a while, so one run sees each message once).
    pub async fn replay_queue(
        &self,
        queue_url: &str,
        now: Timestamp,
    ) -> Result<Vec<ReplayLine>, String> {
        let mut lines = Vec::new();
        loop {
            let received = self
                .sqs
                .receive_message()
                .queue_url(queue_url)
                .max_number_of_messages(10)
                .visibility_timeout(VISIBILITY_SECONDS)
                .wait_time_seconds(0)
                .send()
                .await
                .map_err(|e| format!("reading {queue_url}: {}", DisplayErrorContext(&e)))?;
            let messages = received.messages.unwrap_or_default();
            if messages.is_empty() {
                return Ok(lines);
            }
            for message in messages {
                let message_id = message.message_id.clone().unwrap_or_default();
                let (kind, result, detail) = match read_failed(message.body().unwrap_or("")) {
                    Ok(failed) => {
                        let kind = failed.kind();
                        let (result, detail) = self.replay(failed, now).await;
                        (kind.to_string(), result, detail)
                    }
                    Err(why) => ("unknown".to_string(), Replayed::Unreadable, Some(why)),
                };
                if matches!(result, Replayed::Replayed | Replayed::Superseded)
                    && let Some(handle) = message.receipt_handle()
                {
                    self.sqs
                        .delete_message()
                        .queue_url(queue_url)
                        .receipt_handle(handle)
                        .send()
                        .await
                        .map_err(|e| {
                            format!("deleting {message_id}: {}", DisplayErrorContext(&e))
                        })?;
                }
                lines.push(ReplayLine {
                    queue: queue_url.to_string(),
                    message_id,
                    kind,
                    result,
                    detail,
                });
            }
        }
    }

    async fn replay(&self, failed: Failed, now: Timestamp) -> (Replayed, Option<String>) {
        match failed {
            Failed::Inbound(event) => match self.inbound.handle(*event).await {
                Ok(results) => (Replayed::Replayed, serde_json::to_string(&results).ok()),
                Err(e) => (Replayed::Failed, Some(e.to_string())),
            },
            Failed::SesEvents(event) => {
                match handle_ses_events(&self.inbound.mail_in.repo, *event, now).await {
                    Ok(marked) => (Replayed::Replayed, Some(format!("{marked} marked"))),
                    Err(e) => (Replayed::Failed, Some(e.to_string())),
                }
            }
            Failed::SchedulerRun => (
                Replayed::Superseded,
                Some("due items stay due: the next scheduler run sends them".into()),
            ),
            Failed::SendJob(job) => (
                Replayed::Superseded,
                Some(format!(
                    "the claim on {} lapsed; the item is due again and will be queued anew",
                    job.mentorship_id
                )),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECEIPT: &str = include_str!("../../infra/events/ses-receipt-reply.json");

    fn on_failure(payload: &str) -> String {
        format!(
            r#"{{"version":"1.0","timestamp":"2026-11-23T12:30:00.000Z",
            "requestContext":{{"requestId":"r1","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:mentormail-InboundFunction-x:$LATEST","condition":"RetriesExhausted","approximateInvokeCount":3}},
            "requestPayload":{payload},
            "responseContext":{{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"}},
            "responsePayload":{{"errorMessage":"storing: throttled"}}}}"#
        )
    }

    #[test]
    fn on_failure_records_are_read_by_the_shape_of_their_event() {
        assert!(matches!(
            read_failed(&on_failure(RECEIPT)),
            Ok(Failed::Inbound(_))
        ));
        let scheduled = r#"{"version":"0","id":"x","detail-type":"Scheduled Event","source":"aws.events","account":"1","time":"2026-11-23T12:30:00Z","region":"us-east-1","resources":[],"detail":{}}"#;
        assert!(matches!(
            read_failed(&on_failure(scheduled)),
            Ok(Failed::SchedulerRun)
        ));
        let sns = r#"{"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn":"arn:x","Sns":{"Type":"Notification","MessageId":"m","TopicArn":"arn:t","Subject":null,"Message":"{}","Timestamp":"2026-11-26T14:00:00.000Z","SignatureVersion":"1","Signature":"x","SigningCertUrl":"https://x","UnsubscribeUrl":"https://x","MessageAttributes":{}}}]}"#;
        assert!(matches!(
            read_failed(&on_failure(sns)),
            Ok(Failed::SesEvents(_))
        ));
    }

    #[test]
    fn anything_else_is_unreadable_and_says_why() {
        for body in ["", "not json", "{}", r#"{"requestPayload":{"Records":[]}}"#] {
            assert!(read_failed(body).is_err(), "{body:?}");
        }
    }
}

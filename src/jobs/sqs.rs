//! SQS adapter of the send queue: one `SendMessageBatch` per ten jobs on a FIFO queue, the
//! mentorship as message group and the claim as deduplication id.

use aws_sdk_sqs::error::DisplayErrorContext;
use aws_sdk_sqs::types::SendMessageBatchRequestEntry;

use super::{JobQueue, QueueError, SendJob};

#[derive(Debug, Clone)]
pub struct SqsQueue {
    pub client: aws_sdk_sqs::Client,
    pub queue_url: String,
}

impl SqsQueue {
    pub fn new(client: aws_sdk_sqs::Client, queue_url: impl Into<String>) -> Self {
        Self {
            client,
            queue_url: queue_url.into(),
        }
    }
}

impl JobQueue for SqsQueue {
    async fn enqueue(&self, jobs: &[SendJob]) -> Result<Vec<usize>, QueueError> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let mut entries = Vec::with_capacity(jobs.len());
        for (i, job) in jobs.iter().enumerate() {
            let body = serde_json::to_string(job).map_err(|e| QueueError(e.to_string()))?;
            entries.push(
                SendMessageBatchRequestEntry::builder()
                    .id(i.to_string())
                    .message_body(body)
                    .message_group_id(job.group())
                    .message_deduplication_id(job.deduplication_id())
                    .build()
                    .map_err(|e| QueueError(e.to_string()))?,
            );
        }
        let output = self
            .client
            .send_message_batch()
            .queue_url(&self.queue_url)
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| QueueError(DisplayErrorContext(&e).to_string()))?;
        let mut refused = Vec::new();
        for failed in output.failed() {
            tracing::warn!(id = %failed.id(), code = %failed.code(), message = ?failed.message(), "job not queued");
            if let Ok(i) = failed.id().parse::<usize>() {
                refused.push(i);
            }
        }
        Ok(refused)
    }
}

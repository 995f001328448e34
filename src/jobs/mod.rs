//! The send queue: one job per claimed schedule item, from the scheduler to the sender
//! functions. [`sqs::SqsQueue`] in production (an SQS FIFO queue, the mentorship as message group,
//! so two jobs for the same item never run at the same time and SQS adds no duplicates).

use std::future::Future;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::Key;

#[cfg(feature = "aws")]
pub mod sqs;

/// One claimed item to send: what the sender needs to find it and to check the claim is still
/// this job's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendJob {
    pub pk: String,
    pub sk: String,
    pub mentorship_id: String,
    /// The item's due shard.
    pub shard: String,
    /// Where the item was due; it goes back there when the send fails for now.
    pub due: String,
    /// The claim: the item's `due_sk` while the job is queued.
    pub lease: String,
    /// When the claim expires.
    pub lease_until: Timestamp,
    /// The occurrence being sent, whose acknowledgement is read with the pair.
    pub occurrence: String,
    /// The pair's addresses when the item carries them, so the sender reads the pair in one
    /// batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentee: Option<String>,
}

impl SendJob {
    pub fn key(&self) -> Key {
        Key::new(&self.pk, &self.sk)
    }

    /// Jobs of one mentorship run one at a time, in order.
    pub fn group(&self) -> &str {
        &self.mentorship_id
    }

    /// The same claim queued twice (a retried enqueue) is one job.
    pub fn deduplication_id(&self) -> String {
        let digest = Sha256::new()
            .chain_update(self.pk.as_bytes())
            .chain_update([0])
            .chain_update(self.sk.as_bytes())
            .chain_update([0])
            .chain_update(self.lease.as_bytes())
            .finalize();
        data_encoding::HEXLOWER.encode(&digest)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("queue: {0}")]
pub struct QueueError(pub String);

/// The send queue port: [`sqs::SqsQueue`] in production.
pub trait JobQueue: Send + Sync {
    /// Queue `jobs` (at most 10); returns the indices of jobs the queue did not take.
    fn enqueue(
        &self,
        jobs: &[SendJob],
    ) -> impl Future<Output = Result<Vec<usize>, QueueError>> + Send;
}

/// A borrowed queue is a queue: one queue can serve a planner and a test's checks.
impl<Q: JobQueue + ?Sized> JobQueue for &Q {
    fn enqueue(
        &self,
        jobs: &[SendJob],
    ) -> impl Future<Output = Result<Vec<usize>, QueueError>> + Send {
        (**self).enqueue(jobs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> SendJob {
        SendJob {
            pk: "MENTORSHIP#m1".into(),
            sk: "SCHEDULE#prompt".into(),
            mentorship_id: "m1".into(),
            shard: "DUE#3".into(),
            due: "2026-11-30T09:00:00Z#MENTORSHIP#m1#SCHEDULE#prompt".into(),
            lease: "2026-11-30T10:00:00Z#MENTORSHIP#m1#SCHEDULE#prompt".into(),
            lease_until: "2026-11-30T10:00:00Z".parse().unwrap(),
            occurrence: "0f3a".into(),
            mentor: Some("maya@example.org".into()),
            mentee: None,
        }
    }

    #[test]
    fn a_job_survives_the_queue_as_json() {
        let body = serde_json::to_string(&job()).unwrap();
        assert!(
            !body.contains("mentee"),
            "absent addresses are left out: {body}"
        );
        assert_eq!(serde_json::from_str::<SendJob>(&body).unwrap(), job());
    }

    #[test]
    fn the_deduplication_id_names_the_claim() {
        let a = job();
        let mut b = job();
        assert_eq!(a.deduplication_id(), b.deduplication_id());
        assert_eq!(a.deduplication_id().len(), 64);
        b.lease = "2026-11-30T11:00:00Z#MENTORSHIP#m1#SCHEDULE#prompt".into();
        assert_ne!(
            a.deduplication_id(),
            b.deduplication_id(),
            "a new claim is a new job"
        );
    }
}

//! Fan-out: the scheduler claims what is due and queues one send job per item; sender functions,
//! only as many as the SES send rate allows, render and send the jobs.
//!
//! One run of one function can send only so much in its time budget; a queue spreads the sends
//! over many invocations while the scheduler itself stays short. The queue is FIFO with the
//! mentorship as message group, so two jobs for the same item (a job whose lease expired and was
//! queued again) never run at the same time, and SQS itself adds no duplicates.
//!
//! The DynamoDB requests per mail stay those of a direct run: the planner's claim is the only
//! extra write a direct run also makes, and the sender re-reads the claimed item in the same
//! batch as the pair, checking that the claim is still this job's before anything is sent. A job
//! whose claim moved on (done, or expired and queued again) is stale and sends nothing.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::schedule::{
    Claimed, Found, PAGE, RunReport, ScheduleError, ScheduleSettings, claim, deliver,
    known_addresses, load_pair, release, send_ack,
};
use crate::send::Mailer;
use crate::store::records::{Scheduled, all_shards, due_upto, from_item, keys, occurrence_id};
use crate::store::repo::Repo;
use crate::store::{Due, Key, Store, StoreError};

#[cfg(feature = "aws")]
pub mod sqs;

/// How long a queued job's claim holds. Long enough for the queue to drain at the SES send rate
/// (14 mails/s send about 50,000 an hour); a job still queued after it is stale and its item is
/// queued again by the next run.
pub const QUEUE_LEASE: SignedDuration = SignedDuration::from_hours(1);

/// A sender leaves a job alone when less than this is left of its claim: a send and its
/// completing write must finish before another run may take the item.
pub const SEND_MARGIN: SignedDuration = SignedDuration::from_mins(2);

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
    /// The occurrence being sent ([`occurrence_id`]), whose acknowledgement is read with the pair.
    pub occurrence: String,
    /// The pair's addresses when the item carries them, so the sender reads the pair in one
    /// batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentee: Option<String>,
}

impl SendJob {
    fn of(claimed: &Claimed, lease_until: Timestamp) -> Self {
        let (mentor, mentee) = known_addresses(&claimed.scheduled).unzip();
        Self {
            pk: claimed.key.pk.clone(),
            sk: claimed.key.sk.clone(),
            mentorship_id: claimed.scheduled.mentorship_id.clone(),
            shard: claimed.due.shard.clone(),
            due: claimed.due.at.clone(),
            lease: claimed.lease.at.clone(),
            lease_until,
            occurrence: occurrence_id(&claimed.scheduled),
            mentor,
            mentee,
        }
    }

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

/// Claim everything due at `now` and queue a job for each. A job the queue does not take is
/// released at once, so the next run queues it again instead of waiting for its lease.
pub async fn enqueue_due<S: Store, Q: JobQueue>(
    repo: &Repo<S>,
    queue: &Q,
    lease: SignedDuration,
    now: Timestamp,
) -> Result<RunReport, ScheduleError> {
    let mut report = RunReport::default();
    let upto = due_upto(now);
    let lease_until = now.saturating_add(lease).unwrap_or(now);
    for shard in all_shards() {
        loop {
            let items = repo.store().query_due(&shard, &upto, PAGE).await?;
            let page_len = items.len();
            let mut claimed = Vec::with_capacity(page_len);
            for item in items {
                if let Some(c) = claim(repo, lease, now, item, &mut report).await? {
                    claimed.push(c);
                }
            }
            for chunk in claimed.chunks(10) {
                let jobs: Vec<SendJob> =
                    chunk.iter().map(|c| SendJob::of(c, lease_until)).collect();
                let refused = match queue.enqueue(&jobs).await {
                    Ok(refused) => refused,
                    Err(e) => {
                        tracing::warn!(error = %e, jobs = jobs.len(), "queueing failed; claims released");
                        (0..jobs.len()).collect()
                    }
                };
                for &i in &refused {
                    release(repo, &chunk[i]).await?;
                }
                report.failed += refused.len();
                report.queued += jobs.len() - refused.len();
            }
            if report.failed > 0 {
                // The queue is in trouble; what was released would come straight back in the
                // next page. The next run tries again.
                return Ok(report);
            }
            // Every item of the page left the due range (claimed or taken by another run), so
            // the next page starts with unseen items; a short page is the last. A page of which
            // nothing could be claimed means the index lags behind the claims: stop this shard
            // rather than spin, the next run sees the rest.
            if page_len < PAGE || claimed.is_empty() {
                break;
            }
        }
    }
    Ok(report)
}

/// Send one queued job at `now`: read the pair and the item in one batch, check the claim is
/// still the job's, then render, send and record as a direct run does. `Err` means nothing was
/// sent (the job may be retried); a stale job is counted and sends nothing.
pub async fn deliver_job<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &ScheduleSettings,
    now: Timestamp,
    job: &SendJob,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    if now.saturating_add(SEND_MARGIN).unwrap_or(now) >= job.lease_until {
        // Too late to send safely: the claim expires soon and the next run queues the item again.
        report.stale += 1;
        return Ok(());
    }
    let key = job.key();
    let known = job.mentor.clone().zip(job.mentee.clone());
    let (pair, also) = load_pair(
        repo,
        &job.mentorship_id,
        known,
        &[key.clone(), keys::send_ack(&job.occurrence)],
    )
    .await?;
    let mut also = also.into_iter();
    let (item, ack) = (also.next().flatten(), send_ack(also.next().flatten()));
    let Some(item) = item else {
        report.stale += 1;
        return Ok(());
    };
    let Some(lease) = item.due.clone().filter(|due| due.at == job.lease) else {
        report.stale += 1;
        return Ok(());
    };
    let scheduled: Scheduled = match from_item(&item) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(pk = %key.pk, sk = %key.sk, error = %e, "unreadable schedule item; left to its lease");
            report.stale += 1;
            return Ok(());
        }
    };
    let claimed = Claimed {
        key,
        scheduled,
        due: Due {
            shard: job.shard.clone(),
            at: job.due.clone(),
        },
        lease,
    };
    deliver(
        repo,
        mailer,
        settings,
        now,
        claimed,
        Found { pair, ack },
        report,
    )
    .await
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

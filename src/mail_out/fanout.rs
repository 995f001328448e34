//! Fan-out: the scheduler claims what is due and queues one send job per item; sender functions,
//! only as many as the SES send rate allows, render and send the jobs.
//!
//! One run of one function can send only so much in its time budget; a queue spreads the sends
//! over many invocations while the scheduler itself stays short. The DynamoDB requests per mail
//! stay those of a direct run: the planner's claim is the only extra write a direct run also
//! makes, and the sender re-reads the claimed item in the same batch as the pair, checking that
//! the claim is still this job's before anything is sent. A job whose claim moved on (done, or
//! expired and queued again) is stale and sends nothing.

use jiff::{SignedDuration, Timestamp};

use super::lease::claim;
use super::pair::known_addresses;
use super::report::{RunReport, ScheduleError};
use super::{MailOut, PAGE, deliver};
use crate::jobs::{JobQueue, SendJob};
use crate::mailer::Mailer;
use crate::store::records::occurrence_id;
use crate::store::repo::{Claimed, Repo, shards};
use crate::store::{Due, Store, StoreError};

/// How long a queued job's claim holds. Long enough for the queue to drain at the SES send rate
/// (14 mails/s send about 50,000 an hour); a job still queued after it is stale and its item is
/// queued again by the next run.
pub const QUEUE_LEASE: SignedDuration = SignedDuration::from_hours(1);

/// A sender leaves a job alone when less than this is left of its claim: a send and its
/// completing write must finish before another run may take the item.
pub const SEND_MARGIN: SignedDuration = SignedDuration::from_mins(2);

/// What a sender read with a job's item.
enum JobRead {
    Pair(Box<crate::store::repo::PairRead>),
    /// A programme-level item: SES's acknowledgement of its occurrence, if any.
    Programme(Option<crate::store::records::SendAck>),
}

/// The job that sends a claimed item.
fn job_for(claimed: &Claimed, lease_until: Timestamp) -> SendJob {
    let (mentor, mentee) = known_addresses(&claimed.scheduled).unzip();
    SendJob {
        pk: claimed.key.pk.clone(),
        sk: claimed.key.sk.clone(),
        mentorship_id: claimed.scheduled.mentorship_id.clone(),
        shard: claimed.due.shard.clone(),
        due: claimed.due.at.clone(),
        lease: claimed.lease.at.clone(),
        lease_until,
        occurrence: occurrence_id(&claimed.scheduled),
        mentor: mentor.map(|m| m.to_string()),
        mentee: mentee.map(|m| m.to_string()),
    }
}

/// The scheduler in fan-out mode: the store it claims in, the queue it hands jobs to, and how
/// long a queued job's claim holds.
pub struct Planner<S, Q> {
    pub repo: Repo<S>,
    pub queue: Q,
    pub lease: SignedDuration,
}

impl<S: Store, Q: JobQueue> Planner<S, Q> {
    /// Claim everything due at `now` and queue a job for each. A job the queue does not take is
    /// released at once, so the next run queues it again instead of waiting for its lease.
    pub async fn enqueue_due(&self, now: Timestamp) -> Result<RunReport, ScheduleError> {
        let mut report = RunReport::default();
        let lease_until = now.saturating_add(self.lease).unwrap_or(now);
        for shard in shards() {
            loop {
                let entries = self.repo.due_page(&shard, now, PAGE).await?;
                let page_len = entries.len();
                let mut claimed = Vec::with_capacity(page_len);
                for entry in entries {
                    if let Some(c) = claim(&self.repo, entry, lease_until, &mut report).await? {
                        claimed.push(c);
                    }
                }
                for chunk in claimed.chunks(10) {
                    let jobs: Vec<SendJob> =
                        chunk.iter().map(|c| job_for(c, lease_until)).collect();
                    let refused = match self.queue.enqueue(&jobs).await {
                        Ok(refused) => refused,
                        Err(e) => {
                            tracing::warn!(error = %e, jobs = jobs.len(), "queueing failed; claims released");
                            (0..jobs.len()).collect()
                        }
                    };
                    for &i in &refused {
                        let _ = self.repo.release(&chunk[i]).await?;
                    }
                    report.failed += refused.len();
                    report.queued += jobs.len() - refused.len();
                }
                if report.failed > 0 {
                    // The queue is in trouble; what was released would come straight back in the
                    // next page. The next run tries again.
                    return Ok(report);
                }
                // Every item of the page left the due range (claimed or taken by another run),
                // so the next page starts with unseen items; a short page is the last. A page of
                // which nothing could be claimed means the index lags behind the claims: stop
                // this shard rather than spin, the next run sees the rest.
                if page_len < PAGE || claimed.is_empty() {
                    break;
                }
            }
        }
        Ok(report)
    }
}

impl<S: Store, M: Mailer> MailOut<S, M> {
    /// Send one queued job at `now` with `settings` (the programme's question bank read once per
    /// batch, [`MailOut::settings_for_batch`]): read the pair and the item in one batch, check
    /// the claim is still the job's, then render, send and record as a direct run does. `Err`
    /// means nothing was sent (the job may be retried); a stale job is counted and sends nothing.
    pub async fn deliver_job(
        &self,
        settings: &super::ScheduleSettings,
        now: Timestamp,
        job: &SendJob,
        report: &mut RunReport,
    ) -> Result<(), StoreError> {
        if now.saturating_add(SEND_MARGIN).unwrap_or(now) >= job.lease_until {
            // Too late to send safely: the claim expires soon and the next run queues the item
            // again.
            report.stale += 1;
            return Ok(());
        }
        let key = job.key();
        let known = job
            .mentor
            .as_deref()
            .zip(job.mentee.as_deref())
            .map(|(mentor, mentee)| {
                (
                    crate::domain::Email::normalised(mentor),
                    crate::domain::Email::normalised(mentee),
                )
            });
        // A programme-level job (the weekly summary; no mentorship) reads its item and SES's
        // acknowledgement only.
        let (item, read) = if job.mentorship_id.is_empty() {
            let (item, ack) = self.repo.read_programme_item(&key, &job.occurrence).await?;
            (item, JobRead::Programme(ack))
        } else {
            let mut read = self
                .repo
                .read_pair(&job.mentorship_id, known, &job.occurrence, Some(&key))
                .await?;
            (read.item.take(), JobRead::Pair(Box::new(read)))
        };
        let Some(item) = &item else {
            report.stale += 1;
            return Ok(());
        };
        let Some(lease) = item.due.clone().filter(|due| due.at == job.lease) else {
            report.stale += 1;
            return Ok(());
        };
        let scheduled = match &item.scheduled {
            Ok(s) => s.clone(),
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
        match read {
            JobRead::Pair(read) => {
                deliver::deliver(self, settings, now, claimed, *read, report).await
            }
            JobRead::Programme(ack) => {
                super::summary::deliver(self, settings, now, claimed, ack, report).await
            }
        }
    }

    /// The settings for a batch of jobs: with the programme's own question bank when it can be
    /// read, else the configured one (the jobs' own reads will show whether the store is
    /// reachable at all).
    pub async fn settings_for_batch(&self) -> super::ScheduleSettings {
        match self.settings_now().await {
            Ok(settings) => settings,
            Err(e) => {
                tracing::warn!(error = %e, "programme question bank not read; the configured one is used");
                self.settings.clone()
            }
        }
    }
}

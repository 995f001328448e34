//! EventBridge scheduled event -> the scheduler use case at the current time.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use jiff::Timestamp;

use crate::fanout::{JobQueue, enqueue_due};
use crate::schedule::{RunReport, ScheduleError, ScheduleSettings, run};
use crate::send::Mailer;
use crate::store::Store;
use crate::store::repo::Repo;

pub struct SchedulerHandler<S, M> {
    pub repo: Repo<S>,
    pub mailer: M,
    pub settings: ScheduleSettings,
}

impl<S: Store, M: Mailer> SchedulerHandler<S, M> {
    /// Handle a scheduled event at `now` (the wall clock in production; any instant in tests).
    /// The event's own `time` is only logged: a late or retried delivery must still send what is
    /// due now, and a claim makes a second run at the same instant send nothing.
    pub async fn handle(
        &self,
        event: EventBridgeEvent<serde_json::Value>,
        now: Timestamp,
    ) -> Result<RunReport, ScheduleError> {
        let report = run(&self.repo, &self.mailer, &self.settings, now).await?;
        tracing::info!(
            event_time = ?event.time,
            sent = report.sent.len(),
            skipped = report.skipped,
            raced = report.raced,
            failed = report.failed,
            rejected = report.rejected,
            dropped = report.dropped,
            "scheduler run finished"
        );
        Ok(report)
    }
}

/// The scheduler in fan-out mode: claims what is due and queues a send job for each.
pub struct PlannerHandler<S, Q> {
    pub repo: Repo<S>,
    pub queue: Q,
    /// How long a queued job's claim holds ([`crate::fanout::QUEUE_LEASE`] in production).
    pub lease: jiff::SignedDuration,
}

impl<S: Store, Q: JobQueue> PlannerHandler<S, Q> {
    pub async fn handle(
        &self,
        event: EventBridgeEvent<serde_json::Value>,
        now: Timestamp,
    ) -> Result<RunReport, ScheduleError> {
        let report = enqueue_due(&self.repo, &self.queue, self.lease, now).await?;
        tracing::info!(
            event_time = ?event.time,
            queued = report.queued,
            raced = report.raced,
            failed = report.failed,
            dropped = report.dropped,
            "scheduler run queued its jobs"
        );
        Ok(report)
    }
}

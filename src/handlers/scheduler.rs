//! EventBridge scheduled event -> the scheduler use case at the current time.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use jiff::Timestamp;

use crate::jobs::JobQueue;
use crate::mail_out::{MailOut, Planner, RunReport, ScheduleError};
use crate::mailer::Mailer;
use crate::store::Store;

pub struct SchedulerHandler<S, M> {
    pub mail_out: MailOut<S, M>,
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
        let report = self.mail_out.run(now).await?;
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
        super::emit_run_metrics("scheduler", &report);
        Ok(report)
    }
}

/// The scheduler in fan-out mode: claims what is due and queues a send job for each.
pub struct PlannerHandler<S, Q> {
    pub planner: Planner<S, Q>,
}

impl<S: Store, Q: JobQueue> PlannerHandler<S, Q> {
    pub async fn handle(
        &self,
        event: EventBridgeEvent<serde_json::Value>,
        now: Timestamp,
    ) -> Result<RunReport, ScheduleError> {
        let report = self.planner.enqueue_due(now).await?;
        tracing::info!(
            event_time = ?event.time,
            queued = report.queued,
            raced = report.raced,
            failed = report.failed,
            dropped = report.dropped,
            "scheduler run queued its jobs"
        );
        super::emit_run_metrics("scheduler", &report);
        Ok(report)
    }
}

//! EventBridge scheduled event -> the scheduler use case at the current time.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use jiff::Timestamp;

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

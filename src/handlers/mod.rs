//! Lambda handlers as library functions: the binaries in `src/bin/` only build their clients once
//! and hand events to these, so tests can drive the very same code with real events.

pub mod inbound;
pub mod replay;
pub mod scheduler;
pub mod sender;
pub mod unsubscribe;

use std::collections::BTreeMap;

use crate::mail_out::RunReport;
use crate::metrics::{Metrics, emit};

/// The metrics of a scheduler or sender run: mails sent by kind, failures and refusals, jobs
/// queued.
pub fn emit_run_metrics(function: &str, report: &RunReport) {
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for sent in &report.sent {
        *by_kind.entry(sent.kind.as_str()).or_default() += 1;
    }
    for (kind, sent) in by_kind {
        emit(
            &Metrics::of(function)
                .by("Kind", kind)
                .count("MailsSent", sent),
        );
    }
    let mut totals = Metrics::of(function)
        .count("SendFailures", report.failed)
        .count("SendsRejected", report.rejected);
    if report.queued > 0 {
        totals = totals.count("JobsQueued", report.queued);
    }
    emit(&totals);
}

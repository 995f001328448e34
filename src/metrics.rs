//! CloudWatch metrics through the Embedded Metric Format: a JSON document on its own log line,
//! which CloudWatch Logs turns into metrics, with no API call from the function.
//!
//! The document must be the log event itself (a top-level `_aws` key), so it cannot travel as a
//! field of the functions' tracing JSON, where it would be nested under `fields`: [`emit`] prints
//! it as its own line on stdout, beside the tracing lines (Lambda makes each stdout line a log
//! event, in the JSON log format too). A test collects a thread's documents instead
//! ([`capture_on_this_thread`]).
//!
//! Metrics (namespace [`NAMESPACE`], dimension `Function`, and `Kind` or `Reason` where named):
//! `MailsRecorded` (Kind: reflection, feedback, pause, ...), `MailsRejected` (Reason), `MailsSeenBefore`,
//! `MailsUnrecorded`, `IngestTime` (milliseconds: parse, rules and store of one mail),
//! `MailsSent` (Kind: prompt, nudge, digest, ...), `SendFailures`, `SendsRejected`, `JobsQueued`,
//! `Bounces` (people SES reported as bouncing or complaining).

use std::io::Write as _;

use serde_json::{Map, Value, json};

/// The CloudWatch namespace of every metric.
pub const NAMESPACE: &str = "mentormail";

/// CloudWatch units used here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Milliseconds,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "Count",
            Unit::Milliseconds => "Milliseconds",
        }
    }
}

/// One EMF document: the metrics of one function under one set of dimensions.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    dimensions: Vec<(String, String)>,
    values: Vec<(String, Unit, f64)>,
}

impl Metrics {
    /// Metrics of `function` (the `Function` dimension).
    pub fn of(function: &str) -> Self {
        Metrics {
            dimensions: vec![("Function".into(), function.into())],
            values: Vec::new(),
        }
    }

    /// Another dimension (`Kind`, `Reason`).
    pub fn by(mut self, name: &str, value: &str) -> Self {
        self.dimensions.push((name.into(), value.into()));
        self
    }

    pub fn count(mut self, name: &str, value: usize) -> Self {
        self.values.push((name.into(), Unit::Count, value as f64));
        self
    }

    pub fn millis(mut self, name: &str, value: f64) -> Self {
        self.values.push((name.into(), Unit::Milliseconds, value));
        self
    }

    /// The EMF document at `timestamp_ms` (milliseconds since the epoch).
    pub fn document(&self, timestamp_ms: i64) -> Value {
        let dimension_names: Vec<&str> = self.dimensions.iter().map(|(n, _)| n.as_str()).collect();
        let metrics: Vec<Value> = self
            .values
            .iter()
            .map(|(name, unit, _)| json!({"Name": name, "Unit": unit.as_str()}))
            .collect();
        let mut doc = Map::new();
        doc.insert(
            "_aws".into(),
            json!({
                "Timestamp": timestamp_ms,
                "CloudWatchMetrics": [{
                    "Namespace": NAMESPACE,
                    "Dimensions": [dimension_names],
                    "Metrics": metrics,
                }],
            }),
        );
        for (name, value) in &self.dimensions {
            doc.insert(name.clone(), Value::String(value.clone()));
        }
        for (name, _, value) in &self.values {
            doc.insert(name.clone(), json!(value));
        }
        Value::Object(doc)
    }
}

/// Emit `metrics` now (nothing when they hold no value): the document as one line on stdout,
/// which Lambda hands to CloudWatch Logs as one log event.
pub fn emit(metrics: &Metrics) {
    if metrics.values.is_empty() {
        return;
    }
    let document = metrics
        .document(jiff::Timestamp::now().as_millisecond())
        .to_string();
    let captured = CAPTURED.with_borrow_mut(|captured| match captured {
        Some(lines) => {
            lines.push(document.clone());
            true
        }
        None => false,
    });
    if !captured {
        // One write of the whole line, so that lines of concurrent tasks do not interleave.
        let _ = std::io::stdout()
            .lock()
            .write_all(format!("{document}\n").as_bytes());
    }
}

thread_local! {
    /// This thread's documents, when a test collects them instead of printing them.
    static CAPTURED: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// From now on, keep the documents this thread emits (a test reading what a handler emitted on a
/// current-thread runtime) until [`take_captured`].
pub fn capture_on_this_thread() {
    CAPTURED.with_borrow_mut(|captured| *captured = Some(Vec::new()));
}

/// The documents kept since [`capture_on_this_thread`], one line each; printing resumes.
pub fn take_captured() -> Vec<String> {
    CAPTURED.with_borrow_mut(Option::take).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_names_its_namespace_dimensions_and_units_and_carries_the_values() {
        let doc = Metrics::of("inbound")
            .by("Kind", "reflection")
            .count("MailsRecorded", 1)
            .millis("IngestTime", 12.5)
            .document(1_700_000_000_000);
        let aws = &doc["_aws"];
        assert_eq!(aws["Timestamp"], 1_700_000_000_000i64);
        let directive = &aws["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "mentormail");
        assert_eq!(directive["Dimensions"], json!([["Function", "Kind"]]));
        assert_eq!(
            directive["Metrics"],
            json!([
                {"Name": "MailsRecorded", "Unit": "Count"},
                {"Name": "IngestTime", "Unit": "Milliseconds"}
            ])
        );
        assert_eq!(doc["Function"], "inbound");
        assert_eq!(doc["Kind"], "reflection");
        assert_eq!(doc["MailsRecorded"], 1.0);
        assert_eq!(doc["IngestTime"], 12.5);
    }
}

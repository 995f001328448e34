//! What the receiving side knows about a mail besides its bytes.

use jiff::Timestamp;
use serde::Serialize;

/// A verdict of the receiving server (SES's spam, virus, SPF, DKIM, DMARC checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Gray,
    ProcessingFailed,
    Disabled,
    /// Not reported (local ingest of a file).
    #[default]
    Unknown,
}

impl Verdict {
    /// From SES's status strings (`PASS`, `FAIL`, `GRAY`, `PROCESSING_FAILED`, `DISABLED`).
    pub fn from_ses(status: Option<&str>) -> Self {
        match status.map(str::to_ascii_uppercase).as_deref() {
            Some("PASS") => Verdict::Pass,
            Some("FAIL") => Verdict::Fail,
            Some("GRAY") => Verdict::Gray,
            Some("PROCESSING_FAILED") => Verdict::ProcessingFailed,
            Some("DISABLED") => Verdict::Disabled,
            _ => Verdict::Unknown,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub spam: Verdict,
    pub virus: Verdict,
    pub dmarc: Verdict,
}

impl Verdicts {
    /// The first check that failed, if any: such a mail writes nothing.
    pub fn failed_check(&self) -> Option<&'static str> {
        if self.dmarc == Verdict::Fail {
            Some("dmarc")
        } else if self.spam == Verdict::Fail {
            Some("spam")
        } else if self.virus == Verdict::Fail {
            Some("virus")
        } else {
            None
        }
    }
}

/// A received mail's delivery facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// SES messageId (or, locally, the file's Message-ID): the dedupe key.
    pub message_id: String,
    pub received_at: Timestamp,
    /// Envelope recipients (SES receipt recipients); empty locally, then To/Cc are used.
    pub recipients: Vec<String>,
    pub verdicts: Verdicts,
}

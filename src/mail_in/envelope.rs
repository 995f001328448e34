//! What the receiving side knows about a mail besides its bytes.

use jiff::Timestamp;
use serde::Serialize;

pub use crate::mail::authentication::{SenderChecks, Verdict};

/// The receiving server's content verdicts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub spam: Verdict,
    pub virus: Verdict,
}

impl Verdicts {
    /// The first content check that failed, if any: such a mail writes nothing.
    pub fn failed_check(&self) -> Option<&'static str> {
        if self.spam == Verdict::Fail {
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
    /// The sender checks of a receiving server. `None` only for a local ingest of a file
    /// without a receipt (an admin's own replay), which is trusted as the admin's word; every
    /// mail the inbound function sees has them, and missing verdicts there authenticate nothing.
    pub sender_checks: Option<SenderChecks>,
}

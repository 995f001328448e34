//! The decision log: the autonomy habit. A decision a mentee records is followed up later.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Days after a decision at which its follow-ups go out.
pub const DECISION_FOLLOW_UPS: [u32; 2] = [30, 90];

/// A decision the mentee recorded in a reflection; followed up after 30 and 90 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub id: String,
    pub mentorship_id: String,
    pub text: String,
    pub decided_at: Timestamp,
    /// What came of it: the mentee's replies to its follow-ups, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<Outcome>,
}

/// A reply to a decision's follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub at: Timestamp,
    /// The inbound message it came in (a redelivery adds nothing).
    pub message_id: String,
    pub text: String,
}

impl Decision {
    /// The decision with the outcome of message `message_id` added, or `None` when that message
    /// was recorded already.
    pub fn with_outcome(&self, outcome: Outcome) -> Option<Decision> {
        if self
            .outcomes
            .iter()
            .any(|o| o.message_id == outcome.message_id)
        {
            return None;
        }
        let mut decision = self.clone();
        decision.outcomes.push(outcome);
        decision.outcomes.sort_by_key(|o| o.at);
        Some(decision)
    }
}

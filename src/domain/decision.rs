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
}

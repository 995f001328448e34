//! A pair's state as the listings and the report name it.

use std::fmt;

use serde::Serialize;

use super::{Person, PersonStatus};

/// Ended, or else the most serious state of either person (bouncing, stopped, paused), or else
/// active. (`clap::ValueEnum` so that `pairs --status` takes the same names.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum PairStatus {
    Active,
    Paused,
    Stopped,
    Bouncing,
    Ended,
}

impl PairStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Active => "active",
            PairStatus::Paused => "paused",
            PairStatus::Stopped => "stopped",
            PairStatus::Bouncing => "bouncing",
            PairStatus::Ended => "ended",
        }
    }

    /// The state of a pair that is `active` (not ended), with its two people where known.
    pub fn of(active: bool, people: [Option<&Person>; 2]) -> PairStatus {
        if !active {
            return PairStatus::Ended;
        }
        let has = |status: PersonStatus| people.iter().flatten().any(|p| p.status == status);
        if has(PersonStatus::Bouncing) {
            PairStatus::Bouncing
        } else if has(PersonStatus::Stopped) {
            PairStatus::Stopped
        } else if has(PersonStatus::Paused) {
            PairStatus::Paused
        } else {
            PairStatus::Active
        }
    }
}

impl fmt::Display for PairStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

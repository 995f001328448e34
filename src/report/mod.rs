//! The programme report: "is it working?" in figures. Pure: the pairs' histories and the clock in,
//! the figures out ([`compute`]); [`html`] draws them as one self-contained page with inline SVG
//! charts, and the same [`Report`] serialises as the `--json` contract.
//!
//! The histories come from [`crate::store::repo::Repo::pair_histories`]: one `Query` of each
//! pair's own partition and two profile keys of a `BatchGetItem` a pair, after the pair
//! directory's one `Query` — no table scan. On DynamoDB (strongly consistent reads) a pair costs
//! 1 read unit per 4 KB of its records (a year of weekly reflections is about 30–60 KB, so 8–15
//! units) plus 2 units for the two profiles.

mod chart;
mod figures;
pub mod html;
#[cfg(test)]
mod tests;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

pub use figures::compute;

/// What a report covers: a programme, a cohort, activity since a date (`None`: everything).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scope {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort: Option<String>,
    /// Activity (mail sent, replies, notes, decisions) counts from this day (UTC) on; states,
    /// goals and items are as they are now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
}

/// The figures of a programme (the JSON contract of `report --json`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub generated_at: Timestamp,
    pub scope: Scope,
    pub pairs: usize,
    pub response: Response,
    pub states: States,
    pub at_risk: Vec<AtRisk>,
    pub goals: Goals,
    pub action_items: ActionItems,
    pub habits: Habits,
    pub decisions: Decisions,
    pub mentors: Vec<MentorActivity>,
}

/// Prompts sent (prompts and nudges that went out) and replies recorded (reflections).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Response {
    pub prompts_sent: u32,
    /// Reflections recorded (a mentee may reply to one prompt more than once).
    pub replies: u32,
    /// Distinct prompts replied to, each counted in the week of its first reply.
    pub answered: u32,
    /// `answered / prompts_sent`; `None` with no prompt sent.
    pub rate: Option<f64>,
    /// Every week from the first with activity (or `since`) to this one, Monday first.
    pub weeks: Vec<Week>,
    /// The same weeks for each cohort (`(no cohort)` for pairs without one), by name.
    pub cohorts: Vec<CohortWeeks>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// The Monday (UTC) the week starts on.
    pub week: Date,
    pub prompts_sent: u32,
    pub replies: u32,
    pub answered: u32,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortWeeks {
    pub cohort: String,
    pub prompts_sent: u32,
    pub replies: u32,
    pub answered: u32,
    pub rate: Option<f64>,
    pub weeks: Vec<Week>,
}

/// Pairs by state: ended, else the most serious state of either person (bouncing, stopped,
/// paused), else quiet when prompts went unanswered, else active.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct States {
    pub active: u32,
    pub quiet: u32,
    pub paused: u32,
    pub stopped: u32,
    pub bouncing: u32,
    pub ended: u32,
}

/// Why a pair is at risk, and when it last showed life.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtRisk {
    pub mentorship_id: String,
    pub mentor: String,
    pub mentee: String,
    pub cohort: Option<String>,
    /// Prompts unanswered in a row.
    pub unanswered: u32,
    pub last_reply: Option<Timestamp>,
    /// The mentor's last forwarded notes or comments.
    pub last_note: Option<Timestamp>,
    /// The later of the two (`None`: neither ever happened).
    pub last_activity: Option<Timestamp>,
    /// `unanswered prompts`, `no notes for a month`.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Goals {
    /// Open, target not passed (or no target).
    pub open: u32,
    pub done: u32,
    /// Open with a target before today.
    pub overdue: u32,
    pub dropped: u32,
    pub without_target: u32,
    /// By target month (`2027-01`), in order.
    pub by_month: Vec<GoalMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalMonth {
    pub month: String,
    pub open: u32,
    pub done: u32,
    pub overdue: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActionItems {
    pub open: u32,
    /// Done or dropped.
    pub closed: u32,
}

/// The four habits in the mentees' reflections: how many touch each, and the share (0..1).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Habits {
    pub reflections: u32,
    pub goals: HabitShare,
    pub feedback: HabitShare,
    pub decisions: HabitShare,
    pub experiences: HabitShare,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct HabitShare {
    pub reflections: u32,
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Decisions {
    pub logged: u32,
    /// Decisions whose follow-up was answered (an outcome recorded).
    pub followed_up: u32,
    /// Follow-up mails sent.
    pub follow_ups_sent: u32,
}

/// What one mentor did: notes forwarded (feedback entries) and digests they were sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentorActivity {
    pub mentor: String,
    pub name: String,
    pub pairs: u32,
    pub notes: u32,
    pub digests: u32,
}

/// `part / whole`, `None` when there is no whole.
pub(crate) fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

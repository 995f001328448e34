//! The mail that asks what came of a decision.

use jiff::civil::Date;

use super::Rendered;
use super::layout::{one_line, simple};

/// Asks what came of a decision, 30 or 90 days on.
pub fn decision_follow_up(
    programme: &str,
    mentee_first_name: &str,
    decision: &str,
    decided_on: Date,
    days: u32,
) -> Rendered {
    simple(
        format!("{programme}: what came of your decision?"),
        vec![
            format!("Hi {mentee_first_name},"),
            format!(
                "{days} days ago, on {}, you recorded a decision:",
                decided_on.strftime("%-d %b %Y")
            ),
        ],
        vec![one_line(decision)],
        vec![
            "What happened since? Would you decide the same way again, and what did you learn?"
                .to_string(),
        ],
    )
}

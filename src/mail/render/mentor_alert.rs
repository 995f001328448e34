//! The mail that tells a mentor their mentee has gone quiet.

use super::Rendered;
use super::layout::simple;

/// Tells the mentor that the mentee has gone quiet, after the gentle nudge went unanswered.
pub fn mentor_alert(
    programme: &str,
    mentor_first_name: &str,
    mentee_name: &str,
    unanswered: u32,
) -> Rendered {
    simple(
        format!("{programme}: {mentee_name} has gone quiet"),
        vec![
            format!("Hi {mentor_first_name},"),
            format!(
                "{mentee_name} has not answered the last {unanswered} reflection prompts, \
                 including a gentle nudge. A short personal note from you often helps more \
                 than another reminder from us."
            ),
            "We keep sending prompts on the usual schedule and will not write to you about \
             this again unless it happens again after a reply."
                .to_string(),
        ],
        Vec::new(),
        Vec::new(),
    )
}

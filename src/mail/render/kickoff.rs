//! The first mail of a new pair.

use super::Rendered;
use super::layout::simple;

/// A new pair's first mail: it asks for goals, one per line, with dates where there are some.
pub fn kickoff(programme: &str, mentee_first_name: &str, mentor_name: &str) -> Rendered {
    simple(
        format!("{programme}: welcome! What are your goals?"),
        vec![
            format!("Hi {mentee_first_name},"),
            format!(
                "Welcome to {programme}. You and {mentor_name} are now paired. To start, what \
                 do you want to get out of this mentorship?"
            ),
            "Reply with your goals, one per line, and a target date where you have one, like:"
                .to_string(),
        ],
        vec![
            "Run five discovery interviews by 15 Jan".to_string(),
            "Own the pricing page by end of March".to_string(),
        ],
        vec![
            "We will remind you before each date, and ask short reflection questions on your \
             schedule. Reply \"pause 2 weeks\" or \"stop\" at any time."
                .to_string(),
        ],
    )
}

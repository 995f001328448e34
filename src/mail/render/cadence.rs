//! The pair's rhythm in words: how long two unanswered prompts are, and when prompts go out.

use crate::domain::{Cadence, Weekday};

fn day_name(day: Weekday) -> String {
    format!("{:?}", day.to_jiff())
}

/// How long the mentee has been silent when the last two prompts went unanswered.
pub(super) fn two_prompts_of_silence(cadence: &Cadence) -> &'static str {
    match cadence {
        Cadence::Weekly { .. } => "for two weeks",
        Cadence::Fortnightly { .. } => "for about a month",
        Cadence::Weekdays { .. } => "since your last two prompts",
    }
}

/// When prompts go out: "every Monday", "every other Thursday", "every Monday and Thursday".
pub(super) fn prompt_days(cadence: &Cadence) -> String {
    match cadence {
        Cadence::Weekly { day } => format!("every {}", day_name(*day)),
        Cadence::Fortnightly { day } => format!("every other {}", day_name(*day)),
        Cadence::Weekdays { days } => {
            let names: Vec<String> = days.iter().map(|d| day_name(*d)).collect();
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("every {} and {last}", rest.join(", "))
                }
                _ => format!("every {}", names.join("")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cadences_in_words() {
        let weekly = Cadence::Weekly { day: Weekday::Mon };
        let fortnightly = Cadence::Fortnightly { day: Weekday::Thu };
        let days = Cadence::Weekdays {
            days: vec![Weekday::Mon, Weekday::Wed, Weekday::Fri],
        };
        assert_eq!(prompt_days(&weekly), "every Monday");
        assert_eq!(prompt_days(&fortnightly), "every other Thursday");
        assert_eq!(prompt_days(&days), "every Monday, Wednesday and Friday");
        assert_eq!(two_prompts_of_silence(&fortnightly), "for about a month");
    }
}

//! What a mentee's command does to their profile. Bouncing is the provider's verdict, not the
//! person's wish: no command lifts it.

use super::event::EventKind;
use super::person::{Person, PersonStatus};
use super::replies::MenteeCommand;

/// The person after `command`, and the timeline event it makes.
pub fn apply_command(person: &Person, command: &MenteeCommand) -> (Person, EventKind) {
    let before = person.status;
    let mut person = person.clone();
    let kind = match command {
        MenteeCommand::PauseUntil(until) => {
            person.status = PersonStatus::Paused;
            person.paused_until = Some(*until);
            EventKind::Pause
        }
        MenteeCommand::Resume => {
            person.status = PersonStatus::Active;
            person.paused_until = None;
            EventKind::Resume
        }
        MenteeCommand::Stop => {
            person.status = PersonStatus::Stopped;
            person.paused_until = None;
            EventKind::Stop
        }
    };
    if before == PersonStatus::Bouncing {
        person.status = PersonStatus::Bouncing;
    }
    (person, kind)
}

/// The detail the timeline shows for a command (`until 2027-01-05`).
pub fn command_detail(command: &MenteeCommand) -> String {
    match command {
        MenteeCommand::PauseUntil(date) => format!("until {date}"),
        MenteeCommand::Resume | MenteeCommand::Stop => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Email;

    #[test]
    fn commands_change_the_status_but_never_lift_bouncing() {
        let sam = Person::new(
            Email::normalised("sam@example.org"),
            "Sam",
            crate::domain::Zone::utc(),
        );
        let until = jiff::civil::date(2027, 1, 5);
        let (paused, kind) = apply_command(&sam, &MenteeCommand::PauseUntil(until));
        assert_eq!(
            (paused.status, paused.paused_until, kind),
            (PersonStatus::Paused, Some(until), EventKind::Pause)
        );
        let (resumed, _) = apply_command(&paused, &MenteeCommand::Resume);
        assert_eq!(resumed.status, PersonStatus::Active);
        let bouncing = Person {
            status: PersonStatus::Bouncing,
            ..sam
        };
        let (still, kind) = apply_command(&bouncing, &MenteeCommand::Resume);
        assert_eq!(
            (still.status, kind),
            (PersonStatus::Bouncing, EventKind::Resume)
        );
        assert_eq!(
            command_detail(&MenteeCommand::PauseUntil(until)),
            "until 2027-01-05"
        );
    }
}

//! What a mentee's command does to their profile. Bouncing is the provider's verdict, not the
//! person's wish: no command lifts it.

use jiff::Timestamp;

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

/// The person after `command`, given at `at`, or `None` when a later change of their status is
/// already recorded: a replayed older mail ("pause") must not undo a newer one ("resume").
pub fn apply_command_at(
    person: &Person,
    command: &MenteeCommand,
    at: Timestamp,
) -> Option<(Person, EventKind)> {
    if person.changed_after(at) {
        return None;
    }
    let (mut person, kind) = apply_command(person, command);
    person.status_changed_at = Some(at);
    Some((person, kind))
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

    #[test]
    fn an_older_command_never_undoes_a_newer_change() {
        let sam = Person::new(
            Email::normalised("sam@example.org"),
            "Sam",
            crate::domain::Zone::utc(),
        );
        let monday: Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
        let tuesday: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let until = jiff::civil::date(2027, 1, 5);
        let (resumed, _) = apply_command_at(&sam, &MenteeCommand::Resume, tuesday).unwrap();
        assert_eq!(resumed.status_changed_at, Some(tuesday));
        assert_eq!(
            apply_command_at(&resumed, &MenteeCommand::PauseUntil(until), monday),
            None,
            "Monday's pause, replayed after Tuesday's resume"
        );
        let (paused, _) =
            apply_command_at(&resumed, &MenteeCommand::PauseUntil(until), tuesday).unwrap();
        assert_eq!(paused.status, PersonStatus::Paused);
    }
}

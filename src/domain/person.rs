//! Participants. A person's role lives in a mentorship, not here: a mentor of one pair can be the
//! mentee of another.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::email::Email;
use super::zone::Zone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PersonStatus {
    #[default]
    Active,
    /// Asked for a break; `Person::paused_until` says until when.
    Paused,
    /// Asked to receive nothing more.
    Stopped,
    /// SES reported a permanent bounce or a complaint: never send again.
    Bouncing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Lower-case address; also the key.
    pub email: Email,
    pub name: String,
    /// IANA time zone, e.g. `Europe/London`.
    pub time_zone: Zone,
    #[serde(default)]
    pub status: PersonStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<Date>,
    /// Why the status last changed when the mail provider or an admin changed it (a bounce, a
    /// complaint, a reactivation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_changed_at: Option<Timestamp>,
}

impl PersonStatus {
    /// The stored name (`bouncing`).
    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Active => "active",
            PersonStatus::Paused => "paused",
            PersonStatus::Stopped => "stopped",
            PersonStatus::Bouncing => "bouncing",
        }
    }
}

impl std::fmt::Display for PersonStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Person {
    /// An active person.
    pub fn new(email: Email, name: impl Into<String>, time_zone: Zone) -> Self {
        Person {
            email,
            name: name.into(),
            time_zone,
            status: PersonStatus::Active,
            paused_until: None,
            status_reason: None,
            status_changed_at: None,
        }
    }

    /// Whether their status was changed by something later than `at`: a fact from `at` (an
    /// older mail replayed, a late bounce report) must not overwrite it.
    pub fn changed_after(&self, at: Timestamp) -> bool {
        self.status_changed_at.is_some_and(|changed| changed > at)
    }

    /// Whether mail may be sent to this person on `today` (their local date).
    pub fn accepts_mail_on(&self, today: Date) -> bool {
        match self.status {
            PersonStatus::Active => true,
            PersonStatus::Paused => self.paused_until.is_some_and(|until| today >= until),
            PersonStatus::Stopped | PersonStatus::Bouncing => false,
        }
    }

    /// The first name, for greetings.
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn person(status: PersonStatus, paused_until: Option<Date>) -> Person {
        Person {
            status,
            paused_until,
            ..Person::new(
                Email::normalised("sam@example.org"),
                "Sam Rivera",
                Zone::parse("Europe/London").unwrap(),
            )
        }
    }

    #[test]
    fn status_decides_who_gets_mail() {
        let today = date(2026, 11, 26);
        assert!(person(PersonStatus::Active, None).accepts_mail_on(today));
        assert!(!person(PersonStatus::Stopped, None).accepts_mail_on(today));
        assert!(!person(PersonStatus::Bouncing, None).accepts_mail_on(today));
        assert!(!person(PersonStatus::Paused, Some(date(2026, 12, 1))).accepts_mail_on(today));
        assert!(person(PersonStatus::Paused, Some(date(2026, 11, 26))).accepts_mail_on(today));
        assert_eq!(person(PersonStatus::Active, None).first_name(), "Sam");
    }
}

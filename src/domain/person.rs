//! Participants. A person's role lives in a mentorship, not here: a mentor of one pair can be the
//! mentee of another.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

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
    pub email: String,
    pub name: String,
    /// IANA time zone, e.g. `Europe/London`.
    pub time_zone: String,
    #[serde(default)]
    pub status: PersonStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<Date>,
}

impl Person {
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
            email: "sam@example.org".into(),
            name: "Sam Rivera".into(),
            time_zone: "Europe/London".into(),
            status,
            paused_until,
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

//! A pairing of a mentor and a mentee, and how often the mentee is prompted.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Time;
use serde::{Deserialize, Serialize};

use super::email::Email;

/// Days of the week, stored as `mon`..`sun`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// The stored and typed name (`mon`).
    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    pub fn to_jiff(self) -> jiff::civil::Weekday {
        use jiff::civil::Weekday as J;
        match self {
            Weekday::Mon => J::Monday,
            Weekday::Tue => J::Tuesday,
            Weekday::Wed => J::Wednesday,
            Weekday::Thu => J::Thursday,
            Weekday::Fri => J::Friday,
            Weekday::Sat => J::Saturday,
            Weekday::Sun => J::Sunday,
        }
    }
}

impl FromStr for Weekday {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let day = match lower.get(..3).unwrap_or(&lower) {
            "mon" => Weekday::Mon,
            "tue" => Weekday::Tue,
            "wed" => Weekday::Wed,
            "thu" => Weekday::Thu,
            "fri" => Weekday::Fri,
            "sat" => Weekday::Sat,
            "sun" => Weekday::Sun,
            _ => return Err(format!("not a weekday: {s:?} (use mon, tue, ... sun)")),
        };
        Ok(day)
    }
}

/// How often a mentee is prompted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "every")]
pub enum Cadence {
    /// Once a week on `day`.
    Weekly { day: Weekday },
    /// Every other week on `day`.
    Fortnightly { day: Weekday },
    /// On each of these days, every week.
    Weekdays { days: Vec<Weekday> },
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cadence::Weekly { day } => write!(f, "weekly on {day:?}"),
            Cadence::Fortnightly { day } => write!(f, "fortnightly on {day:?}"),
            Cadence::Weekdays { days } => write!(f, "on {days:?}"),
        }
    }
}

impl Cadence {
    /// The form an admin types and [`FromStr`] reads (`weekly:mon`, `days:mon,thu`).
    pub fn spec(&self) -> String {
        match self {
            Cadence::Weekly { day } => format!("weekly:{}", day.as_str()),
            Cadence::Fortnightly { day } => format!("fortnightly:{}", day.as_str()),
            Cadence::Weekdays { days } => {
                let days: Vec<&str> = days.iter().map(|d| d.as_str()).collect();
                format!("days:{}", days.join(","))
            }
        }
    }
}

impl FromStr for Cadence {
    type Err = String;
    /// `weekly:mon`, `fortnightly:thu`, `days:mon,thu`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (kind, days) = s.split_once(':').ok_or_else(|| {
            format!("cadence {s:?}: use weekly:DAY, fortnightly:DAY or days:DAY,DAY")
        })?;
        let days: Vec<Weekday> = days.split(',').map(str::parse).collect::<Result<_, _>>()?;
        match (kind.trim().to_ascii_lowercase().as_str(), days.as_slice()) {
            ("weekly", [day]) => Ok(Cadence::Weekly { day: *day }),
            ("fortnightly", [day]) => Ok(Cadence::Fortnightly { day: *day }),
            ("days", [_, ..]) => {
                let mut days = days.clone();
                days.sort();
                days.dedup();
                Ok(Cadence::Weekdays { days })
            }
            _ => Err(format!(
                "cadence {s:?}: use weekly:DAY, fortnightly:DAY or days:DAY,DAY"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mentorship {
    pub id: String,
    pub mentor: Email,
    pub mentee: Email,
    pub programme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cohort: Option<String>,
    pub cadence: Cadence,
    /// Local time of day (in the mentee's zone) at which prompts go out.
    pub prompt_time: Time,
    pub created_at: Timestamp,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl Mentorship {
    /// An active mentorship between `mentor` and `mentee`, with no cohort; its id is derived from
    /// the pair, so enrolling the same pair again names the same mentorship.
    pub fn new(
        mentor: Email,
        mentee: Email,
        programme: impl Into<String>,
        cadence: Cadence,
        prompt_time: Time,
        created_at: Timestamp,
    ) -> Self {
        Mentorship {
            id: super::ids::mentorship_id(&mentor, &mentee),
            mentor,
            mentee,
            programme: programme.into(),
            cohort: None,
            cadence,
            prompt_time,
            created_at,
            active: true,
        }
    }
}

/// Which side of a mentorship a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Mentor,
    Mentee,
}

/// The pairing index: which mentorships a person is in, and as what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    pub mentorship_id: String,
    pub role: Role,
    /// The other person's address.
    pub with: Email,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cadence_parses_the_cli_forms() {
        assert_eq!(
            "weekly:mon".parse::<Cadence>(),
            Ok(Cadence::Weekly { day: Weekday::Mon })
        );
        assert_eq!(
            "fortnightly:Thursday".parse::<Cadence>(),
            Ok(Cadence::Fortnightly { day: Weekday::Thu })
        );
        assert_eq!(
            "days:thu,mon,thu".parse::<Cadence>(),
            Ok(Cadence::Weekdays {
                days: vec![Weekday::Mon, Weekday::Thu]
            })
        );
        assert!("weekly:mon,tue".parse::<Cadence>().is_err());
        assert!("monthly:mon".parse::<Cadence>().is_err());
        assert!("weekly".parse::<Cadence>().is_err());
        for spec in ["weekly:mon", "fortnightly:sun", "days:tue,fri"] {
            assert_eq!(spec.parse::<Cadence>().unwrap().spec(), spec);
        }
    }

    #[test]
    fn cadence_round_trips_through_json() {
        let c = Cadence::Weekdays {
            days: vec![Weekday::Tue, Weekday::Fri],
        };
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"every":"weekdays","days":["tue","fri"]}"#);
        assert_eq!(serde_json::from_str::<Cadence>(&json).unwrap(), c);
    }
}

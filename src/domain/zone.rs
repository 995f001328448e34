//! A person's time zone: an IANA name, checked once where it enters (enrolment), so that the
//! rules only ever ask it for the zone itself.

use std::fmt;

use jiff::tz::TimeZone;
use serde::{Deserialize, Deserializer, Serialize};

/// An IANA time zone name (`Europe/London`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Zone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone {0:?} (use an IANA name such as Europe/London)")]
pub struct UnknownZone(pub String);

impl Zone {
    /// A zone name typed by a person, known to the time zone database compiled in.
    pub fn parse(name: &str) -> Result<Self, UnknownZone> {
        let name = name.trim();
        match TimeZone::get(name) {
            Ok(_) => Ok(Zone(name.to_string())),
            Err(_) => Err(UnknownZone(name.to_string())),
        }
    }

    pub fn utc() -> Self {
        Zone("UTC".into())
    }

    /// The zone itself; UTC for a stored name the database does not know (never fail a send over
    /// it: names are checked when they are entered).
    pub fn tz(&self) -> TimeZone {
        TimeZone::get(&self.0).unwrap_or(TimeZone::UTC)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for Zone {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl std::str::FromStr for Zone {
    type Err = UnknownZone;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Zone::parse(s)
    }
}

/// Stored records are read as they are: a record that could not be read would stop the
/// scheduler for that pair.
impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Zone(String::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_zones_are_checked_stored_ones_are_read_as_they_are() {
        assert_eq!(Zone::parse(" Europe/London ").unwrap(), "Europe/London");
        assert_eq!(
            Zone::parse("Europe/Londn"),
            Err(UnknownZone("Europe/Londn".into()))
        );
        let stored: Zone = serde_json::from_str("\"Mars/Olympus\"").unwrap();
        assert_eq!(stored.tz(), TimeZone::UTC);
        assert_eq!(serde_json::to_string(&Zone::utc()).unwrap(), "\"UTC\"");
    }
}

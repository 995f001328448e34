//! E-mail addresses, normalised once where they enter (a CLI argument, a mail's From, a stored
//! record), so that every comparison and every key uses the same form.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A bare address in its one normal form: trimmed, without angle brackets, lower case.
///
/// Lower case over the whole address: mail providers treat the local part as case-insensitive
/// too, and people type their address with whatever capitals they like. Unicode lower case,
/// so that an internationalised address compares equal however it was typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(transparent)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an e-mail address")]
pub struct NotAnEmail(pub String);

impl Email {
    /// The normal form of `text`, whatever it holds. For stored records and the parser's
    /// result, which are already addresses; input from people goes through [`Email::parse`].
    pub fn normalised(text: &str) -> Self {
        Email(text.trim().trim_matches(['<', '>']).trim().to_lowercase())
    }

    /// An address typed by a person: one `@` with text on both sides and no spaces.
    pub fn parse(text: &str) -> Result<Self, NotAnEmail> {
        let email = Self::normalised(text);
        let valid = match email.0.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !email.0.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if valid {
            Ok(email)
        } else {
            Err(NotAnEmail(text.trim().to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Email {
    type Err = NotAnEmail;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}

/// An address reads as the text it is (keys, comparisons, formatting).
impl std::ops::Deref for Email {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Email {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Email {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for Email {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// Stored records are read leniently: normalised, never refused (a record that could not be
/// read would stop the scheduler for that pair).
impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Email::normalised(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_normal_form() {
        for typed in [
            "sam@example.org",
            " Sam@Example.ORG ",
            "<SAM@example.org>",
            "sam@EXAMPLE.org\n",
        ] {
            assert_eq!(Email::parse(typed).unwrap(), "sam@example.org", "{typed:?}");
        }
        assert_eq!(Email::normalised("ÉLODIE@Exemple.fr"), "élodie@exemple.fr");
        assert_eq!(Email::normalised("x@y").domain(), "y");
    }

    #[test]
    fn typed_addresses_are_checked() {
        for bad in [
            "",
            "sam",
            "@example.org",
            "sam@",
            "sam @example.org",
            "a@b@c",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn stored_addresses_read_in_normal_form() {
        let email: Email = serde_json::from_str("\"Maya@Example.org\"").unwrap();
        assert_eq!(email, "maya@example.org");
        assert_eq!(
            serde_json::to_string(&email).unwrap(),
            "\"maya@example.org\""
        );
    }
}

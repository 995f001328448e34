//! What a request carries (query string and form body, URL-decoded), and the per-page
//! anti-forgery value: an HMAC of the link's token and the time the page was shown, with the
//! token key. A POST must carry one issued for its own token not long ago, so a form planted on
//! another site (which cannot read the page) cannot change anyone's settings, and no session is
//! stored anywhere.

use jiff::{SignedDuration, Timestamp};

use crate::mail::token::TokenKey;

/// A form shown longer ago than this is refused (the person opens the link again).
pub const FORM_MAX_AGE: SignedDuration = SignedDuration::from_hours(12);
/// Clocks of two Lambda instances may differ a little.
const CLOCK_SKEW: SignedDuration = SignedDuration::from_mins(5);
const PURPOSE: &str = "preferences-form:v1";

/// Name-value pairs of a query string or an `application/x-www-form-urlencoded` body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    pub fn parse(encoded: &[u8]) -> Self {
        Fields(
            form_urlencoded::parse(encoded)
                .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
                .collect(),
        )
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name` (checkboxes).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Tokens are base32 and digits with dashes; anything else is not ours (and is never echoed).
pub fn plausible(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= 120
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The anti-forgery value of a page shown at `at` for `token`: `<unix seconds>.<mac>`.
pub fn form_value(key: &TokenKey, token: &str, at: Timestamp) -> String {
    let seconds = at.as_second();
    let mac = key.sign(
        PURPOSE,
        &format!("{}:{seconds}", token.to_ascii_lowercase()),
    );
    format!("{seconds}.{mac}")
}

/// Why a POST's anti-forgery value is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRefused {
    Missing,
    Wrong,
    Expired,
}

/// Whether `value` was issued for `token` within [`FORM_MAX_AGE`] of `now`.
pub fn check_form_value(
    key: &TokenKey,
    token: &str,
    value: Option<&str>,
    now: Timestamp,
) -> Result<(), FormRefused> {
    let value = value
        .filter(|v| !v.is_empty())
        .ok_or(FormRefused::Missing)?;
    let (seconds, _) = value.split_once('.').ok_or(FormRefused::Wrong)?;
    let issued = seconds
        .parse::<i64>()
        .ok()
        .and_then(|s| Timestamp::from_second(s).ok())
        .ok_or(FormRefused::Wrong)?;
    if !same_bytes(form_value(key, token, issued).as_bytes(), value.as_bytes()) {
        return Err(FormRefused::Wrong);
    }
    let age = now.duration_since(issued);
    if age > FORM_MAX_AGE || age < -CLOCK_SKEW {
        return Err(FormRefused::Expired);
    }
    Ok(())
}

/// Equal bytes, compared in time independent of where they differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn fields_are_url_decoded() {
        let fields = Fields::parse(b"t=abc&time_zone=America%2FNew_York&day=mon&day=thu&x=a+b");
        assert_eq!(fields.get("time_zone"), Some("America/New_York"));
        assert_eq!(fields.all("day"), ["mon", "thu"]);
        assert_eq!(fields.get("x"), Some("a b"));
        assert_eq!(fields.get("missing"), None);
    }

    #[test]
    fn a_form_value_holds_for_its_token_and_its_time_only() {
        let key = TokenKey::new("secret");
        let shown = ts("2026-12-01T10:00:00Z");
        let value = form_value(&key, "m1-3-abc", shown);
        let later = ts("2026-12-01T11:00:00Z");
        assert_eq!(
            check_form_value(&key, "m1-3-abc", Some(&value), later),
            Ok(())
        );
        assert_eq!(
            check_form_value(&key, "M1-3-ABC", Some(&value), later),
            Ok(())
        );
        assert_eq!(
            check_form_value(&key, "m2-3-abc", Some(&value), later),
            Err(FormRefused::Wrong),
            "another link's token"
        );
        assert_eq!(
            check_form_value(&TokenKey::new("other"), "m1-3-abc", Some(&value), later),
            Err(FormRefused::Wrong)
        );
        let moved = value.replacen(&shown.as_second().to_string(), "1796126400", 1);
        assert_eq!(
            check_form_value(&key, "m1-3-abc", Some(&moved), later),
            Err(FormRefused::Wrong),
            "a changed time"
        );
        assert_eq!(
            check_form_value(&key, "m1-3-abc", None, later),
            Err(FormRefused::Missing)
        );
        assert_eq!(
            check_form_value(&key, "m1-3-abc", Some("junk"), later),
            Err(FormRefused::Wrong)
        );
        let next_day = ts("2026-12-02T10:00:01Z");
        assert_eq!(
            check_form_value(&key, "m1-3-abc", Some(&value), next_day),
            Err(FormRefused::Expired)
        );
    }
}

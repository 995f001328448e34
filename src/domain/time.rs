//! Time formats used in keys: UTC, whole seconds, fixed width, so that strings sort like times.

use jiff::Timestamp;

/// `2026-11-26T14:00:00Z`: the form used in sort keys and the due index.
pub fn key_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Parse a [`key_time`] back.
pub fn parse_key_time(s: &str) -> Option<Timestamp> {
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_time_is_fixed_width_and_sorts() {
        let a: Timestamp = "2026-01-02T03:04:05.678Z".parse().unwrap();
        let b: Timestamp = "2026-11-26T14:00:00Z".parse().unwrap();
        assert_eq!(key_time(a), "2026-01-02T03:04:05Z");
        assert!(key_time(a) < key_time(b));
        assert_eq!(parse_key_time(&key_time(b)), Some(b));
    }
}

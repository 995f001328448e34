//! Identifiers. Mentorship ids are derived from the pair, so enrolling the same pair twice
//! updates it instead of creating a second mentorship.

use data_encoding::BASE32_NOPAD;
use sha2::{Digest, Sha256};

use super::email::Email;

/// Lower-case base32 of the first `bytes` bytes of SHA-256 over `parts` (joined by NUL).
fn digest_id(parts: &[&str], bytes: usize) -> String {
    let mut hasher = Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(part.as_bytes());
    }
    BASE32_NOPAD
        .encode(&hasher.finalize()[..bytes])
        .to_ascii_lowercase()
}

/// The id of the mentorship between `mentor` and `mentee` (addresses, any case).
pub fn mentorship_id(mentor: &str, mentee: &str) -> String {
    digest_id(
        &[
            Email::normalised(mentor).as_str(),
            Email::normalised(mentee).as_str(),
        ],
        6,
    )
}

/// The id of a goal an admin imported for a mentorship: derived from its title (any case, any
/// spacing), so importing the same file again names the same goal instead of adding a second.
pub fn imported_goal_id(mentorship_id: &str, title: &str) -> String {
    let title: Vec<String> = title.split_whitespace().map(str::to_lowercase).collect();
    digest_id(&["goal", mentorship_id, &title.join(" ")], 6)
}

/// A fresh random id (goals), 10 lower-case base32 characters.
pub fn random_id() -> String {
    let mut bytes = [0u8; 6];
    // The OS random source does not fail on the platforms we run on; a zeroed id would still be
    // valid, only not unique, so fall back rather than panic.
    let _ = getrandom::fill(&mut bytes);
    BASE32_NOPAD.encode(&bytes).to_ascii_lowercase()
}

/// A short stable id for an inbound message (used in entry sort keys).
pub fn message_key(message_id: &str) -> String {
    digest_id(&[message_id], 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentorship_id_is_stable_and_case_insensitive() {
        let a = mentorship_id("Maya@Example.org", "sam@example.org");
        let b = mentorship_id("maya@example.org", "SAM@example.org");
        assert_eq!(a, b);
        assert_eq!(a.len(), 10);
        assert_ne!(a, mentorship_id("sam@example.org", "maya@example.org"));
    }

    #[test]
    fn imported_goal_ids_ignore_case_and_spacing_but_not_the_pair() {
        let a = imported_goal_id("m1", "Run three  interviews");
        assert_eq!(a, imported_goal_id("m1", " run THREE interviews "));
        assert_ne!(a, imported_goal_id("m2", "Run three interviews"));
        assert_ne!(a, imported_goal_id("m1", "Run four interviews"));
    }

    #[test]
    fn random_ids_differ() {
        assert_ne!(random_id(), random_id());
    }
}

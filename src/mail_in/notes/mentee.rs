//! Which of a mentor's mentees a mail to the notes address is about.
//!
//! A mentor with one active mentee: that one. With several, in this order, the first rule that
//! names exactly one mentee decides: the first line of the mentor's comment; the mentee's address
//! in the forwarded message's headers; the mentee's address, full name or first name in the
//! comment or a subject. Otherwise nothing is guessed (the mentor is asked).

use super::entry::comment_of;
use crate::domain::{Email, Mentorship, Person, Role, Zone};
use crate::mail::parse::{ForwardedMessage, ParsedMail};
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

/// One of the sender's mentorships as mentor, with the mentee.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub mentorship: Mentorship,
    pub mentee: Person,
}

/// The sender's active mentorships as mentor.
pub async fn candidates<S: Store>(
    repo: &Repo<S>,
    sender: &Email,
) -> Result<Vec<Candidate>, StoreError> {
    let mut out = Vec::new();
    for pairing in repo.pairings(sender).await? {
        if pairing.role != Role::Mentor {
            continue;
        }
        let Some(mentorship) = repo.mentorship(&pairing.mentorship_id).await? else {
            continue;
        };
        if !mentorship.active {
            continue;
        }
        let mentee = repo.person(&mentorship.mentee).await?.unwrap_or_else(|| {
            Person::new(
                mentorship.mentee.clone(),
                mentorship.mentee.as_str(),
                Zone::utc(),
            )
        });
        out.push(Candidate { mentorship, mentee });
    }
    Ok(out)
}

/// Which candidate the mail is about, if exactly one rule names exactly one.
pub fn choose(parsed: &ParsedMail, candidates: &[Candidate]) -> Option<usize> {
    if candidates.len() == 1 {
        return Some(0);
    }
    let comment = comment_of(parsed);
    let first_line = comment
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let rules: [&dyn Fn(&Candidate) -> bool; 3] = [
        &|c| names(first_line, &c.mentee),
        &|c| {
            parsed
                .forwarded
                .iter()
                .any(|f| in_headers(f, &c.mentee.email))
        },
        &|c| {
            names(comment, &c.mentee)
                || names(&parsed.subject, &c.mentee)
                || parsed
                    .forwarded
                    .iter()
                    .any(|f| names(&f.subject, &c.mentee))
        },
    ];
    for rule in rules {
        let hits: Vec<usize> = (0..candidates.len())
            .filter(|&i| rule(&candidates[i]))
            .collect();
        if let [only] = hits.as_slice() {
            return Some(*only);
        }
    }
    None
}

/// Whether `email` is one of the forwarded message's From, To or Cc addresses (the address
/// itself, not a longer one that contains it: `al@x.com` is not `hal@x.com`).
fn in_headers(forwarded: &ForwardedMessage, email: &str) -> bool {
    std::iter::once(&forwarded.from)
        .chain(&forwarded.to)
        .chain(&forwarded.cc)
        .any(|a| contains_address(&a.to_lowercase(), email))
}

/// Whether `text` names `person`: their address, full name or first name as a whole word.
fn names(text: &str, person: &Person) -> bool {
    let text = text.to_lowercase();
    if contains_address(&text, person.email.as_str()) {
        return true;
    }
    let full = person.name.trim().to_lowercase();
    let first = person.first_name().trim().to_lowercase();
    [full, first]
        .iter()
        .filter(|n| !n.is_empty() && !n.contains('@'))
        .any(|n| contains_word(&text, n))
}

/// `address` occurs in `hay` as a whole address: no character that can belong to an address
/// right before or after it.
fn contains_address(hay: &str, address: &str) -> bool {
    let in_address = |c: char| c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-@".contains(c);
    !address.is_empty()
        && hay.match_indices(address).any(|(at, m)| {
            let before = hay[..at].chars().next_back();
            let after = hay[at + m.len()..].chars().next();
            // A trailing dot ends a sentence, not the address.
            let after_ends = match after {
                Some('.') => !hay[at + m.len() + 1..]
                    .chars()
                    .next()
                    .is_some_and(in_address),
                other => !other.is_some_and(in_address),
            };
            !before.is_some_and(in_address) && after_ends
        })
}

/// `needle` occurs in `hay` as a word: no letter or digit right before or after it, and not
/// part of an address (`sam@other.org` does not name Sam).
fn contains_word(hay: &str, needle: &str) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '@';
    hay.match_indices(needle).any(|(at, m)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + m.len()..].chars().next();
        !before.is_some_and(joins) && !after.is_some_and(joins)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whole_words_addresses_and_full_names() {
        let sam = Person::new(
            Email::normalised("sam@example.org"),
            "Sam Rivera",
            crate::domain::Zone::utc(),
        );
        assert!(names("Notes for Sam", &sam));
        assert!(names("sam rivera, 23 nov", &sam));
        assert!(names("cc sam@example.org", &sam));
        assert!(!names("Samantha's notes", &sam));
        assert!(!names("same as before", &sam));
        assert!(!names("", &sam));
        assert!(names("Notes (sam@example.org).", &sam));
        assert!(names("<sam@example.org>", &sam));
        assert!(!names("cc wisesam@example.org", &sam));
        assert!(!names("cc sam@example.org.evil", &sam));
        assert!(!names("from sam@other.org", &sam));
    }

    #[test]
    fn forwarded_headers_match_whole_addresses_only() {
        let forwarded = ForwardedMessage {
            from: "Hal <hal@x.com>".into(),
            to: vec!["team@x.com".into()],
            ..Default::default()
        };
        assert!(!in_headers(&forwarded, "al@x.com"));
        assert!(in_headers(&forwarded, "hal@x.com"));
        assert!(in_headers(&forwarded, "team@x.com"));
    }
}

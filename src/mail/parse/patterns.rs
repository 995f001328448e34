//! The vocabulary mail clients write: header labels of quoted and forwarded messages, attribution
//! verbs, forward separators and subject prefixes, mobile footers, in the languages clients are
//! localised into. Every pattern uses the `regex` crate (linear time, no backtracking).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::knowledge::alternation;
use super::knowledge::forward_intros::FORWARD_INTROS;
use super::knowledge::header_labels::{HEADER_LABELS, OTHER_LABELS};
use super::knowledge::separators::{
    FORWARD_BEGINS, FORWARDED_MESSAGE, ORIGINAL_MESSAGE as ORIGINAL_MESSAGE_PHRASES,
};
use super::knowledge::subject_prefixes::{FORWARD_PREFIXES, REPLY_PREFIXES};

/// Which header a label introduces in a quoted or forwarded header block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKey {
    From,
    To,
    Cc,
    Date,
    Subject,
    ReplyTo,
    /// A field read past as part of a block (Importance, Attachments …).
    Other,
}

/// Every label of `key` in every language of the table.
fn labels_of(key: HeaderKey) -> Box<dyn Iterator<Item = &'static str>> {
    if key == HeaderKey::Other {
        return Box::new(OTHER_LABELS.iter().map(|p| p.text));
    }
    Box::new(HEADER_LABELS.iter().flat_map(move |row| {
        match key {
            HeaderKey::From => row.from,
            HeaderKey::To => row.to,
            HeaderKey::Cc => row.cc,
            HeaderKey::Date => row.date,
            HeaderKey::Subject => row.subject,
            HeaderKey::ReplyTo => row.reply_to,
            HeaderKey::Other => &[],
        }
        .iter()
        .copied()
    }))
}

/// Every label of every key, as one alternation: which key a found label stands for is looked
/// up in `LABEL_KEYS` afterwards, so no search needs capture groups (capturing searches on an
/// automaton this size are what made header lines slow).
fn all_labels() -> String {
    alternation(KEYS.iter().flat_map(|&key| labels_of(key)))
}

const KEYS: [HeaderKey; 7] = [
    HeaderKey::From,
    HeaderKey::To,
    HeaderKey::Cc,
    HeaderKey::Date,
    HeaderKey::Subject,
    HeaderKey::ReplyTo,
    HeaderKey::Other,
];

/// A label as the lookup key: lower case, single spaces.
fn normalised_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Label -> key. A label two keys share in different languages goes to the first in `KEYS`.
static LABEL_KEYS: LazyLock<HashMap<String, HeaderKey>> = LazyLock::new(|| {
    let mut keys = HashMap::new();
    for key in KEYS {
        for label in labels_of(key) {
            keys.entry(normalised_label(label)).or_insert(key);
        }
    }
    keys
});

/// The key of a matched label text (`*Sent:* `, `Objet :`), without its decoration.
fn key_of_label(matched: &str) -> Option<HeaderKey> {
    let decoration = |c: char| c.is_whitespace() || matches!(c, '*' | ':' | '：');
    let label = matched.trim_matches(decoration);
    LABEL_KEYS.get(&normalised_label(label)).copied()
}

/// The label part of a header line of a quoted or forwarded block: `From: `, `*Sent:* `,
/// `Objet : `, `件名：`. The value is the rest of the line; leaving it out of the pattern keeps
/// the capturing search (which finds the key) to the few characters of the label.
static HEADER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[ \t\u{{a0}}]*\*{{0,2}}[ \t]*(?:{})[ \t\u{{a0}}]*\*{{0,2}}[ \t\u{{a0}}]*[:：]\*{{0,2}}[ \t\u{{a0}}]*",
        all_labels()
    ))
    .expect("header line pattern")
});

/// The same labels found anywhere in a line, for clients (Yahoo) that run a header block into
/// one line: `From: A <a@b>To: c@d Subject: x`.
static HEADER_LABEL_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{})[ \t\u{{a0}}]*[:：]", all_labels()))
        .expect("inline header pattern")
});

/// `From: x` -> (From, "x"). None for a line that is no header line.
pub fn header_line(line: &str) -> Option<(HeaderKey, &str)> {
    // Cheap checks first: this runs on every line of every mail.
    if line.len() > 2000 || !line.contains([':', '：']) {
        return None;
    }
    // A match-only search first (no captures); the key is then read off the label alone.
    let label = HEADER_LINE.find(line)?;
    let key = key_of_label(label.as_str())?;
    Some((key, &line[label.end()..]))
}

/// Yahoo drops the colon after a few localised labels in its one-line header block
/// ("…corp>Dw Walter …", "…CETAssunto Integer …").
static COLONLESS_INLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?P<cc>Dw)|(?P<subject>Assunto))[ \t]").expect("colonless label pattern")
});

/// Split a one-line header block into (key, value) pairs, in order.
pub fn inline_headers(line: &str) -> Vec<(HeaderKey, String)> {
    let mut starts: Vec<(usize, usize, HeaderKey)> = Vec::new();
    for caps in COLONLESS_INLINE_LABEL.captures_iter(line) {
        let Some(whole) = caps.get(0) else { continue };
        let after_block = line[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c == '>' || c.is_uppercase() || c.is_ascii_digit());
        let key = if caps.name("cc").is_some() {
            HeaderKey::Cc
        } else {
            HeaderKey::Subject
        };
        if after_block {
            starts.push((whole.start(), whole.end(), key));
        }
    }
    for whole in HEADER_LABEL_ANYWHERE.find_iter(line) {
        // A label glued to a lower-case letter is part of a word ("Nathan:"), not a label.
        let glued = line[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_lowercase());
        if glued {
            continue;
        }
        if let Some(key) = key_of_label(whole.as_str()) {
            starts.push((whole.start(), whole.end(), key));
        }
    }
    starts.sort_by_key(|s| s.0);
    let mut out = Vec::new();
    for (i, &(_, value_start, key)) in starts.iter().enumerate() {
        let value_end = starts.get(i + 1).map_or(line.len(), |next| next.0);
        out.push((key, line[value_start..value_end].trim().to_string()));
    }
    out
}

/// Gmail's and Thunderbird's dashed "Forwarded message" line in every language, and Lotus
/// Notes' "----- Forwarded by NAME on DATE -----"; Yahoo runs the header block on after it,
/// which `rest` captures.
static FORWARD_SEPARATOR_DASHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*-{{2,}}\s*(?:{})(?:\s[^-\n]{{0,80}})?\s*-{{2,}}(?P<rest>.*)$",
        alternation(FORWARDED_MESSAGE.iter().map(|p| p.text))
    ))
    .expect("dashed forward separator")
});

/// Apple Mail's and MailMate's "Begin forwarded message:" in its localised forms.
static FORWARD_SEPARATOR_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:{})\s*[:：]\s*$",
        alternation(FORWARD_BEGINS.iter().map(|p| p.text))
    ))
    .expect("colon forward separator")
});

/// IONOS writes forwards under a long dashed "Original Message" line.
static FORWARD_SEPARATOR_LONG_ORIGINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*-{8,}\s*original message\s*-{8,}\s*$").expect("long original separator")
});

/// What a forward separator found on a line.
pub struct ForwardSeparator {
    /// Header text that follows the separator on the same line (Yahoo), if any.
    pub rest: String,
}

pub fn forward_separator(line: &str) -> Option<ForwardSeparator> {
    if line.len() > 4000 || !line.contains('-') && !line.trim_end().ends_with([':', '：']) {
        return None;
    }
    // The dashed form starts with two dashes: most lines are ruled out without a search, and
    // the capturing search (slower than a match) runs only on a line that matches.
    let dashed = line.trim_start().starts_with("--") && FORWARD_SEPARATOR_DASHED.is_match(line);
    if dashed && let Some(caps) = FORWARD_SEPARATOR_DASHED.captures(line) {
        let rest = caps.name("rest").map_or("", |m| m.as_str()).trim();
        return Some(ForwardSeparator {
            rest: rest.to_string(),
        });
    }
    if FORWARD_SEPARATOR_COLON.is_match(line) || FORWARD_SEPARATOR_LONG_ORIGINAL.is_match(line) {
        return Some(ForwardSeparator {
            rest: String::new(),
        });
    }
    None
}

/// "-----Original Message-----", "-------- Original message --------", "----- Reply message
/// -----" and their translations, between rules of dashes, underscores, equals signs or stars:
/// the rest is quoted history (or a forward, when the subject or position says so).
static ORIGINAL_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*[-_=*]{{2,}}\s*(?:{})\s*[-_=*]*\s*$",
        alternation(ORIGINAL_MESSAGE_PHRASES.iter().map(|p| p.text))
    ))
    .expect("original message pattern")
});

pub fn is_original_message_line(line: &str) -> bool {
    // The pattern opens with a rule of at least two of the same marks, after spaces.
    let opening = line.trim_start().as_bytes();
    line.len() < 200
        && opening.len() >= 2
        && matches!(opening[0], b'-' | b'_' | b'=' | b'*')
        && matches!(opening[1], b'-' | b'_' | b'=' | b'*')
        && ORIGINAL_MESSAGE.is_match(line)
}

/// Subject prefixes that clients put on forwards (Fwd:, FW:, TR:, WG:, RV:, I:, VS:, PD:, …),
/// after an optional list tag (`[team]`).
static FORWARD_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:\[[^\]]{{0,40}}\]\s*)?(?:{})\s*[:：]",
        alternation(FORWARD_PREFIXES.iter().map(|p| p.text))
    ))
    .expect("forward subject pattern")
});

/// Reply prefixes (Re:, AW:, SV:, Odp:, …), likewise.
static REPLY_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:\[[^\]]{{0,40}}\]\s*)?(?:{})(?:\[\d+\])?\s*[:：]",
        alternation(REPLY_PREFIXES.iter().map(|p| p.text))
    ))
    .expect("reply subject pattern")
});

pub fn is_forward_subject(subject: &str) -> bool {
    FORWARD_SUBJECT.is_match(subject)
}

pub fn is_reply_subject(subject: &str) -> bool {
    REPLY_SUBJECT.is_match(subject)
}

/// A forwarder's intro ("FYI", "see below", "zur Info"), as a whole word or phrase.
static FORWARD_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^\w])(?:{})(?:[^\w]|$)",
        alternation(FORWARD_INTROS.iter().map(|p| p.text))
    ))
    .expect("forward intro pattern")
});

/// Does this short text (what stands above a header block) announce a forward?
pub fn is_forward_intro(text: &str) -> bool {
    text.chars().count() <= FORWARD_INTRO_MAX_CHARS && FORWARD_INTRO.is_match(text)
}

/// An intro is a line or two; a longer text above a header block is a reply.
const FORWARD_INTRO_MAX_CHARS: usize = 200;

/// The subject without its forward prefix.
pub fn strip_forward_prefix(subject: &str) -> String {
    match FORWARD_SUBJECT.find(subject) {
        Some(m) => subject[m.end()..].trim().to_string(),
        None => subject.trim().to_string(),
    }
}

/// A line made only of rule characters (Outlook's underscores, dashes, equals signs).
pub fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 2 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '*' | '~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_in_several_languages() {
        assert_eq!(
            header_line("From: A <a@b.c>").map(|h| h.0),
            Some(HeaderKey::From)
        );
        assert_eq!(
            header_line("Envoyé le :jeudi 15").map(|h| h.0),
            Some(HeaderKey::Date)
        );
        assert_eq!(
            header_line("   Objet : x").map(|h| h.0),
            Some(HeaderKey::Subject)
        );
        assert_eq!(
            header_line("*Sent:* Monday").map(|h| h.0),
            Some(HeaderKey::Date)
        );
        assert_eq!(
            header_line("件名：x").map(|h| h.0),
            Some(HeaderKey::Subject)
        );
        assert!(header_line("The data comes From: our database").is_none());
    }

    #[test]
    fn forward_subjects() {
        assert!(is_forward_subject("Fwd: hello"));
        assert!(is_forward_subject("TR: hello"));
        assert!(!is_forward_subject("Re: Fwd: hello"));
        assert!(is_forward_subject("İLT: merhaba"));
        assert!(is_forward_subject("[team] Fw: hello"));
        assert!(is_reply_subject("AW: hallo"));
        assert!(!is_reply_subject("Regarding the plan"));
        assert_eq!(strip_forward_prefix("WG: Integer"), "Integer");
    }

    #[test]
    fn yahoo_inline_headers_split() {
        let h = inline_headers("From: John <j@a.com>To: \"b@a.com\" <b@a.com>Subject: Hi");
        let keys: Vec<_> = h.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            vec![HeaderKey::From, HeaderKey::To, HeaderKey::Subject]
        );
        assert_eq!(h[2].1, "Hi");
    }
}

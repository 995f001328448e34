//! Where a signature starts: the `-- ` delimiter, a short dash signature ("-Ann"), the footers
//! of mobile devices and mail apps (`knowledge::mobile_footers`), and closings
//! (`knowledge::valedictions`) followed by a name.

use std::sync::LazyLock;

use regex::Regex;

use super::knowledge::disclaimers::DISCLAIMER_OPENERS;
use super::knowledge::mobile_footers::FOOTERS;
use super::knowledge::valedictions::{CLOSINGS, SHORT_CLOSINGS};
use super::knowledge::{alternation, phrase_pattern};

/// The device or app slot of a footer ("Yahoo! Mail on Android", carriers' "Verizon, Samsung
/// Galaxy", "Galaxy S8, an AT&T 5G smartphone"): a name without sentence punctuation (a comma
/// only before a capital or "a"/"an"), so that "Sent from my desk, is much easier…" is a
/// sentence, not a footer. Its length is bounded by `FOOTER_MAX_CHARS` rather than in the
/// pattern: a counted repetition in each of a hundred alternatives would make the automaton
/// large and slow.
const DEVICE_SLOT: &str = r"[^,;?<>\n]+?(?:,\s+(?-i:an?\s|[A-Z])[^,;?<>\n]*?)?";
/// A footer is a short line; the "-- " delimiter is checked apart.
const FOOTER_MAX_CHARS: usize = 90;
/// What may close a footer line: a link in angle brackets (Outlook's `<https://aka.ms/…>`) and
/// a full stop.
const FOOTER_END: &str = r"\s*(?:<[^>]*>)?[\s.!]*$";

/// Footers that open with fixed text ("Sent from my …", "Von meinem … gesendet"): anchored at
/// the start, so most lines are rejected after a few characters.
static FOOTER_WITH_OPENING: LazyLock<Regex> = LazyLock::new(|| {
    let rows = FOOTERS.iter().filter(|f| !f.before.is_empty()).map(|f| {
        format!(
            "{}{DEVICE_SLOT}{}",
            phrase_pattern(f.before),
            phrase_pattern(f.after)
        )
    });
    Regex::new(&format!(
        r"(?i)^(?:{}){FOOTER_END}",
        rows.collect::<Vec<_>>().join("|")
    ))
    .expect("footer pattern")
});

/// Footers that are a device name and fixed text ("iPhoneから送信"): anchored at the end (the
/// regex crate then searches backwards from it); the device part is checked in code.
static FOOTER_WITH_ENDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:{}){FOOTER_END}",
        alternation(
            FOOTERS
                .iter()
                .filter(|f| f.before.is_empty())
                .map(|f| f.after)
        )
    ))
    .expect("footer ending pattern")
});

fn is_footer(line: &str) -> bool {
    if FOOTER_WITH_OPENING.is_match(line) {
        return true;
    }
    FOOTER_WITH_ENDING.find(line).is_some_and(|ending| {
        let device = line[..ending.start()].trim();
        !device.is_empty() && is_device_name(device)
    })
}

/// `DEVICE_SLOT`, in code: no sentence punctuation, a comma only before a capital or "a"/"an".
fn is_device_name(text: &str) -> bool {
    let mut parts = text.split(',');
    let first = parts.next().unwrap_or_default();
    !first.trim().is_empty()
        && !text.contains([';', '?', '<', '>'])
        && parts.all(|part| {
            let part = part.trim_start();
            part.starts_with("a ")
                || part.starts_with("an ")
                || part.chars().next().is_some_and(char::is_uppercase)
        })
}

/// Footers that mobile and web clients add, and the classic `-- ` signature delimiter.
pub fn is_signature_start(line: &str) -> bool {
    let trimmed = line.trim().trim_start_matches('\u{feff}');
    if trimmed == "--" {
        return true;
    }
    // Footers may end with a link (`Get Outlook for iOS<https://aka.ms/…>`), not counted.
    let shown = trimmed.split('<').next().unwrap_or(trimmed);
    trimmed.chars().count() <= 100
        && shown.chars().count() <= FOOTER_MAX_CHARS
        && is_footer(trimmed)
}

/// The opening of a legal disclaimer or confidentiality footer.
static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*\**\s*(?:{})",
        alternation(DISCLAIMER_OPENERS.iter().map(|p| p.text))
    ))
    .expect("disclaimer pattern")
});

pub fn is_disclaimer_start(line: &str) -> bool {
    DISCLAIMER.is_match(line)
}

/// A dash and a name, as people sign short mails: "-Ann", "- Ann Lee", "--Bob", "— Ann", and
/// the Scandinavian slash ("/John").
static DASH_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-–—]{1,2}|/)\s?\p{Lu}[\p{L}.'’]*(?:[ -]\p{Lu}[\p{L}.'’]*){0,2}\s*$")
        .expect("dash signature pattern")
});

pub fn is_dash_signature(line: &str) -> bool {
    line.chars().count() <= 40 && DASH_SIGNATURE.is_match(line)
}

/// Closing phrases after which only a name and a signature follow.
static VALEDICTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:(?:best|kind|warm|warmest|many|with|very|mit|bien|muy|molto)\s+)?(?:\w+\s+and\s+)?(?:{closings})(?:\s*[,.]?\s*/\s*(?:{closings}))?(?:$|[^\w][^\n]{{0,11}}$)",
        closings = alternation(CLOSINGS.iter().map(|p| p.text))
    ))
    .expect("valediction pattern")
});

pub fn is_valediction(line: &str) -> bool {
    // Bilingual closings ("Mit freundlichen Grüßen / Kind regards") are the longest.
    line.chars().count() <= 60 && VALEDICTION.is_match(line)
}

/// Short closings ("Best,", "Thanks,") that end a mail only when just a name follows.
static SHORT_VALEDICTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:{})\s*[,.!]?\s*$",
        alternation(SHORT_CLOSINGS.iter().map(|p| p.text))
    ))
    .expect("short valediction pattern")
});

pub fn is_short_valediction(line: &str) -> bool {
    line.chars().count() <= 30 && SHORT_VALEDICTION.is_match(line)
}

const LOWER_CASE_NAME_MAX_CHARS: usize = 12;

/// A line that reads as a name: one to four words, each starting with a capital (or in a
/// script without case), no digits and no sentence punctuation.
pub fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    // People sign casually in lower case too ("thanks,\nbob"): one short word of letters.
    if let [word] = words[..]
        && word.chars().count() <= LOWER_CASE_NAME_MAX_CHARS
        && word.chars().all(char::is_alphabetic)
    {
        return true;
    }
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            let first = w.chars().next().unwrap_or(' ');
            (first.is_uppercase() || first.is_alphabetic() && !first.is_lowercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’' | ','))
        })
        && !line.trim_end().ends_with(['?', '!', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_footers() {
        for line in [
            "Sent from my iPhone",
            "Get Outlook for iOS<https://aka.ms/o0ukef>",
            "Von meinem iPhone gesendet",
            "Envoyé de mon iPhone",
            "Enviado desde mi iPhone",
            "Sent from Yahoo Mail on Android",
            "发自我的iPhone",
            "iPhoneから送信",
            "Lähetetty iPhonesta",
            "Sent from my Pixel 9",
            "Sent from Yahoo! Mail on Android",
            "Sent from my Verizon, Samsung Galaxy smartphone",
            "Sent via the Samsung Galaxy S8, an AT&T 5G Evolution capable smartphone",
            "Outlook für Android herunterladen",
            "-- ",
        ] {
            assert!(is_signature_start(line), "{line}");
        }
        for line in [
            "Sent from my desk, is much easier then my mobile phone.",
            "-- first point",
            "----",
        ] {
            assert!(!is_signature_start(line), "{line}");
        }
    }

    #[test]
    fn dash_signatures_and_names() {
        assert!(is_dash_signature("-Abhishek Kona"));
        assert!(is_dash_signature("- Ann"));
        assert!(is_dash_signature("— Ann Lee"));
        assert!(!is_dash_signature("- first point"));
        assert!(!is_dash_signature("-- 5 items"));
        assert!(looks_like_name("Ann Lee"));
        assert!(!looks_like_name("See you tomorrow"));
        assert!(is_valediction("Mit freundlichen Grüßen / Kind regards"));
        assert!(is_valediction("Best regards,"));
        assert!(!is_valediction("Best regards to your team, and see you"));
        assert!(looks_like_name("bob"));
        assert!(!looks_like_name("Why not?"));
    }
}

//! The writer's name signed alone under a short text ("pause 2 weeks\n\nSam"). A lone name line
//! reads like a one-word answer ("Yes", "Friday"), so the line's shape cannot decide; the mail
//! itself can: the name is dropped only when it is the sender's, as the From header gives it
//! (the display name, or the words of the address's local part when there is no display name),
//! and only in the place people sign: the last paragraph, one short line under a blank line.

/// Words in a signed name line ("Ann", "Ann Lee", "Ann L.").
const NAME_MAX_WORDS: usize = 3;
/// Shorter parts of an address's local part ("a.lee") are initials, not names.
const LOCAL_PART_WORD_MIN_CHARS: usize = 2;

/// The sender's name, as lower-case words, from the From header.
#[derive(Debug, Default)]
pub struct Signer {
    words: Vec<String>,
}

impl Signer {
    /// `display_name` as the From header shows it ("Ann Lee", "Lee, Ann", "\"Ann Lee (Acme)\"");
    /// `address` the bare address, used when there is no display name.
    pub fn new(display_name: Option<&str>, address: &str) -> Self {
        let name = display_name.unwrap_or_default();
        // Outlook's "Last, First" reads "First Last", as the initials are written.
        let mut words = match name.split_once(',') {
            Some((last, first)) => [name_words(first), name_words(last)].concat(),
            None => name_words(name),
        };
        if words.is_empty() {
            let local = address.split('@').next().unwrap_or_default();
            words = local
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= LOCAL_PART_WORD_MIN_CHARS)
                .map(str::to_lowercase)
                .collect();
        }
        Signer { words }
    }

    /// Is `line` the sender's name (or some of its words, or its initials)?
    fn signs(&self, line: &str) -> bool {
        let line = line.trim().trim_end_matches([',', '!']);
        let written = name_words(line);
        if self.words.is_empty()
            || written.is_empty()
            || written.len() > NAME_MAX_WORDS
            || written.len() != line.split_whitespace().count()
        {
            return false;
        }
        let bare = |w: &String| w.trim_end_matches('.').to_string();
        if written.iter().any(|w| self.words.contains(&bare(w)))
            && written.iter().all(|w| self.is_name_word(w))
        {
            return true;
        }
        // Initials: "AL", "A.L.", "al" for Ann Lee (two letters at least: one is an answer).
        let initials: String = self.words.iter().filter_map(|w| w.chars().next()).collect();
        let compact: String = line
            .chars()
            .filter(|c| *c != '.')
            .flat_map(char::to_lowercase)
            .collect();
        compact.chars().count() >= 2 && compact == initials
    }

    /// A word of the name, or its initial ("L." or "L" of "Lee").
    fn is_name_word(&self, word: &str) -> bool {
        let bare = word.trim_end_matches('.');
        self.words
            .iter()
            .any(|w| w == bare || bare.chars().count() == 1 && w.starts_with(bare))
    }

    /// `text` without the sender's name when it stands alone as the last paragraph under other
    /// text; `text` itself otherwise.
    pub fn drop_signed_name<'a>(&self, text: &'a str) -> &'a str {
        let Some((above, last)) = text.rsplit_once('\n') else {
            return text;
        };
        // The name is its own paragraph: a blank line stands between it and the text.
        let Some(above) = above.trim_end_matches([' ', '\t']).strip_suffix('\n') else {
            return text;
        };
        if above.trim().is_empty() || !self.signs(last) {
            return text;
        }
        above.trim_end()
    }
}

/// The lower-case words of a name: letters, apostrophes, hyphens and dots kept; quotes, commas
/// and a parenthesised company dropped.
fn name_words(name: &str) -> Vec<String> {
    let name = match name.find(['(', '[']) {
        Some(open) => &name[..open],
        None => name,
    };
    name.split(|c: char| c.is_whitespace() || c == ',' || c == '"')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_senders_name_under_a_short_text_goes() {
        let sam = Signer::new(Some("Sam Park"), "sam.park@example.org");
        assert_eq!(
            sam.drop_signed_name("pause 2 weeks\n\nSam"),
            "pause 2 weeks"
        );
        assert_eq!(
            sam.drop_signed_name("pause 2 weeks\n\nSam Park."),
            "pause 2 weeks"
        );
        assert_eq!(
            sam.drop_signed_name("pause 2 weeks\n \nsam"),
            "pause 2 weeks"
        );
        assert_eq!(sam.drop_signed_name("pause 2 weeks\n\nSP"), "pause 2 weeks");
        let outlook = Signer::new(Some("Park, Sam"), "sp@example.org");
        assert_eq!(outlook.drop_signed_name("ok\n\nSam"), "ok");
        let bare = Signer::new(None, "sam.park@example.org");
        assert_eq!(bare.drop_signed_name("ok\n\nSam"), "ok");
    }

    #[test]
    fn an_answer_or_another_name_stays() {
        let sam = Signer::new(Some("Sam Park"), "sam@example.org");
        for text in [
            "Sam",
            "pause 2 weeks\nSam",
            "Thanks for the note.\n\nYes",
            "Who leads?\n\nAnn",
            "pause 2 weeks\n\nSam will call you",
            "pause 2 weeks\n\nS",
            "pause 2 weeks\n\nS.",
        ] {
            assert_eq!(sam.drop_signed_name(text), text);
        }
        let nobody = Signer::new(None, "x1@example.org");
        assert_eq!(nobody.drop_signed_name("ok\n\nSam"), "ok\n\nSam");
    }
}

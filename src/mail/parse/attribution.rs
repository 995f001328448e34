//! Attribution lines ("On DATE, NAME <ADDRESS> wrote:") in every language of
//! `knowledge::attributions`: with a verb, or with only a date and an address before a colon.

use std::sync::LazyLock;

use regex::Regex;

use super::knowledge::alternation;
use super::knowledge::attributions::{OPENERS, WROTE};

/// Verbs written in scripts without spaces between words (CJK, Thai): they follow the date or
/// the name directly, so no word boundary is asked before them.
fn is_glued_script(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c >= '\u{0E00}')
}

fn verbs(glued: bool) -> String {
    alternation(
        WROTE
            .iter()
            .map(|p| p.text)
            .filter(|t| is_glued_script(t) == glued),
    )
}

/// An attribution line above a quote, in any language: it names the author (an address or a
/// date) and ends with the verb, or with a colon after it. What may follow the verb is bounded
/// and holds no sentence end ("ezt írta (időpont: …):" but not "wrote it. Here is…:"; a dot after
/// a number is a day, as in "schrieb am So., 5. Jan. 2020"). No
/// `\b` anywhere (a Unicode word boundary keeps the regex off its fast automaton), and no
/// counted repetition before the verbs (it multiplies the automaton's states by the count):
/// `is_attribution` bounds the length instead.
static ATTRIBUTION_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[-\s]*\S.*?(?:(?:^|[^\w])(?:{})|(?:{}))(?:[^.!?]|\.\S|\.\s+(?-i:[^\sA-Z])|[^0-9][0-9]{{1,2}}\.\s+(?-i:[A-Z])){{0,120}}[:：]?[\s-]*$",
        verbs(false),
        verbs(true)
    ))
    .expect("attribution pattern")
});

/// The verb closing the line, for attributions without a colon ("---- … wrote ----").
static ENDS_WITH_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:{}|{})\s*[:：]?[\s-]*$",
        verbs(false),
        verbs(true)
    ))
    .expect("verb end pattern")
});

/// Attributions without a verb: `2017-11-24 16:32 GMT+01:00 Name <a@b>:`,
/// `ср, 30 апр. 2025 г. в 15:19, Name <a@b>:`.
static ATTRIBUTION_ADDRESS_COLON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-\s]*\S.*@[^\s<>()\[\]]+\s*[>)\]]\s*[:：]\s*$")
        .expect("attribution address pattern")
});

/// A date, a name and an address, without a colon: `05.01.2020 10:00, Ann <ann@x.org>`. Only
/// right above a quote does such a line count.
static ATTRIBUTION_ADDRESS_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-\s]*\S.*@[^\s<>()\[\]]+\s*[>)\]][\s-]*$")
        .expect("attribution address end pattern")
});

static DATE_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{1,4}[:./\-年][0-9]").expect("date pattern"));

static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[-\s]*(?:(?:{})\s|kl\.|\d)",
        alternation(OPENERS.iter().map(|p| p.text))
    ))
    .expect("opener pattern")
});

/// An opening word of an attribution inside a line, after a space or a dash, written as clients
/// write it (case matters: "AM" inside a time is no German "Am").
static OPENER_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"[\s\-](?:{})\s",
        alternation(OPENERS.iter().map(|p| p.text))
    ))
    .expect("inner opener pattern")
});

/// Openings tried per line (bounded work on long lines).
const INNER_OPENERS_TRIED: usize = 8;

/// Where an attribution starts inside a line the writer's own text runs into ("reply On Wed,
/// Apr 4, 2012 at 3:59 PM, bob@example.com wrote:"), after some text. The attribution must
/// hold on its own, strictly (an address, a date or an opening word).
pub fn attribution_inside(line: &str) -> Option<usize> {
    OPENER_INSIDE
        .find_iter(line)
        .take(INNER_OPENERS_TRIED)
        .map(|m| m.start() + 1)
        .find(|&at| {
            let before = line[..at].trim_matches(|c: char| c.is_whitespace() || c == '-');
            // Text before that opens like an attribution is the attribution's own start.
            !before.is_empty()
                && !opens_like_attribution(before)
                && is_attribution(&line[at..], true)
        })
}

/// Hebrew and Arabic Gmail wrap names and addresses in bidirectional controls; they carry no
/// text.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn without_bidi_controls(text: &str) -> std::borrow::Cow<'_, str> {
    // All these controls are encoded with the lead byte 0xE2: a byte scan rules most lines out.
    if text.as_bytes().contains(&0xE2) && text.contains(is_bidi_control) {
        text.chars()
            .filter(|&c| !is_bidi_control(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// An attribution ends with a colon, or with the verb itself ("… wrote", "---- … wrote ----").
pub fn ends_like_attribution(text: &str) -> bool {
    let text = without_bidi_controls(text);
    let text = text.trim_end();
    if text.ends_with([':', '：']) || text.ends_with(['>', ')', ']']) && text.contains('@') {
        return true;
    }
    // The verb is at the end: only the tail is searched, so long lines cost no more.
    let mut tail_start = text.len().saturating_sub(VERB_TAIL_BYTES);
    while !text.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    ENDS_WITH_VERB.is_match(&text[tail_start..])
}

/// Longest verb phrase of `WROTE` in bytes, with room for trailing dashes.
const VERB_TAIL_BYTES: usize = 96;

/// Does the line open like an attribution ("On …", "Le …", a date)?
pub fn opens_like_attribution(text: &str) -> bool {
    OPENER.is_match(&without_bidi_controls(text))
}

/// Words in a line that names its author without a date or an address ("Ann Lee wrote:"):
/// more than this and it is a sentence ending in a colon.
const BARE_ATTRIBUTION_MAX_WORDS: usize = 6;

/// Does this (possibly joined) line read as an attribution ("On … wrote:")? It must name a date
/// or an address. `strict` (used when no `>` quote follows, so everything below would be cut)
/// also wants an address, a date-like number, or the usual opening word. Without `strict` (a
/// quote follows), a short "Name wrote:" counts too.
pub fn is_attribution(text: &str, strict: bool) -> bool {
    let text = without_bidi_controls(text);
    let text = text.trim().trim_start_matches('\u{feff}').trim();
    if !ends_like_attribution(text) || text.chars().count() > 500 {
        return false;
    }
    if !text.chars().any(|c| c.is_ascii_digit() || c == '@') {
        let short = text.split_whitespace().count() <= BARE_ATTRIBUTION_MAX_WORDS;
        return !strict && short && ATTRIBUTION_VERB.is_match(text);
    }
    if strict && !(text.contains('@') || DATE_LIKE.is_match(text) || OPENER.is_match(text)) {
        return false;
    }
    if text.ends_with(['>', ')', ']']) {
        return !strict && DATE_LIKE.is_match(text) && ATTRIBUTION_ADDRESS_END.is_match(text);
    }
    ATTRIBUTION_VERB.is_match(text) || ATTRIBUTION_ADDRESS_COLON.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributions_in_several_languages() {
        for line in [
            "On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:",
            "Le lun. 15 nov. 2021 à 19:42, John <john@acme.com> a écrit :",
            "Am 13.12.2017 21:11 schrieb \"John <s@mail.com>:",
            "El 5 ene 2020, a las 10:00, Ana <ana@x.es> escribió:",
            "Op 12 december 2016 19:05 schreef Company <q@company.com>:",
            "W dniu 2017-01-09 11:59:39 użytkownik C <q@c.com> napisał:",
            "2017-11-24 16:32 GMT+01:00 Baptiste <b@crisp.chat>:",
            "ср, 30 апр. 2025 г. в 15:19, John Doe <doe@example.com>:",
            "On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote",
            "Ana <ana@x.hu> ezt írta (időpont: 2020. jan. 5., H, 10:00):",
            "Am Mo., 5. Jan. 2020 um 10:00 Uhr schrieb Ana <ana@x.de>:",
            "Ana <ana@x.de> schrieb am So., 5. Jan. 2020, 10:00:",
            "Den mån 5 jan. 2020 kl 10:00 skrev Ana <ana@x.se>:",
            "pon., 5 sty 2020 o 10:00 Ana <ana@x.pl> napisał(a):",
            "Em seg., 5 de jan. de 2020 às 10:00, Ana <ana@x.pt> escreveu:",
            "Il giorno lun 5 gen 2020 alle ore 10:00 Ana <ana@x.it> ha scritto:",
            "пн, 5 янв. 2020 г. в 10:00, Ана <ana@x.ru>:",
            "在 2020年1月5日 10:00，Ana <ana@x.cn> 写道：",
            "Ana <ana@x.cn> 于2020年1月5日周日 10:00写道：",
            "2020年1月5日(月) 10:00 Ana <ana@x.jp>:",
            "2020/01/05 10:00、Ana <ana@x.jp>のメッセージ:",
            "2020. 1. 5. 오전 10:00, Ana <ana@x.kr>님이 작성:",
            "Ana <ana@x.tr>, 5 Oca 2020 Pzt, 10:00 tarihinde şunu yazdı:",
            "Στις Κυρ 5 Ιαν 2020 στις 10:00, ο/η Ana <ana@x.gr> έγραψε:",
            "Vào CN, 5 thg 1, 2020 vào lúc 10:00 Ana <ana@x.vn> đã viết:",
            "\u{202b}בתאריך יום א׳, 5 בינו׳ 2020 ב-10:00 מאת \u{202a}Ana\u{202c}\u{200f} <\u{202a}ana@x.il\u{202c}\u{200f}>:\u{202c}",
        ] {
            assert!(is_attribution(line, true), "{line}");
        }
        for line in [
            "On the other hand, we should be careful about edge cases.",
            "Jan 15, 2024 at 14:30",
            "It's how they handled patterns like \"wrote:\" in them.",
            "One outstanding question I had:",
            "He wrote it in 2020. Here is what I think:",
            "Here is what the customer wrote in their long complaint last week:",
        ] {
            assert!(!is_attribution(line, false), "{line}");
        }
        assert!(
            WROTE
                .iter()
                .all(|verb| verb.text.len() + 16 <= VERB_TAIL_BYTES)
        );
        assert!(is_attribution("Ann Lee wrote:", false));
        assert!(is_attribution(
            "----- Ann Lee <ann@x.org> wrote: -----",
            true
        ));
        assert!(is_attribution(
            "05.01.2020 10:00, Ann Lee <ann@x.org>",
            false
        ));
        assert!(!is_attribution(
            "05.01.2020 10:00, Ann Lee <ann@x.org>",
            true
        ));
        assert!(!is_attribution("Write to Ann Lee <ann@x.org>", false));
        assert!(!is_attribution("Ann Lee wrote:", true));
        let run_in = "reply--- On Wed, Apr 4, 2012 at 3:59 PM, me@domain.com wrote:";
        assert_eq!(attribution_inside(run_in), Some(9));
        assert_eq!(
            attribution_inside("On Wed, Apr 4, 2012 at 3:59 PM, me@x.com wrote:"),
            None
        );
        assert_eq!(
            attribution_inside("Le 5 janv. 2020 à 10:00 AM, Ann <a@x.fr> a écrit :"),
            None
        );
    }
}

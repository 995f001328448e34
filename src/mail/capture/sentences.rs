//! A text as sentences, each with its byte range in the text and its place (paragraph, sentence).
//!
//! People write in paragraphs wrapped at ~72 columns, in one-line-per-thought mobile style, and in
//! bullets, often mixed. So a paragraph (lines between blank lines) is first cut into units: each
//! list item with its wrapped continuation, each heading line (`Decisions:`), and runs of prose
//! lines. A line break inside prose ends a sentence only when the line looks finished (well
//! short of the paragraph's longest line, or no line is as long as a client wraps); a
//! sentence inside a line ends at `.`, `!` or `?` followed by a capital, unless the word before is
//! an abbreviation (`e.g.`, `Dr.`) or an initial.

use super::knowledge::sentences::{ABBREVIATIONS, CONTINUING_WORDS};
use super::knowledge::{actions, decisions, feedback};

/// The labels that are headings even without a colon.
const KNOWN_HEADINGS: [&[&str]; 3] = [decisions::LABELS, feedback::HEADINGS, actions::LABELS];

/// One sentence of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the text (without a list marker or surrounding blanks).
    pub start: usize,
    pub end: usize,
    /// The writer's words, line breaks and indentation folded into single spaces.
    pub text: String,
    /// 0-based paragraph of the text, and sentence within the paragraph.
    pub paragraph: usize,
    pub index: usize,
    /// The sentence is (the start of) a list item.
    pub list_item: bool,
    /// The heading the sentence stands under (`Decisions` for the items below `Decisions:`).
    pub heading: Option<String>,
}

/// Below this many characters, a paragraph's lines were not wrapped by a mail client (they wrap
/// at 72 to 78).
const UNWRAPPED_WIDTH: usize = 60;

struct Line<'a> {
    start: usize,
    text: &'a str,
}

/// Byte offset of `part` (a sub-slice) in `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// A list marker's length (`- `, `* `, `1. `, `a) `, `[ ] `), when the line starts with one.
pub(super) fn list_marker_len(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let first = line.chars().next()?;
    if matches!(
        first,
        '-' | '*' | '+' | '•' | '·' | '▪' | '◦' | '–' | '—' | '>'
    ) {
        i += first.len_utf8();
    } else if first.is_ascii_digit() {
        while i < bytes.len() && i < 3 && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i >= bytes.len() || !matches!(bytes[i], b'.' | b')') {
            return None;
        }
        i += 1;
    } else if first.is_ascii_lowercase() && bytes.get(1) == Some(&b')') {
        i = 2;
    } else if line.starts_with("[ ]") || line.starts_with("[x]") || line.starts_with("[X]") {
        i = 3;
    } else {
        return None;
    }
    let rest = &line[i..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() || trimmed.is_empty() {
        return None;
    }
    let mut end = line.len() - trimmed.len();
    // A checkbox after a dash: `- [ ] send the deck`.
    for checkbox in ["[ ]", "[x]", "[X]"] {
        if let Some(after) = trimmed.strip_prefix(checkbox) {
            end += checkbox.len() + (after.len() - after.trim_start().len());
        }
    }
    Some(end)
}

/// A heading line: short, ends with `:`, and is not a sentence itself; or, without the colon, a
/// heading the knowledge tables know ("What went well", "Action items", "## Decisions").
fn heading_of(line: &str) -> Option<String> {
    let line = line
        .trim()
        .trim_start_matches('#')
        .trim()
        .trim_matches(['*', '_'])
        .trim();
    if let Some(body) = line.strip_suffix(':') {
        let body = body.trim().trim_matches(['*', '_']).trim();
        let words = body.split_whitespace().count();
        return (words > 0 && words <= 5 && !body.contains(['.', '?', '!']))
            .then(|| body.to_string());
    }
    let lower = line.to_lowercase();
    KNOWN_HEADINGS
        .iter()
        .any(|table| table.contains(&lower.as_str()))
        .then(|| line.to_string())
}

/// The sentences of `text`, in order.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph: Vec<Line<'_>> = Vec::new();
    let mut paragraph_no = 0;
    // A heading alone in its paragraph carries over to the next one.
    let mut carried: Option<String> = None;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            if !paragraph.is_empty() {
                carried = split_paragraph(text, &paragraph, paragraph_no, carried, &mut out);
                paragraph_no += 1;
                paragraph.clear();
            }
            continue;
        }
        paragraph.push(Line {
            start: offset_in(text, raw),
            text: line,
        });
    }
    if !paragraph.is_empty() {
        split_paragraph(text, &paragraph, paragraph_no, carried, &mut out);
    }
    out
}

/// A unit of a paragraph: a byte range of the text made of whole (trimmed) lines.
struct Unit {
    start: usize,
    end: usize,
    list_item: bool,
    /// Byte offsets (in the text) where a line break ends a sentence.
    breaks: Vec<usize>,
}

/// Cut one paragraph into sentences; returns the heading to carry into the next paragraph.
fn split_paragraph(
    text: &str,
    lines: &[Line<'_>],
    paragraph: usize,
    carried: Option<String>,
    out: &mut Vec<Sentence>,
) -> Option<String> {
    let widest = lines
        .iter()
        .map(|l| l.text.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut heading = carried;
    let mut units: Vec<(Unit, Option<String>)> = Vec::new();
    let mut current: Option<Unit> = None;
    let mut previous: Option<&str> = None;
    let mut only_heading = true;
    for line in lines {
        let trimmed = line.text.trim();
        let lead = line.text.len() - line.text.trim_start().len();
        let start = line.start + lead;
        let end = start + trimmed.len();
        if let Some(h) = heading_of(trimmed)
            && list_marker_len(trimmed).is_none()
        {
            if let Some(unit) = current.take() {
                units.push((unit, heading.clone()));
            }
            heading = Some(h);
            previous = None;
            continue;
        }
        only_heading = false;
        if let Some(marker) = list_marker_len(trimmed) {
            if let Some(unit) = current.take() {
                units.push((unit, heading.clone()));
            }
            current = Some(Unit {
                start: start + marker,
                end,
                list_item: true,
                breaks: Vec::new(),
            });
        } else if let Some(unit) = current.as_mut() {
            let continues_item = unit.list_item && (lead > 0 || starts_lowercase(trimmed));
            if unit.list_item && !continues_item {
                let done = current.take().expect("a unit");
                units.push((done, heading.clone()));
                current = Some(Unit {
                    start,
                    end,
                    list_item: false,
                    breaks: Vec::new(),
                });
            } else {
                // A wrapped list item goes on; prose lines may each be a sentence.
                if !unit.list_item && previous.is_some_and(|p| line_ends_sentence(p, widest)) {
                    unit.breaks.push(start);
                }
                unit.end = end;
            }
        } else {
            current = Some(Unit {
                start,
                end,
                list_item: false,
                breaks: Vec::new(),
            });
        }
        previous = Some(trimmed);
    }
    if let Some(unit) = current.take() {
        units.push((unit, heading.clone()));
    }
    let first = out.len();
    for (unit, heading) in units {
        sentences_of_unit(text, &unit, paragraph, heading, first, out);
    }
    if only_heading { heading } else { None }
}

fn starts_lowercase(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Whether the line break after `line` ends a sentence, `widest` being the paragraph's longest
/// line.
fn line_ends_sentence(line: &str, widest: usize) -> bool {
    if line.ends_with(['.', '!', '?', ')', '"', '”']) {
        return false; // decided by the punctuation rule
    }
    if line.ends_with([',', ';', ':', '-', '–', '(', '&']) {
        return false;
    }
    let last_word = line
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if CONTINUING_WORDS.contains(&last_word.as_str()) {
        return false;
    }
    // Lines that no client wrapped (all shorter than a wrapping width): one thought a line.
    if widest < UNWRAPPED_WIDTH {
        return true;
    }
    // A client wraps near the widest line; a line well short of it was ended by the writer.
    line.chars().count() * 10 < widest * 7
}

/// Split one unit at sentence punctuation and at the line breaks that end sentences.
fn sentences_of_unit(
    text: &str,
    unit: &Unit,
    paragraph: usize,
    heading: Option<String>,
    first_of_paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let body = &text[unit.start..unit.end];
    let mut cuts: Vec<usize> = unit.breaks.iter().map(|b| b - unit.start).collect();
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    for (n, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // The end of a run of terminators and closing marks ("?!", "...", `."`, `.)`).
        let mut m = n + 1;
        while m < chars.len() && matches!(chars[m].1, '.' | '!' | '?' | '…' | '"' | '”' | ')') {
            m += 1;
        }
        if m < chars.len() && !chars[m].1.is_whitespace() {
            continue;
        }
        if m > n + 1 && matches!(chars[n + 1].1, '.' | '!' | '?' | '…') {
            // Only the last terminator of a run decides.
            continue;
        }
        let after = chars[m..].iter().find(|(_, c)| !c.is_whitespace());
        let Some(&(next_at, next)) = after else {
            continue;
        };
        if c == '.' && !ends_sentence_at(&body[..i], next) {
            continue;
        }
        if next.is_lowercase() {
            continue;
        }
        cuts.push(next_at);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut from = 0;
    let mut first_piece = true;
    for cut in cuts.into_iter().chain(std::iter::once(body.len())) {
        let piece = &body[from..cut];
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let start = unit.start + from + (piece.len() - piece.trim_start().len());
            out.push(Sentence {
                start,
                end: start + trimmed.len(),
                text: trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
                paragraph,
                index: out.len() - first_of_paragraph,
                list_item: unit.list_item && first_piece,
                heading: heading.clone(),
            });
            first_piece = false;
        }
        from = cut;
    }
}

/// Whether a `.` after `before` ends a sentence when `next` starts the following word.
fn ends_sentence_at(before: &str, next: char) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // An ellipsis ("wrote it up...") ends a sentence like a full stop.
    if word.ends_with('.') {
        return true;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    // An initial ("J. Smith") or a dotted abbreviation ("e.g", "U.S").
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().all(|c| c.is_alphabetic()) && word != "I" {
        return false;
    }
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return false;
    }
    // "No. 5"
    !(lower == "no" && next.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        split(text).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn wrapped_lines_join_and_abbreviations_do_not_split() {
        let text = "Good week overall. I ran my second customer interview on my own (the\n\
                    checkout one) with Dr. Lee, e.g. Stripe users. Then I wrote it up and\n\
                    sent it round... Next week: more.";
        assert_eq!(
            texts(text),
            [
                "Good week overall.",
                "I ran my second customer interview on my own (the checkout one) with Dr. Lee, \
                 e.g. Stripe users.",
                "Then I wrote it up and sent it round...",
                "Next week: more."
            ]
        );
    }

    #[test]
    fn bullets_headings_and_mobile_lines() {
        let text = "Decisions:\n- cut saved cards\n  from Q1\n- hire a contractor\n\nShadowed support today\nDecided to drop imports\nAll good";
        let all = split(text);
        let got: Vec<(&str, Option<&str>, bool)> = all
            .iter()
            .map(|s| (s.text.as_str(), s.heading.as_deref(), s.list_item))
            .collect();
        assert_eq!(
            got,
            [
                ("cut saved cards from Q1", Some("Decisions"), true),
                ("hire a contractor", Some("Decisions"), true),
                ("Shadowed support today", None, false),
                ("Decided to drop imports", None, false),
                ("All good", None, false),
            ]
        );
        assert_eq!(
            &text[all[0].start..all[0].end],
            "cut saved cards\n  from Q1"
        );
        assert_eq!((all[3].paragraph, all[3].index), (1, 1));
    }

    #[test]
    fn a_heading_alone_carries_into_the_next_paragraph_only() {
        let all = split("Decisions:\n\n- drop the tier\n\nOther news. Nothing else.");
        assert_eq!(all[0].heading.as_deref(), Some("Decisions"));
        assert_eq!(all[1].heading, None);
        assert_eq!(all.len(), 3);
    }

    #[test]
    fn questions_and_exclamations_end_sentences() {
        assert_eq!(
            texts("Should I choose A or B? Not sure! We'll see."),
            ["Should I choose A or B?", "Not sure!", "We'll see."]
        );
        assert_eq!(
            texts("Version 2.5 shipped. ok"),
            ["Version 2.5 shipped. ok"]
        );
    }
}

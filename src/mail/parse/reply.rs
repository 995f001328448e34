//! Reply extraction: the text a person wrote, without quoted history, attribution lines,
//! Outlook header blocks, signatures and mobile footers; and the inline answers they gave under
//! quoted questions.

use indexmap::IndexMap;

use super::attribution::{ends_like_attribution, is_attribution, opens_like_attribution};
use super::history_shapes::{
    dated_header_pair_at, drop_trailing_attribution, is_arrow_decoration,
    is_broken_link_continuation,
};
use super::patterns::{
    HeaderKey, forward_separator, header_line, inline_headers, is_original_message_line,
    is_rule_line,
};
use super::signature::{
    is_dash_signature, is_disclaimer_start, is_short_valediction, is_signature_start,
    is_valediction, looks_like_name,
};

/// How many lines an attribution may be wrapped over ("On …, Name <\naddr> wrote:").
const ATTRIBUTION_MAX_LINES: usize = 3;
/// How far below a `From:` line the other labels of a header block may appear.
const HEADER_BLOCK_WINDOW: usize = 8;
/// Lines (name, title, phone, …) a closing phrase may be followed by and still end the text.
const VALEDICTION_TAIL_LINES: usize = 10;
/// Lines a disclaimer paragraph may run to and still be cut as a footer.
const DISCLAIMER_MAX_LINES: usize = 15;
/// A quoted line at least this long may have been wrapped by the replying client.
const WRAPPED_QUOTE_MIN_CHARS: usize = 50;

/// A line quoted with `>` (a few leading spaces allowed, as some clients indent).
pub fn is_quoted(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t']);
    t.starts_with('>') && line.len() - t.len() <= 3
}

/// HTML-to-text conversions (Polymail, some webmail) put a linked address on lines of its own,
/// so the attribution's closing bracket opens the next line: `Ann <` / `mailto:ann@x.org` /
/// `> wrote:`. That last line reads as quoted, but it ends the attribution above it.
pub fn closes_wrapped_address(lines: &[&str], i: usize) -> bool {
    let Some(rest) = lines[i].trim_start().strip_prefix('>') else {
        return false;
    };
    let Some(previous) = i.checked_sub(1).map(|p| lines[p].trim()) else {
        return false;
    };
    !rest.trim_start().starts_with('>')
        && !is_quoted(lines[i - 1])
        && !previous.contains('>')
        && previous
            .split_whitespace()
            .next_back()
            .is_some_and(|word| word.contains('@'))
        && ends_like_attribution(rest)
}

/// The line with one level of `>` quoting removed.
pub fn unquote_once(line: &str) -> &str {
    let t = line.trim_start_matches([' ', '\t']);
    match t.strip_prefix('>') {
        Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
        None => line,
    }
}

/// The line with every level of quoting removed.
pub fn unquote_all(line: &str) -> &str {
    let mut t = line;
    for _ in 0..64 {
        let next = unquote_once(t);
        if next.len() == t.len() {
            break;
        }
        t = next;
    }
    t
}

/// If an attribution ends on line `end` (wrapped over up to three lines), where does it start?
/// The widest wrapping wins, but a line above joins only when it carries a date or an address
/// itself, so a sentence written just above an attribution is kept.
pub fn attribution_ending_at(lines: &[&str], end: usize, strict: bool) -> Option<usize> {
    let last = lines.get(end)?.trim();
    // Every wrapping ends with this line, so it alone decides most lines cheaply.
    if last.is_empty() || !ends_like_attribution(last) {
        return None;
    }
    let mut joined = String::new();
    let mut found = None;
    for size in 1..=ATTRIBUTION_MAX_LINES.min(end + 1) {
        let start = end + 1 - size;
        let line = lines[start].trim();
        let closing_bracket = start == end && closes_wrapped_address(lines, end);
        if line.is_empty() || is_quoted(lines[start]) && !closing_bracket {
            break;
        }
        // A wider wrapping is taken only when the line above belongs to the attribution: it
        // carries a date or an address, opens like one ("On …"), or the line below it starts
        // with the address the client wrapped onto its own line.
        let belongs = line.chars().any(|c| c.is_ascii_digit() || c == '@')
            || joined.starts_with(['<', '(', '[', '"'])
            || joined
                .get(..7)
                .is_some_and(|h| h.eq_ignore_ascii_case("mailto:"))
            || opens_like_attribution(line);
        if found.is_some() && !belongs {
            break;
        }
        joined = if joined.is_empty() {
            line.to_string()
        } else {
            format!("{line} {joined}")
        };
        if is_attribution(&joined, strict) {
            found = Some(start);
        }
    }
    found
}

/// Is there a quoted header block (`From:` with `Sent:`/`To:`/`Subject:` …, in any order and
/// language) starting at `i`? It must hold a From line and at least two other fields, one of
/// them the date or the subject. Values may wrap onto the next line, and a single blank line
/// may stand between fields. Webmail that loses line breaks runs the block into one line.
pub fn header_block_at(lines: &[&str], i: usize, unquote: bool) -> bool {
    let text = |j: usize| {
        if unquote {
            unquote_all(lines[j])
        } else {
            lines[j]
        }
    };
    let Some((first_key, _)) = header_line(text(i)) else {
        return false;
    };
    let mut keys = vec![first_key];
    if first_key == HeaderKey::From {
        let inline: Vec<HeaderKey> = inline_headers(text(i)).iter().map(|h| h.0).collect();
        if is_header_set(&inline) {
            return true;
        }
    }
    let mut blank_run = 0;
    for j in i + 1..lines.len().min(i + 1 + HEADER_BLOCK_WINDOW) {
        let line = text(j);
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                break;
            }
            continue;
        }
        match header_line(line) {
            Some((key, _)) if keys.contains(&key) => break,
            Some((key, _)) => keys.push(key),
            // A wrapped value continues right under its line.
            None if blank_run == 0 => {}
            None => break,
        }
        blank_run = 0;
    }
    is_header_set(&keys)
}

fn is_header_set(keys: &[HeaderKey]) -> bool {
    let mut distinct: Vec<HeaderKey> = keys
        .iter()
        .copied()
        .filter(|k| *k != HeaderKey::Other)
        .collect();
    distinct.dedup();
    distinct.sort_by_key(|k| *k as u8);
    distinct.dedup();
    distinct.contains(&HeaderKey::From)
        && distinct.len() >= 3
        && (distinct.contains(&HeaderKey::Date) || distinct.contains(&HeaderKey::Subject))
}

/// Step back from a cut over the rule lines and blank lines that introduce it, and over an
/// "Original Message" banner or a dated "Message du : …" line directly above a header block.
fn extend_cut_upwards(lines: &[&str], mut cut: usize) -> usize {
    let mut steps = 0;
    while cut > 0 && steps < 4 {
        let prev = lines[cut - 1];
        if prev.trim().is_empty() || is_rule_line(prev) || is_original_message_line(prev) {
            cut -= 1;
            steps += 1;
        } else {
            break;
        }
    }
    cut
}

/// The first line from which everything is history, footer or signature.
fn hard_cut(lines: &[&str]) -> usize {
    for i in 0..lines.len() {
        let line = lines[i];
        if is_quoted(line) && !closes_wrapped_address(lines, i) {
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // An underscore rule opens history or a list footer; one the writer drew between
        // paragraphs of their own (longer text below it) stays.
        if is_signature_start(line)
            || trimmed.starts_with("__")
                && is_rule_line(line)
                && (trimmed.len() <= 4 || trimmed.len() >= 20)
                && only_a_signature_follows(&lines[i + 1..], VALEDICTION_TAIL_LINES, 80).is_some()
        {
            return i;
        }
        if is_original_message_line(line) || forward_separator(line).is_some() {
            return extend_cut_upwards(lines, i);
        }
        if header_block_at(lines, i, false) {
            let mut cut = extend_cut_upwards(lines, i);
            // "Message du : 12/12/2016 13:20" (a dated banner line) directly above the block.
            if cut > 0 {
                let prev = lines[cut - 1].trim();
                if prev.contains(':') && prev.chars().any(|c| c.is_ascii_digit()) && prev.len() < 80
                {
                    cut = extend_cut_upwards(lines, cut - 1);
                }
            }
            return cut;
        }
        // Date and address alone, opening a paragraph: a header block cut down by a gateway.
        if i > 0 && lines[i - 1].trim().is_empty() && dated_header_pair_at(lines, i) {
            return extend_cut_upwards(lines, i);
        }
        if let Some((HeaderKey::From, value)) = header_line(line)
            && value.contains('@')
            && (value.contains('<') || value.contains('[') || value.contains("mailto:"))
        {
            // A lone "From: Name <address>" line opens pasted or forwarded history.
            return extend_cut_upwards(lines, i);
        }
        if is_disclaimer_start(line) && disclaimer_ends_the_text(&lines[i + 1..]) {
            return extend_cut_upwards(lines, i);
        }
        let rest = &lines[i + 1..];
        if is_valediction(line)
            && matches!(
                only_a_signature_follows(rest, VALEDICTION_TAIL_LINES, 80),
                Some(1..)
            )
            || is_short_valediction(line)
                && next_text_line(rest).is_some_and(looks_like_name)
                && matches!(only_a_signature_follows(rest, 2, 30), Some(1..))
            || is_dash_signature(line)
                && !previous_text_line(lines, i).is_some_and(is_list_item)
                && only_a_signature_follows(rest, 0, 0) == Some(0)
        {
            return i;
        }
        if let Some(start) = attribution_ending_at(lines, i, true) {
            // An attribution followed by unquoted text: the quote is not marked (Outlook indents
            // it, some clients paste it): everything from here on is history.
            let next = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .copied();
            if !next.is_some_and(is_quoted) {
                return extend_cut_upwards(lines, start);
            }
        }
    }
    lines.len()
}

/// After "Regards," only a name and title follow (a few short lines), up to the next quote or
/// history marker: how many lines, or `None` when something else follows. A closing that
/// ends the text (0 lines) is kept: it is then part of what was written. `name_lines` bounds
/// the first block under the closing (the name).
fn only_a_signature_follows(rest: &[&str], name_lines: usize, name_chars: usize) -> Option<usize> {
    let mut count = 0;
    let mut in_first_block = true;
    for (i, line) in rest.iter().enumerate() {
        if is_quoted(line)
            || is_rule_line(line)
            || is_signature_start(line)
            || header_line(line).is_some()
            || is_original_message_line(line)
            || forward_separator(line).is_some()
            || is_disclaimer_start(line)
            || attribution_starts_at(rest, i)
        {
            break;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            in_first_block = count == 0;
            continue;
        }
        count += 1;
        let chars = trimmed.chars().count();
        if in_first_block && (count > name_lines || chars > name_chars) {
            return None;
        }
        if count > VALEDICTION_TAIL_LINES || chars > 80 {
            return None;
        }
    }
    Some(count)
}

/// Does an attribution (wrapped or not) start on line `i`?
fn attribution_starts_at(lines: &[&str], i: usize) -> bool {
    (i..lines.len().min(i + ATTRIBUTION_MAX_LINES))
        .any(|end| attribution_ending_at(lines, end, false) == Some(i))
}

/// Only the disclaimer's own paragraphs (a bounded run of lines) are left before the next
/// history marker or the end.
fn disclaimer_ends_the_text(rest: &[&str]) -> bool {
    let mut count = 0;
    for (i, line) in rest.iter().enumerate() {
        if is_quoted(line)
            || header_line(line).is_some()
            || is_original_message_line(line)
            || forward_separator(line).is_some()
            || attribution_starts_at(rest, i)
        {
            break;
        }
        if !line.trim().is_empty() {
            count += 1;
        }
        if count > DISCLAIMER_MAX_LINES {
            return false;
        }
    }
    true
}

fn next_text_line<'a>(rest: &[&'a str]) -> Option<&'a str> {
    rest.iter().find(|l| !l.trim().is_empty()).map(|l| l.trim())
}

fn previous_text_line<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    lines[..i]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim())
}

/// A list item or the line that announces a list: a dash signature under it is an item.
fn is_list_item(line: &str) -> bool {
    line.starts_with(['-', '*', '•', '–']) || line.ends_with(':')
}

/// What a person wrote, and their answers under quoted questions.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    pub sections: IndexMap<String, String>,
}

pub fn extract(text: &str) -> Reply {
    let lines: Vec<&str> = text.lines().collect();
    let cut = hard_cut(&lines);
    if let Some(below) = bottom_post_under_history_block(&lines, cut) {
        return extract_from(below);
    }
    extract_from(&lines[..cut])
}

/// A writer who answers under an Outlook header block (or an attribution) with `>` quoted
/// history under it, and nothing above: the cut at the block would leave nothing, so the block
/// is skipped instead and the answer under the quote is kept. `None` when that is not the case.
fn bottom_post_under_history_block<'a>(lines: &'a [&'a str], cut: usize) -> Option<&'a [&'a str]> {
    let nothing_above = lines[..cut]
        .iter()
        .all(|l| l.trim().is_empty() || is_quoted(l) || is_rule_line(l));
    if !nothing_above || cut >= lines.len() {
        return None;
    }
    // The block ends at the first quoted line under it.
    let first_quote = (cut..lines.len()).find(|&j| is_quoted(lines[j]))?;
    let block = &lines[cut..first_quote];
    if block.len() > HEADER_BLOCK_WINDOW + ATTRIBUTION_MAX_LINES
        || block.iter().any(|l| {
            // The rule or "Original Message" banner above the block belongs to it.
            !l.trim().is_empty()
                && header_line(l).is_none()
                && !is_rule_line(l)
                && !is_original_message_line(l)
        }) && attribution_ending_at(block, block.len().checked_sub(1)?, false).is_none()
    {
        return None;
    }
    let rest = &lines[first_quote..];
    let answer_below = rest
        .iter()
        .skip_while(|l| is_quoted(l) || l.trim().is_empty())
        .any(|l| !l.trim().is_empty());
    answer_below.then_some(rest)
}

fn extract_from(lines: &[&str]) -> Reply {
    let mut kept: Vec<&str> = Vec::new();
    let mut sections = IndexMap::new();
    let mut question: Option<String> = None;
    let mut answer: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if is_quoted(lines[i])
            && !closes_wrapped_address(lines, i)
            && !writers_own_comparisons(lines, i)
            && !is_arrow_decoration(lines[i])
        {
            let start = i;
            while i < lines.len()
                && (is_quoted(lines[i])
                    || lines[i].trim().is_empty()
                    || is_wrapped_quote_continuation(lines, i)
                    || is_broken_link_continuation(lines, i))
            {
                i += 1;
            }
            let mut end = i;
            while end > start && lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            drop_trailing_attribution(&mut kept, lines[start]);
            flush_section(&mut sections, question.take(), &mut answer);
            let quoted: Vec<&str> = lines[start..end]
                .iter()
                .map(|l| unquote_all(l).trim_end())
                .filter(|l| !is_attribution(l, false))
                .collect();
            // The question answered is the paragraph right above the answer.
            let joined = quoted.join("\n");
            let q = joined
                .trim()
                .rsplit("\n\n")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            if !q.is_empty() {
                question = Some(q);
            }
            // The blank lines under a quote go with it: the answer joins the text above.
            continue;
        }
        kept.push(lines[i]);
        if question.is_some() {
            answer.push(lines[i]);
        }
        i += 1;
    }
    flush_section(&mut sections, question.take(), &mut answer);
    Reply {
        text: tidy(&kept),
        sections,
    }
}

const COMPARISON_MAX_LINES: usize = 20;

/// Lines the writer starts with `>` as a comparison (">50% of users", ">=3 days"), with no
/// attribution above them: their own text, not a quote. Quoting clients put a space after `>`
/// or another `>`, never a digit.
fn writers_own_comparisons(lines: &[&str], i: usize) -> bool {
    // A long run is quoted history; the cap also keeps this check linear over the mail.
    let run = lines[i..]
        .iter()
        .take_while(|l| is_quoted(l))
        .take(COMPARISON_MAX_LINES + 1);
    let mut count = 0;
    for line in run {
        let after = line.trim_start().trim_start_matches('>');
        let comparison = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '=' | '$' | '€' | '£' | '+'));
        if !comparison {
            return false;
        }
        count += 1;
    }
    let introduced = i > 0 && attribution_ending_at(lines, i - 1, false).is_some();
    (1..=COMPARISON_MAX_LINES).contains(&count) && !introduced
}

/// A client that wraps quoted text after quoting leaves the tail of a long quoted line unquoted:
/// it starts in lower case right under a long quoted line, and the quote goes on under it. (An
/// answer written in lower case under a quoted question is not followed by the quote.)
fn is_wrapped_quote_continuation(lines: &[&str], i: usize) -> bool {
    let previous = lines[i - 1];
    is_quoted(previous)
        && unquote_all(previous).chars().count() >= WRAPPED_QUOTE_MIN_CHARS
        && lines[i]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
        && lines.get(i + 1).is_some_and(|next| is_quoted(next))
}

fn flush_section(
    sections: &mut IndexMap<String, String>,
    question: Option<String>,
    answer: &mut Vec<&str>,
) {
    let text = tidy(answer);
    answer.clear();
    if let Some(q) = question
        && !text.is_empty()
    {
        sections.insert(q, text);
    }
}

/// Trim trailing whitespace per line and blank lines at both ends.
pub fn tidy(lines: &[&str]) -> String {
    let mut out: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let first = out.iter().position(|l| !l.is_empty()).unwrap_or(out.len());
    out[first..].join("\n")
}

/// Used by forward extraction: the comment above a forward, cleaned like a reply.
pub fn clean_comment(lines: &[&str]) -> String {
    extract(&lines.join("\n")).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_post_loses_quote_and_attribution() {
        let r = extract(
            "Thanks!\n\nOn Mon, Jan 1, 2024 at 9:00 AM Ann <a@b.c> wrote:\n> hi\n> there\n",
        );
        assert_eq!(r.text, "Thanks!");
        assert!(r.sections.is_empty());
    }

    #[test]
    fn inline_answers_become_sections() {
        let r = extract(
            "On Mon, Jan 1, 2024 at 9:00 AM Coach <c@b.c> wrote:\n> What went well?\n\nThe demo.\n\n> What was hard?\nEstimates.\n",
        );
        assert_eq!(r.text, "The demo.\n\nEstimates.");
        assert_eq!(
            r.sections.get("What went well?").map(String::as_str),
            Some("The demo.")
        );
        assert_eq!(
            r.sections.get("What was hard?").map(String::as_str),
            Some("Estimates.")
        );
    }

    #[test]
    fn outlook_header_block_and_signature() {
        let r = extract(
            "Yes.\n\nSent from my iPhone\n________________________________\nFrom: A <a@b.c>\nSent: Monday\nTo: b@c.d\nSubject: x\n\nold",
        );
        assert_eq!(r.text, "Yes.");
        let r = extract("Fine.\n\nVon: A <a@b.c>\nGesendet: Montag\nAn: b@c.d\nBetreff: x\n\nalt");
        assert_eq!(r.text, "Fine.");
    }

    #[test]
    fn dash_dash_is_a_signature_but_dashed_bullets_are_not() {
        assert_eq!(extract("text\n--\nrick").text, "text");
        assert_eq!(
            extract("because:\n-- first point\n-- second").text,
            "because:\n-- first point\n-- second"
        );
    }
}

//! Smaller shapes of quoted history that the main rules in `reply.rs` call out to: a header block
//! cut down to a date and an address, a link the quoting client broke over lines, and arrow
//! decorations that look like quote marks but are the writer's own.

use std::sync::LazyLock;

use regex::Regex;

use super::attribution::attribution_inside;
use super::patterns::{HeaderKey, header_line};
use super::reply::{attribution_ending_at, is_quoted, unquote_all};
use super::signature::looks_like_name;

/// A full date with a year and a time of day ("Wed, 16 May 2012 00:15:02 -0600",
/// "2012-05-16 00:15", "16.05.2012 0:15"), as a header block's Date field carries it.
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|\D)(?:19|20)\d\d(?:\D|$).*\d{1,2}:\d\d|\d{1,2}:\d\d.*(?:^|\D)(?:19|20)\d\d(?:\D|$)",
    )
    .expect("full date pattern")
});

/// Lines a two-field block may span (each value may wrap once).
const PAIR_WINDOW: usize = 4;

/// A header block cut down to two fields (`Date:` + `To:`, `From:` + `Date:`), as clients and
/// gateways leave it when they drop the other fields. Two fields alone are too weak, so the
/// date must be a full date-time and another field must carry an address. Only the reply cut
/// uses this: a forward needs the full block.
pub fn dated_header_pair_at(lines: &[&str], i: usize) -> bool {
    let Some((first, value)) = header_line(lines[i]) else {
        return false;
    };
    let mut full_date = first == HeaderKey::Date && FULL_DATE.is_match(value);
    let mut addressed =
        matches!(first, HeaderKey::From | HeaderKey::To | HeaderKey::Cc) && value.contains('@');
    let mut keys = vec![first];
    for line in lines.iter().skip(i + 1).take(PAIR_WINDOW) {
        let Some((key, value)) = header_line(line) else {
            continue;
        };
        if keys.contains(&key) {
            break;
        }
        keys.push(key);
        full_date |= key == HeaderKey::Date && FULL_DATE.is_match(value);
        addressed |=
            matches!(key, HeaderKey::From | HeaderKey::To | HeaderKey::Cc) && value.contains('@');
    }
    full_date && addressed
}

/// `>>> >>> http://example.com <<<`: arrows the writer drew around a line of their own point
/// both ways; a quoting client never closes a line with `<`.
pub fn is_arrow_decoration(line: &str) -> bool {
    let trimmed = line.trim_end();
    trimmed.ends_with("<<") && unquote_all(trimmed).chars().any(char::is_alphanumeric)
}

/// Longest tail of a link that a quoting client pushed onto a line of its own.
const LINK_TAIL_MAX_CHARS: usize = 120;

/// A link that the quoting client broke: the quoted line above ends inside a URL (an open
/// parenthesis or angle bracket around it not closed), and this unquoted line is its tail, one
/// token with no spaces, with the quote going on under it.
pub fn is_broken_link_continuation(lines: &[&str], i: usize) -> bool {
    let Some(previous) = i.checked_sub(1).map(|p| lines[p]) else {
        return false;
    };
    let line = lines[i].trim();
    if !is_quoted(previous)
        || line.is_empty()
        || line.chars().count() > LINK_TAIL_MAX_CHARS
        || line.contains(char::is_whitespace)
        || !lines.get(i + 1).is_some_and(|next| is_quoted(next))
    {
        return false;
    }
    let last_token = previous.split_whitespace().last().unwrap_or_default();
    last_token.contains("://")
        && (last_token.starts_with('(') && !last_token.ends_with(')')
            || last_token.starts_with('<') && !last_token.ends_with('>'))
}

fn opens_a_quote_as_from_line(line: &str, value: &str) -> bool {
    let value = value.trim();
    let label = line[..line.len() - value.len()]
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | ':' | '：'));
    value.chars().count() <= 120
        && (value.contains('@')
            || label.chars().count() >= 3
                && value.split_whitespace().count() >= 2
                && looks_like_name(value))
}

/// Remove an attribution (and the blank lines under it) that introduced the quote just found.
/// Gmail may wrap the address's closing `>:` onto a line of its own, which reads as quoted:
/// `first_quoted` is tried as the attribution's tail too.
pub fn drop_trailing_attribution<'a>(kept: &mut Vec<&'a str>, first_quoted: &'a str) {
    let mut end = kept.len();
    while end > 0 && kept[end - 1].trim().is_empty() {
        end -= 1;
    }
    if end == 0 {
        return;
    }
    if let Some(start) = attribution_ending_at(kept, end - 1, false) {
        // Webmail that turns HTML into text can run the writer's last line into the
        // attribution ("Thanks! On Wed, … wrote:"): that text stays.
        let own_text = (start == end - 1)
            .then(|| attribution_inside(kept[start]))
            .flatten()
            .map(|at| {
                kept[start][..at]
                    .trim_end()
                    .trim_end_matches('-')
                    .trim_end()
            })
            .filter(|text| !text.is_empty());
        kept.truncate(start);
        kept.extend(own_text);
        return;
    }
    // A lone "From: Name" line right above the quote opens it as an attribution does. Short
    // labels ("No:", "De:") also start sentences, so the value must be an address or a name.
    if let Some((HeaderKey::From, value)) = header_line(kept[end - 1])
        && opens_a_quote_as_from_line(kept[end - 1], value)
    {
        kept.truncate(end - 1);
        return;
    }
    let tail = first_quoted.trim();
    if end == kept.len() && tail.len() <= 3 && tail.starts_with('>') {
        let mut with_tail: Vec<&str> = kept[..end].to_vec();
        with_tail.push(tail.trim_start_matches('>'));
        if let Some(start) = attribution_ending_at(&with_tail, end, false) {
            kept.truncate(start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_and_an_address_make_a_block_but_not_alone() {
        let pair = [
            "Date: Wed, 16 May 2012 00:15:02 -0600",
            "To: ann@example.com",
        ];
        assert!(dated_header_pair_at(&pair, 0));
        let from_date = ["From: bob@example.com", "Date: 2012-05-16 00:15"];
        assert!(dated_header_pair_at(&from_date, 0));
        let no_time = ["Date: next Monday", "To: ann@example.com"];
        assert!(!dated_header_pair_at(&no_time, 0));
        let no_address = ["Date: Wed, 16 May 2012 00:15:02 -0600", "To: the team"];
        assert!(!dated_header_pair_at(&no_address, 0));
    }

    #[test]
    fn arrows_and_broken_links() {
        assert!(is_arrow_decoration(">>> >>>  http://www.domain.com <<<"));
        assert!(!is_arrow_decoration("> a quoted line"));
        assert!(!is_arrow_decoration("> <<"));
        let broken = [
            "> View ticket (http://example.com/action",
            "_nonce=3dd518)",
            ">",
        ];
        assert!(is_broken_link_continuation(&broken, 1));
        let answer = ["> View ticket (http://example.com/action)", "Done.", ">"];
        assert!(!is_broken_link_continuation(&answer, 1));
    }
}

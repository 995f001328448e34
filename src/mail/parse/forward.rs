//! Inline forward extraction: Gmail, Outlook (desktop, web, new, 2019, in their localised forms),
//! Apple Mail, Thunderbird, Yahoo, IONOS, Missive, MailMate, HubSpot. Nested forwards come out
//! outermost first.

use super::ForwardedMessage;
use super::mailbox::{format_mailbox, split_list};
use super::patterns::{
    HeaderKey, forward_separator, header_line, inline_headers, is_forward_intro,
    is_original_message_line, is_reply_subject, is_rule_line, strip_forward_prefix,
};
use super::reply::{
    attribution_ending_at, clean_comment, header_block_at, is_quoted, tidy, unquote_once,
};

/// Nesting deeper than this is not followed (bounded work on hostile input).
const MAX_NESTED: usize = 16;

/// Where a forwarded message starts in the lines.
struct Marker {
    /// First line of the marker (separator, banner, header block or attribution).
    start: usize,
    kind: MarkerKind,
}

enum MarkerKind {
    /// A separator line; headers follow (or run on in `rest`, as Yahoo writes them).
    Separator { line: usize, rest: String },
    /// An Outlook header block starting at this line.
    HeaderBlock { line: usize },
    /// Outlook 2019's attribution, spanning lines `start..=end`.
    Attribution { end: usize },
}

/// What a forward yields: the forwarder's comment and the messages, outermost first.
pub struct Forward {
    pub comment: Option<String>,
    pub messages: Vec<ForwardedMessage>,
}

/// Find an inline forward. `subject_says_forward` lets the implicit markers count (Outlook's
/// header block and attribution carry no "forwarded" wording; only the subject tells).
pub fn extract(text: &str, subject: &str, subject_says_forward: bool) -> Option<Forward> {
    let lines: Vec<&str> = text.lines().collect();
    // A header block or "Original Message" banner that opens the body, with nothing written
    // above it, is a forward unless the subject says reply: a reply has new text on top.
    let implicit = if subject_says_forward
        || !is_reply_subject(subject)
            && (opens_with_history_block(&lines) || intro_above_history_block(&lines))
    {
        Implicit::TopLevel
    } else {
        Implicit::None
    };
    let marker = find_marker(&lines, implicit)?;
    // Android's and IONOS's long "-------- Original Message --------" banner opens a forward
    // or quoted history alike; under a reply subject it is history.
    if let MarkerKind::Separator { line, .. } = marker.kind
        && !subject_says_forward
        && is_reply_subject(subject)
        && is_original_message_line(lines[line])
    {
        return None;
    }
    let comment_text = clean_comment(&lines[..marker.start]);
    let mut messages = Vec::new();
    let below = parse_chain(&lines, marker, subject, &mut messages);
    if messages.is_empty() {
        return None;
    }
    // Apple Mail and Sparrow put the forwarder's words under a quoted forward.
    let comment_text = [comment_text, below]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let comment = (!comment_text.is_empty()).then_some(comment_text);
    Some(Forward { comment, messages })
}

/// Lines from the top within which a forwarder's intro and its header block start.
const INTRO_MAX_LINES: usize = 12;

/// A short forwarder's intro ("FYI, see below") and then a header block.
fn intro_above_history_block(lines: &[&str]) -> bool {
    // An intro is short, so the block starts near the top: only the first lines are looked at.
    let near_top = lines.len().min(INTRO_MAX_LINES);
    let Some(block) = (0..near_top).find(|&i| header_block_at(lines, i, false)) else {
        return false;
    };
    let above: Vec<&str> = lines[..block]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !is_rule_line(l) && !is_original_message_line(l))
        .collect();
    !above.is_empty()
        && !above.iter().any(|l| is_quoted(l))
        && is_forward_intro(&above.join(" "))
        && !block_introduces_a_quote(lines, block)
}

fn opens_with_history_block(lines: &[&str]) -> bool {
    let Some(first) = lines
        .iter()
        .position(|l| !l.trim().is_empty() && !is_rule_line(l))
    else {
        return false;
    };
    let block = if header_block_at(lines, first, false) {
        first
    } else if is_original_message_line(lines[first])
        && let Some(j) = (first + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())
        && header_block_at(lines, j, false)
    {
        j
    } else {
        return false;
    };
    !block_introduces_a_quote(lines, block)
}

/// The first paragraph under a header block is `>` quoted: the block heads quoted history that
/// the writer answers below (a reply), not a forwarded message's text.
fn block_introduces_a_quote(lines: &[&str], block: usize) -> bool {
    let after_fields = (block..lines.len())
        .find(|&j| lines[j].trim().is_empty())
        .unwrap_or(lines.len());
    (after_fields..lines.len())
        .find(|&j| !lines[j].trim().is_empty())
        .is_some_and(|j| is_quoted(lines[j]))
}

fn strip_bom(line: &str) -> &str {
    line.trim_start_matches('\u{feff}')
}

/// Which markers without "forwarded" wording count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Implicit {
    /// Only explicit separators.
    None,
    /// The subject says forward: header blocks, banners and Outlook 2019 attributions too.
    TopLevel,
    /// Inside a forwarded body: header blocks and banners (a quoted reply stays body).
    Nested,
}

fn find_marker(lines: &[&str], implicit: Implicit) -> Option<Marker> {
    for i in 0..lines.len() {
        let line = strip_bom(unquote_once(lines[i]));
        if line.trim().is_empty() {
            continue;
        }
        if let Some(sep) = forward_separator(line) {
            return Some(Marker {
                start: start_above(lines, i),
                kind: MarkerKind::Separator {
                    line: i,
                    rest: sep.rest,
                },
            });
        }
        if implicit == Implicit::None {
            // Without a forward subject, history that starts before any separator (a quote, an
            // attribution, an Outlook header block) makes this a reply: a forward further down
            // belongs to the quoted thread, not to this mail.
            let history = is_quoted(lines[i])
                || is_original_message_line(line)
                || header_block_at(lines, i, false)
                || attribution_ending_at(lines, i, false).is_some();
            if history {
                return None;
            }
            continue;
        }
        if is_original_message_line(line) {
            let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
            if let Some(j) = next
                && header_line(unquote_once(lines[j])).is_some()
            {
                return Some(Marker {
                    start: start_above(lines, i),
                    kind: MarkerKind::Separator {
                        line: i,
                        rest: String::new(),
                    },
                });
            }
        }
        if header_block_at(lines, i, true) {
            return Some(Marker {
                start: start_above(lines, i),
                kind: MarkerKind::HeaderBlock { line: i },
            });
        }
        if implicit == Implicit::TopLevel
            && !is_quoted(lines[i])
            && let Some(start) = attribution_ending_at(lines, i, true)
        {
            return Some(Marker {
                start: start_above(lines, start),
                kind: MarkerKind::Attribution { end: i },
            });
        }
    }
    None
}

/// Include the rule line (Outlook's underscores) directly above a marker.
fn start_above(lines: &[&str], i: usize) -> usize {
    let mut start = i;
    let mut steps = 0;
    while start > 0 && steps < 3 {
        let prev = unquote_once(lines[start - 1]);
        if is_rule_line(prev) {
            start -= 1;
            steps += 1;
        } else if prev.trim().is_empty()
            && start >= 2
            && is_rule_line(unquote_once(lines[start - 2]))
        {
            start -= 2;
            steps += 2;
        } else {
            break;
        }
    }
    start
}

/// Parse the forward at `first` and the ones nested in it, outermost first; returns what the
/// forwarder wrote under a quoted forward (empty when nothing).
fn parse_chain(
    lines: &[&str],
    first: Marker,
    subject: &str,
    out: &mut Vec<ForwardedMessage>,
) -> String {
    let (lines, below) = split_text_below_quoted_forward(lines, &first);
    let below = clean_comment(below);
    let mut current: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut marker = Some(first);
    let mut outer_subject = subject.to_string();
    while let Some(m) = marker.take() {
        if out.len() >= MAX_NESTED {
            break;
        }
        let refs: Vec<&str> = current.iter().map(String::as_str).collect();
        let (mut message, body_lines) = parse_one(&refs, m, &outer_subject);
        let body_refs: Vec<&str> = body_lines.iter().map(String::as_str).collect();
        // The body may itself hold a forward (or the message it answered): nested, inner next.
        match find_marker(&body_refs, Implicit::Nested) {
            Some(n) => {
                // The outer body keeps the nested message: it is part of what was forwarded.
                message.body = tidy(&body_refs);
                outer_subject = message.subject.clone();
                out.push(message);
                marker = Some(n);
                current = body_lines;
            }
            None => {
                message.body = tidy(&body_refs);
                out.push(message);
            }
        }
    }
    below
}

/// When the forwarded headers (under a separator or not) are `>` quoted, the forward ends with
/// the quote; unquoted text after it is the forwarder's, as Apple Mail and Sparrow place it.
fn split_text_below_quoted_forward<'a>(
    lines: &'a [&'a str],
    marker: &Marker,
) -> (&'a [&'a str], &'a [&'a str]) {
    let first_header = match marker.kind {
        MarkerKind::Separator { line, .. } => {
            (line + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())
        }
        MarkerKind::HeaderBlock { line } => Some(line),
        MarkerKind::Attribution { .. } => None,
    };
    let Some(line) = first_header.filter(|&j| is_quoted(lines[j])) else {
        return (lines, &[]);
    };
    let last_quoted = (line..lines.len())
        .rev()
        .find(|&j| is_quoted(lines[j]))
        .unwrap_or(line);
    lines.split_at(last_quoted + 1)
}

/// One forwarded message at `marker`; returns it (body unset) and the lines after its headers.
fn parse_one(
    lines: &[&str],
    marker: Marker,
    outer_subject: &str,
) -> (ForwardedMessage, Vec<String>) {
    let mut message = ForwardedMessage::default();
    let (headers_from, inline_rest, attribution) = match marker.kind {
        MarkerKind::Separator { line, rest } => (line + 1, rest, None),
        MarkerKind::HeaderBlock { line } => (line, String::new(), None),
        MarkerKind::Attribution { end } => (end + 1, String::new(), Some((marker.start, end))),
    };
    // Quoted forwards (Apple Mail, IONOS, MailMate) lose one level of quoting.
    let rest: Vec<String> = lines[headers_from.min(lines.len())..]
        .iter()
        .map(|l| unquote_once(l).to_string())
        .collect();
    let mut body_start = 0;
    if let Some((start, end)) = attribution {
        let text: Vec<&str> = lines[start..=end].iter().map(|l| l.trim()).collect();
        fill_from_attribution(&mut message, &text.join(" "));
        message.subject = strip_forward_prefix(outer_subject);
    } else if !inline_rest.is_empty() {
        for (key, value) in inline_headers(&inline_rest) {
            apply_header(&mut message, key, &value);
        }
    } else {
        body_start = read_header_block(&rest, &mut message);
    }
    let mut body: Vec<String> = rest[body_start.min(rest.len())..].to_vec();
    dedent_outlook_body(&mut body);
    (message, body)
}

/// Read `Key: value` lines (values may wrap); returns the index of the first body line.
fn read_header_block(rest: &[String], message: &mut ForwardedMessage) -> usize {
    let mut i = 0;
    while i < rest.len() && strip_bom(&rest[i]).trim().is_empty() {
        i += 1;
    }
    let mut last: Option<(HeaderKey, String)> = None;
    let mut seen: Vec<HeaderKey> = Vec::new();
    // The next line opens a field not read yet: what stands between belongs to the block.
    let next_is_new_field = |j: usize, seen: &[HeaderKey]| {
        rest.get(j)
            .and_then(|l| header_line(strip_bom(l)))
            .is_some_and(|(key, _)| !seen.contains(&key))
    };
    while i < rest.len() {
        let line = strip_bom(&rest[i]);
        if let Some((key, value)) = header_line(line)
            && !seen.contains(&key)
        {
            if let Some((k, v)) = last.take() {
                apply_header(message, k, &v);
            }
            last = Some((key, value.trim().to_string()));
            seen.push(key);
            i += 1;
            continue;
        }
        if header_line(line).is_some() {
            // A field read already: a second block (a nested message) starts here.
            break;
        }
        let trimmed = line.trim();
        // Some clients leave a blank line between fields.
        if trimmed.is_empty() && !seen.is_empty() && next_is_new_field(i + 1, &seen) {
            i += 1;
            continue;
        }
        // A long value (a Subject) folded onto the next line, right above the next field or
        // (a Subject closing the block) above the blank line that ends the block.
        let folded_subject = last.as_ref().is_some_and(|(k, _)| *k == HeaderKey::Subject)
            && rest.get(i + 1).is_none_or(|l| l.trim().is_empty());
        if !trimmed.is_empty()
            && last.is_some()
            && (next_is_new_field(i + 1, &seen) || folded_subject)
        {
            if let Some((_, v)) = last.as_mut() {
                v.push(' ');
                v.push_str(trimmed);
            }
            i += 1;
            continue;
        }
        let continues = last.as_ref().is_some_and(|(_, v)| {
            !trimmed.is_empty()
                && (trimmed.starts_with('<')
                    || trimmed.starts_with("mailto:")
                    || v.ends_with([',', ';'])
                    || v.is_empty() && trimmed.contains('@')
                    || (!v.contains('@') && trimmed.starts_with(['<', '[']))
                    || (v.ends_with('<')))
        });
        if continues {
            if let Some((_, v)) = last.as_mut() {
                v.push(' ');
                v.push_str(trimmed);
            }
            i += 1;
            continue;
        }
        break;
    }
    if let Some((k, v)) = last.take() {
        apply_header(message, k, &v);
    }
    if seen.is_empty() {
        return 0;
    }
    i
}

fn apply_header(message: &mut ForwardedMessage, key: HeaderKey, value: &str) {
    let value = value.trim();
    match key {
        HeaderKey::From if message.from.is_empty() => message.from = format_mailbox(value),
        HeaderKey::To if message.to.is_empty() => message.to = split_list(value),
        HeaderKey::Cc if message.cc.is_empty() => message.cc = split_list(value),
        HeaderKey::Date if message.date.is_empty() => message.date = value.to_string(),
        HeaderKey::Subject if message.subject.is_empty() => message.subject = value.to_string(),
        _ => {}
    }
}

/// Outlook 2019 writes `On DATE, "Name" <addr> wrote:` (or its translation) above a forward.
fn fill_from_attribution(message: &mut ForwardedMessage, text: &str) {
    let text = text.trim_start_matches('\u{feff}').trim();
    let address_start = text.rfind(['<', '[']).or_else(|| text.rfind('('));
    let Some(open) = address_start else {
        message.date = text.to_string();
        return;
    };
    let close = text[open..]
        .find(['>', ']', ')'])
        .map_or(text.len(), |c| open + c);
    let address = text[open + 1..close].trim().trim_start_matches("mailto:");
    let before = text[..open].trim_end().trim_end_matches(['(', ' ']);
    // The name is the quoted text before the address, or the text after the last comma.
    let (name, name_start) = if let Some(end) = before.rfind(['"', '»', '”']) {
        let open_quote = before[..end].rfind(['"', '«', '„']).unwrap_or(0);
        (&before[open_quote..end], open_quote)
    } else {
        let start = before.rfind(',').map_or(0, |c| c + 1);
        (&before[start..], start)
    };
    let name = name.trim_matches(['"', '«', '»', '„', '”', ' ']);
    // Without quotes or a comma, the name is the run of capitalised words before the address
    // ("28/10/2021 12:46 időpontban John Doe (a@b)").
    let name = if before.contains(['"', '»', '”', ',']) {
        name
    } else {
        let words: Vec<&str> = name.split_whitespace().collect();
        let first_name_word = words
            .iter()
            .rposition(|w| !w.chars().next().is_some_and(char::is_uppercase))
            .map_or(0, |p| p + 1);
        let kept = words[first_name_word..].join(" ");
        let offset = name.find(&kept).unwrap_or(0);
        &name[offset..]
    };
    message.from = if name.is_empty() {
        address.to_string()
    } else {
        format!("{name} <{address}>")
    };
    let date = text[..name_start].trim().trim_end_matches(',').trim();
    // Drop the leading word that opens the sentence ("On", "Dne", "Am", "Le", …).
    let date = match date.split_once(' ') {
        Some((first, rest)) if first.chars().all(char::is_alphabetic) && first.len() <= 6 => rest,
        _ => date,
    };
    message.date = if date.is_empty() {
        text.to_string()
    } else {
        date.to_string()
    };
}

/// Outlook 2019 indents the forwarded body by four spaces.
fn dedent_outlook_body(body: &mut [String]) {
    let non_blank: Vec<&String> = body.iter().filter(|l| !l.trim().is_empty()).collect();
    if !non_blank.is_empty() && non_blank.iter().all(|l| l.starts_with("    ")) {
        for line in body.iter_mut() {
            if line.starts_with("    ") {
                line.drain(..4);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_forward_with_comment() {
        let text = "See below.\n\n---------- Forwarded message ---------\nFrom: John Doe <j@a.com>\nDate: Wed, Oct 27, 2021 at 9:31 AM\nSubject: Hello\nTo: <b@a.com>, s@g.corp\n\nBody here.\n";
        let f = extract(text, "Fwd: Hello", true).expect("forward");
        assert_eq!(f.comment.as_deref(), Some("See below."));
        let m = &f.messages[0];
        assert_eq!(m.from, "John Doe <j@a.com>");
        assert_eq!(m.to, vec!["b@a.com", "s@g.corp"]);
        assert_eq!(m.subject, "Hello");
        assert_eq!(m.body, "Body here.");
    }

    #[test]
    fn outlook_block_needs_forward_subject() {
        let text = "________________________________\nFrom: John <j@a.com>\nSent: Monday\nTo: b@a.com\nSubject: Hi\n\nBody";
        assert!(extract(text, "Re: Hi", false).is_none());
        let f = extract(text, "Fw: Hi", true).expect("forward");
        assert_eq!(f.comment, None);
        assert_eq!(f.messages[0].body, "Body");
    }

    #[test]
    fn nested_forwards_outermost_first() {
        let text = "-------- Forwarded Message --------\nSubject: One\nFrom: A <a@a.com>\nTo: b@b.com\n\nfirst\n\n-------- Forwarded Message --------\nSubject: Two\nFrom: C <c@c.com>\nTo: d@d.com\n\nsecond\n";
        let f = extract(text, "x", false).expect("forward");
        assert_eq!(f.messages.len(), 2);
        assert!(f.messages[0].body.starts_with("first\n"));
        assert!(f.messages[0].body.ends_with("second"));
        assert_eq!(f.messages[1].subject, "Two");
        assert_eq!(f.messages[1].body, "second");
    }

    #[test]
    fn a_forward_inside_quoted_history_is_no_forward() {
        let quoted = "Agreed.\n\nOn Mon, Jan 1, 2024 at 9:00 AM Ann <a@b.c> wrote:\n> See below\n>\n> ---------- Forwarded message ---------\n> From: C <c@d.e>\n> Subject: x\n>\n> old\n";
        assert!(extract(quoted, "Re: x", false).is_none());
        let outlook = "Agreed.\n\nFrom: Ann <a@b.c>\nSent: Monday\nTo: me@b.c\nSubject: RE: x\n\n---------- Forwarded message ---------\nFrom: C <c@d.e>\nSubject: x\n\nold\n";
        assert!(extract(outlook, "RE: x", false).is_none());
    }
}

//! Choosing the body a person wrote in, and turning HTML into text that keeps quote structure
//! (blockquotes become `>` lines, so the same reply rules apply to HTML-only mail).

use mail_parser::{Message, MessagePart, PartType};

/// Bodies longer than this are cut before extraction: what a person wrote is at the top, and
/// the cut keeps the work on a 40 MB mail bounded.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// HTML longer than this, or nested deeper than `MAX_HTML_DEPTH`, goes through mail-parser's
/// linear converter instead of html2text (whose renderer recurses over the tree).
const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;
const MAX_HTML_DEPTH: usize = 200;
/// html2text builds a DOM of the whole document, a few hundred bytes per element: a 2 MB table of
/// 120,000 cells takes it over 256 MB. Past this many elements only the top of the document is
/// rendered, which is where a person's new text is.
const MAX_HTML_ELEMENTS: usize = 20_000;
/// Wide enough that html2text never wraps a paragraph.
const RENDER_WIDTH: usize = 10_000;

/// The text body of a message: its text/plain part, or its HTML part rendered to text.
pub fn text_of(message: &Message<'_>) -> String {
    let part = message
        .text_body
        .first()
        .and_then(|&id| message.part(id))
        .or_else(|| message.html_body.first().and_then(|&id| message.part(id)));
    let text = match part {
        Some(part) => part_text(part),
        None => String::new(),
    };
    normalise(&text)
}

fn part_text(part: &MessagePart<'_>) -> String {
    match &part.body {
        PartType::Text(text) => text.to_string(),
        PartType::Html(html) => html_to_text(html),
        _ => String::new(),
    }
}

/// CRLF to LF, no byte-order marks, and a bounded length (cut at a character boundary).
pub fn normalise(text: &str) -> String {
    let mut text = text;
    if text.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text = &text[..end];
    }
    // Most bodies have neither: one scan instead of three copies.
    if !text.contains(['\r', '\u{feff}']) {
        return text.to_string();
    }
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{feff}', "")
}

/// HTML to text with html2text: blockquotes become `> ` lines, links keep only their text.
pub fn html_to_text(html: &str) -> String {
    let shape = shape_of(html);
    if html.len() > MAX_HTML_BYTES || shape.deepest > MAX_HTML_DEPTH {
        return mail_parser::decoders::html::html_to_text(html);
    }
    let html = &html[..shape.top_end];
    html2text::config::plain_no_decorate()
        .raw_mode(true)
        .string_from_read(html.as_bytes(), RENDER_WIDTH)
        .unwrap_or_else(|_| mail_parser::decoders::html::html_to_text(html))
}

/// What one linear pass over the tags tells.
struct Shape {
    /// A cheap upper bound on element nesting: opening tags minus closing tags, at its deepest.
    deepest: usize,
    /// Where the first `MAX_HTML_ELEMENTS` elements end (the whole length when there are fewer).
    top_end: usize,
}

fn shape_of(html: &str) -> Shape {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut deepest = 0;
    let mut elements = 0;
    let mut top_end = html.len();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'<' {
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                depth += 1;
                deepest = deepest.max(depth);
                elements += 1;
                if elements == MAX_HTML_ELEMENTS + 1 {
                    // `<` is ASCII, so this is a character boundary.
                    top_end = i;
                }
            }
            _ => {}
        }
    }
    Shape { deepest, top_end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blockquote_becomes_quote_lines() {
        let text = html_to_text(
            "<div>Thanks!</div><div class=\"gmail_quote\"><div>On Mon, Jan 1, 2024 at 9:00 AM A &lt;a@b.c&gt; wrote:</div><blockquote>old text</blockquote></div>",
        );
        assert!(text.contains("Thanks!"));
        assert!(
            text.lines()
                .any(|l| l.starts_with('>') && l.contains("old text")),
            "{text}"
        );
    }

    #[test]
    fn a_huge_table_renders_its_top_only() {
        let rows: String = (0..30_000)
            .map(|i| format!("<tr><td>row {i}</td></tr>"))
            .collect();
        let text = html_to_text(&format!("<p>My new text.</p><table>{rows}</table>"));
        assert!(text.starts_with("My new text."), "{}", &text[..100]);
        assert!(text.contains("row 100\n") && !text.contains("row 29999"));
    }

    #[test]
    fn deep_html_uses_linear_fallback() {
        let html = "<div>".repeat(5000) + "deep";
        assert!(html_to_text(&html).contains("deep"));
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let text = "é".repeat(MAX_TEXT_BYTES);
        assert!(normalise(&text).len() <= MAX_TEXT_BYTES);
    }
}

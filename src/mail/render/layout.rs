//! The shape every mail shares: paragraphs, a list and closing paragraphs, as plain text and as
//! escaped HTML.

use std::fmt::Write as _;

use super::Rendered;

/// Escape text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn html_page(paragraphs: &[String], list: &[String], after: &[String]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif;line-height:1.5\">\n",
    );
    for p in paragraphs {
        let _ = writeln!(html, "<p>{}</p>", escape(p));
    }
    if !list.is_empty() {
        html.push_str("<ul>\n");
        for item in list {
            let _ = writeln!(html, "<li>{}</li>", escape(item));
        }
        html.push_str("</ul>\n");
    }
    for p in after {
        let _ = writeln!(html, "<p>{}</p>", escape(p));
    }
    html.push_str("</body></html>\n");
    html
}

/// A mail of paragraphs, a list and closing paragraphs, in both alternatives.
pub(super) fn simple(
    subject: String,
    paragraphs: Vec<String>,
    list: Vec<String>,
    after: Vec<String>,
) -> Rendered {
    let mut text = String::new();
    for p in &paragraphs {
        let _ = writeln!(text, "{p}\n");
    }
    for item in &list {
        let _ = writeln!(text, "- {item}");
    }
    if !list.is_empty() {
        text.push('\n');
    }
    for p in &after {
        let _ = writeln!(text, "{p}\n");
    }
    let html = html_page(&paragraphs, &list, &after);
    Rendered {
        subject,
        text: text.trim_end().to_string() + "\n",
        html,
    }
}

/// At most 300 characters of `text` on one line.
pub(super) fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(300) {
        Some((cut, _)) => format!("{}...", &joined[..cut]),
        None => joined,
    }
}

//! Mailboxes as forwarded header blocks print them: `Name <a@b>`, `"Name" <a@b>`,
//! `Name [mailto:a@b]`, `a@b <mailto:a@b>`, `Name <a@b<mailto:a@b>>`, or a bare name.

use std::sync::LazyLock;

use regex::Regex;

static MAILTO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)mailto:([^\s<>\[\]()]+@[^\s<>\[\]()]+)").expect("mailto"));
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[<\[(]\s*([^\s<>\[\]()]+@[^\s<>\[\]()]+?)\s*[>\])]").expect("bracketed")
});
static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[^\s<>"'\[\](),;:]+@[^\s<>"'\[\](),;:]+\.[^\s<>"'\[\](),;:]+"#).expect("bare")
});

const NAME_QUOTES: &[char] = &['"', '\'', '«', '»', '„', '”', '“', ' ', '\t', '*'];

/// Name and address of one mailbox; either may be empty.
pub fn split_mailbox(raw: &str) -> (String, String) {
    let text = raw.trim().trim_end_matches([';', ',']).trim();
    if text.is_empty() {
        return (String::new(), String::new());
    }
    let (address, name_end) = if let Some(c) = MAILTO.captures(text) {
        let whole = c.get(0).map_or(0, |m| m.start());
        // The name ends at the bracket that opens the address (or the mailto itself).
        let cut = text[..whole].rfind(['<', '[', '(']).unwrap_or(whole);
        let cut = text[..cut].find(['<', '[']).unwrap_or(cut);
        (c[1].to_string(), cut)
    } else if let Some(c) = BRACKETED.captures(text) {
        let start = c.get(0).map_or(0, |m| m.start());
        (c[1].to_string(), start)
    } else if let Some(m) = BARE.find(text) {
        (m.as_str().to_string(), m.start())
    } else {
        return (text.trim_matches(NAME_QUOTES).to_string(), String::new());
    };
    let address = address
        .trim_end_matches(['.', '>'])
        .trim_start_matches('<')
        .to_string();
    // HTML rendered to text leaves the link's brackets inside the angle brackets
    // (`Ann <[ann@x.org]>`): the name stops before any opening bracket.
    let name = text[..name_end]
        .trim_end_matches(['<', '[', '(', ' ', '\t'])
        .trim()
        .trim_matches(NAME_QUOTES)
        .trim();
    let name = if name.eq_ignore_ascii_case(&address) || name.contains('@') && name == address {
        ""
    } else {
        name
    };
    (name.to_string(), address)
}

/// `Name <address>`, the address alone, or the name alone.
pub fn format_mailbox(raw: &str) -> String {
    let (name, address) = split_mailbox(raw);
    match (name.is_empty(), address.is_empty()) {
        (false, false) => format!("{name} <{address}>"),
        (true, false) => address,
        _ => name,
    }
}

/// Split an address list. Outlook separates with `;` (and names may hold commas), others with `,`.
pub fn split_list(raw: &str) -> Vec<String> {
    let separator = if raw.contains(';') { ';' } else { ',' };
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut in_quotes = false;
    for c in raw.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '<' | '[' | '(' if !in_quotes => depth += 1,
            '>' | ']' | ')' if !in_quotes => depth = (depth - 1).max(0),
            _ => {}
        }
        if c == separator && depth == 0 && !in_quotes {
            pieces.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    pieces.push(current);
    // "Doe, John <j@d.com>": a piece without an address belongs to the next one when that one
    // starts with a name and brackets an address.
    let mut merged: Vec<String> = Vec::new();
    let mut carry = String::new();
    for piece in pieces {
        let piece = piece.trim().to_string();
        if piece.is_empty() {
            continue;
        }
        if !carry.is_empty() {
            let joined = format!("{carry}{separator} {piece}");
            carry.clear();
            merged.push(joined);
            continue;
        }
        if separator == ',' && !piece.contains('@') && !piece.contains(' ') {
            carry = piece;
            continue;
        }
        merged.push(piece);
    }
    if !carry.is_empty() {
        merged.push(carry);
    }
    merged.iter().map(|p| format_mailbox(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailbox_forms() {
        assert_eq!(format_mailbox("John Doe <j@d.com>"), "John Doe <j@d.com>");
        assert_eq!(
            format_mailbox("\"John Doe\" <j@d.com>"),
            "John Doe <j@d.com>"
        );
        assert_eq!(
            format_mailbox("John Doe [mailto:j@d.com]"),
            "John Doe <j@d.com>"
        );
        assert_eq!(format_mailbox("j@d.com <j@d.com>"), "j@d.com");
        assert_eq!(format_mailbox("John Doe <[j@d.com]>"), "John Doe <j@d.com>");
        assert_eq!(
            format_mailbox("Suzanne <s@g.corp<mailto:s@g.corp>>"),
            "Suzanne <s@g.corp>"
        );
        assert_eq!(format_mailbox("Bessie Berry"), "Bessie Berry");
        assert_eq!(format_mailbox("<b@a.com>"), "b@a.com");
    }

    #[test]
    fn lists() {
        assert_eq!(
            split_list("Walter <w@a.com>; Nicholas <n@g.corp>"),
            vec!["Walter <w@a.com>", "Nicholas <n@g.corp>"]
        );
        assert_eq!(
            split_list("<b@a.com>, s@g.corp"),
            vec!["b@a.com", "s@g.corp"]
        );
        assert_eq!(
            split_list("Doe, John <j@d.com>"),
            vec!["Doe, John <j@d.com>"]
        );
    }
}

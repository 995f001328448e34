//! What mail clients write around a reply, as data: header labels, separators, attribution
//! verbs and templates, mobile footers, subject prefixes and closings, per language. The
//! patterns in `patterns.rs` are generated from these tables once; the tables are public UI
//! strings of Gmail, Outlook, Apple Mail, Thunderbird, Yahoo and the mobile clients.

pub mod attributions;
pub mod disclaimers;
pub mod forward_intros;
pub mod header_labels;
pub mod mobile_footers;
pub mod separators;
pub mod subject_prefixes;
pub mod valedictions;

/// A literal phrase as a pattern fragment: escaped, any run of whitespace for a space, any run
/// of dashes for a dash, both
/// apostrophes for one, and the dotted/dotless forms of the Turkish capital I (case folding
/// does not map `İ` to `i`).
pub fn phrase_pattern(text: &str) -> String {
    let mut out = String::new();
    let mut literal = String::new();
    let flush = |literal: &mut String, out: &mut String| {
        out.push_str(&regex::escape(literal));
        literal.clear();
    };
    for c in text.chars() {
        let special = match c {
            ' ' => Some(r"[\s\u{a0}]+"),
            // Clients vary the dashes inside a phrase ("Preposlaná správa --- Forwarded").
            '-' => Some(r"-+"),
            '\'' | '’' => Some(r"['’]"),
            'İ' => Some(r"(?:İ|i̇|i|I)"),
            _ => None,
        };
        match special {
            Some(pattern) => {
                flush(&mut literal, &mut out);
                out.push_str(pattern);
            }
            None => literal.push(c),
        }
    }
    flush(&mut literal, &mut out);
    out
}

/// An alternation of phrases, longest first so that the most specific one wins.
pub fn alternation<'a>(phrases: impl IntoIterator<Item = &'a str>) -> String {
    let mut all: Vec<&str> = phrases.into_iter().collect();
    all.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    all.dedup();
    let parts: Vec<String> = all.iter().map(|p| phrase_pattern(p)).collect();
    parts.join("|")
}

#[cfg(test)]
mod tests;

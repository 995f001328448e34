//! How a line of notes is marked: quoting, list markers, checkboxes and `AI:` prefixes.

use std::sync::LazyLock;

use regex::Regex;

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•·▪◦–—]|\d{1,3}[.)]|[a-z][.)])\s+(\S.*)$").expect("list item pattern")
});
static CHECKBOX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•]\s+)?(?:\[[ xX✓✔]?\]|[☐☑☒])\s*(\S.*)$").expect("checkbox pattern")
});
static AI_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•]\s+)?AI\s*[:\-–]\s*(\S.*)$").expect("AI prefix pattern")
});

/// Strip quoting (`> `) that some clients put before forwarded text.
pub(super) fn unquote(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        match trimmed.strip_prefix('>') {
            Some(after) => rest = after,
            None => return rest,
        }
    }
}

/// The text of a list item (`- ...`, `1. ...`, `a) ...`) without its marker.
pub(super) fn list_item_text(line: &str) -> Option<&str> {
    LIST_ITEM
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim())
}

/// The task of a checkbox line (`[ ] ...`, `- [x] ...`, `☐ ...`).
pub(super) fn checkbox_task(line: &str) -> Option<&str> {
    CHECKBOX
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// The task of an `AI: ...` line.
pub(super) fn ai_task(line: &str) -> Option<&str> {
    AI_PREFIX
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

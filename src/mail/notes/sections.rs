//! The headings that open a section of notes, and lines that look like some other heading.

/// The kind of item a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Actions,
    Feedback,
    Goals,
    NextSession,
}

/// Headings, lower-case, without trailing colon.
const HEADINGS: &[(Section, &[&str])] = &[
    (
        Section::Actions,
        &[
            "action items",
            "action item",
            "actions",
            "action",
            "next steps",
            "to do",
            "to-do",
            "todo",
            "to dos",
            "to-dos",
            "todos",
            "follow-ups",
            "follow ups",
            "follow-up",
            "agreed actions",
        ],
    ),
    (
        Section::Feedback,
        &[
            "feedback",
            "what went well",
            "went well",
            "even better if",
            "strengths",
            "areas to grow",
            "areas for growth",
            "areas to improve",
            "www",
            "ebi",
        ],
    ),
    (
        Section::Goals,
        &[
            "goals",
            "goal",
            "new goal",
            "new goals",
            "goals set",
            "updated goal",
            "updated goals",
            "goal changed",
            "goals changed",
        ],
    ),
    (
        Section::NextSession,
        &[
            "next session",
            "next meeting",
            "next call",
            "next 1:1",
            "next 1-1",
            "next catch-up",
            "next catch up",
        ],
    ),
];

/// Longest heading label we look at; longer lines are prose.
const MAX_HEADING_LEN: usize = 40;

/// A known heading: its section, its label as written, and any text after its colon.
pub(super) fn heading(line: &str) -> Option<(Section, String, String)> {
    let line = line.trim_start_matches('#').trim();
    let (label, inline) = match line.split_once(':') {
        Some((label, inline)) => (label, inline),
        None => (line, ""),
    };
    let label = label.trim().trim_matches(['*', '_']).trim();
    if label.is_empty() || label.chars().count() > MAX_HEADING_LEN {
        return None;
    }
    let normal = label.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = normal.to_lowercase();
    let section = HEADINGS
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map(|(section, _)| *section)?;
    let inline = inline.trim().trim_matches(['*', '_']).trim().to_string();
    Some((section, normal, inline))
}

/// A short line ending in a colon (`Risks:`), or a Markdown heading: an unknown section starts.
pub(super) fn looks_like_other_heading(line: &str) -> bool {
    line.starts_with('#') || (line.ends_with(':') && line.chars().count() <= MAX_HEADING_LEN)
}

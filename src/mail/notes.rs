//! Structured items in a mentor's session notes: action items, feedback points, goals and the
//! next session date.
//!
//! Notes are written by hand in many shapes, so this reads them line by line with a small state
//! machine: a known heading (`Action items`, `What went well`, `Goals`, ...) opens a section whose
//! list items (or plain lines, when the section has no list) are its items; a blank line followed
//! by prose, or another heading, closes it. Checkbox lines and `AI:` lines are action items
//! wherever they are. Items keep the mentor's words: only list markers and checkbox marks are
//! removed, and a list item wrapped over several lines is joined with single spaces.
//!
//! Patterns use the `regex` crate only (finite automata, linear time, no backtracking), so a
//! hostile mail cannot make extraction slow.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use crate::domain::feedback::{ActionItem, FeedbackPoint, NextSession, NoteGoal, NoteItems};

/// Dates in notes are read by the same rules as dates in mentees' replies.
pub use crate::domain::dates::find_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
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
/// Cap per kind, so one pasted document cannot produce an unbounded record.
const MAX_ITEMS: usize = 40;

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•·▪◦–—]|\d{1,3}[.)]|[a-z][.)])\s+(\S.*)$").expect("list item pattern")
});
static CHECKBOX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•]\s+)?(?:\[[ xX✓✔]?\]|[☐☑☒])\s*(\S.*)$").expect("checkbox pattern")
});
static AI_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+•]\s+)?AI\s*[:\-–]\s*(\S.*)$").expect("AI prefix pattern")
});
static OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,2})(?::\s|\s+to\s|\s*[-–]\s)")
        .expect("owner pattern")
});

/// The items in `text`. `reference` is the date the notes were sent: a date written without a
/// year is read relative to it, by the rule of [`crate::domain::dates`] (the next such date,
/// unless it passed within the last month).
pub fn extract(text: &str, reference: Date) -> NoteItems {
    let mut out = Extraction::default();
    for raw_line in text.lines() {
        out.line(raw_line, reference);
    }
    out.items
}

#[derive(Default)]
struct Extraction {
    items: NoteItems,
    /// The open section and its heading as written.
    section: Option<(Section, String)>,
    /// The section has items already.
    started: bool,
    /// Its items are list items (so an unmarked line continues the previous one).
    bulleted: bool,
    /// A blank line since the last item.
    gap: bool,
    /// A `Next session` heading with its date on the following line.
    awaiting_next_session: bool,
}

impl Extraction {
    fn line(&mut self, raw_line: &str, reference: Date) {
        let line = unquote(raw_line);
        let t = line.trim();
        if t.is_empty() {
            if self.started {
                self.gap = true;
            }
            return;
        }
        if self.awaiting_next_session {
            self.awaiting_next_session = false;
            self.next_session(t, reference);
            return;
        }
        if let Some(task) = CHECKBOX.captures(t).and_then(|c| c.get(1)) {
            self.action(task.as_str());
            return;
        }
        if let Some(task) = AI_PREFIX.captures(t).and_then(|c| c.get(1)) {
            self.action(task.as_str());
            return;
        }
        let list_content = LIST_ITEM
            .captures(t)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().trim());
        // A list item that is itself labelled (`- Goal: ...`, `- Next session: ...`).
        if let Some(content) = list_content
            && let Some((section, label, inline)) = heading(content)
            && !inline.is_empty()
        {
            self.add(section, &label, &inline, reference);
            return;
        }
        if list_content.is_none()
            && let Some((section, label, inline)) = heading(t)
        {
            self.section = None;
            self.started = false;
            self.gap = false;
            self.bulleted = false;
            if section == Section::NextSession {
                if inline.is_empty() {
                    self.awaiting_next_session = true;
                } else {
                    self.next_session(&inline, reference);
                }
            } else if inline.is_empty() {
                self.section = Some((section, label));
            } else {
                // `Goal: ...` on one line is one item; the prose after it is not more goals.
                self.add(section, &label, &inline, reference);
            }
            return;
        }
        let Some((section, label)) = self.section.clone() else {
            return;
        };
        if let Some(content) = list_content {
            self.add(section, &label, content, reference);
            self.started = true;
            self.bulleted = true;
            self.gap = false;
            return;
        }
        if self.gap || looks_like_other_heading(t) {
            self.section = None;
            return;
        }
        if self.started && self.bulleted {
            self.continue_last(section, t);
        } else {
            self.add(section, &label, t, reference);
            self.started = true;
        }
    }

    fn action(&mut self, text: &str) {
        let text = text.trim();
        if self.items.action_items.len() >= MAX_ITEMS
            || self.items.action_items.iter().any(|a| a.text == text)
        {
            return;
        }
        self.items.action_items.push(ActionItem {
            text: text.to_string(),
            owner: owner(text),
        });
    }

    fn next_session(&mut self, text: &str, reference: Date) {
        if self.items.next_session.is_none() {
            self.items.next_session = Some(NextSession {
                text: text.to_string(),
                date: find_date(text, reference),
            });
        }
    }

    fn add(&mut self, section: Section, label: &str, text: &str, reference: Date) {
        let text = text.trim();
        match section {
            Section::Actions => self.action(text),
            Section::Feedback => {
                let point = FeedbackPoint {
                    heading: label.to_string(),
                    text: text.to_string(),
                };
                if self.items.feedback.len() < MAX_ITEMS && !self.items.feedback.contains(&point) {
                    self.items.feedback.push(point);
                }
            }
            Section::Goals => {
                if self.items.goals.len() < MAX_ITEMS
                    && !self.items.goals.iter().any(|g| g.text == text)
                {
                    self.items.goals.push(NoteGoal {
                        text: text.to_string(),
                        target: find_date(text, reference),
                    });
                }
            }
            Section::NextSession => self.next_session(text, reference),
        }
    }

    /// A wrapped list item: the line belongs to the previous item.
    fn continue_last(&mut self, section: Section, text: &str) {
        match section {
            Section::Actions => {
                if let Some(last) = self.items.action_items.last_mut() {
                    last.text = format!("{} {text}", last.text);
                }
            }
            Section::Feedback => {
                if let Some(last) = self.items.feedback.last_mut() {
                    last.text = format!("{} {text}", last.text);
                }
            }
            Section::Goals => {
                if let Some(last) = self.items.goals.last_mut() {
                    last.text = format!("{} {text}", last.text);
                }
            }
            Section::NextSession => {}
        }
    }
}

/// Strip quoting (`> `) that some clients put before forwarded text.
fn unquote(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        match trimmed.strip_prefix('>') {
            Some(after) => rest = after,
            None => return rest,
        }
    }
}

/// A known heading: its section, its label as written, and any text after its colon.
fn heading(line: &str) -> Option<(Section, String, String)> {
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
fn looks_like_other_heading(line: &str) -> bool {
    line.starts_with('#') || (line.ends_with(':') && line.chars().count() <= MAX_HEADING_LEN)
}

/// The name an action item starts with (`Sam: ...`, `Sam to ...`, `Maya - ...`).
fn owner(text: &str) -> Option<String> {
    OWNER
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn reference() -> Date {
        date(2026, 11, 23)
    }

    const GMAIL_NOTES: &str = "Session with Sam Rivera, 23 Nov (45 min)

What went well
- Clear synthesis of the two discovery interviews
- Owned the decision to cut saved-cards from Q1

Even better if
- Lead with the customer problem before the solution in the roadmap deck

Action items
- Sam: send the roadmap deck outline to Maya by Friday
- Sam: shadow Priya's pricing review on 2 Dec
- Maya: introduce Sam to the risk team lead

Goal: Present the Q1 roadmap to the leadership team by 1 March 2027

Next session: 7 Dec 2026
";

    #[test]
    fn sections_of_typical_notes_become_items_verbatim() {
        let items = extract(GMAIL_NOTES, reference());
        let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            actions,
            [
                "Sam: send the roadmap deck outline to Maya by Friday",
                "Sam: shadow Priya's pricing review on 2 Dec",
                "Maya: introduce Sam to the risk team lead",
            ]
        );
        assert_eq!(items.action_items[0].owner.as_deref(), Some("Sam"));
        assert_eq!(items.action_items[2].owner.as_deref(), Some("Maya"));
        assert_eq!(
            items.feedback,
            [
                FeedbackPoint {
                    heading: "What went well".into(),
                    text: "Clear synthesis of the two discovery interviews".into()
                },
                FeedbackPoint {
                    heading: "What went well".into(),
                    text: "Owned the decision to cut saved-cards from Q1".into()
                },
                FeedbackPoint {
                    heading: "Even better if".into(),
                    text: "Lead with the customer problem before the solution in the roadmap deck"
                        .into()
                },
            ]
        );
        assert_eq!(
            items.goals,
            [NoteGoal {
                text: "Present the Q1 roadmap to the leadership team by 1 March 2027".into(),
                target: Some(date(2027, 3, 1)),
            }]
        );
        assert_eq!(
            items.next_session,
            Some(NextSession {
                text: "7 Dec 2026".into(),
                date: Some(date(2026, 12, 7)),
            })
        );
    }

    #[test]
    fn checkboxes_and_ai_prefixes_are_action_items_anywhere() {
        let text = "Quick notes from today.\n\
                    [ ] Draft the PRD intro\n\
                    - [x] Read the pricing memo\n\
                    ☐ Book the usability lab\n\
                    AI: Sam to pair with Lee on the funnel analysis\n\
                    Nothing else here, and ai: lower-case is prose.\n";
        let items = extract(text, reference());
        let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            actions,
            [
                "Draft the PRD intro",
                "Read the pricing memo",
                "Book the usability lab",
                "Sam to pair with Lee on the funnel analysis",
            ]
        );
        assert_eq!(items.action_items[3].owner.as_deref(), Some("Sam"));
        assert!(items.feedback.is_empty() && items.goals.is_empty());
    }

    #[test]
    fn plain_line_sections_markdown_headings_and_numbered_lists() {
        let text = "## Strengths\n\
                    Calm under pressure in the exec review\n\
                    Good questions to engineering\n\
                    \n\
                    **Next steps:**\n\
                    1. Write the one-pager\n\
                    2) Share it with design\n\
                    \n\
                    Areas to grow:\n\
                    * Saying no earlier\n\
                    Risks:\n\
                    - Launch date slips\n\
                    \n\
                    Goals\n\
                    - Ship the onboarding revamp (target 2027-02-15)\n\
                    - Mentor a new APM\n";
        let items = extract(text, reference());
        let feedback: Vec<_> = items
            .feedback
            .iter()
            .map(|f| (f.heading.as_str(), f.text.as_str()))
            .collect();
        assert_eq!(
            feedback,
            [
                ("Strengths", "Calm under pressure in the exec review"),
                ("Strengths", "Good questions to engineering"),
                ("Areas to grow", "Saying no earlier"),
            ]
        );
        let actions: Vec<_> = items.action_items.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(actions, ["Write the one-pager", "Share it with design"]);
        assert_eq!(items.goals.len(), 2);
        assert_eq!(items.goals[0].target, Some(date(2027, 2, 15)));
        assert_eq!(items.goals[1].target, None);
    }

    #[test]
    fn wrapped_list_items_are_joined_and_prose_after_a_gap_ends_a_section() {
        let text = "> Action items\n\
                    > - Sam: send the roadmap deck outline to Maya by Friday and\n\
                    > include the pricing appendix\n\
                    >\n\
                    > Thanks, talk soon.\n\
                    > Next meeting\n\
                    > Thursday Jan 7\n";
        let items = extract(text, reference());
        assert_eq!(items.action_items.len(), 1);
        assert_eq!(
            items.action_items[0].text,
            "Sam: send the roadmap deck outline to Maya by Friday and include the pricing appendix"
        );
        let next = items.next_session.expect("next session");
        assert_eq!(next.text, "Thursday Jan 7");
        assert_eq!(next.date, Some(date(2027, 1, 7)));
    }

    #[test]
    fn target_and_session_dates_follow_the_shared_date_rule() {
        // Forwarded three days after the session: its "next session" date has just passed and
        // stays this year's; "end of March" is a target date.
        let text = "Goal: Own the pricing page by end of March\n\nNext session: Fri 20 Nov\n";
        let items = extract(text, reference());
        assert_eq!(items.goals[0].target, Some(date(2027, 3, 31)));
        assert_eq!(
            items.next_session.and_then(|n| n.date),
            Some(date(2026, 11, 20))
        );
        // More than a month back is next year's.
        let late = extract("Next session: 20 Oct", reference());
        assert_eq!(
            late.next_session.and_then(|n| n.date),
            Some(date(2027, 10, 20))
        );
    }

    #[test]
    fn hostile_input_neither_panics_nor_invents_items() {
        let long = "a".repeat(200_000);
        let junk = format!("{long}\n:\n::\n- \n[ ]\nAI:\n#\n\u{0}\u{feff}Goal:\n{long}: x\n");
        let items = extract(&junk, reference());
        assert!(items.action_items.is_empty(), "{items:?}");
        assert!(items.goals.is_empty());
        let many = "Action items\n".to_string() + &"- do it again\n- and again\n".repeat(5_000);
        let many_items = (0..500).fold(String::from("To do\n"), |mut s, i| {
            s.push_str(&format!("- task {i}\n"));
            s
        });
        assert_eq!(extract(&many, reference()).action_items.len(), 2);
        assert_eq!(
            extract(&many_items, reference()).action_items.len(),
            MAX_ITEMS
        );
    }
}

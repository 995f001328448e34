//! The items found so far: each kind capped and without repeats, action items with their owner.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::sections::Section;
use crate::domain::dates::find_date;
use crate::domain::feedback::{ActionItem, FeedbackPoint, NextSession, NoteGoal, NoteItems};

/// Cap per kind, so one pasted document cannot produce an unbounded record.
pub(super) const MAX_ITEMS: usize = 40;

/// A name at the start of an action item, before `:`, ` to ` or ` - `.
static OWNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Lu}[\p{L}'’.\-]*(?:\s+\p{Lu}[\p{L}'’.\-]*){0,2})(?::\s|\s+to\s|\s*[-–]\s)")
        .expect("owner pattern")
});

/// What the notes yielded so far.
#[derive(Default)]
pub(super) struct Collected {
    pub(super) items: NoteItems,
}

impl Collected {
    /// An action item, unless it repeats one or the cap is reached.
    pub(super) fn action(&mut self, text: &str) {
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

    /// The first next-session line of the notes is the one kept.
    pub(super) fn next_session(&mut self, text: &str, reference: Date) {
        if self.items.next_session.is_none() {
            self.items.next_session = Some(NextSession {
                text: text.to_string(),
                date: find_date(text, reference),
            });
        }
    }

    /// An item of `section`; `label` is its heading as the mentor wrote it.
    pub(super) fn add(&mut self, section: Section, label: &str, text: &str, reference: Date) {
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
    pub(super) fn continue_last(&mut self, section: Section, text: &str) {
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

/// The name an action item starts with (`Sam: ...`, `Sam to ...`, `Maya - ...`).
fn owner(text: &str) -> Option<String> {
    OWNER
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

//! The state machine that reads notes line by line: which section is open, whether its items
//! are a list, and whether a gap has ended it.

use jiff::civil::Date;

use super::items::Collected;
use super::markers::{ai_task, checkbox_task, list_item_text, unquote};
use super::sections::{Section, heading, looks_like_other_heading};
use crate::domain::feedback::NoteItems;

/// Where the reading is: the open section and the shape of its items.
#[derive(Default)]
pub(super) struct Reader {
    found: Collected,
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

impl Reader {
    /// The items of the lines read.
    pub(super) fn into_items(self) -> NoteItems {
        self.found.items
    }

    /// Read the next line of the notes.
    pub(super) fn line(&mut self, raw_line: &str, reference: Date) {
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
            self.found.next_session(t, reference);
            return;
        }
        if let Some(task) = checkbox_task(t) {
            self.found.action(task);
            return;
        }
        if let Some(task) = ai_task(t) {
            self.found.action(task);
            return;
        }
        let list_content = list_item_text(t);
        // A list item that is itself labelled (`- Goal: ...`, `- Next session: ...`).
        if let Some(content) = list_content
            && let Some((section, label, inline)) = heading(content)
            && !inline.is_empty()
        {
            self.found.add(section, &label, &inline, reference);
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
                    self.found.next_session(&inline, reference);
                }
            } else if inline.is_empty() {
                self.section = Some((section, label));
            } else {
                // `Goal: ...` on one line is one item; the prose after it is not more goals.
                self.found.add(section, &label, &inline, reference);
            }
            return;
        }
        let Some((section, label)) = self.section.clone() else {
            return;
        };
        if let Some(content) = list_content {
            self.found.add(section, &label, content, reference);
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
            self.found.continue_last(section, t);
        } else {
            self.found.add(section, &label, t, reference);
            self.started = true;
        }
    }
}

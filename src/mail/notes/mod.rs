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

mod items;
mod markers;
mod reader;
mod sections;

#[cfg(test)]
mod tests;

use jiff::civil::Date;

use crate::domain::feedback::NoteItems;
use reader::Reader;

/// Dates in notes are read by the same rules as dates in mentees' replies.
pub use crate::domain::dates::find_date;

/// The items in `text`. `reference` is the date the notes were sent: a date written without a
/// year is read relative to it, by the rule of [`crate::domain::dates`] (the next such date,
/// unless it passed within the last month).
pub fn extract(text: &str, reference: Date) -> NoteItems {
    let mut out = Reader::default();
    for raw_line in text.lines() {
        out.line(raw_line, reference);
    }
    out.into_items()
}

//! What the capture knows of the language, as tables: how people say they decided, kinds of
//! experience, feedback cues, progress on goals, commitments, the words that take a statement
//! back (negations, hypotheticals, plans), and the habits questions ask about. Rules read the
//! tables; a new phrasing is a new row, and the golden tests (`tests.rs`) check each row is
//! recognised in a sentence of its own.

pub mod actions;
pub mod decisions;
pub mod experiences;
pub mod feedback;
pub mod markers;
pub mod progress;
pub mod questions;
pub mod sentences;

#[cfg(test)]
mod tests;

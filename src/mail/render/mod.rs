//! Outgoing mail: the words (text and HTML alternatives) of each mail we send, and the MIME
//! around them. One file per mail; `layout` turns paragraphs and lists into both alternatives,
//! `mime` wraps them in headers.

mod decision_follow_up;
mod digest;
mod goals;
mod kickoff;
mod layout;
mod mentor_alert;
mod mime;
mod prompt;

pub use decision_follow_up::decision_follow_up;
pub use digest::{DigestView, digest};
pub use goals::{GoalLine, GoalReminderView, goal_reminder};
pub use kickoff::kickoff;
pub(crate) use layout::html_page;
pub use mentor_alert::mentor_alert;
pub use mime::{Envelope, NoticeEnvelope, notice_to_mime, to_mime};
pub use prompt::{PromptView, prompt};

/// The words of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

//! Outgoing mail: the words (text and HTML alternatives) of each mail we send, and the MIME
//! around them. One file per mail writes it as a [`Mail`] of blocks; `layout` renders a mail
//! through the askama templates in `templates/mail/` once its footer links are known; `mime`
//! wraps the result in headers.

mod cadence;
mod decision_follow_up;
mod digest;
mod goals;
mod kickoff;
mod layout;
mod mentor_alert;
mod mime;
mod notices;
mod programme_summary;
mod prompt;
mod recap;

pub use decision_follow_up::decision_follow_up;
pub use digest::{DigestView, digest};
pub use goals::{GoalLine, GoalReminderView, goal_reminder};
pub use kickoff::kickoff;
pub use layout::{Block, FooterLinks, Item, Mail, Replies};
pub use mentor_alert::mentor_alert;
pub use mime::{Envelope, NoticeEnvelope, notice_to_mime, to_mime};
pub use notices::{
    AcknowledgementView, NoticeView, WhichMenteeView, acknowledgement, notice, which_mentee,
};
pub use programme_summary::{AtRiskLine, ProgrammeSummaryView, programme_summary};
pub use prompt::{PromptView, prompt};
pub use recap::{RecapDecision, RecapGoal, RecapView, recap};

/// The words of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

//! Timeline entries: what mentees reflected and what mentors fed back, and what we sent.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::email::Email;
use super::feedback::NoteItems;
use super::task::MailKind;

/// One entry in a mentorship's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub mentorship_id: String,
    /// When the mail was received.
    pub at: Timestamp,
    /// The inbound message id that produced this entry (SES messageId, or the file's Message-ID
    /// in local mode).
    pub message_id: String,
    /// Sender address.
    pub author: Email,
    pub subject: String,
    #[serde(flatten)]
    pub body: EntryBody,
    /// Set when the entry was too large for its record: the texts here are cut, and the whole
    /// entry is kept at this place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overflow: Option<super::entry_fit::Overflow>,
    /// Files kept with the entry, in the mail's order (`domain::attachment`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<super::attachment::Attachment>,
    /// Files of the mail that were not kept, each with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_attachments: Vec<super::attachment::SkippedAttachment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EntryBody {
    /// A mentee's reply to a prompt: only the new text.
    Reflection {
        /// Which prompt (its sequence number) this answers, from the reply token.
        prompt: u32,
        text: String,
        /// Inline answers under quoted questions: question -> answer, in the order of the mail.
        /// A list, not a map: stores (DynamoDB maps among them) do not keep a map's order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        answers: Vec<Answer>,
        /// The decision whose follow-up this answers: the text is that decision's outcome.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decision: Option<String>,
    },
    /// A mentor's forwarded session notes or comments on a mentee's mail.
    Feedback {
        comment: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        forwarded: Vec<ForwardedNote>,
        /// Action items, feedback points, goals and the next session found in the comment and
        /// the forwarded notes.
        #[serde(default, skip_serializing_if = "NoteItems::is_empty")]
        items: NoteItems,
        /// When the mentor forwarded a mentee's mail that is already a reflection in this
        /// timeline: that reflection's message id, so the feedback links to its context.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context: Option<String>,
    },
}

/// A mail the scheduler sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentMail {
    pub mentorship_id: String,
    /// When it was due (the schedule's time, not the wall clock of the run).
    pub due_at: Timestamp,
    pub sent_at: Timestamp,
    pub kind: MailKind,
    pub to: Email,
    pub subject: String,
    /// The provider's message id, or the reason it was not sent.
    pub outcome: SendOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SendOutcome {
    Sent {
        message_id: String,
    },
    /// Not sent because the recipient may not get mail (paused, stopped, bouncing).
    Skipped {
        reason: String,
    },
    /// The provider refused it for good.
    Rejected {
        reason: String,
    },
}

/// A message a mentor forwarded, as recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardedNote {
    pub from: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    pub text: String,
    /// The mentee wrote it: the mentor forwarded the mentee's mail with comments.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_mentee: bool,
}

/// A mentee's answer written under one of the prompt's quoted questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub question: String,
    pub answer: String,
}

impl Answer {
    /// The parser's `sections` (question -> answer, in mail order) as answers.
    pub fn from_sections(sections: &indexmap::IndexMap<String, String>) -> Vec<Answer> {
        sections
            .iter()
            .map(|(question, answer)| Answer {
                question: question.clone(),
                answer: answer.clone(),
            })
            .collect()
    }
}

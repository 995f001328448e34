//! The feedback entry of a mentor's mail, and the open items and goals its notes add.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::domain::feedback::{NoteItems, OpenItem};
use crate::domain::ids::message_key;
use crate::domain::{Email, Entry, EntryBody, ForwardedNote, Goal, GoalStatus, Mentorship, Person};
use crate::mail::notes::{extract, find_date};
use crate::mail::parse::ParsedMail;
use crate::mail_in::Envelope;
use crate::store::repo::Repo;
use crate::store::{Store, StoreError};

/// At most this many open items and goals from one mail, so the record and its open items and
/// goals fit in one transaction (DynamoDB: 100 writes) with room to spare.
const MAX_OPEN_ITEMS: usize = 40;
const MAX_GOALS: usize = 20;

/// What the mentor wrote: the comment above a forward, or the whole text of a mail that
/// forwards nothing (notes written straight into a mail to the notes address).
pub fn comment_of(parsed: &ParsedMail) -> &str {
    parsed
        .comment
        .as_deref()
        .filter(|c| !c.trim().is_empty() || !parsed.forwarded.is_empty())
        .unwrap_or(&parsed.reply_text)
        .trim()
}

/// The feedback entry of the mail; `comment` is the mentor's own words without the lines that
/// were item commands ("done 2"), which are events, not notes.
pub async fn feedback_entry<S: Store>(
    repo: &Repo<S>,
    envelope: &Envelope,
    parsed: &ParsedMail,
    comment: &str,
    sender: &Email,
    mentorship: &Mentorship,
    mentee: &Person,
) -> Result<Entry, StoreError> {
    let reference = envelope.received_at.to_zoned_datetime(TimeZone::UTC).date();
    let mut items = extract(comment, reference);
    let mut forwarded = Vec::new();
    let mut mentee_texts = Vec::new();
    for f in &parsed.forwarded {
        let from_mentee = f.from.to_lowercase().contains(mentee.email.as_str());
        if from_mentee {
            // The mentee's own mail is context; the feedback is the mentor's comment.
            mentee_texts.push(f.body.as_str());
        } else {
            items.merge(extract(&f.body, reference));
        }
        forwarded.push(ForwardedNote {
            from: f.from.clone(),
            date: f.date.clone(),
            subject: f.subject.clone(),
            text: f.body.clone(),
            from_mentee,
        });
    }
    let context = if mentee_texts.is_empty() {
        None
    } else {
        reflection_quoted(repo, &mentorship.id, &mentee.email, &mentee_texts).await?
    };
    Ok(Entry {
        mentorship_id: mentorship.id.clone(),
        at: envelope.received_at,
        message_id: envelope.message_id.clone(),
        author: sender.clone(),
        subject: parsed.subject.clone(),
        body: EntryBody::Feedback {
            comment: comment.to_string(),
            forwarded,
            items,
            context,
        },
        overflow: None,
        attachments: Vec::new(),
        skipped_attachments: Vec::new(),
    })
}

/// Whitespace collapsed, lower case: how mail clients rewrap text does not matter.
fn squash(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The newest reflection of the mentee whose text is in one of the forwarded mails: the mail the
/// mentor is commenting on, as already recorded.
async fn reflection_quoted<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
    mentee: &str,
    forwarded_texts: &[&str],
) -> Result<Option<String>, StoreError> {
    let forwarded: Vec<String> = forwarded_texts.iter().map(|t| squash(t)).collect();
    let timeline = repo.timeline(mentorship_id).await?;
    Ok(timeline
        .iter()
        .rev()
        .filter(|e| e.author == mentee)
        .find(|e| match &e.body {
            EntryBody::Reflection { text, .. } => {
                let text = squash(text);
                !text.is_empty() && forwarded.iter().any(|f| f.contains(&text))
            }
            EntryBody::Feedback { .. } => false,
        })
        .map(|e| e.message_id.clone()))
}

/// Action items become open items, numbered from `first_number`; their ids derive from the
/// message, so a retry rewrites them.
pub fn open_items(
    items: &NoteItems,
    mentorship: &Mentorship,
    envelope: &Envelope,
    first_number: u32,
) -> Vec<OpenItem> {
    let key = message_key(&envelope.message_id);
    items
        .action_items
        .iter()
        .take(MAX_OPEN_ITEMS)
        .enumerate()
        .map(|(n, a)| OpenItem {
            id: format!("{key}-{n:02}"),
            mentorship_id: mentorship.id.clone(),
            text: a.text.clone(),
            owner: a.owner.clone(),
            source_message_id: envelope.message_id.clone(),
            created_at: envelope.received_at,
            status: Default::default(),
            number: Some(first_number.saturating_add(u32::try_from(n).unwrap_or(u32::MAX))),
            due: None,
        })
        .collect()
}

/// Whether a goal line from the notes is about `existing`: the same words, maybe followed by a
/// date (`<title> by 31 Jan`), so a changed date updates the goal rather than adding another.
fn same_goal(existing: &Goal, line: &str, reference: Date) -> bool {
    let title = squash(&existing.title);
    let line = squash(line);
    match line.strip_prefix(&title) {
        Some(rest) => {
            let rest = rest.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
            rest.is_empty() || find_date(rest, reference).is_some()
        }
        None => false,
    }
}

/// Goals from the notes: new goals, or an open goal of the same title with a new target date.
pub fn goals(
    items: &NoteItems,
    mentorship: &Mentorship,
    envelope: &Envelope,
    existing: &[Goal],
) -> (Vec<Goal>, Vec<GoalChange>) {
    let key = message_key(&envelope.message_id);
    let reference = envelope.received_at.to_zoned_datetime(TimeZone::UTC).date();
    let mut out = Vec::new();
    let mut changes = Vec::new();
    for (n, g) in items.goals.iter().take(MAX_GOALS).enumerate() {
        let same = existing
            .iter()
            .find(|e| e.is_open() && same_goal(e, &g.text, reference));
        let change = match same {
            Some(e) if g.target.is_some() && e.target != g.target => {
                out.push(Goal {
                    target: g.target,
                    ..e.clone()
                });
                GoalChange::NewDate
            }
            Some(_) => GoalChange::Unchanged,
            None => {
                out.push(Goal {
                    id: format!("{key}-g{n:02}"),
                    mentorship_id: mentorship.id.clone(),
                    title: g.text.clone(),
                    target: g.target,
                    status: GoalStatus::Open,
                    created_at: envelope.received_at,
                    progress: Vec::new(),
                });
                GoalChange::Added
            }
        };
        changes.push(change);
    }
    (out, changes)
}

/// What a goal line of the notes did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalChange {
    Added,
    NewDate,
    Unchanged,
}

//! Mentors' notes: a mail to the notes address from a mentor becomes a feedback record in one
//! of their mentorships (`mentee` decides which), with the structured items of the notes, open
//! items for the action items and goals for the goals (`entry`), all in one atomic write with the
//! message's dedupe marker; then the mentor gets a short acknowledgement (`notices`). A mentor
//! with several mentees whose mail names none gets one short reply listing them, sent only by
//! the delivery that wrote the message's dedupe marker.

use super::outcome::record_once;
use super::{Envelope, IngestError, IngestOutcome, MailIn, Rejection};
use crate::archive::Archive;
use crate::domain::attachment::select;
use crate::domain::initial_schedule::first_goal_reminder;
use crate::domain::schedule::{self};
use crate::domain::task::DIGEST_SLOT;
use crate::domain::{Email, EntryBody, Person, Scheduled, Task, Zone};
use crate::mail::parse::ParsedMail;
use crate::mailer::Mailer;
use crate::store::repo::{Changes, Committed, Held, Repo};
use crate::store::{Store, StoreError};

mod entry;
mod mentee;
mod notices;

use super::items::{Settled, settle};
use crate::domain::feedback::{OpenItem, next_number};
use crate::mail::item_commands::parse_commands;
use entry::{comment_of, feedback_entry, goals, open_items};
use mentee::{Candidate, candidates, choose};
use notices::{Acknowledged, acknowledgement, which_mentee};

/// Record a mail to the notes address from `sender` (already past the verdict and auto-reply
/// checks).
pub async fn record_notes<S: Store, M: Mailer, A: Archive>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    parsed: &ParsedMail,
    sender: &Email,
) -> Result<IngestOutcome, IngestError> {
    let repo = &flow.repo;
    let candidates = candidates(repo, sender).await?;
    if candidates.is_empty() {
        return Ok(IngestOutcome::Rejected(Rejection::NotAMentor {
            sender: sender.to_string(),
        }));
    }
    let mentor = repo
        .person(sender)
        .await?
        .unwrap_or_else(|| Person::new(sender.clone(), sender.as_str(), Zone::utc()));
    let files = select(&parsed.attachments, &flow.settings.attachments);
    if comment_of(parsed).is_empty() && parsed.forwarded.is_empty() && files.kept.is_empty() {
        return Ok(IngestOutcome::Rejected(Rejection::EmptyReply));
    }
    if is_our_mail_returned(parsed, &flow.settings.from_address) {
        return Ok(IngestOutcome::Rejected(Rejection::OwnMailReturned));
    }
    let Some(chosen) = choose(parsed, &candidates) else {
        return ask_which_mentee(flow, envelope, parsed, &mentor, &candidates).await;
    };
    let Candidate { mentorship, mentee } = &candidates[chosen];
    tracing::Span::current().record("mentorship", mentorship.id.as_str());

    // Command lines ("done 2") change the pair's numbered items; the rest is notes.
    let today = envelope
        .received_at
        .to_zoned_datetime(mentor.time_zone.tz())
        .date();
    let commands = parse_commands(comment_of(parsed), today);
    // A mail of commands alone records no entry; files with it make it notes.
    let only_commands = !commands.commands.is_empty()
        && commands.rest.is_empty()
        && parsed.forwarded.is_empty()
        && files.kept.is_empty();
    let (numbered, last_given) = repo.numbered_items(&mentorship.id).await?;
    let mut changes = Changes::new();
    let mut summary = Acknowledged::default();
    let mut session = None;
    if !only_commands {
        let mut entry = feedback_entry(
            repo,
            envelope,
            parsed,
            &commands.rest,
            sender,
            mentorship,
            mentee,
        )
        .await?;
        super::attachments::keep(&flow.archive, &mut entry, &parsed.attachments, files).await?;
        let entry = super::overflow::fitted(&flow.archive, entry).await?;
        let (items, forwarded) = match &entry.body {
            EntryBody::Feedback {
                items, forwarded, ..
            } => (items.clone(), forwarded.clone()),
            EntryBody::Reflection { .. } => Default::default(),
        };
        session = items.next_session.as_ref().and_then(|s| s.date);
        let open_items = open_items(
            &items,
            mentorship,
            envelope,
            next_number(&numbered, last_given),
        );
        let existing_goals = repo.goals(&mentorship.id).await?;
        let (goals, goal_changes) = goals(&items, mentorship, envelope, &existing_goals);
        changes.entry_once(&entry);
        for item in &open_items {
            changes.open_item(item);
        }
        // Two mails numbering items at once: the second finds the numbers given and is retried.
        if let Some(last) = open_items.last().and_then(|i| i.number) {
            changes.item_numbers_given(&mentorship.id, last_given, last);
        }
        for goal in &goals {
            changes.goal(goal);
            if let Some(reminder) =
                first_goal_reminder(goal, mentorship, mentee, envelope.received_at)
            {
                changes.schedule(&reminder);
            }
        }
        summary = Acknowledged {
            items,
            forwarded,
            goal_changes,
            mentee_has_items: open_items.iter().any(|i| i.is_for_mentee(&mentor.name)),
            new_numbers: open_items.iter().filter_map(|i| i.number).collect(),
            ..Acknowledged::default()
        };
        summary.open_after = open_items;
    }
    let settled = settle(
        &numbered,
        &commands.commands,
        envelope,
        "the mentor's mail",
        &mut changes,
    );
    summary.notes_recorded = !only_commands;
    summary.open_after = open_after(&numbered, &settled, std::mem::take(&mut summary.open_after));
    summary.settled = settled;
    let what = if only_commands { "items" } else { "feedback" };
    let outcome = record_once(repo, envelope, &mentorship.id, what, changes).await?;
    if let (IngestOutcome::Recorded { .. }, Some(session)) = (&outcome, session) {
        // The entry stands either way; a digest left weekly is only less timely.
        if let Err(e) =
            digest_before_session(repo, &mentorship.id, &mentor, session, envelope.received_at)
                .await
        {
            tracing::warn!(error = %e, "digest not moved before the session");
        }
    }
    // Commands are always confirmed (the mentor needs to know which numbers were not found);
    // notes alone as the mentor chose.
    if matches!(outcome, IngestOutcome::Recorded { .. })
        && (!summary.settled.is_empty() || repo.mentor_settings(sender).await?.acknowledge_notes)
        && acknowledgement_allowed(repo, &mentor, envelope).await?
    {
        let mail = acknowledgement(
            &flow.settings,
            envelope,
            parsed,
            mentorship,
            &mentor,
            mentee,
            &summary,
        );
        if let Err(e) = flow.mailer.send(&mail).await {
            // The record stands; a retry would find it and send nothing, so say so in the log.
            tracing::warn!(mentor = %sender, error = %e, "acknowledgement of notes not sent");
        }
    }
    Ok(outcome)
}

/// The pair's open items once the mail is recorded: the numbered ones as the commands left
/// them, then the mail's new ones; by number.
fn open_after(numbered: &[OpenItem], settled: &Settled, new: Vec<OpenItem>) -> Vec<OpenItem> {
    let mut items: Vec<OpenItem> = numbered
        .iter()
        .map(|item| {
            settled
                .changed
                .iter()
                .rev()
                .find(|(changed, _)| changed.id == item.id)
                .map_or_else(|| item.clone(), |(changed, _)| changed.clone())
        })
        .chain(new)
        .filter(OpenItem::is_open)
        .collect();
    items.sort_by_key(|i| i.number);
    items
}

/// At most this many acknowledgements a mentor gets a day: a forwarding rule that sends each
/// one back as notes cannot make a mail loop, whatever it does to the mail on the way.
pub const MAX_ACKNOWLEDGEMENTS_PER_DAY: u32 = 20;

async fn acknowledgement_allowed<S: Store>(
    repo: &Repo<S>,
    mentor: &Person,
    envelope: &Envelope,
) -> Result<bool, StoreError> {
    let day = envelope
        .received_at
        .to_zoned_datetime(mentor.time_zone.tz())
        .date();
    let allowed = repo
        .take_allowance(
            &mentor.email,
            "acknowledgements",
            day,
            MAX_ACKNOWLEDGEMENTS_PER_DAY,
            envelope.received_at,
        )
        .await?;
    if !allowed {
        tracing::info!(%day, "the mentor's acknowledgements for the day are spent; none sent");
    }
    Ok(allowed)
}

/// Mail from us coming back: no words of the mentor's own, and everything it forwards is mail
/// the programme sent (an acknowledgement or question sent on by a forwarding rule).
fn is_our_mail_returned(parsed: &ParsedMail, our_address: &str) -> bool {
    let ours = our_address.trim().to_ascii_lowercase();
    comment_of(parsed).is_empty()
        && !parsed.forwarded.is_empty()
        && parsed
            .forwarded
            .iter()
            .all(|f| f.from.to_ascii_lowercase().contains(&ours))
}

/// A mentor with several mentees whose mail names none (or several): mark the message seen,
/// and only the delivery that marked it asks which mentee.
async fn ask_which_mentee<S: Store, M: Mailer, A: Archive>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    parsed: &ParsedMail,
    mentor: &Person,
    candidates: &[Candidate],
) -> Result<IngestOutcome, IngestError> {
    let mut seen = Changes::new();
    seen.message_seen(
        &envelope.message_id,
        envelope.received_at,
        "notes: asked which mentee".into(),
    );
    if flow.repo.commit(seen).await? == Committed::Duplicate {
        return Ok(IngestOutcome::Duplicate);
    }
    let mail = which_mentee(&flow.settings, envelope, parsed, mentor, candidates);
    if let Err(e) = flow.mailer.send(&mail).await {
        // Unanswered, the notes would be lost: forget the message, and fail so that the
        // delivery is retried (and, failing again, kept in the failure queue for replay).
        tracing::warn!(error = %e, "which-mentee question not sent; the delivery will be retried");
        let mut forget = Changes::new();
        forget.forget_message(&envelope.message_id);
        // A delete is never a duplicate: its outcome says nothing more.
        let _forgotten = flow.repo.commit(forget).await?;
        return Err(IngestError::Answer(e));
    }
    Ok(IngestOutcome::Rejected(Rejection::AmbiguousMentee {
        sender: mentor.email.to_string(),
        mentees: candidates
            .iter()
            .map(|c| c.mentee.email.to_string())
            .collect(),
    }))
}

/// Bring the mentor's digest forward to the morning before the `session` the notes named (if
/// the weekly one is not sooner), and let it remember the session for later digests. A digest
/// that a scheduler run holds right now is left alone: moving it would undo that run's claim.
async fn digest_before_session<S: Store>(
    repo: &Repo<S>,
    mentorship_id: &str,
    mentor: &Person,
    session: jiff::civil::Date,
    now: jiff::Timestamp,
) -> Result<(), StoreError> {
    let tz = mentor.time_zone.tz();
    let Some(before) = schedule::digest_before_session(session, &tz, now) else {
        return Ok(());
    };
    let current = repo.scheduled_at(mentorship_id, DIGEST_SLOT).await?;
    let (since, due_at) = match &current {
        None => (None, before),
        Some(current) => {
            let Task::Digest { since, .. } = current.scheduled.task else {
                return Ok(());
            };
            if current.is_claimed() {
                tracing::info!("digest is being sent; not moved");
                return Ok(());
            }
            (since, current.scheduled.due_at.min(before))
        }
    };
    let digest = Scheduled {
        mentorship_id: mentorship_id.to_string(),
        due_at,
        task: Task::Digest {
            since,
            session: Some(session),
        },
    };
    if repo.replace_scheduled(current.as_ref(), &digest).await? == Held::Raced {
        tracing::info!("digest changed meanwhile; not moved");
    }
    Ok(())
}

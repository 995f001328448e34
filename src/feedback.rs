//! The notes use case: a mail to the notes address from a mentor becomes a feedback record in
//! one of their mentorships, with the structured items of the notes, open items for the action
//! items and goals for the goals, all in one atomic write with the message's dedupe marker; then
//! the mentor gets a short acknowledgement.
//!
//! Which mentorship (issue 3, point 1): a mentor with one active mentee: that one. With several,
//! in this order, the first rule that names exactly one mentee decides: the first line of the
//! mentor's comment; the mentee's address in the forwarded message's headers; the mentee's
//! address, full name or first name in the comment or a subject. Otherwise nothing is guessed:
//! the mentor gets one short reply listing their mentees (once per message: the reply is sent
//! only by the delivery that wrote the message's dedupe marker).

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::domain::feedback::{NoteItems, OpenItem};
use crate::domain::ids::{message_key, normalise_address};
use crate::domain::schedule::{self, zone};
use crate::domain::time::key_time;
use crate::domain::{Entry, EntryBody, ForwardedNote, Goal, GoalStatus, Mentorship, Person};
use crate::ingest::{Envelope, IngestError, IngestOutcome, IngestSettings, Rejection, record};
use crate::mail::notes::{extract, find_date};
use crate::mail::parse::{ForwardedMessage, ParsedMail};
use crate::mail::render::{self, NoticeEnvelope, Rendered};
use crate::send::{Mailer, OutgoingMail};
use crate::store::records::{Scheduled, Task, from_item, keys};
use crate::store::repo::Repo;
use crate::store::{Condition, Store, StoreError, Write};

/// At most this many open items and goals from one mail, so the record and its open items and
/// goals fit in one transaction (DynamoDB: 100 writes) with room to spare.
const MAX_OPEN_ITEMS: usize = 40;
const MAX_GOALS: usize = 20;
/// Longest comment or forwarded text kept, in bytes; a DynamoDB item holds at most 400 KB.
const MAX_TEXT: usize = 60_000;

/// One of the sender's mentorships as mentor, with the mentee.
#[derive(Debug, Clone)]
struct Candidate {
    mentorship: Mentorship,
    mentee: Person,
}

/// Record a mail to the notes address (already past the verdict and auto-reply checks).
pub async fn record_notes<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &IngestSettings,
    envelope: &Envelope,
    parsed: &ParsedMail,
) -> Result<IngestOutcome, IngestError> {
    let sender = normalise_address(&parsed.from_address);
    let candidates = candidates(repo, &sender).await?;
    if candidates.is_empty() {
        return Ok(IngestOutcome::Rejected(Rejection::NotAMentor { sender }));
    }
    let mentor = repo.person(&sender).await?.unwrap_or_else(|| Person {
        email: sender.clone(),
        name: sender.clone(),
        time_zone: "UTC".into(),
        status: Default::default(),
        paused_until: None,
    });
    if comment_of(parsed).is_empty() && parsed.forwarded.is_empty() {
        return Ok(IngestOutcome::Rejected(Rejection::EmptyReply));
    }
    let Some(chosen) = choose(parsed, &candidates) else {
        return ask_which_mentee(
            repo,
            mailer,
            settings,
            envelope,
            parsed,
            &mentor,
            &candidates,
        )
        .await;
    };
    let Candidate { mentorship, mentee } = &candidates[chosen];

    let entry = feedback_entry(repo, envelope, parsed, &sender, mentorship, mentee).await?;
    let (items, forwarded) = match &entry.body {
        EntryBody::Feedback {
            items, forwarded, ..
        } => (items.clone(), forwarded.clone()),
        EntryBody::Reflection { .. } => Default::default(),
    };
    let session = items.next_session.as_ref().and_then(|s| s.date);
    let open_items = open_items(&items, mentorship, envelope);
    let existing_goals = repo.goals(&mentorship.id).await?;
    let (goals, goal_changes) = goals(&items, mentorship, envelope, &existing_goals);
    let mut extra = Vec::new();
    for item in &open_items {
        extra.push(Repo::<S>::item_write(item)?);
    }
    for goal in &goals {
        let (writes, _) = Repo::<S>::goal_writes(goal, mentorship, mentee, envelope.received_at)?;
        extra.extend(writes);
    }
    // Prompts cache goals and open items: tell them both changed, with one write.
    if !open_items.is_empty() || !goals.is_empty() {
        extra.push(crate::store::records::ContextVersion::bump(&mentorship.id)?);
    }
    // One atomic batch may touch a key only once: should goal writes ever carry a
    // per-mentorship marker of their own, keep the first.
    let extra = one_write_per_key(extra);
    let summary = Acknowledged {
        items,
        forwarded,
        goal_changes,
        mentee_has_items: open_items.iter().any(|i| i.is_for_mentee(&mentor.name)),
    };
    let outcome = record(repo, envelope, entry, extra).await?;
    if let (IngestOutcome::Recorded { .. }, Some(session)) = (&outcome, session) {
        // The entry stands either way; a digest left weekly is only less timely.
        if let Err(e) =
            digest_before_session(repo, &mentorship.id, &mentor, session, envelope.received_at)
                .await
        {
            tracing::warn!(mentorship = %mentorship.id, error = %e, "digest not moved before the session");
        }
    }
    if matches!(outcome, IngestOutcome::Recorded { .. })
        && repo.mentor_settings(&sender).await?.acknowledge_notes
    {
        let mail = acknowledgement(settings, envelope, parsed, &mentor, mentee, &summary);
        if let Err(e) = mailer.send(&mail).await {
            // The record stands; a retry would find it and send nothing, so say so in the log.
            tracing::warn!(mentor = %sender, error = %e, "acknowledgement of notes not sent");
        }
    }
    Ok(outcome)
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
    let tz = zone(&mentor.time_zone);
    let Some(before) = schedule::digest_before_session(session, &tz, now) else {
        return Ok(());
    };
    let key = keys::schedule(mentorship_id, "DIGEST");
    let (since, due_at, condition) = match repo.store().get(&key).await? {
        None => (None, before, Condition::NotExists),
        Some(item) => {
            let current: Scheduled = from_item(&item)?;
            let Task::Digest { since, .. } = current.task else {
                return Ok(());
            };
            let Some(due) = item.due else {
                return Ok(());
            };
            if !due.at.starts_with(&key_time(current.due_at)) {
                tracing::info!(mentorship = %mentorship_id, "digest is being sent; not moved");
                return Ok(());
            }
            (since, current.due_at.min(before), Condition::DueIs(due.at))
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
    match repo
        .store()
        .write(vec![Write::Put {
            item: digest.to_item()?,
            condition,
        }])
        .await
    {
        Err(StoreError::ConditionFailed) => Ok(()),
        other => other,
    }
}

/// The writes with a repeated key dropped (the first write of each key is kept).
fn one_write_per_key(writes: Vec<Write>) -> Vec<Write> {
    let mut seen = std::collections::HashSet::new();
    writes
        .into_iter()
        .filter(|w| {
            let key = match w {
                Write::Put { item, .. } => &item.key,
                Write::SetDue { key, .. } | Write::Delete { key } => key,
            };
            seen.insert((key.pk.clone(), key.sk.clone()))
        })
        .collect()
}

/// The sender's active mentorships as mentor.
async fn candidates<S: Store>(repo: &Repo<S>, sender: &str) -> Result<Vec<Candidate>, StoreError> {
    let mut out = Vec::new();
    for pairing in repo.pairings(sender).await? {
        if pairing.role != "mentor" {
            continue;
        }
        let Some(mentorship) = repo.mentorship(&pairing.mentorship_id).await? else {
            continue;
        };
        if !mentorship.active {
            continue;
        }
        let mentee = repo
            .person(&mentorship.mentee)
            .await?
            .unwrap_or_else(|| Person {
                email: mentorship.mentee.clone(),
                name: mentorship.mentee.clone(),
                time_zone: "UTC".into(),
                status: Default::default(),
                paused_until: None,
            });
        out.push(Candidate { mentorship, mentee });
    }
    Ok(out)
}

/// What the mentor wrote: the comment above a forward, or the whole text of a mail that
/// forwards nothing (notes written straight into a mail to the notes address).
fn comment_of(parsed: &ParsedMail) -> &str {
    parsed
        .comment
        .as_deref()
        .filter(|c| !c.trim().is_empty() || !parsed.forwarded.is_empty())
        .unwrap_or(&parsed.reply_text)
        .trim()
}

/// Which candidate the mail is about, if exactly one rule names exactly one.
fn choose(parsed: &ParsedMail, candidates: &[Candidate]) -> Option<usize> {
    if candidates.len() == 1 {
        return Some(0);
    }
    let comment = comment_of(parsed);
    let first_line = comment
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let rules: [&dyn Fn(&Candidate) -> bool; 3] = [
        &|c| names(first_line, &c.mentee),
        &|c| {
            parsed
                .forwarded
                .iter()
                .any(|f| in_headers(f, &c.mentee.email))
        },
        &|c| {
            names(comment, &c.mentee)
                || names(&parsed.subject, &c.mentee)
                || parsed
                    .forwarded
                    .iter()
                    .any(|f| names(&f.subject, &c.mentee))
        },
    ];
    for rule in rules {
        let hits: Vec<usize> = (0..candidates.len())
            .filter(|&i| rule(&candidates[i]))
            .collect();
        if let [only] = hits.as_slice() {
            return Some(*only);
        }
    }
    None
}

fn in_headers(forwarded: &ForwardedMessage, email: &str) -> bool {
    std::iter::once(&forwarded.from)
        .chain(&forwarded.to)
        .chain(&forwarded.cc)
        .any(|a| a.to_lowercase().contains(email))
}

/// Whether `text` names `person`: their address, full name or first name as a whole word.
fn names(text: &str, person: &Person) -> bool {
    let text = text.to_lowercase();
    if text.contains(&person.email) {
        return true;
    }
    let full = person.name.trim().to_lowercase();
    let first = person.first_name().trim().to_lowercase();
    [full, first]
        .iter()
        .filter(|n| !n.is_empty() && !n.contains('@'))
        .any(|n| contains_word(&text, n))
}

/// `needle` occurs in `hay` with no letter or digit right before or after it.
fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, m)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// `text` cut to at most `max` bytes on a character boundary.
fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n[... cut: the original was {} bytes]",
        &text[..end],
        text.len()
    )
}

async fn feedback_entry<S: Store>(
    repo: &Repo<S>,
    envelope: &Envelope,
    parsed: &ParsedMail,
    sender: &str,
    mentorship: &Mentorship,
    mentee: &Person,
) -> Result<Entry, StoreError> {
    let reference = envelope.received_at.to_zoned_datetime(TimeZone::UTC).date();
    let comment = comment_of(parsed);
    let mut items = extract(comment, reference);
    let mut forwarded = Vec::new();
    let mut mentee_texts = Vec::new();
    for f in &parsed.forwarded {
        let from_mentee = f.from.to_lowercase().contains(&mentee.email);
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
            text: bounded(&f.body, MAX_TEXT),
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
        author: sender.to_string(),
        subject: parsed.subject.clone(),
        body: EntryBody::Feedback {
            comment: bounded(comment, MAX_TEXT),
            forwarded,
            items,
            context,
        },
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

/// Action items become open items; their ids derive from the message, so a retry rewrites them.
fn open_items(items: &NoteItems, mentorship: &Mentorship, envelope: &Envelope) -> Vec<OpenItem> {
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
fn goals(
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

/// What the acknowledgement lists.
struct Acknowledged {
    items: NoteItems,
    forwarded: Vec<ForwardedNote>,
    /// One per goal line of the notes.
    goal_changes: Vec<GoalChange>,
    /// Some action item is the mentee's (so their next prompt asks about it).
    mentee_has_items: bool,
}

/// What a goal line of the notes did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GoalChange {
    Added,
    NewDate,
    Unchanged,
}

fn notice_envelope(
    settings: &IngestSettings,
    envelope: &Envelope,
    parsed: &ParsedMail,
    to: &Person,
    kind: &str,
) -> NoticeEnvelope {
    NoticeEnvelope {
        from_name: settings.programme.clone(),
        from_address: settings.from_address.clone(),
        to_name: to.name.clone(),
        to_address: to.email.clone(),
        in_reply_to: parsed.message_id.clone(),
        date: envelope.received_at,
        message_id: format!(
            "{kind}.{}@{}",
            message_key(&envelope.message_id),
            settings.domain
        ),
    }
}

fn outgoing(settings: &IngestSettings, to: &Person, raw: Vec<u8>) -> OutgoingMail {
    OutgoingMail {
        from: settings.from_address.clone(),
        to: vec![to.email.clone()],
        raw,
        tags: Vec::new(),
    }
}

fn date_line(date: Option<jiff::civil::Date>) -> String {
    date.map(|d| format!(" ({})", d.strftime("%a %-d %b %Y")))
        .unwrap_or_default()
}

/// The acknowledgement: every recorded item, so a wrong match or a misread line shows at once.
fn acknowledgement(
    settings: &IngestSettings,
    envelope: &Envelope,
    parsed: &ParsedMail,
    mentor: &Person,
    mentee: &Person,
    what: &Acknowledged,
) -> OutgoingMail {
    let subject = format!("Recorded: your notes for {}", mentee.name);
    let greeting = format!("Hi {},", mentor.first_name());
    let intro = format!(
        "Your mail \"{}\" is in the timeline of your mentorship with {} <{}>. This is what I \
         recorded:",
        parsed.subject, mentee.name, mentee.email
    );
    let mut lines = Vec::new();
    for a in &what.items.action_items {
        lines.push(format!("Action item: {}", a.text));
    }
    for f in &what.items.feedback {
        lines.push(format!("{}: {}", f.heading, f.text));
    }
    for (g, change) in what.items.goals.iter().zip(&what.goal_changes) {
        let note = match change {
            GoalChange::Added => "",
            GoalChange::NewDate => " (already a goal, new date)",
            GoalChange::Unchanged => " (already a goal)",
        };
        lines.push(format!("Goal: {}{}{note}", g.text, date_line(g.target)));
    }
    if let Some(next) = &what.items.next_session {
        lines.push(format!(
            "Next session: {}{}",
            next.text,
            date_line(next.date)
        ));
    }
    for f in &what.forwarded {
        let who = if f.from_mentee {
            format!("{}'s mail", mentee.first_name())
        } else {
            "Forwarded".to_string()
        };
        lines.push(format!(
            "{who}: \"{}\" from {} {}",
            f.subject, f.from, f.date
        ));
    }
    if lines.is_empty() {
        lines.push(
            "Your comment, as written (no action items, feedback headings or goals found)".into(),
        );
    }
    let mut after = Vec::new();
    if what.mentee_has_items {
        after.push(format!(
            "{}'s next reflection prompt asks how the action items went.",
            mentee.first_name()
        ));
    }
    after.push(format!(
        "Not about {}? Forward your notes again with the right mentee's name on the first line, \
         and ask your programme coordinator to remove this entry.",
        mentee.first_name()
    ));
    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for line in &lines {
        text.push_str(&format!("- {line}\n"));
    }
    for p in &after {
        text.push_str(&format!("\n{p}\n"));
    }
    let rendered = Rendered {
        html: render::html_page(&[greeting, intro], &lines, &after),
        subject,
        text,
    };
    let env = notice_envelope(settings, envelope, parsed, mentor, "ack");
    outgoing(settings, mentor, render::notice_to_mime(&env, &rendered))
}

/// A mentor with several mentees whose mail names none (or several): mark the message seen,
/// and only the delivery that marked it asks which mentee.
async fn ask_which_mentee<S: Store, M: Mailer>(
    repo: &Repo<S>,
    mailer: &M,
    settings: &IngestSettings,
    envelope: &Envelope,
    parsed: &ParsedMail,
    mentor: &Person,
    candidates: &[Candidate],
) -> Result<IngestOutcome, IngestError> {
    let marked = repo
        .store()
        .write(vec![crate::ingest::seen_marker(
            envelope,
            "notes: asked which mentee".into(),
        )?])
        .await;
    match marked {
        Ok(()) => {}
        Err(StoreError::ConditionFailed) => return Ok(IngestOutcome::Duplicate),
        Err(e) => return Err(e.into()),
    }
    let notes_address = format!("{}@{}", settings.notes_local_part, settings.domain);
    let greeting = format!("Hi {},", mentor.first_name());
    let intro = format!(
        "Your mail \"{}\" to {notes_address} was not recorded: you mentor several people and it \
         does not say which one it is about. Your mentees:",
        parsed.subject
    );
    let mentees: Vec<String> = candidates
        .iter()
        .map(|c| format!("{} <{}>", c.mentee.name, c.mentee.email))
        .collect();
    let example = candidates
        .first()
        .map(|c| c.mentee.name.clone())
        .unwrap_or_default();
    let ask = format!(
        "Please forward it again to {notes_address} with the mentee's name on the first line \
         (for example \"{example}\")."
    );
    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for m in &mentees {
        text.push_str(&format!("- {m}\n"));
    }
    text.push_str(&format!("\n{ask}\n"));
    let rendered = Rendered {
        subject: format!("Which mentee? {}", parsed.subject),
        html: render::html_page(&[greeting, intro], &mentees, &[ask]),
        text,
    };
    let env = notice_envelope(settings, envelope, parsed, mentor, "which");
    let mail = outgoing(settings, mentor, render::notice_to_mime(&env, &rendered));
    if let Err(e) = mailer.send(&mail).await {
        tracing::warn!(mentor = %mentor.email, error = %e, "which-mentee reply not sent");
    }
    Ok(IngestOutcome::Rejected(Rejection::AmbiguousMentee {
        sender: mentor.email.clone(),
        mentees: candidates.iter().map(|c| c.mentee.email.clone()).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(email: &str, name: &str) -> Person {
        Person {
            email: email.into(),
            name: name.into(),
            time_zone: "UTC".into(),
            status: Default::default(),
            paused_until: None,
        }
    }

    #[test]
    fn names_match_whole_words_addresses_and_full_names() {
        let sam = person("sam@example.org", "Sam Rivera");
        assert!(names("Notes for Sam", &sam));
        assert!(names("sam rivera, 23 nov", &sam));
        assert!(names("cc sam@example.org", &sam));
        assert!(!names("Samantha's notes", &sam));
        assert!(!names("same as before", &sam));
        assert!(!names("", &sam));
    }

    #[test]
    fn a_batch_touches_each_key_once() {
        use crate::store::{Condition, Item, Key};
        let put = |pk: &str, sk: &str, n: i64| Write::Put {
            item: Item {
                key: Key::new(pk, sk),
                due: None,
                expires_at: Some(n),
                body: Default::default(),
            },
            condition: Condition::None,
        };
        let writes = one_write_per_key(vec![
            put("M#1", "GOAL#a", 1),
            put("M#1", "CONTEXT", 2),
            put("M#1", "GOAL#b", 3),
            put("M#1", "CONTEXT", 4),
        ]);
        let kept: Vec<_> = writes
            .iter()
            .map(|w| match w {
                Write::Put { item, .. } => (item.key.sk.as_str(), item.expires_at),
                _ => ("", None),
            })
            .collect();
        assert_eq!(
            kept,
            [
                ("GOAL#a", Some(1)),
                ("CONTEXT", Some(2)),
                ("GOAL#b", Some(3))
            ]
        );
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        let text = "é".repeat(10);
        let cut = bounded(&text, 5);
        assert!(cut.starts_with("éé"));
        assert!(cut.contains("20 bytes"));
        assert_eq!(bounded("short", 5), "short");
    }
}

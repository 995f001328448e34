//! A mentee's timeline as an admin reads it: goals, open items, what was sent, reflections,
//! feedback and events merged by time, and what is due next; as text or as JSON.

use std::fmt::Write as _;

use jiff::Timestamp;

use super::attachments;
use super::decision_log::decision_log;
use super::entries::entry_id;
use super::lookup::{LookupError, find_mentorship};
use crate::archive::{Archive, NoArchive};
use crate::domain::entry::Answer;
use crate::domain::feedback::NoteItems;
use crate::domain::{EntryBody, EventKind, Goal, SendOutcome, Task, Zone};
use crate::store::Store;
use crate::store::repo::Repo;

/// `at` in zone `tz`, as people read it.
pub fn local(at: Timestamp, zone: &Zone) -> String {
    at.to_zoned_datetime(zone.tz())
        .strftime("%a %-d %b %Y %H:%M %Z")
        .to_string()
}

/// One goal as a line: `[open] Title (by 2027-01-15)`.
pub fn goal_line(goal: &Goal) -> String {
    let status = goal.status.as_str();
    match goal.target {
        Some(t) => format!("[{status}] {} (by {t})", goal.title),
        None => format!("[{status}] {}", goal.title),
    }
}

/// The structured items of a feedback entry, one indented line each.
fn feedback_items(items: &NoteItems) -> String {
    let mut lines = Vec::new();
    for a in &items.action_items {
        lines.push(format!("action item: {}", a.text));
    }
    for f in &items.feedback {
        lines.push(format!("{}: {}", f.heading.to_lowercase(), f.text));
    }
    for g in &items.goals {
        match g.target {
            Some(t) => lines.push(format!("goal: {} (target {t})", g.text)),
            None => lines.push(format!("goal: {}", g.text)),
        }
    }
    if let Some(next) = &items.next_session {
        match next.date {
            Some(d) => lines.push(format!("next session: {} ({d})", next.text)),
            None => lines.push(format!("next session: {}", next.text)),
        }
    }
    lines.iter().map(|l| format!("\n      * {l}")).collect()
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A mentee's timeline as text (or JSON).
pub async fn timeline<S: Store>(
    repo: &Repo<S>,
    mentee: &str,
    mentor: Option<&str>,
    json: bool,
) -> Result<String, LookupError> {
    timeline_with_files(repo, &NoArchive, mentee, mentor, json).await
}

/// The timeline with a link to each kept file through `archive` (see `admin::attachments`).
pub async fn timeline_with_files<S: Store, A: Archive>(
    repo: &Repo<S>,
    archive: &A,
    mentee: &str,
    mentor: Option<&str>,
    json: bool,
) -> Result<String, LookupError> {
    let (mentorship, mentee) = find_mentorship(repo, mentee, mentor).await?;
    let mentor = repo
        .person(&mentorship.mentor)
        .await?
        .ok_or_else(|| LookupError::Missing("the mentor's profile".into()))?;
    let goals = repo.goals(&mentorship.id).await?;
    let entries = repo.timeline(&mentorship.id).await?;
    let links = attachments::links(archive, &entries).await;
    let sent = repo.sent(&mentorship.id).await?;
    let schedule = repo.schedule(&mentorship.id).await?;
    let open_items = repo.open_items(&mentorship.id).await?;
    let events = repo.events(&mentorship.id).await?;
    let decisions = decision_log(&repo.decisions(&mentorship.id).await?, &schedule, &sent);
    if json {
        let json = serde_json::json!({
            "mentorship": mentorship,
            "mentor": mentor,
            "mentee": mentee,
            "goals": goals,
            "sent": sent,
            // Each with the id `entry remove` takes.
            "entries": entries
                .iter()
                .map(|e| {
                    let mut value = serde_json::to_value(e)?;
                    value["id"] = serde_json::Value::String(entry_id(e));
                    attachments::with_links(&mut value, &links);
                    Ok(value)
                })
                .collect::<Result<Vec<_>, serde_json::Error>>()?,
            "schedule": schedule,
            "open_items": open_items,
            // Timeline events (commands, goal answers, items closed by mail), oldest first.
            "events": events,
            "decisions": decisions,
        });
        return Ok(serde_json::to_string_pretty(&json)? + "\n");
    }
    let tz = &mentee.time_zone;
    let mut s = String::new();
    writeln!(
        s,
        "Mentorship {}: {} <{}> mentors {} <{}>, {} at {} {}",
        mentorship.id,
        mentor.name,
        mentor.email,
        mentee.name,
        mentee.email,
        mentorship.cadence,
        mentorship.prompt_time.strftime("%H:%M"),
        tz
    )?;
    writeln!(s, "\nGoals:")?;
    if goals.is_empty() {
        writeln!(s, "  (none yet)")?;
    }
    for goal in &goals {
        writeln!(s, "  {}", goal_line(goal))?;
    }
    if !open_items.is_empty() {
        writeln!(s, "\nOpen items (from mentor's notes):")?;
        for item in &open_items {
            let due = item
                .due
                .map(|d| format!(" (due {})", d.strftime("%a %-d %b %Y")))
                .unwrap_or_default();
            writeln!(
                s,
                "  #{} [{}] {}{due}",
                item.number.unwrap_or_default(),
                item.id,
                item.text
            )?;
        }
    }
    if !decisions.is_empty() {
        writeln!(s, "\nDecisions:")?;
        for logged in &decisions {
            let d = &logged.decision;
            writeln!(s, "  {} {}", local(d.decided_at, tz), d.text)?;
            for f in &logged.follow_ups {
                match f.at {
                    Some(at) => writeln!(
                        s,
                        "    {}-day follow-up: {} {}",
                        f.days,
                        f.status,
                        local(at, tz)
                    )?,
                    None => writeln!(s, "    {}-day follow-up: {}", f.days, f.status)?,
                }
            }
            for outcome in &d.outcomes {
                writeln!(
                    s,
                    "    outcome ({}): {}",
                    local(outcome.at, tz),
                    outcome.text
                )?;
            }
        }
    }
    // Sent mail and entries, merged by time.
    let mut rows: Vec<(Timestamp, String)> = Vec::new();
    for m in &sent {
        let what = match &m.outcome {
            SendOutcome::Sent { .. } => {
                format!("sent {}: \"{}\"", m.kind.label(), m.subject)
            }
            SendOutcome::Skipped { reason } => format!("skipped {} ({reason})", m.kind),
            SendOutcome::Rejected { reason } => format!("rejected {} ({reason})", m.kind),
        };
        rows.push((m.due_at, what));
    }
    for e in &entries {
        let what = match &e.body {
            EntryBody::Reflection {
                prompt,
                text,
                answers,
                decision,
            } => {
                let mut w = match decision {
                    Some(_) => format!("reflection from {} (outcome of a decision)", e.author),
                    None => format!("reflection from {} (reply to prompt #{prompt})", e.author),
                };
                // Inline answers are shown under their questions; of the text only what came
                // before the first answer is shown again.
                let preface = answers
                    .iter()
                    .filter_map(|a| text.find(a.answer.as_str()))
                    .min()
                    .map_or(text.as_str(), |at| &text[..at])
                    .trim();
                if !preface.is_empty() {
                    write!(w, "\n{}", indent(preface))?;
                }
                for Answer {
                    question: q,
                    answer: a,
                } in answers
                {
                    write!(w, "\n      Q: {q}\n{}", indent(a))?;
                }
                w
            }
            EntryBody::Feedback {
                comment,
                forwarded,
                items,
                context,
            } => {
                let mut w = format!("feedback from {}", e.author);
                if !comment.is_empty() {
                    write!(w, "\n{}", indent(comment))?;
                }
                for f in forwarded {
                    let label = if f.from_mentee {
                        "mentee's mail"
                    } else {
                        "forwarded"
                    };
                    write!(
                        w,
                        "\n      {label}: {} \"{}\" {}\n{}",
                        f.from,
                        f.subject,
                        f.date,
                        indent(&f.text)
                    )?;
                }
                if let Some(context) = context {
                    write!(w, "\n      comments on the reflection of message {context}")?;
                }
                write!(w, "{}", feedback_items(items))?;
                w
            }
        };
        let what = match &e.overflow {
            Some(overflow) => format!(
                "{what}\n      (cut to fit the record; the whole entry, {} bytes: {})",
                overflow.bytes, overflow.location
            ),
            None => what,
        };
        let what = what + &attachments::text_lines(e, &links);
        rows.push((e.at, what));
    }
    for event in events {
        let what = match event.kind {
            EventKind::Admin => format!("admin: {}", event.detail),
            EventKind::Preferences => format!("preferences page: {}", event.detail),
            EventKind::ItemDone | EventKind::ItemDropped | EventKind::ItemMoved => {
                format!("action item {}", event.detail)
            }
            EventKind::ItemNotMatched => format!(
                "mentee wrote \"{}\": no single open action item matched, nothing closed",
                event.detail
            ),
            kind => format!("mentee asked: {kind} {}", event.detail),
        };
        rows.push((event.at, what));
    }
    rows.sort_by_key(|(at, _)| *at);
    writeln!(s, "\nTimeline:")?;
    if rows.is_empty() {
        writeln!(s, "  (nothing yet)")?;
    }
    for (at, what) in rows {
        writeln!(s, "  {}  {what}", local(at, tz))?;
    }
    writeln!(s, "\nNext:")?;
    let mut schedule = schedule;
    schedule.sort_by_key(|item| item.due_at);
    for item in schedule {
        let what = match &item.task {
            Task::Prompt { seq, .. } => format!("prompt #{seq}"),
            Task::Kickoff => "kickoff (asks for goals)".to_string(),
            Task::MentorAlert { .. } => "mentor alert".to_string(),
            Task::Digest { .. } => "mentor digest".to_string(),
            Task::Recap { month } => format!("recap of {}", month.strftime("%B %Y")),
            Task::ProgrammeSummary { admin, .. } => format!("programme summary to {admin}"),
            Task::DecisionFollowUp { decision, days, .. } => {
                format!("{days}-day follow-up: {decision}")
            }
            Task::GoalReminder { goal_id, .. } => {
                let title = goals
                    .iter()
                    .find(|g| &g.id == goal_id)
                    .map(|g| g.title.as_str())
                    .unwrap_or(goal_id);
                format!("goal reminder: {title}")
            }
        };
        writeln!(s, "  {}  {what}", local(item.due_at, tz))?;
    }
    Ok(s)
}

//! The weekly programme summary to each of a programme's admins.
//!
//! A programme-level schedule item per admin (`PROGRAMME#<programme>` / `SCHEDULE#SUMMARY#<admin>`,
//! created by `mentormail programme admins set`) sits in the due index like any item, so a run
//! finds it without scanning, claims it, and completes it with its sent record
//! (`SENT#<due>#SUMMARY#<admin>`) and its move to the next Monday in one conditional write: a
//! retried or concurrent run cannot send it twice, and SES's acknowledgement of the occurrence
//! covers a run that died between the send and that write. One admin per item keeps every
//! occurrence one mail, as the acknowledgement needs.
//!
//! The figures are the report's (`mentormail report`): the pair directory's query, then one
//! query of each of the programme's pairs and their profiles by batch; no scan. They are read
//! once per admin (admins are few), with the programme's settings (one read: is the admin still
//! on the list?).

use jiff::{SignedDuration, Timestamp};

use super::deliver::{give_back, send_with_backoff};
use super::lease::drop_claimed;
use super::report::{RunReport, SentSummary};
use super::{MailOut, ScheduleSettings};
use crate::domain::programme::next_summary_due;
use crate::domain::{Scheduled, SendOutcome, SentMail, Task};
use crate::mail::render::{self, AtRiskLine, FooterLinks, NoticeEnvelope, ProgrammeSummaryView};
use crate::mailer::{Mailer, OutgoingMail, SendError};
use crate::report::{Report, Scope, compute};
use crate::store::records::{OCCURRENCE_TAG, SendAck, occurrence_id};
use crate::store::repo::{Claimed, Held, PairHistory, Repo};
use crate::store::{Store, StoreError};

/// Send (or, with SES's acknowledgement, record) the summary of a claimed summary item, and move
/// the item to the next week. An admin taken off the list loses the item instead.
pub async fn deliver<S: Store, M: Mailer>(
    flow: &MailOut<S, M>,
    settings: &ScheduleSettings,
    now: Timestamp,
    claimed: Claimed,
    ack: Option<SendAck>,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    let repo = &flow.repo;
    let scheduled = &claimed.scheduled;
    let Task::ProgrammeSummary { programme, admin } = &scheduled.task else {
        return drop_claimed(repo, &claimed, report).await;
    };
    // Read fresh, not from the run's settings: a sender whose batch could not read them must
    // not take a summary for an admin's removal.
    let programme_settings = repo.programme_settings(programme, now).await?;
    if !programme_settings.admins.contains(admin) {
        return drop_claimed(repo, &claimed, report).await;
    }
    let view = summary_view(repo, programme, scheduled.due_at, now).await?;
    let mail = render::programme_summary(&view);
    let rendered = mail.render(&FooterLinks::default());
    let envelope = NoticeEnvelope {
        from_name: programme.clone(),
        from_address: settings.from_address.clone(),
        to_name: String::new(),
        to_address: admin.to_string(),
        in_reply_to: None,
        date: scheduled.due_at,
        message_id: format!(
            "{}.{}.{}@{}",
            scheduled.task.kind(),
            &occurrence_id(scheduled)[..16],
            scheduled.due_at.as_second(),
            settings.domain
        ),
    };
    let outgoing = OutgoingMail {
        from: settings.from_address.clone(),
        to: vec![admin.to_string()],
        raw: render::notice_to_mime(&envelope, &rendered),
        tags: vec![(OCCURRENCE_TAG.to_string(), occurrence_id(scheduled))],
    };
    let outcome = if let Some(ack) = ack {
        tracing::info!(message_id = %ack.message_id, "SES accepted this summary before; recorded, not sent again");
        report.recovered += 1;
        SendOutcome::Sent {
            message_id: ack.message_id,
        }
    } else {
        match send_with_backoff(&flow.mailer, &outgoing, &settings.throttle_backoff).await {
            Ok(message_id) => {
                report.sent.push(SentSummary {
                    mentorship_id: String::new(),
                    kind: scheduled.task.kind(),
                    to: admin.clone(),
                    subject: rendered.subject.clone(),
                    due_at: scheduled.due_at,
                    message_id: message_id.clone(),
                });
                SendOutcome::Sent { message_id }
            }
            Err(SendError::RecipientRefused(reason)) => {
                // An admin is not a participant: nobody is marked; the refusal is on record and
                // the next week tries again.
                report.rejected += 1;
                tracing::warn!(to = %admin, %reason, "admin address refused the programme summary");
                SendOutcome::Rejected { reason }
            }
            Err(e) => {
                give_back(repo, &claimed, report, e).await;
                return Ok(());
            }
        }
    };
    let sent = matches!(outcome, SendOutcome::Sent { .. });
    let record = SentMail {
        mentorship_id: String::new(),
        due_at: scheduled.due_at,
        sent_at: now,
        kind: scheduled.task.kind(),
        to: admin.clone(),
        subject: rendered.subject.clone(),
        outcome,
    };
    let next = Scheduled {
        due_at: next_summary_due(now.max(scheduled.due_at)),
        ..scheduled.clone()
    };
    match repo.complete(&claimed, &record, Some(&next), &[]).await {
        Ok(Held::Done) => {}
        Ok(Held::Raced) => {
            tracing::warn!(pk = %claimed.key.pk, sk = %claimed.key.sk, "claim expired before completion; another run owns the item");
        }
        Err(e) => {
            report.unrecorded += 1;
            tracing::error!(pk = %claimed.key.pk, sk = %claimed.key.sk, sent, error = %e, "outcome not recorded; the item is due again after its lease");
        }
    }
    Ok(())
}

/// The week a summary due at `due_at` covers: the seven days before it.
const WEEK: SignedDuration = SignedDuration::from_hours(24 * 7);

/// The programme's figures for the week before `due_at`, as the report computes them.
async fn summary_view<S: Store>(
    repo: &Repo<S>,
    programme: &str,
    due_at: Timestamp,
    now: Timestamp,
) -> Result<ProgrammeSummaryView, StoreError> {
    let utc = |t: Timestamp| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let from = utc(due_at.saturating_sub(WEEK).unwrap_or(due_at));
    let to = utc(due_at
        .saturating_sub(SignedDuration::from_hours(24))
        .unwrap_or(due_at));
    let mentorships = repo
        .all_mentorships()
        .await?
        .into_iter()
        .filter(|m| m.programme == programme)
        .collect();
    let histories = repo.pair_histories(mentorships).await?;
    let scope = Scope {
        programme: Some(programme.to_string()),
        cohort: None,
        since: Some(from),
    };
    let figures = compute(&histories, &scope, now);
    Ok(view_of(&figures, &histories, programme, from, to))
}

/// The summary's view of the report's figures: the week starting `from` for the rates, the
/// states, goals and pairs at risk as they are now.
fn view_of(
    figures: &Report,
    histories: &[PairHistory],
    programme: &str,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
) -> ProgrammeSummaryView {
    let week = figures.response.weeks.iter().find(|w| w.week == from);
    let s = figures.states;
    let states = [
        ("active", s.active),
        ("quiet", s.quiet),
        ("paused", s.paused),
        ("stopped", s.stopped),
        ("bouncing", s.bouncing),
        ("ended", s.ended),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .collect();
    let name = |id: &str, mentor: bool| {
        histories
            .iter()
            .find(|h| h.mentorship.id == id)
            .and_then(|h| {
                if mentor {
                    h.mentor.as_ref()
                } else {
                    h.mentee.as_ref()
                }
            })
            .map(|p| p.name.clone())
    };
    let h = &figures.habits;
    ProgrammeSummaryView {
        programme: programme.to_string(),
        from,
        to,
        pairs: figures.pairs,
        prompts_sent: week.map_or(0, |w| w.prompts_sent),
        answered: week.map_or(0, |w| w.answered),
        replies: week.map_or(0, |w| w.replies),
        rate: week.and_then(|w| w.rate),
        states,
        goals_open: figures.goals.open,
        goals_done: figures.goals.done,
        goals_overdue: figures.goals.overdue,
        items_open: figures.action_items.open,
        items_closed: figures.action_items.closed,
        reflections: h.reflections,
        habits: [
            ("Goals", h.goals.share),
            ("Feedback", h.feedback.share),
            ("Decisions", h.decisions.share),
            ("New experiences", h.experiences.share),
        ],
        decisions_logged: figures.decisions.logged,
        decisions_followed_up: figures.decisions.followed_up,
        at_risk: figures
            .at_risk
            .iter()
            .map(|r| AtRiskLine {
                mentee: name(&r.mentorship_id, false).unwrap_or_else(|| r.mentee.clone()),
                mentor: name(&r.mentorship_id, true).unwrap_or_else(|| r.mentor.clone()),
                last_activity: r
                    .last_activity
                    .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()),
                reasons: r.reasons.clone(),
            })
            .collect(),
    }
}

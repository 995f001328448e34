//! Render, send and record one claimed item.

use std::time::Duration;

use jiff::Timestamp;
use tracing::Instrument as _;

use super::lease::drop_claimed;
use super::pair::Pair;
use super::plan::{Plan, plan};
use super::report::{RunReport, SentSummary};
use super::{MailOut, ScheduleSettings};
use crate::domain::schedule::{in_quiet_hours, outside_quiet_hours};
use crate::domain::{PersonStatus, Scheduled, SendOutcome, SentMail, Task};
use crate::mail::footer::LinkSettings;
use crate::mail::render::{self, Envelope};
use crate::mail::token::TokenAbout;
use crate::mailer::{Mailer, OutgoingMail, SendError};
use crate::store::records::{OCCURRENCE_TAG, occurrence_id};
use crate::store::repo::{Claimed, Held, PairRead};
use crate::store::{Store, StoreError};

/// Render, send and record a claimed item for what was `read` with it. With an acknowledgement
/// the mail is recorded as sent, not sent again.
///
/// An `Err` means nothing was sent. Once the mail is out, a failing write is logged and counted
/// as `unrecorded`, never returned: retrying the item then would send it twice, while the claim
/// left in place makes it due again only after the lease.
pub async fn deliver<S: Store, M: Mailer>(
    flow: &MailOut<S, M>,
    settings: &ScheduleSettings,
    now: Timestamp,
    claimed: Claimed,
    read: PairRead,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    let span = tracing::info_span!(
        "deliver",
        mentorship = %claimed.scheduled.mentorship_id,
        task = %claimed.scheduled.task.kind()
    );
    deliver_claimed(flow, settings, now, claimed, read, report)
        .instrument(span)
        .await
}

async fn deliver_claimed<S: Store, M: Mailer>(
    flow: &MailOut<S, M>,
    settings: &ScheduleSettings,
    now: Timestamp,
    claimed: Claimed,
    read: PairRead,
    report: &mut RunReport,
) -> Result<(), StoreError> {
    let repo = &flow.repo;
    let PairRead { pair, ack, .. } = read;
    let Some(pair) = pair.filter(|p| p.mentorship.active) else {
        return drop_claimed(repo, &claimed, report).await;
    };
    let scheduled = &claimed.scheduled;
    let goal = match &scheduled.task {
        Task::GoalReminder { goal_id, .. } => {
            let goal = repo
                .goals(&scheduled.mentorship_id)
                .await?
                .into_iter()
                .find(|g| &g.id == goal_id && g.is_open());
            match goal {
                Some(goal) => Some(goal),
                None => return drop_claimed(repo, &claimed, report).await,
            }
        }
        _ => None,
    };
    let recipient = if scheduled.task.to_mentor() {
        &pair.mentor
    } else {
        &pair.mentee
    };
    let tz = recipient.time_zone.tz();
    if in_quiet_hours(now, &tz) {
        // A late run (or a lease that expired at night) must not mail anyone in their quiet
        // hours: only the item's place in the index moves; its due time, which the next due time
        // is computed from, stays.
        report.deferred += 1;
        let _ = repo.defer(&claimed, outside_quiet_hours(now, &tz)).await?;
        return Ok(());
    }
    let local_today = now.to_zoned_datetime(tz.clone()).date();
    let plan = plan(repo, settings, scheduled, &pair, goal.as_ref(), now).await?;
    let mail = outgoing(settings, scheduled, &pair, recipient, &plan);
    // Mail about the mentee stops with the mentee's own mail: a stopped mentee's mentor gets no
    // more digests or alerts about them.
    let mentee_left = matches!(
        pair.mentee.status,
        PersonStatus::Stopped | PersonStatus::Bouncing
    );
    let outcome = if !recipient.accepts_mail_on(local_today)
        || (scheduled.task.to_mentor() && mentee_left)
    {
        report.skipped += 1;
        SendOutcome::Skipped {
            reason: recipient.status.to_string(),
        }
    } else if let Some(ack) = ack {
        tracing::info!(message_id = %ack.message_id, "SES accepted this mail before; recorded, not sent again");
        report.recovered += 1;
        SendOutcome::Sent {
            message_id: ack.message_id,
        }
    } else {
        match send_with_backoff(&flow.mailer, &mail, &settings.throttle_backoff).await {
            Ok(message_id) => {
                report.sent.push(SentSummary {
                    mentorship_id: scheduled.mentorship_id.clone(),
                    kind: plan.kind,
                    to: recipient.email.clone(),
                    subject: plan.mail.subject.clone(),
                    due_at: scheduled.due_at,
                    message_id: message_id.clone(),
                });
                SendOutcome::Sent { message_id }
            }
            Err(SendError::RecipientRefused(reason)) => {
                report.rejected += 1;
                tracing::warn!(to = %recipient.email, %reason, "recipient refused; marking the person bouncing");
                // A fresh read-modify-write of the profile alone, not a write-back of the copy
                // read with the pair, which could undo a change made since.
                if let Err(e) = repo
                    .mark_bouncing(&recipient.email, &format!("rejected: {reason}"), now)
                    .await
                {
                    tracing::error!(to = %recipient.email, error = %e, "could not mark the person bouncing");
                }
                SendOutcome::Rejected { reason }
            }
            Err(e) => {
                give_back(repo, &claimed, report, e).await;
                return Ok(());
            }
        }
    };
    let sent = matches!(outcome, SendOutcome::Sent { .. });
    let (next, also) = if sent {
        (plan.next_if_sent, plan.also_if_sent)
    } else {
        (plan.next_if_not_sent, Vec::new())
    };
    let record = SentMail {
        mentorship_id: scheduled.mentorship_id.clone(),
        due_at: scheduled.due_at,
        sent_at: now,
        kind: plan.kind,
        to: recipient.email.clone(),
        subject: plan.mail.subject.clone(),
        outcome,
    };
    match repo.complete(&claimed, &record, next.as_ref(), &also).await {
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

/// Hand a claimed item back to the due index at once, for the next run; when that fails the item
/// is due again after its lease.
/// A send that did not happen (not refused by the recipient): the item goes back for a later
/// run, and nobody is marked. A broken configuration also stops the run, and the caller fails
/// it so that the alarm fires.
pub(super) async fn give_back<S: Store>(
    repo: &crate::store::repo::Repo<S>,
    claimed: &Claimed,
    report: &mut RunReport,
    error: SendError,
) {
    report.failed += 1;
    match error {
        SendError::Configuration(reason) => {
            tracing::error!(%reason, "sending misconfigured or stopped; item released, run stopped, no one marked");
            report.stopped = Some(reason);
        }
        e => tracing::warn!(error = %e, "send failed; released for the next run"),
    }
    release(repo, claimed).await;
}

pub(super) async fn release<S: Store>(repo: &crate::store::repo::Repo<S>, claimed: &Claimed) {
    if let Err(e) = repo.release(claimed).await {
        tracing::warn!(error = %e, "could not release the claim; the item is due again after the lease");
    }
}

/// The MIME mail of a plan: to the recipient, with the token (or the notes address, for mail
/// to the mentor) as Reply-To, and the footer links signed for the recipient.
fn outgoing(
    settings: &ScheduleSettings,
    scheduled: &Scheduled,
    pair: &Pair,
    recipient: &crate::domain::Person,
    plan: &Plan,
) -> OutgoingMail {
    let m = &pair.mentorship;
    // Every mail's unsubscribe stops its recipient only: mail to the mentor carries a mentor
    // token, and its replies go to the mentor's personal notes address.
    let to_mentor = recipient.email == m.mentor;
    let about = match &plan.about {
        _ if to_mentor => TokenAbout::Mentor,
        Some(about) => about.clone(),
        None => TokenAbout::Prompt(0),
    };
    // Dated by the occurrence, not the clock: a retried send renders the same mail.
    let issued = scheduled
        .due_at
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    let token_reply =
        settings
            .token_key
            .reply_address_issued(&m.id, &about, issued, &settings.domain);
    let reply_to = if to_mentor {
        settings
            .token_key
            .personal_notes_address(&m.mentor, &settings.domain)
    } else {
        token_reply.clone()
    };
    // The footer's links carry the same signed token as List-Unsubscribe: the preferences page
    // lives under the unsubscribe endpoint.
    let links = LinkSettings {
        key: &settings.token_key,
        domain: &settings.domain,
        page_url: settings.unsubscribe_url.as_deref(),
    }
    .footer(&m.id, &about, issued);
    let unsubscribe_mailto = links.stop_address.clone().unwrap_or_default();
    let envelope = Envelope {
        // Each programme sends in its own name; one deployment serves several.
        from_name: m.programme.clone(),
        from_address: settings.from_address.clone(),
        to_name: recipient.name.clone(),
        to_address: recipient.email.to_string(),
        reply_to,
        unsubscribe_mailto: unsubscribe_mailto.clone(),
        unsubscribe_url: links.unsubscribe.clone(),
        date: scheduled.due_at,
        message_id: format!(
            "{}.{}.{}@{}",
            scheduled.task.kind(),
            m.id,
            scheduled.due_at.as_second(),
            settings.domain
        ),
    };
    OutgoingMail {
        from: settings.from_address.clone(),
        to: vec![recipient.email.to_string()],
        raw: render::to_mime(&envelope, &plan.mail.render(&links)),
        tags: vec![(OCCURRENCE_TAG.to_string(), occurrence_id(scheduled))],
    }
}

pub(super) async fn send_with_backoff<M: Mailer>(
    mailer: &M,
    mail: &OutgoingMail,
    backoff: &[Duration],
) -> Result<String, SendError> {
    let mut attempt = 0;
    loop {
        match mailer.send(mail).await {
            Err(SendError::Throttled(reason)) if attempt < backoff.len() => {
                tracing::info!(%reason, attempt, "throttled; backing off");
                tokio::time::sleep(backoff[attempt]).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

//! "Nothing vanishes silently": when an authenticated participant's mail is refused for a reason
//! they can act on (an empty reply, a reply to an ended pair, a mentee writing to the notes
//! address, a participant replying to someone else's address), they get one short notice saying
//! why and what to do, at most one notice of any kind a day per person (the day's marker, shared
//! with `unverified`, is written before the send). Never to strangers, auto-replies or unauthenticated mail: the gate refuses those first,
//! and a mail that failed authentication gets `unverified`'s notice instead.

use super::envelope::Envelope;
use super::outcome::Rejection;
use super::unverified::daily_notice_marker;
use super::{IngestSettings, MailIn};
use crate::archive::Archive;
use crate::domain::Person;
use crate::domain::ids::message_key;
use crate::mail::headers::HeaderFacts;
use crate::mail::render::{self, NoticeEnvelope, Rendered};
use crate::mailer::{Mailer, OutgoingMail};
use crate::store::repo::{Changes, Committed};
use crate::store::{Store, StoreError};

/// Why the mail was not recorded and what to do, for the rejections a participant can act on.
fn explanation(rejection: &Rejection, settings: &IngestSettings) -> Option<(String, String)> {
    let notes = format!("notes@{}", settings.domain);
    Some(match rejection {
        Rejection::EmptyReply => (
            "it had no text of yours (only the quoted mail, a signature or nothing)".into(),
            "Write your answer above the quoted text and send it again.".into(),
        ),
        Rejection::EndedMentorship { .. } => (
            "the mentorship it belongs to has ended".into(),
            "Your earlier records are kept. If this is a mistake, ask your programme \
             coordinator to restart the pair."
                .into(),
        ),
        Rejection::NotAMentor { .. } => (
            format!("{notes} takes mentors' session notes, and you mentor no one here"),
            "To reflect, reply to your latest prompt; the reply address is your own.".into(),
        ),
        Rejection::SenderMismatch { .. } => (
            "it was sent to a reply address that belongs to someone else in the programme".into(),
            format!("Reply to the mail that was sent to you; mentors forward notes to {notes}."),
        ),
        _ => return None,
    })
}

/// Tell `sender` why their mail was not recorded, if they are a participant and the reason is
/// one they can act on; at most once a day.
pub async fn notify<S: Store, M: Mailer, A: Archive>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    facts: &HeaderFacts,
    rejection: &Rejection,
) -> Result<(), StoreError> {
    let Some((why, what_to_do)) = explanation(rejection, &flow.settings) else {
        return Ok(());
    };
    let Ok(sender) = &facts.sender else {
        return Ok(());
    };
    let Some(person) = flow.repo.person(sender).await? else {
        return Ok(());
    };
    let day = envelope
        .received_at
        .to_zoned_datetime(person.time_zone.tz())
        .date();
    let mut marker = Changes::new();
    marker.message_seen(
        &daily_notice_marker(sender, day),
        envelope.received_at,
        "notice: mail not recorded".into(),
    );
    if flow.repo.commit(marker).await? == Committed::Duplicate {
        return Ok(());
    }
    let mail = notice(&flow.settings, envelope, facts, &person, &why, &what_to_do);
    if let Err(e) = flow.mailer.send(&mail).await {
        tracing::warn!(error = %e, "notice of an unrecorded mail not sent");
    }
    Ok(())
}

fn notice(
    settings: &IngestSettings,
    envelope: &Envelope,
    facts: &HeaderFacts,
    to: &Person,
    why: &str,
    what_to_do: &str,
) -> OutgoingMail {
    let greeting = format!("Hi {},", to.first_name());
    let intro = format!(
        "Your mail \"{}\" to {} was not recorded: {why}.",
        facts.subject, settings.programme
    );
    let after = vec!["You get at most one such notice a day.".to_string()];
    let text = format!("{greeting}\n\n{intro}\n\n{what_to_do}\n\n{}\n", after[0]);
    let rendered = Rendered {
        subject: format!("Not recorded: {}", facts.subject),
        html: render::html_page(&[greeting, intro], &[what_to_do.to_string()], &after),
        text,
    };
    let env = NoticeEnvelope {
        from_name: settings.programme.clone(),
        from_address: settings.from_address.clone(),
        to_name: to.name.clone(),
        to_address: to.email.to_string(),
        in_reply_to: facts.message_id.clone(),
        date: envelope.received_at,
        message_id: format!(
            "not-recorded.{}@{}",
            message_key(&envelope.message_id),
            settings.domain
        ),
    };
    OutgoingMail {
        from: settings.from_address.clone(),
        to: vec![to.email.to_string()],
        raw: render::notice_to_mime(&env, &rendered),
        tags: Vec::new(),
    }
}

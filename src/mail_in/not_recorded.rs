//! "Nothing vanishes silently": when an authenticated participant's mail is refused for a reason
//! they can act on (an empty reply, a reply to an ended pair, a mentee writing to the notes
//! address, a participant replying to someone else's address), they get one short notice saying
//! why and what to do (`daily_notice`: at most one notice of any kind a day). Never strangers,
//! auto-replies or unauthenticated mail: the gate refuses those first, and a mail that failed
//! authentication gets `unverified`'s notice instead.

use super::MailIn;
use super::daily_notice::{Notice, send_once_a_day};
use super::envelope::Envelope;
use super::outcome::Rejection;
use crate::archive::Archive;
use crate::mail::headers::HeaderFacts;
use crate::mailer::Mailer;
use crate::store::{Store, StoreError};

/// Why the mail was not recorded and what to do, for the rejections a participant can act on.
fn explanation(rejection: &Rejection, domain: &str) -> Option<(String, String)> {
    let notes = format!("notes@{domain}");
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

/// Tell the sender why their mail was not recorded, if they are a participant and the reason is
/// one they can act on; at most one notice a day (`daily_notice`).
pub async fn notify<S: Store, M: Mailer, A: Archive>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    facts: &HeaderFacts,
    rejection: &Rejection,
) -> Result<(), StoreError> {
    let settings = &flow.settings;
    let Some(notice) = notice(
        rejection,
        &settings.programme,
        &settings.domain,
        &facts.subject,
    ) else {
        return Ok(());
    };
    let Ok(sender) = &facts.sender else {
        return Ok(());
    };
    send_once_a_day(flow, envelope, facts, sender, |_| notice).await
}

/// The notice about a mail whose subject was `mail_subject`, for the rejections a participant
/// can act on.
pub fn notice(
    rejection: &Rejection,
    programme: &str,
    domain: &str,
    mail_subject: &str,
) -> Option<Notice> {
    let (why, what_to_do) = explanation(rejection, domain)?;
    Some(Notice {
        kind: "not-recorded",
        subject: format!("Not recorded: {mail_subject}"),
        intro: format!("Your mail \"{mail_subject}\" to {programme} was not recorded: {why}."),
        points: vec![what_to_do],
    })
}

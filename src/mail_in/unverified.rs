//! The notice to a participant whose address an unauthenticated mail claimed: at most one a day
//! per address, so that they learn why their notes or reply went unrecorded (their domain signs
//! nothing, a forwarding service broke the signature) without a spoofer being able to flood them.

use super::envelope::Envelope;
use super::{IngestSettings, MailIn};
use crate::archive::Archive;
use crate::domain::ids::message_key;
use crate::domain::{Email, Person};
use crate::mail::authentication::Unauthenticated;
use crate::mail::headers::HeaderFacts;
use crate::mail::render::{self, NoticeEnvelope, Rendered};
use crate::mailer::{Mailer, OutgoingMail};
use crate::store::repo::{Changes, Committed};
use crate::store::{Store, StoreError};

/// The marker of the one notice a person may get in a day, whatever it is about (a mail in their
/// name that failed authentication, or a mail of theirs not recorded): notices never flood.
pub fn daily_notice_marker(sender: &Email, day: jiff::civil::Date) -> String {
    format!("notice:{sender}:{day}")
}

/// Tell `sender`, if they are a participant, that a mail in their name was not recorded; the
/// day's marker is written before the send, so a retried delivery or a second mail that day
/// sends nothing.
pub async fn notify<S: Store, M: Mailer, A: Archive>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    facts: &HeaderFacts,
    sender: &Email,
    why: Unauthenticated,
) -> Result<(), StoreError> {
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
        "notice: unauthenticated mail in their name".into(),
    );
    if flow.repo.commit(marker).await? == Committed::Duplicate {
        return Ok(());
    }
    let mail = notice(&flow.settings, envelope, facts, &person, why);
    if let Err(e) = flow.mailer.send(&mail).await {
        tracing::warn!(error = %e, "notice of an unauthenticated mail not sent");
    }
    Ok(())
}

fn notice(
    settings: &IngestSettings,
    envelope: &Envelope,
    facts: &HeaderFacts,
    to: &Person,
    why: Unauthenticated,
) -> OutgoingMail {
    let greeting = format!("Hi {},", to.first_name());
    let when = envelope
        .received_at
        .to_zoned_datetime(to.time_zone.tz())
        .strftime("%a %-d %b %Y %H:%M %Z");
    let intro = format!(
        "A mail in your name ({}), \"{}\", reached {} on {when}, but your mail provider's \
         checks did not confirm that it came from you ({why}). Nothing was recorded.",
        to.email, facts.subject, settings.programme
    );
    let reasons = vec![
        "If you sent it: your domain may not sign its mail (no DMARC, SPF or DKIM), or a \
         forwarding rule or mailing list changed it on the way. Send it again directly from \
         your mailbox, or ask your IT team to set up DMARC for your domain."
            .to_string(),
        "If you did not send it: there is nothing to do; someone else used your address and \
         it wrote nothing."
            .to_string(),
    ];
    let after = vec!["You get at most one such notice a day.".to_string()];
    let mut text = format!("{greeting}\n\n{intro}\n\n");
    for r in &reasons {
        text.push_str(&format!("- {r}\n"));
    }
    for a in &after {
        text.push_str(&format!("\n{a}\n"));
    }
    let rendered = Rendered {
        subject: format!(
            "Not recorded: a mail in your name to {}",
            settings.programme
        ),
        html: render::html_page(&[greeting, intro], &reasons, &after),
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
            "unverified.{}@{}",
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

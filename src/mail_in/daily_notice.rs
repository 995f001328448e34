//! The one notice a day a participant may get about their own mail, whatever it is about (a mail
//! in their name that failed authentication, `unverified`; a mail of theirs not recorded,
//! `not_recorded`). The day's marker is written before the send, so a retried delivery or a
//! second mail that day sends nothing, and notices never flood anyone.

use super::MailIn;
use super::envelope::Envelope;
use crate::archive::Archive;
use crate::domain::ids::message_key;
use crate::domain::{Email, Mentorship, Person, Role};
use crate::mail::headers::HeaderFacts;
use crate::mail::render::{self, NoticeEnvelope, NoticeView};
use crate::mail::token::TokenAbout;
use crate::mailer::{Mailer, OutgoingMail};
use crate::store::repo::{Changes, Committed};
use crate::store::{Store, StoreError};

/// What a notice says; the greeting and the footer are the same for all (`render::notice`).
pub struct Notice {
    /// Names the notice in its Message-ID and the log (`unverified`, `not-recorded`).
    pub kind: &'static str,
    pub subject: String,
    /// What happened, one paragraph.
    pub intro: String,
    /// What they can do, as a list.
    pub points: Vec<String>,
}

/// Send `sender`, if they are a participant, the notice `compose` writes for them, unless they
/// already had one today (in their zone).
pub async fn send_once_a_day<S: Store, M: Mailer, A: Archive>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    facts: &HeaderFacts,
    sender: &Email,
    compose: impl FnOnce(&Person) -> Notice,
) -> Result<(), StoreError> {
    let Some(person) = flow.repo.person(sender).await? else {
        return Ok(());
    };
    let day = envelope
        .received_at
        .to_zoned_datetime(person.time_zone.tz())
        .date();
    let notice = compose(&person);
    let mut marker = Changes::new();
    marker.message_seen(
        &format!("notice:{sender}:{day}"),
        envelope.received_at,
        format!("notice: {}", notice.kind),
    );
    if flow.repo.commit(marker).await? == Committed::Duplicate {
        return Ok(());
    }
    let pair = first_pair(flow, &person).await?;
    let mail = outgoing(flow, envelope, facts, &person, pair.as_ref(), notice);
    if let Err(e) = flow.mailer.send(&mail).await {
        tracing::warn!(error = %e, "notice not sent");
    }
    Ok(())
}

/// One of the person's pairs and their role in it: the notice is sent in its programme's name,
/// and its footer leads to the preferences page (which shows all their pairs).
async fn first_pair<S: Store, M, A>(
    flow: &MailIn<S, M, A>,
    person: &Person,
) -> Result<Option<(Mentorship, Role)>, StoreError> {
    for pairing in flow.repo.pairings(&person.email).await? {
        if let Some(mentorship) = flow.repo.mentorship(&pairing.mentorship_id).await? {
            return Ok(Some((mentorship, pairing.role)));
        }
    }
    Ok(None)
}

fn outgoing<S, M, A>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    facts: &HeaderFacts,
    to: &Person,
    pair: Option<&(Mentorship, Role)>,
    notice: Notice,
) -> OutgoingMail {
    let settings = &flow.settings;
    let programme = pair.map_or(settings.programme.as_str(), |(m, _)| m.programme.as_str());
    let links = pair
        .map(|(m, role)| {
            let about = match role {
                Role::Mentor => TokenAbout::Mentor,
                Role::Mentee => TokenAbout::Prompt(0),
            };
            settings.footer_links(&m.id, &about, envelope.received_at)
        })
        .unwrap_or_default();
    let rendered = render::notice(&NoticeView {
        programme,
        first_name: to.first_name(),
        subject: &notice.subject,
        intro: &notice.intro,
        points: &notice.points,
    })
    .render(&links);
    let env = NoticeEnvelope {
        from_name: programme.to_string(),
        from_address: settings.from_address.clone(),
        to_name: to.name.clone(),
        to_address: to.email.to_string(),
        in_reply_to: facts.message_id.clone(),
        date: envelope.received_at,
        message_id: format!(
            "{}.{}@{}",
            notice.kind,
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

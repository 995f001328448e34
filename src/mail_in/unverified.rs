//! The notice to a participant whose address an unauthenticated mail claimed: at most one a day
//! per address, so that they learn why their notes or reply went unrecorded (their domain signs
//! nothing, a forwarding service broke the signature) without a spoofer being able to flood them.

use super::MailIn;
use super::daily_notice::{Notice, send_once_a_day};
use super::envelope::Envelope;
use crate::archive::Archive;
use crate::domain::Email;
use crate::mail::authentication::Unauthenticated;
use crate::mail::headers::HeaderFacts;
use crate::mailer::Mailer;
use crate::store::{Store, StoreError};

/// Tell `sender`, if they are a participant, that a mail in their name was not recorded; at
/// most one notice a day (`daily_notice`).
pub async fn notify<S: Store, M: Mailer, A: Archive>(
    flow: &MailIn<S, M, A>,
    envelope: &Envelope,
    facts: &HeaderFacts,
    sender: &Email,
    why: Unauthenticated,
) -> Result<(), StoreError> {
    let programme = &flow.settings.programme;
    send_once_a_day(flow, envelope, facts, sender, |to| {
        let when = envelope
            .received_at
            .to_zoned_datetime(to.time_zone.tz())
            .strftime("%a %-d %b %Y %H:%M %Z")
            .to_string();
        notice(programme, to.email.as_ref(), &facts.subject, &when, why)
    })
    .await
}

/// The notice to `email` about a mail in their name, received `when` (their local time).
pub fn notice(
    programme: &str,
    email: &str,
    mail_subject: &str,
    when: &str,
    why: Unauthenticated,
) -> Notice {
    Notice {
        kind: "unverified",
        subject: format!("Not recorded: a mail in your name to {programme}"),
        intro: format!(
            "A mail in your name ({email}), \"{mail_subject}\", reached {programme} on {when}, \
             but your mail provider's checks did not confirm that it came from you ({why}). \
             Nothing was recorded."
        ),
        points: vec![
            "If you sent it: your domain may not sign its mail (no DMARC, SPF or DKIM), or a \
             forwarding rule or mailing list changed it on the way. Send it again directly from \
             your mailbox, or ask your IT team to set up DMARC for your domain."
                .to_string(),
            "If you did not send it: there is nothing to do; someone else used your address and \
             it wrote nothing."
                .to_string(),
        ],
    }
}

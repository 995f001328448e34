//! What the mail provider says about mail we sent (SES event publishing, through SNS): people
//! whose mail bounces for good, or who complain, are marked `bouncing` so the scheduler stops
//! mailing them; SES's Send events of scheduled mail are kept as acknowledgements, so that a
//! scheduler run that died before recording a mail SES had accepted is not followed by a second
//! copy.

use aws_lambda_events::event::sns::SnsEvent;
use jiff::Timestamp;
use serde::Deserialize;

use crate::domain::Email;
use crate::store::records::{OCCURRENCE_TAG, SendAck};
use crate::store::repo::{BounceOutcome, Changes, Repo};
use crate::store::{Store, StoreError};

/// One SES event as published to SNS. Event publishing names the kind `eventType`; the older
/// identity notifications name it `notificationType`; both carry the same bodies.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SesEvent {
    #[serde(alias = "notificationType")]
    event_type: String,
    bounce: Option<Bounce>,
    complaint: Option<Complaint>,
    mail: Option<MailInfo>,
}

/// The mail an event is about: its SES message id and the tags it was sent with.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MailInfo {
    message_id: String,
    #[serde(default)]
    tags: std::collections::HashMap<String, Vec<String>>,
}

/// The occurrence a Send event acknowledges, if it is one of the scheduler's mails (tagged with a
/// well-formed occurrence id) and names SES's message id.
fn acknowledged(event: &SesEvent) -> Option<(&str, &str)> {
    if event.event_type != "Send" {
        return None;
    }
    let mail = event.mail.as_ref()?;
    let occurrence = mail.tags.get(OCCURRENCE_TAG)?.first()?;
    let well_formed = occurrence.len() == 64
        && occurrence
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (well_formed && !mail.message_id.is_empty())
        .then_some((occurrence.as_str(), mail.message_id.as_str()))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bounce {
    /// When the bounce happened (ISO 8601); read leniently, see [`reported_at`].
    #[serde(default)]
    timestamp: Option<String>,
    bounce_type: String,
    #[serde(default)]
    bounce_sub_type: String,
    #[serde(default)]
    bounced_recipients: Vec<Recipient>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Complaint {
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(default)]
    complaint_feedback_type: Option<String>,
    #[serde(default)]
    complained_recipients: Vec<Recipient>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: String,
    #[serde(default)]
    diagnostic_code: Option<String>,
}

/// The bare address of a recipient entry (SES may give `Name <address>`).
fn bare_address(recipient: &str) -> &str {
    match (recipient.rfind('<'), recipient.rfind('>')) {
        (Some(open), Some(close)) if open < close => recipient[open + 1..close].trim(),
        _ => recipient.trim(),
    }
}

/// The people one SES event says to stop mailing, each with the reason: recipients of a
/// permanent bounce and complainants. Transient bounces, deliveries and other events: none.
fn people_to_mark(event: &SesEvent) -> Vec<(String, String)> {
    match event.event_type.as_str() {
        "Bounce" => match &event.bounce {
            Some(bounce) if bounce.bounce_type == "Permanent" => bounce
                .bounced_recipients
                .iter()
                .map(|recipient| {
                    let mut reason =
                        format!("bounce {}/{}", bounce.bounce_type, bounce.bounce_sub_type);
                    if let Some(code) = &recipient.diagnostic_code {
                        reason.push_str(": ");
                        reason.push_str(code);
                    }
                    (bare_address(&recipient.email_address).to_owned(), reason)
                })
                .collect(),
            _ => Vec::new(),
        },
        "Complaint" => match &event.complaint {
            Some(complaint) => {
                let reason = match &complaint.complaint_feedback_type {
                    Some(kind) => format!("complaint {kind}"),
                    None => "complaint".to_owned(),
                };
                complaint
                    .complained_recipients
                    .iter()
                    .map(|recipient| {
                        (
                            bare_address(&recipient.email_address).to_owned(),
                            reason.clone(),
                        )
                    })
                    .collect()
            }
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// When the provider saw the bounce or complaint, if the event says so readably: the time a
/// person's status changes at, so that a report delivered late (a retry, a replay from the
/// failure queue) never undoes an admin's later reactivation.
fn reported_at(event: &SesEvent) -> Option<Timestamp> {
    let stamp = match event.event_type.as_str() {
        "Bounce" => event.bounce.as_ref()?.timestamp.as_deref(),
        "Complaint" => event.complaint.as_ref()?.timestamp.as_deref(),
        _ => None,
    }?;
    stamp.parse().ok()
}

/// Handles one SNS batch. Malformed messages are logged and skipped (a retry cannot fix them);
/// a store failure fails the invocation so that Lambda retries it (marking is idempotent).
pub async fn handle_ses_events<S: Store>(
    repo: &Repo<S>,
    event: SnsEvent,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let mut marked = 0;
    let mut reported = 0;
    for record in event.records {
        let ses_event: SesEvent = match serde_json::from_str(&record.sns.message) {
            Ok(parsed) => parsed,
            Err(error) => {
                tracing::warn!(sns_message_id = %record.sns.message_id, %error, "not an SES event; skipped");
                continue;
            }
        };
        if let Some((occurrence, message_id)) = acknowledged(&ses_event) {
            let ack = SendAck {
                message_id: message_id.to_owned(),
                accepted_at: now,
            };
            let mut changes = Changes::new();
            changes.send_ack(occurrence, &ack);
            let _ = repo.commit(changes).await?;
            tracing::debug!(%occurrence, %message_id, "send acknowledged");
        }
        let at = reported_at(&ses_event).unwrap_or(now);
        for (email, reason) in people_to_mark(&ses_event) {
            let outcome = repo
                .mark_bouncing(&Email::normalised(&email), &reason, at)
                .await?;
            tracing::info!(%email, %reason, ?outcome, "SES feedback");
            reported += 1;
            if outcome == BounceOutcome::Marked {
                marked += 1;
            }
        }
    }
    if reported > 0 {
        use crate::metrics::{Metrics, emit};
        emit(&Metrics::of("ses-events").count("Bounces", reported));
    }
    Ok(marked)
}

#[cfg(all(test, feature = "local"))]
mod tests {
    use serde_json::{Value, json};

    use crate::domain::{Person, PersonStatus};
    use crate::store::embedded::EmbeddedStore;

    use super::*;

    fn sns_event(messages: &[Value]) -> SnsEvent {
        let records: Vec<Value> = messages
            .iter()
            .enumerate()
            .map(|(index, message)| {
                json!({
                    "EventSource": "aws:sns",
                    "EventVersion": "1.0",
                    "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:ses-events:abc",
                    "Sns": {
                        "Type": "Notification",
                        "MessageId": format!("msg-{index}"),
                        "TopicArn": "arn:aws:sns:us-east-1:123456789012:ses-events",
                        "Subject": null,
                        "Message": message.as_str().map(str::to_owned).unwrap_or_else(|| message.to_string()),
                        "Timestamp": "2026-11-26T14:00:00.000Z",
                        "SignatureVersion": "1",
                        "Signature": "x",
                        "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/cert.pem",
                        "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/unsubscribe",
                        "MessageAttributes": {}
                    }
                })
            })
            .collect();
        serde_json::from_value(json!({ "Records": records })).expect("SNS event shape")
    }

    fn bounce(kind: &str, address: &str) -> Value {
        json!({
            "eventType": "Bounce",
            "bounce": {
                "bounceType": kind,
                "bounceSubType": "General",
                "bouncedRecipients": [{
                    "emailAddress": address,
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown"
                }],
                "timestamp": "2026-11-26T13:59:00.000Z",
                "feedbackId": "0100-feedback"
            },
            "mail": {"messageId": "0100-sent", "source": "coach@example.org", "destination": [address]}
        })
    }

    async fn store_with(people: &[(&str, PersonStatus)]) -> Repo<EmbeddedStore> {
        let repo = Repo::new(EmbeddedStore::open_in_memory().expect("store"));
        for (email, status) in people {
            let person = Person {
                status: *status,
                ..Person::new(
                    Email::normalised(email),
                    "Someone",
                    crate::domain::Zone::utc(),
                )
            };
            repo.put_person(&person).await.expect("seed");
        }
        repo
    }

    async fn status(repo: &Repo<EmbeddedStore>, email: &str) -> Option<PersonStatus> {
        repo.person(&Email::normalised(email))
            .await
            .expect("get")
            .map(|p| p.status)
    }

    #[tokio::test]
    async fn permanent_bounces_and_complaints_mark_people_transient_bounces_do_not() {
        let store = store_with(&[
            ("gone@example.org", PersonStatus::Active),
            ("annoyed@example.org", PersonStatus::Active),
            ("full@example.org", PersonStatus::Active),
        ])
        .await;
        let complaint = json!({
            "notificationType": "Complaint",
            "complaint": {
                "complainedRecipients": [{"emailAddress": "Annoyed <ANNOYED@example.org>"}],
                "complaintFeedbackType": "abuse",
                "timestamp": "2026-11-26T13:59:00.000Z",
                "feedbackId": "f"
            }
        });
        let event = sns_event(&[
            bounce("Permanent", "gone@example.org"),
            complaint,
            bounce("Transient", "full@example.org"),
            bounce("Permanent", "stranger@example.org"),
            Value::String("not json at all".into()),
        ]);

        let marked =
            handle_ses_events(&store, event, "2026-11-26T14:00:00Z".parse().expect("time"))
                .await
                .expect("handled");

        assert_eq!(marked, 2);
        assert_eq!(
            status(&store, "gone@example.org").await,
            Some(PersonStatus::Bouncing)
        );
        assert_eq!(
            status(&store, "annoyed@example.org").await,
            Some(PersonStatus::Bouncing)
        );
        assert_eq!(
            status(&store, "full@example.org").await,
            Some(PersonStatus::Active)
        );
        assert_eq!(status(&store, "stranger@example.org").await, None);
    }

    #[test]
    fn reasons_name_the_bounce_and_its_diagnostic() {
        let event: SesEvent =
            serde_json::from_value(bounce("Permanent", "x@example.org")).expect("SES event");
        assert_eq!(
            people_to_mark(&event),
            vec![(
                "x@example.org".to_owned(),
                "bounce Permanent/General: smtp; 550 5.1.1 user unknown".to_owned()
            )]
        );
    }

    #[test]
    fn other_event_kinds_mark_nobody() {
        let delivery: SesEvent = serde_json::from_value(json!({
            "eventType": "Delivery",
            "delivery": {"recipients": ["x@example.org"]}
        }))
        .expect("SES event");
        assert!(people_to_mark(&delivery).is_empty());
        let bounce_without_body: SesEvent =
            serde_json::from_value(json!({"eventType": "Bounce"})).expect("SES event");
        assert!(people_to_mark(&bounce_without_body).is_empty());
    }

    #[tokio::test]
    async fn a_send_event_of_a_scheduled_mail_leaves_its_acknowledgement() {
        use crate::store::Store;
        use crate::store::records::keys;
        let raw = std::sync::Arc::new(EmbeddedStore::open_in_memory().expect("store"));
        let store = Repo::new(std::sync::Arc::clone(&raw));
        let occurrence = "ab".repeat(32);
        let send = |tags: Value| {
            json!({
                "eventType": "Send",
                "mail": {
                    "timestamp": "2026-11-30T09:00:01.000Z",
                    "messageId": "0100-sent-prompt",
                    "source": "coach@mentor.example.org",
                    "destination": ["sam@example.org"],
                    "tags": tags
                },
                "send": {}
            })
        };
        let event = sns_event(&[
            send(json!({
                "ses:configuration-set": ["mentormail"],
                (OCCURRENCE_TAG): [occurrence.clone()]
            })),
            // Not the scheduler's (an acknowledgement notice, no tag), and a malformed tag.
            send(json!({"ses:configuration-set": ["mentormail"]})),
            send(json!({ (OCCURRENCE_TAG): ["../../PERSON#x"] })),
        ]);
        let now: Timestamp = "2026-11-30T09:00:02Z".parse().expect("time");
        let marked = handle_ses_events(&store, event, now)
            .await
            .expect("handled");
        assert_eq!(marked, 0, "a send marks nobody");

        let item = raw
            .get(&keys::send_ack(&occurrence))
            .await
            .expect("get")
            .expect("the acknowledgement");
        assert_eq!(item.body["message_id"], "0100-sent-prompt");
        assert!(item.expires_at.is_some(), "acknowledgements expire");
        assert!(
            raw.get(&keys::send_ack("../../PERSON#x"))
                .await
                .expect("get")
                .is_none()
        );
    }
}

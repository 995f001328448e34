//! Both Lambda handlers end to end against moto server: raw mail in S3 plus an SES event in,
//! a record in DynamoDB out; a due item in DynamoDB in, a raw mail in moto's SES sent list out.

mod fixtures;
mod support;

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use aws_lambda_events::event::ses::SimpleEmailEvent;
use fixtures::*;
use mentormail::domain::EntryBody;
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome};
use mentormail::handlers::scheduler::SchedulerHandler;
use mentormail::ingest::{IngestOutcome, Rejection};
use mentormail::send::ses::SesMailer;
use mentormail::source::S3RawMail;
use mentormail::store::repo::Repo;

const EVENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/infra/events");

/// The documented SES event with this test's message id, recipient and sender.
fn ses_event(message_id: &str, recipient: &str, dmarc: &str) -> SimpleEmailEvent {
    let text = std::fs::read_to_string(format!("{EVENTS}/ses-receipt-reply.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let ses = &mut json["Records"][0]["ses"];
    ses["mail"]["messageId"] = message_id.into();
    ses["mail"]["destination"] = serde_json::json!([recipient]);
    ses["receipt"]["recipients"] = serde_json::json!([recipient]);
    ses["receipt"]["dmarcVerdict"]["status"] = dmarc.into();
    serde_json::from_value(json).expect("the sample event parses as an SES event")
}

#[tokio::test]
async fn inbound_handler_reads_s3_and_writes_one_reflection_to_dynamodb() {
    let sdk = support::sdk_config().await;
    let s3 = mentormail::aws::s3_client(&sdk);
    let bucket = support::create_bucket(&s3).await;
    let repo = Repo::new(support::dynamo_store().await);
    let mentorship = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let settings = settings();
    let reply_to = settings.token_key.reply_address(&mentorship.id, 1, DOMAIN);

    let message_id = support::unique_name("sesmsg").replace('-', "");
    let raw = reply(
        MENTEE,
        &reply_to,
        "gmail-1@mail.example",
        "Shadowed the pricing review today.",
    );
    s3.put_object()
        .bucket(&bucket)
        .key(format!("inbound/{message_id}"))
        .body(raw.into())
        .send()
        .await
        .unwrap();

    let handler = InboundHandler {
        repo,
        source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
        mailer: SesMailer::new(mentormail::aws::sesv2_client(&sdk), None),
        settings: settings.ingest(),
    };
    let event = ses_event(&message_id, &reply_to, "PASS");
    let results = handler.handle(event.clone()).await.unwrap();
    assert!(
        matches!(&results[0].outcome, RecordOutcome::Ingested(IngestOutcome::Recorded { entry, .. }) if entry == "reflection"),
        "{results:?}"
    );
    // SES (or Lambda) delivering the same event again writes nothing new.
    let again = handler.handle(event).await.unwrap();
    assert_eq!(
        again[0].outcome,
        RecordOutcome::Ingested(IngestOutcome::Duplicate)
    );

    let timeline = handler.repo.timeline(&mentorship.id).await.unwrap();
    assert_eq!(timeline.len(), 1);
    assert!(matches!(&timeline[0].body,
        EntryBody::Reflection { text, prompt: 1, .. } if text == "Shadowed the pricing review today."));

    // DMARC failure: logged and refused, nothing written.
    let spoof_id = support::unique_name("sesmsg").replace('-', "");
    s3.put_object()
        .bucket(&bucket)
        .key(format!("inbound/{spoof_id}"))
        .body(reply(MENTEE, &reply_to, "spoof@x", "fake").into())
        .send()
        .await
        .unwrap();
    let refused = handler
        .handle(ses_event(&spoof_id, &reply_to, "FAIL"))
        .await
        .unwrap();
    assert_eq!(
        refused[0].outcome,
        RecordOutcome::Ingested(IngestOutcome::Rejected(Rejection::FailedVerdict {
            check: "dmarc".into()
        }))
    );
    // A message id whose object is missing (or crafted): a clear outcome, no panic, no write.
    let missing = handler
        .handle(ses_event("doesnotexist", &reply_to, "PASS"))
        .await
        .unwrap();
    assert!(
        matches!(missing[0].outcome, RecordOutcome::Unreadable { .. }),
        "{missing:?}"
    );
    let crafted = handler
        .handle(ses_event("../secrets", &reply_to, "PASS"))
        .await
        .unwrap();
    assert!(
        matches!(crafted[0].outcome, RecordOutcome::Unreadable { .. }),
        "{crafted:?}"
    );
    assert_eq!(
        handler.repo.timeline(&mentorship.id).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn scheduler_handler_sends_the_due_prompt_through_ses_once() {
    let sdk = support::sdk_config().await;
    let ses = mentormail::aws::sesv2_client(&sdk);
    let mut settings = settings();
    // A sender of this test's own, so its mail is easy to find among other tests'.
    let sender = format!("{}@{DOMAIN}", support::unique_name("coach"));
    settings.from_address = sender.clone();
    support::verify_identity(&ses, &sender).await;
    let repo = Repo::new(support::dynamo_store().await);
    let mentorship = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;

    let handler = SchedulerHandler {
        repo,
        mailer: SesMailer::new(ses, None),
        settings: settings.schedule(),
    };
    let text = std::fs::read_to_string(format!("{EVENTS}/scheduled.json")).unwrap();
    let event: EventBridgeEvent<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let now = ts("2026-11-30T09:00:20Z");
    let report = handler.handle(event.clone(), now).await.unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");
    let again = handler.handle(event, now).await.unwrap();
    assert!(again.sent.is_empty(), "a rerun sends nothing: {again:?}");

    let mine: Vec<_> = support::sent_raw_messages()
        .into_iter()
        .filter(|m| m.source.contains(&sender))
        .collect();
    assert_eq!(mine.len(), 1, "exactly one mail in moto's sent list");
    let raw = mine[0].raw_data.replace("\r\n ", " ").replace("\n ", " ");
    let reply_to = settings.token_key.reply_address(&mentorship.id, 1, DOMAIN);
    for header in [
        format!("Reply-To: <{reply_to}>"),
        "Auto-Submitted: auto-generated".to_string(),
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click".to_string(),
        format!("To: \"Sam Rivera\" <{MENTEE}>"),
    ] {
        assert!(raw.contains(&header), "missing {header} in\n{raw}");
    }
    assert_eq!(mine[0].id, report.sent[0].message_id);
    let sent = handler.repo.sent(&mentorship.id).await.unwrap();
    assert_eq!(sent.len(), 1);
}

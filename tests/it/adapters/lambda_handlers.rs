//! The Lambda handlers end to end against moto server: raw mail in S3 plus an SES event in, a
//! record in DynamoDB out; a due item in DynamoDB in, a raw mail in moto's SES sent list out; the
//! one-click unsubscribe request in, the mentee stopped in DynamoDB out (GETs and forged tokens
//! change nothing).

use mentormail::domain::{EntryBody, PersonStatus};
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome};
use mentormail::handlers::scheduler::SchedulerHandler;
use mentormail::handlers::unsubscribe::UnsubscribeHandler;
use mentormail::mail::authentication::Unauthenticated;
use mentormail::mail_in::{IngestOutcome, MailIn, Rejection};
use mentormail::mail_out::MailOut;
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

use crate::fixtures::*;
use crate::{events, moto};

#[tokio::test]
async fn inbound_handler_reads_s3_and_writes_one_reflection_to_dynamodb() {
    let sdk = moto::sdk_config().await;
    let s3 = mentormail::clients::s3_client(&sdk);
    let bucket = moto::create_bucket(&s3).await;
    let repo = Repo::new(moto::dynamo_store().await);
    let mentorship = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let settings = settings();
    let reply_to = settings.token_key.reply_address(&mentorship.id, 1, DOMAIN);

    let message_id = moto::unique_name("sesmsg").replace('-', "");
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
        mail_in: MailIn {
            repo,
            mailer: SesMailer::new(mentormail::clients::sesv2_client(&sdk), None),
            archive: mentormail::archive::s3::S3Archive::new(
                s3.clone(),
                bucket.clone(),
                "archive/",
            ),
            settings: settings.ingest(),
        },
        source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
    };
    let event = events::ses_receipt(&message_id, MENTEE, &reply_to, "PASS");
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

    let timeline = handler.mail_in.repo.timeline(&mentorship.id).await.unwrap();
    assert_eq!(timeline.len(), 1);
    assert!(matches!(&timeline[0].body,
        EntryBody::Reflection { text, prompt: 1, .. } if text == "Shadowed the pricing review today."));

    // DMARC failure: logged and refused, nothing written.
    let spoof_id = moto::unique_name("sesmsg").replace('-', "");
    s3.put_object()
        .bucket(&bucket)
        .key(format!("inbound/{spoof_id}"))
        .body(reply(MENTEE, &reply_to, "spoof@x", "fake").into())
        .send()
        .await
        .unwrap();
    let refused = handler
        .handle(events::ses_receipt(&spoof_id, MENTEE, &reply_to, "FAIL"))
        .await
        .unwrap();
    assert_eq!(
        refused[0].outcome,
        RecordOutcome::Ingested(IngestOutcome::Rejected(Rejection::Unauthenticated {
            sender: MENTEE.into(),
            why: Unauthenticated::DmarcFailed,
        }))
    );
    // A message id whose object is missing (or crafted): a clear outcome, no panic, no write.
    let missing = handler
        .handle(events::ses_receipt(
            "doesnotexist",
            MENTEE,
            &reply_to,
            "PASS",
        ))
        .await
        .unwrap();
    assert!(
        matches!(missing[0].outcome, RecordOutcome::Unreadable { .. }),
        "{missing:?}"
    );
    let crafted = handler
        .handle(events::ses_receipt("../secrets", MENTEE, &reply_to, "PASS"))
        .await
        .unwrap();
    assert!(
        matches!(crafted[0].outcome, RecordOutcome::Unreadable { .. }),
        "{crafted:?}"
    );
    assert_eq!(
        handler
            .mail_in
            .repo
            .timeline(&mentorship.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn scheduler_handler_sends_the_due_prompt_through_ses_once() {
    let sdk = moto::sdk_config().await;
    let ses = mentormail::clients::sesv2_client(&sdk);
    let mut settings = settings();
    // A sender of this test's own, so its mail is easy to find among other tests'.
    let sender = format!("{}@{DOMAIN}", moto::unique_name("coach"));
    settings.from_address = sender.clone();
    moto::verify_identity(&ses, &sender).await;
    let repo = Repo::new(moto::dynamo_store().await);
    let mentorship = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;

    let handler = SchedulerHandler {
        mail_out: MailOut {
            repo,
            mailer: SesMailer::new(ses, None),
            settings: settings.schedule(),
        },
    };
    let event = events::scheduled();
    let now = ts("2026-11-30T09:00:20Z");
    let report = handler.handle(event.clone(), now).await.unwrap();
    assert_eq!(report.sent.len(), 1, "{report:?}");
    let again = handler.handle(event, now).await.unwrap();
    assert!(again.sent.is_empty(), "a rerun sends nothing: {again:?}");

    let mine: Vec<_> = moto::sent_raw_messages()
        .into_iter()
        .filter(|m| m.source.contains(&sender))
        .collect();
    assert_eq!(mine.len(), 1, "exactly one mail in moto's sent list");
    let raw = mine[0].raw_data.replace("\r\n ", " ").replace("\n ", " ");
    let reply_to = sent_reply_address(
        &settings.token_key,
        &mentorship.id,
        &mentormail::mail::token::TokenAbout::Prompt(1),
        report.sent[0].due_at,
    );
    for header in [
        format!("Reply-To: <{reply_to}>"),
        "Auto-Submitted: auto-generated".to_string(),
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click".to_string(),
        format!("To: \"Sam Rivera\" <{MENTEE}>"),
    ] {
        assert!(raw.contains(&header), "missing {header} in\n{raw}");
    }
    assert_eq!(mine[0].id, report.sent[0].message_id);
    let sent = handler.mail_out.repo.sent(&mentorship.id).await.unwrap();
    assert_eq!(sent.len(), 1);
}

async fn status(repo: &Repo<DynamoStore>) -> PersonStatus {
    repo.person(&email(MENTEE)).await.unwrap().unwrap().status
}

#[tokio::test]
async fn a_one_click_post_stops_the_mentee_and_a_get_does_not() {
    let repo = Repo::new(moto::dynamo_store().await);
    let m = enrol_standard(&repo, ts("2026-11-26T10:00:00Z")).await;
    let settings = settings();
    let handler = UnsubscribeHandler {
        archive: None,
        repo,
        token_key: settings.token_key.clone(),
        programme: settings.programme.clone(),
    };
    let token = settings.token_key.token(&m.id, 3);
    let now = ts("2026-11-30T09:05:00Z");

    // A link scanner's GET shows the confirmation page only.
    let shown = handler
        .handle(events::unsubscribe_request(&token, "GET"), now)
        .await
        .unwrap();
    assert_eq!(shown.status_code, 200);
    assert!(shown.body.unwrap().contains("method=\"post\""));
    assert_eq!(status(&handler.repo).await, PersonStatus::Active);

    // A forged or mangled token: refused, nothing written, nothing echoed.
    let forged = token.replacen("-3-", "-4-", 1);
    let refused = handler
        .handle(events::unsubscribe_request(&forged, "POST"), now)
        .await
        .unwrap();
    assert_eq!(refused.status_code, 400);
    let junk = handler
        .handle(
            events::unsubscribe_request("<script>alert(1)</script>", "POST"),
            now,
        )
        .await
        .unwrap();
    assert_eq!(junk.status_code, 400);
    assert!(!junk.body.unwrap().contains("<script>"));
    assert_eq!(status(&handler.repo).await, PersonStatus::Active);

    // RFC 8058: a POST without the one-click body changes nothing and asks to confirm.
    for body in [None, Some("dW5zdWJzY3JpYmU=")] {
        let mut bare = events::unsubscribe_request(&token, "POST");
        bare.body = body.map(str::to_string);
        let asked = handler.handle(bare, now).await.unwrap();
        assert_eq!(asked.status_code, 400);
        assert!(asked.body.unwrap().contains("method=\"post\""));
        assert_eq!(status(&handler.repo).await, PersonStatus::Active);
    }

    let done = handler
        .handle(events::unsubscribe_request(&token, "POST"), now)
        .await
        .unwrap();
    assert_eq!(done.status_code, 200, "{:?}", done.body);
    assert_eq!(status(&handler.repo).await, PersonStatus::Stopped);
    // Pressed twice (or retried): still fine.
    let again = handler
        .handle(events::unsubscribe_request(&token, "POST"), now)
        .await
        .unwrap();
    assert_eq!(again.status_code, 200);
}

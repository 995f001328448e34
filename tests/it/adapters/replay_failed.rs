//! `replay-failed` on moto: Lambda's on-failure records (an inbound mail, an SES bounce, a
//! scheduler run) and a stranger's message in an SQS queue, handed to the handlers; run twice,
//! nothing is written or deleted twice, and what cannot be read stays in the queue.

use mentormail::archive::s3::S3Archive;
use mentormail::domain::PersonStatus;
use mentormail::handlers::inbound::InboundHandler;
use mentormail::handlers::replay::{Replayed, Replayer};
use mentormail::mail_in::MailIn;
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::repo::Repo;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::{events, moto};

/// Lambda's on-failure destination record around `payload`.
fn on_failure(payload: Value, function: &str) -> String {
    json!({
        "version": "1.0",
        "timestamp": "2026-11-26T12:00:00.000Z",
        "requestContext": {
            "requestId": moto::unique_name("req"),
            "functionArn": format!("arn:aws:lambda:us-east-1:123456789012:function:{function}:$LATEST"),
            "condition": "RetriesExhausted",
            "approximateInvokeCount": 3
        },
        "requestPayload": payload,
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": {"errorMessage": "TransactWriteItems: ThrottlingException"}
    })
    .to_string()
}

fn bounce_of(address: &str) -> Value {
    let message = json!({
        "eventType": "Bounce",
        "bounce": {
            "timestamp": "2026-11-26T11:00:00.000Z",
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": address, "diagnosticCode": "550 5.1.1 no such user"}]
        },
        "mail": {"messageId": "ses-sent-1", "tags": {}}
    });
    json!({"Records": [{
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:ses-events:abc",
        "Sns": {
            "Type": "Notification",
            "MessageId": moto::unique_name("sns"),
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:ses-events",
            "Subject": null,
            "Message": message.to_string(),
            "Timestamp": "2026-11-26T11:00:01.000Z",
            "SignatureVersion": "1",
            "Signature": "x",
            "SigningCertUrl": "https://sns.us-east-1.amazonaws.com/cert.pem",
            "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/unsubscribe",
            "MessageAttributes": {}
        }
    }]})
}

#[tokio::test]
async fn failed_invocations_are_replayed_once_and_the_unreadable_stay() {
    let sdk = moto::sdk_config().await;
    let s3 = mentormail::clients::s3_client(&sdk);
    let sqs = mentormail::clients::sqs_client(&sdk);
    let bucket = moto::create_bucket(&s3).await;
    let repo = Repo::new(moto::dynamo_store().await);
    let mentorship = enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let settings = settings();
    let reply_to = settings.token_key.reply_address(&mentorship.id, 1, DOMAIN);
    // The mail the inbound function failed on, still in the bucket.
    let message_id = moto::unique_name("sesmsg").replace('-', "");
    s3.put_object()
        .bucket(&bucket)
        .key(format!("inbound/{message_id}"))
        .body(reply(MENTEE, &reply_to, "replayed@x", "Ran the pricing test.").into())
        .send()
        .await
        .unwrap();
    let receipt =
        serde_json::to_value(events::ses_receipt(&message_id, MENTEE, &reply_to, "PASS")).unwrap();
    let queue = sqs
        .create_queue()
        .queue_name(moto::unique_name("failed"))
        .send()
        .await
        .unwrap()
        .queue_url
        .unwrap();
    let scheduled = serde_json::to_value(events::scheduled()).unwrap();
    for body in [
        on_failure(receipt, "mentormail-InboundFunction-x"),
        on_failure(bounce_of(MENTOR), "mentormail-SesEventsFunction-x"),
        on_failure(scheduled, "mentormail-SchedulerFunction-x"),
        "a message somebody put here by hand".to_string(),
    ] {
        sqs.send_message()
            .queue_url(&queue)
            .message_body(body)
            .send()
            .await
            .unwrap();
    }
    let inbound = InboundHandler {
        mail_in: MailIn {
            repo: repo.clone(),
            mailer: SesMailer::new(mentormail::clients::sesv2_client(&sdk), None),
            archive: S3Archive::new(s3.clone(), bucket.clone(), "archive/"),
            settings: settings.ingest(),
        },
        source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
    };
    let replayer = Replayer {
        inbound: &inbound,
        sqs: sqs.clone(),
    };
    let now = ts("2026-11-26T12:30:00Z");
    let first = replayer.replay_queue(&queue, now).await.unwrap();
    let results = |lines: &[mentormail::handlers::replay::ReplayLine]| {
        let mut kinds: Vec<(String, Replayed)> = lines
            .iter()
            .map(|l| (l.kind.clone(), l.result.clone()))
            .collect();
        kinds.sort_by(|a, b| a.0.cmp(&b.0));
        kinds
    };
    assert_eq!(
        results(&first),
        vec![
            ("inbound".to_string(), Replayed::Replayed),
            ("scheduler".to_string(), Replayed::Superseded),
            ("ses-events".to_string(), Replayed::Replayed),
            ("unknown".to_string(), Replayed::Unreadable),
        ],
        "{first:#?}"
    );
    assert_eq!(repo.timeline(&mentorship.id).await.unwrap().len(), 1);
    assert_eq!(
        repo.person(&email(MENTOR)).await.unwrap().unwrap().status,
        PersonStatus::Bouncing
    );

    // The same records again (as if the first run died before deleting): nothing twice.
    for body in [
        on_failure(
            serde_json::to_value(events::ses_receipt(&message_id, MENTEE, &reply_to, "PASS"))
                .unwrap(),
            "mentormail-InboundFunction-x",
        ),
        on_failure(bounce_of(MENTOR), "mentormail-SesEventsFunction-x"),
    ] {
        sqs.send_message()
            .queue_url(&queue)
            .message_body(body)
            .send()
            .await
            .unwrap();
    }
    let second = replayer.replay_queue(&queue, now).await.unwrap();
    assert_eq!(
        results(&second),
        vec![
            ("inbound".to_string(), Replayed::Replayed),
            ("ses-events".to_string(), Replayed::Replayed),
        ]
    );
    assert!(
        second[0]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("duplicate")
            || second[1]
                .detail
                .as_deref()
                .unwrap_or("")
                .contains("duplicate"),
        "the mail was already recorded: {second:#?}"
    );
    assert_eq!(repo.timeline(&mentorship.id).await.unwrap().len(), 1);
    // Only the stranger's message is left (hidden for now, not deleted).
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(&queue)
        .attribute_names(
            aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessagesNotVisible,
        )
        .send()
        .await
        .unwrap();
    let hidden = attributes
        .attributes
        .unwrap_or_default()
        .get(&aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .cloned();
    assert_eq!(hidden.as_deref(), Some("1"));
    println!(
        "replay-failed on moto: {} messages, {} replayed, 1 superseded, 1 kept; again: 2 replayed, 0 written twice",
        first.len(),
        first
            .iter()
            .filter(|l| l.result == Replayed::Replayed)
            .count()
    );
}

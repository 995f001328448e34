//! Issue 3 through the `inbound` Lambda handler against moto server: forwards in S3 plus the
//! documented SES event in; feedback, open items and goals in DynamoDB and the notices in moto's
//! SES sent list out. Each case checks that a retried event writes and sends nothing more.

mod fixtures;
mod support;

use aws_lambda_events::event::ses::SimpleEmailEvent;
use fixtures::*;
use mentormail::domain::EntryBody;
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome};
use mentormail::ingest::{IngestOutcome, Rejection};
use mentormail::send::ses::SesMailer;
use mentormail::source::S3RawMail;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

const EVENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/infra/events");
const FORWARDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mail/forwards");
const LEE: &str = "lee.park@example.org";

/// The documented SES receipt event, for a mail to the notes address from `source`.
fn ses_event(message_id: &str, source: &str, dmarc: &str) -> SimpleEmailEvent {
    let text = std::fs::read_to_string(format!("{EVENTS}/ses-receipt-reply.json")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let notes = format!("notes@{DOMAIN}");
    let ses = &mut json["Records"][0]["ses"];
    ses["mail"]["messageId"] = message_id.into();
    ses["mail"]["source"] = source.into();
    ses["mail"]["destination"] = serde_json::json!([notes]);
    ses["receipt"]["recipients"] = serde_json::json!([notes]);
    ses["receipt"]["dmarcVerdict"]["status"] = dmarc.into();
    serde_json::from_value(json).expect("the sample event parses as an SES event")
}

struct Stack {
    handler: InboundHandler<DynamoStore, SesMailer>,
    s3: aws_sdk_s3::Client,
    bucket: String,
    sender: String,
}

impl Stack {
    async fn new() -> Self {
        let sdk = support::sdk_config().await;
        let s3 = mentormail::aws::s3_client(&sdk);
        let bucket = support::create_bucket(&s3).await;
        let ses = mentormail::aws::sesv2_client(&sdk);
        let mut settings = settings();
        // A sender of this test's own, so its mail is easy to find among other tests'.
        let sender = format!("{}@{DOMAIN}", support::unique_name("notes"));
        settings.from_address = sender.clone();
        support::verify_identity(&ses, &sender).await;
        let repo = Repo::new(support::dynamo_store().await);
        enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
        Stack {
            handler: InboundHandler {
                repo,
                source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
                mailer: SesMailer::new(ses, None),
                settings: settings.ingest(),
            },
            s3,
            bucket,
            sender,
        }
    }

    /// Store `raw` as SES would and deliver its event (twice when `retry`); the outcomes.
    async fn deliver(
        &self,
        raw: Vec<u8>,
        from: &str,
        dmarc: &str,
        retry: bool,
    ) -> Vec<RecordOutcome> {
        let message_id = support::unique_name("sesmsg").replace('-', "");
        self.s3
            .put_object()
            .bucket(&self.bucket)
            .key(format!("inbound/{message_id}"))
            .body(raw.into())
            .send()
            .await
            .unwrap();
        let mut outcomes = Vec::new();
        for _ in 0..if retry { 2 } else { 1 } {
            let results = self
                .handler
                .handle(ses_event(&message_id, from, dmarc))
                .await
                .unwrap();
            outcomes.push(results[0].outcome.clone());
        }
        outcomes
    }

    /// The raw mails this test's sender sent through moto's SES, unfolded.
    fn sent(&self) -> Vec<String> {
        support::sent_raw_messages()
            .into_iter()
            .filter(|m| m.source.contains(&self.sender))
            .map(|m| m.raw_data.replace("\r\n ", " ").replace("\n ", " "))
            .collect()
    }
}

fn forward(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FORWARDS}/{name}")).unwrap()
}

/// Points 1, 2, 3 and 5: a Gmail forward through the Lambda handler, delivered twice.
#[tokio::test]
async fn a_forward_through_the_inbound_handler_is_recorded_and_acknowledged_once() {
    let stack = Stack::new().await;
    let outcomes = stack
        .deliver(forward("gmail.eml"), MENTOR, "PASS", true)
        .await;
    assert!(
        matches!(&outcomes[0], RecordOutcome::Ingested(IngestOutcome::Recorded { entry, .. }) if entry == "feedback"),
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes[1],
        RecordOutcome::Ingested(IngestOutcome::Duplicate)
    );

    let repo = &stack.handler.repo;
    let mentorship_id = mentormail::domain::ids::mentorship_id(MENTOR, MENTEE);
    let timeline = repo.timeline(&mentorship_id).await.unwrap();
    assert_eq!(timeline.len(), 1);
    let EntryBody::Feedback {
        items, forwarded, ..
    } = &timeline[0].body
    else {
        panic!("not feedback: {:?}", timeline[0]);
    };
    assert_eq!(forwarded.len(), 1);
    assert_eq!(forwarded[0].subject, "Session notes - Sam, 23 Nov");
    assert_eq!(items.action_items.len(), 3);
    assert_eq!(items.feedback.len(), 3);
    let open = repo.open_items(&mentorship_id).await.unwrap();
    assert_eq!(open.len(), 3);
    assert_eq!(
        open[0].text,
        "Sam: send the roadmap deck outline to Maya by Friday"
    );
    let goals = repo.goals(&mentorship_id).await.unwrap();
    assert_eq!(goals.len(), 1);
    assert_eq!(goals[0].target, Some(jiff::civil::date(2027, 3, 1)));

    let sent = stack.sent();
    assert_eq!(sent.len(), 1, "one acknowledgement, even after the retry");
    for header in [
        "Subject: Recorded: your notes for Sam Rivera",
        "To: \"Maya Chen\" <maya.chen@example.org>",
        "Auto-Submitted: auto-replied",
        "In-Reply-To: <CAF9qRt2mZx8bN1hV4pLs7Yd0Kw-fwd-gmail@mail.gmail.com>",
    ] {
        assert!(sent[0].contains(header), "missing {header} in\n{}", sent[0]);
    }
}

/// Point 1 on AWS: a mentor of two who names neither gets one question; a stranger and a DMARC
/// failure get nothing and write nothing.
#[tokio::test]
async fn unclear_or_untrusted_notes_write_nothing_and_the_question_is_sent_once() {
    let stack = Stack::new().await;
    let repo = &stack.handler.repo;
    enrol(
        repo,
        &person(MENTOR, "Maya Chen", "America/New_York"),
        &person(LEE, "Lee Park", "Asia/Seoul"),
        ts("2026-11-19T10:00:00Z"),
    )
    .await;
    let vague = format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: notes@{DOMAIN}\r\nSubject: Fwd: notes\r\n\
         Message-ID: <vague-aws@x>\r\nContent-Type: text/plain\r\n\r\nAction items\r\n- Book the lab\r\n"
    );
    let outcomes = stack
        .deliver(vague.into_bytes(), MENTOR, "PASS", true)
        .await;
    assert!(
        matches!(
            &outcomes[0],
            RecordOutcome::Ingested(IngestOutcome::Rejected(Rejection::AmbiguousMentee { mentees, .. })) if mentees.len() == 2
        ),
        "{outcomes:?}"
    );
    assert_eq!(
        outcomes[1],
        RecordOutcome::Ingested(IngestOutcome::Duplicate)
    );
    let sent = stack.sent();
    assert_eq!(sent.len(), 1, "asked once");
    assert!(
        sent[0].contains("Subject: Which mentee? Fwd: notes"),
        "{}",
        sent[0]
    );

    let stranger = String::from_utf8(forward("thunderbird.eml"))
        .unwrap()
        .replace(
            "From: Maya Chen <maya.chen@example.org>\r\nSubject: Fwd:",
            "From: Eve <eve@example.net>\r\nSubject: Fwd:",
        );
    let outcomes = stack
        .deliver(stranger.into_bytes(), "eve@example.net", "PASS", false)
        .await;
    assert_eq!(
        outcomes[0],
        RecordOutcome::Ingested(IngestOutcome::Rejected(Rejection::NotAMentor {
            sender: "eve@example.net".into()
        }))
    );
    let outcomes = stack
        .deliver(forward("thunderbird.eml"), MENTOR, "FAIL", false)
        .await;
    assert_eq!(
        outcomes[0],
        RecordOutcome::Ingested(IngestOutcome::Rejected(Rejection::FailedVerdict {
            check: "dmarc".into()
        }))
    );
    for id in [
        mentormail::domain::ids::mentorship_id(MENTOR, MENTEE),
        mentormail::domain::ids::mentorship_id(MENTOR, LEE),
    ] {
        assert!(repo.timeline(&id).await.unwrap().is_empty());
        assert!(repo.open_items(&id).await.unwrap().is_empty());
    }
    assert_eq!(stack.sent().len(), 1);
}

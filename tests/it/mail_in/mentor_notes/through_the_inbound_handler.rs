//! Mentors' notes through the `inbound` Lambda handler against moto server: forwards in S3 plus
//! the documented SES event in; feedback, open items and goals in DynamoDB and the notices in
//! moto's SES sent list out. Each case checks that a retried event writes and sends nothing more.

use mentormail::domain::EntryBody;
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome};
use mentormail::mail::authentication::Unauthenticated;
use mentormail::mail_in::MailIn;
use mentormail::mail_in::{IngestOutcome, Rejection};
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

use crate::fixtures::*;
use crate::{events, moto};

struct Stack {
    handler: InboundHandler<DynamoStore, SesMailer, mentormail::archive::s3::S3Archive, S3RawMail>,
    s3: aws_sdk_s3::Client,
    bucket: String,
    sender: String,
}

impl Stack {
    async fn new() -> Self {
        let sdk = moto::sdk_config().await;
        let s3 = mentormail::clients::s3_client(&sdk);
        let bucket = moto::create_bucket(&s3).await;
        let ses = mentormail::clients::sesv2_client(&sdk);
        let mut settings = settings();
        // A sender of this test's own, so its mail is easy to find among other tests'.
        let sender = format!("{}@{DOMAIN}", moto::unique_name("notes"));
        settings.from_address = sender.clone();
        moto::verify_identity(&ses, &sender).await;
        let repo = Repo::new(moto::dynamo_store().await);
        enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
        Stack {
            handler: InboundHandler {
                mail_in: MailIn {
                    repo,
                    mailer: SesMailer::new(ses, None),
                    archive: mentormail::archive::s3::S3Archive::new(
                        s3.clone(),
                        bucket.clone(),
                        "archive/",
                    ),
                    settings: settings.ingest(),
                },
                source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
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
        let message_id = moto::unique_name("sesmsg").replace('-', "");
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
                .handle(events::ses_receipt(
                    &message_id,
                    from,
                    &format!("notes@{DOMAIN}"),
                    dmarc,
                ))
                .await
                .unwrap();
            outcomes.push(results[0].outcome.clone());
        }
        outcomes
    }

    /// The raw mails this test's sender sent through moto's SES, unfolded.
    fn sent(&self) -> Vec<String> {
        moto::sent_raw_messages()
            .into_iter()
            .filter(|m| m.source.contains(&self.sender))
            .map(|m| m.raw_data.replace("\r\n ", " ").replace("\n ", " "))
            .collect()
    }
}

/// A Gmail forward through the Lambda handler, delivered twice.
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

    let repo = &stack.handler.mail_in.repo;
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

/// A mentor of two who names neither gets one question; a stranger and a DMARC
/// failure get nothing and write nothing.
#[tokio::test]
async fn unclear_or_untrusted_notes_write_nothing_and_the_question_is_sent_once() {
    let stack = Stack::new().await;
    let repo = &stack.handler.mail_in.repo;
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
        RecordOutcome::Ingested(IngestOutcome::Rejected(Rejection::Unauthenticated {
            sender: MENTOR.into(),
            why: Unauthenticated::DmarcFailed,
        }))
    );
    for id in [
        mentormail::domain::ids::mentorship_id(MENTOR, MENTEE),
        mentormail::domain::ids::mentorship_id(MENTOR, LEE),
    ] {
        assert!(repo.timeline(&id).await.unwrap().is_empty());
        assert!(repo.open_items(&id).await.unwrap().is_empty());
    }
    // The question to Maya, and the notice that a mail in her name was not authenticated.
    assert_eq!(stack.sent().len(), 2);
}

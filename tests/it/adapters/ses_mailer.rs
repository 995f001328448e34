//! The SES v2 mailer and the S3 raw-mail source against moto server, through the real SDK calls.

mod support;

use mentormail::send::ses::SesMailer;
use mentormail::send::{Mailer, OutgoingMail, SendError};
use mentormail::source::{S3RawMail, SourceError};

fn raw_mail(from: &str, to: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: Mentoring Programme <{from}>\r\n\
         To: {to}\r\n\
         Reply-To: reflect+ABCDEF234567@mentor.example.org\r\n\
         Subject: {subject}\r\n\
         Auto-Submitted: auto-generated\r\n\
         List-Unsubscribe: <https://mentor.example.org/unsubscribe/ABCDEF>\r\n\
         List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\
         \r\n\
         How did the stakeholder interview go? Caf=C3=A9 chats count too.\r\n"
    )
    .into_bytes()
}

async fn ses_client() -> aws_sdk_sesv2::Client {
    mentormail::aws::sesv2_client(&support::sdk_config().await)
}

#[tokio::test]
async fn ses_sends_raw_mail_with_our_headers() {
    let client = ses_client().await;
    let sender = format!("{}@mentor.example.org", support::unique_name("coach"));
    support::verify_identity(&client, &sender).await;
    let recipient = format!("{}@example.org", support::unique_name("mentee"));
    let subject = support::unique_name("Your weekly reflection");
    let mail = OutgoingMail {
        from: sender.clone(),
        to: vec![recipient.clone()],
        raw: raw_mail(&sender, &recipient, &subject),
        tags: vec![(
            mentormail::store::records::OCCURRENCE_TAG.to_string(),
            "0f3a9c".to_string(),
        )],
    };

    let mailer = SesMailer::new(client, None);
    let message_id = mailer.send(&mail).await.expect("SES accepts the mail");
    assert!(!message_id.is_empty());

    let sent = support::sent_raw_message(&message_id).expect("moto recorded the raw mail");
    assert_eq!(sent.source, sender);
    assert!(
        sent.destinations.contains(&recipient),
        "{:?}",
        sent.destinations
    );
    assert_eq!(sent.raw_data.as_bytes(), mail.raw.as_slice());
    for header in [
        format!("Subject: {subject}"),
        "Reply-To: reflect+ABCDEF234567@mentor.example.org".to_owned(),
        "Auto-Submitted: auto-generated".to_owned(),
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click".to_owned(),
    ] {
        assert!(sent.raw_data.contains(&header), "missing {header:?}");
    }
}

#[tokio::test]
async fn ses_refuses_an_unverified_sender_as_a_rejection() {
    let client = ses_client().await;
    let sender = format!("{}@unverified.example.org", support::unique_name("nobody"));
    let mail = OutgoingMail {
        from: sender.clone(),
        to: vec!["mentee@example.org".to_owned()],
        raw: raw_mail(&sender, "mentee@example.org", "never sent"),
        tags: Vec::new(),
    };

    let result = SesMailer::new(client, None).send(&mail).await;

    // moto answers like SES in the sandbox: MessageRejected, a per-message refusal.
    assert!(
        matches!(&result, Err(SendError::Rejected(message)) if message.contains("MessageRejected")),
        "{result:?}"
    );
    assert!(
        support::sent_raw_messages()
            .iter()
            .all(|message| message.source != sender),
        "a rejected mail must not be recorded as sent"
    );
}

#[tokio::test]
async fn ses_unreachable_endpoint_is_a_failure_to_retry() {
    // A port nothing listens on: the SDK gives up with a dispatch error, not a service error.
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(mentormail::aws::http_client())
        .endpoint_url("http://127.0.0.1:9")
        .region(aws_config::Region::new(support::TEST_REGION))
        .credentials_provider(aws_sdk_sesv2::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    let mailer = SesMailer::new(mentormail::aws::sesv2_client(&config), None);
    let mail = OutgoingMail {
        from: "coach@mentor.example.org".to_owned(),
        to: vec!["mentee@example.org".to_owned()],
        raw: raw_mail("coach@mentor.example.org", "mentee@example.org", "offline"),
        tags: Vec::new(),
    };
    let result = mailer.send(&mail).await;
    assert!(matches!(result, Err(SendError::Failed(_))), "{result:?}");
}

struct RawMailBucket {
    client: aws_sdk_s3::Client,
    source: S3RawMail,
}

async fn raw_mail_bucket() -> RawMailBucket {
    let client = mentormail::aws::s3_client(&support::sdk_config().await);
    let bucket = support::create_bucket(&client).await;
    let source = S3RawMail::new(client.clone(), bucket, "inbound/");
    RawMailBucket { client, source }
}

impl RawMailBucket {
    async fn put(&self, key: &str, bytes: &[u8]) {
        self.client
            .put_object()
            .bucket(&self.source.bucket)
            .key(key)
            .body(bytes.to_vec().into())
            .send()
            .await
            .expect("PutObject on moto");
    }
}

#[tokio::test]
async fn s3_source_fetches_the_raw_mail_of_a_message_id_byte_for_byte() {
    let bucket = raw_mail_bucket().await;
    let message_id = "0100018c2f6a2b3e-5d1c1f2a-8e0b-4c3d-9a7b-1f2e3d4c5b6a-000000";
    // Raw MIME is bytes, not text: include an 8-bit Latin-1 byte and CRLFs.
    let mut raw = b"From: mia@example.org\r\nSubject: Re: reflection\r\n\r\nCaf".to_vec();
    raw.extend_from_slice(&[0xE9, b'\r', b'\n']);
    bucket.put(&format!("inbound/{message_id}"), &raw).await;
    bucket.put("inbound/other-message", b"not this one").await;

    let fetched = bucket.source.fetch(message_id).await.expect("fetch");
    assert_eq!(fetched, raw);
}

#[tokio::test]
async fn s3_source_rejects_crafted_message_ids_before_any_request() {
    let bucket = raw_mail_bucket().await;
    bucket.put("secret/config", b"must stay unreadable").await;

    for crafted in [
        "../secret/config",
        "x/../../secret/config",
        "",
        "a b",
        "id?versionId=1",
    ] {
        let result = bucket.source.fetch(crafted).await;
        assert!(
            matches!(&result, Err(SourceError::InvalidMessageId(id)) if id == crafted),
            "{crafted:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn s3_source_reports_a_missing_object_with_its_location() {
    let bucket = raw_mail_bucket().await;
    let result = bucket.source.fetch("never-stored").await;
    match result {
        Err(error @ SourceError::NotFound { .. }) => {
            let message = error.to_string();
            assert!(message.contains(&bucket.source.bucket), "{message}");
            assert!(message.contains("inbound/never-stored"), "{message}");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn s3_source_caps_the_size_it_reads() {
    let bucket = raw_mail_bucket().await;
    bucket.put("inbound/large", &[b'x'; 4096]).await;
    let capped = bucket.source.fetch_capped("large", 1024).await;
    assert!(
        matches!(capped, Err(SourceError::TooLarge { limit: 1024, .. })),
        "{capped:?}"
    );
    let exact = bucket
        .source
        .fetch_capped("large", 4096)
        .await
        .expect("fits");
    assert_eq!(exact.len(), 4096);
}

#[tokio::test]
async fn s3_source_on_a_missing_bucket_is_a_backend_error() {
    let client = mentormail::aws::s3_client(&support::sdk_config().await);
    let source = S3RawMail::new(client, support::unique_name("no-such-bucket"), "inbound/");
    let result = source.fetch("message").await;
    assert!(
        matches!(result, Err(SourceError::Backend { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn production_config_loader_reaches_moto_through_the_environment() {
    // The Lambda functions and the CLI load their settings this way: standard credential and
    // region chain (scripts/test sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION) and
    // the endpoint override from MENTORMAIL_TEST_ENDPOINT.
    let endpoint = support::endpoint();
    for variable in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"] {
        assert!(
            std::env::var_os(variable).is_some(),
            "{variable} is not set: run `./scripts/test`, which sets the AWS test settings"
        );
    }
    let config = mentormail::aws::load_config().await;
    assert_eq!(
        config.endpoint_url().map(|url| url.trim_end_matches('/')),
        Some(endpoint.as_str())
    );

    let s3 = mentormail::aws::s3_client(&config);
    let bucket = support::create_bucket(&s3).await;
    s3.put_object()
        .bucket(&bucket)
        .key("inbound/via-env")
        .body(b"hello".to_vec().into())
        .send()
        .await
        .expect("PutObject with the production config");
    let source = S3RawMail::new(s3, bucket, "inbound/");
    assert_eq!(source.fetch("via-env").await.expect("fetch"), b"hello");
}

#[tokio::test]
async fn bounce_marking_writes_the_profile_in_dynamodb() {
    use mentormail::store::people::{BounceOutcome, mark_bouncing, person_key};
    use mentormail::store::{Condition, Item, Store, Write};

    let store = support::dynamo_store().await;
    let serde_json::Value::Object(body) =
        serde_json::json!({"type": "person", "name": "Mia", "status": "active"})
    else {
        unreachable!("object literal")
    };
    store
        .write(vec![Write::Put {
            item: Item {
                key: person_key("mia@example.org"),
                due: None,
                expires_at: None,
                body,
            },
            condition: Condition::None,
        }])
        .await
        .expect("seed profile");
    let at = "2026-11-26T14:00:00Z".parse().expect("timestamp");

    let known = mark_bouncing(&store, "MIA@example.org", "bounce Permanent/General", at)
        .await
        .expect("mark");
    let unknown = mark_bouncing(&store, "stranger@example.org", "complaint", at)
        .await
        .expect("unknown person");

    assert_eq!(
        (known, unknown),
        (BounceOutcome::Marked, BounceOutcome::UnknownPerson)
    );
    let profile = store
        .get(&person_key("mia@example.org"))
        .await
        .expect("get")
        .expect("profile");
    assert_eq!(profile.body["status"], "bouncing");
    assert_eq!(profile.body["name"], "Mia");
    assert!(
        store
            .get(&person_key("stranger@example.org"))
            .await
            .expect("get")
            .is_none()
    );
}

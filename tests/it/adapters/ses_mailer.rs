//! The SES v2 mailer against moto server, through the real SDK calls.

use mentormail::mailer::ses::SesMailer;
use mentormail::mailer::{Mailer, OutgoingMail, SendError};

use crate::moto;

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
    mentormail::clients::sesv2_client(&moto::sdk_config().await)
}

#[tokio::test]
async fn ses_sends_raw_mail_with_our_headers() {
    let client = ses_client().await;
    let sender = format!("{}@mentor.example.org", moto::unique_name("coach"));
    moto::verify_identity(&client, &sender).await;
    let recipient = format!("{}@example.org", moto::unique_name("mentee"));
    let subject = moto::unique_name("Your weekly reflection");
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

    let sent = moto::sent_raw_message(&message_id).expect("moto recorded the raw mail");
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
async fn ses_refuses_an_unverified_sender_as_configuration() {
    let client = ses_client().await;
    let sender = format!("{}@unverified.example.org", moto::unique_name("nobody"));
    let mail = OutgoingMail {
        from: sender.clone(),
        to: vec!["mentee@example.org".to_owned()],
        raw: raw_mail(&sender, "mentee@example.org", "never sent"),
        tags: Vec::new(),
    };

    let result = SesMailer::new(client, None).send(&mail).await;

    // moto answers like SES: MessageRejected, "Email address is not verified": sending itself is
    // misconfigured, which is no recipient's fault.
    assert!(
        matches!(&result, Err(SendError::Configuration(message)) if message.contains("MessageRejected")),
        "{result:?}"
    );
    assert!(
        moto::sent_raw_messages()
            .iter()
            .all(|message| message.source != sender),
        "a rejected mail must not be recorded as sent"
    );
}

#[tokio::test]
async fn ses_unreachable_endpoint_is_a_failure_to_retry() {
    // A port nothing listens on: the SDK gives up with a dispatch error, not a service error.
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(mentormail::clients::http_client())
        .endpoint_url("http://127.0.0.1:9")
        .region(aws_config::Region::new(moto::TEST_REGION))
        .credentials_provider(aws_sdk_sesv2::config::Credentials::new(
            "test", "test", None, None, "test",
        ))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    let mailer = SesMailer::new(mentormail::clients::sesv2_client(&config), None);
    let mail = OutgoingMail {
        from: "coach@mentor.example.org".to_owned(),
        to: vec!["mentee@example.org".to_owned()],
        raw: raw_mail("coach@mentor.example.org", "mentee@example.org", "offline"),
        tags: Vec::new(),
    };
    let result = mailer.send(&mail).await;
    assert!(matches!(result, Err(SendError::Transient(_))), "{result:?}");
}

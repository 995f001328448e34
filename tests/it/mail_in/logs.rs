//! What the logs may hold: at every level (TRACE included), no mail body and no token, and
//! addresses only as the values of named fields, never inside a log message. (Without the
//! functions' filter, `mentormail::logging`, the AWS SDK logs whole HTTP bodies at TRACE.) A reply, a mentor's
//! notes (acknowledged), a spoof and a scheduler run that sends a prompt, with every event
//! captured as the functions log it (JSON).

use std::io::Write;
use std::sync::{Arc, Mutex};

use mentormail::archive::s3::S3Archive;
use mentormail::handlers::inbound::InboundHandler;
use mentormail::handlers::scheduler::SchedulerHandler;
use mentormail::mail_in::MailIn;
use mentormail::mail_out::MailOut;
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::repo::Repo;
use serde_json::Value;
use tracing_subscriber::fmt::MakeWriter;

use crate::fixtures::*;
use crate::{events, moto};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

const REPLY_WORDS: &str = "Confidential: my manager and I disagree about the pricing plan";
const NOTES_WORDS: &str = "Private remark: Sam struggles with stakeholder pushback";

#[tokio::test]
async fn logs_hold_no_bodies_no_tokens_and_addresses_only_in_named_fields() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        // The functions' own filter, at the most verbose level an admin can set.
        .with_env_filter(mentormail::logging::filter(
            tracing_subscriber::filter::LevelFilter::TRACE,
        ))
        .with_current_span(true)
        .with_span_list(true)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // The functions' own handlers on moto: S3, DynamoDB and SES, as deployed.
    let sdk = moto::sdk_config().await;
    let s3 = mentormail::clients::s3_client(&sdk);
    let bucket = moto::create_bucket(&s3).await;
    let ses = mentormail::clients::sesv2_client(&sdk);
    let mut settings = settings();
    settings.from_address = format!("{}@{DOMAIN}", moto::unique_name("coach"));
    moto::verify_identity(&ses, &settings.from_address).await;
    let repo = Repo::new(moto::dynamo_store().await);
    let m = enrol_standard(&repo, ts("2026-11-19T10:00:00Z")).await;
    let scheduler = SchedulerHandler {
        mail_out: MailOut {
            repo: repo.clone(),
            mailer: SesMailer::new(ses.clone(), None),
            settings: settings.schedule(),
        },
    };
    let report = scheduler
        .handle(events::scheduled(), ts("2026-11-23T09:00:30Z"))
        .await
        .unwrap();
    assert_eq!(report.sent.len(), 1);
    let inbound = InboundHandler {
        mail_in: MailIn {
            repo: repo.clone(),
            mailer: SesMailer::new(ses, None),
            archive: S3Archive::new(s3.clone(), bucket.clone(), "archive/"),
            settings: settings.ingest(),
        },
        source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
    };
    let reply_to = settings.token_key.reply_address(&m.id, 1, DOMAIN);
    let reply = reply(MENTEE, &reply_to, "logs-reply@x", REPLY_WORDS);
    let notes = format!(
        "From: Maya Chen <{MENTOR}>\r\nTo: notes@{DOMAIN}\r\nSubject: notes for Sam Rivera\r\n\
         Message-ID: <logs-notes@x>\r\nContent-Type: text/plain\r\n\r\n{NOTES_WORDS}\r\n\r\n\
         Action items\r\n- Sam: write the pricing memo\r\n"
    );
    let spoofed = String::from_utf8(reply.clone())
        .unwrap()
        .replace(&format!("<{MENTEE}>"), "<mallory@attacker.example>");
    for (raw, from, to) in [
        (reply.clone(), MENTEE.to_string(), reply_to.clone()),
        (
            notes.into_bytes(),
            MENTOR.to_string(),
            format!("notes@{DOMAIN}"),
        ),
        (
            spoofed.into_bytes(),
            "mallory@attacker.example".to_string(),
            reply_to.clone(),
        ),
    ] {
        let message_id = moto::unique_name("logs").replace('-', "");
        s3.put_object()
            .bucket(&bucket)
            .key(format!("inbound/{message_id}"))
            .body(raw.into())
            .send()
            .await
            .unwrap();
        inbound
            .handle(events::ses_receipt(&message_id, &from, &to, "PASS"))
            .await
            .unwrap();
    }
    assert_eq!(repo.timeline(&m.id).await.unwrap().len(), 2);
    drop(_guard);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.lines().count() >= 5, "the flows logged: {logs}");
    // No body: neither what people wrote nor what we sent.
    for words in [REPLY_WORDS, NOTES_WORDS, "write the pricing memo"] {
        if let Some(line) = logs.lines().find(|l| l.contains(words)) {
            panic!(
                "a body in the logs: {words}\n{}",
                &line[..line.len().min(1500)]
            );
        }
    }
    // The prompt sent asked questions of the built-in bank: none of them is in the logs.
    for question in mentormail::domain::prompts::default_bank() {
        assert!(
            !logs.contains(&question.text),
            "the prompt's text in the logs: {}",
            question.text
        );
    }
    // No token: the signed part of any reply or notes address.
    let tokens: Vec<String> = [
        reply_to.clone(),
        settings.token_key.personal_notes_address(MENTOR, DOMAIN),
    ]
    .iter()
    .map(|a| {
        a.split('+')
            .nth(1)
            .unwrap()
            .split('@')
            .next()
            .unwrap()
            .to_string()
    })
    .collect();
    for token in &tokens {
        let mac = token.rsplit('-').next().unwrap();
        assert!(!logs.contains(mac), "a token in the logs: {mac}");
    }
    // Addresses only as named fields' values, never in a message.
    for line in logs.lines() {
        let event: Value = serde_json::from_str(line).unwrap();
        let message = event["fields"]["message"].as_str().unwrap_or_default();
        assert!(
            !message.contains('@'),
            "an address in a log message: {line}"
        );
    }
    println!(
        "logs: {} events at TRACE, 0 bodies, 0 tokens, 0 addresses in messages",
        logs.lines().count()
    );
}

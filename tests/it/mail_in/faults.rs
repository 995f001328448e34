//! Faults at the HTTP level (`fault_proxy`: throttling, server errors before and after the call
//! reached the service, slow answers) at 10, 30 and 50 % of every call to DynamoDB, S3 and SES,
//! with the SDK's retries, Lambda's (an asynchronous invocation is tried 3 times, a scheduler
//! run twice), and the failure queue replayed once the faults stop: every mail recorded exactly
//! once, every prompt sent exactly once.
//!
//! `MENTORMAIL_FAULT_MAILS` sets the mails per rate (default 120 in the suite; the figures in
//! docs/reliability.md are from 1,000).

use mentormail::archive::s3::S3Archive;
use mentormail::handlers::inbound::{InboundHandler, RecordOutcome};
use mentormail::handlers::scheduler::SchedulerHandler;
use mentormail::mail_in::{IngestOutcome, MailIn};
use mentormail::mail_out::MailOut;
use mentormail::mailer::ses::SesMailer;
use mentormail::raw_mail::s3::S3RawMail;
use mentormail::store::dynamodb::DynamoStore;
use mentormail::store::repo::Repo;

use crate::fault_proxy::FaultProxy;
use crate::fixtures::*;
use crate::{events, moto};

const PAIRS: usize = 10;

fn mails_per_rate() -> usize {
    std::env::var("MENTORMAIL_FAULT_MAILS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(120)
}

#[derive(Default, Debug)]
struct Figures {
    mails: usize,
    recorded: usize,
    lost: usize,
    duplicated: usize,
    to_failure_queue: usize,
    prompts_due: usize,
    prompts_sent_once: usize,
    duplicate_mails: usize,
    calls: usize,
    faults: usize,
}

async fn run_at(share: f64, mails: usize) -> Figures {
    let proxy = FaultProxy::start(&moto::endpoint(), 0x5eed + (share * 100.0) as u64);
    let direct = moto::sdk_config().await;
    let s3_direct = mentormail::clients::s3_client(&direct);
    let bucket = moto::create_bucket(&s3_direct).await;
    let table_store = moto::dynamo_store().await;
    let table = table_store.table.clone();
    let setup = Repo::new(table_store);
    let settings = settings();
    let now = ts("2026-11-19T10:00:00Z");
    let mut pairs = Vec::new();
    for n in 0..PAIRS {
        let mentor = person(&format!("mentor{n}@example.org"), "Mentor", "Europe/London");
        let mentee = person(&format!("mentee{n}@example.org"), "Mentee", "Europe/London");
        pairs.push((enrol(&setup, &mentor, &mentee, now).await, mentee.email));
    }
    // The raw mails, stored as SES stores them (not through the proxy).
    let mut events = Vec::new();
    for i in 0..mails {
        let (mentorship, mentee) = &pairs[i % PAIRS];
        let to = settings.token_key.reply_address(&mentorship.id, 1, DOMAIN);
        let message_id = format!("fault{}x{i}", (share * 100.0) as u32);
        let raw = reply(
            mentee.as_str(),
            &to,
            &format!("{message_id}@x"),
            &format!("Reflection {i}: ran interview {i}."),
        );
        s3_direct
            .put_object()
            .bucket(&bucket)
            .key(format!("inbound/{message_id}"))
            .body(raw.into())
            .send()
            .await
            .unwrap();
        events.push(events::ses_receipt(
            &message_id,
            mentee.as_str(),
            &to,
            "PASS",
        ));
    }

    let sdk = proxy.sdk_config().await;
    let s3 = mentormail::clients::s3_client(&sdk);
    let ses = mentormail::clients::sesv2_client(&sdk);
    let repo = Repo::new(DynamoStore::new(
        mentormail::clients::dynamodb_client(&sdk),
        &table,
    ));
    let inbound = InboundHandler {
        mail_in: MailIn {
            repo: repo.clone(),
            mailer: SesMailer::new(ses.clone(), None),
            archive: S3Archive::new(s3.clone(), bucket.clone(), "archive/"),
            settings: settings.ingest(),
        },
        source: S3RawMail::new(s3.clone(), bucket.clone(), "inbound/"),
    };
    proxy.set_share(share);
    let mut failure_queue = Vec::new();
    for event in &events {
        // SES invokes asynchronously: Lambda tries three times, then the on-failure destination.
        let mut done = false;
        for _ in 0..3 {
            if let Ok(results) = inbound.handle(event.clone()).await {
                assert!(
                    matches!(
                        results[0].outcome,
                        RecordOutcome::Ingested(
                            IngestOutcome::Recorded { .. } | IngestOutcome::Duplicate
                        )
                    ),
                    "{results:?}"
                );
                done = true;
                break;
            }
        }
        if !done {
            failure_queue.push(event.clone());
        }
    }
    // The scheduler under the same faults: a run is retried once; later ticks find the rest.
    let scheduler = SchedulerHandler {
        mail_out: MailOut {
            repo: repo.clone(),
            mailer: SesMailer::new(ses, None),
            settings: settings.schedule(),
        },
    };
    let tick = ts("2026-11-23T09:00:30Z");
    for _ in 0..2 {
        if scheduler.handle(events::scheduled(), tick).await.is_ok() {
            break;
        }
    }
    let (calls, faults) = proxy.counts();
    // The faults stop; the failure queue is replayed (replay-failed) and the next ticks run, one
    // after the claims' lease.
    proxy.set_share(0.0);
    for event in &failure_queue {
        inbound.handle(event.clone()).await.expect("replay");
    }
    // SES publishes a Send event for each mail it accepted (configuration set -> SNS ->
    // ses-events), which is what keeps a mail whose outcome was not recorded from going twice.
    for (message_id, occurrence) in proxy.sends() {
        let event = events::ses_send(&message_id, &occurrence);
        mentormail::admin::bounces::handle_ses_events(&setup, event, tick)
            .await
            .expect("a Send event stored");
    }
    for at in ["2026-11-23T09:05:30Z", "2026-11-23T09:20:30Z"] {
        scheduler
            .handle(events::scheduled(), ts(at))
            .await
            .expect("a calm tick");
    }

    let mut figures = Figures {
        mails,
        to_failure_queue: failure_queue.len(),
        prompts_due: PAIRS,
        calls,
        faults,
        ..Figures::default()
    };
    for (i, (mentorship, _)) in pairs.iter().enumerate() {
        let timeline = setup.timeline(&mentorship.id).await.unwrap();
        let expected: Vec<String> = (0..mails)
            .filter(|m| m % PAIRS == i)
            .map(|m| format!("fault{}x{m}", (share * 100.0) as u32))
            .collect();
        for id in &expected {
            match timeline.iter().filter(|e| &e.message_id == id).count() {
                0 => figures.lost += 1,
                1 => figures.recorded += 1,
                _ => figures.duplicated += 1,
            }
        }
        let sent = setup.sent(&mentorship.id).await.unwrap();
        if sent.len() == 1 {
            figures.prompts_sent_once += 1;
        }
    }
    let accepted = proxy.accepted();
    figures.duplicate_mails = accepted.values().filter(|n| **n > 1).count();
    moto::delete_table(&mentormail::clients::dynamodb_client(&direct), &table).await;
    figures
}

#[tokio::test]
async fn faults_at_10_30_and_50_percent_lose_nothing_and_duplicate_nothing() {
    let mails = mails_per_rate();
    for share in [0.1, 0.3, 0.5] {
        let f = run_at(share, mails).await;
        println!(
            "faults at {:.0} %: {} calls, {} faults injected; {} mails: {} recorded, {} lost, {} duplicated ({} via the failure queue); {} prompts due: {} sent once, {} duplicate mails",
            share * 100.0,
            f.calls,
            f.faults,
            f.mails,
            f.recorded,
            f.lost,
            f.duplicated,
            f.to_failure_queue,
            f.prompts_due,
            f.prompts_sent_once,
            f.duplicate_mails
        );
        assert!(f.faults > 0, "{f:?}");
        assert_eq!((f.recorded, f.lost, f.duplicated), (f.mails, 0, 0), "{f:?}");
        assert_eq!(f.prompts_sent_once, f.prompts_due, "{f:?}");
        assert_eq!(f.duplicate_mails, 0, "{f:?}");
    }
}
